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

struct KeyAction {
    ConsoleKey key;
    float value;
};

const std::map<std::string, KeyAction, std::less<>>& keyActions() {
    static const std::map<std::string, KeyAction, std::less<>> actions = {
        {"mic-on", {ConsoleKey::Mic, 1.0f}},           {"mic-off", {ConsoleKey::Mic, 0.0f}},
        {"mic-toggle", {ConsoleKey::MicToggle, 1.0f}}, {"cough-down", {ConsoleKey::Cough, 1.0f}},
        {"cough-up", {ConsoleKey::Cough, 0.0f}},
    };
    return actions;
}

const std::map<std::string, ConsoleKey, std::less<>>& levelActions() {
    static const std::map<std::string, ConsoleKey, std::less<>> actions = {
        {"volume", ConsoleKey::HeadphoneVolume},
        {"bass", ConsoleKey::Bass},
        {"treble", ConsoleKey::Treble},
        {"sidetone", ConsoleKey::Sidetone},
    };
    return actions;
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
    bool readConsoleAction(Cue& cue) {
        if (const auto it = keyActions().find(cue.action); it != keyActions().end()) {
            cue.key = it->second.key;
            cue.value = it->second.value;
            return true;
        }
        if (const auto it = levelActions().find(cue.action); it != levelActions().end()) {
            const json* db = get("db", json::value_t::number_float, "a level in dB");
            cue.key = it->second;
            cue.value = db != nullptr ? db->get<float>() : 0.0f;
            return db != nullptr;
        }
        if (cue.action == "slow-down" || cue.action == "help") {
            const json* on = get("on", json::value_t::boolean, "true or false");
            cue.key = cue.action == "help" ? ConsoleKey::Help : ConsoleKey::SlowDown;
            cue.value = on != nullptr && on->get<bool>() ? 1.0f : 0.0f;
            return on != nullptr;
        }
        if (cue.action == "output") {
            const json* slot = get("slot", json::value_t::string, "\"a\", \"b\" or \"c\"");
            if (slot == nullptr)
                return false;
            const std::string s = slot->get<std::string>();
            if (s != "a" && s != "b" && s != "c") {
                fail("slot", "expected \"a\", \"b\" or \"c\", got \"" + s + "\"");
                return false;
            }
            cue.key = ConsoleKey::Output;
            cue.value = static_cast<float>(s[0] - 'a');
            return true;
        }
        if (cue.action == "listen") {
            const json* source = get("source", json::value_t::string, "floor, auto or a channel");
            if (source == nullptr)
                return false;
            cue.kind = Cue::Kind::Listen;
            cue.key = ConsoleKey::Listen;
            const std::string s = source->get<std::string>();
            if (s == "floor")
                cue.listenKind = ListenSource::Kind::Floor;
            else if (s == "auto")
                cue.listenKind = ListenSource::Kind::AutoRelay;
            else {
                cue.listenKind = ListenSource::Kind::Channel;
                cue.channel = s;
            }
            return true;
        }
        fail("action", "unknown action \"" + cue.action + "\"");
        return false;
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
