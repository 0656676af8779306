// A message without a microphone: a one-press quick message ("slow down", "take over in
// 2 min") or a short text, from a console or the technician, to the boothmates, a booth, one
// console or the technician. The same for every face (GUIs, OSC, the remote console protocol,
// the booth log), with its one text form for the recipient and the quick messages:
//
//   recipient     text form         reaches
//   Boothmates    "boothmates"      the sender's booth but the sender
//   Booth         "booth:<id>"      every console of that booth (relay asks the pivot booth)
//   Console       "console:<id>"    one console
//   Technician    "technician"      the engineer view (and the chair's)
//
// A message is words for people: nothing in it can change routing (the board that carries
// messages has no way to the engine's keys).
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dragoman {

enum class QuickMessage : std::uint8_t {
    None, // a text message
    SlowDown,
    Louder,
    NextSpeaker,
    TakeOverSoon,
    FloorSoundBad,
    Help,
};

inline constexpr std::array<QuickMessage, 6> kQuickMessages = {
    QuickMessage::SlowDown,     QuickMessage::Louder,        QuickMessage::NextSpeaker,
    QuickMessage::TakeOverSoon, QuickMessage::FloorSoundBad, QuickMessage::Help};

// "slow-down", "louder", "next-speaker", "take-over-soon", "floor-sound-bad", "help"; "" None.
std::string_view quickMessageName(QuickMessage quick);
std::optional<QuickMessage> parseQuickMessage(std::string_view name);
// What a person reads: "Slow down, please", "Take over in 2 minutes", ...
std::string_view quickMessageWords(QuickMessage quick);

struct MessageRecipient {
    enum class Kind : std::uint8_t { Boothmates, Booth, Console, Technician };
    Kind kind = Kind::Technician;
    std::string id; // the booth or console, for Booth and Console
    bool operator==(const MessageRecipient&) const = default;
};

// The text form above.
std::string recipientText(const MessageRecipient& to);
struct RecipientParse {
    std::optional<MessageRecipient> recipient;
    std::string error; // why not, when !recipient
};
RecipientParse parseRecipient(std::string_view text);

// The sender id of the technician (a console id is never this: session ids are checked).
inline constexpr std::string_view kTechnician = "technician";

// Longest text, in bytes of UTF-8: a few lines on a console's screen.
inline constexpr std::size_t kMaxMessageText = 280;
// Why this text cannot be a message's ("" when it can): too long, not UTF-8, or with control
// characters (a line break or an escape sequence would garble every face that shows it).
std::string messageTextProblem(std::string_view text);
// Why this can be no message's content, as "text: why" ("" when it can): empty without a quick
// message, or a text messageTextProblem refuses. The board and a remote console judge alike.
std::string messageContentProblem(QuickMessage quick, std::string_view text);

struct BoothMessage {
    std::uint64_t number = 0; // the board's, from 1, in the order posted
    std::string from;         // a console id, or kTechnician
    MessageRecipient to;
    QuickMessage quick = QuickMessage::None;
    std::string text; // for a quick message, optional detail ("in French")
    std::chrono::system_clock::time_point sentAt{};

    // What a person reads: the quick message's words, its detail after a colon; or the text.
    std::string words() const;
    bool operator==(const BoothMessage&) const = default;
};

} // namespace dragoman
