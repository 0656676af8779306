// A fixed delay of up to its capacity, in place on a signal, exact to the sample (a program
// feed's lip-sync delay). Changing the delay while audio runs crossfades from the old tap to
// the new over 10 ms instead of jumping (a jump clicks). The buffer is sized once, on a control
// thread; process() and takeHistoryFrom() never allocate.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>

namespace dragoman {

class DelayLine {
public:
    // Room for `maxFrames` of delay plus a block of up to `maxBlock` (control thread).
    void allocate(std::uint32_t maxFrames, std::uint32_t maxBlock, double sampleRate) {
        size_ = 1;
        while (size_ < maxFrames + maxBlock + 1)
            size_ <<= 1;
        buffer_ = std::make_unique<float[]>(size_);
        std::fill_n(buffer_.get(), size_, 0.0f);
        maxDelay_ = maxFrames;
        fadeFrames_ = std::max<std::uint32_t>(1, static_cast<std::uint32_t>(0.01 * sampleRate));
        write_ = 0;
    }

    // Sets the delay: at once before audio has run, else by a crossfade.
    void setDelay(std::uint32_t frames, bool crossfade) {
        frames = std::min(frames, maxDelay_);
        if (frames == delay_)
            return;
        if (crossfade) {
            oldDelay_ = delay_;
            fadeLeft_ = fadeFrames_;
        }
        delay_ = frames;
    }
    std::uint32_t delay() const { return delay_; }

    // The history of `from` (a delay line of the same size: the plan it replaces), so that
    // a session edit neither empties the line nor repeats it.
    void takeHistoryFrom(const DelayLine& from) {
        if (from.size_ != size_ || buffer_ == nullptr)
            return;
        std::copy_n(from.buffer_.get(), size_, buffer_.get());
        write_ = from.write_;
        oldDelay_ = from.oldDelay_;
        fadeLeft_ = from.fadeLeft_;
        const std::uint32_t wanted = delay_;
        delay_ = from.delay_;
        setDelay(wanted, true);
    }

    // Delays `buf` (frames <= the block it was allocated for) in place.
    void process(float* buf, std::uint32_t frames) {
        if (buffer_ == nullptr)
            return;
        const std::uint32_t mask = size_ - 1;
        for (std::uint32_t i = 0; i < frames; ++i)
            buffer_[(write_ + i) & mask] = buf[i];
        for (std::uint32_t i = 0; i < frames; ++i) {
            const std::uint32_t now = write_ + i;
            float out = buffer_[(now - delay_) & mask];
            if (fadeLeft_ > 0) {
                const float mix = static_cast<float>(fadeLeft_) / static_cast<float>(fadeFrames_);
                out = out * (1.0f - mix) + buffer_[(now - oldDelay_) & mask] * mix;
                --fadeLeft_;
            }
            buf[i] = out;
        }
        write_ = (write_ + frames) & mask;
    }

private:
    std::unique_ptr<float[]> buffer_;
    std::uint32_t size_ = 0;
    std::uint32_t maxDelay_ = 0;
    std::uint32_t write_ = 0;
    std::uint32_t delay_ = 0;
    std::uint32_t oldDelay_ = 0;
    std::uint32_t fadeLeft_ = 0;
    std::uint32_t fadeFrames_ = 1;
};

} // namespace dragoman
