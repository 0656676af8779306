// See RemotePathKeys.h.
#include "RemotePathKeys.h"

#include <memory>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>
#include <stdexcept>
#include <string>

namespace dragoman {

namespace {

// HKDF-SHA256 with salt = both nonces, info = label and console id.
template <std::size_t N>
std::array<std::uint8_t, N> hkdf(std::string_view secret, std::string_view label,
                                 std::string_view console, const RemoteNonce& consoleNonce,
                                 const RemoteNonce& hostNonce) {
    // Fetched once: a fetch looks the algorithm up in OpenSSL's providers, which costs more
    // than the derivation itself (and a hello flood asks for one derivation per hello).
    static const std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)> kdf(
        EVP_KDF_fetch(nullptr, "HKDF", nullptr), EVP_KDF_free);
    if (!kdf)
        throw std::runtime_error("OpenSSL has no HKDF");
    const std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> context(
        EVP_KDF_CTX_new(kdf.get()), EVP_KDF_CTX_free);
    std::array<std::uint8_t, 32> salt{};
    std::copy(consoleNonce.begin(), consoleNonce.end(), salt.begin());
    std::copy(hostNonce.begin(), hostNonce.end(), salt.begin() + 16);
    std::string info = "dragoman remote booth 1 ";
    info += label;
    info += ' ';
    info += console;
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<char*>(secret.data()),
                                          secret.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt.data(), salt.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info.data(), info.size()),
        OSSL_PARAM_construct_end()};
    std::array<std::uint8_t, N> out{};
    if (!context || EVP_KDF_derive(context.get(), out.data(), out.size(), params) != 1)
        throw std::runtime_error("OpenSSL cannot derive the remote booth keys");
    return out;
}

} // namespace

RemotePathKeys deriveRemotePathKeys(std::string_view secret, std::string_view console,
                                    const RemoteNonce& consoleNonce, const RemoteNonce& hostNonce) {
    const auto srtp = hkdf<60>(secret, "srtp", console, consoleNonce, hostNonce);
    RemotePathKeys keys;
    std::copy(srtp.begin(), srtp.begin() + 30, keys.consoleToHost.begin());
    std::copy(srtp.begin() + 30, srtp.end(), keys.hostToConsole.begin());
    keys.hostProof = hkdf<32>(secret, "host proof", console, consoleNonce, hostNonce);
    keys.consoleProof = hkdf<32>(secret, "console proof", console, consoleNonce, hostNonce);
    return keys;
}

HostProof deriveHostProof(std::string_view secret, std::string_view console,
                          const RemoteNonce& consoleNonce, const RemoteNonce& hostNonce) {
    return hkdf<32>(secret, "host proof", console, consoleNonce, hostNonce);
}

RemoteNonce randomNonce() {
    RemoteNonce nonce{};
    if (RAND_bytes(nonce.data(), static_cast<int>(nonce.size())) != 1)
        throw std::runtime_error("OpenSSL has no random bytes");
    return nonce;
}

bool sameProof(const std::array<std::uint8_t, 32>& a, const std::array<std::uint8_t, 32>& b) {
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace dragoman
