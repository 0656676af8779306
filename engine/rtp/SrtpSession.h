// One direction-pair of SRTP (RFC 3711, via libsrtp2) for a remote audio path: packets this
// side sends are encrypted and authenticated with one key, packets it receives checked and
// decrypted with the other. AES-128 counter mode with HMAC-SHA1-80, the profile every SRTP
// implementation has; replayed packets are refused by libsrtp's replay window.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace dragoman {

// A master key and salt (16 + 14 bytes), as SRTP's default profile takes them.
using SrtpMasterKey = std::array<std::uint8_t, 30>;

// A fresh key from OpenSSL's generator (std::runtime_error if it fails), and the key as SDES
// and Janus's `srtp_crypto` write it (base64 of the 30 bytes).
SrtpMasterKey randomSrtpKey();
std::string sdesKey(const SrtpMasterKey& key);

// Why an incoming packet was refused.
enum class SrtpRefusal : std::uint8_t {
    None,
    Forged,   // authentication failed: wrong key, a stranger, or damaged on the way
    Replayed, // seen before (or older than the replay window)
    Malformed,
};

class SrtpSession {
public:
    // Throws std::runtime_error if libsrtp refuses (it should not).
    SrtpSession(const SrtpMasterKey& sendKey, const SrtpMasterKey& receiveKey);
    ~SrtpSession();
    SrtpSession(const SrtpSession&) = delete;
    SrtpSession& operator=(const SrtpSession&) = delete;

    // Encrypts `packet` into `out` (cleared first; it grows by the 10-byte tag). False if
    // libsrtp refuses. No allocation once `out` has the capacity.
    bool protectRtp(std::span<const std::uint8_t> packet, std::vector<std::uint8_t>& out);
    bool protectRtcp(std::span<const std::uint8_t> packet, std::vector<std::uint8_t>& out);
    // Checks and decrypts `datagram` in place; on success `size` is the plain packet's size.
    SrtpRefusal unprotectRtp(std::span<std::uint8_t> datagram, std::size_t& size);
    SrtpRefusal unprotectRtcp(std::span<std::uint8_t> datagram, std::size_t& size);

private:
    void* send_ = nullptr;    // srtp_t, kept out of this header
    void* receive_ = nullptr; // srtp_t
};

} // namespace dragoman
