// How many listeners one Icecast server serves one language channel to, on this machine:
// opens N plain HTTP listeners of a mount on loopback (as players do), reads everything they
// are sent, and reports for each N how many kept up with the stream's bitrate and how much
// of a core Icecast used. Run by bench/listeners.sh, which starts Icecast and a Dragoman
// stream. The listeners share the machine with Icecast, so the numbers are a floor.
//
// usage: dragoman_listener_load PORT MOUNT STREAM_KBPS ICECAST_PID N...
#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <netinet/in.h>
#include <sstream>
#include <string>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// Icecast's CPU time so far, in seconds (utime + stime from /proc).
double cpuSeconds(int pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    std::istringstream fields(text.substr(text.rfind(')') + 2));
    std::string field;
    double ticks = 0.0;
    for (int i = 3; i <= 15 && fields >> field; ++i)
        if (i == 14 || i == 15)
            ticks += std::stod(field);
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// Starts connecting (non-blocking: Icecast accepts one connection at a time, and thousands of
// blocking connects would mostly measure the listen queue).
int startListener(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 &&
        errno != EINPROGRESS) {
        close(fd);
        return -1;
    }
    return fd;
}

struct Result {
    int listeners = 0, connected = 0, keptUp = 0;
    double slowestKbps = 0.0, medianKbps = 0.0, icecastCorePercent = 0.0;
};

// N listeners: connected at most 100 pending at a time until Icecast serves them all (at
// most 60 s), 3 s to take Icecast's burst, then 5 s measured.
Result measure(int port, const std::string& mount, double streamKbps, int icecastPid, int n) {
    Result result;
    result.listeners = n;
    const int poller = epoll_create1(EPOLL_CLOEXEC);
    const std::string request = "GET " + mount + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    struct Listener {
        int fd = -1;
        bool requested = false, alive = true, served = false;
        std::uint64_t bytes = 0;
    };
    std::vector<Listener> listeners(static_cast<std::size_t>(n));
    std::vector<epoll_event> events(1024);
    static char buffer[65536];
    bool counting = false;
    std::size_t started = 0, served = 0;
    auto pump = [&](int timeoutMs) {
        const int ready =
            epoll_wait(poller, events.data(), static_cast<int>(events.size()), timeoutMs);
        for (int e = 0; e < ready; ++e) {
            Listener& l = listeners[events[static_cast<std::size_t>(e)].data.u64];
            if (!l.requested) {
                int error = 0;
                socklen_t size = sizeof error;
                getsockopt(l.fd, SOL_SOCKET, SO_ERROR, &error, &size);
                if (error != 0 || write(l.fd, request.data(), request.size()) !=
                                      static_cast<ssize_t>(request.size())) {
                    epoll_ctl(poller, EPOLL_CTL_DEL, l.fd, nullptr);
                    l.alive = false;
                    continue;
                }
                l.requested = true;
                epoll_event event{};
                event.events = EPOLLIN;
                event.data.u64 = events[static_cast<std::size_t>(e)].data.u64;
                epoll_ctl(poller, EPOLL_CTL_MOD, l.fd, &event);
                continue;
            }
            const ssize_t got = read(l.fd, buffer, sizeof buffer);
            if (got <= 0) {
                epoll_ctl(poller, EPOLL_CTL_DEL, l.fd, nullptr);
                l.alive = false;
            } else {
                if (!l.served)
                    ++served, l.served = true;
                if (counting)
                    l.bytes += static_cast<std::uint64_t>(got);
            }
        }
    };
    const auto connectUntil = Clock::now() + std::chrono::seconds(60);
    while (served < listeners.size() && Clock::now() < connectUntil) {
        // At most 100 waiting at a time, as listeners arrive at an event: a flood of SYNs only
        // overflows Icecast's listen queue into retransmission timeouts.
        for (; started < listeners.size() && started - served < 100; ++started) {
            Listener& l = listeners[started];
            l.fd = startListener(port);
            if (l.fd < 0) {
                l.alive = false;
                continue;
            }
            epoll_event event{};
            event.events = EPOLLOUT;
            event.data.u64 = started;
            epoll_ctl(poller, EPOLL_CTL_ADD, l.fd, &event);
        }
        pump(20);
    }
    auto pumpFor = [&](double seconds) {
        const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                              std::chrono::duration<double>(seconds));
        while (Clock::now() < until)
            pump(20);
    };
    pumpFor(3.0);
    counting = true;
    const double cpuBefore = cpuSeconds(icecastPid);
    const auto windowStart = Clock::now();
    pumpFor(5.0);
    const double elapsed = std::chrono::duration<double>(Clock::now() - windowStart).count();
    result.icecastCorePercent = 100.0 * (cpuSeconds(icecastPid) - cpuBefore) / elapsed;
    std::vector<double> kbps;
    for (const Listener& l : listeners) {
        if (l.served) {
            ++result.connected;
            kbps.push_back(static_cast<double>(l.bytes) * 8.0 / 1000.0 / elapsed);
        }
        if (l.fd >= 0)
            close(l.fd);
    }
    std::sort(kbps.begin(), kbps.end());
    for (const double k : kbps)
        if (k >= 0.9 * streamKbps)
            ++result.keptUp;
    if (!kbps.empty()) {
        result.slowestKbps = kbps.front();
        result.medianKbps = kbps[kbps.size() / 2];
    }
    close(poller);
    return result;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 6) {
        std::fprintf(stderr, "usage: %s PORT MOUNT STREAM_KBPS ICECAST_PID N...\n", argv[0]);
        return 2;
    }
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max; // one descriptor per listener
    setrlimit(RLIMIT_NOFILE, &files);
    const int port = std::atoi(argv[1]);
    const std::string mount = argv[2];
    const double streamKbps = std::atof(argv[3]);
    const int icecastPid = std::atoi(argv[4]);
    std::printf("%10s %10s %10s %14s %14s %14s\n", "listeners", "connected", "kept up",
                "slowest kbps", "median kbps", "icecast core");
    for (int a = 5; a < argc; ++a) {
        const Result r = measure(port, mount, streamKbps, icecastPid, std::atoi(argv[a]));
        std::printf("%10d %10d %10d %14.1f %14.1f %13.0f%%\n", r.listeners, r.connected, r.keptUp,
                    r.slowestKbps, r.medianKbps, r.icecastCorePercent);
        std::fflush(stdout);
        if (r.keptUp < r.listeners * 99 / 100)
            break; // past what this machine serves
        sleep(2);  // Icecast lets the last ones go
    }
    return 0;
}
