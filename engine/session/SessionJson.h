// Loading and saving a Session as JSON, reporting every problem with the path of the field at
// fault. Control thread only (allocates).
#pragma once

#include "Session.h"
#include "base/Problem.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace dragoman {

struct SessionLoad {
    Session session;   // as much as could be read; meaningful only when ok()
    Problems problems; // syntax, type and rule problems, in document order
    // What was read but is said differently now (a field under its old name): loaded all the
    // same, and written the new way on the next save. For the log and `dragoman validate`.
    std::vector<std::string> notices;
    bool ok() const { return problems.empty(); }
};

// The largest session file read: the largest session the limits allow (SessionLimits) is
// well under 1 MiB; this leaves room for notes and never lets a wrong file fill the memory.
inline constexpr std::size_t kMostSessionFileBytes = 4 * 1024 * 1024;

// Parses and validates. Malformed JSON (also nesting deeper than kMostJsonDepth, or a number
// out of range) gives one problem naming line and column.
SessionLoad parseSession(std::string_view jsonText);

// Reads a file; one that cannot be read, is not a regular file or is larger than
// kMostSessionFileBytes is one problem naming the file.
SessionLoad loadSessionFile(const std::filesystem::path& file);

// Canonical JSON (two-space indent, every field written): parseSession(toJson(s)) == s.
std::string sessionToJson(const Session& session);

// Writes atomically (temporary file, then rename), so a crash never leaves half a session.
// Throws std::runtime_error naming the file on failure.
void saveSessionFile(const Session& session, const std::filesystem::path& file);

} // namespace dragoman
