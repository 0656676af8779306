// See RemoteMessagePost.h.
#include "RemoteMessagePost.h"

namespace dragoman {

std::string postRemoteMessage(MessageBoard& board, std::string_view console,
                              const PostMessage& post) {
    const RecipientParse to = parseRecipient(post.to);
    if (!to.recipient)
        return "to: " + to.error;
    if (post.quick > kQuickMessages.size())
        return "quick: no quick message numbered " + std::to_string(post.quick);
    return board.post(console, *to.recipient, static_cast<QuickMessage>(post.quick), post.text)
        .refusal;
}

DeliveryMessage deliveryOf(const BoothMessage& m) {
    return {.number = static_cast<std::uint32_t>(m.number),
            .sentAtMs = static_cast<std::uint64_t>(
                std::chrono::duration_cast<std::chrono::milliseconds>(m.sentAt.time_since_epoch())
                    .count()),
            .quick = static_cast<std::uint8_t>(m.quick),
            .from = m.from,
            .to = recipientText(m.to),
            .text = m.text};
}

} // namespace dragoman
