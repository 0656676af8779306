// Janus's answers as the web listeners and the meeting link read them: what each reader takes
// from an answer of the right shape, and that a field of another type is passed over, never
// thrown (the fuzz target tries everything else).
#include "janus/JanusAnswer.h"

#include "meeting/MeetingAnswers.h"

#include <catch2/catch.hpp>

using namespace dragoman;
using json = nlohmann::json;

TEST_CASE("a Streaming info answer gives its secret, metadata, first port and viewers") {
    const json answer = json::parse(R"({"streaming": "info", "info": {
        "id": 901, "secret": "s3", "metadata": "{\"dragoman\":1}", "viewers": 4,
        "media": [{"mid": "a", "port": 21902}, {"mid": "d", "port": 21903}]}})");
    const auto info = mountpointInfoIn(answer);
    REQUIRE(info);
    CHECK(info->secret == "s3");
    CHECK(info->metadata == "{\"dragoman\":1}");
    CHECK(info->firstMediaPort == 21902);
    CHECK(info->viewers == 4);
}

TEST_CASE("a Streaming info answer with fields of other types reads as without them") {
    const json answer = json::parse(R"({"info": {"secret": 7, "metadata": ["x"],
        "viewers": "four", "media": [{"port": "21902"}]}})");
    const auto info = mountpointInfoIn(answer);
    REQUIRE(info);
    CHECK_FALSE(info->secret);
    CHECK_FALSE(info->metadata);
    CHECK_FALSE(info->viewers);
    CHECK_FALSE(info->firstMediaPort);
    CHECK_FALSE(mountpointInfoIn(json::parse(R"({"info": [1, 2]})")));
    CHECK_FALSE(mountpointInfoIn(json::array()));
    CHECK_FALSE(mountpointInfoIn(json::parse(R"({"info": {"media": []}})"))->firstMediaPort);
}

TEST_CASE("the AudioBridge's answers give the room, its rate and our forwarder") {
    CHECK(roomExistsIn(json::parse(R"({"audiobridge": "success", "exists": true})")));
    CHECK_FALSE(roomExistsIn(json::parse(R"({"exists": "true"})")));
    const json list = json::parse(R"({"list": [{"room": 1, "sampling_rate": 16000},
        {"room": 7800, "sampling_rate": 48000}, {"room": "7801", "sampling_rate": 8000}]})");
    CHECK(roomRateIn(list, 7800) == 48000);
    CHECK(roomRateIn(list, 1) == 16000);
    CHECK_FALSE(roomRateIn(list, 7801));
    CHECK(forwarderIdIn(json::parse(R"({"stream_id": 123456})")) == 123456u);
    CHECK_FALSE(forwarderIdIn(json::parse(R"({"stream_id": -1})")));
    const json forwarders = json::parse(
        R"({"rtp_forwarders": [{"stream_id": 5, "port": 21900}, {"stream_id": 6, "port": "1"}]})");
    CHECK(forwarderListedIn(forwarders, 5, 21900));
    CHECK_FALSE(forwarderListedIn(forwarders, 5, 21901)); // ours is at another port
    CHECK_FALSE(forwarderListedIn(forwarders, 6, 1));
}

TEST_CASE("a plugin refusal is a Refused error with the plugin's code") {
    const json answer = json::parse(R"({"janus": "success", "plugindata": {"plugin":
        "janus.plugin.audiobridge", "data": {"error_code": 485, "error": "No such room"}}})");
    try {
        pluginAnswer(answer);
        FAIL("a refusal was taken as an answer");
    } catch (const JanusError& e) {
        CHECK(e.kind == JanusError::Kind::Refused);
        CHECK(e.code == 485);
        CHECK(std::string(e.what()).find("No such room") != std::string::npos);
    }
}
