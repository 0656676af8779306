// What web listener and meeting tests and benchmarks run: a real Janus WebRTC server, and the
// live listener and meeting pages on a static web server. Janus: the Debian package's binary
// with a configuration of its own in a temporary folder (the Streaming and AudioBridge plugins
// with an admin key, the HTTP transport on a port of loopback, every other plugin and
// transport off), stopped and restarted at will.
// WebRTC needs an address other than loopback, so tests that play media run in a private
// network namespace with a veth pair (PrivateNetwork).
#pragma once

#include "support/JackFixture.h"

#include <memory>
#include <string>

namespace dragoman::test {

class JanusServer {
public:
    static constexpr const char* kAdminKey = "dragoman-test-admin-key";

    // `streamingJcfg`: mountpoints for janus.plugin.streaming.jcfg beyond its general section;
    // `icePorts`: its UDP ports for WebRTC (two servers on one machine keep apart).
    explicit JanusServer(int httpPort, std::string streamingJcfg = "",
                         const std::string& icePorts = "40000-40999");
    ~JanusServer();
    JanusServer(const JanusServer&) = delete;
    JanusServer& operator=(const JanusServer&) = delete;

    bool ready() const { return ready_; }
    std::string api() const; // http://127.0.0.1:PORT/janus
    int httpPort() const { return port_; }
    void stop(int signal);
    bool start(); // waits until its HTTP API gives a session (up to 20 s)
    std::string log() const;
    int pid() const { return janus_ ? janus_->pid() : -1; }

private:
    const int port_;
    const std::string directory_;
    std::unique_ptr<ChildProcess> janus_;
    bool ready_ = false;
};

// Makes the test process's network namespace (its own, from `unshare -n`: see
// tests/CMakeLists.txt) usable for WebRTC: loopback up and a veth pair with private addresses
// (10.213.0.1/24 and .2) for Janus and the browser to meet on. False if it cannot, or if the
// namespace is not a private one (a veth pair added to the machine's would leak out).
bool preparePrivateNetwork();

// web/live.html, meeting.html, listener.css and Debian's scripts under /javascript/, as a static
// web server's root holds them (docs/streaming.md), served by Python's http.server on loopback.
class LivePageSite {
public:
    LivePageSite();
    ~LivePageSite();
    LivePageSite(const LivePageSite&) = delete;
    LivePageSite& operator=(const LivePageSite&) = delete;
    // The page, on the Janus HTTP API `janus`.
    std::string url(const std::string& janus) const;
    // The meeting page (web/meeting.html) for room `room`.
    std::string meetingUrl(const std::string& janus, int room) const;

private:
    const std::string root_;
    const int port_;
    std::unique_ptr<ChildProcess> server_;
};

} // namespace dragoman::test
