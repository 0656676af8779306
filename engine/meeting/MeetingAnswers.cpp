// See MeetingAnswers.h.
#include "MeetingAnswers.h"

#include "files/JsonDocument.h"
#include "session/SessionValidation.h"

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

std::vector<RoomParticipant> participantsIn(const json& answer) {
    std::vector<RoomParticipant> participants;
    const json* list = member(answer, "participants");
    if (list == nullptr || !list->is_array())
        return participants;
    for (const json& entry : *list) {
        if (participants.size() == kMostParticipants)
            break;
        const json* id = member(entry, "id");
        const bool numbered =
            id != nullptr && (id->is_number_unsigned() || (id->is_number_integer() && *id >= 0));
        const bool named =
            id != nullptr && id->is_string() && !id->get_ref<const std::string&>().empty();
        if (!numbered && !named)
            continue;
        RoomParticipant p;
        p.id = id->is_string() ? excerpt(id->get<std::string>(), 64) : id->dump();
        if (const json* display = member(entry, "display"); display && display->is_string()) {
            const auto& text = display->get_ref<const std::string&>();
            p.display = excerpt(text, kMostDisplayBytes);
            p.language = declaredLanguage(text);
        }
        const json* talking = member(entry, "talking");
        p.talking = talking != nullptr && talking->is_boolean() && talking->get<bool>();
        participants.push_back(std::move(p));
    }
    return participants;
}

std::optional<std::string> declaredLanguage(std::string_view display) {
    constexpr std::string_view separator = " \u00b7 "; // " · "
    const auto at = display.rfind(separator);
    if (at == std::string_view::npos)
        return std::nullopt;
    const std::string_view code = display.substr(at + separator.size());
    if (!isLanguageCode(code))
        return std::nullopt;
    return std::string(code);
}

} // namespace dragoman
