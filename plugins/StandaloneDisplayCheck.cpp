// The standalone app without a display: JUCE's X11 code would crash it silently, so before
// anything starts it says why and exits 1 (the headless `dragoman run` needs no display).
// Linked into the standalone app only. libX11 is opened the way JUCE itself opens it (at run
// time), so the app links nothing more.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>
#include <thread>

namespace {

bool displayReachable() {
    const char* display = std::getenv("DISPLAY");
    if (display == nullptr || *display == '\0')
        return false;
    void* x11 = dlopen("libX11.so.6", RTLD_LAZY | RTLD_LOCAL);
    if (x11 == nullptr)
        return false;
    using Open = void* (*)(const char*);
    using Close = int (*)(void*);
    const auto open = reinterpret_cast<Open>(dlsym(x11, "XOpenDisplay"));
    const auto close = reinterpret_cast<Close>(dlsym(x11, "XCloseDisplay"));
    // An X server refuses connections for a moment while it resets (Xvfb does so each time its
    // last client leaves), so a refusal is tried again before the app gives up.
    void* connection = nullptr;
    for (int attempt = 0; open != nullptr && connection == nullptr && attempt < 5; ++attempt) {
        if (attempt > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        connection = open(display);
    }
    if (connection != nullptr && close != nullptr)
        close(connection);
    dlclose(x11);
    return connection != nullptr;
}

const bool kDisplayChecked = [] {
    if (!displayReachable()) {
        const char* display = std::getenv("DISPLAY");
        std::fprintf(stderr,
                     "Dragoman: no display (%s): the app needs a graphical session; "
                     "`dragoman run` runs a session without one\n",
                     display == nullptr || *display == '\0' ? "DISPLAY is not set"
                                                            : "cannot open DISPLAY");
        std::exit(1);
    }
    return true;
}();

} // namespace
