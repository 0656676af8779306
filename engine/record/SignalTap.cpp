// See SignalTap.h.
#include "SignalTap.h"

#include <algorithm>
#include <stdexcept>

namespace dragoman {

std::vector<SignalSource> signalSources(const Session& session, const EngineLayout& layout,
                                        const std::vector<std::string>& ids, FeedKind feed) {
    std::vector<std::string> wanted = ids;
    if (wanted.empty()) {
        wanted.push_back("floor");
        for (const LanguageChannel& channel : session.channels)
            wanted.push_back(channel.id);
    }
    std::vector<SignalSource> sources;
    for (const std::string& id : wanted) {
        SignalSource source;
        source.id = id;
        if (id == "floor") {
            source.floor = true;
            source.name = "Floor";
            source.title = session.name + ": Floor";
            for (const EnginePort& port : layout.floor)
                source.ports.push_back(port.port);
        } else {
            const auto port = layout.portOf({PortId::Kind::Channel, id});
            const auto channel =
                std::find_if(session.channels.begin(), session.channels.end(),
                             [&id](const LanguageChannel& c) { return c.id == id; });
            if (!port || channel == session.channels.end())
                throw std::invalid_argument("no language channel \"" + id + "\"");
            if (feed == FeedKind::Program && !channel->program)
                throw std::invalid_argument("language channel \"" + id + "\" has no program feed");
            source.ports.push_back(*port);
            source.language = id;
            source.name = channel->name;
            source.program = feed == FeedKind::Program;
            source.title = session.name + ": " + channel->name + " (" + id + ")" +
                           (source.program ? ", program" : "");
        }
        sources.push_back(std::move(source));
    }
    return sources;
}

SignalTap::SignalTap(SignalSource source, double sampleRate, double ringSeconds)
    : source_(std::move(source)), ring_(static_cast<std::size_t>(ringSeconds * sampleRate) *
                                        static_cast<std::size_t>(source_.channels())),
      interleaved_(kMaxBlockFrames * static_cast<std::size_t>(source_.channels())) {}

void SignalTap::capture(const AudioBuffers& io) noexcept {
    const std::uint32_t frames = std::min(io.frames, kMaxBlockFrames);
    const auto stride = static_cast<std::size_t>(source_.channels());
    for (std::size_t c = 0; c < stride; ++c) {
        const std::uint32_t port = source_.ports[c];
        const float* from = nullptr;
        if (source_.floor)
            from = port < io.floorCount ? io.floor[port] : nullptr;
        else if (source_.program)
            from = port < io.programCount ? io.programs[port] : nullptr;
        else
            from = port < io.channelCount ? io.channels[port] : nullptr;
        for (std::uint32_t f = 0; f < frames; ++f)
            interleaved_[f * stride + c] = from != nullptr ? from[f] : 0.0f;
    }
    if (ring_.pushAll(interleaved_.data(), frames * stride)) // a full ring counts the drop
        captured_.fetch_add(frames, std::memory_order_release);
}

} // namespace dragoman
