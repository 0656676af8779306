// Ogg Opus read back as a listener's player would: decoded by opus-tools' opusdec, an
// independent decoder, at 48 kHz.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace dragoman::test {

// The first channel of the decoded file; empty if opusdec cannot decode it.
std::vector<float> decodeWithOpusdec(const std::filesystem::path& opus);

} // namespace dragoman::test
