// See CueList.h.
#include "CueList.h"

#include "files/JsonDocument.h"
#include "files/RegularFile.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

namespace dragoman {
namespace {

using nlohmann::json;

// The shorthands cue lists have always had for the mic and cough keys.
const std::map<std::string, KeyPress, std::less<>>& shorthands() {
    static const std::map<std::string, KeyPress, std::less<>> presses = {
        {"mic-on", {ConsoleKey::Mic, Switch::On}},
        {"mic-off", {ConsoleKey::Mic, Switch::Off}},
        {"mic-toggle", {ConsoleKey::Mic, Switch::Toggle}},
        {"cough-down", {ConsoleKey::Cough, Switch::On}},
        {"cough-up", {ConsoleKey::Cough, Switch::Off}},
    };
    return presses;
}

class CueReader {
public:
    CueReader(const json& j, std::string path, Problems& problems)
        : j_(j), path_(std::move(path)), problems_(problems) {}

    void fail(std::string_view field, std::string message) {
        problems_.push_back(
            {field.empty() ? path_ : path_ + "." + std::string(field), std::move(message)});
    }

    const json* get(std::string_view field, json::value_t type, std::string_view expected) {
        const auto it = j_.find(field);
        if (it == j_.end()) {
            fail(field, "missing required field");
            return nullptr;
        }
        const bool numeric = type == json::value_t::number_float && it->is_number();
        if (!numeric && it->type() != type) {
            fail(field, "expected " + std::string(expected));
            return nullptr;
        }
        return &*it;
    }

    bool read(Cue& cue) {
        if (!j_.is_object()) {
            fail("", "expected an object");
            return false;
        }
        const json* time = get("time", json::value_t::number_float, "a number of seconds");
        const json* action = get("action", json::value_t::string, "a string");
        if (time == nullptr || action == nullptr)
            return false;
        cue.timeSeconds = time->get<double>();
        if (cue.timeSeconds < 0.0) {
            fail("time", "cue times start at 0");
            return false;
        }
        cue.action = action->get<std::string>();
        if (cue.action == "floor-language") {
            const json* language = get("language", json::value_t::string, "a language code");
            if (language == nullptr)
                return false;
            cue.kind = Cue::Kind::FloorLanguage;
            cue.language = language->get<std::string>();
            return true;
        }
        const json* console = get("console", json::value_t::string, "a console id");
        if (console == nullptr)
            return false;
        cue.console = console->get<std::string>();
        return readConsoleAction(cue);
    }

private:
    // A key of the vocabulary (control/KeyPress.h) with its argument in the field its kind
    // names: "on" (true, false or "toggle"), "slot", "source" or "db"; or a shorthand.
    bool readConsoleAction(Cue& cue) {
        if (const auto it = shorthands().find(cue.action); it != shorthands().end()) {
            cue.press = it->second;
            return true;
        }
        const auto key = consoleKeyNamed(cue.action);
        if (!key) {
            fail("action", "unknown action \"" + cue.action + "\"");
            return false;
        }
        switch (argumentKind(*key)) {
        case ArgumentKind::Switch: {
            const auto on = j_.find("on");
            if (on != j_.end() && on->is_string() && on->get<std::string>() == "toggle") {
                cue.press = {*key, Switch::Toggle};
                return true;
            }
            const json* value = get("on", json::value_t::boolean, "true, false or \"toggle\"");
            cue.press = {*key, value != nullptr && value->get<bool>() ? Switch::On : Switch::Off};
            return value != nullptr;
        }
        case ArgumentKind::Slot: {
            const json* slot = get("slot", json::value_t::string, "\"a\", \"b\" or \"c\"");
            if (slot == nullptr)
                return false;
            const std::string s = slot->get<std::string>();
            const KeyPressParse parsed = parseKeyPress(*key, s);
            if (!parsed.press) {
                fail("slot", "expected \"a\", \"b\" or \"c\", got \"" + s + "\"");
                return false;
            }
            cue.press = *parsed.press;
            return true;
        }
        case ArgumentKind::Listen: {
            const json* source = get("source", json::value_t::string, "floor, auto or a channel");
            if (source == nullptr)
                return false;
            cue.press = {*key, parseListenChoice(source->get<std::string>())};
            return true;
        }
        case ArgumentKind::Level:
            break;
        }
        // Not held to the range a face offers: like the engine, a cue may turn a level down to
        // silence.
        const json* db = get("db", json::value_t::number_float, "a level in dB");
        if (db == nullptr)
            return false;
        const double level = db->get<double>();
        if (!(level >= -1000.0 && level <= 1000.0)) { // a float, and no level anyone means
            fail("db", "expected a level in dB");
            return false;
        }
        cue.press = {*key, Decibels{static_cast<float>(level)}};
        return true;
    }

    const json& j_;
    std::string path_;
    Problems& problems_;
};

} // namespace

CueListLoad parseCueList(std::string_view jsonText) {
    CueListLoad load;
    const JsonDocument document = parseJsonDocument(jsonText);
    if (!document.problem.empty()) {
        load.problems.push_back({"", document.problem});
        return load;
    }
    const json& root = document.root;
    if (!root.is_array()) {
        load.problems.push_back({"", "a cue list is a JSON array of cues"});
        return load;
    }
    for (std::size_t i = 0; i < root.size(); ++i) {
        Cue cue;
        cue.index = i;
        if (CueReader(root[i], "cues[" + std::to_string(i) + "]", load.problems).read(cue))
            load.cues.push_back(std::move(cue));
    }
    std::stable_sort(load.cues.begin(), load.cues.end(),
                     [](const Cue& a, const Cue& b) { return a.timeSeconds < b.timeSeconds; });
    return load;
}

CueListLoad loadCueListFile(const std::filesystem::path& file) {
    const RegularFileText read = readRegularFile(file, kMostCueFileBytes);
    if (!read.problem.empty()) {
        CueListLoad load;
        load.problems.push_back({"", "cue file: " + read.problem});
        return load;
    }
    return parseCueList(read.text);
}

} // namespace dragoman
