// A UDP socket bound to one local address and port (RAII). Control thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <sys/socket.h>
#include <vector>

namespace dragoman {

struct UdpPeer {
    sockaddr_storage address{};
    socklen_t length = 0;
    bool operator==(const UdpPeer& other) const;
    std::string describe() const; // "127.0.0.1:53211"
};

struct Datagram {
    std::vector<std::uint8_t> bytes;
    UdpPeer from;
};

class UdpSocket {
public:
    // Binds `address` (an IPv4 or IPv6 literal) and `port` (0 = any free port). Throws
    // std::runtime_error naming the address and the reason.
    UdpSocket(const std::string& address, int port);
    ~UdpSocket();
    UdpSocket(const UdpSocket&) = delete;
    UdpSocket& operator=(const UdpSocket&) = delete;

    int port() const { return port_; }
    // The next datagram, waiting at most `timeout`.
    std::optional<Datagram> receive(std::chrono::milliseconds timeout);
    void send(const UdpPeer& to, std::span<const std::uint8_t> bytes);

private:
    int fd_ = -1;
    int port_ = 0;
};

} // namespace dragoman
