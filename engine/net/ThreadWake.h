// Wakes a network thread from the audio thread: an eventfd (RAII) that the network thread
// waits on beside its socket (UdpSocket::wait), so a codec frame the audio thread has just
// completed is sent at once rather than at the network thread's next look.
//
// signal() is one non-blocking write of 8 bytes to a kernel counter: no lock, no allocation,
// no disk or network, never blocks (a counter that is already set simply adds). It is how
// audio servers' real-time threads wake their helpers (PipeWire's eventfd writes); a futex
// would do the same but cannot be waited on beside a socket.
#pragma once

namespace dragoman {

class ThreadWake {
public:
    // Throws std::runtime_error if the kernel gives no eventfd.
    ThreadWake();
    ~ThreadWake();
    ThreadWake(const ThreadWake&) = delete;
    ThreadWake& operator=(const ThreadWake&) = delete;

    // Any thread, the audio thread included.
    void signal() const noexcept;
    // The waiting thread: forget the signals so far (before it takes what they were for, so
    // a signal given while it takes is not lost).
    void clear() const noexcept;
    int fd() const { return fd_; }

private:
    int fd_ = -1;
};

} // namespace dragoman
