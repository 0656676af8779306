// A configuration problem, located by the JSON path of the field at fault.
#pragma once

#include <string>
#include <vector>

namespace dragoman {

struct Problem {
    std::string path;    // e.g. "booths[1].outputs.b"; empty for the document as a whole
    std::string message; // e.g. "unknown language channel \"fr\""

    std::string describe() const { return path.empty() ? message : path + ": " + message; }
    bool operator==(const Problem&) const = default;
};

using Problems = std::vector<Problem>;

} // namespace dragoman
