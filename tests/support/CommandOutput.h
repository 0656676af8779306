// What a shell command prints on standard output, for tests that read a tool's answer
// (soxi, opusinfo, a browser driver).
#pragma once

#include <string>

namespace dragoman::test {

std::string commandOutput(const std::string& command);

} // namespace dragoman::test
