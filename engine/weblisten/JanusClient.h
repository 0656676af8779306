// A client of the Janus WebRTC server's HTTP API (the REST transport), holding one Janus
// session with the Streaming plugin attached: enough to create, inspect and destroy
// mountpoints. libcurl carries the requests; answers of at most 1 MiB are read as
// JanusAnswer.h reads them. One thread only.
#pragma once

#include "weblisten/JanusAnswer.h"

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace dragoman {

class JanusClient {
public:
    // `url`: the HTTP API ("http://host:8088/janus"); `apiSecret`: Janus's api_secret or "".
    JanusClient(std::string url, std::string apiSecret);
    ~JanusClient();
    JanusClient(const JanusClient&) = delete;
    JanusClient& operator=(const JanusClient&) = delete;

    // Creates a Janus session and attaches the Streaming plugin. Throws JanusError.
    void connect();
    bool connected() const { return session_ != 0; }
    void forget() { session_ = handle_ = 0; } // after SessionGone or Unreachable

    // One synchronous Streaming plugin request (create, info, destroy, list): the plugin's
    // answer. A plugin error (`error_code`) is thrown as Refused with its code.
    nlohmann::json streaming(const nlohmann::json& body);
    // Keeps the Janus session alive (Janus ends one after 60 s of silence).
    void keepalive();

    static constexpr std::size_t kMostAnswerBytes = 1 << 20;
    static constexpr std::chrono::milliseconds kTimeout{2000};

private:
    nlohmann::json post(const std::string& path, nlohmann::json message);

    const std::string url_;
    const std::string apiSecret_;
    std::uint64_t session_ = 0;
    std::uint64_t handle_ = 0;
    std::uint64_t transaction_ = 0;
    void* curl_ = nullptr; // CURL*, reused between requests (keeps the connection)
};

} // namespace dragoman
