// A UDP socket bound to one local address and port (RAII). Control thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <netinet/in.h>
#include <optional>
#include <span>
#include <string>
#include <sys/socket.h>
#include <vector>

namespace dragoman {

class ThreadWake;

struct UdpPeer {
    sockaddr_storage address{};
    socklen_t length = 0;
    bool operator==(const UdpPeer& other) const;
    std::string describe() const; // "127.0.0.1:53211"
    bool isIpv6() const;
    // The IP address alone, in network order (4 or 16 bytes; none for another family): what
    // allow-lists and per-address budgets go by, whatever the port.
    std::span<const std::uint8_t> hostBytes() const {
        if (address.ss_family == AF_INET)
            return {reinterpret_cast<const std::uint8_t*>(
                        &reinterpret_cast<const sockaddr_in&>(address).sin_addr),
                    4};
        if (address.ss_family == AF_INET6)
            return {reinterpret_cast<const std::uint8_t*>(
                        &reinterpret_cast<const sockaddr_in6&>(address).sin6_addr),
                    16};
        return {};
    }
    // `host` (a name or an address literal) and `port`; throws std::runtime_error naming the
    // host if it cannot be resolved.
    static UdpPeer resolve(const std::string& host, int port);
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
    // The same into `buffer` (for a stream of packets: no allocation); returns its size.
    std::optional<std::size_t> receiveInto(std::span<std::uint8_t> buffer, UdpPeer& from,
                                           std::chrono::milliseconds timeout);
    void send(const UdpPeer& to, std::span<const std::uint8_t> bytes);

    // Waits at most `timeout` for a datagram or for `wake` to be signalled; says which came
    // (both, or neither on the timeout). The datagram is then taken with receiveInto and no
    // wait.
    struct Ready {
        bool datagram = false;
        bool woken = false;
    };
    Ready wait(const ThreadWake& wake, std::chrono::milliseconds timeout) const;
    // After a wait that said so: the datagrams already waiting, at most `most` (so a flood
    // cannot hold back what else the thread serves), each into `buffer` and handed to
    // `take(bytes, from)`; no wait.
    template <typename Take>
    void receiveWaiting(std::span<std::uint8_t> buffer, int most, Take&& take) {
        for (int n = 0; n < most; ++n) {
            UdpPeer from;
            const auto size = receiveInto(buffer, from, std::chrono::milliseconds(0));
            if (!size)
                return;
            take(buffer.first(*size), from);
        }
    }

private:
    int fd_ = -1;
    int port_ = 0;
};

} // namespace dragoman
