// See JsonDocument.h.
#include "JsonDocument.h"

#include <optional>

namespace dragoman {

namespace {

struct TextPosition {
    std::size_t line = 1, column = 1;
};

TextPosition positionOf(std::string_view text, std::size_t offset) {
    TextPosition p;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++p.line;
            p.column = 1;
        } else {
            ++p.column;
        }
    }
    return p;
}

std::string at(const TextPosition& p) {
    return "at line " + std::to_string(p.line) + ", column " + std::to_string(p.column);
}

// Where the nesting first goes deeper than `mostDepth`, if it does. Brackets inside strings
// do not count.
std::optional<std::size_t> tooDeep(std::string_view text, int mostDepth) {
    int depth = 0;
    bool inString = false, escaped = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (escaped)
                escaped = false;
            else if (c == '\\')
                escaped = true;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > mostDepth)
                return i;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return std::nullopt;
}

// nlohmann's message without its "[json.exception...]" prefix, its excerpt of the input
// ("last read: '...'") cut short.
std::string shortMessage(const std::string& what) {
    std::string message = what;
    if (const auto close = message.find("] ");
        message.starts_with("[json.exception") && close != std::string::npos)
        message = message.substr(close + 2);
    const std::string lastRead = "last read: '";
    if (const auto from = message.find(lastRead); from != std::string::npos) {
        const auto start = from + lastRead.size();
        const auto end = message.rfind('\'');
        const std::string_view read = end != std::string::npos && end > start
                                          ? std::string_view(message).substr(start, end - start)
                                          : std::string_view(message).substr(start);
        message = message.substr(0, start) + excerpt(read) + "'";
    }
    return excerpt(message, 300);
}

} // namespace

std::string excerpt(std::string_view text, std::size_t most) {
    if (text.size() <= most)
        return std::string(text);
    std::size_t cut = most;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut; // not inside a UTF-8 sequence
    return std::string(text.substr(0, cut)) + "...";
}

JsonDocument parseJsonDocument(std::string_view text, int mostDepth) {
    JsonDocument document;
    if (const auto deep = tooDeep(text, mostDepth)) {
        document.problem = "malformed JSON: nested deeper than " + std::to_string(mostDepth) +
                           " levels " + at(positionOf(text, *deep));
        return document;
    }
    try {
        document.root = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        // Its message names the line and column already.
        document.problem = "malformed JSON: " + shortMessage(e.what());
    } catch (const nlohmann::json::exception& e) {
        // A number out of range ("number overflow parsing '1e400'"): found by its text.
        std::string message = "malformed JSON: " + shortMessage(e.what());
        const std::string what = e.what();
        if (const auto open = what.find('\''), close = what.rfind('\'');
            open != std::string::npos && close > open + 1)
            if (const auto found = text.find(what.substr(open + 1, close - open - 1));
                found != std::string_view::npos)
                message += " " + at(positionOf(text, found));
        document.problem = std::move(message);
    }
    return document;
}

} // namespace dragoman
