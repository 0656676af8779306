// See HearingNews.h.
#include "HearingNews.h"

namespace dragoman {

std::vector<HearingNewsItem> HearingNews::update(const std::vector<HearingReading>& readings) {
    std::vector<HearingNewsItem> news;
    for (const HearingReading& h : readings) {
        const auto [found, fresh] = last_.try_emplace(h.console);
        if (fresh)
            order_.push_back(h.console);
        HearingReading& last = found->second;
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
    readings.reserve(order_.size());
    for (const std::string& console : order_)
        readings.push_back(last_.at(console));
    return readings;
}

} // namespace dragoman
