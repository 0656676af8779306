// The least lead of the last second: a dip is kept for a second, then forgotten a tenth at a
// time; nothing is told before a whole second was observed.
#include "rtp/LeastLead.h"

#include <catch2/catch.hpp>

using namespace dragoman;

TEST_CASE("the least lead keeps a dip for a second and forgets it after", "[rtp]") {
    LeastLead lead(48000);
    // Reads of 120 samples (2.5 ms): 400 a second.
    for (int read = 0; read < 399; ++read)
        lead.observe(read == 380 ? 12.0 : 60.0, 120);
    CHECK_FALSE(lead.least()); // not yet a second
    lead.observe(60.0, 120);
    REQUIRE(lead.least());
    CHECK(*lead.least() == 12.0);
    // The dip was in the last tenth of that second: 0.9 s on it is still within the last one.
    for (int read = 0; read < 360; ++read)
        lead.observe(60.0, 120);
    CHECK(*lead.least() == 12.0);
    for (int read = 0; read < 40; ++read)
        lead.observe(60.0, 120);
    CHECK(*lead.least() == 60.0);
    // A read that came short shows at once, before its tenth is over.
    lead.observe(-30.0, 120);
    CHECK(*lead.least() == -30.0);
    lead.reset();
    CHECK_FALSE(lead.least());
}
