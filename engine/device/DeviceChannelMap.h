// Which device channel feeds which engine port, and which engine port plays on which device
// channel: as the session's I/O map says, or without one in session order (inputs: the floor
// channels, then one mic per console; outputs: the language channels, then one headphone feed
// per console; the talkback and program feeds only where the map names an output). Remote consoles
// (the session's `remote` section) have no device channels: their mics are buffers of the map's own
// that a BlockSource fills, and their headphone feeds are rendered into buffers of the map's own
// for the network. A meeting's floor (the session's `meeting`) is a buffer of the map's own per
// floor channel too. Built on a control thread when a device opens; read by the audio thread.
#pragma once

#include "Engine.h"

#include <span>
#include <string>
#include <vector>

namespace dragoman {

struct DeviceChannels {
    int inputs = 0;
    int outputs = 0;
};

class DeviceChannelMap {
public:
    static constexpr std::uint32_t kMaxFrames = 4096; // per bind(), as the device bridge
    // The device channels the session wants (the highest mapped channel, or every signal in
    // session order), before any device is known.
    static DeviceChannels wanted(const Engine& engine);
    // The map for a device with `available` channels. A session I/O map naming a channel the
    // device lacks throws std::runtime_error naming the field ("io.phones.ja-1: device output
    // 12, but "system" has 8"); without a map, signals beyond the device's channels are left
    // unconnected.
    DeviceChannelMap(const Engine& engine, DeviceChannels available, const std::string& deviceName);

    // The device channels to open.
    DeviceChannels opened() const { return opened_; }

    // Points `buffers` at the device's channel buffers for one block (audio thread; no
    // allocation: the pointer arrays live here). Unmapped inputs are silent; unmapped
    // headphone feeds are not rendered; language channels no device output plays are still
    // rendered, into buffers of the map's own (up to kMaxFrames), for the recorder, and so are
    // program feeds (AudioBuffers::programs) no device output plays. Clear the
    // device outputs first.
    AudioBuffers bind(std::span<const float* const> deviceInputs,
                      std::span<float* const> deviceOutputs, std::uint32_t frames);
    // By console port: the remote consoles' mic buffers (kMaxFrames each), null for others.
    std::span<float* const> remoteMics() const { return remoteMicPointers_; }
    // With a meeting (the session's `meeting`): the floor channels' buffers (kMaxFrames each),
    // holding the fallback (the device's floor, or silence) for the meeting's source to
    // replace; empty without one, or for a block longer than kMaxFrames.
    std::span<float* const> meetingFloor(std::uint32_t frames) const {
        return frames <= kMaxFrames ? std::span<float* const>(meetingFloorPointers_)
                                    : std::span<float* const>();
    }

private:
    DeviceChannels opened_;
    std::vector<int> floorFrom_, micFrom_;             // engine port -> device input or -1
    std::vector<int> channelTo_, phonesTo_;            // engine port -> device output or -1
    std::vector<int> programTo_;                       // channel port -> device output or -1
    int talkbackTo_ = -1;                              // device output or -1
    std::vector<const float*> floor_, mics_;           // per block
    std::vector<float*> channels_, phones_, programs_; // per block
    std::vector<std::vector<float>> unplayedChannels_; // by channel port; empty when played
    std::vector<std::vector<float>> unplayedPrograms_; // the same, for program feeds
    std::vector<std::vector<float>> remoteMics_, remotePhones_; // by console port; or empty
    std::vector<float*> remoteMicPointers_;
    std::vector<std::vector<float>> meetingFloor_; // by floor channel; empty without a meeting
    std::vector<float*> meetingFloorPointers_;
    bool deviceFloorFallback_ = false;
};

} // namespace dragoman
