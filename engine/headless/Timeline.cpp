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

void Timeline::record(const EngineEvent& event) {
    if (const auto* e = std::get_if<ConsoleStateChanged>(&event)) {
        const ConsoleState& s = e->state;
        std::string text = "console " + engine_.consoleId(e->console) + ": ";
        if (s.micOn)
            text += std::string(s.coughing ? "COUGH (muted) on " : "ON AIR on ") +
                    engine_.languageId(s.outgoing);
        else
            text += std::string(s.waiting ? "waiting for handover" : "mic off") + " (outgoing " +
                    engine_.languageId(s.outgoing) + ")";
        text += ", hears " + (s.hearing.valid() ? engine_.languageId(s.hearing) : "floor");
        if (s.slowDown)
            text += ", SLOW DOWN";
        if (s.help)
            text += ", HELP";
        note(e->frame, text);
    } else if (const auto* r = std::get_if<KeyRefused>(&event)) {
        std::string text = "console " + engine_.consoleId(r->console) + ": key refused (" +
                           refusalReasonName(r->reason);
        if (r->holder.valid())
            text += ", held by " + engine_.consoleId(r->holder);
        note(r->frame, text + ")");
    } else if (const auto* c = std::get_if<ChannelCarrierChanged>(&event)) {
        std::string text = "channel " + engine_.languageId(c->channel) + ": ";
        text += c->interpreter.valid() ? "interpreter " + engine_.consoleId(c->interpreter) + " (" +
                                             relayQualityName(c->quality) + ")"
                                       : std::string(relayQualityName(c->quality));
        note(c->frame, text);
    } else if (const auto* f = std::get_if<FloorLanguageChanged>(&event)) {
        note(f->frame, "floor language: " + engine_.languageId(f->language));
    } else if (const auto* p = std::get_if<PlanAdopted>(&event)) {
        note(p->frame, "session change applied (plan " + std::to_string(p->generation) + ")");
    }
}

std::string Timeline::text() const {
    std::string text;
    for (const std::string& line : lines_)
        text += line + "\n";
    return text;
}

} // namespace dragoman
