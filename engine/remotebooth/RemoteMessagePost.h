// Messages between a remote console and its host's board, on the host's side: a console's
// post checked and posted as that console (it cannot post as anyone else), and a board
// message put into its wire form for delivery.
#pragma once

#include "MessageBoard.h"
#include "rtp/RemoteMessages.h"

#include <string>
#include <string_view>

namespace dragoman {

// Empty when posted; else why not, naming the field ("to: unknown booth \"fr\"").
std::string postRemoteMessage(MessageBoard& board, std::string_view console,
                              const PostMessage& post);

DeliveryMessage deliveryOf(const BoothMessage& message);

} // namespace dragoman
