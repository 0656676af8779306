// Hardware keys on MIDI controllers (RtMidi): each controller of the session is found by a part
// of its port name, its notes and controls work console keys as the session maps them, and its
// lights follow the consoles (a mic key lights at 127 on air, 64 while waiting or while another
// booth holds the channel, 0 otherwise; other keys 127 when on or selected). Controllers that
// come and go are looked for again every two seconds. Unmapped messages are ignored.
// Control thread API; RtMidi's input threads only push raw messages into lock-free queues.
#pragma once

#include "Engine.h"
#include "SessionStatus.h"
#include "base/RealtimeQueue.h"
#include "control/HardwareKey.h"
#include "session/Session.h"

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class RtMidiIn;
class RtMidiOut;

namespace dragoman {

struct RawMidi {
    std::array<std::uint8_t, 3> bytes{};
    std::uint8_t size = 0;
};

// A controller found or lost, for the log.
struct MidiPortChange {
    enum class Kind { Found, Lost } kind = Kind::Found;
    std::string device;     // the session's name for it
    std::string keysPort;   // the input port opened or lost
    std::string lightsPort; // the output port opened ("" when it has none)
};

class MidiKeys {
public:
    explicit MidiKeys(const std::vector<MidiController>& controllers);
    ~MidiKeys();
    MidiKeys(const MidiKeys&) = delete;
    MidiKeys& operator=(const MidiKeys&) = delete;

    // Takes the session's controllers (after a reload); ports stay open where the device is
    // the same.
    void configure(const std::vector<MidiController>& controllers);
    bool empty() const { return controllers_.empty(); }
    // Opens what appeared, works the keys pressed since the last call, updates the lights.
    // Returns the controllers found or lost.
    std::vector<MidiPortChange> service(Engine& engine, const SessionStatus& status);

    // MIDI learn: the next note or control from `device` becomes `console`'s `key`. The
    // binding learnt comes back from takeLearnt().
    void learn(const std::string& device, const std::string& console, const std::string& key);
    std::optional<std::pair<std::size_t, MidiKey>> takeLearnt(); // controller index, key

private:
    struct Controller;
    void scanPorts(std::vector<MidiPortChange>& changes);
    void readKeys(std::size_t index, Engine& engine);
    static void sendLights(Controller& c, const Engine& engine, const SessionStatus& status);
    std::vector<std::unique_ptr<Controller>> controllers_;
    std::chrono::steady_clock::time_point lastScan_{};
    std::optional<std::pair<std::string, MidiKey>> learning_; // device, key to learn
    std::optional<std::pair<std::size_t, MidiKey>> learnt_;
};

} // namespace dragoman
