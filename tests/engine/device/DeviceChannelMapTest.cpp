// Device channels to engine ports: the summit's signals in session order on a large and a
// small device, and an I/O map that names its channels (or one the device lacks).
#include "device/DeviceChannelMap.h"

#include "support/ToneRig.h"

#include <catch2/catch.hpp>
#include <vector>

using namespace dragoman;
using namespace dragoman::test;

namespace {

// Device buffers whose first sample names the device channel (inputs 1, 2, ...), so a bound
// engine buffer tells which device channel it came from.
struct DeviceBuffers {
    explicit DeviceBuffers(int inputs, int outputs)
        : in(static_cast<std::size_t>(inputs)), out(static_cast<std::size_t>(outputs)) {
        for (std::size_t c = 0; c < in.size(); ++c) {
            in[c] = static_cast<float>(c + 1);
            inPointers.push_back(&in[c]);
        }
        for (float& o : out)
            outPointers.push_back(&o);
    }
    std::vector<float> in, out;
    std::vector<const float*> inPointers;
    std::vector<float*> outPointers;
};

// The device output an engine output plays on (from 1), or 0 for none.
int deviceOutputOf(float* const* outputs, std::size_t port, const DeviceBuffers& device) {
    for (std::size_t c = 0; c < device.out.size(); ++c)
        if (outputs[port] == &device.out[c])
            return static_cast<int>(c + 1);
    return 0;
}

} // namespace

TEST_CASE("without an I/O map, device channels follow the session order", "[device]") {
    Engine engine(summitSession(), 48000.0);
    CHECK(DeviceChannelMap::wanted(engine).inputs == 4);  // floor + 3 mics
    CHECK(DeviceChannelMap::wanted(engine).outputs == 6); // 3 channels + 3 phones
    DeviceChannelMap map(engine, {8, 8}, "big");
    CHECK(map.opened().inputs == 4);
    CHECK(map.opened().outputs == 6);
    DeviceBuffers device(4, 6);
    const AudioBuffers buffers = map.bind(device.inPointers, device.outPointers, 1);
    CHECK(buffers.floor[0][0] == 1.0f);
    const EngineLayout layout = engine.layout();
    for (std::size_t m = 0; m < layout.mics.size(); ++m)
        CHECK(buffers.mics[layout.mics[m].port][0] == static_cast<float>(m + 2));
    for (std::size_t c = 0; c < layout.channels.size(); ++c)
        CHECK(deviceOutputOf(buffers.channels, layout.channels[c].port, device) ==
              static_cast<int>(c + 1));
    for (std::size_t p = 0; p < layout.phones.size(); ++p)
        CHECK(deviceOutputOf(buffers.phones, layout.phones[p].port, device) ==
              static_cast<int>(p + 4));
}

TEST_CASE("a small device carries the first signals, the rest stay unconnected", "[device]") {
    Engine engine(summitSession(), 48000.0);
    DeviceChannelMap map(engine, {2, 2}, "stereo");
    CHECK(map.opened().inputs == 2);
    CHECK(map.opened().outputs == 2);
    DeviceBuffers device(2, 2);
    const AudioBuffers buffers = map.bind(device.inPointers, device.outPointers, 1);
    const EngineLayout layout = engine.layout();
    CHECK(buffers.mics[layout.mics[0].port][0] == 2.0f);
    CHECK(buffers.mics[layout.mics[1].port] == nullptr);
    CHECK(deviceOutputOf(buffers.channels, layout.channels[1].port, device) == 2);
    CHECK(deviceOutputOf(buffers.channels, layout.channels[2].port, device) == 0);
    CHECK(deviceOutputOf(buffers.phones, layout.phones[0].port, device) == 0);
    // A channel no device output plays is still rendered, into the map's own buffer, so it
    // can be recorded and streamed; an unplayed headphone feed is not rendered at all.
    CHECK(buffers.channels[layout.channels[2].port] != nullptr);
    CHECK(buffers.phones[layout.phones[0].port] == nullptr);
}

TEST_CASE("an I/O map puts signals on the channels it names and refuses missing ones", "[device]") {
    Session session = summitSession();
    session.io = IoMap{{3}, {{"ja-1", 1}}, {{"en", 5}}, {{"ko-en-2", 2}}};
    Engine engine(session, 48000.0);
    CHECK(DeviceChannelMap::wanted(engine).inputs == 3);
    CHECK(DeviceChannelMap::wanted(engine).outputs == 5);
    DeviceChannelMap map(engine, {8, 8}, "system");
    DeviceBuffers device(3, 5);
    const AudioBuffers buffers = map.bind(device.inPointers, device.outPointers, 1);
    const EngineLayout layout = engine.layout();
    CHECK(buffers.floor[0][0] == 3.0f);
    for (const EnginePort& mic : layout.mics)
        CHECK((mic.what == PortId{PortId::Kind::Mic, "ja-1"}
                   ? buffers.mics[mic.port] != nullptr && buffers.mics[mic.port][0] == 1.0f
                   : buffers.mics[mic.port] == nullptr));
    for (const EnginePort& channel : layout.channels)
        CHECK(deviceOutputOf(buffers.channels, channel.port, device) ==
              (channel.what == PortId{PortId::Kind::Channel, "en"} ? 5 : 0));
    for (const EnginePort& phones : layout.phones)
        CHECK(deviceOutputOf(buffers.phones, phones.port, device) ==
              (phones.what == PortId{PortId::Kind::Phones, "ko-en-2"} ? 2 : 0));

    CHECK_THROWS_WITH(DeviceChannelMap(engine, {8, 4}, "quad"),
                      "io.channels.en: device output 5, but \"quad\" has 4");
    CHECK_THROWS_WITH(DeviceChannelMap(engine, {2, 8}, "stereo in"),
                      "io.floor[0]: device input 3, but \"stereo in\" has 2");
}

TEST_CASE("program feeds play where the I/O map names them and are rendered for the recorder "
          "elsewhere",
          "[device][program]") {
    Session session = withProgramFeeds(summitSession()); // en and ko
    session.io = IoMap{{1}, {}, {{"en", 1}}, {}, {{"en", 6}}};
    Engine engine(session, 48000.0);
    CHECK(DeviceChannelMap::wanted(engine).outputs == 6);
    DeviceChannelMap map(engine, {8, 8}, "system");
    DeviceBuffers device(1, 6);
    const AudioBuffers buffers = map.bind(device.inPointers, device.outPointers, 1);
    REQUIRE(buffers.programs != nullptr);
    for (const EnginePort& channel : engine.layout().channels) {
        INFO(channel.label());
        const std::string& id = channel.what.id;
        if (id == "en")
            CHECK(deviceOutputOf(buffers.programs, channel.port, device) == 6);
        else if (id == "ko") // a program no device plays: still rendered, for the recorder
            CHECK((buffers.programs[channel.port] != nullptr &&
                   deviceOutputOf(buffers.programs, channel.port, device) == 0));
        else // ja has no program feed
            CHECK(buffers.programs[channel.port] == nullptr);
    }
    CHECK_THROWS_WITH(DeviceChannelMap(engine, {8, 4}, "quad"),
                      "io.programs.en: device output 6, but \"quad\" has 4");
}
