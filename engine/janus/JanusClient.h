// A client of the Janus WebRTC server's HTTP API (the REST transport), holding one Janus
// session with one plugin attached (the Streaming plugin for web listeners' mountpoints, the
// AudioBridge for a meeting's room): synchronous requests to it, and keepalives. libcurl carries
// the requests; answers of at most 1 MiB are read as JanusAnswer.h reads them. One thread only.
#pragma once

#include "janus/JanusAnswer.h"

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace dragoman {

class JanusClient {
public:
    static constexpr const char* kStreaming = "janus.plugin.streaming";
    static constexpr const char* kAudioBridge = "janus.plugin.audiobridge";

    // `url`: the HTTP API ("http://host:8088/janus"); `apiSecret`: Janus's api_secret or "";
    // `plugin`: the plugin to attach.
    JanusClient(std::string url, std::string apiSecret, std::string plugin = kStreaming);
    ~JanusClient();
    JanusClient(const JanusClient&) = delete;
    JanusClient& operator=(const JanusClient&) = delete;

    // Creates a Janus session and attaches the plugin. Throws JanusError.
    void connect();
    bool connected() const { return session_ != 0; }
    void forget() { session_ = handle_ = 0; } // after SessionGone or Unreachable

    // One synchronous plugin request (create, info, destroy, list, rtp_forward...): the
    // plugin's answer. A plugin error (`error_code`) is thrown as Refused with its code.
    nlohmann::json request(const nlohmann::json& body);
    nlohmann::json streaming(const nlohmann::json& body) { return request(body); }
    // Keeps the Janus session alive (Janus ends one after 60 s of silence).
    void keepalive();

    static constexpr std::size_t kMostAnswerBytes = 1 << 20;
    static constexpr std::chrono::milliseconds kTimeout{2000};

private:
    nlohmann::json post(const std::string& path, nlohmann::json message);

    const std::string url_;
    const std::string apiSecret_;
    const std::string plugin_;
    std::uint64_t session_ = 0;
    std::uint64_t handle_ = 0;
    std::uint64_t transaction_ = 0;
    void* curl_ = nullptr; // CURL*, reused between requests (keeps the connection)
};

} // namespace dragoman
