// See DeviceBridge.h.
#include "DeviceBridge.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <new>
#include <stdexcept>
#include <string>
#include <sys/mman.h>
#include <unistd.h>

namespace dragoman {
namespace {

[[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error("device bridge: " + what + ": " + std::strerror(errno));
}

DeviceBridge* map(int fd) {
    void* memory = mmap(nullptr, sizeof(DeviceBridge), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (memory == MAP_FAILED)
        fail("cannot map shared memory");
    return static_cast<DeviceBridge*>(memory);
}

} // namespace

timespec semaphoreDeadline(double seconds) {
    timespec t{};
    clock_gettime(CLOCK_REALTIME, &t);
    const long nanos = t.tv_nsec + static_cast<long>(seconds * 1e9);
    t.tv_sec += nanos / 1000000000L;
    t.tv_nsec = nanos % 1000000000L;
    return t;
}

SharedDeviceBridge::SharedDeviceBridge() {
    // A named object only for the instant it takes to open it: the name goes at once, and the
    // descriptor is what the host inherits.
    const std::string name = "/dragoman-bridge-" + std::to_string(getpid());
    fd_ = shm_open(name.c_str(), O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd_ < 0)
        fail("cannot create shared memory " + name);
    shm_unlink(name.c_str());
    if (ftruncate(fd_, sizeof(DeviceBridge)) != 0) {
        close(fd_);
        fail("cannot size shared memory");
    }
    // The host is started with exec: the descriptor must survive it.
    fcntl(fd_, F_SETFD, fcntl(fd_, F_GETFD) & ~FD_CLOEXEC);
    bridge_ = new (map(fd_)) DeviceBridge;
    sem_init(&bridge_->request, 1, 0);
    sem_init(&bridge_->reply, 1, 0);
}

SharedDeviceBridge::SharedDeviceBridge(int inheritedFd) : fd_(inheritedFd) {
    bridge_ = map(fd_);
}

SharedDeviceBridge::~SharedDeviceBridge() {
    munmap(bridge_, sizeof(DeviceBridge));
    close(fd_);
}

void SharedDeviceBridge::reset() {
    sem_destroy(&bridge_->request);
    sem_destroy(&bridge_->reply);
    sem_init(&bridge_->request, 1, 0);
    sem_init(&bridge_->reply, 1, 0);
    bridge_->requestSeq = 0;
    bridge_->replySeq = 0;
    for (DeviceBridge::Slot& slot : bridge_->slots) {
        slot.state = DeviceBridge::SlotState::Free;
        slot.seq = 0;
        slot.frames = 0;
    }
    bridge_->hostSlot = 0;
    bridge_->xruns = 0;
    bridge_->lateBlocks = 0;
    bridge_->error[0] = '\0';
    bridge_->phase = DeviceHostPhase::Starting;
}

} // namespace dragoman
