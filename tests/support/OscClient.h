// A liblo OSC peer for tests: sends to Dragoman from a port of its own and collects every
// reply as text ("ADDRESS ARG ..."), as a remote control surface would.
#pragma once

#include <lo/lo.h>
#include <string>
#include <vector>

namespace dragoman::test {

class OscClient {
public:
    explicit OscClient(int dragomanPort);
    ~OscClient();
    OscClient(const OscClient&) = delete;
    OscClient& operator=(const OscClient&) = delete;

    // Sends and frees the message or bundle.
    void send(lo_message message, const char* address);
    void send(lo_bundle bundle);
    int port() const { return lo_server_get_port(server_); }

    // Replies that arrived within `ms` of quiet, as "ADDRESS ARG ..." (strings quoted, floats
    // rounded to integers).
    std::vector<std::string> receive(int ms = 100);
    // Asks for /dragoman/state again and again until a reply line is `line`, or `seconds` pass.
    bool waitForState(const std::string& line, double seconds);

private:
    static int collect(const char* path, const char* types, lo_arg** argv, int argc, lo_message,
                       void* self);
    lo_server server_;
    lo_address target_;
    std::vector<std::string> replies_;
};

} // namespace dragoman::test
