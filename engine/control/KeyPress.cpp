// See KeyPress.h.
#include "KeyPress.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace dragoman {
namespace {

std::string quoted(std::string_view text) {
    return "\"" + std::string(text) + "\"";
}

std::string dbText(float db) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", static_cast<double>(db));
    return text;
}

std::string rangeText(LevelRange range) {
    return "a level in dB from " + dbText(range.minDb) + " to " + dbText(range.maxDb);
}

KeyPressParse refused(std::string_view problem) {
    return {std::nullopt, std::string(problem)};
}

KeyPressParse level(ConsoleKey key, float db, bool clamp) {
    const LevelRange range = levelRange(key);
    if (!std::isfinite(db))
        return refused(expectedArgument(key));
    if (clamp)
        db = std::clamp(db, range.minDb, range.maxDb);
    if (db < range.minDb || db > range.maxDb)
        return refused(expectedArgument(key));
    return {KeyPress{key, Decibels{db}}, {}};
}

} // namespace

ArgumentKind argumentKind(ConsoleKey key) {
    switch (key) {
    case ConsoleKey::Output:
        return ArgumentKind::Slot;
    case ConsoleKey::Listen:
        return ArgumentKind::Listen;
    case ConsoleKey::HeadphoneVolume:
    case ConsoleKey::Bass:
    case ConsoleKey::Treble:
    case ConsoleKey::Sidetone:
        return ArgumentKind::Level;
    case ConsoleKey::Mic:
    case ConsoleKey::Cough:
    case ConsoleKey::SlowDown:
    case ConsoleKey::Help:
    case ConsoleKey::HandoverRequest:
    case ConsoleKey::Handover:
    case ConsoleKey::Away:
    case ConsoleKey::Talkback:
        break;
    }
    return ArgumentKind::Switch;
}

LevelRange levelRange(ConsoleKey key) {
    switch (key) {
    case ConsoleKey::HeadphoneVolume:
        return kVolumeRange;
    case ConsoleKey::Bass:
    case ConsoleKey::Treble:
        return kToneRange;
    case ConsoleKey::Sidetone:
        return kSidetoneRange;
    default:
        return {0.0f, 0.0f};
    }
}

std::string_view keyName(ConsoleKey key) {
    switch (key) {
    case ConsoleKey::Mic:
        return "mic";
    case ConsoleKey::Cough:
        return "cough";
    case ConsoleKey::Output:
        return "output";
    case ConsoleKey::Listen:
        return "listen";
    case ConsoleKey::HeadphoneVolume:
        return "volume";
    case ConsoleKey::Bass:
        return "bass";
    case ConsoleKey::Treble:
        return "treble";
    case ConsoleKey::Sidetone:
        return "sidetone";
    case ConsoleKey::SlowDown:
        return "slow-down";
    case ConsoleKey::HandoverRequest:
        return "handover-request";
    case ConsoleKey::Handover:
        return "handover";
    case ConsoleKey::Away:
        return "away";
    case ConsoleKey::Talkback:
        return "talkback";
    case ConsoleKey::Help:
        break;
    }
    return "help";
}

std::string expectedArgument(ConsoleKey key) {
    switch (argumentKind(key)) {
    case ArgumentKind::Switch:
        return "expects on, off or toggle";
    case ArgumentKind::Slot:
        return "expects the outgoing channel's slot: \"a\", \"b\" or \"c\"";
    case ArgumentKind::Listen:
        return "expects \"floor\", \"auto\" or a language channel's id";
    case ArgumentKind::Level:
        break;
    }
    return "expects " + rangeText(levelRange(key));
}

std::optional<ConsoleKey> consoleKeyNamed(std::string_view name) {
    for (const ConsoleKey key : kConsoleKeys)
        if (keyName(key) == name)
            return key;
    return std::nullopt;
}

KeyPressParse parseKeyPress(ConsoleKey key, std::string_view argument) {
    switch (argumentKind(key)) {
    case ArgumentKind::Switch:
        if (argument == "on")
            return {KeyPress{key, Switch::On}, {}};
        if (argument == "off")
            return {KeyPress{key, Switch::Off}, {}};
        if (argument == "toggle")
            return {KeyPress{key, Switch::Toggle}, {}};
        return refused(expectedArgument(key) + ", got " + quoted(argument));
    case ArgumentKind::Slot:
        if (argument.size() == 1 && argument[0] >= 'a' && argument[0] < 'a' + kMaxOutputSlots)
            return {KeyPress{key, static_cast<OutputSlot>(argument[0] - 'a')}, {}};
        return refused(expectedArgument(key));
    case ArgumentKind::Listen:
        if (argument.empty())
            return refused(expectedArgument(key));
        return {KeyPress{key, parseListenChoice(argument)}, {}};
    case ArgumentKind::Level:
        break;
    }
    float db = 0.0f;
    const auto [end, error] =
        std::from_chars(argument.data(), argument.data() + argument.size(), db);
    if (error != std::errc() || end != argument.data() + argument.size())
        return refused(expectedArgument(key) + ", got " + quoted(argument));
    return level(key, db, false);
}

KeyPressParse parseKeyPress(std::string_view key, std::string_view argument) {
    const auto named = consoleKeyNamed(key);
    if (!named)
        return refused("unknown console key " + quoted(key));
    return parseKeyPress(*named, argument);
}

KeyPressParse keyPressFromNumber(ConsoleKey key, float number, bool clamp) {
    switch (argumentKind(key)) {
    case ArgumentKind::Switch:
        return {KeyPress{key, number != 0.0f ? Switch::On : Switch::Off}, {}};
    case ArgumentKind::Slot:
    case ArgumentKind::Listen:
        return refused(expectedArgument(key));
    case ArgumentKind::Level:
        break;
    }
    return level(key, number, clamp);
}

std::string formatArgument(const KeyArgument& argument) {
    if (const auto* s = std::get_if<Switch>(&argument))
        return *s == Switch::On ? "on" : *s == Switch::Off ? "off" : "toggle";
    if (const auto* slot = std::get_if<OutputSlot>(&argument))
        return std::string(1, static_cast<char>('a' + static_cast<int>(*slot)));
    if (const auto* listen = std::get_if<ListenChoice>(&argument))
        return formatListenChoice(*listen);
    return dbText(std::get<Decibels>(argument).db);
}

std::string formatKeyPress(const KeyPress& press) {
    return std::string(keyName(press.key)) + " " + formatArgument(press.argument);
}

ListenChoice parseListenChoice(std::string_view text) {
    if (text == "floor")
        return {ListenSource::Kind::Floor, {}};
    if (text == "auto")
        return {ListenSource::Kind::AutoRelay, {}};
    return {ListenSource::Kind::Channel, std::string(text)};
}

std::string formatListenChoice(const ListenChoice& choice) {
    switch (choice.kind) {
    case ListenSource::Kind::Floor:
        return "floor";
    case ListenSource::Kind::AutoRelay:
        return "auto";
    case ListenSource::Kind::Channel:
        break;
    }
    return choice.channel;
}

std::string_view channelOf(const KeyPress& press) {
    const auto* listen = std::get_if<ListenChoice>(&press.argument);
    return listen != nullptr && listen->kind == ListenSource::Kind::Channel
               ? std::string_view(listen->channel)
               : std::string_view();
}

std::string argumentProblem(const KeyPress& press) {
    const std::string name(keyName(press.key));
    switch (argumentKind(press.key)) {
    case ArgumentKind::Switch:
        return std::holds_alternative<Switch>(press.argument) ? std::string()
                                                              : name + " expects on, off or toggle";
    case ArgumentKind::Slot:
        return std::holds_alternative<OutputSlot>(press.argument)
                   ? std::string()
                   : name + " expects the outgoing channel's slot";
    case ArgumentKind::Listen:
        return std::holds_alternative<ListenChoice>(press.argument)
                   ? std::string()
                   : name + " expects \"floor\", \"auto\" or a language channel's id";
    case ArgumentKind::Level:
        break;
    }
    const auto* level = std::get_if<Decibels>(&press.argument);
    return level != nullptr && std::isfinite(level->db) ? std::string()
                                                        : name + " expects a level in dB";
}

} // namespace dragoman
