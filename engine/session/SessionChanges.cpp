// See SessionChanges.h.
#include "SessionChanges.h"

#include "SessionValidation.h"

#include <algorithm>
#include <set>

namespace dragoman {
namespace {

std::string listed(const std::set<std::string>& ids) {
    std::string text;
    for (const std::string& id : ids)
        text += (text.empty() ? "" : ", ") + id;
    return text;
}

std::set<std::string> added(const std::set<std::string>& before,
                            const std::set<std::string>& after) {
    std::set<std::string> result;
    std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                        std::inserter(result, result.end()));
    return result;
}

} // namespace

std::vector<std::string> changesAppliedAtNextStart(const Session& running, const Session& loaded) {
    std::vector<std::string> later;
    const auto [runningConsoles, runningChannels] = consoleAndChannelIds(running);
    const auto [loadedConsoles, loadedChannels] = consoleAndChannelIds(loaded);
    const std::set<std::string> newConsoles = added(runningConsoles, loadedConsoles);
    const std::set<std::string> newChannels = added(runningChannels, loadedChannels);
    if (!newConsoles.empty())
        later.push_back("new consoles reach the audio device at the next start: " +
                        listed(newConsoles));
    if (!newChannels.empty())
        later.push_back("new language channels reach the audio device at the next start: " +
                        listed(newChannels));
    std::set<std::string> newPrograms;
    for (const LanguageChannel& channel : loaded.channels) {
        const auto before =
            std::find_if(running.channels.begin(), running.channels.end(),
                         [&](const LanguageChannel& c) { return c.id == channel.id; });
        if (channel.program && (before == running.channels.end() || !before->program))
            newPrograms.insert(channel.id);
    }
    if (!newPrograms.empty())
        later.push_back("new program feeds reach device outputs, recordings and streams at the "
                        "next start: " +
                        listed(newPrograms));
    if (loaded.io != running.io)
        later.push_back("io: the device channel map changes at the next start");
    if (loaded.sampleRate != running.sampleRate)
        later.push_back("sampleRate: the device's rate changes at the next start");
    if (loaded.osc != running.osc)
        later.push_back("osc: the remote control address changes at the next start");
    if (loaded.recording != running.recording)
        later.push_back("recording: its settings change at the next start");
    else if (loaded.recording && !newChannels.empty()) {
        const std::vector<std::string>& signals = loaded.recording->signals;
        const bool recordsNew =
            signals.empty() || std::any_of(signals.begin(), signals.end(),
                                           [&](const auto& s) { return newChannels.count(s) > 0; });
        if (recordsNew)
            later.push_back("recording: new language channels are recorded from the next start");
    }
    if (loaded.streams != running.streams)
        later.push_back("streams: their settings change at the next start");
    if (loaded.webListeners != running.webListeners)
        later.push_back("webListeners: their settings change at the next start");
    if (loaded.meeting != running.meeting)
        later.push_back("meeting: the meeting link changes at the next start");
    if (loaded.remoteBooths != running.remoteBooths)
        later.push_back("remoteBooths: remote booths change at the next start");
    return later;
}

} // namespace dragoman
