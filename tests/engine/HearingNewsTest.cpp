// HearingNews: each warning and tier change told once, per console, and the newest readings
// kept for the day's summary.
#include "HearingNews.h"

#include <catch2/catch.hpp>

namespace dragoman {

TEST_CASE("hearing news tells each warning and tier change once per console", "[hearing]") {
    HearingNews news;
    HearingReading a{.console = "a", .dose = 0.1, .minuteDbSpl = 70.0};
    HearingReading b{.console = "b", .dose = 0.2, .minuteDbSpl = 75.0};
    CHECK(news.update({a, b}).empty()); // quiet consoles: nothing to tell

    a.warnings = 1;
    b.sustainedTier = true;
    const auto first = news.update({a, b});
    REQUIRE(first.size() == 2);
    CHECK(first[0].change == HearingChange::Warning);
    CHECK(first[0].reading.console == "a");
    CHECK(first[1].change == HearingChange::Overload);
    CHECK(first[1].reading.console == "b");
    CHECK(news.update({a, b}).empty()); // told once

    b.sustainedTier = false;
    b.dose = 0.3;
    const auto second = news.update({b});
    REQUIRE(second.size() == 1);
    CHECK(second[0].change == HearingChange::OverloadEnded);
    CHECK(second[0].reading.dose == 0.3);

    const auto latest = news.latest(); // in the order first seen
    REQUIRE(latest.size() == 2);
    CHECK(latest[0].console == "a");
    CHECK(latest[0].warnings == 1);
    CHECK(latest[1].dose == 0.3);

    HearingNews reversed;
    reversed.update({b, a});
    CHECK(reversed.latest()[0].console == "b");
}

} // namespace dragoman
