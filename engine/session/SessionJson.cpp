// JSON <-> Session. The reader walks the document by hand rather than with nlohmann's
// from_json so that every problem carries the path of its field and reading goes on after the
// first problem: an engineer fixing a file sees all of its problems at once.
#include "SessionJson.h"

#include "SessionValidation.h"
#include "files/JsonDocument.h"
#include "files/RegularFile.h"

#include <array>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <stdexcept>

namespace dragoman {
namespace {

using nlohmann::json;

std::string typeName(const json& j) {
    if (j.is_number_integer() || j.is_number_unsigned())
        return "an integer";
    if (j.is_number())
        return "a number";
    if (j.is_null())
        return "null";
    return std::string("a ") + j.type_name();
}

// A key from the file (an unknown field may be a megabyte long) is cut short in a path.
std::string joinPath(const std::string& parent, std::string_view key) {
    const std::string shown = excerpt(key, 64);
    return parent.empty() ? shown : parent + "." + shown;
}

// Reads the fields of one JSON object, recording problems under the object's path and
// reporting, when done, every field it was never asked for.
class ObjectReader {
public:
    ObjectReader(const json& value, std::string path, Problems& problems)
        : value_(value), path_(std::move(path)), problems_(problems) {
        if (!value_.is_object()) {
            fail(path_, "expected an object, got " + typeName(value_));
            valid_ = false;
        }
    }
    ObjectReader(const ObjectReader&) = delete;
    ObjectReader& operator=(const ObjectReader&) = delete;
    ~ObjectReader() {
        if (!valid_)
            return;
        for (const auto& [key, unused] : value_.items())
            if (!asked_.contains(key))
                fail(joinPath(path_, key), "unknown field");
    }

    bool valid() const { return valid_; }
    // Stops reading: the remaining fields are neither read nor reported as unknown.
    void abandon() { valid_ = false; }
    std::string pathOf(std::string_view key) const { return joinPath(path_, key); }

    // The field, or nullptr when absent (a problem if required).
    const json* field(std::string_view key, bool required) {
        asked_.insert(std::string(key));
        if (!valid_)
            return nullptr;
        const auto it = value_.find(key);
        if (it == value_.end()) {
            if (required)
                fail(pathOf(key), "missing required field");
            return nullptr;
        }
        return &*it;
    }

    void readString(std::string_view key, std::string& out, bool required) {
        if (const json* j = field(key, required)) {
            if (j->is_string())
                out = j->get<std::string>();
            else
                fail(pathOf(key), "expected a string, got " + typeName(*j));
        }
    }

    // An object of names to strings ("mounts", "consoles"), each entry checked.
    void readStringMap(std::string_view key, std::map<std::string, std::string>& out,
                       bool required) {
        const json* object = field(key, required);
        if (object == nullptr)
            return;
        ObjectReader entries(*object, pathOf(key), problems_);
        if (entries.valid())
            for (const auto& [name, unused] : object->items())
                entries.readString(name, out[name], true);
    }

    // An array of strings ("signals", "peers"), each entry checked.
    void readStringList(std::string_view key, std::vector<std::string>& out, bool required) {
        const json* list = readArray(key, required);
        if (list == nullptr)
            return;
        for (std::size_t i = 0; i < list->size(); ++i) {
            if ((*list)[i].is_string())
                out.push_back((*list)[i].get<std::string>());
            else
                fail(pathOf(key) + "[" + std::to_string(i) + "]",
                     "expected a string, got " + typeName((*list)[i]));
        }
    }

    void readNumber(std::string_view key, double& out, bool required) {
        if (const json* j = field(key, required)) {
            if (j->is_number())
                out = j->get<double>();
            else
                fail(pathOf(key), "expected a number, got " + typeName(*j));
        }
    }

    void readInteger(std::string_view key, int& out, bool required) {
        if (const json* j = field(key, required)) {
            const double value = j->is_number() ? j->get<double>() : 0.0;
            if (!j->is_number() || std::floor(value) != value)
                fail(pathOf(key), "expected an integer, got " + typeName(*j));
            else if (value < std::numeric_limits<int>::min() ||
                     value > std::numeric_limits<int>::max())
                fail(pathOf(key), "is out of range");
            else
                out = static_cast<int>(value);
        }
    }

    void readBool(std::string_view key, bool& out, bool required) {
        if (const json* j = field(key, required)) {
            if (j->is_boolean())
                out = j->get<bool>();
            else
                fail(pathOf(key), "expected true or false, got " + typeName(*j));
        }
    }

    // "channel" or "program": which signal an output takes of each language channel.
    void readFeed(std::string_view key, FeedKind& out) {
        const json* j = field(key, false);
        if (j == nullptr)
            return;
        if (*j == "channel")
            out = FeedKind::Channel;
        else if (*j == "program")
            out = FeedKind::Program;
        else
            fail(pathOf(key), "expected \"channel\" or \"program\", got " + excerpt(j->dump()));
    }

    void readInterlock(std::string_view key, InterlockMode& out, bool required) {
        std::string text;
        const json* j = field(key, required);
        if (j == nullptr)
            return;
        if (j->is_string())
            text = j->get<std::string>();
        if (text == "interlock")
            out = InterlockMode::Interlock;
        else if (text == "override")
            out = InterlockMode::Override;
        else
            fail(pathOf(key), "expected \"interlock\" or \"override\", got " + j->dump());
    }

    const json* readArray(std::string_view key, bool required) {
        const json* j = field(key, required);
        if (j != nullptr && !j->is_array()) {
            fail(pathOf(key), "expected an array, got " + typeName(*j));
            return nullptr;
        }
        return j;
    }

    void fail(std::string path, std::string message) {
        problems_.push_back({std::move(path), std::move(message)});
    }

private:
    const json& value_;
    std::string path_;
    Problems& problems_;
    std::set<std::string, std::less<>> asked_;
    bool valid_ = true;
};

AutoFloor readAutoFloor(const json& j, const std::string& path, Problems& problems) {
    AutoFloor autoFloor;
    ObjectReader r(j, path, problems);
    r.readBool("enabled", autoFloor.enabled, true);
    r.readNumber("fadeMs", autoFloor.fadeMs, false);
    return autoFloor;
}

FloorBed readFloorBed(const json& j, const std::string& path, Problems& problems) {
    FloorBed bed;
    ObjectReader r(j, path, problems);
    r.readBool("enabled", bed.enabled, true);
    r.readNumber("levelDb", bed.levelDb, false);
    return bed;
}

ProgramBed readProgramBed(const json& j, const std::string& path, Problems& problems) {
    ProgramBed bed;
    ObjectReader r(j, path, problems);
    r.readBool("enabled", bed.enabled, true);
    r.readNumber("levelDb", bed.levelDb, false);
    r.readNumber("duckDb", bed.duckDb, false);
    r.readNumber("thresholdDbfs", bed.thresholdDbfs, false);
    r.readNumber("attackMs", bed.attackMs, false);
    r.readNumber("holdMs", bed.holdMs, false);
    r.readNumber("releaseMs", bed.releaseMs, false);
    return bed;
}

ProgramFeed readProgramFeed(const json& j, const std::string& path, Problems& problems) {
    ProgramFeed program;
    ObjectReader r(j, path, problems);
    if (const json* b = r.field("bed", false))
        program.bed = readProgramBed(*b, r.pathOf("bed"), problems);
    if (const json* loudness = r.field("loudnessLufs", false)) {
        if (loudness->is_null())
            program.loudnessLufs = std::nullopt; // no normalisation
        else
            r.readNumber("loudnessLufs", program.loudnessLufs.emplace(), false);
    }
    r.readNumber("truePeakDbtp", program.truePeakDbtp, false);
    r.readNumber("delayMs", program.delayMs, false);
    return program;
}

LanguageChannel readChannel(const json& j, const std::string& path, Problems& problems) {
    LanguageChannel channel;
    ObjectReader r(j, path, problems);
    r.readString("id", channel.id, true);
    r.readString("name", channel.name, true);
    if (const json* a = r.field("autoFloor", false))
        channel.autoFloor = readAutoFloor(*a, r.pathOf("autoFloor"), problems);
    if (const json* b = r.field("floorBed", false))
        channel.floorBed = readFloorBed(*b, r.pathOf("floorBed"), problems);
    if (const json* p = r.field("program", false))
        channel.program = readProgramFeed(*p, r.pathOf("program"), problems);
    return channel;
}

Console readConsole(const json& j, const std::string& path, Problems& problems) {
    Console console;
    ObjectReader r(j, path, problems);
    r.readString("id", console.id, true);
    r.readInteger("seat", console.seat, true);
    if (const json* headset = r.field("headset94Dbfs", false);
        headset != nullptr && !headset->is_null()) {
        double dbfs = 0.0;
        r.readNumber("headset94Dbfs", dbfs, true);
        console.headset94Dbfs = dbfs;
    }
    return console;
}

constexpr std::array<std::string_view, kMaxOutputSlots> kSlotKeys = {"a", "b", "c"};

std::vector<std::string> readOutputs(const json& j, const std::string& path, Problems& problems) {
    std::vector<std::string> outputs;
    ObjectReader r(j, path, problems);
    bool gap = false;
    for (const std::string_view key : kSlotKeys) {
        std::string channel;
        const bool required = key == "a";
        if (r.field(key, false) == nullptr) {
            if (required)
                r.fail(r.pathOf(key), "missing required field (every booth has an A channel)");
            gap = true;
            continue;
        }
        r.readString(key, channel, true);
        if (gap)
            r.fail(r.pathOf(key),
                   "outgoing channel " + std::string(key) + " needs every earlier slot to be set");
        outputs.push_back(std::move(channel));
    }
    return outputs;
}

Booth readBooth(const json& j, const std::string& path, Problems& problems) {
    Booth booth;
    ObjectReader r(j, path, problems);
    r.readString("id", booth.id, true);
    if (const json* outputs = r.field("outputs", true))
        booth.outputs = readOutputs(*outputs, r.pathOf("outputs"), problems);
    if (const json* relay = r.field("relay", false); relay != nullptr && !relay->is_null()) {
        std::string channel;
        r.readString("relay", channel, true);
        booth.relay = channel;
    }
    r.readInterlock("interlock", booth.interlock, false);
    r.readNumber("turnMinutes", booth.turnMinutes, false);
    if (const json* consoles = r.readArray("consoles", true))
        for (std::size_t i = 0; i < consoles->size(); ++i)
            booth.consoles.push_back(readConsole(
                (*consoles)[i], r.pathOf("consoles") + "[" + std::to_string(i) + "]", problems));
    return booth;
}

IoMap readIoMap(const json& j, Problems& problems) {
    IoMap io;
    ObjectReader r(j, "io", problems);
    if (const json* floor = r.readArray("floor", false))
        for (std::size_t i = 0; i < floor->size(); ++i) {
            const json& channel = (*floor)[i];
            if (channel.is_number_integer() && channel.get<std::int64_t>() >= 0 &&
                channel.get<std::int64_t>() <= std::numeric_limits<int>::max())
                io.floor.push_back(static_cast<int>(channel.get<std::int64_t>()));
            else
                r.fail("io.floor[" + std::to_string(i) + "]",
                       "expected a device channel number, got " + typeName(channel));
        }
    for (const auto& [key, map] :
         {std::pair{"mics", &io.mics}, std::pair{"channels", &io.channels},
          std::pair{"phones", &io.phones}, std::pair{"programs", &io.programs}}) {
        const json* object = r.field(key, false);
        if (object == nullptr)
            continue;
        ObjectReader entries(*object, r.pathOf(key), problems);
        if (!entries.valid())
            continue;
        for (const auto& [name, unused] : object->items()) {
            int channel = 0;
            entries.readInteger(name, channel, true);
            (*map)[name] = channel;
        }
    }
    if (r.field("talkback", false) != nullptr) {
        int channel = 0;
        r.readInteger("talkback", channel, true);
        io.talkback = channel;
    }
    return io;
}

OscSettings readOsc(const json& j, Problems& problems) {
    OscSettings osc;
    ObjectReader r(j, "osc", problems);
    r.readString("address", osc.address, false);
    r.readInteger("port", osc.port, false);
    r.readStringList("peers", osc.peers, false);
    return osc;
}

OpusSettings readOpus(const json& j, const std::string& path, Problems& problems) {
    OpusSettings opus;
    ObjectReader o(j, path, problems);
    o.readInteger("bitrateKbps", opus.bitrateKbps, false);
    o.readInteger("frameMs", opus.frameMs, false);
    o.readInteger("complexity", opus.complexity, false);
    return opus;
}

RecordingSettings readRecording(const json& j, Problems& problems) {
    RecordingSettings recording;
    ObjectReader r(j, "recording", problems);
    r.readString("directory", recording.directory, false);
    r.readStringList("signals", recording.signals, false);
    r.readBool("wav", recording.wav, false);
    r.readFeed("feed", recording.feed);
    if (const json* opus = r.field("opus", false))
        recording.opus = readOpus(*opus, "recording.opus", problems);
    return recording;
}

RemoteBoothSettings readRemoteBooths(const json& j, const std::string& path, Problems& problems) {
    RemoteBoothSettings remote;
    ObjectReader r(j, path, problems);
    r.readString("address", remote.address, false);
    r.readInteger("port", remote.port, false);
    r.readNumber("frameMs", remote.frameMs, false);
    r.readInteger("bitrateKbps", remote.bitrateKbps, false);
    r.readInteger("complexity", remote.complexity, false);
    r.readBool("redundancy", remote.redundancy, false);
    r.readStringMap("consoles", remote.consoles, true);
    return remote;
}

// A Janus server's fields, in the section itself or an entry of its moreServers.
void readJanusServer(ObjectReader& r, JanusServerSettings& server) {
    r.readString("janus", server.janus, false);
    r.readString("apiSecret", server.apiSecret, false);
    r.readString("adminKey", server.adminKey, false);
    r.readString("rtpHost", server.rtpHost, false);
    r.readInteger("firstPort", server.firstPort, false);
}

WebListenerSettings readWebListeners(const json& j, Problems& problems) {
    WebListenerSettings web;
    ObjectReader r(j, "webListeners", problems);
    readJanusServer(r, web.server);
    if (const json* more = r.readArray("moreServers", false))
        for (std::size_t i = 0; i < more->size(); ++i) {
            ObjectReader entry((*more)[i], r.pathOf("moreServers") + "[" + std::to_string(i) + "]",
                               problems);
            JanusServerSettings server;
            readJanusServer(entry, server);
            web.moreServers.push_back(std::move(server));
        }
    r.readString("secret", web.secret, true);
    r.readInteger("firstId", web.firstId, false);
    r.readStringList("signals", web.signals, false);
    r.readInteger("bitrateKbps", web.bitrateKbps, false);
    r.readInteger("frameMs", web.frameMs, false);
    r.readBool("srtp", web.srtp, false);
    r.readFeed("feed", web.feed);
    return web;
}

MeetingSettings readMeeting(const json& j, Problems& problems) {
    MeetingSettings meeting;
    ObjectReader r(j, "meeting", problems);
    r.readString("janus", meeting.janus, false);
    r.readString("apiSecret", meeting.apiSecret, false);
    r.readString("adminKey", meeting.adminKey, false);
    r.readInteger("room", meeting.room, false);
    r.readString("roomSecret", meeting.roomSecret, true);
    r.readString("floorHost", meeting.floorHost, false);
    r.readInteger("floorPort", meeting.floorPort, false);
    r.readBool("floorLanguageFollowsSpeaker", meeting.floorLanguageFollowsSpeaker, false);
    r.readBool("srtp", meeting.srtp, false);
    if (const json* fallback = r.field("fallback", false)) {
        if (*fallback == "silence")
            meeting.fallback = MeetingFallback::Silence;
        else if (*fallback == "device")
            meeting.fallback = MeetingFallback::Device;
        else
            problems.push_back({r.pathOf("fallback"), "expected \"silence\" or \"device\", got " +
                                                          excerpt(fallback->dump())});
    }
    return meeting;
}

StreamSettings readStreams(const json& j, Problems& problems) {
    StreamSettings streams;
    ObjectReader r(j, "streams", problems);
    r.readString("host", streams.host, false);
    r.readInteger("port", streams.port, false);
    r.readString("user", streams.user, false);
    r.readString("password", streams.password, true);
    r.readStringMap("mounts", streams.mounts, false);
    r.readBool("listed", streams.listed, false);
    r.readFeed("feed", streams.feed);
    if (const json* opus = r.field("opus", false))
        streams.opus = readOpus(*opus, "streams.opus", problems);
    return streams;
}

MidiKey readMidiKey(const json& j, const std::string& path, Problems& problems) {
    MidiKey key;
    ObjectReader r(j, path, problems);
    r.readString("console", key.console, true);
    r.readString("key", key.key, true);
    const bool note = r.field("note", false) != nullptr;
    const bool cc = r.field("cc", false) != nullptr;
    if (note == cc && r.valid())
        r.fail(path, "needs either \"note\" or \"cc\"");
    key.message = cc ? MidiKey::Message::ControlChange : MidiKey::Message::Note;
    r.readInteger(cc ? "cc" : "note", key.number, false);
    r.readInteger("channel", key.channel, false);
    if (j.is_object() && j.contains("channel") && key.channel == 0)
        r.fail(r.pathOf("channel"), "0 is not a MIDI channel (1 to 16; leave \"channel\" out for "
                                    "any channel)");
    return key;
}

MidiController readMidiController(const json& j, const std::string& path, Problems& problems) {
    MidiController controller;
    ObjectReader r(j, path, problems);
    r.readString("device", controller.device, true);
    if (const json* keys = r.readArray("keys", true))
        for (std::size_t i = 0; i < keys->size(); ++i)
            controller.keys.push_back(readMidiKey(
                (*keys)[i], r.pathOf("keys") + "[" + std::to_string(i) + "]", problems));
    return controller;
}

Session readSession(const json& root, Problems& problems, std::vector<std::string>& notices) {
    Session session;
    ObjectReader r(root, "", problems);
    if (!r.valid())
        return session;
    r.readInteger("schema", session.schemaVersion, true);
    if (session.schemaVersion != kSessionSchemaVersion) {
        r.fail("schema", "unsupported schema version " + std::to_string(session.schemaVersion) +
                             " (this Dragoman reads version " +
                             std::to_string(kSessionSchemaVersion) + ")");
        r.abandon(); // other fields may mean something else in that version
        return session;
    }
    r.readString("name", session.name, false);
    r.readNumber("sampleRate", session.sampleRate, false);
    if (const json* floor = r.field("floor", true)) {
        ObjectReader f(*floor, "floor", problems);
        f.readInteger("channels", session.floor.channels, false);
        f.readString("language", session.floor.language, true);
    }
    if (const json* limiter = r.field("limiter", false)) {
        ObjectReader l(*limiter, "limiter", problems);
        l.readNumber("ceilingDbfs", session.limiter.ceilingDbfs, true);
        l.readNumber("headset94Dbfs", session.limiter.headset94Dbfs, false);
    }
    r.readInterlock("channelInterlock", session.channelInterlock, false);
    r.readNumber("idleMinutes", session.idleMinutes, false);
    if (const json* io = r.field("io", false))
        session.io = readIoMap(*io, problems);
    if (const json* osc = r.field("osc", false))
        session.osc = readOsc(*osc, problems);
    if (const json* midi = r.readArray("midi", false))
        for (std::size_t i = 0; i < midi->size(); ++i)
            session.midi.push_back(
                readMidiController((*midi)[i], "midi[" + std::to_string(i) + "]", problems));
    if (const json* recording = r.field("recording", false))
        session.recording = readRecording(*recording, problems);
    if (const json* boothLog = r.field("boothLog", false)) {
        ObjectReader b(*boothLog, "boothLog", problems);
        BoothLogSettings settings;
        b.readString("directory", settings.directory, false);
        session.boothLog = settings;
    }
    if (const json* streams = r.field("streams", false))
        session.streams = readStreams(*streams, problems);
    if (const json* web = r.field("webListeners", false))
        session.webListeners = readWebListeners(*web, problems);
    if (const json* meeting = r.field("meeting", false))
        session.meeting = readMeeting(*meeting, problems);
    // Remote booths were "remote" until control surfaces and remote booths were told apart.
    const json* remoteBooths = r.field("remoteBooths", false);
    std::string remoteBoothsPath = "remoteBooths";
    if (const json* old = r.field("remote", false)) {
        if (remoteBooths != nullptr)
            r.fail("remote", "remote booths given twice: as \"remoteBooths\" and under their "
                             "old name \"remote\" (keep \"remoteBooths\")");
        else {
            notices.push_back("\"remote\" is read as \"remoteBooths\", its new name; saving "
                              "the session writes the new name");
            remoteBooths = old;
            remoteBoothsPath = "remote";
        }
    }
    if (remoteBooths != nullptr)
        session.remoteBooths = readRemoteBooths(*remoteBooths, remoteBoothsPath, problems);
    if (const json* channels = r.readArray("channels", true))
        for (std::size_t i = 0; i < channels->size(); ++i)
            session.channels.push_back(
                readChannel((*channels)[i], "channels[" + std::to_string(i) + "]", problems));
    if (const json* booths = r.readArray("booths", true))
        for (std::size_t i = 0; i < booths->size(); ++i)
            session.booths.push_back(
                readBooth((*booths)[i], "booths[" + std::to_string(i) + "]", problems));
    return session;
}

const char* interlockName(InterlockMode mode) {
    return mode == InterlockMode::Interlock ? "interlock" : "override";
}

const char* feedName(FeedKind feed) {
    return feed == FeedKind::Program ? "program" : "channel";
}

} // namespace

SessionLoad parseSession(std::string_view jsonText) {
    SessionLoad load;
    const JsonDocument document = parseJsonDocument(jsonText);
    if (!document.problem.empty()) {
        load.problems.push_back({"", document.problem});
        return load;
    }
    load.session = readSession(document.root, load.problems, load.notices);
    if (load.problems.empty())
        load.problems = validateSession(load.session);
    return load;
}

SessionLoad loadSessionFile(const std::filesystem::path& file) {
    const RegularFileText read = readRegularFile(file, kMostSessionFileBytes);
    if (!read.problem.empty()) {
        SessionLoad load;
        load.problems.push_back({"", "session file: " + read.problem});
        return load;
    }
    return parseSession(read.text);
}

std::string sessionToJson(const Session& s) {
    // Insertion order, so saved files read top-down like the examples in docs/.
    using ordered = nlohmann::ordered_json;
    ordered root = ordered::object();
    root["schema"] = s.schemaVersion;
    root["name"] = s.name;
    root["sampleRate"] = s.sampleRate;
    root["floor"] = {{"channels", s.floor.channels}, {"language", s.floor.language}};
    root["limiter"] = {{"ceilingDbfs", s.limiter.ceilingDbfs},
                       {"headset94Dbfs", s.limiter.headset94Dbfs}};
    root["channelInterlock"] = interlockName(s.channelInterlock);
    root["idleMinutes"] = s.idleMinutes;
    ordered channels = ordered::array();
    for (const LanguageChannel& c : s.channels) {
        ordered channel = {
            {"id", c.id},
            {"name", c.name},
            {"autoFloor", {{"enabled", c.autoFloor.enabled}, {"fadeMs", c.autoFloor.fadeMs}}},
            {"floorBed", {{"enabled", c.floorBed.enabled}, {"levelDb", c.floorBed.levelDb}}}};
        if (const auto& p = c.program) {
            const ProgramBed& bed = p->bed;
            channel["program"] = {
                {"bed",
                 {{"enabled", bed.enabled},
                  {"levelDb", bed.levelDb},
                  {"duckDb", bed.duckDb},
                  {"thresholdDbfs", bed.thresholdDbfs},
                  {"attackMs", bed.attackMs},
                  {"holdMs", bed.holdMs},
                  {"releaseMs", bed.releaseMs}}},
                {"loudnessLufs", p->loudnessLufs ? ordered(*p->loudnessLufs) : ordered(nullptr)},
                {"truePeakDbtp", p->truePeakDbtp},
                {"delayMs", p->delayMs}};
        }
        channels.push_back(std::move(channel));
    }
    root["channels"] = std::move(channels);
    ordered booths = ordered::array();
    for (const Booth& b : s.booths) {
        ordered outputs = ordered::object();
        for (std::size_t i = 0; i < b.outputs.size() && i < kSlotKeys.size(); ++i)
            outputs[std::string(kSlotKeys[i])] = b.outputs[i];
        ordered consoles = ordered::array();
        for (const Console& c : b.consoles)
            consoles.push_back({{"id", c.id},
                                {"seat", c.seat},
                                {"headset94Dbfs",
                                 c.headset94Dbfs ? ordered(*c.headset94Dbfs) : ordered(nullptr)}});
        booths.push_back({{"id", b.id},
                          {"outputs", std::move(outputs)},
                          {"relay", b.relay ? ordered(*b.relay) : ordered(nullptr)},
                          {"interlock", interlockName(b.interlock)},
                          {"turnMinutes", b.turnMinutes},
                          {"consoles", std::move(consoles)}});
    }
    root["booths"] = std::move(booths);
    if (s.io) {
        ordered io = ordered::object();
        io["floor"] = s.io->floor;
        io["mics"] = s.io->mics;
        io["channels"] = s.io->channels;
        io["phones"] = s.io->phones;
        if (!s.io->programs.empty())
            io["programs"] = s.io->programs;
        if (s.io->talkback)
            io["talkback"] = *s.io->talkback;
        root["io"] = std::move(io);
    }
    if (s.osc) {
        root["osc"] = {{"address", s.osc->address}, {"port", s.osc->port}};
        if (!s.osc->peers.empty())
            root["osc"]["peers"] = s.osc->peers;
    }
    if (!s.midi.empty()) {
        ordered midi = ordered::array();
        for (const MidiController& controller : s.midi) {
            ordered keys = ordered::array();
            for (const MidiKey& k : controller.keys) {
                ordered key = {{"console", k.console}, {"key", k.key}};
                key[k.message == MidiKey::Message::Note ? "note" : "cc"] = k.number;
                if (k.channel != 0)
                    key["channel"] = k.channel;
                keys.push_back(std::move(key));
            }
            midi.push_back({{"device", controller.device}, {"keys", std::move(keys)}});
        }
        root["midi"] = std::move(midi);
    }
    auto opus = [](const OpusSettings& o) {
        return ordered{
            {"bitrateKbps", o.bitrateKbps}, {"frameMs", o.frameMs}, {"complexity", o.complexity}};
    };
    if (s.boothLog)
        root["boothLog"] = {{"directory", s.boothLog->directory}};
    if (s.recording)
        root["recording"] = {{"directory", s.recording->directory},
                             {"signals", s.recording->signals},
                             {"wav", s.recording->wav},
                             {"feed", feedName(s.recording->feed)},
                             {"opus", opus(s.recording->opus)}};
    if (s.streams)
        root["streams"] = {{"host", s.streams->host},           {"port", s.streams->port},
                           {"user", s.streams->user},           {"password", s.streams->password},
                           {"mounts", s.streams->mounts},       {"listed", s.streams->listed},
                           {"feed", feedName(s.streams->feed)}, {"opus", opus(s.streams->opus)}};
    if (const auto& remote = s.remoteBooths)
        root["remoteBooths"] = {
            {"address", remote->address},       {"port", remote->port},
            {"frameMs", remote->frameMs},       {"bitrateKbps", remote->bitrateKbps},
            {"complexity", remote->complexity}, {"redundancy", remote->redundancy},
            {"consoles", remote->consoles}};
    if (const auto& web = s.webListeners) {
        auto server = [](const JanusServerSettings& j) {
            return ordered{{"janus", j.janus},
                           {"apiSecret", j.apiSecret},
                           {"adminKey", j.adminKey},
                           {"rtpHost", j.rtpHost},
                           {"firstPort", j.firstPort}};
        };
        ordered section = server(web->server);
        if (!web->moreServers.empty()) {
            ordered more = ordered::array();
            for (const JanusServerSettings& j : web->moreServers)
                more.push_back(server(j));
            section["moreServers"] = std::move(more);
        }
        section["secret"] = web->secret;
        section["firstId"] = web->firstId;
        section["signals"] = web->signals;
        section["bitrateKbps"] = web->bitrateKbps;
        section["frameMs"] = web->frameMs;
        section["srtp"] = web->srtp;
        section["feed"] = feedName(web->feed);
        root["webListeners"] = std::move(section);
    }
    if (const auto& meeting = s.meeting)
        root["meeting"] = ordered{
            {"janus", meeting->janus},
            {"apiSecret", meeting->apiSecret},
            {"adminKey", meeting->adminKey},
            {"room", meeting->room},
            {"roomSecret", meeting->roomSecret},
            {"floorHost", meeting->floorHost},
            {"floorPort", meeting->floorPort},
            {"fallback", meeting->fallback == MeetingFallback::Device ? "device" : "silence"},
            {"floorLanguageFollowsSpeaker", meeting->floorLanguageFollowsSpeaker},
            {"srtp", meeting->srtp}};
    return root.dump(2) + "\n";
}

void saveSessionFile(const Session& session, const std::filesystem::path& file) {
    const std::filesystem::path temporary = file.string() + ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << sessionToJson(session);
        out.flush();
        if (!out)
            throw std::runtime_error("cannot write session file " + temporary.string());
    }
    std::error_code error;
    std::filesystem::rename(temporary, file, error);
    if (error)
        throw std::runtime_error("cannot replace session file " + file.string() + ": " +
                                 error.message());
}

} // namespace dragoman
