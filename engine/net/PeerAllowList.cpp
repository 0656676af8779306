// See PeerAllowList.h.
#include "PeerAllowList.h"

#include <arpa/inet.h>
#include <cstring>
#include <netinet/in.h>

namespace dragoman {

std::optional<PeerAllowList::Network> PeerAllowList::parse(const std::string& entry) {
    const auto slash = entry.find('/');
    const std::string address = entry.substr(0, slash);
    Network n;
    if (inet_pton(AF_INET, address.c_str(), n.bytes.data()) == 1) {
        n.family = AF_INET;
        n.prefixBits = 32;
    } else if (inet_pton(AF_INET6, address.c_str(), n.bytes.data()) == 1) {
        n.family = AF_INET6;
        n.prefixBits = 128;
    } else {
        return std::nullopt;
    }
    if (slash != std::string::npos) {
        const std::string bits = entry.substr(slash + 1);
        if (bits.empty() || bits.size() > 3 ||
            bits.find_first_not_of("0123456789") != std::string::npos)
            return std::nullopt;
        const int prefix = std::stoi(bits);
        if (prefix > n.prefixBits)
            return std::nullopt;
        n.prefixBits = prefix;
    }
    return n;
}

PeerAllowList::PeerAllowList(const std::vector<std::string>& entries) {
    for (const std::string& entry : entries)
        if (const auto network = parse(entry))
            networks_.push_back(*network);
}

bool PeerAllowList::allows(const UdpPeer& peer) const {
    if (networks_.empty())
        return true;
    const std::span<const std::uint8_t> bytes = peer.hostBytes();
    if (bytes.empty())
        return false;
    const int family = bytes.size() == 4 ? AF_INET : AF_INET6;
    for (const Network& n : networks_) {
        if (n.family != family)
            continue;
        const int whole = n.prefixBits / 8, rest = n.prefixBits % 8;
        if (std::memcmp(bytes.data(), n.bytes.data(), static_cast<std::size_t>(whole)) != 0)
            continue;
        const auto mask = static_cast<std::uint8_t>(0xFF << (8 - rest));
        if (rest == 0 || (bytes[static_cast<std::size_t>(whole)] & mask) ==
                             (n.bytes[static_cast<std::size_t>(whole)] & mask))
            return true;
    }
    return false;
}

} // namespace dragoman
