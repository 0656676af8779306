// See ThreadWake.h.
#include "net/ThreadWake.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <sys/eventfd.h>
#include <unistd.h>

namespace dragoman {

ThreadWake::ThreadWake() : fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (fd_ < 0)
        throw std::runtime_error(
            std::string("cannot make an eventfd to wake the network thread: ") +
            std::strerror(errno));
}

ThreadWake::~ThreadWake() {
    close(fd_);
}

void ThreadWake::signal() const noexcept {
    const std::uint64_t one = 1;
    // The only failure of a non-blocking eventfd write is a counter at its maximum, which
    // means the thread is already woken many times over.
    [[maybe_unused]] const ssize_t written = write(fd_, &one, sizeof one);
}

void ThreadWake::clear() const noexcept {
    std::uint64_t count = 0;
    [[maybe_unused]] const ssize_t read = ::read(fd_, &count, sizeof count);
}

} // namespace dragoman
