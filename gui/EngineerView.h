// The engineer's view of a running session: the routing at a glance (floor, booths,
// consoles, channels, who is on air where and what each console hears), meters for the floor,
// every mic, headphone feed and channel, signals raised by interpreters, refused keys, the
// floor-language switch, each remote console's network path (joined from where, round
// trip, delay each way, loss), how many listen to each channel on the web, and whether the
// floor comes from the meeting; each interpreter's ears (the last minute in dB SPL, the day's
// dose, the headset's calibration, settable here); and the messages between booths and the
// technician, with the technician's own. Message thread only.
#pragma once

#include "DeskControl.h"
#include "HeadsetCalibration.h"
#include "MessageStrip.h"

#include <juce_gui_basics/juce_gui_basics.h>
#include <memory>
#include <vector>

namespace dragoman::gui {

class EngineerView : public juce::Component {
public:
    explicit EngineerView(DeskControl& desk);

    // Reads the desk's state; call after each status update.
    void refresh();

    void paint(juce::Graphics& g) override;
    void resized() override;

    // What a channel's row says of its program feed's loudness ("PROGRAM  M -23.4 ..."), or
    // "" without one; and whether its short-term loudness is more than 2 LU off its target.
    juce::String programCaption(const std::string& channel, bool& offTarget) const;
    // What a channel's row (or the floor's, for "floor") says of its web listeners: "3 web
    // listeners", or "" while none are counted (no web listeners, Janus not asked yet).
    juce::String webListenersCaption(const std::string& signal) const;
    // What the floor's row says of the meeting when the floor comes from one: "meeting:
    // 40 ms buffer, 0 lost", or what the floor is while the meeting is not heard; "" without
    // a meeting.
    juce::String meetingCaption() const;
    MessageStrip& messages() { return *messages_; }
    HeadsetCalibration& headsetCalibration() { return calibration_; }
    // What a console's row says of its ears: "74 dB SPL · dose 3 % · 94 dB at -12 dBFS", with
    // "HELD AT 94 dB" while an overload holds it there; "" before hearing protection reported.
    juce::String hearingCaption(const std::string& console) const;

private:
    void paintMeter(juce::Graphics& g, juce::Rectangle<int> area, const PortId& port) const;
    void paintHeader(juce::Graphics& g) const;
    int paintFloor(juce::Graphics& g, int y, int channelsX) const;
    int paintBooths(juce::Graphics& g, int y, int channelsX) const;
    int paintChannels(juce::Graphics& g, int channelsX) const;
    void paintRefusals(juce::Graphics& g, int y) const;

    DeskControl& desk_;
    std::vector<std::unique_ptr<juce::TextButton>> floorButtons_;
    std::unique_ptr<MessageStrip> messages_;
    HeadsetCalibration calibration_{desk_};
    std::map<PortId, float> rmsDb_, peakDb_; // by port, with slow fall-back
    // Inputs that delivered non-finite samples: refreshes left to show it (about 3 s).
    std::map<PortId, int> badSamplesShown_;
    static constexpr int kBadSamplesRefreshes = 100;
};

} // namespace dragoman::gui
