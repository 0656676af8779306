// See RegularFile.h.
#include "RegularFile.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace dragoman {

namespace {

class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }

private:
    int fd_;
};

std::string bytes(std::size_t count) {
    if (count >= 1024 * 1024 && count % (1024 * 1024) == 0)
        return std::to_string(count / (1024 * 1024)) + " MiB";
    return std::to_string(count) + " bytes";
}

} // namespace

RegularFileText readRegularFile(const std::filesystem::path& file, std::size_t mostBytes) {
    RegularFileText result;
    const std::string name = file.string();
    // Non-blocking, so opening a FIFO with no writer returns at once (and is refused below).
    const FileDescriptor fd(::open(name.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    if (fd.get() < 0) {
        result.problem = "cannot read " + name + ": " + std::strerror(errno);
        return result;
    }
    struct stat status {};
    if (::fstat(fd.get(), &status) != 0 || !S_ISREG(status.st_mode)) {
        result.problem = name + " is not a regular file (a directory, a FIFO or a device)";
        return result;
    }
    if (static_cast<std::size_t>(status.st_size) > mostBytes) {
        result.problem = name + " is " + bytes(static_cast<std::size_t>(status.st_size)) +
                         ", more than the " + bytes(mostBytes) + " it may be";
        return result;
    }
    result.text.resize(static_cast<std::size_t>(status.st_size) + 1);
    std::size_t got = 0;
    // One byte more than the size said: a file that grows meanwhile is caught by the cap.
    while (got < result.text.size()) {
        const ssize_t n = ::read(fd.get(), result.text.data() + got, result.text.size() - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            result.problem = "cannot read " + name + ": " + std::strerror(errno);
            result.text.clear();
            return result;
        }
        if (n == 0)
            break;
        got += static_cast<std::size_t>(n);
        if (got == result.text.size() && got <= mostBytes)
            result.text.resize(std::min(mostBytes + 1, result.text.size() * 2));
    }
    if (got > mostBytes) {
        result.problem = name + " grew past the " + bytes(mostBytes) + " it may be";
        result.text.clear();
        return result;
    }
    result.text.resize(got);
    return result;
}

} // namespace dragoman
