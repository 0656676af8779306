// The structured log's line bodies: text lines stay readable and greppable (logfmt fields,
// quoted only when they must be), JSON lines stay valid JSON whatever a device or file name
// holds (quotes, newlines, broken UTF-8), and numbers stay numbers.
#include "headless/RunLog.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace dragoman;

TEST_CASE("text log lines carry the message, then each field as key=value", "[headless]") {
    CHECK(RunLog::body(LogFormat::Text, "device.lost", "device lost, console state kept",
                       {{"reason", "stream stopped"}, {"xruns", 3}, {"device", "system"}}) ==
          R"(device lost, console state kept  reason="stream stopped" xruns=3 device=system)");
    CHECK(RunLog::body(LogFormat::Text, "x", "m", {{"empty", ""}, {"eq", "a=b"}}) ==
          R"(m  empty="" eq="a=b")");
    CHECK(RunLog::body(LogFormat::Text, "x", "just a message", {}) == "just a message");
}

TEST_CASE("JSON log lines are valid JSON objects with the event, message and typed fields",
          "[headless]") {
    const std::string brokenUtf8 = "USB \xff\xfe Audio";
    const std::string body =
        RunLog::body(LogFormat::Json, "device.lost", "lost \"system\"\nagain",
                     {{"device", brokenUtf8}, {"rate_hz", 48000.0}, {"losses", 2}});
    const auto line = nlohmann::json::parse("{" + body + "}");
    CHECK(line["event"] == "device.lost");
    CHECK(line["message"] == "lost \"system\"\nagain");
    CHECK(line["rate_hz"].is_number());
    CHECK(line["rate_hz"] == 48000.0);
    CHECK(line["losses"] == 2);
    CHECK_THAT(line["device"].get<std::string>(),
               Catch::StartsWith("USB ") && Catch::EndsWith(" Audio"));
}

TEST_CASE("log levels and formats are read by name, and nothing else is", "[headless]") {
    CHECK(parseLogLevel("debug") == LogLevel::Debug);
    CHECK(parseLogLevel("warn") == LogLevel::Warn);
    CHECK_FALSE(parseLogLevel("verbose"));
    CHECK_FALSE(parseLogLevel("INFO"));
    CHECK(parseLogFormat("json") == LogFormat::Json);
    CHECK_FALSE(parseLogFormat("xml"));

    const RunLog quiet(LogLevel::Warn, LogFormat::Text);
    CHECK_FALSE(quiet.enabled(LogLevel::Info));
    CHECK(quiet.enabled(LogLevel::Error));
}
