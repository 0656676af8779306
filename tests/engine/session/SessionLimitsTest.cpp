// The session's size limits (SessionLimits): a session at every limit is valid and runs with
// every booth on air; one more channel, booth or console is refused with the field at fault.
#include "session/SessionValidation.h"
#include "support/ToneRig.h"

#include <catch2/catch.hpp>

using namespace dragoman;
using namespace dragoman::test;

namespace {

std::string languageCode(std::size_t i) {
    return std::string{'q', static_cast<char>('a' + i / 26), static_cast<char>('a' + i % 26)};
}

// kMaxChannels channels; booths of kMaxConsolesPerBooth consoles up to kMaxConsoles in all
// (the last booth smaller), each booth on a channel of its own where channels last.
Session sessionAtTheLimits() {
    Session s = summitSession();
    s.channels.clear();
    s.booths.clear();
    s.remoteBooths.reset();
    s.floor.language = languageCode(0);
    s.floor.channels = SessionLimits::kMaxFloorChannels;
    for (std::size_t c = 0; c < SessionLimits::kMaxChannels; ++c)
        s.channels.push_back({languageCode(c), "language " + std::to_string(c), {}, {}});
    std::size_t consoles = 0;
    for (std::size_t b = 0; consoles < SessionLimits::kMaxConsoles; ++b) {
        Booth booth;
        booth.id = "booth" + std::to_string(b);
        booth.outputs = {languageCode(1 + b % (SessionLimits::kMaxChannels - 1))};
        for (std::size_t c = 0;
             c < SessionLimits::kMaxConsolesPerBooth && consoles < SessionLimits::kMaxConsoles;
             ++c, ++consoles)
            booth.consoles.push_back(
                {booth.id + "-" + std::to_string(c + 1), static_cast<int>(c + 1)});
        s.booths.push_back(booth);
    }
    return s;
}

bool refusedAt(const Session& s, const std::string& path) {
    for (const Problem& p : validateSession(s))
        if (p.path == path && p.message.find("limit") != std::string::npos)
            return true;
    return false;
}

} // namespace

TEST_CASE("a session at every size limit is valid and runs", "[session]") {
    const Session s = sessionAtTheLimits();
    REQUIRE(s.booths.size() <= SessionLimits::kMaxBooths);
    REQUIRE(validateSession(s).empty());
    ToneRig rig(s, 48000.0, BlockSizes{512});
    for (const Booth& booth : s.booths)
        rig.engine().press(booth.consoles.front().id, {ConsoleKey::Mic, Switch::On});
    rig.run(0.3);
    // The last booth's first console is heard on its channel, the floor on the floor language.
    const Booth& last = s.booths.back();
    const std::string lastOutput = "channel " + last.outputs[0];
    CHECK(rig.level("channel " + languageCode(0), "floor", 0.1, 0.3) > kPresent);
    bool someoneOnLastChannel = false;
    for (const Booth& booth : s.booths)
        if (booth.outputs[0] == last.outputs[0])
            someoneOnLastChannel =
                someoneOnLastChannel ||
                rig.level(lastOutput, booth.consoles.front().id, 0.1, 0.3) > kPresent;
    CHECK(someoneOnLastChannel);
}

TEST_CASE("a session over a size limit is refused with the field at fault", "[session]") {
    SECTION("channels") {
        Session s = sessionAtTheLimits();
        s.channels.push_back({"zzz", "one too many", {}, {}});
        CHECK(refusedAt(s, "channels"));
    }
    SECTION("consoles in a booth") {
        Session s = sessionAtTheLimits();
        s.booths[3].consoles.push_back({"extra", 99});
        CHECK(refusedAt(s, "booths[3].consoles"));
    }
    SECTION("consoles in all booths") {
        Session s = sessionAtTheLimits();
        s.booths.push_back({"extra", {{"extra-1", 1}}, {languageCode(2)}, {}, {}});
        CHECK(refusedAt(s, "booths"));
    }
    SECTION("booths") {
        Session s = sessionAtTheLimits();
        s.booths.clear();
        for (std::size_t b = 0; b <= SessionLimits::kMaxBooths; ++b)
            s.booths.push_back({"b" + std::to_string(b),
                                {{"c" + std::to_string(b), 1}},
                                {languageCode(1 + b % 10)},
                                {},
                                {}});
        CHECK(refusedAt(s, "booths"));
    }
}
