// See RunLog.h.
#include "RunLog.h"

#include <cstdio>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace dragoman {
namespace {

spdlog::level::level_enum spdlogLevel(LogLevel level) {
    switch (level) {
    case LogLevel::Debug:
        return spdlog::level::debug;
    case LogLevel::Info:
        return spdlog::level::info;
    case LogLevel::Warn:
        return spdlog::level::warn;
    case LogLevel::Error:
        break;
    }
    return spdlog::level::err;
}

// logfmt: bare when the value has no space, quote or '='; quoted (JSON escapes) otherwise.
std::string textValue(const nlohmann::json& value) {
    if (!value.is_string())
        return value.dump();
    const auto& text = value.get_ref<const std::string&>();
    if (!text.empty() && text.find_first_of(" \"=\t\n") == std::string::npos)
        return text;
    return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

std::optional<LogLevel> parseLogLevel(std::string_view name) {
    if (name == "debug")
        return LogLevel::Debug;
    if (name == "info")
        return LogLevel::Info;
    if (name == "warn")
        return LogLevel::Warn;
    if (name == "error")
        return LogLevel::Error;
    return std::nullopt;
}

std::optional<LogFormat> parseLogFormat(std::string_view name) {
    if (name == "text")
        return LogFormat::Text;
    if (name == "json")
        return LogFormat::Json;
    return std::nullopt;
}

RunLog::RunLog(LogLevel level, LogFormat format, bool statusLineOnStdout)
    : level_(level), format_(format), clearStatusLine_(statusLineOnStdout),
      logger_(std::make_shared<spdlog::logger>("dragoman",
                                               std::make_shared<spdlog::sinks::stderr_sink_st>())) {
    logger_->set_level(spdlogLevel(level));
    logger_->flush_on(spdlog::level::debug); // a line is on disk before the next event
    // Local time with its offset, so lines from a day-long run sort and compare.
    if (format == LogFormat::Json)
        logger_->set_pattern(R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l",%v})");
    else
        logger_->set_pattern("%Y-%m-%d %H:%M:%S.%e %-5l %v");
}

RunLog::~RunLog() = default;

std::string RunLog::body(LogFormat format, std::string_view event, std::string_view message,
                         LogFields fields) {
    const auto replace = nlohmann::json::error_handler_t::replace; // bad UTF-8 in a device name
    if (format == LogFormat::Json) {
        std::string text = "\"event\":" + nlohmann::json(event).dump(-1, ' ', false, replace) +
                           ",\"message\":" + nlohmann::json(message).dump(-1, ' ', false, replace);
        for (const LogField& field : fields)
            text += "," + nlohmann::json(field.key).dump() + ":" +
                    field.value.dump(-1, ' ', false, replace);
        return text;
    }
    std::string text(message);
    const char* separator = "  ";
    for (const LogField& field : fields) {
        text += separator + field.key + "=" + textValue(field.value);
        separator = " ";
    }
    return text;
}

void RunLog::debug(std::string_view event, std::string_view message, LogFields fields) {
    write(LogLevel::Debug, event, message, fields);
}
void RunLog::info(std::string_view event, std::string_view message, LogFields fields) {
    write(LogLevel::Info, event, message, fields);
}
void RunLog::warn(std::string_view event, std::string_view message, LogFields fields) {
    write(LogLevel::Warn, event, message, fields);
}
void RunLog::error(std::string_view event, std::string_view message, LogFields fields) {
    write(LogLevel::Error, event, message, fields);
}

void RunLog::write(LogLevel level, std::string_view event, std::string_view message,
                   LogFields fields) {
    if (!enabled(level))
        return;
    if (clearStatusLine_) {
        std::fputs("\r\033[K", stdout);
        std::fflush(stdout);
    }
    logger_->log(spdlogLevel(level), "{}", body(format_, event, message, fields));
}

} // namespace dragoman
