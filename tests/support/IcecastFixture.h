// A real Icecast 2 server for tests: its own configuration (a free port on 127.0.0.1, a
// source password, a web root) in a temporary directory, started and stopped with the
// fixture. And a minimal HTTP client, to listen to a mount as a player does.
#pragma once

#include "JackFixture.h"

#include <memory>
#include <string>
#include <vector>

namespace dragoman::test {

class IcecastServer {
public:
    static constexpr const char* kPassword = "dragoman-test-source";

    // `webroot`: the directory Icecast serves files from (its own one if empty).
    explicit IcecastServer(int port, const std::string& webroot = "");
    ~IcecastServer();
    IcecastServer(const IcecastServer&) = delete;
    IcecastServer& operator=(const IcecastServer&) = delete;

    bool ready() const { return ready_; }
    int port() const { return port_; }
    // The summit example streaming its en and ja channels to this server (/en.opus, /ja.opus).
    void writeStreamingSession(const std::string& path) const;
    // Stops the server (SIGTERM) and starts it again on the same port.
    bool restart();
    // Ends the server with `signal` (SIGTERM: it closes its connections; SIGKILL: the kernel
    // does) and waits until it has gone; start() brings it back on the same port.
    void stop(int signal);
    bool start();

private:
    int port_;
    std::string directory_;
    std::unique_ptr<ChildProcess> icecast_;
    bool ready_ = false;
};

// What a GET of `path` on 127.0.0.1:`port` returns in `seconds` (the body, headers removed),
// or "" if nothing answered.
std::string httpGet(int port, const std::string& path, double seconds);

// A TCP port nothing listens on now, for a test's server.
int freePort();

} // namespace dragoman::test
