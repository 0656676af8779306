// See ConferenceSessions.h.
#include "ConferenceSessions.h"

#include "render/Demo.h"
#include "session/SessionJson.h"

#include <string>

namespace dragoman::bench {

Session summitSession() {
    return parseSession(summitSessionJson()).session;
}

Session conferenceSession(int languages) {
    Session s;
    s.name = "conference of " + std::to_string(languages) + " languages";
    s.floor = {2, "aa"};
    for (int i = 0; i < languages; ++i) {
        // Two-letter codes "aa", "ab", ...: valid ISO 639 shapes, distinct.
        const std::string id = {static_cast<char>('a' + i / 26), static_cast<char>('a' + i % 26)};
        s.channels.push_back({id, "Language " + id, {}, {}});
    }
    for (const LanguageChannel& channel : s.channels) {
        Booth booth;
        booth.id = "booth-" + channel.id;
        booth.outputs = {channel.id};
        if (channel.id != s.channels.front().id)
            booth.relay = s.channels.front().id;
        booth.consoles = {{booth.id + "-1", 1}, {booth.id + "-2", 2}};
        s.booths.push_back(booth);
    }
    return s;
}

Session conferenceWithNewChannel(int languages) {
    Session s = conferenceSession(languages);
    s.channels.push_back(conferenceSession(languages + 1).channels.back());
    return s;
}

Session conferenceWithNewBooth(int languages) {
    return conferenceSession(languages + 1);
}

} // namespace dragoman::bench
