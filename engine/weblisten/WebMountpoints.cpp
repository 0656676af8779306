// See WebMountpoints.h.
#include "WebMountpoints.h"

#include <algorithm>
#include <sstream>

namespace dragoman {
namespace {

using json = nlohmann::json;

// A jcfg (libconfig) string: quotes and backslashes escaped.
std::string jcfgString(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    return out + "\"";
}

} // namespace

std::string WebMountpoint::metadata() const {
    return json{{"dragoman", 1},
                {"signal", signal},
                {"language", language},
                {"name", name},
                {"floor", signal == "floor"}}
        .dump();
}

std::vector<WebMountpoint> webMountpoints(const Session& session) {
    const WebListenerSettings settings = session.webListeners.value_or(WebListenerSettings{});
    std::vector<std::string> signals = settings.signals;
    if (signals.empty()) {
        signals.push_back("floor");
        for (const LanguageChannel& channel : session.channels)
            signals.push_back(channel.id);
    }
    std::vector<WebMountpoint> mountpoints;
    for (std::size_t i = 0; i < signals.size(); ++i) {
        WebMountpoint m;
        m.signal = signals[i];
        m.name = "Floor";
        for (const LanguageChannel& channel : session.channels)
            if (channel.id == m.signal) {
                m.language = channel.id;
                m.name = channel.name.empty() ? channel.id : channel.name;
            }
        m.index = static_cast<int>(i);
        m.id = settings.firstId + m.index;
        mountpoints.push_back(std::move(m));
    }
    return mountpoints;
}

json createRequest(const WebMountpoint& m, const WebListenerSettings& settings,
                   const JanusServerSettings& server, const std::string& srtpCrypto) {
    json request = {
        {"request", "create"},
        {"type", "rtp"},
        {"id", m.id},
        {"name", "dragoman-" + m.signal},
        {"description", m.name},
        {"metadata", m.metadata()},
        {"secret", settings.secret},
        {"permanent", false},
        // The latest state message goes to each new listener at once.
        {"buffermsg", true},
        {"datatype", "text"},
        {"media", json::array({{{"type", "audio"},
                                {"mid", "a"},
                                {"port", m.audioPort(server)},
                                {"pt", 111},
                                {"codec", "opus"}},
                               {{"type", "data"}, {"mid", "d"}, {"port", m.statePort(server)}}})}};
    if (!server.adminKey.empty())
        request["admin_key"] = server.adminKey;
    if (!srtpCrypto.empty()) {
        request["srtpsuite"] = 80;
        request["srtpcrypto"] = srtpCrypto;
    }
    return request;
}

std::string streamingJcfg(const Session& session, std::size_t serverIndex) {
    const WebListenerSettings settings = session.webListeners.value_or(WebListenerSettings{});
    const std::vector<JanusServerSettings> servers = settings.servers();
    const JanusServerSettings& server = servers.at(std::min(serverIndex, servers.size() - 1));
    std::ostringstream out;
    out << "# Dragoman's web listener mountpoints for \"" << session.name << "\", made by\n"
        << "# `dragoman janus-config`: add to Janus's janus.plugin.streaming.jcfg.\n";
    if (!server.adminKey.empty())
        out << "general: {\n  admin_key = " << jcfgString(server.adminKey) << "\n}\n";
    for (const WebMountpoint& m : webMountpoints(session)) {
        out << "dragoman-" << m.signal << ": {\n"
            << "  type = \"rtp\"\n"
            << "  id = " << m.id << "\n"
            << "  description = " << jcfgString(m.name) << "\n"
            << "  metadata = " << jcfgString(m.metadata()) << "\n"
            << "  secret = " << jcfgString(settings.secret) << "\n"
            << "  media = (\n"
            << "    { type = \"audio\", mid = \"a\", port = " << m.audioPort(server)
            << ", pt = 111, codec = \"opus\" },\n"
            << "    { type = \"data\", mid = \"d\", port = " << m.statePort(server)
            << ", datatype = \"text\", buffermsg = true }\n"
            << "  )\n"
            << "}\n";
    }
    return out.str();
}

Carrying carryingOf(RelayQuality quality) {
    switch (quality) {
    case RelayQuality::Silent:
        return Carrying::Nobody;
    case RelayQuality::Floor:
        return Carrying::Floor;
    case RelayQuality::Direct:
        return Carrying::Interpretation;
    case RelayQuality::Relay:
    case RelayQuality::RelayOfRelay:
        break;
    }
    return Carrying::Relay;
}

std::string stateMessage(const std::string& signal, Carrying carrying) {
    const char* carries = carrying == Carrying::Nobody  ? "nobody"
                          : carrying == Carrying::Floor ? "floor"
                                                        : "interpretation";
    return json{{"signal", signal}, {"carries", carries}, {"relay", carrying == Carrying::Relay}}
        .dump();
}

} // namespace dragoman
