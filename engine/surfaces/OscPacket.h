// OSC packets to and from values: liblo reads and writes the wire format; bundles (which
// liblo 0.31 does not take apart for us) are walked here, their time tags ignored: the
// remote control acts on arrival.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace dragoman {

// OSC's int32 ('i'), float32 ('f') and string ('s'). Others arrive converted: int64 'h' to
// int, double 'd' to float, symbol 'S' to string, true/false 'T'/'F' to 1/0.
using OscValue = std::variant<std::int32_t, float, std::string>;

struct OscMessage {
    std::string address;
    std::vector<OscValue> arguments;
};

struct OscDecoded {
    std::vector<OscMessage> messages;
    std::string error; // why the packet (or a part of it) is not OSC; empty if all was read
};

OscDecoded decodeOscPacket(std::span<const std::uint8_t> packet);
std::vector<std::uint8_t> encodeOscMessage(const OscMessage& message);

// For error messages and logs: `/dragoman/console/ja-1/mic 1`.
std::string describeOscMessage(const OscMessage& message);

} // namespace dragoman
