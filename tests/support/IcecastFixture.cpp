// See IcecastFixture.h.
#include "IcecastFixture.h"

#include <arpa/inet.h>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace dragoman::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

int connectTo(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

} // namespace

int freePort() {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address);
    socklen_t size = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size);
    close(fd);
    return ntohs(address.sin_port);
}

IcecastServer::IcecastServer(int port, const std::string& webroot)
    : port_(port), directory_("/tmp/dragoman-icecast-" + std::to_string(getpid())) {
    fs::remove_all(directory_);
    fs::create_directories(directory_ + "/log");
    // Icecast will not run as root; it drops to nobody, who must be able to write its log.
    fs::permissions(directory_, fs::perms::all);
    fs::permissions(directory_ + "/log", fs::perms::all);
    const std::string changeOwner =
        geteuid() == 0 ? "<changeowner><user>nobody</user><group>nogroup</group></changeowner>"
                       : "";
    std::ofstream(directory_ + "/icecast.xml")
        << "<icecast><location>test</location><admin>test@localhost</admin>"
           "<limits><clients>1000</clients><sources>16</sources>"
           "<burst-size>65536</burst-size></limits>"
           "<authentication><source-password>"
        << kPassword
        << "</source-password><admin-user>admin</admin-user>"
           "<admin-password>dragoman-test-admin</admin-password></authentication>"
           "<hostname>127.0.0.1</hostname><listen-socket><port>"
        << port
        << "</port><bind-address>127.0.0.1</bind-address></listen-socket>"
           "<fileserve>1</fileserve><paths><basedir>/usr/share/icecast2</basedir><logdir>"
        << directory_ << "/log</logdir><webroot>"
        << (webroot.empty() ? "/usr/share/icecast2/web" : webroot)
        << "</webroot><adminroot>/usr/share/icecast2/admin</adminroot></paths>"
           "<logging><errorlog>error.log</errorlog><accesslog>access.log</accesslog>"
           "<loglevel>2</loglevel></logging><security><chroot>0</chroot>"
        << changeOwner << "</security></icecast>\n";
    ready_ = start();
}

IcecastServer::~IcecastServer() {
    icecast_.reset();
    fs::remove_all(directory_);
}

bool IcecastServer::start() {
    icecast_ = std::make_unique<ChildProcess>(
        std::vector<std::string>{"icecast2", "-c", directory_ + "/icecast.xml"},
        directory_ + "/stdout.log");
    const auto until = Clock::now() + std::chrono::seconds(10);
    while (Clock::now() < until) {
        if (const int fd = connectTo(port_); fd >= 0) {
            close(fd);
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

void IcecastServer::writeStreamingSession(const std::string& path) const {
    std::string session = fileText(DRAGOMAN_SOURCE_DIR "/docs/examples/summit.json");
    session.insert(session.rfind('}'),
                   ", \"streams\": {\"port\": " + std::to_string(port_) + ", \"password\": \"" +
                       kPassword + "\", \"mounts\": {\"en\": \"/en.opus\", \"ja\": \"/ja.opus\"}}");
    std::ofstream(path) << session;
}

void IcecastServer::stop(int signal) {
    icecast_->signal(signal);
    icecast_->wait(10.0);
    icecast_.reset();
    ready_ = false;
}

bool IcecastServer::restart() {
    stop(SIGTERM);
    std::this_thread::sleep_for(std::chrono::seconds(1));
    ready_ = start();
    return ready_;
}

std::string httpGet(int port, const std::string& path, double seconds) {
    const int fd = connectTo(port);
    if (fd < 0)
        return {};
    const std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (write(fd, request.data(), request.size()) != static_cast<ssize_t>(request.size())) {
        close(fd);
        return {};
    }
    std::string response;
    const auto until = Clock::now() + std::chrono::duration<double>(seconds);
    char buffer[16384];
    while (Clock::now() < until) {
        pollfd ready{fd, POLLIN, 0};
        if (poll(&ready, 1, 50) <= 0)
            continue;
        const ssize_t n = read(fd, buffer, sizeof buffer);
        if (n <= 0)
            break;
        response.append(buffer, static_cast<std::size_t>(n));
    }
    close(fd);
    const auto body = response.find("\r\n\r\n");
    return body == std::string::npos ? std::string() : response.substr(body + 4);
}

} // namespace dragoman::test
