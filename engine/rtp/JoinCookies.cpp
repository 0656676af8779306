// See JoinCookies.h.
#include "JoinCookies.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdexcept>
#include <string>

namespace dragoman {

JoinCookies::JoinCookies() {
    if (RAND_bytes(key_.data(), static_cast<int>(key_.size())) != 1)
        throw std::runtime_error("OpenSSL has no random bytes");
}

RemoteNonce JoinCookies::make(std::uint32_t slot, std::string_view peer, std::string_view console,
                              const RemoteNonce& consoleNonce) const {
    std::string message;
    message.reserve(4 + peer.size() + 1 + console.size() + 1 + consoleNonce.size());
    for (int shift = 24; shift >= 0; shift -= 8)
        message += static_cast<char>((slot >> shift) & 0xFF);
    message.append(peer).append(1, '\0').append(console).append(1, '\0');
    message.append(reinterpret_cast<const char*>(consoleNonce.data()), consoleNonce.size());
    std::array<std::uint8_t, EVP_MAX_MD_SIZE> mac{};
    unsigned int length = 0;
    HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(),
         &length);
    RemoteNonce nonce{};
    // The slot in the clear (so the check knows which one), 12 bytes of MAC.
    for (std::size_t i = 0; i < 4; ++i)
        nonce[i] = static_cast<std::uint8_t>(slot >> (24 - 8 * i));
    std::copy(mac.begin(), mac.begin() + 12, nonce.begin() + 4);
    return nonce;
}

RemoteNonce JoinCookies::issue(std::string_view peer, std::string_view console,
                               const RemoteNonce& consoleNonce, double nowSeconds) const {
    return make(static_cast<std::uint32_t>(nowSeconds / kSlotSeconds), peer, console, consoleNonce);
}

bool JoinCookies::valid(const RemoteNonce& hostNonce, std::string_view peer,
                        std::string_view console, const RemoteNonce& consoleNonce,
                        double nowSeconds) const {
    const auto now = static_cast<std::uint32_t>(nowSeconds / kSlotSeconds);
    const std::uint32_t slot = (std::uint32_t{hostNonce[0]} << 24) |
                               (std::uint32_t{hostNonce[1]} << 16) |
                               (std::uint32_t{hostNonce[2]} << 8) | hostNonce[3];
    if (slot != now && slot + 1 != now)
        return false;
    const RemoteNonce expected = make(slot, peer, console, consoleNonce);
    return CRYPTO_memcmp(expected.data(), hostNonce.data(), expected.size()) == 0;
}

} // namespace dragoman
