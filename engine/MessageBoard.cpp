// See MessageBoard.h.
#include "MessageBoard.h"

#include <algorithm>

namespace dragoman {
namespace {

std::string quoted(std::string_view text) {
    constexpr std::size_t kShown = 64;
    std::string out = "\"";
    out.append(text.substr(0, kShown));
    out.append(text.size() > kShown ? "...\"" : "\"");
    return out;
}

} // namespace

void MessageBoard::setSession(const Session& session) {
    std::lock_guard lock(mutex_);
    boothOf_.clear();
    for (const Booth& booth : session.booths)
        for (const Console& console : booth.consoles)
            boothOf_[console.id] = booth.id;
}

PostedMessage MessageBoard::post(std::string_view from, const MessageRecipient& to,
                                 QuickMessage quick, std::string_view text,
                                 std::chrono::system_clock::time_point now) {
    using Kind = MessageRecipient::Kind;
    std::lock_guard lock(mutex_);
    const bool technician = from == kTechnician;
    if (!technician && !boothOf_.contains(from))
        return {std::nullopt, "from: unknown console " + quoted(from)};
    if (std::string problem = messageContentProblem(quick, text); !problem.empty())
        return {std::nullopt, std::move(problem)};
    switch (to.kind) {
    case Kind::Boothmates:
        if (technician)
            return {std::nullopt, "to: the technician has no boothmates"};
        break;
    case Kind::Booth:
        if (std::none_of(boothOf_.begin(), boothOf_.end(),
                         [&](const auto& entry) { return entry.second == to.id; }))
            return {std::nullopt, "to: unknown booth " + quoted(to.id)};
        break;
    case Kind::Console:
        if (!boothOf_.contains(to.id))
            return {std::nullopt, "to: unknown console " + quoted(to.id)};
        if (to.id == from)
            return {std::nullopt, "to: a console's message to itself"};
        break;
    case Kind::Technician:
        if (technician)
            return {std::nullopt, "to: the technician's message to itself"};
        break;
    }
    auto& recent = recent_[std::string(from)];
    const auto steady = std::chrono::steady_clock::now();
    while (!recent.empty() && steady - recent.front() >= kWindow)
        recent.pop_front();
    if (recent.size() >= kMostPerWindow)
        return {std::nullopt, "from: more than " + std::to_string(kMostPerWindow) +
                                  " messages in " + std::to_string(kWindow.count()) +
                                  " s: wait a moment"};
    recent.push_back(steady);

    BoothMessage message{.number = next_++,
                         .from = std::string(from),
                         .to = to,
                         .quick = quick,
                         .text = std::string(text),
                         .sentAt = now};
    if (kept_.size() == kKept)
        kept_.pop_front();
    kept_.push_back(message);
    return {std::move(message), {}};
}

std::vector<BoothMessage> MessageBoard::since(std::uint64_t number) const {
    std::lock_guard lock(mutex_);
    const auto first = std::find_if(kept_.begin(), kept_.end(),
                                    [&](const BoothMessage& m) { return m.number > number; });
    return {first, kept_.end()};
}

std::uint64_t MessageBoard::latest() const {
    std::lock_guard lock(mutex_);
    return next_ - 1;
}

bool MessageBoard::reaches(const BoothMessage& message, std::string_view reader) const {
    using Kind = MessageRecipient::Kind;
    if (reader == message.from)
        return false;
    if (reader == kTechnician)
        return message.to.kind == Kind::Technician;
    std::lock_guard lock(mutex_);
    const auto booth = boothOf_.find(reader);
    if (booth == boothOf_.end())
        return false;
    switch (message.to.kind) {
    case Kind::Boothmates: {
        const auto sender = boothOf_.find(message.from);
        return sender != boothOf_.end() && sender->second == booth->second;
    }
    case Kind::Booth:
        return booth->second == message.to.id;
    case Kind::Console:
        return message.to.id == reader;
    case Kind::Technician:
        break;
    }
    return false;
}

std::string MessageBoard::boothOf(std::string_view console) const {
    std::lock_guard lock(mutex_);
    const auto it = boothOf_.find(console);
    return it == boothOf_.end() ? std::string{} : it->second;
}

} // namespace dragoman
