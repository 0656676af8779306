// See SrtpSession.h.
#include "SrtpSession.h"

#include <algorithm>
#include <mutex>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <srtp2/srtp.h>
#include <stdexcept>
#include <string>

namespace dragoman {

namespace {

constexpr int kReplayWindow = 1024; // packets: reordering deeper than this is refused anyway

void initialiseOnce() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (srtp_init() != srtp_err_status_ok)
            throw std::runtime_error("cannot initialise libsrtp2");
    });
}

srtp_t create(const SrtpMasterKey& key, srtp_ssrc_type_t direction) {
    srtp_policy_t policy{};
    srtp_crypto_policy_set_rtp_default(&policy.rtp);
    srtp_crypto_policy_set_rtcp_default(&policy.rtcp);
    policy.ssrc.type = direction;
    // libsrtp takes the key as non-const but only reads it.
    policy.key = const_cast<unsigned char*>(key.data());
    policy.window_size = kReplayWindow;
    srtp_t session = nullptr;
    const srtp_err_status_t status = srtp_create(&session, &policy);
    if (status != srtp_err_status_ok)
        throw std::runtime_error("cannot create an SRTP session (libsrtp2 error " +
                                 std::to_string(static_cast<int>(status)) + ")");
    return session;
}

SrtpRefusal refusalOf(srtp_err_status_t status) {
    switch (status) {
    case srtp_err_status_ok:
        return SrtpRefusal::None;
    case srtp_err_status_auth_fail:
        return SrtpRefusal::Forged;
    case srtp_err_status_replay_fail:
    case srtp_err_status_replay_old:
        return SrtpRefusal::Replayed;
    default:
        return SrtpRefusal::Malformed;
    }
}

} // namespace

SrtpSession::SrtpSession(const SrtpMasterKey& sendKey, const SrtpMasterKey& receiveKey) {
    initialiseOnce();
    send_ = create(sendKey, ssrc_any_outbound);
    try {
        receive_ = create(receiveKey, ssrc_any_inbound);
    } catch (...) {
        srtp_dealloc(static_cast<srtp_t>(send_));
        throw;
    }
}

SrtpSession::~SrtpSession() {
    srtp_dealloc(static_cast<srtp_t>(send_));
    srtp_dealloc(static_cast<srtp_t>(receive_));
}

namespace {
template <typename Protect>
bool protectInto(std::span<const std::uint8_t> packet, std::vector<std::uint8_t>& out,
                 Protect protect) {
    out.assign(packet.begin(), packet.end());
    out.resize(packet.size() + SRTP_MAX_TRAILER_LEN);
    int size = static_cast<int>(packet.size());
    if (protect(out.data(), &size) != srtp_err_status_ok)
        return false;
    out.resize(static_cast<std::size_t>(size));
    return true;
}
} // namespace

bool SrtpSession::protectRtp(std::span<const std::uint8_t> packet, std::vector<std::uint8_t>& out) {
    return protectInto(packet, out, [this](void* data, int* size) {
        return srtp_protect(static_cast<srtp_t>(send_), data, size);
    });
}

bool SrtpSession::protectRtcp(std::span<const std::uint8_t> packet,
                              std::vector<std::uint8_t>& out) {
    return protectInto(packet, out, [this](void* data, int* size) {
        return srtp_protect_rtcp(static_cast<srtp_t>(send_), data, size);
    });
}

namespace {
template <typename Unprotect>
SrtpRefusal unprotectInPlace(std::span<std::uint8_t> datagram, std::size_t& size,
                             Unprotect unprotect) {
    int length = static_cast<int>(datagram.size());
    const SrtpRefusal refusal = refusalOf(unprotect(datagram.data(), &length));
    size = refusal == SrtpRefusal::None ? static_cast<std::size_t>(length) : 0;
    return refusal;
}
} // namespace

SrtpRefusal SrtpSession::unprotectRtp(std::span<std::uint8_t> datagram, std::size_t& size) {
    return unprotectInPlace(datagram, size, [this](void* data, int* length) {
        return srtp_unprotect(static_cast<srtp_t>(receive_), data, length);
    });
}

SrtpRefusal SrtpSession::unprotectRtcp(std::span<std::uint8_t> datagram, std::size_t& size) {
    return unprotectInPlace(datagram, size, [this](void* data, int* length) {
        return srtp_unprotect_rtcp(static_cast<srtp_t>(receive_), data, length);
    });
}

SrtpMasterKey randomSrtpKey() {
    SrtpMasterKey key{};
    if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1)
        throw std::runtime_error("cannot draw an SRTP key (OpenSSL's RAND_bytes failed)");
    return key;
}

std::string sdesKey(const SrtpMasterKey& key) {
    std::string out(4 * ((key.size() + 2) / 3) + 1, '\0');
    const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), key.data(),
                                       static_cast<int>(key.size()));
    out.resize(static_cast<std::size_t>(std::max(length, 0)));
    return out;
}

} // namespace dragoman
