// See OscClient.h.
#include "OscClient.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <utility>

namespace dragoman::test {

OscClient::OscClient(int dragomanPort)
    : server_(lo_server_new(nullptr, nullptr)),
      target_(lo_address_new("127.0.0.1", std::to_string(dragomanPort).c_str())) {
    lo_server_add_method(server_, nullptr, nullptr, &OscClient::collect, this);
}

OscClient::~OscClient() {
    lo_address_free(target_);
    lo_server_free(server_);
}

void OscClient::send(lo_message message, const char* address) {
    lo_send_message_from(target_, server_, address, message);
    lo_message_free(message);
}

void OscClient::send(lo_bundle bundle) {
    lo_send_bundle_from(target_, server_, bundle);
    lo_bundle_free_recursive(bundle);
}

std::vector<std::string> OscClient::receive(int ms) {
    while (lo_server_recv_noblock(server_, ms) > 0) {
    }
    return std::exchange(replies_, {});
}

int OscClient::collect(const char* path, const char* types, lo_arg** argv, int argc, lo_message,
                       void* self) {
    std::string text = path;
    for (int i = 0; i < argc; ++i) {
        if (types[i] == LO_INT32)
            text += " " + std::to_string(argv[i]->i);
        else if (types[i] == LO_FLOAT)
            text += " " + std::to_string(static_cast<int>(std::lround(argv[i]->f)));
        else if (types[i] == LO_STRING)
            text += " \"" + std::string(&argv[i]->s) + "\"";
    }
    static_cast<OscClient*>(self)->replies_.push_back(text);
    return 0;
}

bool OscClient::waitForState(const std::string& line, double seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < deadline) {
        send(lo_message_new(), "/dragoman/state");
        const std::vector<std::string> replies = receive(200);
        if (std::find(replies.begin(), replies.end(), line) != replies.end())
            return true;
    }
    return false;
}

} // namespace dragoman::test
