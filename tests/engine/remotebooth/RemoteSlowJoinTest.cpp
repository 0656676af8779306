// A remote console on a path slower than its hello interval (a satellite hop, a congested
// uplink, or a loaded machine): the console says hello again before the first challenge
// arrives. The host answers a repeated hello with the same challenge, so the console's keys
// and the host's still match and the join succeeds; a fresh challenge per hello used to re-key
// the join behind the console's back, and it never got in.
#include "remotebooth/RemoteBoothHost.h"
#include "remotebooth/RemoteConsoleClient.h"
#include "support/ImpairmentRelay.h"
#include "support/ToneRig.h"

#include <catch2/catch.hpp>
#include <chrono>

using namespace dragoman;
using namespace dragoman::test;

TEST_CASE("a remote console joins over a path slower than its hello interval", "[remotebooth]") {
    const Session session = summitWithRemoteConsole(5004);
    Engine engine(session, 48000.0);
    RemoteBoothSettings remote = *session.remoteBooths;
    remote.port = 0; // any free port
    RemoteBoothHost host(engine, remote, 128);
    // 400 ms each way: the challenge comes back 800 ms after the hello, when the console has
    // said hello three more times.
    const ImpairmentRelay relay(host.port(), {0.0, 0.0, 0.0, 400.0});
    RemoteConsoleClient console({"127.0.0.1", relay.port(), "ko-en-2", kRemoteSecret, 30.0, false});
    const auto started = std::chrono::steady_clock::now();
    REQUIRE_NOTHROW(console.join());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    INFO("joined in " << seconds << " s");
    CHECK(seconds < 10.0);
    CHECK(console.joined());
    CHECK(console.welcome().session == session.name);
}
