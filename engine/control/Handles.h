// Stable small-integer names for consoles and languages, so that commands and events crossing
// into and out of the audio thread carry no strings. A handle stays valid for the lifetime of
// the Engine, across session changes: a console keeps its handle while its id exists.
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace dragoman {

template <typename Tag> struct Handle {
    static constexpr std::uint16_t kNone = std::numeric_limits<std::uint16_t>::max();
    std::uint16_t value = kNone;
    bool valid() const { return value != kNone; }
    bool operator==(const Handle&) const = default;
};

using ConsoleHandle = Handle<struct ConsoleTag>;
using LanguageHandle = Handle<struct LanguageTag>; // a language channel is named by its language

// Hands out one handle per distinct id and never takes it back. Control thread only.
template <typename H> class HandleRegistry {
public:
    H intern(std::string_view id) {
        if (const auto it = byId_.find(id); it != byId_.end())
            return it->second;
        const H handle{static_cast<std::uint16_t>(ids_.size())};
        ids_.emplace_back(id);
        byId_.emplace(std::string(id), handle);
        return handle;
    }
    H find(std::string_view id) const {
        const auto it = byId_.find(id);
        return it == byId_.end() ? H{} : it->second;
    }
    const std::string& id(H handle) const {
        static const std::string none;
        return handle.valid() && handle.value < ids_.size() ? ids_[handle.value] : none;
    }
    std::size_t size() const { return ids_.size(); }

private:
    std::vector<std::string> ids_;
    std::map<std::string, H, std::less<>> byId_;
};

} // namespace dragoman
