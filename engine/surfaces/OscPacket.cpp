// See OscPacket.h.
#include "OscPacket.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <lo/lo.h>
#include <memory>

namespace dragoman {
namespace {

constexpr std::size_t kMaxBundleDepth = 8;

std::uint32_t readBigEndian32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
}

std::string loError(int code) {
    switch (code) {
    case LO_EINVALIDPATH:
        return "an invalid address";
    case LO_EINVALIDTYPE:
    case LO_EBADTYPE:
        return "an invalid type tag";
    case LO_ESIZE:
    case LO_EPAD:
        return "a wrong size or padding";
    case LO_EINVALIDARG:
        return "an invalid argument";
    case LO_ETERM:
        return "an unterminated string";
    default:
        return "an unreadable message (liblo error " + std::to_string(code) + ")";
    }
}

void decodeMessage(std::span<const std::uint8_t> data, OscDecoded& out) {
    const auto* bytes = reinterpret_cast<const char*>(data.data());
    const std::size_t addressLength = strnlen(bytes, data.size());
    if (data.empty() || bytes[0] != '/' || addressLength == data.size()) {
        out.error = "not an OSC message (no address)";
        return;
    }
    // liblo reads from a mutable buffer.
    std::vector<std::uint8_t> copy(data.begin(), data.end());
    int result = 0;
    const std::unique_ptr<std::remove_pointer_t<lo_message>, decltype(&lo_message_free)> message(
        lo_message_deserialise(copy.data(), copy.size(), &result), &lo_message_free);
    if (!message) {
        out.error = "message " + std::string(bytes, addressLength) + ": " + loError(result);
        return;
    }
    OscMessage decoded{std::string(bytes, addressLength), {}};
    const char* types = lo_message_get_types(message.get());
    lo_arg** argv = lo_message_get_argv(message.get());
    const int argc = lo_message_get_argc(message.get());
    for (int i = 0; i < argc; ++i) {
        // liblo points into the packet, 4-byte aligned, while lo_arg wants 8: values are
        // copied out byte by byte. Types without data (true, false, nil) point at nothing.
        const auto* raw = reinterpret_cast<const unsigned char*>(argv[i]);
        auto value = [raw]<typename T>(T) {
            T v{};
            std::memcpy(&v, raw, sizeof v);
            return v;
        };
        const char type =
            raw != nullptr || types[i] == LO_TRUE || types[i] == LO_FALSE ? types[i] : '\0';
        switch (type) {
        case LO_INT32:
            decoded.arguments.emplace_back(value(std::int32_t{}));
            break;
        case LO_INT64:
            decoded.arguments.emplace_back(static_cast<std::int32_t>(value(std::int64_t{})));
            break;
        case LO_FLOAT:
            decoded.arguments.emplace_back(value(float{}));
            break;
        case LO_DOUBLE: { // beyond float's range: its largest (a cast would be undefined)
            const double d = value(double{});
            constexpr auto kMost = static_cast<double>(std::numeric_limits<float>::max());
            decoded.arguments.emplace_back(std::isnan(d)
                                               ? std::numeric_limits<float>::quiet_NaN()
                                               : static_cast<float>(std::clamp(d, -kMost, kMost)));
            break;
        }
        case LO_STRING:
        case LO_SYMBOL:
            decoded.arguments.emplace_back(std::string(reinterpret_cast<const char*>(raw)));
            break;
        case LO_TRUE:
            decoded.arguments.emplace_back(std::int32_t{1});
            break;
        case LO_FALSE:
            decoded.arguments.emplace_back(std::int32_t{0});
            break;
        default:
            out.error = "message " + decoded.address + ": argument " + std::to_string(i + 1) +
                        " has type '" + std::string(1, types[i] != '\0' ? types[i] : '?') +
                        "', which Dragoman does not take (int, float, string, true, false)";
            return;
        }
    }
    out.messages.push_back(std::move(decoded));
}

void decodeElement(std::span<const std::uint8_t> data, OscDecoded& out, std::size_t depth) {
    static constexpr char kBundle[8] = {'#', 'b', 'u', 'n', 'd', 'l', 'e', '\0'};
    if (data.size() < 8 || std::memcmp(data.data(), kBundle, 8) != 0) {
        decodeMessage(data, out);
        return;
    }
    if (depth >= kMaxBundleDepth) {
        out.error = "bundles nested deeper than " + std::to_string(kMaxBundleDepth);
        return;
    }
    std::size_t at = 16; // "#bundle\0" and the time tag
    if (data.size() < at) {
        out.error = "a bundle without a time tag";
        return;
    }
    while (at < data.size() && out.error.empty()) {
        if (data.size() - at < 4) {
            out.error = "a bundle element without its size";
            return;
        }
        const std::uint32_t size = readBigEndian32(data.data() + at);
        at += 4;
        if (size % 4 != 0 || size > data.size() - at) {
            out.error = "a bundle element of " + std::to_string(size) + " bytes where " +
                        std::to_string(data.size() - at) + " remain";
            return;
        }
        decodeElement(data.subspan(at, size), out, depth + 1);
        at += size;
    }
}

} // namespace

OscDecoded decodeOscPacket(std::span<const std::uint8_t> packet) {
    OscDecoded decoded;
    if (packet.size() % 4 != 0) {
        decoded.error = "a packet of " + std::to_string(packet.size()) +
                        " bytes (OSC packets are a multiple of 4)";
        return decoded;
    }
    decodeElement(packet, decoded, 0);
    return decoded;
}

std::vector<std::uint8_t> encodeOscMessage(const OscMessage& message) {
    const std::unique_ptr<std::remove_pointer_t<lo_message>, decltype(&lo_message_free)> m(
        lo_message_new(), &lo_message_free);
    for (const OscValue& value : message.arguments) {
        if (const auto* i = std::get_if<std::int32_t>(&value))
            lo_message_add_int32(m.get(), *i);
        else if (const auto* f = std::get_if<float>(&value))
            lo_message_add_float(m.get(), *f);
        else
            lo_message_add_string(m.get(), std::get<std::string>(value).c_str());
    }
    std::size_t size = 0;
    void* bytes = lo_message_serialise(m.get(), message.address.c_str(), nullptr, &size);
    std::vector<std::uint8_t> encoded(static_cast<std::uint8_t*>(bytes),
                                      static_cast<std::uint8_t*>(bytes) + size);
    std::free(bytes);
    return encoded;
}

std::string describeOscMessage(const OscMessage& message) {
    std::string text = message.address;
    for (const OscValue& value : message.arguments) {
        if (const auto* i = std::get_if<std::int32_t>(&value))
            text += " " + std::to_string(*i);
        else if (const auto* f = std::get_if<float>(&value))
            text += " " + std::to_string(*f);
        else
            text += " \"" + std::get<std::string>(value) + "\"";
    }
    return text;
}

} // namespace dragoman
