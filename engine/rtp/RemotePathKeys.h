// The keys of one remote console's session, derived from the console's secret (a pre-shared
// key from the session file) and two fresh nonces, one from each side, with HKDF-SHA256
// (RFC 5869, OpenSSL): an SRTP master key per direction, and a proof the host sends so the
// console knows it reached the real host. The secret itself never crosses the network, and
// every join gets keys of its own.
#pragma once

#include "rtp/SrtpSession.h"

#include <array>
#include <cstdint>
#include <string_view>

namespace dragoman {

using RemoteNonce = std::array<std::uint8_t, 16>;
using HostProof = std::array<std::uint8_t, 32>;

struct RemotePathKeys {
    SrtpMasterKey consoleToHost{};
    SrtpMasterKey hostToConsole{};
    HostProof hostProof{};
};

// Throws std::runtime_error if OpenSSL fails (it should not).
RemotePathKeys deriveRemotePathKeys(std::string_view secret, std::string_view console,
                                    const RemoteNonce& consoleNonce, const RemoteNonce& hostNonce);

RemoteNonce randomNonce(); // from OpenSSL's CSPRNG

// Compares in constant time.
bool sameProof(const HostProof& a, const HostProof& b);

} // namespace dragoman
