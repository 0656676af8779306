// Reads a whole file that came from outside (a session, a cue list) as hostile input: only a
// regular file (a FIFO would block the reader for ever, /dev/zero would never end), and only
// up to a size the caller sets; anything else is a problem in words, never an exception.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace dragoman {

struct RegularFileText {
    std::string text;
    std::string problem; // empty when read; else why not, naming the file
};

RegularFileText readRegularFile(const std::filesystem::path& file, std::size_t mostBytes);

} // namespace dragoman
