// libFuzzer target for what a session reload reads from a file someone else wrote: the JSON
// document reader (depth cap, errors with line and column), the session reader and every
// validation rule, and, for a session that loads, its canonical JSON, which must load back
// to the same session. Built with ASan and UBSan, so a read past the text, an overflow, an
// uncaught exception (std::terminate) or a broken round trip stops the run.
#include "session/SessionJson.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace dragoman;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const SessionLoad load = parseSession(text);
    for (const Problem& problem : load.problems)
        if (problem.describe().size() > 2000) // a problem quotes a short excerpt only
            std::abort();
    if (load.ok()) {
        const SessionLoad again = parseSession(sessionToJson(load.session));
        if (!again.ok() || sessionToJson(again.session) != sessionToJson(load.session))
            std::abort();
    }
    return 0;
}
