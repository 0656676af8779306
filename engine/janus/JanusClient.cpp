// See JanusClient.h.
#include "JanusClient.h"

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

} // namespace

JanusClient::JanusClient(std::string url, std::string apiSecret, std::string plugin)
    : url_(std::move(url)), apiSecret_(std::move(apiSecret)), plugin_(std::move(plugin)) {
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
    return janusAnswer(answer.body, status);
}

void JanusClient::connect() {
    forget();
    const std::uint64_t session = janusIdIn(post("", {{"janus", "create"}}), "create");
    const std::uint64_t handle = janusIdIn(
        post("/" + std::to_string(session), {{"janus", "attach"}, {"plugin", plugin_}}), "attach");
    session_ = session;
    handle_ = handle;
}

json JanusClient::request(const json& body) {
    if (!connected())
        connect();
    return pluginAnswer(post("/" + std::to_string(session_) + "/" + std::to_string(handle_),
                             {{"janus", "message"}, {"body", body}}));
}

void JanusClient::keepalive() {
    if (connected())
        post("/" + std::to_string(session_), {{"janus", "keepalive"}});
}

} // namespace dragoman
