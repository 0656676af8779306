// See EngineerView.h.
#include "EngineerView.h"

#include "DeskLookAndFeel.h"
#include "dsp/Decibels.h"

#include <algorithm>
#include <cmath>

namespace dragoman::gui {
namespace {

constexpr int kHeader = 64;
constexpr int kRow = 30;
constexpr int kRemoteLine = 18;

// "remote  joined from 203.0.113.9:40112   round trip 31.2 ms   to console 27.4 ms   from
// console 25.1 ms   loss 0.4 / 1.2 %", or that it waits for the console to join.
juce::String remoteLine(const RemotePathStats& p) {
    if (!p.joined)
        return "remote  waiting for the console to join" +
               (p.forged > 0 ? "   " + juce::String(static_cast<juce::int64>(p.forged)) +
                                   " forged packets refused"
                             : juce::String());
    return "remote  joined from " + juce::String(p.peer) + "   round trip " +
           juce::String(p.roundTripMs, 1) + " ms   to console " + juce::String(p.toConsoleMs, 1) +
           " ms   from console " + juce::String(p.fromConsoleMs, 1) + " ms   loss " +
           juce::String(p.lossToConsolePercent, 1) + " / " +
           juce::String(p.lossFromConsolePercent, 1) + " %";
}

// "FLOOR", "+ direct", "- relay", "- relay of relay", "silent".
juce::String qualityText(RelayQuality quality) {
    if (quality == RelayQuality::Floor || quality == RelayQuality::Silent)
        return quality == RelayQuality::Floor ? "FLOOR" : "silent";
    return juce::String(relayQualityMark(quality)) + " " + relayQualityName(quality);
}

void chip(juce::Graphics& g, juce::Rectangle<int> area, const juce::String& text, juce::Colour fill,
          juce::Colour ink) {
    g.setColour(fill);
    g.fillRoundedRectangle(area.toFloat(), 4.0f);
    g.setColour(ink);
    g.drawText(text, area, juce::Justification::centred);
}

} // namespace

EngineerView::EngineerView(DeskControl& desk) : desk_(desk) {
    for (const LanguageChannel& channel : desk_.session().channels) {
        auto button = std::make_unique<juce::TextButton>(juce::String(channel.id).toUpperCase());
        button->setTooltip("The floor now speaks " + juce::String::fromUTF8(channel.name.c_str()));
        button->onClick = [this, id = channel.id] { desk_.setFloorLanguage(id); };
        addAndMakeVisible(*button);
        floorButtons_.push_back(std::move(button));
    }
    // The technician's messages: to a booth or one console; a quick one takes the typed text
    // as its detail ("next speaker" + "in French").
    using Kind = MessageRecipient::Kind;
    std::vector<RecipientChoice> recipients;
    for (const Booth& booth : desk_.session().booths)
        recipients.push_back({"BOOTH " + juce::String(booth.id), {Kind::Booth, booth.id}});
    for (const Booth& booth : desk_.session().booths)
        for (const Console& console : booth.consoles)
            recipients.push_back(
                {"CONSOLE " + juce::String(console.id), {Kind::Console, console.id}});
    messages_ = std::make_unique<MessageStrip>(
        desk_, std::string(kTechnician),
        std::vector<QuickButton>{{QuickMessage::NextSpeaker, std::nullopt, "NEXT SPEAKER"},
                                 {QuickMessage::FloorSoundBad, std::nullopt, "FLOOR SOUND BAD"}},
        std::move(recipients), 4);
    addAndMakeVisible(*messages_);
    addAndMakeVisible(calibration_);
    refresh();
}

juce::String EngineerView::hearingCaption(const std::string& console) const {
    const Session& session = desk_.session();
    double calibration = session.limiter.headset94Dbfs;
    for (const Booth& booth : session.booths)
        for (const Console& c : booth.consoles)
            if (c.id == console)
                calibration = c.headset94Dbfs.value_or(calibration);
    for (const HearingReading& h : desk_.meters().hearing)
        if (h.console == console) {
            // The minute's level is known after its first second.
            juce::String text = h.sustainedTier ? juce::String("HELD AT 94 dB")
                                : h.minuteDbSpl <= 0.0
                                    ? juce::String("-- dB SPL")
                                    : juce::String(juce::roundToInt(h.minuteDbSpl)) + " dB SPL";
            return text + juce::String::fromUTF8(" \u00b7 dose ") +
                   juce::String(h.dose * 100.0, h.dose < 0.1 ? 1 : 0) +
                   juce::String::fromUTF8(" % \u00b7 94 dB at ") + juce::String(calibration, 1) +
                   " dBFS";
        }
    return {};
}

void EngineerView::refresh() {
    auto fold = [this](const std::vector<MeterReading>& readings) {
        for (const MeterReading& m : readings) {
            float& rms = rmsDb_.try_emplace(m.what, kSilenceDb).first->second;
            float& peak = peakDb_.try_emplace(m.what, kSilenceDb).first->second;
            rms = std::max(gainToDb(m.level.rms), rms - 0.7f);
            peak = std::max(gainToDb(m.level.peak), peak - 0.7f);
            // An input that delivered NaN or infinite samples is flagged for a few seconds.
            if (m.nonFiniteSamples > 0)
                badSamplesShown_[m.what] = kBadSamplesRefreshes;
            else if (auto it = badSamplesShown_.find(m.what); it != badSamplesShown_.end())
                it->second = it->second > 0 ? it->second - 1 : 0;
        }
    };
    fold(desk_.meters().inputs);
    fold(desk_.meters().outputs);
    const std::string& floor = desk_.status().floorLanguage();
    for (std::size_t i = 0; i < floorButtons_.size(); ++i) {
        const bool chosen = desk_.session().channels[i].id == floor;
        floorButtons_[i]->setColour(juce::TextButton::buttonOnColourId, DeskColours::floorTone);
        floorButtons_[i]->setToggleState(chosen, juce::dontSendNotification);
    }
    messages_->refresh();
    repaint();
}

void EngineerView::resized() {
    auto row = juce::Rectangle<int>(getWidth() - 16 - static_cast<int>(floorButtons_.size()) * 64,
                                    14, static_cast<int>(floorButtons_.size()) * 64, 36);
    for (auto& button : floorButtons_)
        button->setBounds(row.removeFromLeft(64).reduced(3, 0));
    // Bottom right, under the channels.
    const int channelsX = getWidth() * 62 / 100;
    messages_->setBounds(channelsX, getHeight() - 160, getWidth() - channelsX - 16, 150);
    calibration_.setBounds(16, getHeight() - 56, channelsX - 32, 48);
}

void EngineerView::paint(juce::Graphics& g) {
    g.fillAll(DeskColours::background);
    paintHeader(g);
    const int channelsX = getWidth() * 62 / 100;
    int y = kHeader + 8;
    y = paintFloor(g, y, channelsX);
    y = paintBooths(g, y, channelsX);
    const int channelsEnd = paintChannels(g, channelsX);
    paintRefusals(g, std::max(y, channelsEnd) + 8);
}

// A level bar: RMS filled, peak as a tick; covered by a warning while the input delivers
// NaN or infinite samples.
void EngineerView::paintMeter(juce::Graphics& g, juce::Rectangle<int> area,
                              const PortId& port) const {
    using namespace DeskColours;
    const float rms = rmsDb_.count(port) ? rmsDb_.at(port) : kSilenceDb;
    const float peak = peakDb_.count(port) ? peakDb_.at(port) : kSilenceDb;
    auto position = [&area](float db) {
        return static_cast<int>(static_cast<float>(area.getWidth()) *
                                std::clamp((db + 60.0f) / 60.0f, 0.0f, 1.0f));
    };
    g.setColour(panelEdge);
    g.fillRect(area);
    g.setGradientFill(juce::ColourGradient::horizontal(
        meterLow, static_cast<float>(area.getX()), meterHigh, static_cast<float>(area.getRight())));
    g.fillRect(area.withWidth(position(rms)));
    g.setColour(text);
    g.fillRect(area.getX() + position(peak) - 1, area.getY(), 2, area.getHeight());
    if (const auto bad = badSamplesShown_.find(port);
        bad != badSamplesShown_.end() && bad->second > 0) {
        g.setColour(waiting);
        g.fillRect(area);
        g.setColour(juce::Colours::black);
        g.setFont(juce::Font(9.0f, juce::Font::bold));
        g.drawText("NaN/INF INPUT", area, juce::Justification::centred);
    }
}

// The event's name, the plan and rules in force, and the floor-language switch (its buttons
// laid out in resized()).
void EngineerView::paintHeader(juce::Graphics& g) const {
    using namespace DeskColours;
    const Session& session = desk_.session();
    const SessionStatus& status = desk_.status();
    g.setColour(text);
    g.setFont(juce::Font(22.0f, juce::Font::bold));
    g.drawText(juce::String::fromUTF8(session.name.c_str()), 16, 10, getWidth() / 2, 28,
               juce::Justification::centredLeft);
    g.setFont(juce::Font(14.0f));
    g.setColour(dimText);
    g.drawText(
        "plan " + juce::String(static_cast<juce::int64>(status.planGeneration())) +
            "   limiter ceiling " + juce::String(session.limiter.ceilingDbfs, 1) +
            " dBFS   channel interlock: " +
            (session.channelInterlock == InterlockMode::Interlock ? "interlock" : "override"),
        16, 38, getWidth() / 2, 18, juce::Justification::centredLeft);
    g.drawText("FLOOR LANGUAGE",
               getWidth() - 16 - static_cast<int>(floorButtons_.size()) * 64 - 140, 14, 130, 36,
               juce::Justification::centredRight);
}

int EngineerView::paintFloor(juce::Graphics& g, int y, int channelsX) const {
    using namespace DeskColours;
    g.setColour(floorTone);
    g.setFont(juce::Font(16.0f, juce::Font::bold));
    g.drawText("FLOOR  " + juce::String(desk_.status().floorLanguage()).toUpperCase(), 16, y, 200,
               kRow, juce::Justification::centredLeft);
    paintMeter(g, {230, y + 10, 200, 10}, {PortId::Kind::Floor, "1"});
    if (const juce::String web = webListenersCaption("floor"); web.isNotEmpty()) {
        g.setColour(dimText);
        g.setFont(juce::Font(13.0f));
        g.drawText(web, 440, y, 200, kRow, juce::Justification::centredLeft);
    }
    // What is wrong with the floor's sound, in amber, beside its meter.
    if (const std::string warning = desk_.floorWarning(); !warning.empty()) {
        g.setColour(waiting);
        g.setFont(juce::Font(13.0f, juce::Font::bold));
        g.drawText("floor sound: " + juce::String::fromUTF8(warning.c_str()), 16, y + kRow + 8,
                   channelsX - 32, 18, juce::Justification::centredLeft, true);
        y += 20;
    }
    // The floor from the meeting: a line of its own under the floor's, amber while not heard.
    if (const juce::String meeting = meetingCaption(); meeting.isNotEmpty()) {
        const auto stats = desk_.meetingFloor();
        g.setColour(stats && stats->hearing ? dimText : waiting);
        g.setFont(juce::Font(13.0f));
        g.drawText(meeting, 16, y + kRow - 6, channelsX - 32, 18, juce::Justification::centredLeft);
        y += 14;
    }
    return y + kRow + 10;
}

// Booths and their consoles; a remote console has a line more for its network path, and
// remote booths that cannot be hosted say why below them.
int EngineerView::paintBooths(juce::Graphics& g, int y, int channelsX) const {
    using namespace DeskColours;
    const Session& session = desk_.session();
    const SessionStatus& status = desk_.status();
    const std::vector<RemotePathStats> paths = desk_.remotePaths();
    auto pathOf = [&paths](const std::string& console) -> const RemotePathStats* {
        for (const RemotePathStats& p : paths)
            if (p.console == console)
                return &p;
        return nullptr;
    };
    for (const Booth& booth : session.booths) {
        g.setColour(panel);
        int height = 30 + static_cast<int>(booth.consoles.size()) * kRow + 8;
        for (const Console& console : booth.consoles)
            height += (pathOf(console.id) != nullptr ? kRemoteLine : 0) +
                      (hearingCaption(console.id).isEmpty() ? 0 : 6);
        g.fillRoundedRectangle(juce::Rectangle<int>(10, y, channelsX - 20, height).toFloat(), 6.0f);
        g.setColour(text);
        g.setFont(juce::Font(16.0f, juce::Font::bold));
        juce::String outputs;
        for (std::size_t slot = 0; slot < booth.outputs.size(); ++slot)
            outputs << juce::String::charToString(static_cast<juce::juce_wchar>('A' + slot)) << " "
                    << juce::String(booth.outputs[slot]) << "  ";
        g.drawText("Booth " + juce::String(booth.id), 20, y + 4, 200, 22,
                   juce::Justification::centredLeft);
        g.setFont(juce::Font(14.0f));
        g.setColour(dimText);
        g.drawText(outputs + "  relay " + (booth.relay ? juce::String(*booth.relay) : "-") + "   " +
                       (booth.interlock == InterlockMode::Interlock ? "interlock" : "override"),
                   200, y + 4, channelsX - 240, 22, juce::Justification::centredLeft);
        int rowY = y + 30;
        for (const Console& console : booth.consoles) {
            const ConsoleStatus* c = status.console(console.id);
            const ConsoleState state = c != nullptr ? c->state : ConsoleState{};
            g.setColour(text);
            g.setFont(juce::Font(15.0f));
            g.drawText(juce::String(console.id), 28, rowY, 100, kRow - 4,
                       juce::Justification::centredLeft);
            const auto stateArea = juce::Rectangle<int>(130, rowY + 3, 120, kRow - 10);
            if (state.talkback) // speaking to the technician (muted on the channel)
                chip(g, stateArea, "TALKBACK", selected, juce::Colours::white);
            else if (state.micOn && state.coughing)
                chip(g, stateArea, "COUGH " + juce::String(c->outgoing), waiting,
                     juce::Colours::black);
            else if (state.micOn && state.handoverRequested)
                chip(g, stateArea, "ASKS RELIEF " + juce::String(c->outgoing).toUpperCase(),
                     waiting, juce::Colours::black);
            else if (state.micOn)
                chip(g, stateArea, "ON AIR " + juce::String(c->outgoing).toUpperCase(), onAir,
                     juce::Colours::white);
            else if (state.waiting)
                chip(g, stateArea, "WAITING", waiting, juce::Colours::black);
            else if (state.away)
                chip(g, stateArea, "AWAY", panelEdge, waiting);
            else
                chip(g, stateArea, "ready", panelEdge, dimText);
            g.setColour(dimText);
            g.drawText("hears " + (c == nullptr || c->hearing.empty() ? juce::String("floor")
                                                                      : juce::String(c->hearing)),
                       260, rowY, 90, kRow - 4, juce::Justification::centredLeft);
            const int meterX = channelsX - 20 - 230;
            int signalX = 350;
            if (state.slowDown) {
                chip(g, {signalX, rowY + 3, 86, kRow - 10}, "SLOW DOWN", signal,
                     juce::Colours::black);
                signalX += 90;
            }
            if (state.help && signalX + 46 < meterX - 20) {
                chip(g, {signalX, rowY + 3, 46, kRow - 10}, "HELP", signal, juce::Colours::black);
                signalX += 50;
            }
            // The shift timer of the booth's turn holder: amber in its last minute, red past.
            if (c != nullptr && c->shift.holdsTurn && signalX + 60 <= meterX - 8) {
                const ShiftTime& shift = c->shift;
                const int s = static_cast<int>(shift.turnSeconds);
                g.setColour(!shift.endingSoon()                           ? dimText
                            : shift.turnSeconds < shift.turnLengthSeconds ? waiting
                                                                          : onAir);
                g.setFont(juce::Font(12.0f));
                g.drawText(juce::String::formatted("turn %d:%02d", s / 60, s % 60), signalX + 2,
                           rowY, 58, kRow - 4, juce::Justification::centredLeft);
            }
            g.setFont(juce::Font(11.0f));
            g.setColour(dimText);
            g.drawText("mic", meterX - 10, rowY, 36, 12, juce::Justification::centredRight);
            g.drawText("phones", meterX - 10, rowY + 12, 36, 12, juce::Justification::centredRight);
            paintMeter(g, {meterX + 30, rowY + 2, 180, 8}, {PortId::Kind::Mic, console.id});
            paintMeter(g, {meterX + 30, rowY + 14, 180, 8}, {PortId::Kind::Phones, console.id});
            rowY += kRow;
            // The ears: under the row, where the remote path would go otherwise.
            if (const juce::String ears = hearingCaption(console.id); ears.isNotEmpty()) {
                const bool held = ears.startsWith("HELD");
                g.setFont(juce::Font(11.5f, held ? juce::Font::bold : juce::Font::plain));
                g.setColour(held ? onAir : dimText);
                g.drawText("ears " + ears, 46, rowY - 8, channelsX - 80, 12,
                           juce::Justification::centredLeft);
                rowY += 6;
            }
            if (const RemotePathStats* path = pathOf(console.id)) {
                g.setFont(juce::Font(12.5f));
                g.setColour(path->joined ? text : dimText);
                g.drawText(remoteLine(*path), 46, rowY - 4, channelsX - 80, kRemoteLine,
                           juce::Justification::centredLeft);
                rowY += kRemoteLine;
            }
        }
        y += height + 8;
    }

    // Remote booths the session has and the audio cannot host; the latest comings and goings.
    g.setFont(juce::Font(13.0f));
    if (const std::string problem = desk_.remoteProblem(); !problem.empty()) {
        g.setColour(waiting);
        g.drawText(juce::String(problem), 16, y, channelsX - 32, 18,
                   juce::Justification::centredLeft);
        y += 22;
    }
    if (const std::string problem = desk_.webListenerProblem(); !problem.empty()) {
        g.setColour(waiting);
        g.drawText(juce::String(problem), 16, y, channelsX - 32, 18,
                   juce::Justification::centredLeft);
        y += 22;
    }
    g.setColour(dimText);
    auto latest = [&](const std::vector<std::string>& notes, const juce::String& prefix) {
        for (std::size_t i = notes.size() > 3 ? notes.size() - 3 : 0; i < notes.size(); ++i) {
            g.drawText(prefix + juce::String::fromUTF8(notes[i].c_str()), 16, y, channelsX - 32, 18,
                       juce::Justification::centredLeft);
            y += 18;
        }
    };
    latest(desk_.remoteNotes(), "remote  ");
    latest(desk_.webListenerNotes(), "web  ");
    latest(desk_.meetingNotes(), "meeting  ");
    return y;
}

// Channels: who carries each, how far from the original, and its level. Returns where they end.
int EngineerView::paintChannels(juce::Graphics& g, int channelsX) const {
    using namespace DeskColours;
    const Session& session = desk_.session();
    const SessionStatus& status = desk_.status();
    int cy = kHeader + 8;
    g.setColour(dimText);
    g.setFont(juce::Font(14.0f));
    g.drawText("LANGUAGE CHANNELS", channelsX, cy, 300, kRow, juce::Justification::centredLeft);
    cy += kRow;
    for (const LanguageChannel& channel : session.channels) {
        const ChannelStatus* c = status.channel(channel.id);
        // Its program feed's loudness, on a line under its meter (what a broadcaster's meter
        // says), which makes the row taller.
        bool offTarget = false;
        const juce::String program = programCaption(channel.id, offTarget);
        const int rowHeight = program.isEmpty() ? 56 : 74;
        g.setColour(panel);
        g.fillRoundedRectangle(
            juce::Rectangle<int>(channelsX, cy, getWidth() - channelsX - 12, rowHeight).toFloat(),
            6.0f);
        g.setColour(text);
        g.setFont(juce::Font(17.0f, juce::Font::bold));
        g.drawText(juce::String(channel.id).toUpperCase() + "  " +
                       juce::String::fromUTF8(channel.name.c_str()),
                   channelsX + 10, cy + 4, 200, 24, juce::Justification::centredLeft);
        const bool interpreted = c != nullptr && !c->interpreter.empty();
        chip(g, {channelsX + 210, cy + 6, 150, 20},
             interpreted ? juce::String(c->interpreter) + "  " + qualityText(c->quality)
                         : qualityText(c != nullptr ? c->quality : RelayQuality::Silent),
             interpreted
                 ? onAir
                 : (c != nullptr && c->quality == RelayQuality::Floor ? floorTone : panelEdge),
             juce::Colours::white);
        // Its web listeners right of its meter, which makes room for them.
        const juce::String web = webListenersCaption(channel.id);
        const int webWidth = web.isEmpty() ? 0 : 116;
        if (web.isNotEmpty()) {
            g.setColour(dimText);
            g.setFont(juce::Font(12.5f));
            g.drawText(web, getWidth() - 28 - webWidth, cy + 30, webWidth, 22,
                       juce::Justification::centredRight);
        }
        paintMeter(g, {channelsX + 10, cy + 36, getWidth() - channelsX - 40 - webWidth, 10},
                   {PortId::Kind::Channel, channel.id});
        if (program.isNotEmpty()) {
            g.setColour(offTarget ? waiting : dimText); // amber: off its target now
            g.setFont(juce::Font(12.5f));
            g.drawText(program, channelsX + 10, cy + 50, getWidth() - channelsX - 40, 20,
                       juce::Justification::centredLeft);
        }
        cy += rowHeight + 8;
    }
    return cy;
}

juce::String EngineerView::programCaption(const std::string& channel, bool& offTarget) const {
    const auto& programs = desk_.status().programs();
    const auto it = std::find_if(programs.begin(), programs.end(),
                                 [&](const ProgramReading& p) { return p.channel == channel; });
    if (it == programs.end())
        return {};
    const auto level = [](double value) {
        return std::isfinite(value) ? juce::String(value, 1) : juce::String("--");
    };
    juce::String text = "PROGRAM  M " + level(it->momentaryLufs) + "  S " +
                        level(it->shortTermLufs) + "  I " + level(it->integratedLufs) +
                        " LUFS   TP " + level(it->truePeakDbtp) + " dBTP";
    if (it->targetLufs) {
        text += "   gain " + juce::String(it->gainDb, 1) + " dB   target " +
                juce::String(*it->targetLufs, 0) + " LUFS";
        // Now, not since the start: the integrated value keeps an early miss all day.
        offTarget = std::isfinite(it->shortTermLufs) &&
                    std::fabs(it->shortTermLufs - *it->targetLufs) > 2.0;
    }
    return text;
}

juce::String EngineerView::meetingCaption() const {
    if (const std::string problem = desk_.meetingProblem(); !problem.empty())
        return juce::String::fromUTF8(problem.c_str());
    const auto stats = desk_.meetingFloor();
    if (!stats)
        return {};
    if (!stats->hearing) {
        const bool device =
            desk_.session().meeting && desk_.session().meeting->fallback == MeetingFallback::Device;
        return juce::String("meeting not heard: the floor is ") +
               (device ? "the device's floor" : "silence");
    }
    return "meeting: " + juce::String(juce::roundToInt(stats->bufferMs)) + " ms buffer, " +
           juce::String(static_cast<juce::int64>(stats->lost)) + " lost";
}

juce::String EngineerView::webListenersCaption(const std::string& signal) const {
    const std::map<std::string, int> counts = desk_.webListeners();
    const auto found = counts.find(signal);
    if (found == counts.end())
        return {};
    return juce::String(found->second) + (found->second == 1 ? " web listener" : " web listeners");
}

// Recent refusals: keys the rules did not allow, and why.
void EngineerView::paintRefusals(juce::Graphics& g, int ry) const {
    using namespace DeskColours;
    const auto& refusals = desk_.status().refusals();
    g.setFont(juce::Font(13.0f));
    if (!refusals.empty()) {
        g.setColour(dimText);
        g.drawText("REFUSED KEYS", 16, ry, 300, 18, juce::Justification::centredLeft);
        ry += 18;
        for (std::size_t i = refusals.size() > 3 ? refusals.size() - 3 : 0; i < refusals.size();
             ++i) {
            const Refusal& r = refusals[i];
            g.setColour(waiting);
            g.drawText(juce::String(r.console) + " " + juce::String(std::string(keyName(r.key))) +
                           ": " +
                           (r.reason == RefusalReason::ChannelBusy
                                ? "channel busy, held by " + juce::String(r.holder)
                                : juce::String(refusalReasonName(r.reason))),
                       16, ry, getWidth() - 32, 18, juce::Justification::centredLeft);
            ry += 18;
        }
    }
}

} // namespace dragoman::gui
