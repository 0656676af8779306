// See EnginePoll.h.
#include "EnginePoll.h"

namespace dragoman::plugin {

EnginePoll* EnginePoll::start(std::function<void()> poll) {
    auto* created = new EnginePoll(std::move(poll));
    created->startTimerHz(30);
    return created;
}

void EnginePoll::timerCallback() {
    const std::lock_guard guard(mutex_);
    if (poll_)
        poll_();
}

void EnginePoll::detachAndDelete() {
    {
        const std::lock_guard guard(mutex_);
        poll_ = nullptr;
    }
    stopTimer();
    auto* messages = juce::MessageManager::getInstanceWithoutCreating();
    if (messages == nullptr || messages->isThisTheMessageThread() ||
        !juce::MessageManager::callAsync([this] { delete this; }))
        delete this;
}

} // namespace dragoman::plugin
