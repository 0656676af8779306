// The keys of one remote console's session, derived from the console's secret (a pre-shared
// key from the session file) and two fresh nonces, one from each side, with HKDF-SHA256
// (RFC 5869, OpenSSL): an SRTP master key per direction, a proof the host sends so the
// console knows it reached the real host, and one the console sends back so the host knows
// it is the console before it keeps anything for it. The secret itself never crosses the
// network, and every join gets keys of its own.
#pragma once

#include "rtp/SrtpSession.h"

#include <array>
#include <cstdint>
#include <string_view>

namespace dragoman {

using RemoteNonce = std::array<std::uint8_t, 16>;
using HostProof = std::array<std::uint8_t, 32>;

using ConsoleProof = std::array<std::uint8_t, 32>;

struct RemotePathKeys {
    SrtpMasterKey consoleToHost{};
    SrtpMasterKey hostToConsole{};
    HostProof hostProof{};
    ConsoleProof consoleProof{};
};

// Throws std::runtime_error if OpenSSL fails (it should not).
RemotePathKeys deriveRemotePathKeys(std::string_view secret, std::string_view console,
                                    const RemoteNonce& consoleNonce, const RemoteNonce& hostNonce);
// The host's proof alone: what a hello costs the host (one HKDF).
HostProof deriveHostProof(std::string_view secret, std::string_view console,
                          const RemoteNonce& consoleNonce, const RemoteNonce& hostNonce);

RemoteNonce randomNonce(); // from OpenSSL's CSPRNG

// Compares in constant time.
bool sameProof(const std::array<std::uint8_t, 32>& a, const std::array<std::uint8_t, 32>& b);

} // namespace dragoman
