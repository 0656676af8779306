// See DeviceChannelMap.h.
#include "DeviceChannelMap.h"

#include <algorithm>
#include <stdexcept>

namespace dragoman {
namespace {

int portOf(const EngineLayout& layout, PortId::Kind kind, const std::string& id) {
    const auto port = layout.portOf({kind, id});
    return port ? static_cast<int>(*port) : -1;
}

bool isRemote(const Session& session, const std::string& console) {
    return session.remoteBooths && session.remoteBooths->consoles.contains(console);
}

// The layout's mics and phones without the remote consoles' (which take no device channels).
std::size_t localConsoles(const Session& session, const EngineLayout& layout) {
    std::size_t remote = 0;
    for (const EnginePort& mic : layout.mics)
        remote += isRemote(session, mic.what.id) ? 1u : 0u;
    return layout.mics.size() - remote;
}

} // namespace

DeviceChannels DeviceChannelMap::wanted(const Engine& engine) {
    const Session session = engine.session();
    if (!session.io) {
        const EngineLayout layout = engine.layout();
        const std::size_t consoles = localConsoles(session, layout);
        return {static_cast<int>(layout.floor.size() + consoles),
                static_cast<int>(layout.channels.size() + consoles)};
    }
    DeviceChannels want;
    for (const int channel : session.io->floor)
        want.inputs = std::max(want.inputs, channel);
    for (const auto& [id, channel] : session.io->mics)
        want.inputs = std::max(want.inputs, channel);
    for (const auto& [id, channel] : session.io->channels)
        want.outputs = std::max(want.outputs, channel);
    for (const auto& [id, channel] : session.io->phones)
        want.outputs = std::max(want.outputs, channel);
    for (const auto& [id, channel] : session.io->programs)
        want.outputs = std::max(want.outputs, channel);
    want.outputs = std::max(want.outputs, session.io->talkback.value_or(0));
    return want;
}

DeviceChannelMap::DeviceChannelMap(const Engine& engine, DeviceChannels available,
                                   const std::string& deviceName) {
    const EngineLayout layout = engine.layout();
    const Session session = engine.session();
    floorFrom_.assign(layout.floor.size(), -1);
    micFrom_.assign(layout.consolePorts, -1);
    channelTo_.assign(layout.channelPorts, -1);
    phonesTo_.assign(layout.consolePorts, -1);
    programTo_.assign(layout.channelPorts, -1);
    if (session.io) {
        // The session's I/O map: device channels numbered from 1; each must exist.
        auto check = [&deviceName](int channel, int count, const std::string& path,
                                   const char* direction) {
            if (channel > count)
                throw std::runtime_error(path + ": device " + direction + " " +
                                         std::to_string(channel) + ", but \"" + deviceName +
                                         "\" has " + std::to_string(count));
            return channel - 1;
        };
        for (std::size_t f = 0; f < session.io->floor.size() && f < floorFrom_.size(); ++f)
            floorFrom_[f] = check(session.io->floor[f], available.inputs,
                                  "io.floor[" + std::to_string(f) + "]", "input");
        for (const auto& [id, channel] : session.io->mics)
            if (const int port = portOf(layout, PortId::Kind::Mic, id); port >= 0)
                micFrom_[static_cast<std::size_t>(port)] =
                    check(channel, available.inputs, "io.mics." + id, "input");
        for (const auto& [id, channel] : session.io->channels)
            if (const int port = portOf(layout, PortId::Kind::Channel, id); port >= 0)
                channelTo_[static_cast<std::size_t>(port)] =
                    check(channel, available.outputs, "io.channels." + id, "output");
        for (const auto& [id, channel] : session.io->phones)
            if (const int port = portOf(layout, PortId::Kind::Phones, id); port >= 0)
                phonesTo_[static_cast<std::size_t>(port)] =
                    check(channel, available.outputs, "io.phones." + id, "output");
        for (const auto& [id, channel] : session.io->programs)
            if (const int port = portOf(layout, PortId::Kind::Channel, id); port >= 0)
                programTo_[static_cast<std::size_t>(port)] =
                    check(channel, available.outputs, "io.programs." + id, "output");
        if (session.io->talkback)
            talkbackTo_ = check(*session.io->talkback, available.outputs, "io.talkback", "output");
        opened_ = wanted(engine);
    } else {
        const DeviceChannels want = wanted(engine);
        opened_ = {std::min(want.inputs, available.inputs),
                   std::min(want.outputs, available.outputs)};
        int next = 0;
        auto input = [&] { return next < opened_.inputs ? next++ : (++next, -1); };
        for (std::size_t f = 0; f < layout.floor.size(); ++f)
            floorFrom_[f] = input();
        for (const EnginePort& mic : layout.mics)
            if (!isRemote(session, mic.what.id))
                micFrom_[mic.port] = input();
        next = 0;
        auto output = [&] { return next < opened_.outputs ? next++ : (++next, -1); };
        for (const EnginePort& channel : layout.channels)
            channelTo_[channel.port] = output();
        for (const EnginePort& phones : layout.phones)
            if (!isRemote(session, phones.what.id))
                phonesTo_[phones.port] = output();
    }
    if (opened_.outputs == 0)
        throw std::runtime_error("audio device \"" + deviceName +
                                 "\": nothing to play (no outputs)");
    floor_.assign(floorFrom_.size(), nullptr);
    mics_.assign(micFrom_.size(), nullptr);
    channels_.assign(channelTo_.size(), nullptr);
    phones_.assign(phonesTo_.size(), nullptr);
    unplayedChannels_.resize(channelTo_.size());
    for (std::size_t i = 0; i < channelTo_.size(); ++i)
        if (channelTo_[i] < 0)
            unplayedChannels_[i].assign(kMaxFrames, 0.0f);
    programs_.assign(programTo_.size(), nullptr);
    unplayedPrograms_.resize(programTo_.size());
    for (const LanguageChannel& channel : session.channels)
        if (const int port = portOf(layout, PortId::Kind::Channel, channel.id);
            channel.program && port >= 0 && programTo_[static_cast<std::size_t>(port)] < 0)
            unplayedPrograms_[static_cast<std::size_t>(port)].assign(kMaxFrames, 0.0f);
    remoteMics_.resize(micFrom_.size());
    remotePhones_.resize(phonesTo_.size());
    remoteMicPointers_.assign(micFrom_.size(), nullptr);
    for (const EnginePort& mic : layout.mics)
        if (isRemote(session, mic.what.id)) {
            remoteMics_[mic.port].assign(kMaxFrames, 0.0f);
            remoteMicPointers_[mic.port] = remoteMics_[mic.port].data();
        }
    for (const EnginePort& phones : layout.phones)
        if (isRemote(session, phones.what.id))
            remotePhones_[phones.port].assign(kMaxFrames, 0.0f);
    if (session.meeting) {
        meetingFloor_.assign(floorFrom_.size(), std::vector<float>(kMaxFrames, 0.0f));
        for (std::vector<float>& channel : meetingFloor_)
            meetingFloorPointers_.push_back(channel.data());
        deviceFloorFallback_ = session.meeting->fallback == MeetingFallback::Device;
    }
}

AudioBuffers DeviceChannelMap::bind(std::span<const float* const> deviceInputs,
                                    std::span<float* const> deviceOutputs, std::uint32_t frames) {
    auto source = [deviceInputs](int channel) {
        return channel >= 0 && static_cast<std::size_t>(channel) < deviceInputs.size()
                   ? deviceInputs[static_cast<std::size_t>(channel)]
                   : nullptr;
    };
    auto sink = [deviceOutputs](int channel) {
        return channel >= 0 && static_cast<std::size_t>(channel) < deviceOutputs.size()
                   ? deviceOutputs[static_cast<std::size_t>(channel)]
                   : nullptr;
    };
    const bool fits = frames <= kMaxFrames;
    for (std::size_t i = 0; i < floor_.size(); ++i)
        floor_[i] = source(floorFrom_[i]);
    // A meeting's floor goes into buffers of the map's own, holding the fallback until the
    // meeting's source writes them.
    for (std::size_t i = 0; i < meetingFloorPointers_.size() && fits; ++i) {
        float* floor = meetingFloorPointers_[i];
        if (deviceFloorFallback_ && floor_[i] != nullptr)
            std::copy_n(floor_[i], frames, floor);
        else
            std::fill_n(floor, frames, 0.0f);
        floor_[i] = floor;
    }
    for (std::size_t i = 0; i < mics_.size(); ++i)
        mics_[i] =
            remoteMicPointers_[i] != nullptr && fits ? remoteMicPointers_[i] : source(micFrom_[i]);
    for (std::size_t i = 0; i < channels_.size(); ++i)
        channels_[i] =
            channelTo_[i] < 0 && fits ? unplayedChannels_[i].data() : sink(channelTo_[i]);
    for (std::size_t i = 0; i < phones_.size(); ++i)
        phones_[i] =
            !remotePhones_[i].empty() && fits ? remotePhones_[i].data() : sink(phonesTo_[i]);
    for (std::size_t i = 0; i < programs_.size(); ++i)
        programs_[i] = !unplayedPrograms_[i].empty() && fits ? unplayedPrograms_[i].data()
                                                             : sink(programTo_[i]);
    AudioBuffers io = AudioBuffers::from(floor_, mics_, channels_, phones_, frames);
    io.talkback = sink(talkbackTo_);
    io.programs = programs_.data();
    io.programCount = static_cast<std::uint32_t>(programs_.size());
    return io;
}

} // namespace dragoman
