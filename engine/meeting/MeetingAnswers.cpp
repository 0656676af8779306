// See MeetingAnswers.h.
#include "MeetingAnswers.h"

namespace dragoman {

using json = nlohmann::json;

namespace {

// `object[key]` if `object` is an object holding it, else null.
const json* member(const json& object, const char* key) {
    if (!object.is_object())
        return nullptr;
    const auto found = object.find(key);
    return found == object.end() ? nullptr : &*found;
}

} // namespace

bool roomExistsIn(const json& answer) {
    const json* exists = member(answer, "exists");
    return exists != nullptr && exists->is_boolean() && exists->get<bool>();
}

std::optional<int> roomRateIn(const json& answer, std::int64_t room) {
    const json* list = member(answer, "list");
    if (list == nullptr || !list->is_array())
        return std::nullopt;
    for (const json& entry : *list) {
        const json* id = member(entry, "room");
        const json* rate = member(entry, "sampling_rate");
        if (id != nullptr && id->is_number_integer() && id->get<std::int64_t>() == room &&
            rate != nullptr && rate->is_number_integer())
            return static_cast<int>(rate->get<std::int64_t>());
    }
    return std::nullopt;
}

std::optional<std::uint64_t> forwarderIdIn(const json& answer) {
    const json* id = member(answer, "stream_id");
    if (id == nullptr || !id->is_number_unsigned())
        return std::nullopt;
    return id->get<std::uint64_t>();
}

bool forwarderListedIn(const json& answer, std::uint64_t streamId, int port) {
    const json* list = member(answer, "rtp_forwarders");
    if (list == nullptr || !list->is_array())
        return false;
    for (const json& entry : *list) {
        const json* id = member(entry, "stream_id");
        const json* to = member(entry, "port");
        if (id != nullptr && id->is_number_unsigned() && id->get<std::uint64_t>() == streamId &&
            to != nullptr && to->is_number_integer() && to->get<std::int64_t>() == port)
            return true;
    }
    return false;
}

} // namespace dragoman
