// See JanusAnswer.h.
#include "JanusAnswer.h"

#include "files/JsonDocument.h"

#include <algorithm>

namespace dragoman {

using json = nlohmann::json;

json janusAnswer(std::string_view body, long httpStatus) {
    JsonDocument document = parseJsonDocument(body);
    if (!document.problem.empty() || !document.root.is_object())
        throw JanusError(
            JanusError::Kind::Garbled, 0,
            "Janus answered HTTP " + std::to_string(httpStatus) + " with " +
                (document.problem.empty() ? "JSON that is not an object" : document.problem));
    json& root = document.root;
    const json& kind = root.contains("janus") ? root["janus"] : json();
    if (kind == "error") {
        const json& error = root.contains("error") ? root["error"] : json::object();
        const json code = error.is_object() ? error.value("code", json(0)) : json(0);
        const json reason = error.is_object() ? error.value("reason", json()) : json();
        const int number = code.is_number_integer() ? code.get<int>() : 0;
        // 458: no such session; 459: no such handle.
        const auto errorKind = number == 458 || number == 459 ? JanusError::Kind::SessionGone
                                                              : JanusError::Kind::Refused;
        throw JanusError(errorKind, number,
                         "Janus refused: " + (reason.is_string()
                                                  ? excerpt(reason.get<std::string>(), 200)
                                                  : std::string("no reason given")));
    }
    return std::move(root);
}

std::uint64_t janusIdIn(const json& answer, const char* what) {
    const json* data = answer.contains("data") ? &answer["data"] : nullptr;
    if (data == nullptr || !data->is_object() || !data->contains("id") ||
        !(*data)["id"].is_number_unsigned())
        throw JanusError(JanusError::Kind::Garbled, 0,
                         std::string("Janus's answer to ") + what + " holds no id");
    return (*data)["id"].get<std::uint64_t>();
}

json pluginAnswer(json answer) {
    json* data = nullptr;
    if (answer.contains("plugindata") && answer["plugindata"].is_object() &&
        answer["plugindata"].contains("data"))
        data = &answer["plugindata"]["data"];
    if (data == nullptr || !data->is_object())
        throw JanusError(JanusError::Kind::Garbled, 0,
                         "Janus's answer to a plugin request holds no plugin data");
    if (data->contains("error_code")) {
        const json& code = (*data)["error_code"];
        const json& reason = data->contains("error") ? (*data)["error"] : json();
        throw JanusError(JanusError::Kind::Refused, code.is_number_integer() ? code.get<int>() : 0,
                         "the plugin refused: " + (reason.is_string()
                                                       ? excerpt(reason.get<std::string>(), 200)
                                                       : std::string("no reason given")));
    }
    return std::move(*data);
}

std::vector<int> formerMountpoints(const nlohmann::json& listAnswer, const std::vector<int>& ours,
                                   int firstId) {
    std::vector<int> former;
    if (!listAnswer.is_object() || !listAnswer.contains("list") || !listAnswer["list"].is_array())
        return former;
    for (const json& entry : listAnswer["list"]) {
        if (!entry.is_object() || !entry.contains("id") || !entry["id"].is_number_integer() ||
            !entry.contains("metadata") || !entry["metadata"].is_string())
            continue;
        const auto id = entry["id"].get<std::int64_t>();
        if (id < firstId || id >= static_cast<std::int64_t>(firstId) + kFormerMountpointRange ||
            std::find(ours.begin(), ours.end(), id) != ours.end())
            continue;
        const JsonDocument metadata = parseJsonDocument(entry["metadata"].get<std::string>());
        if (metadata.problem.empty() && metadata.root.is_object() &&
            metadata.root.contains("dragoman"))
            former.push_back(static_cast<int>(id));
    }
    return former;
}

std::optional<MountpointInfo> mountpointInfoIn(const json& infoAnswer) {
    if (!infoAnswer.is_object() || !infoAnswer.contains("info") || !infoAnswer["info"].is_object())
        return std::nullopt;
    const json& info = infoAnswer["info"];
    auto text = [&info](const char* key) -> std::optional<std::string> {
        if (!info.contains(key) || !info[key].is_string())
            return std::nullopt;
        return info[key].get<std::string>();
    };
    MountpointInfo read;
    read.secret = text("secret");
    read.metadata = text("metadata");
    if (info.contains("viewers") && info["viewers"].is_number_integer())
        read.viewers = info["viewers"].get<std::int64_t>();
    if (info.contains("media") && info["media"].is_array() && !info["media"].empty()) {
        const json& first = info["media"][0];
        if (first.is_object() && first.contains("port") && first["port"].is_number_integer())
            read.firstMediaPort = first["port"].get<std::int64_t>();
    }
    return read;
}

} // namespace dragoman
