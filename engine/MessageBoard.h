// The messages of a running session (control/BoothMessage.h): posted by any face (a console
// GUI, OSC, a remote console through its host, the engineer view, the slow-down and help
// keys), numbered in order, kept (the newest kKept) for every face to read what is new since
// the number it last saw. Who a message reaches is resolved against the session's booths as
// they are now. Refuses, naming the field: an unknown sender or recipient, a text that is too
// long or not clean UTF-8, and a sender posting faster than kMostPerWindow a kWindow (a stuck
// key or a hostile remote console cannot bury the others' messages).
//
// Control threads only (never the audio thread): one mutex guards it. It holds no way to the
// engine's keys, so no message can change routing.
#pragma once

#include "control/BoothMessage.h"
#include "session/Session.h"

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dragoman {

struct PostedMessage {
    std::optional<BoothMessage> message; // as numbered and kept
    std::string refusal;                 // "<field>: why", when !message
};

class MessageBoard {
public:
    static constexpr std::size_t kKept = 512;
    static constexpr std::size_t kMostPerWindow = 10;
    static constexpr std::chrono::seconds kWindow{10};

    // The booths and consoles messages resolve against (again after a session change).
    void setSession(const Session& session);

    PostedMessage
    post(std::string_view from, const MessageRecipient& to, QuickMessage quick,
         std::string_view text,
         std::chrono::system_clock::time_point now = std::chrono::system_clock::now());

    // Messages numbered after `number`, oldest first (those still kept).
    std::vector<BoothMessage> since(std::uint64_t number) const;
    std::uint64_t latest() const;

    // Does the message reach this console (or kTechnician)? Its sender's own are not "reached".
    bool reaches(const BoothMessage& message, std::string_view reader) const;
    // The booth a console sits in, "" for none.
    std::string boothOf(std::string_view console) const;

private:
    mutable std::mutex mutex_;
    std::map<std::string, std::string, std::less<>> boothOf_; // console -> booth
    std::deque<BoothMessage> kept_;
    std::uint64_t next_ = 1;
    std::map<std::string, std::deque<std::chrono::steady_clock::time_point>, std::less<>> recent_;
};

} // namespace dragoman
