// See CommandOutput.h.
#include "CommandOutput.h"

#include <array>
#include <cstdio>

namespace dragoman::test {

std::string commandOutput(const std::string& command) {
    FILE* pipe = popen(command.c_str(), "r");
    std::string output;
    std::array<char, 4096> buffer{};
    while (pipe != nullptr &&
           fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr)
        output += buffer.data();
    if (pipe != nullptr)
        pclose(pipe);
    return output;
}

} // namespace dragoman::test
