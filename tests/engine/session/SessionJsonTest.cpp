// The session model: loading, saving, and every validation rule, with the path of the field
// at fault in each message.
#include "session/SessionJson.h"

#include "render/Demo.h"
#include "session/SessionValidation.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace dragoman;
using nlohmann::json;

namespace {

json summit() {
    return json::parse(summitSessionJson());
}

Problems problemsOf(const json& document) {
    return parseSession(document.dump()).problems;
}

bool hasProblem(const Problems& problems, const std::string& described) {
    for (const Problem& p : problems)
        if (p.describe() == described)
            return true;
    return false;
}

std::string listing(const Problems& problems) {
    std::string text;
    for (const Problem& p : problems)
        text += p.describe() + "\n";
    return text;
}

} // namespace

TEST_CASE("the summit example is valid and matches docs/examples/summit.json", "[session]") {
    const SessionLoad load = parseSession(summitSessionJson());
    INFO(listing(load.problems));
    REQUIRE(load.ok());
    CHECK(load.session.floor.language == "ko");
    REQUIRE(load.session.booths.size() == 2);
    CHECK(load.session.booths[0].outputs == std::vector<std::string>{"en", "ko"});
    CHECK(load.session.booths[1].relay == std::optional<std::string>("en"));

    const SessionLoad shipped =
        loadSessionFile(std::filesystem::path(DRAGOMAN_SOURCE_DIR) / "docs/examples/summit.json");
    INFO(listing(shipped.problems));
    REQUIRE(shipped.ok());
    CHECK(shipped.session == load.session);
}

TEST_CASE("load and save round-trip losslessly", "[session]") {
    const Session original = parseSession(summitSessionJson()).session;
    const std::string saved = sessionToJson(original);
    const SessionLoad reloaded = parseSession(saved);
    REQUIRE(reloaded.ok());
    CHECK(reloaded.session == original);
    CHECK(sessionToJson(reloaded.session) == saved);

    SECTION("including values that defaults would hide") {
        Session edited = original;
        edited.channels[1].floorBed = {false, -24.5}; // disabled, but its level is kept
        edited.channels[2].autoFloor = {false, 1250.0};
        edited.booths[1].relay.reset();
        edited.limiter.ceilingDbfs = -9.5;
        edited.floor.channels = 2;
        const SessionLoad again = parseSession(sessionToJson(edited));
        REQUIRE(again.ok());
        CHECK(again.session == edited);
    }
    SECTION("through a file, replaced atomically") {
        const auto file = std::filesystem::temp_directory_path() / "dragoman-roundtrip.json";
        saveSessionFile(original, file);
        CHECK_FALSE(std::filesystem::exists(file.string() + ".tmp"));
        const SessionLoad fromFile = loadSessionFile(file);
        REQUIRE(fromFile.ok());
        CHECK(fromFile.session == original);
        std::filesystem::remove(file);
    }
}

TEST_CASE("an unknown outgoing channel is reported at its field", "[session]") {
    json doc = summit();
    doc["booths"][1]["outputs"]["b"] = "fr";
    CHECK(hasProblem(problemsOf(doc), "booths[1].outputs.b: unknown language channel \"fr\""));
}

TEST_CASE("malformed JSON reports line and column", "[session]") {
    const Problems problems = parseSession("{\n  \"schema\": 1,\n  \"name\": oops\n}").problems;
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0].message, Catch::Contains("line 3, column"));
    CHECK_THAT(problems[0].message, Catch::StartsWith("malformed JSON"));
}

TEST_CASE("every problem in a document is reported at once", "[session]") {
    json doc = summit();
    doc["channels"][1]["id"] = "ko";                   // duplicate channel
    doc["booths"][0]["consoles"][1]["id"] = "ko-en-1"; // duplicate console
    doc["booths"][1]["id"] = "ko-en";                  // duplicate booth
    doc["limiter"]["ceilingDbfs"] = 3.0;               // above full scale
    doc["channels"][0]["floorBed"]["levelDb"] = -90.0; // out of range
    doc["channels"][2]["autoFloor"]["fadeMs"] = -5.0;  // negative fade
    doc["booths"][0]["consoles"][0]["seat"] = 2;       // seat taken
    doc["sampleRate"] = 8000;                          // unsupported rate
    doc["floor"]["language"] = "Korean";               // not a code
    const Problems problems = problemsOf(doc);
    INFO(listing(problems));
    CHECK(hasProblem(problems, "channels[1].id: duplicate channel id \"ko\""));
    CHECK(hasProblem(problems, "booths[0].consoles[1].id: duplicate console id \"ko-en-1\""));
    CHECK(hasProblem(problems, "booths[1].id: duplicate booth id \"ko-en\""));
    CHECK(hasProblem(problems, "limiter.ceilingDbfs: 3 dBFS is out of range (-40 to 0)"));
    CHECK(hasProblem(problems, "channels[0].floorBed.levelDb: -90 dB is out of range (-60 to 0)"));
    CHECK(hasProblem(problems, "channels[2].autoFloor.fadeMs: -5 ms is out of range (0 to 10000)"));
    CHECK(hasProblem(problems, "booths[0].consoles[1].seat: seat 2 is taken in this booth"));
    CHECK(hasProblem(problems, "sampleRate: 8000 Hz is out of range (44100 to 192000)"));
    CHECK(hasProblem(problems, "floor.language: \"Korean\" is not an ISO 639 language code"));
}

TEST_CASE("type errors, missing and unknown fields name their path", "[session]") {
    json doc = summit();
    doc["booths"][0]["consoles"][0]["seat"] = "one";
    doc["booths"][0].erase("outputs");
    doc["channels"][0]["nmae"] = "typo";
    doc["booths"][1]["interlock"] = "lock";
    doc["channels"][1]["autoFloor"]["enabled"] = "yes";
    const Problems problems = problemsOf(doc);
    INFO(listing(problems));
    CHECK(hasProblem(problems, "booths[0].consoles[0].seat: expected an integer, got a string"));
    CHECK(hasProblem(problems, "booths[0].outputs: missing required field"));
    CHECK(hasProblem(problems, "channels[0].nmae: unknown field"));
    CHECK(hasProblem(problems,
                     "booths[1].interlock: expected \"interlock\" or \"override\", got \"lock\""));
    CHECK(hasProblem(problems,
                     "channels[1].autoFloor.enabled: expected true or false, got a string"));
}

TEST_CASE("outgoing slots must be filled in order and be distinct", "[session]") {
    json doc = summit();
    doc["booths"][1]["outputs"] = {{"a", "ja"}, {"c", "en"}};
    CHECK(hasProblem(problemsOf(doc),
                     "booths[1].outputs.c: outgoing channel c needs every earlier slot to be set"));
    doc["booths"][1]["outputs"] = {{"a", "ja"}, {"b", "ja"}};
    CHECK(
        hasProblem(problemsOf(doc), "booths[1].outputs.b: channel \"ja\" is already another slot"));
}

TEST_CASE("relay loops are configuration errors", "[session]") {
    SECTION("two booths relaying each other") {
        json doc = summit();
        doc["booths"][0]["relay"] = "ja"; // ko-en relays ja, ja relays en (from ko-en)
        const Problems problems = problemsOf(doc);
        INFO(listing(problems));
        REQUIRE(problems.size() == 1);
        CHECK(problems[0].path == "booths[0].relay");
        CHECK_THAT(problems[0].message, Catch::StartsWith("relay loop: "));
        CHECK(problems[0].message == "relay loop: booth \"ko-en\" relays \"ja\" from booth \"ja\", "
                                     "which relays \"en\" from booth \"ko-en\"");
    }
    SECTION("three booths in a ring") {
        json doc = summit();
        doc["channels"].push_back({{"id", "zh"}, {"name", "中文"}});
        doc["booths"].push_back({{"id", "zh"},
                                 {"outputs", {{"a", "zh"}}},
                                 {"relay", "ja"},
                                 {"consoles", {{{"id", "zh-1"}, {"seat", 1}}}}});
        doc["booths"][0]["relay"] = "zh"; // ko-en relays zh, zh relays ja, ja relays en
        const Problems problems = problemsOf(doc);
        INFO(listing(problems));
        REQUIRE(problems.size() == 1);
        CHECK_THAT(problems[0].message, Catch::StartsWith("relay loop: "));
    }
    SECTION("a booth relaying its own output") {
        json doc = summit();
        doc["booths"][1]["relay"] = "ja";
        CHECK(
            hasProblem(problemsOf(doc),
                       "booths[1].relay: relay loop: booth \"ja\" relays its own channel \"ja\""));
    }
    SECTION("a relay chain without a loop is fine") {
        json doc = summit();
        doc["channels"].push_back({{"id", "zh"}, {"name", "中文"}});
        doc["booths"].push_back({{"id", "zh"},
                                 {"outputs", {{"a", "zh"}}},
                                 {"relay", "ja"},
                                 {"consoles", {{{"id", "zh-1"}, {"seat", 1}}}}});
        INFO(listing(problemsOf(doc)));
        CHECK(problemsOf(doc).empty());
    }
}

TEST_CASE("unsupported schema versions are refused before anything else", "[session]") {
    json doc = summit();
    doc["schema"] = 99;
    const Problems problems = problemsOf(doc);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].path == "schema");
}

TEST_CASE("language codes follow ISO 639 with optional subtags", "[session]") {
    CHECK(isLanguageCode("en"));
    CHECK(isLanguageCode("fil"));
    CHECK(isLanguageCode("zh-hant"));
    CHECK_FALSE(isLanguageCode("EN"));
    CHECK_FALSE(isLanguageCode("e"));
    CHECK_FALSE(isLanguageCode("engl"));
    CHECK_FALSE(isLanguageCode("en-"));
    CHECK_FALSE(isLanguageCode(""));
}

TEST_CASE("the I/O map round-trips and names every wrong entry", "[session]") {
    json doc = summit();
    doc["io"] = {{"floor", {1}},
                 {"mics", {{"ko-en-1", 2}, {"ko-en-2", 3}, {"ja-1", 4}}},
                 {"channels", {{"ko", 1}, {"en", 2}, {"ja", 3}}},
                 {"phones", {{"ko-en-1", 4}, {"ko-en-2", 5}, {"ja-1", 6}}},
                 {"talkback", 7}};
    const SessionLoad load = parseSession(doc.dump());
    INFO(listing(load.problems));
    REQUIRE(load.ok());
    REQUIRE(load.session.io.has_value());
    CHECK(load.session.io->mics.at("ja-1") == 4);
    CHECK(load.session.io->talkback == 7);
    CHECK(parseSession(sessionToJson(load.session)).session == load.session);

    // Type errors come first (a value of the wrong type cannot be range-checked)...
    json wrongType = doc;
    wrongType["io"]["phones"]["ko-en-2"] = "5";
    CHECK(
        hasProblem(problemsOf(wrongType), "io.phones.ko-en-2: expected an integer, got a string"));

    // ...then the rules, every broken entry at once.
    doc["io"]["mics"]["fr-1"] = 7;   // no such console
    doc["io"]["mics"]["ja-1"] = 2;   // taken by ko-en-1
    doc["io"]["channels"]["en"] = 0; // numbered from 1
    doc["io"]["floor"] = {1, 8};     // the floor has one channel
    doc["io"]["talkback"] = 6;       // ja-1's phones
    const Problems problems = problemsOf(doc);
    INFO(listing(problems));
    CHECK(hasProblem(problems, "io.mics.fr-1: unknown console \"fr-1\""));
    CHECK(hasProblem(problems, "io.mics.ko-en-1: device input 2 is already io.mics.ja-1"));
    CHECK(hasProblem(problems, "io.channels.en: device channels are numbered from 1"));
    CHECK(hasProblem(problems, "io.floor: more entries than the floor's 1 channel(s)"));
    CHECK(hasProblem(problems, "io.talkback: device output 6 is already io.phones.ja-1"));
}

TEST_CASE("OSC settings and MIDI keys round-trip and name every wrong entry", "[session]") {
    json doc = summit();
    doc["osc"] = {{"address", "0.0.0.0"}, {"port", 9100}};
    doc["midi"] = {{{"device", "nanoKONTROL"},
                    {"keys",
                     {{{"console", "ko-en-1"}, {"key", "mic-toggle"}, {"note", 36}},
                      {{"console", "ko-en-1"}, {"key", "volume"}, {"cc", 7}, {"channel", 2}},
                      {{"console", "ja-1"}, {"key", "listen-en"}, {"note", 40}}}}}};
    const SessionLoad load = parseSession(doc.dump());
    INFO(listing(load.problems));
    REQUIRE(load.ok());
    REQUIRE(load.session.osc.has_value());
    CHECK(load.session.osc->port == 9100);
    REQUIRE(load.session.midi.size() == 1);
    CHECK(load.session.midi[0].keys[1].message == MidiKey::Message::ControlChange);
    CHECK(load.session.midi[0].keys[1].channel == 2);
    CHECK(parseSession(sessionToJson(load.session)).session == load.session);

    doc["osc"] = {{"address", "localhost"}, {"port", 70000}};
    doc["midi"][0]["keys"].push_back({{"console", "fr-1"}, {"key", "mic"}, {"note", 128}});
    doc["midi"][0]["keys"].push_back({{"console", "ja-1"}, {"key", "listen-fr"}, {"note", 41}});
    doc["midi"][0]["keys"].push_back({{"console", "ja-1"}, {"key", "shout"}, {"note", 36}});
    json noMessage = doc;
    noMessage["midi"][0]["keys"].push_back({{"console", "ja-1"}, {"key", "mic"}});
    CHECK(hasProblem(problemsOf(noMessage), "midi[0].keys[6]: needs either \"note\" or \"cc\""));
    const Problems problems = problemsOf(doc);
    INFO(listing(problems));
    CHECK(hasProblem(problems, "osc.address: \"localhost\" is not an IPv4 or IPv6 address"));
    CHECK(hasProblem(problems, "osc.port: 70000 is out of range (1 to 65535, or 0 for none)"));
    CHECK(hasProblem(problems, "midi[0].keys[3].console: unknown console \"fr-1\""));
    CHECK(hasProblem(problems, "midi[0].keys[3].note: 128 is out of range (0 to 127)"));
    CHECK(hasProblem(problems, "midi[0].keys[4].key: unknown language channel \"fr\""));
    CHECK(hasProblem(problems, "midi[0].keys[5].key: unknown key \"shout\""));
    CHECK(hasProblem(problems, "midi[0].keys[5]: the same MIDI message as midi[0].keys[0]"));
}

TEST_CASE("recording settings round-trip and name every wrong entry", "[session]") {
    json doc = summit();
    doc["recording"] = {{"directory", "/srv/recordings"},
                        {"signals", {"floor", "en"}},
                        {"wav", true},
                        {"opus", {{"bitrateKbps", 96}, {"frameMs", 40}}}};
    const SessionLoad load = parseSession(doc.dump());
    INFO(listing(load.problems));
    REQUIRE(load.ok());
    REQUIRE(load.session.recording.has_value());
    CHECK(load.session.recording->signals == std::vector<std::string>{"floor", "en"});
    CHECK(load.session.recording->opus.bitrateKbps == 96);
    CHECK(load.session.recording->opus.complexity == 10); // the default stays
    CHECK(parseSession(sessionToJson(load.session)).session == load.session);

    doc["recording"] = {{"directory", ""},
                        {"signals", {"floor", "fr", "floor", 7}},
                        {"opus", {{"bitrateKbps", 2}, {"frameMs", 25}, {"complexity", 11}}}};
    const Problems problems = problemsOf(doc);
    INFO(listing(problems));
    CHECK(hasProblem(problems, "recording.signals[3]: expected a string, got an integer"));
    CHECK(problems.size() == 1); // a type error stops the document before validation
    doc["recording"]["signals"].erase(3);
    const Problems invalid = problemsOf(doc);
    INFO(listing(invalid));
    CHECK(hasProblem(invalid, "recording.directory: names no directory"));
    CHECK(hasProblem(invalid,
                     "recording.signals[1]: \"fr\" is neither \"floor\" nor a language channel"));
    CHECK(hasProblem(invalid, "recording.signals[2]: \"floor\" is recorded twice"));
    CHECK(hasProblem(invalid, "recording.opus.bitrateKbps: 2 is out of range (6 to 510 kbit/s)"));
    CHECK(hasProblem(invalid, "recording.opus.frameMs: 25 is not 10, 20, 40 or 60"));
    CHECK(hasProblem(invalid, "recording.opus.complexity: 11 is out of range (0 to 10)"));
}

TEST_CASE(
    "a session that calls its remote booths \"remote\" loads, says so, and saves the new name",
    "[session]") {
    json doc = summit();
    doc["remote"] = {{"port", 6000}, {"consoles", {{"ko-en-2", "a secret of sixteen+"}}}};
    const SessionLoad load = parseSession(doc.dump());
    INFO(listing(load.problems));
    REQUIRE(load.ok());
    REQUIRE(load.session.remoteBooths.has_value());
    CHECK(load.session.remoteBooths->port == 6000);
    REQUIRE(load.notices.size() == 1);
    CHECK(load.notices[0] == "\"remote\" is read as \"remoteBooths\", its new name; saving the "
                             "session writes the new name");
    const json saved = json::parse(sessionToJson(load.session));
    CHECK(saved.contains("remoteBooths"));
    CHECK_FALSE(saved.contains("remote"));
    CHECK(parseSession(saved.dump()).notices.empty());

    doc["remote"]["port"] = 0; // checked like the new name, and named so
    CHECK(hasProblem(parseSession(doc.dump()).problems,
                     "remoteBooths.port: 0 is out of range (1 to 65535)"));
    doc["remoteBooths"] = doc["remote"];
    CHECK(hasProblem(parseSession(doc.dump()).problems,
                     "remote: remote booths given twice: as \"remoteBooths\" and under their old "
                     "name \"remote\" (keep \"remoteBooths\")"));
}

TEST_CASE("remote booth settings round-trip and name every wrong entry", "[session]") {
    json doc = summit();
    doc["remoteBooths"] = {
        {"port", 6000}, {"frameMs", 5.0}, {"consoles", {{"ko-en-2", "a secret of sixteen+"}}}};
    const SessionLoad load = parseSession(doc.dump());
    INFO(listing(load.problems));
    REQUIRE(load.ok());
    REQUIRE(load.session.remoteBooths.has_value());
    CHECK(load.session.remoteBooths->port == 6000);
    CHECK(load.session.remoteBooths->frameMs == 5.0);
    CHECK(load.session.remoteBooths->redundancy); // the default stays
    CHECK(load.session.remoteBooths->consoles.at("ko-en-2") == "a secret of sixteen+");
    CHECK(parseSession(sessionToJson(load.session)).session == load.session);

    doc["remoteBooths"] = {{"port", 0},
                           {"frameMs", 20},
                           {"bitrateKbps", 1000},
                           {"consoles", {{"nobody", "a secret of sixteen+"}, {"ja-1", "short"}}}};
    doc["sampleRate"] = 44100;
    doc["io"] = {{"mics", {{"ja-1", 3}}}};
    const Problems problems = problemsOf(doc);
    INFO(listing(problems));
    CHECK(hasProblem(problems, "remoteBooths.port: 0 is out of range (1 to 65535)"));
    CHECK(
        hasProblem(problems, "remoteBooths.frameMs: must be 2.5, 5 or 10 (low-delay Opus frames)"));
    CHECK(hasProblem(problems, "remoteBooths.bitrateKbps: 1000 is out of range (6 to 510 kbit/s)"));
    CHECK(hasProblem(problems,
                     "remoteBooths.consoles.nobody: \"nobody\" is not a console of the session"));
    CHECK(hasProblem(
        problems, "remoteBooths.consoles.ja-1: the secret has 5 characters; it needs at least 16"));
    CHECK(hasProblem(problems,
                     "remoteBooths: remote booths need a session at 48000 Hz (Opus' rate)"));
    CHECK(
        hasProblem(problems, "io.mics.ja-1: is a remote console: its mic comes over the network"));

    doc["remoteBooths"] = {{"port", 6000}};
    CHECK(hasProblem(problemsOf(doc), "remoteBooths.consoles: missing required field"));
}

TEST_CASE("meeting settings round-trip and name every wrong entry", "[session]") {
    json doc = summit();
    doc["meeting"] = {{"janus", "https://meet.example.org/janus"},
                      {"room", 4242},
                      {"roomSecret", "the-room-secret"},
                      {"floorHost", "10.0.0.9"},
                      {"fallback", "device"},
                      {"floorLanguageFollowsSpeaker", true},
                      {"srtp", true}};
    const SessionLoad load = parseSession(doc.dump());
    INFO(listing(load.problems));
    REQUIRE(load.ok());
    REQUIRE(load.session.meeting.has_value());
    CHECK(load.session.meeting->room == 4242);
    CHECK(load.session.meeting->floorPort == 21900); // the default stays
    CHECK(load.session.meeting->fallback == MeetingFallback::Device);
    CHECK(load.session.meeting->floorLanguageFollowsSpeaker);
    CHECK(load.session.meeting->srtp);
    CHECK(parseSession(sessionToJson(load.session)).session == load.session);

    doc["meeting"] = {{"janus", "ws://janus:8188"},
                      {"room", 0},
                      {"roomSecret", "short"},
                      {"floorHost", ""},
                      {"floorPort", 5004}};
    doc["remoteBooths"] = {{"port", 5004}, {"consoles", {{"ja-1", "a-long-console-secret"}}}};
    const Problems problems = problemsOf(doc);
    INFO(listing(problems));
    CHECK(hasProblem(problems, "meeting.janus: \"ws://janus:8188\" is not Janus's HTTP API (e.g. "
                               "\"http://127.0.0.1:8088/janus\")"));
    CHECK(hasProblem(problems, "meeting.room: 0 is out of range (1 to 2e9)"));
    CHECK(hasProblem(problems,
                     "meeting.roomSecret: has 5 characters; it needs at least 8 (it guards the "
                     "room)"));
    CHECK(hasProblem(problems, "meeting.floorHost: names no host"));
    CHECK(hasProblem(problems, "meeting.floorPort: 5004 is remoteBooths.port too (a port each)"));
    doc.erase("remoteBooths");
    doc["meeting"] = {{"roomSecret", "the-room-secret"}, {"fallback", "mic"}};
    CHECK(hasProblem(problemsOf(doc),
                     "meeting.fallback: expected \"silence\" or \"device\", got \"mic\""));
    doc["meeting"] = {{"roomSecret", "the-room-secret"}, {"floorLanguageFollowsSpeaker", "yes"}};
    CHECK(hasProblem(problemsOf(doc),
                     "meeting.floorLanguageFollowsSpeaker: expected true or false, got a string"));
    doc["meeting"] = {{"room", 7800}};
    CHECK(hasProblem(problemsOf(doc), "meeting.roomSecret: missing required field"));
    doc["meeting"] = {{"roomSecret", "the-room-secret"}, {"floorPort", 80}};
    doc["sampleRate"] = 44100;
    const Problems rate = problemsOf(doc);
    CHECK(hasProblem(rate, "meeting.floorPort: 80 is not a port from 1024 to 65535"));
    CHECK(hasProblem(rate, "meeting: a meeting floor needs a session at 48000 Hz (Opus' rate)"));
}

TEST_CASE("web listener settings round-trip and name every wrong entry", "[session]") {
    json doc = summit();
    doc["webListeners"] = {
        {"janus", "http://10.0.0.5:8088/janus"},
        {"secret", "mountpoints-secret"},
        {"signals", {"en", "floor"}},
        {"firstPort", 30000},
        {"frameMs", 20},
        {"srtp", true},
        {"moreServers",
         {{{"janus", "https://janus2.example.org/janus"}, {"rtpHost", "10.0.0.6"}}}}};
    const SessionLoad load = parseSession(doc.dump());
    INFO(listing(load.problems));
    REQUIRE(load.ok());
    REQUIRE(load.session.webListeners.has_value());
    CHECK(load.session.webListeners->signals == std::vector<std::string>{"en", "floor"});
    CHECK(load.session.webListeners->firstId == 7700); // the default stays
    CHECK(load.session.webListeners->bitrateKbps == 64);
    REQUIRE(load.session.webListeners->servers().size() == 2);
    CHECK(load.session.webListeners->servers()[1].firstPort == 20000); // its own default
    CHECK(parseSession(sessionToJson(load.session)).session == load.session);

    doc["webListeners"] = {
        {"janus", "ws://janus:8188"},
        {"secret", "short"},
        {"signals", {"en", "en", "fr"}},
        {"firstPort", 65534},
        {"firstId", 0},
        {"bitrateKbps", 3},
        {"frameMs", 40},
        {"moreServers", {{{"janus", "http://j2:8088/janus"}, {"firstPort", 65534}}}}};
    const Problems problems = problemsOf(doc);
    INFO(listing(problems));
    CHECK(hasProblem(problems, "webListeners.janus: \"ws://janus:8188\" is not Janus's HTTP API "
                               "(e.g. \"http://127.0.0.1:8088/janus\")"));
    CHECK(hasProblem(problems, "webListeners.secret: has 5 characters; it needs at least 8 (it "
                               "guards the mountpoints)"));
    CHECK(hasProblem(problems, "webListeners.signals[1]: \"en\" is listed twice"));
    CHECK(hasProblem(
        problems, "webListeners.signals[2]: \"fr\" is neither \"floor\" nor a language channel"));
    CHECK(hasProblem(problems, "webListeners.firstPort: 65534 leaves no room for 3 signals (two "
                               "ports each, from 1024 to 65535)"));
    CHECK(hasProblem(problems, "webListeners.firstId: 0 is out of range (1 to 2e9)"));
    CHECK(hasProblem(problems, "webListeners.bitrateKbps: 3 is out of range (6 to 510 kbit/s)"));
    CHECK(hasProblem(problems, "webListeners.frameMs: 40 is not 10 or 20 (ms per RTP packet)"));
    CHECK(hasProblem(problems, "webListeners.moreServers[0]: takes the RTP on the same host and "
                               "ports as a server before it (a Janus per host, or ports of its "
                               "own)"));
    CHECK(hasProblem(problems, "webListeners.moreServers[0].firstPort: 65534 leaves no room for "
                               "3 signals (two ports each, from 1024 to 65535)"));

    doc["webListeners"] = {{"secret", "mountpoints-secret"}, {"moreServers", {{{"rtpHost", 7}}}}};
    CHECK(hasProblem(problemsOf(doc),
                     "webListeners.moreServers[0].rtpHost: expected a string, got an integer"));

    doc["webListeners"] = {{"janus", "http://127.0.0.1:8088/janus"}};
    CHECK(hasProblem(problemsOf(doc), "webListeners.secret: missing required field"));
    doc["webListeners"] = {{"secret", "mountpoints-secret"}};
    doc["sampleRate"] = 44100;
    CHECK(hasProblem(problemsOf(doc),
                     "webListeners: web listeners need a session at 48000 Hz (Opus' rate)"));
}

TEST_CASE("stream settings round-trip and name every wrong entry", "[session]") {
    json doc = summit();
    doc["streams"] = {{"password", "hackme"},
                      {"port", 8001},
                      {"mounts", {{"en", "/en.opus"}, {"floor", "/floor.opus"}}},
                      {"opus", {{"bitrateKbps", 48}}}};
    const SessionLoad load = parseSession(doc.dump());
    INFO(listing(load.problems));
    REQUIRE(load.ok());
    REQUIRE(load.session.streams.has_value());
    CHECK(load.session.streams->mounts.at("floor") == "/floor.opus");
    CHECK(load.session.streams->port == 8001);
    CHECK(load.session.streams->host == "127.0.0.1"); // the default stays
    CHECK(parseSession(sessionToJson(load.session)).session == load.session);

    doc["streams"] = {{"password", ""},
                      {"host", ""},
                      {"port", 70000},
                      {"mounts", {{"en", "/same.opus"}, {"ja", "/same.opus"}, {"fr", "en"}}},
                      {"opus", {{"complexity", 12}}}};
    const Problems problems = problemsOf(doc);
    INFO(listing(problems));
    CHECK(hasProblem(problems, "streams.password: is empty (Icecast's source password)"));
    CHECK(hasProblem(problems, "streams.host: names no server"));
    CHECK(hasProblem(problems, "streams.port: 70000 is out of range (1 to 65535)"));
    CHECK(hasProblem(problems, "streams.mounts.ja: \"/same.opus\" is already streams.mounts.en"));
    CHECK(hasProblem(problems,
                     "streams.mounts.fr: \"fr\" is neither \"floor\" nor a language channel"));
    CHECK(hasProblem(
        problems, "streams.mounts.fr: \"en\" is not a mount point (a path such as \"/en.opus\")"));
    CHECK(hasProblem(problems, "streams.opus.complexity: 12 is out of range (0 to 10)"));

    doc["streams"] = {{"password", "hackme"}, {"mounts", {{"en", 7}}}};
    CHECK(hasProblem(problemsOf(doc), "streams.mounts.en: expected a string, got an integer"));
    doc["streams"] = {{"port", 8000}};
    CHECK(hasProblem(problemsOf(doc), "streams.password: missing required field"));
}

TEST_CASE("program feeds and the outputs that take them round-trip and name every wrong entry",
          "[session][program]") {
    json doc = summit();
    doc["channels"][1]["program"] = {{"bed",
                                      {{"enabled", true},
                                       {"levelDb", -22},
                                       {"duckDb", 10},
                                       {"thresholdDbfs", -40},
                                       {"attackMs", 50},
                                       {"holdMs", 500},
                                       {"releaseMs", 900}}},
                                     {"loudnessLufs", -16},
                                     {"truePeakDbtp", -1.5},
                                     {"delayMs", 160}};
    doc["channels"][0]["program"] = {{"loudnessLufs", nullptr}};
    doc["recording"] = {{"signals", {"floor", "en"}}, {"feed", "program"}};
    doc["streams"] = {
        {"password", "hackme"}, {"mounts", {{"ko", "/ko.opus"}}}, {"feed", "program"}};
    doc["io"] = {{"channels", {{"en", 1}}}, {"programs", {{"en", 2}, {"ko", 3}}}};
    const SessionLoad load = parseSession(doc.dump());
    INFO(listing(load.problems));
    REQUIRE(load.ok());
    const ProgramFeed& en = *load.session.channels[1].program;
    CHECK(en.bed.enabled);
    CHECK(en.bed.holdMs == 500.0);
    CHECK(en.loudnessLufs == -16.0);
    CHECK(en.delayMs == 160.0);
    CHECK_FALSE(load.session.channels[0].program->loudnessLufs.has_value()); // null: none
    CHECK(load.session.channels[0].program->truePeakDbtp == -1.0);           // the default
    CHECK_FALSE(load.session.channels[2].program.has_value());
    CHECK(load.session.recording->feed == FeedKind::Program);
    CHECK(load.session.io->programs.at("ko") == 3);
    CHECK(parseSession(sessionToJson(load.session)).session == load.session);

    // A word the reader does not know comes first (no rule is checked on a misread file)...
    json misread = doc;
    misread["streams"]["feed"] = "mastered";
    CHECK(hasProblem(problemsOf(misread),
                     "streams.feed: expected \"channel\" or \"program\", got \"mastered\""));
    // ...then every rule at once.
    doc["channels"][1]["program"]["bed"]["attackMs"] = 0;
    doc["channels"][1]["program"]["delayMs"] = 2500;
    doc["channels"][1]["program"]["loudnessLufs"] = -2;
    doc["channels"][1]["program"]["truePeakDbtp"] = 1;
    doc["channels"][1]["floorBed"]["enabled"] = true; // a fixed bed too
    doc["recording"]["signals"] = json::array();      // every channel: ja has no program
    doc["io"]["programs"]["ja"] = 4;                  // no program feed
    doc["io"]["programs"]["en"] = 1;                  // channel en's own output
    const Problems problems = problemsOf(doc);
    INFO(listing(problems));
    CHECK(
        hasProblem(problems, "channels[1].program.bed.attackMs: 0 ms is out of range (1 to 2000)"));
    CHECK(hasProblem(problems, "channels[1].program.delayMs: 2500 ms is out of range (0 to 2000)"));
    CHECK(hasProblem(problems,
                     "channels[1].program.loudnessLufs: -2 LUFS is out of range (-40 to -5)"));
    CHECK(hasProblem(problems,
                     "channels[1].program.truePeakDbtp: 1 dBTP is out of range (-20 to 0)"));
    CHECK(hasProblem(problems, "channels[1].program.bed.enabled: the channel already carries a "
                               "fixed floor bed (floorBed): the program's ducked bed takes its "
                               "place, so switch one off"));
    CHECK(hasProblem(problems, "recording.feed: \"program\", but channel \"ja\" has no program "
                               "feed (channels[2].program)"));
    CHECK(hasProblem(problems, "io.programs.ja: channel \"ja\" has no program feed (its program)"));
    CHECK(hasProblem(problems, "io.programs.en: device output 1 is already io.channels.en"));
}
