// The shift timer: turns, the day's time on air, and the chime a minute before the turn ends,
// first on frames alone, then through a real engine: the chime in the on-air interpreter's
// headphones at its moment, and nowhere else.
#include "ShiftTimer.h"

#include "SessionStatus.h"
#include "support/ToneRig.h"

#include <catch2/catch.hpp>

using namespace dragoman;
using namespace dragoman::test;

namespace {

constexpr double kRate = 48000.0;

std::uint64_t at(double seconds) {
    return static_cast<std::uint64_t>(seconds * kRate);
}

} // namespace

TEST_CASE("shift timer: a turn lasts until a boothmate speaks, the day adds every stretch on air",
          "[shift]") {
    Session session = summitSession();
    session.booths[0].turnMinutes = 2.0;
    ShiftTimer timer;
    timer.setSession(session, kRate);

    timer.onAirChanged("ko-en-1", true, at(10));
    CHECK(timer.timeOf("ko-en-1", at(40)).turnSeconds == Approx(30.0));
    CHECK(timer.timeOf("ko-en-1", at(40)).holdsTurn);
    CHECK(timer.timeOf("ko-en-1", at(40)).turnLengthSeconds == Approx(120.0));
    CHECK_FALSE(timer.timeOf("ko-en-2", at(40)).holdsTurn);
    // A pause (mic off for a question) keeps the turn; the day counts only time on air.
    timer.onAirChanged("ko-en-1", false, at(50));
    timer.onAirChanged("ko-en-1", true, at(55));
    const ShiftTime later = timer.timeOf("ko-en-1", at(70));
    CHECK(later.turnSeconds == Approx(60.0));
    CHECK(later.daySeconds == Approx(55.0));
    CHECK_FALSE(timer.timeOf("ko-en-1", at(69)).endingSoon());
    CHECK(later.endingSoon()); // the last minute begins

    // The chime: due once, at turn length minus a minute, to the one on air.
    CHECK(timer.dueChimes(at(69)).empty());
    CHECK(timer.dueChimes(at(70)) == std::vector<std::string>{"ko-en-1"});
    CHECK(timer.dueChimes(at(71)).empty());
    CHECK(timer.timeOf("ko-en-1", at(71)).endingSoon());

    // The boothmate takes over: a new turn for them, the first's day time is kept.
    timer.onAirChanged("ko-en-2", true, at(100));
    timer.onAirChanged("ko-en-1", false, at(100));
    CHECK_FALSE(timer.timeOf("ko-en-1", at(110)).holdsTurn);
    CHECK(timer.timeOf("ko-en-1", at(110)).daySeconds == Approx(85.0));
    CHECK(timer.timeOf("ko-en-2", at(110)).turnSeconds == Approx(10.0));
    // Off air at the chime's moment: the chime waits until they are back on air.
    timer.onAirChanged("ko-en-2", false, at(150));
    CHECK(timer.dueChimes(at(170)).empty());
    timer.onAirChanged("ko-en-2", true, at(175));
    CHECK(timer.dueChimes(at(175)) == std::vector<std::string>{"ko-en-2"});
    // Another booth keeps its own turn.
    CHECK_FALSE(timer.timeOf("ja-1", at(175)).holdsTurn);
}

TEST_CASE("shift timer: the chime sounds in the on-air interpreter's headphones a minute before "
          "the turn ends",
          "[shift]") {
    Session session = summitSession();
    session.booths[0].turnMinutes = 2.0;
    ToneRig rig(session, kRate);
    for (const std::string source : {"ko-en-1", "ko-en-2", "ja-1"})
        rig.setTone(source, 0.0); // the floor's 440 Hz stays: the chime is heard over it
    SessionStatus status;
    status.update(rig.engine());
    rig.engine().press("ko-en-1", {ConsoleKey::Mic, Switch::On});
    const double onAir = rig.now();
    while (rig.now() < onAir + 62.0) {
        rig.run(0.05);
        status.update(rig.engine());
    }
    // The first 20 ms window with the chime's 880 Hz in it.
    const auto& phones = rig.output("phones ko-en-1");
    const std::size_t window = rig.frameAt(0.02);
    double heard = -1.0;
    for (std::size_t f = 0; f + window <= phones.size() && heard < 0.0; f += window)
        if (toneAmplitude(phones, f, f + window, 880.0, kRate) > 0.01)
            heard = static_cast<double>(f) / kRate;
    INFO("chime heard at " << heard - onAir << " s into the turn");
    CHECK(heard - onAir >= 60.0 - 0.02);
    CHECK(heard - onAir <= 60.0 + 0.12); // status updates every 50 ms, plus a block
    for (const std::string output : {"phones ko-en-2", "phones ja-1", "channel en"})
        CHECK(toneAmplitude(rig.output(output), rig.frameAt(onAir + 59.5),
                            rig.frameAt(onAir + 61.5), 880.0, kRate) < 1e-4);
    const ConsoleStatus* console = status.console("ko-en-1");
    REQUIRE(console != nullptr);
    CHECK(console->shift.endingSoon());
    CHECK(console->shift.turnSeconds == Approx(62.0).margin(0.1));
    CHECK(status.console("ko-en-2")->shift.turnSeconds == 0.0);
}
