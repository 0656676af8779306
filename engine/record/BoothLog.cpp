// See BoothLog.h.
#include "BoothLog.h"

#include "Recorder.h" // recordingFileStem

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace dragoman {
namespace {

using ordered = nlohmann::ordered_json;

// UTC with milliseconds: "2026-12-03T06:01:02.123Z".
std::string utc(BoothLog::Clock::time_point when) {
    const std::time_t t = BoothLog::Clock::to_time_t(when);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[40];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()) % 1000;
    char out[48];
    std::snprintf(out, sizeof out, "%s.%03dZ", text, static_cast<int>(ms.count()));
    return out;
}

double tenths(double v) {
    return std::round(v * 10.0) / 10.0;
}

ordered line(BoothLog::Clock::time_point when, const char* event, const std::string& console) {
    ordered j = ordered::object();
    j["time"] = utc(when);
    j["event"] = event;
    j["console"] = console;
    return j;
}

} // namespace

BoothLog::BoothLog(const Session& session, const std::string& directory, Clock::time_point start)
    : path_(recordingFileStem(directory, session.name, "booth-log", start, 1) + ".jsonl"),
      file_(nullptr, &std::fclose) {
    std::error_code error;
    std::filesystem::create_directories(directory, error);
    if (error)
        throw std::runtime_error(directory + ": " + error.message());
    // "x": a file of this run's own; a second run in the same second gets its own part.
    for (int part = 2; part < 100 && !file_; ++part) {
        file_.reset(std::fopen(path_.c_str(), "wx"));
        if (!file_ && errno == EEXIST)
            path_ = recordingFileStem(directory, session.name, "booth-log", start, part) + ".jsonl";
        else if (!file_)
            throw std::runtime_error(path_ + ": " + std::strerror(errno));
    }
    if (!file_)
        throw std::runtime_error(path_ + ": too many booth logs in one second");
    ordered j = ordered::object();
    j["time"] = utc(start);
    j["event"] = "started";
    j["session"] = session.name;
    write(j.dump());
}

BoothLog::~BoothLog() = default;

void BoothLog::write(const std::string& text) {
    if (!file_)
        return;
    if (std::fputs((text + "\n").c_str(), file_.get()) < 0 || std::fflush(file_.get()) != 0) {
        if (problem_.empty())
            problem_ = path_ + ": " + std::strerror(errno);
        return;
    }
    problem_.clear();
}

void BoothLog::update(const SessionStatus& status, Clock::time_point now) {
    for (const auto& [id, console] : status.consoles()) {
        const ConsoleState& s = console.state;
        Seen& seen = seen_[id];
        const ConsoleState& was = seen.state;
        if (s.micOn && !was.micOn) {
            ordered j = line(now, "on_air", id);
            j["booth"] = console.booth;
            j["channel"] = console.outgoing;
            write(j.dump());
            seen.onAirSince = now;
        } else if (!s.micOn && was.micOn) {
            ordered j = line(now, "off_air", id);
            j["seconds"] = tenths(std::chrono::duration<double>(now - seen.onAirSince).count());
            write(j.dump());
        } else if (s.micOn && s.outgoing != was.outgoing) {
            ordered j = line(now, "channel", id);
            j["channel"] = console.outgoing;
            write(j.dump());
        }
        if (s.handoverRequested != was.handoverRequested)
            write(
                line(now, s.handoverRequested ? "handover_requested" : "handover_request_ended", id)
                    .dump());
        if (s.away != was.away)
            write(line(now, s.away ? "away" : "back", id).dump());
        if (s.slowDown && !was.slowDown)
            write(line(now, "slow_down", id).dump());
        if (s.help && !was.help)
            write(line(now, "help", id).dump());
        const bool ending = console.shift.endingSoon();
        if (ending && !seen.endingSoon) {
            ordered j = line(now, "turn_ending", id);
            j["turn_s"] = std::round(console.shift.turnSeconds);
            j["turn_length_s"] = console.shift.turnLengthSeconds;
            write(j.dump());
        }
        seen.endingSoon = ending;
        seen.state = s;
    }
}

void BoothLog::hearing(const std::vector<HearingNewsItem>& news, Clock::time_point now) {
    for (const auto& [change, h] : news) {
        const char* event = change == HearingChange::Warning    ? "hearing_warning"
                            : change == HearingChange::Overload ? "hearing_overload"
                                                                : "hearing_overload_ended";
        ordered j = line(now, event, h.console);
        j["minute_db_spl"] = tenths(h.minuteDbSpl);
        j["dose_percent"] = tenths(h.dose * 100.0);
        write(j.dump());
    }
}

void BoothLog::messages(const MessageBoard& board) {
    if (board.latest() == messagesLogged_)
        return;
    for (const BoothMessage& m : board.since(messagesLogged_)) {
        ordered j = line(m.sentAt, "message", m.from);
        j["to"] = recipientText(m.to);
        if (m.quick != QuickMessage::None)
            j["quick"] = quickMessageName(m.quick);
        j["words"] = m.words();
        j["number"] = m.number;
        write(j.dump());
        messagesLogged_ = m.number;
    }
}

void BoothLog::summary(const SessionStatus& status, const std::vector<HearingReading>& readings,
                       Clock::time_point now) {
    for (const HearingReading& h : readings) {
        ordered j = line(now, "day", h.console);
        const ConsoleStatus* console = status.console(h.console);
        j["on_air_s"] = console != nullptr ? std::round(console->shift.daySeconds) : 0.0;
        j["dose_percent"] = tenths(h.dose * 100.0);
        j["hearing_warnings"] = h.warnings;
        write(j.dump());
    }
}

} // namespace dragoman
