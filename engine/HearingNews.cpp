// See HearingNews.h.
#include "HearingNews.h"

namespace dragoman {

std::vector<HearingNewsItem> HearingNews::update(const std::vector<HearingReading>& readings) {
    std::vector<HearingNewsItem> news;
    for (const HearingReading& h : readings) {
        HearingReading& last = last_[h.console];
        if (h.warnings > last.warnings)
            news.push_back({HearingChange::Warning, h});
        if (h.sustainedTier != last.sustainedTier)
            news.push_back(
                {h.sustainedTier ? HearingChange::Overload : HearingChange::OverloadEnded, h});
        last = h;
    }
    return news;
}

std::vector<HearingReading> HearingNews::latest() const {
    std::vector<HearingReading> readings;
    readings.reserve(last_.size());
    for (const auto& [console, reading] : last_)
        readings.push_back(reading);
    return readings;
}

} // namespace dragoman
