// See JanusClient.h.
#include "JanusClient.h"

#include "files/JsonDocument.h"

#include <curl/curl.h>
#include <mutex>

namespace dragoman {
namespace {

using json = nlohmann::json;

// curl_global_init is not thread-safe: once per process.
void initCurlOnce() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Answer {
    std::string body;
    bool tooLong = false;
};

std::size_t collect(char* data, std::size_t size, std::size_t count, void* to) {
    auto& answer = *static_cast<Answer*>(to);
    const std::size_t bytes = size * count;
    if (answer.body.size() + bytes > JanusClient::kMostAnswerBytes) {
        answer.tooLong = true;
        return 0; // aborts the transfer
    }
    answer.body.append(data, bytes);
    return bytes;
}

std::uint64_t idIn(const json& answer, const char* what) {
    const json* data = answer.contains("data") ? &answer["data"] : nullptr;
    if (data == nullptr || !data->is_object() || !data->contains("id") ||
        !(*data)["id"].is_number_unsigned())
        throw JanusError(JanusError::Kind::Garbled, 0,
                         std::string("Janus's answer to ") + what + " holds no id");
    return (*data)["id"].get<std::uint64_t>();
}

} // namespace

JanusClient::JanusClient(std::string url, std::string apiSecret)
    : url_(std::move(url)), apiSecret_(std::move(apiSecret)) {
    initCurlOnce();
    curl_ = curl_easy_init();
    if (curl_ == nullptr)
        throw std::runtime_error("cannot start libcurl");
}

JanusClient::~JanusClient() {
    curl_easy_cleanup(static_cast<CURL*>(curl_));
}

json JanusClient::post(const std::string& path, json message) {
    message["transaction"] = "dragoman-" + std::to_string(++transaction_);
    if (!apiSecret_.empty())
        message["apisecret"] = apiSecret_;
    const std::string body = message.dump();
    const std::string address = url_ + path;
    auto* curl = static_cast<CURL*>(curl_);
    Answer answer;
    curl_easy_reset(curl);
    curl_easy_setopt(curl, CURLOPT_URL, address.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(kTimeout.count()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(kTimeout.count()));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L); // no SIGALRM for timeouts: threads
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
    const CURLcode result = curl_easy_perform(curl);
    if (answer.tooLong)
        throw JanusError(JanusError::Kind::Garbled, 0,
                         "Janus's answer is longer than " +
                             std::to_string(kMostAnswerBytes / 1024) + " KiB");
    if (result != CURLE_OK)
        throw JanusError(JanusError::Kind::Unreachable, 0,
                         std::string("no answer from Janus at ") + url_ + ": " +
                             curl_easy_strerror(result));
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    JsonDocument document = parseJsonDocument(answer.body);
    if (!document.problem.empty() || !document.root.is_object())
        throw JanusError(
            JanusError::Kind::Garbled, 0,
            "Janus answered HTTP " + std::to_string(status) + " with " +
                (document.problem.empty() ? "JSON that is not an object" : document.problem));
    json& root = document.root;
    const std::string kind = root.value("janus", "");
    if (kind == "error") {
        const json& error = root.contains("error") ? root["error"] : json::object();
        const int code = error.is_object() ? error.value("code", 0) : 0;
        const std::string reason =
            error.is_object() ? error.value("reason", "no reason given") : "no reason given";
        // 458: no such session; 459: no such handle.
        const auto errorKind =
            code == 458 || code == 459 ? JanusError::Kind::SessionGone : JanusError::Kind::Refused;
        throw JanusError(errorKind, code, "Janus refused: " + excerpt(reason, 200));
    }
    return std::move(root);
}

void JanusClient::connect() {
    forget();
    const std::uint64_t session = idIn(post("", {{"janus", "create"}}), "create");
    const std::uint64_t handle =
        idIn(post("/" + std::to_string(session),
                  {{"janus", "attach"}, {"plugin", "janus.plugin.streaming"}}),
             "attach");
    session_ = session;
    handle_ = handle;
}

json JanusClient::streaming(const json& body) {
    if (!connected())
        connect();
    json answer = post("/" + std::to_string(session_) + "/" + std::to_string(handle_),
                       {{"janus", "message"}, {"body", body}});
    json* data = nullptr;
    if (answer.contains("plugindata") && answer["plugindata"].is_object() &&
        answer["plugindata"].contains("data"))
        data = &answer["plugindata"]["data"];
    if (data == nullptr || !data->is_object())
        throw JanusError(JanusError::Kind::Garbled, 0,
                         "Janus's answer to a Streaming request holds no plugin data");
    if (data->contains("error_code")) {
        const json& code = (*data)["error_code"];
        const json& reason = data->contains("error") ? (*data)["error"] : json("no reason given");
        throw JanusError(JanusError::Kind::Refused, code.is_number_integer() ? code.get<int>() : 0,
                         "the Streaming plugin refused: " +
                             excerpt(reason.is_string() ? reason.get<std::string>() : "", 200));
    }
    return std::move(*data);
}

void JanusClient::keepalive() {
    if (connected())
        post("/" + std::to_string(session_), {{"janus", "keepalive"}});
}

} // namespace dragoman
