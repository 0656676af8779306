// A flood of forged hellos (a valid console id, nonces at random) from 1024 source ports at
// about 5000 a second, as an attacker on the venue's network could send: the host keeps no
// state for a hello (its nonce is a cookie), spends at most a bounded number of key
// derivations a second, and the real console, retrying with back-off, joins within seconds.
// Before, the flood filled the host's pending joins faster than a console could answer, and
// no interpreter got in.
#include "net/UdpSocket.h"
#include "remotebooth/RemoteBoothHost.h"
#include "remotebooth/RemoteConsoleClient.h"
#include "rtp/RemoteMessages.h"
#include "support/ImpairmentRelay.h"
#include "support/ToneRig.h"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <sys/resource.h>
#include <thread>
#include <vector>

using namespace dragoman;
using namespace dragoman::test;

namespace {

// Hellos for ko-en-2 from `ports` sockets, round robin, at `perSecond` in all, until stopped.
// The challenges are never read (the kernel drops them once a socket's buffer is full).
class HelloFlood {
public:
    HelloFlood(int hostPort, int ports, double perSecond) {
        for (int i = 0; i < ports; ++i)
            sockets_.push_back(std::make_unique<UdpSocket>("127.0.0.1", 0));
        thread_ = std::thread([this, hostPort, perSecond] {
            const UdpPeer host = UdpPeer::resolve("127.0.0.1", hostPort);
            const auto period = std::chrono::duration<double>(1.0 / perSecond);
            auto next = std::chrono::steady_clock::now();
            for (std::size_t i = 0; !stop_.load(); ++i) {
                const auto hello = serializeHandshake(HelloMessage{"ko-en-2", randomNonce()});
                sockets_[i % sockets_.size()]->send(host, hello);
                sent_.fetch_add(1);
                next += std::chrono::duration_cast<std::chrono::steady_clock::duration>(period);
                std::this_thread::sleep_until(next);
            }
        });
    }
    ~HelloFlood() {
        stop_.store(true);
        thread_.join();
    }
    std::uint64_t sent() const { return sent_.load(); }

private:
    std::vector<std::unique_ptr<UdpSocket>> sockets_;
    std::atomic<bool> stop_{false};
    std::atomic<std::uint64_t> sent_{0};
    std::thread thread_;
};

} // namespace

TEST_CASE("a real console joins during a flood of forged hellos from 1024 ports", "[remotebooth]") {
    // 1024 sockets and the rest: more descriptors than a default soft limit of 1024 allows.
    // (Where even the hard limit is lower, as many ports as it leaves room for.)
    rlimit files{};
    REQUIRE(getrlimit(RLIMIT_NOFILE, &files) == 0);
    files.rlim_cur = std::max<rlim_t>(files.rlim_cur, std::min<rlim_t>(files.rlim_max, 4096));
    REQUIRE(setrlimit(RLIMIT_NOFILE, &files) == 0);
    const int ports = static_cast<int>(std::min<rlim_t>(1024, files.rlim_cur - 128));
    REQUIRE(ports >= 256);
    const Session session = summitWithRemoteConsole(5004);
    Engine engine(session, 48000.0);
    RemoteBoothSettings remote = *session.remoteBooths;
    remote.port = 0;
    RemoteBoothHost host(engine, remote, 128);
    const HelloFlood flood(host.port(), ports, 5000.0);
    // The flood is under way (a second of it) before the console says hello; the console is
    // 50 ms away, so its confirm comes 100 ms after its hello, when 500 forged hellos have
    // come between (they filled and evicted the pending joins before).
    while (flood.sent() < 5000)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const ImpairmentRelay relay(host.port(), {0.0, 0.0, 0.0, 50.0});
    rusage before{};
    getrusage(RUSAGE_SELF, &before);
    const std::uint64_t sentBefore = flood.sent();
    const auto floodStarted = std::chrono::steady_clock::now();
    std::vector<double> joins;
    for (int attempt = 0; attempt < 3; ++attempt) {
        RemoteConsoleClient console(
            {"127.0.0.1", relay.port(), "ko-en-2", kRemoteSecret, 30.0, false});
        const auto started = std::chrono::steady_clock::now();
        REQUIRE_NOTHROW(console.join());
        joins.push_back(
            std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
        CHECK(console.joined());
    }
    rusage after{};
    getrusage(RUSAGE_SELF, &after);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - floodStarted).count();
    auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    const double cpu = seconds(after.ru_utime) - seconds(before.ru_utime) +
                       seconds(after.ru_stime) - seconds(before.ru_stime);
    INFO("joins took " << joins[0] << ", " << joins[1] << " and " << joins[2] << " s, during "
                       << static_cast<double>(flood.sent() - sentBefore) / wall
                       << " hellos a second; this process (host, flood, relay) used "
                       << 100.0 * cpu / wall << " % of a core");
    // The console retries with back-off (at most every second); the budget lets most hellos
    // through, so a join is a few tries at worst.
    for (const double joined : joins)
        CHECK(joined < 5.0);
    WARN("joins took " << joins[0] << ", " << joins[1] << " and " << joins[2]
                       << " s; this process used " << 100.0 * cpu / wall << " % of a core");
}
