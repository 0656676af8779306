// What takes each rendered block on the audio thread, right after Engine::process, with the
// same buffers: the recorder and the streams. capture() must not allocate, lock or make a
// system call.
#pragma once

#include "graph/Renderer.h"

namespace dragoman {

class RenderedBlockSink {
public:
    virtual void capture(const AudioBuffers& io) noexcept = 0;

protected:
    ~RenderedBlockSink() = default;
};

} // namespace dragoman
