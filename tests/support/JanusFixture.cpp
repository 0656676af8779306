// See JanusFixture.h.
#include "JanusFixture.h"

#include "janus/JanusClient.h"
#include "support/CommandOutput.h"
#include "support/IcecastFixture.h" // freePort

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <unistd.h>

namespace dragoman::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr const char* kLibraries = "/usr/lib/x86_64-linux-gnu/janus";

} // namespace

JanusServer::JanusServer(int httpPort, std::string streamingJcfg, const std::string& icePorts)
    : port_(httpPort), directory_("/tmp/dragoman-janus-" + std::to_string(getpid()) + "-" +
                                  std::to_string(httpPort)) {
    fs::remove_all(directory_);
    fs::create_directories(directory_);
    const std::string libraries = kLibraries;
    std::ofstream(directory_ + "/janus.jcfg")
        << "general: {\n"
        << "  configs_folder = \"" << directory_ << "\"\n"
        << "  plugins_folder = \"" << libraries << "/plugins\"\n"
        << "  transports_folder = \"" << libraries << "/transports\"\n"
        << "  events_folder = \"" << libraries << "/events\"\n"
        << "  loggers_folder = \"" << libraries << "/loggers\"\n"
        << "  debug_level = 4\n"
        << "}\n"
        << "media: { rtp_port_range = \"" << icePorts
        << "\" }\n"
        // Only the veth pair: no STUN, no other interface.
        << "nat: { ice_enforce_list = \"dmv0\" }\n"
        << "plugins: { disable = \"libjanus_duktape.so,"
           "libjanus_echotest.so,libjanus_lua.so,libjanus_nosip.so,libjanus_recordplay.so,"
           "libjanus_sip.so,libjanus_textroom.so,libjanus_videocall.so,libjanus_videoroom.so,"
           "libjanus_voicemail.so\" }\n"
        << "transports: { disable = \"libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,"
           "libjanus_rabbitmq.so,libjanus_websockets.so\" }\n"
        << "events: { broadcast = false }\n"
        << "loggers: { disable = \"libjanus_jsonlog.so\" }\n";
    std::ofstream(directory_ + "/janus.plugin.streaming.jcfg")
        << "general: {\n  admin_key = \"" << kAdminKey << "\"\n}\n"
        << streamingJcfg;
    // The meeting's rooms: made by Dragoman through the API, with the admin key.
    std::ofstream(directory_ + "/janus.plugin.audiobridge.jcfg")
        << "general: {\n  admin_key = \"" << kAdminKey << "\"\n}\n";
    std::ofstream(directory_ + "/janus.transport.http.jcfg")
        << "general: {\n  json = \"plain\"\n  base_path = \"/janus\"\n  http = true\n"
        << "  port = " << httpPort << "\n  ip = \"127.0.0.1\"\n}\n"
        << "admin: { admin_http = false }\n";
    ready_ = start();
}

JanusServer::~JanusServer() {
    janus_.reset();
    fs::remove_all(directory_);
}

std::string JanusServer::api() const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/janus";
}

void JanusServer::stop(int signal) {
    if (janus_) {
        janus_->signal(signal);
        janus_->wait(10.0);
    }
    janus_.reset();
    ready_ = false;
}

bool JanusServer::start() {
    janus_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"janus", "-F", directory_, "-C", directory_ + "/janus.jcfg"},
        directory_ + "/janus.log");
    const auto until = Clock::now() + std::chrono::seconds(20);
    while (Clock::now() < until) {
        try {
            dragoman::JanusClient client(api(), "");
            client.connect();
            ready_ = true;
            return true;
        } catch (const std::exception&) {
        }
        if (!janus_->running())
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

std::string JanusServer::log() const {
    return fileText(directory_ + "/janus.log");
}

bool preparePrivateNetwork() {
    // A private namespace starts with loopback alone; the machine's has more.
    const std::string links = commandOutput("ip -o link show 2>/dev/null");
    const bool onlyLoopback = links.find("lo:") != std::string::npos &&
                              links.find("dmv0") == std::string::npos &&
                              std::count(links.begin(), links.end(), '\n') == 1;
    if (!onlyLoopback)
        return links.find("dmv0") != std::string::npos; // made already by this process
    return std::system("ip link set lo up && ip link add dmv0 type veth peer name dmv1 && "
                       "ip addr add 10.213.0.1/24 dev dmv0 && ip addr add 10.213.0.2/24 dev dmv1 "
                       "&& ip link set dmv0 up && ip link set dmv1 up") == 0;
}

LivePageSite::LivePageSite()
    : root_("/tmp/dragoman-live-site-" + std::to_string(getpid())), port_(freePort()) {
    fs::remove_all(root_);
    fs::create_directories(root_);
    fs::copy_file(DRAGOMAN_SOURCE_DIR "/web/live.html", root_ + "/live.html");
    fs::copy_file(DRAGOMAN_SOURCE_DIR "/web/listener.css", root_ + "/listener.css");
    fs::copy_file(DRAGOMAN_SOURCE_DIR "/web/received-audio.js", root_ + "/received-audio.js");
    fs::copy_file(DRAGOMAN_SOURCE_DIR "/web/meeting.html", root_ + "/meeting.html");
    fs::create_directory_symlink("/usr/share/javascript", root_ + "/javascript");
    server_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"python3", "-m", "http.server", std::to_string(port_), "--bind",
                                 "127.0.0.1", "--directory", root_},
        root_ + ".log");
}

LivePageSite::~LivePageSite() {
    server_.reset();
    fs::remove_all(root_);
    fs::remove(root_ + ".log");
}

std::string LivePageSite::meetingUrl(const std::string& janus, int room) const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/meeting.html?janus=" + janus +
           "&room=" + std::to_string(room);
}

std::string LivePageSite::url(const std::string& janus) const {
    return "http://127.0.0.1:" + std::to_string(port_) + "/live.html?janus=" + janus;
}

} // namespace dragoman::test
