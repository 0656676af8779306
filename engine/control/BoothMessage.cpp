// See BoothMessage.h.
#include "BoothMessage.h"

namespace dragoman {
namespace {

struct QuickText {
    QuickMessage quick;
    std::string_view name, words;
};
constexpr std::array<QuickText, 6> kQuickTexts = {{
    {QuickMessage::SlowDown, "slow-down", "Slow down, please"},
    {QuickMessage::Louder, "louder", "Louder, please"},
    {QuickMessage::NextSpeaker, "next-speaker", "Next speaker"},
    {QuickMessage::TakeOverSoon, "take-over-soon", "Take over in 2 minutes"},
    {QuickMessage::FloorSoundBad, "floor-sound-bad", "Floor sound bad"},
    {QuickMessage::Help, "help", "Help, please"},
}};

// Bytes of one UTF-8 sequence starting with `lead`, or 0 when it cannot start one.
std::size_t sequenceLength(unsigned char lead) {
    if (lead < 0x80)
        return 1;
    if (lead >= 0xC2 && lead <= 0xDF)
        return 2;
    if (lead >= 0xE0 && lead <= 0xEF)
        return 3;
    if (lead >= 0xF0 && lead <= 0xF4)
        return 4;
    return 0;
}

} // namespace

std::string_view quickMessageName(QuickMessage quick) {
    for (const QuickText& q : kQuickTexts)
        if (q.quick == quick)
            return q.name;
    return {};
}

std::optional<QuickMessage> parseQuickMessage(std::string_view name) {
    for (const QuickText& q : kQuickTexts)
        if (q.name == name)
            return q.quick;
    return std::nullopt;
}

std::string_view quickMessageWords(QuickMessage quick) {
    for (const QuickText& q : kQuickTexts)
        if (q.quick == quick)
            return q.words;
    return {};
}

std::string recipientText(const MessageRecipient& to) {
    switch (to.kind) {
    case MessageRecipient::Kind::Boothmates:
        return "boothmates";
    case MessageRecipient::Kind::Booth:
        return "booth:" + to.id;
    case MessageRecipient::Kind::Console:
        return "console:" + to.id;
    case MessageRecipient::Kind::Technician:
        break;
    }
    return std::string(kTechnician);
}

RecipientParse parseRecipient(std::string_view text) {
    using Kind = MessageRecipient::Kind;
    if (text == "boothmates")
        return {MessageRecipient{Kind::Boothmates, {}}, {}};
    if (text == kTechnician)
        return {MessageRecipient{Kind::Technician, {}}, {}};
    for (const auto& [prefix, kind] :
         {std::pair{std::string_view("booth:"), Kind::Booth}, {"console:", Kind::Console}}) {
        if (!text.starts_with(prefix))
            continue;
        const std::string_view id = text.substr(prefix.size());
        if (id.empty() || id.size() > 64)
            return {std::nullopt, std::string(prefix) + " needs an id of 1 to 64 characters"};
        return {MessageRecipient{kind, std::string(id)}, {}};
    }
    constexpr std::size_t kShown = 40;
    return {std::nullopt, "\"" + std::string(text.substr(0, kShown)) +
                              "\" is not a recipient (boothmates, booth:<id>, console:<id>, "
                              "technician)"};
}

std::string messageTextProblem(std::string_view text) {
    if (text.size() > kMaxMessageText)
        return "longer than " + std::to_string(kMaxMessageText) + " bytes";
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        const std::size_t length = sequenceLength(lead);
        if (length == 0 || i + length > text.size())
            return "not UTF-8 at byte " + std::to_string(i);
        std::uint32_t code = length == 1 ? lead : lead & (0x7Fu >> length);
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80)
                return "not UTF-8 at byte " + std::to_string(i + k);
            code = (code << 6) | (next & 0x3Fu);
        }
        // Overlong forms and surrogates are not UTF-8 either.
        const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
        if (overlong || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF)
            return "not UTF-8 at byte " + std::to_string(i);
        if (code < 0x20 || code == 0x7F || (code >= 0x80 && code < 0xA0))
            return "a control character at byte " + std::to_string(i);
        i += length;
    }
    return {};
}

std::string messageContentProblem(QuickMessage quick, std::string_view text) {
    if (quick == QuickMessage::None && text.empty())
        return "text: empty (a text or a quick message is the message)";
    if (const std::string problem = messageTextProblem(text); !problem.empty())
        return "text: " + problem;
    return {};
}

std::string BoothMessage::words() const {
    if (quick == QuickMessage::None)
        return text;
    std::string out(quickMessageWords(quick));
    if (!text.empty())
        out += ": " + text;
    return out;
}

} // namespace dragoman
