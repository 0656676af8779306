// Parses JSON that came from outside (a session, a cue list, a reload over OSC) as hostile
// input: nesting deeper than any document of ours needs is refused before nlohmann builds
// anything (100,000 brackets would otherwise exhaust the stack of whatever walks the tree),
// and every failure, a syntax error or a number out of range, becomes one problem with its
// line and column and at most a short excerpt of the text at fault.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace dragoman {

// A session is about six levels deep; cue lists three.
inline constexpr int kMostJsonDepth = 32;

struct JsonDocument {
    nlohmann::json root;
    std::string problem; // empty when parsed; else "malformed JSON: ... at line L, column C"
};

JsonDocument parseJsonDocument(std::string_view text, int mostDepth = kMostJsonDepth);

// `text` cut to its first `most` characters (on a UTF-8 boundary), "..." marking a cut.
std::string excerpt(std::string_view text, std::size_t most = 40);

} // namespace dragoman
