// libFuzzer target for the OSC remote control's packet reader: any datagram, a message or
// bundles nested in bundles, decodes to messages or an error, never a read past the datagram;
// each message decoded encodes again and decodes to the same message.
#include "surfaces/OscPacket.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace dragoman;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const OscDecoded decoded = decodeOscPacket({data, size});
    for (const OscMessage& message : decoded.messages) {
        (void)describeOscMessage(message);
        const std::vector<std::uint8_t> encoded = encodeOscMessage(message);
        if (encoded.empty())
            continue; // an address liblo will not write
        const OscDecoded again = decodeOscPacket(encoded);
        if (again.messages.size() != 1 || again.messages[0].address != message.address ||
            again.messages[0].arguments.size() != message.arguments.size())
            std::abort();
    }
    return 0;
}
