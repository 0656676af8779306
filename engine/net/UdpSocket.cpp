// See UdpSocket.h.
#include "UdpSocket.h"

#include "ThreadWake.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <unistd.h>

namespace dragoman {

bool UdpPeer::operator==(const UdpPeer& other) const {
    return length == other.length && std::memcmp(&address, &other.address, length) == 0;
}

std::string UdpPeer::describe() const {
    char text[INET6_ADDRSTRLEN] = {};
    int port = 0;
    if (address.ss_family == AF_INET) {
        const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
        inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
        port = ntohs(v4.sin_port);
    } else {
        const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
        inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
        port = ntohs(v6.sin6_port);
    }
    return std::string(text) + ":" + std::to_string(port);
}

bool UdpPeer::isIpv6() const {
    return address.ss_family == AF_INET6;
}

UdpPeer UdpPeer::resolve(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_flags = AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (const int error = getaddrinfo(host.c_str(), service.c_str(), &hints, &found);
        error != 0 || found == nullptr)
        throw std::runtime_error("cannot find host \"" + host + "\": " + gai_strerror(error));
    UdpPeer peer;
    std::memcpy(&peer.address, found->ai_addr, found->ai_addrlen);
    peer.length = found->ai_addrlen;
    freeaddrinfo(found);
    return peer;
}

UdpSocket::UdpSocket(const std::string& address, int port) {
    sockaddr_storage local{};
    socklen_t length = 0;
    auto& v4 = reinterpret_cast<sockaddr_in&>(local);
    auto& v6 = reinterpret_cast<sockaddr_in6&>(local);
    if (inet_pton(AF_INET, address.c_str(), &v4.sin_addr) == 1) {
        v4.sin_family = AF_INET;
        v4.sin_port = htons(static_cast<std::uint16_t>(port));
        length = sizeof v4;
    } else if (inet_pton(AF_INET6, address.c_str(), &v6.sin6_addr) == 1) {
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(static_cast<std::uint16_t>(port));
        length = sizeof v6;
    } else {
        throw std::runtime_error("\"" + address + "\" is not an IPv4 or IPv6 address");
    }
    const std::string where = address + ":" + std::to_string(port);
    fd_ = socket(local.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0)
        throw std::runtime_error("cannot open a UDP socket: " + std::string(strerror(errno)));
    if (bind(fd_, reinterpret_cast<const sockaddr*>(&local), length) != 0) {
        const std::string why = strerror(errno);
        close(fd_);
        throw std::runtime_error("cannot listen on " + where + ": " + why);
    }
    getsockname(fd_, reinterpret_cast<sockaddr*>(&local), &length);
    port_ = ntohs(local.ss_family == AF_INET ? v4.sin_port : v6.sin6_port);
}

UdpSocket::~UdpSocket() {
    close(fd_);
}

std::optional<Datagram> UdpSocket::receive(std::chrono::milliseconds timeout) {
    Datagram datagram;
    datagram.bytes.resize(65536);
    const auto size = receiveInto(datagram.bytes, datagram.from, timeout);
    if (!size)
        return std::nullopt;
    datagram.bytes.resize(*size);
    return datagram;
}

std::optional<std::size_t> UdpSocket::receiveInto(std::span<std::uint8_t> buffer, UdpPeer& from,
                                                  std::chrono::milliseconds timeout) {
    pollfd waiting{fd_, POLLIN, 0};
    if (poll(&waiting, 1, static_cast<int>(timeout.count())) <= 0)
        return std::nullopt;
    from.length = sizeof from.address;
    const ssize_t size = recvfrom(fd_, buffer.data(), buffer.size(), 0,
                                  reinterpret_cast<sockaddr*>(&from.address), &from.length);
    if (size < 0)
        return std::nullopt;
    return static_cast<std::size_t>(size);
}

UdpSocket::Ready UdpSocket::wait(const ThreadWake& wake, std::chrono::milliseconds timeout) const {
    pollfd waiting[2] = {{fd_, POLLIN, 0}, {wake.fd(), POLLIN, 0}};
    if (poll(waiting, 2, static_cast<int>(timeout.count())) <= 0)
        return {};
    return {(waiting[0].revents & POLLIN) != 0, (waiting[1].revents & POLLIN) != 0};
}

void UdpSocket::send(const UdpPeer& to, std::span<const std::uint8_t> bytes) {
    // Best effort, as UDP is: a listener that went away is not an error of ours.
    sendto(fd_, bytes.data(), bytes.size(), MSG_DONTWAIT | MSG_NOSIGNAL,
           reinterpret_cast<const sockaddr*>(&to.address), to.length);
}

} // namespace dragoman
