// libFuzzer target for Janus's answers (janus/JanusAnswer, meeting/MeetingAnswers): any body
// reads to an answer or to one JanusError with a short reason, never a crash or another exception,
// whatever the status; ids and plugin data come out only from what holds them.
#include "janus/JanusAnswer.h"
#include "meeting/MeetingAnswers.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

using namespace dragoman;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    try {
        const nlohmann::json answer = janusAnswer(body, 200);
        if (!answer.is_object())
            std::abort();
        try {
            janusIdIn(answer, "create");
        } catch (const JanusError& e) {
            if (e.kind != JanusError::Kind::Garbled)
                std::abort();
        }
        const nlohmann::json plugin = pluginAnswer(answer);
        if (!plugin.is_object() || plugin.contains("error_code"))
            std::abort();
        // The AudioBridge's answers as the meeting link reads them: never an exception.
        roomExistsIn(plugin);
        roomRateIn(plugin, 7800);
        if (const auto id = forwarderIdIn(plugin); id && !forwarderListedIn(plugin, *id, 0))
            forwarderListedIn(plugin, *id, 21900);
        // The room's participants: ids, capped, a declared language only as a language code.
        const auto people = participantsIn(plugin);
        if (people.size() > kMostParticipants)
            std::abort();
        for (const RoomParticipant& p : people)
            if (p.id.empty() || p.display.size() > kMostDisplayBytes + 3 ||
                (p.language && p.language->find(' ') != std::string::npos))
                std::abort();
        // A `list` answer's former mountpoints of ours: only ids in our range.
        for (const int id : formerMountpoints(plugin, {}, 900))
            if (id < 900 || id >= 900 + kFormerMountpointRange)
                std::abort();
        // A Streaming `info` answer as the web listeners read it: fields only of their type.
        if (const auto info = mountpointInfoIn(plugin);
            info && info->viewers && !plugin.is_object())
            std::abort();
    } catch (const JanusError& e) {
        if (std::string_view(e.what()).size() > 600) // a reason quotes a short excerpt only
            std::abort();
    }
    return 0;
}
