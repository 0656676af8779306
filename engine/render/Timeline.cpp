// See Timeline.h.
#include "Timeline.h"

#include "Engine.h"

#include <cstdio>

namespace dragoman {

std::string Timeline::stamp(std::uint64_t frame) const {
    char text[32];
    std::snprintf(text, sizeof text, "%8.3f  ", static_cast<double>(frame) / sampleRate_);
    return text;
}

void Timeline::note(std::uint64_t frame, const std::string& text) {
    lines_.push_back(stamp(frame) + text);
}

std::string describeEvent(const Engine& engine, const EngineEvent& event) {
    if (const auto* e = std::get_if<ConsoleStateChanged>(&event)) {
        const ConsoleState& s = e->state;
        std::string text = "console " + engine.consoleId(e->console) + ": ";
        if (s.micOn)
            text += std::string(s.coughing ? "COUGH (muted) on " : "ON AIR on ") +
                    engine.languageId(s.outgoing);
        else
            text += std::string(!s.waiting                            ? "mic off"
                                : s.waitingFor == WaitReason::Channel ? "waiting for the channel"
                                                                      : "waiting for handover") +
                    " (outgoing " + engine.languageId(s.outgoing) + ")";
        text += ", hears " + (s.hearing.valid() ? engine.languageId(s.hearing) : "floor");
        if (s.slowDown)
            text += ", SLOW DOWN";
        if (s.help)
            text += ", HELP";
        if (s.handoverRequested)
            text += ", asks a boothmate to take over";
        if (s.away)
            text += ", away";
        return text;
    }
    if (const auto* r = std::get_if<KeyRefused>(&event)) {
        std::string text = "console " + engine.consoleId(r->console) + ": key refused (" +
                           refusalReasonName(r->reason);
        if (r->holder.valid())
            text += ", held by " + engine.consoleId(r->holder);
        return text + ")";
    }
    if (const auto* c = std::get_if<ChannelCarrierChanged>(&event)) {
        std::string text = "channel " + engine.languageId(c->channel) + ": ";
        text += c->interpreter.valid() ? "interpreter " + engine.consoleId(c->interpreter) + " (" +
                                             relayQualityName(c->quality) + ")"
                                       : std::string(relayQualityName(c->quality));
        return text;
    }
    if (const auto* f = std::get_if<FloorLanguageChanged>(&event))
        return "floor language: " + engine.languageId(f->language);
    if (const auto* p = std::get_if<PlanAdopted>(&event))
        return "session change applied (plan " + std::to_string(p->generation) + ")";
    return {};
}

std::string EventWords::describe(const Engine& engine, const EngineEvent& event) {
    std::string text = describeEvent(engine, event);
    if (const auto* c = std::get_if<ConsoleStateChanged>(&event)) {
        std::string& last = lastConsoleText_[c->console.value];
        if (last == text)
            return {};
        last = text;
    }
    return text;
}

void Timeline::record(const EngineEvent& event) {
    const std::string text = words_.describe(engine_, event);
    if (!text.empty())
        note(eventFrame(event), text);
}

std::string Timeline::text() const {
    std::string text;
    for (const std::string& line : lines_)
        text += line + "\n";
    return text;
}

} // namespace dragoman
