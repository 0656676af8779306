// Rule checks over a parsed Session. Each problem names the field an engineer must edit.
#include "SessionValidation.h"

#include "control/HardwareKey.h"
#include "files/JsonDocument.h"
#include "net/PeerAllowList.h"

#include <algorithm>
#include <arpa/inet.h>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

namespace dragoman {
namespace {

// Quotes a value from the file, cut short: a problem never carries a megabyte of it.
std::string quoted(const std::string& text) {
    return "\"" + excerpt(text, 64) + "\"";
}

// A map's key from the file in a field path, cut short as quoted() cuts values.
std::string keyPath(const char* parent, const std::string& key) {
    return std::string(parent) + "." + excerpt(key, 64);
}

// Ids become file names (recordings, renders), OSC addresses and URLs: letters, digits, "-",
// "_" and ".", not starting with "." (no hidden files, no ".."), at most
// SessionLimits::kMaxIdLength characters.
void checkId(Problems& problems, const std::string& path, const std::string& id, const char* what) {
    const bool allowed = std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
    });
    if (id.empty())
        problems.push_back({path, std::string("a ") + what + " needs an id"});
    else if (id.size() > SessionLimits::kMaxIdLength)
        problems.push_back({path, std::string("a ") + what + " id has at most " +
                                      std::to_string(SessionLimits::kMaxIdLength) +
                                      " characters, " + quoted(id) + " has " +
                                      std::to_string(id.size())});
    else if (!allowed || id.front() == '.')
        problems.push_back({path, quoted(id) + " is not a " + what +
                                      " id: use letters, digits, \"-\", \"_\" and \".\" "
                                      "(not first)"});
}

std::string formatNumber(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

void checkRange(Problems& problems, const std::string& path, double value, double low, double high,
                std::string_view unit) {
    if (!(value >= low && value <= high))
        problems.push_back({path, formatNumber(value) + " " + std::string(unit) +
                                      " is out of range (" + formatNumber(low) + " to " +
                                      formatNumber(high) + ")"});
}

constexpr std::array<char, kMaxOutputSlots> kSlotNames = {'a', 'b', 'c'};

std::string boothPath(std::size_t b) {
    return "booths[" + std::to_string(b) + "]";
}

void checkSize(Problems& problems, const std::string& path, std::size_t count, std::size_t limit,
               std::string_view what) {
    if (count > limit)
        problems.push_back({path, std::to_string(count) + " " + std::string(what) +
                                      " is more than the limit of " + std::to_string(limit)});
}

void checkSizes(const Session& s, Problems& problems) {
    checkSize(problems, "channels", s.channels.size(), SessionLimits::kMaxChannels, "channels");
    checkSize(problems, "booths", s.booths.size(), SessionLimits::kMaxBooths, "booths");
    std::size_t consoles = 0;
    for (std::size_t b = 0; b < s.booths.size(); ++b) {
        checkSize(problems, boothPath(b) + ".consoles", s.booths[b].consoles.size(),
                  SessionLimits::kMaxConsolesPerBooth, "consoles");
        consoles += s.booths[b].consoles.size();
    }
    checkSize(problems, "booths", consoles, SessionLimits::kMaxConsoles, "consoles in all booths");
}

// A program feed's settings are ones its ducker, gain and limiter can follow; its bed is the
// floor under the interpretation, so the channel itself must not carry a fixed one as well.
void checkProgram(const LanguageChannel& c, const std::string& path, Problems& problems) {
    const ProgramFeed& p = *c.program;
    const ProgramBed& bed = p.bed;
    checkRange(problems, path + ".bed.levelDb", bed.levelDb, SessionLimits::kMinFloorBedDb,
               SessionLimits::kMaxFloorBedDb, "dB");
    checkRange(problems, path + ".bed.duckDb", bed.duckDb, 0.0, 60.0, "dB");
    checkRange(problems, path + ".bed.thresholdDbfs", bed.thresholdDbfs, -90.0, 0.0, "dBFS");
    checkRange(problems, path + ".bed.attackMs", bed.attackMs, 1.0, 2000.0, "ms");
    checkRange(problems, path + ".bed.holdMs", bed.holdMs, 0.0, 10000.0, "ms");
    checkRange(problems, path + ".bed.releaseMs", bed.releaseMs, 1.0, 10000.0, "ms");
    if (bed.enabled && c.floorBed.enabled)
        problems.push_back({path + ".bed.enabled",
                            "the channel already carries a fixed floor bed (floorBed): the "
                            "program's ducked bed takes its place, so switch one off"});
    if (p.loudnessLufs)
        checkRange(problems, path + ".loudnessLufs", *p.loudnessLufs,
                   SessionLimits::kMinLoudnessLufs, SessionLimits::kMaxLoudnessLufs, "LUFS");
    checkRange(problems, path + ".truePeakDbtp", p.truePeakDbtp, SessionLimits::kMinTruePeakDbtp,
               0.0, "dBTP");
    checkRange(problems, path + ".delayMs", p.delayMs, 0.0, SessionLimits::kMaxProgramDelayMs,
               "ms");
}

void checkChannels(const Session& s, Problems& problems) {
    if (s.channels.empty())
        problems.push_back({"channels", "a session needs at least one language channel"});
    std::set<std::string> seen;
    for (std::size_t i = 0; i < s.channels.size(); ++i) {
        const LanguageChannel& c = s.channels[i];
        const std::string path = "channels[" + std::to_string(i) + "]";
        if (!isLanguageCode(c.id))
            problems.push_back({path + ".id", quoted(c.id) + " is not an ISO 639 language code"});
        else if (!seen.insert(c.id).second)
            problems.push_back({path + ".id", "duplicate channel id " + quoted(c.id)});
        if (c.name.empty())
            problems.push_back({path + ".name", "a channel needs a display name"});
        checkRange(problems, path + ".autoFloor.fadeMs", c.autoFloor.fadeMs, 0.0,
                   SessionLimits::kMaxFadeMs, "ms");
        checkRange(problems, path + ".floorBed.levelDb", c.floorBed.levelDb,
                   SessionLimits::kMinFloorBedDb, SessionLimits::kMaxFloorBedDb, "dB");
        if (c.program)
            checkProgram(c, path + ".program", problems);
    }
}

void checkBooths(const Session& s, Problems& problems) {
    std::set<std::string> channelIds;
    for (const LanguageChannel& c : s.channels)
        channelIds.insert(c.id);
    std::set<std::string> boothIds, consoleIds;
    for (std::size_t b = 0; b < s.booths.size(); ++b) {
        const Booth& booth = s.booths[b];
        const std::string path = boothPath(b);
        checkId(problems, path + ".id", booth.id, "booth");
        if (!booth.id.empty() && !boothIds.insert(booth.id).second)
            problems.push_back({path + ".id", "duplicate booth id " + quoted(booth.id)});
        std::set<std::string> ownOutputs;
        for (std::size_t o = 0; o < booth.outputs.size() && o < kSlotNames.size(); ++o) {
            const std::string slotPath = path + ".outputs." + kSlotNames[o];
            const std::string& channel = booth.outputs[o];
            if (!channelIds.contains(channel))
                problems.push_back({slotPath, "unknown language channel " + quoted(channel)});
            else if (!ownOutputs.insert(channel).second)
                problems.push_back(
                    {slotPath, "channel " + quoted(channel) + " is already another slot"});
        }
        checkRange(problems, path + ".turnMinutes", booth.turnMinutes,
                   SessionLimits::kMinTurnMinutes, SessionLimits::kMaxTurnMinutes, "minutes");
        if (booth.relay) {
            if (!channelIds.contains(*booth.relay))
                problems.push_back(
                    {path + ".relay", "unknown language channel " + quoted(*booth.relay)});
            else if (ownOutputs.contains(*booth.relay))
                problems.push_back({path + ".relay", "relay loop: booth " + quoted(booth.id) +
                                                         " relays its own channel " +
                                                         quoted(*booth.relay)});
        }
        if (booth.consoles.empty())
            problems.push_back({path + ".consoles", "a booth needs at least one console"});
        std::set<int> seats;
        for (std::size_t c = 0; c < booth.consoles.size(); ++c) {
            const Console& console = booth.consoles[c];
            const std::string consolePath = path + ".consoles[" + std::to_string(c) + "]";
            checkId(problems, consolePath + ".id", console.id, "console");
            if (!console.id.empty() && !consoleIds.insert(console.id).second)
                problems.push_back(
                    {consolePath + ".id", "duplicate console id " + quoted(console.id)});
            if (console.id == "technician") // messages' sender id for the engineer view
                problems.push_back({consolePath + ".id",
                                    "\"technician\" is the technician's name in messages: "
                                    "a console needs another id"});
            if (console.seat < 1)
                problems.push_back({consolePath + ".seat", "seat numbers start at 1"});
            else if (!seats.insert(console.seat).second)
                problems.push_back({consolePath + ".seat", "seat " + std::to_string(console.seat) +
                                                               " is taken in this booth"});
        }
    }
}

// A booth depends on every booth that feeds the channel it relays; a cycle of such
// dependencies means no booth in it hears anyone who hears the floor.
void checkRelayLoops(const Session& s, Problems& problems) {
    std::multimap<std::string, std::size_t> feeders; // channel -> booths that output it
    for (std::size_t b = 0; b < s.booths.size(); ++b)
        for (const std::string& channel : s.booths[b].outputs)
            feeders.emplace(channel, b);
    std::set<std::size_t> reported;
    for (std::size_t start = 0; start < s.booths.size(); ++start) {
        // Depth-first walk along relay dependencies, looking for a way back to `start`.
        std::vector<std::pair<std::size_t, std::vector<std::size_t>>> stack{{start, {start}}};
        std::set<std::size_t> visited;
        while (!stack.empty()) {
            auto [booth, trail] = stack.back();
            stack.pop_back();
            const auto& relay = s.booths[booth].relay;
            if (!relay || !visited.insert(booth).second)
                continue;
            auto [first, last] = feeders.equal_range(*relay);
            for (auto it = first; it != last; ++it) {
                const std::size_t next = it->second;
                if (next == booth)
                    continue; // a booth relaying itself is reported in checkBooths
                if (next == start) {
                    if (reported.contains(start))
                        continue;
                    // booth "a" relays "x" from booth "b", which relays "y" from booth "a"
                    std::string cycle = "booth " + quoted(s.booths[start].id);
                    for (std::size_t k = 0; k < trail.size(); ++k) {
                        const std::size_t from = k + 1 < trail.size() ? trail[k + 1] : start;
                        cycle += std::string(k > 0 ? ", which" : "") + " relays " +
                                 quoted(*s.booths[trail[k]].relay) + " from booth " +
                                 quoted(s.booths[from].id);
                    }
                    problems.push_back({boothPath(start) + ".relay", "relay loop: " + cycle});
                    for (const std::size_t step : trail)
                        reported.insert(step);
                    continue;
                }
                auto nextTrail = trail;
                nextTrail.push_back(next);
                stack.emplace_back(next, std::move(nextTrail));
            }
        }
    }
}

// Names in the map must exist; device channels start at 1 and carry one signal each.
void checkIoMap(const Session& s, Problems& problems) {
    if (!s.io)
        return;
    const auto [consoles, channels] = consoleAndChannelIds(s);
    std::map<int, std::string> inputs, outputs; // device channel -> first path using it
    auto use = [&problems](std::map<int, std::string>& used, int channel, const std::string& path,
                           const char* direction) {
        if (channel < 1) {
            problems.push_back({path, "device channels are numbered from 1"});
            return;
        }
        const auto [it, fresh] = used.emplace(channel, path);
        if (!fresh)
            problems.push_back({path, std::string("device ") + direction + " " +
                                          std::to_string(channel) + " is already " + it->second});
    };
    if (s.io->floor.size() > static_cast<std::size_t>(s.floor.channels))
        problems.push_back({"io.floor", "more entries than the floor's " +
                                            std::to_string(s.floor.channels) + " channel(s)"});
    for (std::size_t i = 0; i < s.io->floor.size(); ++i)
        use(inputs, s.io->floor[i], "io.floor[" + std::to_string(i) + "]", "input");
    for (const auto& [id, channel] : s.io->mics) {
        if (!consoles.contains(id))
            problems.push_back({keyPath("io.mics", id), "unknown console " + quoted(id)});
        use(inputs, channel, keyPath("io.mics", id), "input");
    }
    for (const auto& [id, channel] : s.io->channels) {
        if (!channels.contains(id))
            problems.push_back(
                {keyPath("io.channels", id), "unknown language channel " + quoted(id)});
        use(outputs, channel, keyPath("io.channels", id), "output");
    }
    for (const auto& [id, channel] : s.io->phones) {
        if (!consoles.contains(id))
            problems.push_back({keyPath("io.phones", id), "unknown console " + quoted(id)});
        use(outputs, channel, keyPath("io.phones", id), "output");
    }
    for (const auto& [id, channel] : s.io->programs) {
        const std::string& wanted = id; // a lambda cannot capture a structured binding (C++17)
        const auto it =
            std::find_if(s.channels.begin(), s.channels.end(),
                         [&wanted](const LanguageChannel& c) { return c.id == wanted; });
        if (it == s.channels.end())
            problems.push_back(
                {keyPath("io.programs", id), "unknown language channel " + quoted(id)});
        else if (!it->program)
            problems.push_back({keyPath("io.programs", id),
                                "channel " + quoted(id) + " has no program feed (its program)"});
        use(outputs, channel, keyPath("io.programs", id), "output");
    }
    if (s.io->talkback)
        use(outputs, *s.io->talkback, "io.talkback", "output");
}

// An output that takes program feeds takes them of every language channel it carries (the
// floor stays the floor): each of those needs one.
void checkFeed(const Session& s, FeedKind feed, const std::vector<std::string>& signals,
               const std::string& path, Problems& problems) {
    if (feed != FeedKind::Program)
        return;
    for (std::size_t i = 0; i < s.channels.size(); ++i) {
        const LanguageChannel& c = s.channels[i];
        const bool carried =
            signals.empty() || std::find(signals.begin(), signals.end(), c.id) != signals.end();
        if (carried && !c.program)
            problems.push_back({path, "\"program\", but channel " + quoted(c.id) +
                                          " has no program feed (channels[" + std::to_string(i) +
                                          "].program)"});
    }
}

// A server's own address: an IP literal (of this machine's: checked when it binds).
void checkListenAddress(const std::string& address, const std::string& path, Problems& problems) {
    in_addr v4{};
    in6_addr v6{};
    if (inet_pton(AF_INET, address.c_str(), &v4) != 1 &&
        inet_pton(AF_INET6, address.c_str(), &v6) != 1)
        problems.push_back({path, quoted(address) + " is not an IPv4 or IPv6 address"});
}

// The OSC server's address must be an IP literal; the port a UDP port.
void checkOsc(const Session& s, Problems& problems) {
    if (!s.osc)
        return;
    checkListenAddress(s.osc->address, "osc.address", problems);
    for (std::size_t i = 0; i < s.osc->peers.size(); ++i)
        if (!PeerAllowList::parse(s.osc->peers[i]))
            problems.push_back(
                {"osc.peers[" + std::to_string(i) + "]",
                 quoted(s.osc->peers[i]) + " is not an IP address or network (192.168.1.0/24)"});
    if (s.osc->port < 0 || s.osc->port > 65535)
        problems.push_back({"osc.port", std::to_string(s.osc->port) +
                                            " is out of range (1 to 65535, or 0 for none)"});
}

// Every hardware key names a console and a key that exist; a note or control works one key.
void checkMidi(const Session& s, Problems& problems) {
    const auto [consoles, channels] = consoleAndChannelIds(s);
    for (std::size_t c = 0; c < s.midi.size(); ++c) {
        const MidiController& controller = s.midi[c];
        const std::string path = "midi[" + std::to_string(c) + "]";
        if (controller.device.empty())
            problems.push_back({path + ".device", "names no MIDI device"});
        std::map<std::tuple<MidiKey::Message, int, int>, std::string> used;
        for (std::size_t k = 0; k < controller.keys.size(); ++k) {
            const MidiKey& key = controller.keys[k];
            const std::string at = path + ".keys[" + std::to_string(k) + "]";
            if (!consoles.contains(key.console))
                problems.push_back({at + ".console", "unknown console " + quoted(key.console)});
            const auto action = hardwareKeyAction(key.key);
            if (!action)
                problems.push_back({at + ".key", "unknown key " + quoted(key.key)});
            else if (const std::string channel(channelOf(action->press));
                     !channel.empty() && !channels.contains(channel))
                problems.push_back({at + ".key", "unknown language channel " + quoted(channel)});
            const char* number = key.message == MidiKey::Message::Note ? ".note" : ".cc";
            if (key.number < 0 || key.number > 127)
                problems.push_back(
                    {at + number, std::to_string(key.number) + " is out of range (0 to 127)"});
            // 0 stands for any channel inside; in a file, any channel is "channel" left out.
            if (key.channel < 0 || key.channel > 16)
                problems.push_back({at + ".channel", std::to_string(key.channel) +
                                                         " is out of range (1 to 16; leave "
                                                         "\"channel\" out for any channel)"});
            const auto [it, fresh] =
                used.emplace(std::tuple{key.message, key.number, key.channel}, at);
            if (!fresh)
                problems.push_back({at, "the same MIDI message as " + it->second});
        }
    }
}

// A server's port, 1 to 65535.
void checkPort(int port, const std::string& path, Problems& problems) {
    if (port < 1 || port > 65535)
        problems.push_back({path, std::to_string(port) + " is out of range (1 to 65535)"});
}

// A bitrate and complexity Opus has (recordings, streams and remote booths alike).
void checkOpusRate(int bitrateKbps, int complexity, const std::string& path, Problems& problems) {
    if (bitrateKbps < 6 || bitrateKbps > 510)
        problems.push_back({path + ".bitrateKbps",
                            std::to_string(bitrateKbps) + " is out of range (6 to 510 kbit/s)"});
    if (complexity < 0 || complexity > 10)
        problems.push_back(
            {path + ".complexity", std::to_string(complexity) + " is out of range (0 to 10)"});
}

// Encoder settings Opus has, in the frame sizes a file or stream uses.
void checkOpus(const OpusSettings& opus, const std::string& path, Problems& problems) {
    checkOpusRate(opus.bitrateKbps, opus.complexity, path, problems);
    if (opus.frameMs != 10 && opus.frameMs != 20 && opus.frameMs != 40 && opus.frameMs != 60)
        problems.push_back(
            {path + ".frameMs", std::to_string(opus.frameMs) + " is not 10, 20, 40 or 60"});
}

// A list of signals ("floor" and channel ids) names each that exists, once.
void checkSignalList(const Session& s, const std::vector<std::string>& signals,
                     const std::string& path, const std::string& twice, Problems& problems) {
    const auto channels = consoleAndChannelIds(s).second;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < signals.size(); ++i) {
        const std::string& signal = signals[i];
        const std::string at = path + "[" + std::to_string(i) + "]";
        if (signal != "floor" && !channels.contains(signal))
            problems.push_back(
                {at, quoted(signal) + " is neither \"floor\" nor a language channel"});
        else if (!seen.insert(signal).second)
            problems.push_back({at, quoted(signal) + " " + twice});
    }
}

// Recorded signals exist (once each); encoder settings are ones Opus has.
void checkRecording(const Session& s, Problems& problems) {
    if (!s.recording)
        return;
    const RecordingSettings& rec = *s.recording;
    if (rec.directory.empty())
        problems.push_back({"recording.directory", "names no directory"});
    checkSignalList(s, rec.signals, "recording.signals", "is recorded twice", problems);
    checkFeed(s, rec.feed, rec.signals, "recording.feed", problems);
    checkOpus(rec.opus, "recording.opus", problems);
}

void checkBoothLog(const Session& s, Problems& problems) {
    if (s.boothLog && s.boothLog->directory.empty())
        problems.push_back({"boothLog.directory", "names no directory"});
}

// Remote consoles exist, have secrets worth the name, and the path's Opus settings are ones
// low-delay Opus has; Opus runs at 48 kHz only, and remote booths do not resample.
void checkRemote(const Session& s, Problems& problems) {
    if (!s.remoteBooths)
        return;
    const RemoteBoothSettings& remote = *s.remoteBooths;
    checkListenAddress(remote.address, "remoteBooths.address", problems);
    checkPort(remote.port, "remoteBooths.port", problems);
    if (remote.frameMs != 2.5 && remote.frameMs != 5.0 && remote.frameMs != 10.0)
        problems.push_back(
            {"remoteBooths.frameMs", "must be 2.5, 5 or 10 (low-delay Opus frames)"});
    checkOpusRate(remote.bitrateKbps, remote.complexity, "remoteBooths", problems);
    if (s.sampleRate != 48000.0)
        problems.push_back(
            {"remoteBooths", "remote booths need a session at 48000 Hz (Opus' rate)"});
    const auto consoles = consoleAndChannelIds(s).first;
    for (const auto& [console, secret] : remote.consoles) {
        const std::string at = keyPath("remoteBooths.consoles", console);
        if (!consoles.contains(console))
            problems.push_back({at, quoted(console) + " is not a console of the session"});
        if (secret.size() < 16)
            problems.push_back({at, "the secret has " + std::to_string(secret.size()) +
                                        " characters; it needs at least 16"});
    }
    if (s.io)
        for (const auto& [console, unused] : remote.consoles) {
            if (s.io->mics.contains(console))
                problems.push_back({keyPath("io.mics", console),
                                    "is a remote console: its mic comes over the network"});
            if (s.io->phones.contains(console))
                problems.push_back({keyPath("io.phones", console),
                                    "is a remote console: its headphones are on the network"});
        }
}

// Streams go to a server with a password, each signal that exists to a mount of its own.
void checkStreams(const Session& s, Problems& problems) {
    if (!s.streams)
        return;
    const StreamSettings& streams = *s.streams;
    if (streams.host.empty())
        problems.push_back({"streams.host", "names no server"});
    checkPort(streams.port, "streams.port", problems);
    if (streams.password.empty())
        problems.push_back({"streams.password", "is empty (Icecast's source password)"});
    const auto channels = consoleAndChannelIds(s).second;
    std::map<std::string, std::string> used; // mount -> signal
    for (const auto& [signal, mount] : streams.mounts) {
        const std::string at = keyPath("streams.mounts", signal);
        if (signal != "floor" && !channels.contains(signal))
            problems.push_back(
                {at, quoted(signal) + " is neither \"floor\" nor a language channel"});
        if (mount.size() < 2 || mount.front() != '/' ||
            mount.find_first_of(" ?#\"\\") != std::string::npos)
            problems.push_back(
                {at, quoted(mount) + " is not a mount point (a path such as \"/en.opus\")"});
        else if (const auto [it, fresh] = used.emplace(mount, signal); !fresh)
            problems.push_back({at, quoted(mount) + " is already streams.mounts." + it->second});
    }
    checkOpus(streams.opus, "streams.opus", problems);
    std::vector<std::string> streamed;
    for (const auto& [signal, unused] : streams.mounts)
        streamed.push_back(signal);
    checkFeed(s, streams.feed, streamed, "streams.feed", problems);
}

// A Janus server's HTTP API, RTP host, and ports for `count` signals.
void checkJanusServer(const JanusServerSettings& server, const std::string& path, std::size_t count,
                      Problems& problems) {
    if (!server.janus.starts_with("http://") && !server.janus.starts_with("https://"))
        problems.push_back({path + ".janus",
                            quoted(excerpt(server.janus)) +
                                " is not Janus's HTTP API (e.g. \"http://127.0.0.1:8088/janus\")"});
    if (server.rtpHost.empty())
        problems.push_back({path + ".rtpHost", "names no host"});
    const long lastPort = server.firstPort + 2L * static_cast<long>(count) - 1;
    if (server.firstPort < 1024 || lastPort > 65535)
        problems.push_back(
            {path + ".firstPort", std::to_string(server.firstPort) + " leaves no room for " +
                                      std::to_string(count) +
                                      " signals (two ports each, from 1024 to 65535)"});
}

// Web listeners: Janus servers that can be reached, a mountpoint secret, signals that exist
// once each, mountpoint ids that fit, frames Janus' listeners take.
void checkWebListeners(const Session& s, Problems& problems) {
    if (!s.webListeners)
        return;
    const WebListenerSettings& web = *s.webListeners;
    checkSignalList(s, web.signals, "webListeners.signals", "is listed twice", problems);
    checkFeed(s, web.feed, web.signals, "webListeners.feed", problems);
    const std::size_t count = web.signals.empty() ? s.channels.size() + 1 : web.signals.size();
    checkJanusServer(web.server, "webListeners", count, problems);
    std::set<std::pair<std::string, int>> targets{{web.server.rtpHost, web.server.firstPort}};
    for (std::size_t i = 0; i < web.moreServers.size(); ++i) {
        const std::string at = "webListeners.moreServers[" + std::to_string(i) + "]";
        const JanusServerSettings& server = web.moreServers[i];
        checkJanusServer(server, at, count, problems);
        if (!targets.insert({server.rtpHost, server.firstPort}).second)
            problems.push_back({at, "takes the RTP on the same host and ports as a server "
                                    "before it (a Janus per host, or ports of its own)"});
    }
    if (web.secret.size() < 8)
        problems.push_back({"webListeners.secret",
                            "has " + std::to_string(web.secret.size()) +
                                " characters; it needs at least 8 (it guards the mountpoints)"});
    if (web.firstId < 1 || web.firstId > 2'000'000'000)
        problems.push_back(
            {"webListeners.firstId", std::to_string(web.firstId) + " is out of range (1 to 2e9)"});
    checkOpusRate(web.bitrateKbps, 10, "webListeners", problems);
    if (web.frameMs != 10 && web.frameMs != 20)
        problems.push_back({"webListeners.frameMs",
                            std::to_string(web.frameMs) + " is not 10 or 20 (ms per RTP packet)"});
    if (s.sampleRate != 48000.0)
        problems.push_back(
            {"webListeners", "web listeners need a session at 48000 Hz (Opus' rate)"});
}

// The meeting: Janus's API, a room id and secret, an address and port for its mix that no
// other part of the session takes.
void checkMeeting(const Session& s, Problems& problems) {
    if (!s.meeting)
        return;
    const MeetingSettings& meeting = *s.meeting;
    if (!meeting.janus.starts_with("http://") && !meeting.janus.starts_with("https://"))
        problems.push_back({"meeting.janus",
                            quoted(excerpt(meeting.janus)) +
                                " is not Janus's HTTP API (e.g. \"http://127.0.0.1:8088/janus\")"});
    if (meeting.room < 1 || meeting.room > 2'000'000'000)
        problems.push_back(
            {"meeting.room", std::to_string(meeting.room) + " is out of range (1 to 2e9)"});
    if (meeting.roomSecret.size() < 8)
        problems.push_back(
            {"meeting.roomSecret", "has " + std::to_string(meeting.roomSecret.size()) +
                                       " characters; it needs at least 8 (it guards the room)"});
    if (meeting.floorHost.empty())
        problems.push_back({"meeting.floorHost", "names no host"});
    if (meeting.floorPort < 1024 || meeting.floorPort > 65535)
        problems.push_back({"meeting.floorPort", std::to_string(meeting.floorPort) +
                                                     " is not a port from 1024 to 65535"});
    else if (s.remoteBooths && s.remoteBooths->port == meeting.floorPort)
        problems.push_back({"meeting.floorPort", std::to_string(meeting.floorPort) +
                                                     " is remoteBooths.port too (a port each)"});
    if (s.sampleRate != 48000.0)
        problems.push_back({"meeting", "a meeting floor needs a session at 48000 Hz (Opus' rate)"});
}

} // namespace

std::pair<std::set<std::string>, std::set<std::string>>
consoleAndChannelIds(const Session& session) {
    std::set<std::string> consoles, channels;
    for (const Booth& booth : session.booths)
        for (const Console& console : booth.consoles)
            consoles.insert(console.id);
    for (const LanguageChannel& channel : session.channels)
        channels.insert(channel.id);
    return {consoles, channels};
}

bool isLanguageCode(std::string_view code) {
    // ISO 639-1/-2/-3 primary code in lower case, then optional BCP 47 style subtags.
    std::size_t i = 0;
    while (i < code.size() && std::islower(static_cast<unsigned char>(code[i])) != 0)
        ++i;
    if (i < 2 || i > 3)
        return false;
    while (i < code.size()) {
        if (code[i] != '-')
            return false;
        const std::size_t start = ++i;
        while (i < code.size() && std::isalnum(static_cast<unsigned char>(code[i])) != 0)
            ++i;
        if (i - start < 2 || i - start > 8)
            return false;
    }
    return true;
}

Problems validateSession(const Session& s) {
    Problems problems;
    if (s.schemaVersion != kSessionSchemaVersion)
        problems.push_back({"schema", "unsupported schema version"});
    checkRange(problems, "sampleRate", s.sampleRate, SessionLimits::kMinSampleRate,
               SessionLimits::kMaxSampleRate, "Hz");
    if (s.floor.channels < 1 || s.floor.channels > SessionLimits::kMaxFloorChannels)
        problems.push_back(
            {"floor.channels", std::to_string(s.floor.channels) + " is out of range (1 to " +
                                   std::to_string(SessionLimits::kMaxFloorChannels) + ")"});
    if (!isLanguageCode(s.floor.language))
        problems.push_back(
            {"floor.language", quoted(s.floor.language) + " is not an ISO 639 language code"});
    checkRange(problems, "limiter.ceilingDbfs", s.limiter.ceilingDbfs,
               SessionLimits::kMinCeilingDbfs, SessionLimits::kMaxCeilingDbfs, "dBFS");
    checkRange(problems, "limiter.headset94Dbfs", s.limiter.headset94Dbfs,
               SessionLimits::kMinHeadsetDbfs, SessionLimits::kMaxHeadsetDbfs, "dBFS");
    for (std::size_t b = 0; b < s.booths.size(); ++b)
        for (std::size_t c = 0; c < s.booths[b].consoles.size(); ++c)
            if (const auto& headset = s.booths[b].consoles[c].headset94Dbfs)
                checkRange(problems,
                           boothPath(b) + ".consoles[" + std::to_string(c) + "].headset94Dbfs",
                           *headset, SessionLimits::kMinHeadsetDbfs, SessionLimits::kMaxHeadsetDbfs,
                           "dBFS");
    checkRange(problems, "idleMinutes", s.idleMinutes, 0.0, SessionLimits::kMaxIdleMinutes,
               "minutes");
    checkSizes(s, problems);
    checkChannels(s, problems);
    checkBooths(s, problems);
    checkRelayLoops(s, problems);
    checkIoMap(s, problems);
    checkOsc(s, problems);
    checkRecording(s, problems);
    checkBoothLog(s, problems);
    checkStreams(s, problems);
    checkRemote(s, problems);
    checkWebListeners(s, problems);
    checkMeeting(s, problems);
    checkMidi(s, problems);
    return problems;
}

} // namespace dragoman
