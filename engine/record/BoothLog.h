// The booth log: the day's record of the booths, one JSON object a line: who went on air on
// which channel and for how long, handover requests, who was away and back, the messages
// between booths and the technician, the shift timer's chimes, hearing protection's warnings and
// overloads, and each interpreter's time on air and dose at the end. Written as things happen (each
// line flushed, so a crash keeps all but the line being written), in a file of its own per run next
// to nothing else's: never overwritten. Control thread only; a write that fails (disk full) is said
// once by problem(), and the run goes on.
#pragma once

#include "HearingNews.h"
#include "MessageBoard.h"
#include "SessionStatus.h"
#include "session/Session.h"

#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace dragoman {

class BoothLog {
public:
    using Clock = std::chrono::system_clock;

    // Opens <directory>/<session>_booth-log_<local time>.jsonl (making the directory); throws
    // std::runtime_error naming the path.
    BoothLog(const Session& session, const std::string& directory, Clock::time_point start);
    ~BoothLog();
    BoothLog(const BoothLog&) = delete;
    BoothLog& operator=(const BoothLog&) = delete;

    const std::string& path() const { return path_; }
    // Why the last write failed; "" while all is written.
    const std::string& problem() const { return problem_; }

    // What changed in the consoles since the last call (a session change adds its consoles).
    void update(const SessionStatus& status, Clock::time_point now);
    // Messages posted since the last call (each with its own time).
    void messages(const MessageBoard& board);
    // Hearing protection's news.
    void hearing(const std::vector<HearingNewsItem>& news, Clock::time_point now);
    // Each console's day: time on air and dose (at the end of a run).
    void summary(const SessionStatus& status, const std::vector<HearingReading>& readings,
                 Clock::time_point now);

private:
    struct Seen {
        ConsoleState state;
        bool endingSoon = false;
        Clock::time_point onAirSince{};
    };
    void write(const std::string& line);

    std::string path_;
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
    std::string problem_;
    std::map<std::string, Seen> seen_;
    std::uint64_t messagesLogged_ = 0; // the board's number
};

} // namespace dragoman
