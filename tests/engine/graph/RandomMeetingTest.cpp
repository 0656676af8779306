// Property test: random valid meetings (1-8 channels, booths of 1-3 consoles, relays, both
// interlock modes, auto-floor, floor bed) driven by random cue lists of key presses and
// floor-language changes, rendered with a tone per source, and checked from outside after
// every step, on the reported states and on the audio:
//   - the floor-language channel carries no interpreter (it carries the floor);
//   - a booth has at most one live mic, and a channel at most one interpreter;
//   - a live, uncoughed interpreter off talkback is heard on their channel, and nobody else's
//     mic is; the talkback carries exactly the consoles that hold its key;
//   - a channel with nobody live carries the floor (auto-floor) or silence; with somebody
//     live, the floor only as the floor bed;
//   - a waiting console is kept off the air by something (a live or waiting boothmate, or
//     another booth on its channel);
//   - the reported relay quality follows from who hears what;
//   - no headphone sample above the ceiling; no non-finite sample in any output.
// A failure prints its seed, and the session and the shortest cue list found that still fail,
// ready for `dragoman render SESSION --cues CUES`. DRAGOMAN_MEETINGS sets the case count and
// DRAGOMAN_MEETING_SEED runs one case.
#include "render/CueList.h"
#include "session/SessionJson.h"
#include "session/SessionValidation.h"
#include "support/ToneRig.h"

#include <catch2/catch.hpp>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <random>

using namespace dragoman;
using namespace dragoman::test;

namespace {

constexpr double kSampleRate = 16000.0; // tones up to 3.2 kHz; a third of the work of 48 kHz
constexpr double kStepSeconds = 0.11;   // cues at the start of each step
constexpr double kSteadyFrom = 0.06;    // ramps (10 ms) and floor fades (<= 40 ms) are done
const char* const kLanguages[] = {"en", "fr", "de", "es", "ru", "zh", "ar", "ja"};

struct Meeting {
    Session session;
    std::vector<nlohmann::json> steps; // each a list of cues, applied at the step's start
};

template <typename T> const T& pick(std::mt19937& random, const std::vector<T>& from) {
    return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(random)];
}

bool chance(std::mt19937& random, double p) {
    return std::uniform_real_distribution<double>(0.0, 1.0)(random) < p;
}

int between(std::mt19937& random, int low, int high) {
    return std::uniform_int_distribution<int>(low, high)(random);
}

Session randomSession(std::mt19937& random) {
    for (;;) {
        Session s;
        s.name = "random meeting";
        s.sampleRate = 48000.0; // the rig renders at kSampleRate
        s.floor.channels = between(random, 1, 2);
        const int channels = between(random, 1, 8);
        std::vector<std::string> ids;
        for (int c = 0; c < channels; ++c) {
            LanguageChannel channel;
            channel.id = kLanguages[c];
            channel.name = channel.id;
            channel.autoFloor.enabled = chance(random, 0.8);
            channel.autoFloor.fadeMs = pick(random, std::vector<double>{0.0, 10.0, 40.0});
            channel.floorBed.enabled = chance(random, 0.2);
            channel.floorBed.levelDb = between(random, -24, -6);
            s.channels.push_back(channel);
            ids.push_back(channel.id);
        }
        s.floor.language = chance(random, 0.9) ? pick(random, ids) : "it";
        s.channelInterlock =
            chance(random, 0.5) ? InterlockMode::Interlock : InterlockMode::Override;
        s.limiter.ceilingDbfs = between(random, -20, -1);
        // At most 11 consoles: each source keeps a tone of its own (the rig has 12).
        int consolesLeft = 11;
        const int booths = between(random, 1, 5);
        for (int b = 0; b < booths && consolesLeft > 0; ++b) {
            Booth booth;
            booth.id = "b" + std::to_string(b + 1);
            booth.interlock =
                chance(random, 0.5) ? InterlockMode::Interlock : InterlockMode::Override;
            std::vector<std::string> free = ids;
            std::shuffle(free.begin(), free.end(), random);
            const int outputs = between(random, 1, std::min(3, channels));
            booth.outputs.assign(free.begin(), free.begin() + outputs);
            if (chance(random, 0.5))
                booth.relay = pick(random, ids);
            const int consoles = std::min(consolesLeft, between(random, 1, 3));
            for (int c = 0; c < consoles; ++c)
                booth.consoles.push_back({booth.id + "-" + std::to_string(c + 1), c + 1});
            consolesLeft -= consoles;
            s.booths.push_back(booth);
        }
        if (validateSession(s).empty())
            return s; // else (a relay on the booth's own channel, a relay loop) draw again
    }
}

nlohmann::json randomCue(std::mt19937& random, const Session& s) {
    std::vector<std::string> consoles;
    for (const Booth& booth : s.booths)
        for (const Console& console : booth.consoles)
            consoles.push_back(console.id);
    std::vector<std::string> channels;
    for (const LanguageChannel& channel : s.channels)
        channels.push_back(channel.id);
    nlohmann::json cue;
    const int kind = between(random, 0, 99);
    if (kind < 10) {
        cue["action"] = "floor-language";
        cue["language"] = chance(random, 0.9) ? pick(random, channels) : "it";
        return cue;
    }
    cue["console"] = pick(random, consoles);
    if (kind < 35)
        cue["action"] = "mic-on";
    else if (kind < 50)
        cue["action"] = "mic-off";
    else if (kind < 58)
        cue["action"] = "mic-toggle";
    else if (kind < 62)
        cue["action"] = chance(random, 0.5) ? "cough-down" : "cough-up";
    else if (kind < 66) {
        cue["action"] = "talkback";
        cue["on"] = chance(random, 0.5);
    } else if (kind < 78) {
        cue["action"] = "output";
        cue["slot"] = pick(random, std::vector<std::string>{"a", "b", "c"});
    } else if (kind < 88) {
        cue["action"] = "listen";
        const int source = between(random, 0, 2);
        cue["source"] = source == 0 ? "floor" : source == 1 ? "auto" : pick(random, channels);
    } else {
        cue["action"] =
            pick(random, std::vector<std::string>{"volume", "sidetone", "bass", "treble"});
        cue["db"] = between(random, -18, 12);
    }
    return cue;
}

Meeting randomMeeting(std::uint32_t seed) {
    std::mt19937 random(seed);
    Meeting meeting;
    meeting.session = randomSession(random);
    const int steps = between(random, 4, 16);
    for (int i = 0; i < steps; ++i) {
        nlohmann::json step = nlohmann::json::array();
        const int cues = between(random, 1, 3);
        for (int c = 0; c < cues; ++c)
            step.push_back(randomCue(random, meeting.session));
        meeting.steps.push_back(step);
    }
    return meeting;
}

nlohmann::json cueListOf(const Meeting& meeting) {
    nlohmann::json list = nlohmann::json::array();
    for (std::size_t i = 0; i < meeting.steps.size(); ++i)
        for (nlohmann::json cue : meeting.steps[i]) {
            cue["time"] = static_cast<double>(i) * kStepSeconds;
            list.push_back(cue);
        }
    return list;
}

// What the engine reported, as of now.
struct Reported {
    std::map<std::string, ConsoleState> consoles;
    std::map<std::string, ChannelCarrierChanged> channels;
    std::string floorLanguage;
};

class MeetingCheck {
public:
    MeetingCheck(const Session& s, ToneRig& rig) : session_(s), rig_(rig) {
        for (const Booth& booth : s.booths)
            for (const Console& console : booth.consoles)
                boothOf_[console.id] = &booth;
        for (const LanguageChannel& channel : s.channels)
            channelOf_[channel.id] = &channel;
        reported_.floorLanguage = s.floor.language;
    }

    void take() {
        Engine& engine = rig_.engine();
        for (const EngineEvent& e : engine.takeEvents()) {
            if (const auto* s = std::get_if<ConsoleStateChanged>(&e))
                reported_.consoles[engine.consoleId(s->console)] = s->state;
            else if (const auto* c = std::get_if<ChannelCarrierChanged>(&e))
                reported_.channels[engine.languageId(c->channel)] = *c;
            else if (const auto* f = std::get_if<FloorLanguageChanged>(&e))
                reported_.floorLanguage = engine.languageId(f->language);
        }
    }

    // The first broken invariant over the step [from, to), or "".
    std::string violation(double from, double to) {
        if (std::string v = samples(from, to); !v.empty())
            return v;
        if (std::string v = states(); !v.empty())
            return v;
        return audio(from + kSteadyFrom, to);
    }

private:
    std::string id(LanguageHandle h) const { return rig_.engine().languageId(h); }
    std::string id(ConsoleHandle h) const { return rig_.engine().consoleId(h); }
    const ConsoleState& state(const std::string& console) { return reported_.consoles[console]; }
    bool live(const std::string& console) { return state(console).micOn; }
    // The console live on `channel`, or "".
    std::string interpreterOn(const std::string& channel) {
        for (const auto& [console, s] : reported_.consoles)
            if (s.micOn && id(s.outgoing) == channel)
                return console;
        return {};
    }

    std::string samples(double from, double to) {
        const float ceiling =
            static_cast<float>(std::pow(10.0, session_.limiter.ceilingDbfs / 20.0));
        for (const auto& [console, booth] : boothOf_) {
            const std::vector<float>& phones = rig_.output("phones " + console);
            for (std::size_t f = rig_.frameAt(from); f < std::min(rig_.frameAt(to), phones.size());
                 ++f) {
                if (!std::isfinite(phones[f]))
                    return "phones " + console + ": non-finite sample";
                if (std::fabs(phones[f]) > ceiling * 1.0001f)
                    return "phones " + console + ": sample " + std::to_string(phones[f]) +
                           " above the ceiling " + std::to_string(ceiling);
            }
        }
        for (const auto& [channel, c] : channelOf_) {
            const std::vector<float>& out = rig_.output("channel " + channel);
            for (std::size_t f = rig_.frameAt(from); f < std::min(rig_.frameAt(to), out.size());
                 ++f)
                if (!std::isfinite(out[f]))
                    return "channel " + channel + ": non-finite sample";
        }
        return {};
    }

    std::string states() {
        std::map<const Booth*, std::string> liveInBooth;
        std::map<std::string, std::string> liveOnChannel;
        for (const auto& [console, s] : reported_.consoles) {
            if (!s.micOn)
                continue;
            const std::string channel = id(s.outgoing);
            if (channel == reported_.floorLanguage)
                return console + " is live on " + channel + ", the floor language";
            if (auto [it, fresh] = liveInBooth.emplace(boothOf_.at(console), console); !fresh)
                return "booth " + boothOf_.at(console)->id + " has two live mics: " + it->second +
                       " and " + console;
            if (auto [it, fresh] = liveOnChannel.emplace(channel, console); !fresh)
                return "channel " + channel + " has two interpreters: " + it->second + " and " +
                       console;
        }
        for (const auto& [console, s] : reported_.consoles) {
            if (!s.waiting)
                continue;
            if (s.micOn)
                return console + " is live and waiting";
            const Booth* booth = boothOf_.at(console);
            bool blocked = liveInBooth.contains(booth);
            for (const Console& mate : booth->consoles)
                blocked = blocked || (mate.id != console && state(mate.id).waiting);
            const auto holder = liveOnChannel.find(id(s.outgoing));
            blocked =
                blocked || (holder != liveOnChannel.end() && boothOf_.at(holder->second) != booth);
            if (!blocked)
                return console + " waits though nothing keeps it off the air";
        }
        for (const auto& [channel, c] : channelOf_) {
            const std::string interpreter = interpreterOn(channel);
            const ChannelCarrierChanged& carrier = reported_.channels[channel];
            const std::string reportedInterpreter =
                carrier.interpreter.valid() ? id(carrier.interpreter) : "";
            if (reportedInterpreter != interpreter)
                return "channel " + channel + " reports interpreter '" + reportedInterpreter +
                       "' but '" + interpreter + "' is live on it";
            RelayQuality expected =
                c->autoFloor.enabled ? RelayQuality::Floor : RelayQuality::Silent;
            if (!interpreter.empty()) {
                const LanguageHandle heard = state(interpreter).hearing;
                expected = heard.valid() && channelOf_.contains(id(heard))
                               ? interpretationOf(reported_.channels[id(heard)].quality)
                               : RelayQuality::Direct;
            }
            if (carrier.quality != expected)
                return "channel " + channel + " reports quality " +
                       relayQualityName(carrier.quality) + ", expected " +
                       relayQualityName(expected);
        }
        return {};
    }

    std::string audio(double from, double to) {
        // The talkback carries exactly the consoles whose talkback key is held.
        for (const auto& [console, booth] : boothOf_) {
            const double level = rig_.level("talkback", console, from, to);
            if (state(console).talkback && level < kPresent)
                return console + " holds talkback but is not heard there (" +
                       std::to_string(level) + ")";
            if (!state(console).talkback && level > kAbsent)
                return console + " is heard on the talkback without holding it (" +
                       std::to_string(level) + ")";
        }
        for (const auto& [channel, c] : channelOf_) {
            const std::string output = "channel " + channel;
            const std::string interpreter = interpreterOn(channel);
            for (const auto& [console, booth] : boothOf_) {
                const double level = rig_.level(output, console, from, to);
                const bool heard =
                    console == interpreter && !state(console).coughing && !state(console).talkback;
                if (heard && level < kPresent)
                    return console + " is live on " + channel + " but not heard there (" +
                           std::to_string(level) + ")";
                if (!heard && level > kAbsent)
                    return console + " is heard on " + channel + " (" + std::to_string(level) +
                           ") without being live there, uncoughed and off talkback";
            }
            const double floor = rig_.level(output, "floor", from, to);
            const double expected =
                interpreter.empty()
                    ? (c->autoFloor.enabled ? kToneAmplitude : 0.0)
                    : (c->floorBed.enabled
                           ? kToneAmplitude * std::pow(10.0, c->floorBed.levelDb / 20.0)
                           : 0.0);
            if (std::fabs(floor - expected) > std::max(kAbsent, 0.1 * expected))
                return output + " carries the floor at " + std::to_string(floor) + ", expected " +
                       std::to_string(expected);
        }
        return {};
    }

    const Session& session_;
    ToneRig& rig_;
    std::map<std::string, const Booth*> boothOf_;
    std::map<std::string, const LanguageChannel*> channelOf_;
    Reported reported_;
};

// Renders the meeting; the first broken invariant with its step, or "".
std::string runMeeting(const Meeting& meeting, std::uint32_t blockSeed) {
    ToneRig rig(meeting.session, kSampleRate, BlockSizes{256, true, blockSeed});
    const CueListLoad cues = parseCueList(cueListOf(meeting).dump());
    if (!cues.ok())
        return "cue list invalid: " + cues.problems.front().describe();
    MeetingCheck check(meeting.session, rig);
    std::size_t next = 0;
    for (std::size_t step = 0; step <= meeting.steps.size(); ++step) {
        const double start = static_cast<double>(step) * kStepSeconds;
        while (next < cues.cues.size() && cues.cues[next].timeSeconds <= start + 1e-9)
            cues.cues[next++].applyTo(rig.engine());
        rig.run(kStepSeconds);
        check.take();
        if (std::string v = check.violation(start, start + kStepSeconds); !v.empty())
            return "at " + std::to_string(start) + " s (step " + std::to_string(step) + "): " + v;
    }
    return {};
}

// The shortest cue list found (steps, then single cues, dropped one at a time) that still
// breaks an invariant.
Meeting shrink(Meeting meeting, std::uint32_t blockSeed) {
    for (std::size_t i = meeting.steps.size(); i-- > 0;) {
        Meeting fewer = meeting;
        fewer.steps.erase(fewer.steps.begin() + static_cast<std::ptrdiff_t>(i));
        if (!runMeeting(fewer, blockSeed).empty())
            meeting = std::move(fewer);
    }
    for (std::size_t i = meeting.steps.size(); i-- > 0;)
        for (std::size_t c = meeting.steps[i].size(); c-- > 0 && meeting.steps[i].size() > 1;) {
            Meeting fewer = meeting;
            fewer.steps[i].erase(c);
            if (!runMeeting(fewer, blockSeed).empty())
                meeting = std::move(fewer);
        }
    return meeting;
}

std::uint32_t fromEnvironment(const char* name, std::uint32_t otherwise) {
    const char* value = std::getenv(name);
    return value != nullptr ? static_cast<std::uint32_t>(std::strtoul(value, nullptr, 10))
                            : otherwise;
}

} // namespace

TEST_CASE("random meetings keep every invariant", "[graph]") {
    const std::uint32_t count = fromEnvironment("DRAGOMAN_MEETINGS", 3000);
    const std::uint32_t only = fromEnvironment("DRAGOMAN_MEETING_SEED", 0);
    std::uint32_t checked = 0;
    for (std::uint32_t seed = only != 0 ? only : 1; seed <= (only != 0 ? only : count); ++seed) {
        const Meeting meeting = randomMeeting(seed);
        const std::string failure = runMeeting(meeting, seed);
        if (!failure.empty()) {
            const Meeting minimal = shrink(meeting, seed);
            FAIL("seed " << seed << ": " << failure << "\nshortest failing cue list ("
                         << runMeeting(minimal, seed) << "):\n"
                         << cueListOf(minimal).dump(1) << "\nsession:\n"
                         << sessionToJson(minimal.session)
                         << "\nrerun: DRAGOMAN_MEETING_SEED=" << seed);
        }
        ++checked;
    }
    CHECK(checked >= (only != 0 ? 1u : count));
}
