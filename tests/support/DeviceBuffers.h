// A device's channel buffers for one block, as a sound card's callback would hand them over,
// with the pointer arrays DeviceChannelMap::bind takes: for tests and benchmarks that play
// the device themselves.
#pragma once

#include "device/DeviceChannelMap.h"

#include <cstdint>
#include <vector>

namespace dragoman::test {

struct DeviceBuffers {
    DeviceBuffers(DeviceChannels channels, std::uint32_t frames)
        : in(static_cast<std::size_t>(channels.inputs), std::vector<float>(frames)),
          out(static_cast<std::size_t>(channels.outputs), std::vector<float>(frames)) {
        for (auto& c : in)
            inputs.push_back(c.data());
        for (auto& c : out)
            outputs.push_back(c.data());
    }
    std::vector<std::vector<float>> in, out;
    std::vector<const float*> inputs;
    std::vector<float*> outputs;
};

} // namespace dragoman::test
