// The structured log of `dragoman run` (spdlog, on stderr): one line per event, as text for
// a terminal or the journal, or as JSON lines for a log shipper. Every line names its event
// ("device.lost", "session.reloaded") and carries its values as fields, so a script can find
// "every device loss of the day" without parsing prose. Quiet by default: level info says
// what an operator must know (start, stop, faults, configuration changes); booth events
// (who went on air where, refused keys, signals) come at debug. Control thread only.
#pragma once

#include <initializer_list>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace spdlog {
class logger;
}

namespace dragoman {

enum class LogLevel { Debug, Info, Warn, Error };
enum class LogFormat { Text, Json };

// "debug", "info", "warn", "error" / "text", "json"; nullopt for anything else.
std::optional<LogLevel> parseLogLevel(std::string_view name);
std::optional<LogFormat> parseLogFormat(std::string_view name);

// One value of an event: a string or a number (kept a number in JSON).
struct LogField {
    std::string key;
    nlohmann::json value;
};
using LogFields = std::initializer_list<LogField>;

class RunLog {
public:
    // `statusLineOnStdout`: a status line is redrawn on the same terminal, so each log line
    // first clears it (the next status tick draws it again below).
    RunLog(LogLevel level, LogFormat format, bool statusLineOnStdout = false);
    ~RunLog();
    RunLog(const RunLog&) = delete;
    RunLog& operator=(const RunLog&) = delete;

    void debug(std::string_view event, std::string_view message, LogFields fields = {});
    void info(std::string_view event, std::string_view message, LogFields fields = {});
    void warn(std::string_view event, std::string_view message, LogFields fields = {});
    void error(std::string_view event, std::string_view message, LogFields fields = {});

    bool enabled(LogLevel level) const { return level >= level_; }

    // The line as it is written after the time and level (exposed for tests):
    // text `message  key=value key="two words"`, JSON `"event":"...","message":"...",...`.
    static std::string body(LogFormat format, std::string_view event, std::string_view message,
                            LogFields fields);

private:
    void write(LogLevel level, std::string_view event, std::string_view message, LogFields fields);

    LogLevel level_;
    LogFormat format_;
    bool clearStatusLine_;
    std::shared_ptr<spdlog::logger> logger_;
};

} // namespace dragoman
