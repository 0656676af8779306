// What changed in hearing protection since the last look, per console: a too-loud minute (the
// console heard two beeps), the 94 dB SPL tier taken or let go. The run log and the booth log
// both tell it, from the one comparison kept here. Control thread only.
#pragma once

#include "Engine.h"

#include <map>
#include <string>
#include <vector>

namespace dragoman {

enum class HearingChange { Warning, Overload, OverloadEnded };

struct HearingNewsItem {
    HearingChange change = HearingChange::Warning;
    HearingReading reading; // as it stood when the change was seen
};

class HearingNews {
public:
    // The changes in these readings against the last ones seen (the first reading of a console
    // is compared with a quiet one).
    std::vector<HearingNewsItem> update(const std::vector<HearingReading>& readings);
    // The newest reading of each console seen, in the order first seen (the readings' own:
    // the session's), for the day's summary.
    std::vector<HearingReading> latest() const;

private:
    std::map<std::string, HearingReading> last_;
    std::vector<std::string> order_;
};

} // namespace dragoman
