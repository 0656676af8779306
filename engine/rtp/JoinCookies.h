// The host's nonce for a hello, made so the host keeps nothing for a hello until the console
// proves it knows its secret (as DTLS's HelloVerifyRequest and QUIC's Retry do): the nonce is
// a time slot and an HMAC, under a key of this host's own, of the slot, the sender's address,
// the console id and the console's nonce. A console that proves itself sends the nonce back,
// and the host checks it without having stored it. A forged flood of hellos then costs the
// host an HMAC and one key derivation each, and no memory.
#pragma once

#include "rtp/RemotePathKeys.h"

#include <array>
#include <string_view>

namespace dragoman {

class JoinCookies {
public:
    static constexpr double kSlotSeconds = 10.0; // a cookie is good for 10 to 20 s

    JoinCookies(); // a random key; throws std::runtime_error if OpenSSL has no random bytes

    RemoteNonce issue(std::string_view peer, std::string_view console,
                      const RemoteNonce& consoleNonce, double nowSeconds) const;
    // Issued by this host for this peer, console and nonce, in this slot or the one before.
    bool valid(const RemoteNonce& hostNonce, std::string_view peer, std::string_view console,
               const RemoteNonce& consoleNonce, double nowSeconds) const;

private:
    RemoteNonce make(std::uint32_t slot, std::string_view peer, std::string_view console,
                     const RemoteNonce& consoleNonce) const;
    std::array<std::uint8_t, 32> key_{};
};

} // namespace dragoman
