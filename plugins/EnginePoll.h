// The processor's poll of its engine (events, meters, remote paths) on the message thread, 30
// times a second, made safe against hosts that create, prepare and destroy plugins from their
// own threads: the poll and its lock outlive the processor, a processor detaches it before it
// goes (waiting for a poll under way), and the timer is deleted on the message thread, where
// JUCE may still hold a callback for it.
#pragma once

#include <functional>
#include <juce_events/juce_events.h>
#include <mutex>

namespace dragoman::plugin {

class EnginePoll : private juce::Timer {
public:
    // Starts polling with `poll`, which runs under lock().
    static EnginePoll* start(std::function<void()> poll);

    // Any thread: the lock every poll runs under, for work that must not overlap one.
    std::recursive_mutex& lock() { return mutex_; }

    // Any thread: no poll runs once this returns; the object deletes itself on the message
    // thread (at once, if that is this thread or there is none).
    void detachAndDelete();

private:
    explicit EnginePoll(std::function<void()> poll) : poll_(std::move(poll)) {}
    void timerCallback() override;

    std::recursive_mutex mutex_; // recursive: a host may call back into the processor from a poll
    std::function<void()> poll_; // empty once detached
};

} // namespace dragoman::plugin
