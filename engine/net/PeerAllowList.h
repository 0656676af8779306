// Who may send to a server: IP addresses ("192.168.1.20", "::1") and networks in CIDR notation
// ("192.168.1.0/24", "fd00::/8"). An empty list allows everyone. Parsing says which entry is
// not an address or network, for the session's validation.
#pragma once

#include "net/UdpSocket.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dragoman {

class PeerAllowList {
public:
    struct Network {
        int family = 0;                       // AF_INET or AF_INET6
        std::array<std::uint8_t, 16> bytes{}; // the address, network order
        int prefixBits = 0;
    };

    // The network an entry names, or nothing if it is neither an address nor a network.
    static std::optional<Network> parse(const std::string& entry);

    PeerAllowList() = default;
    // Entries that do not parse are left out (validation refuses them before this).
    explicit PeerAllowList(const std::vector<std::string>& entries);
    bool allows(const UdpPeer& peer) const;

private:
    std::vector<Network> networks_;
};

} // namespace dragoman
