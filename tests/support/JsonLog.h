// Reading a `--log-format json` log as an operator's script would: JSON lines, found by
// event name.
#pragma once

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace dragoman::test {

// The lines of a JSON log (each must parse); anything else in the text (a library's own
// chatter) is skipped.
inline std::vector<nlohmann::json> jsonLog(const std::string& text) {
    std::vector<nlohmann::json> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line.front() == '{')
            lines.push_back(nlohmann::json::parse(line));
    return lines;
}

// Every line of that event, oldest first.
inline std::vector<nlohmann::json> logEvents(const std::vector<nlohmann::json>& lines,
                                             const std::string& event) {
    std::vector<nlohmann::json> found;
    for (const nlohmann::json& line : lines)
        if (line.value("event", "") == event)
            found.push_back(line);
    return found;
}

// The first line of that event, or null.
inline nlohmann::json logEvent(const std::vector<nlohmann::json>& lines, const std::string& event) {
    const auto found = logEvents(lines, event);
    return found.empty() ? nlohmann::json() : found.front();
}

} // namespace dragoman::test
