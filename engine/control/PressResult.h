// What became of a key press or a floor-language change sent to the engine: on its way to the
// audio thread, or why not, so every face can tell its user (OSC replies with it, the remote
// console protocol refuses with it, a cue list notes it in the timeline).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace dragoman {

class PressResult {
public:
    enum class Outcome : std::uint8_t {
        Sent,
        UnknownConsole,   // no console of that id in the session
        UnknownChannel,   // listen to a channel the session does not have
        NotALanguage,     // a floor language that is not an ISO 639 code
        ArgumentMismatch, // e.g. a slot for the mic key (a face's mistake: parsers never send it)
        QueueFull,        // the audio thread has not taken the keys before it (a stalled device)
    };

    constexpr PressResult(Outcome outcome) : outcome_(outcome) {}
    constexpr Outcome outcome() const { return outcome_; }
    explicit constexpr operator bool() const { return outcome_ == Outcome::Sent; }

    // Why it was not sent, naming what was asked for; "" when it was.
    std::string why(std::string_view console, std::string_view channel = {}) const {
        switch (outcome_) {
        case Outcome::Sent:
            return {};
        case Outcome::UnknownConsole:
            return "unknown console \"" + std::string(console) + "\"";
        case Outcome::UnknownChannel:
            return "unknown language channel \"" + std::string(channel) + "\"";
        case Outcome::NotALanguage:
            return "\"" + std::string(channel) + "\" is not a language code";
        case Outcome::ArgumentMismatch:
            return "a key press whose argument does not fit its key";
        case Outcome::QueueFull:
            break;
        }
        return "the key queue is full";
    }

private:
    Outcome outcome_;
};

} // namespace dragoman
