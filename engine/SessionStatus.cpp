// See SessionStatus.h.
#include "SessionStatus.h"

#include "Engine.h"

namespace dragoman {

std::vector<EngineEvent> SessionStatus::update(Engine& engine) {
    if (floorLanguage_.empty())
        floorLanguage_ = engine.session().floor.language;
    std::vector<EngineEvent> events = engine.takeEvents();
    planGeneration_ = engine.activeGeneration();
    programs_ = engine.measurePrograms();
    if (shiftGeneration_ != planGeneration_) { // booths and turn lengths as the session has them
        shift_.setSession(engine.session(), engine.sampleRate());
        shiftGeneration_ = planGeneration_;
    }
    for (const EngineEvent& event : events) {
        if (const auto* c = std::get_if<ConsoleStateChanged>(&event)) {
            const std::string id = engine.consoleId(c->console);
            ConsoleStatus& status = consoles_[id];
            shift_.onAirChanged(id, c->state.micOn, c->frame);
            // The slow-down and help signals are messages too, to the technician (and chair).
            if (c->state.slowDown && !status.state.slowDown)
                engine.messages().post(id, {MessageRecipient::Kind::Technician, {}},
                                       QuickMessage::SlowDown, {});
            if (c->state.help && !status.state.help)
                engine.messages().post(id, {MessageRecipient::Kind::Technician, {}},
                                       QuickMessage::Help, {});
            status.state = c->state;
            status.outgoing = engine.languageId(c->state.outgoing);
            status.hearing = c->state.hearing.valid() ? engine.languageId(c->state.hearing) : "";
        } else if (const auto* ch = std::get_if<ChannelCarrierChanged>(&event)) {
            ChannelStatus& status = channels_[engine.languageId(ch->channel)];
            status.interpreter = ch->interpreter.valid() ? engine.consoleId(ch->interpreter) : "";
            status.quality = ch->quality;
        } else if (const auto* f = std::get_if<FloorLanguageChanged>(&event)) {
            floorLanguage_ = engine.languageId(f->language);
        } else if (const auto* r = std::get_if<KeyRefused>(&event)) {
            constexpr std::size_t kKept = 32;
            if (refusals_.size() == kKept)
                refusals_.erase(refusals_.begin());
            refusals_.push_back({r->frame, engine.consoleId(r->console), r->key, r->reason,
                                 r->holder.valid() ? engine.consoleId(r->holder) : ""});
        }
    }
    const std::uint64_t now = engine.framesProcessed();
    for (const std::string& console : shift_.dueChimes(now))
        engine.playCue(console, CueSound::TurnEnding);
    for (auto& [id, status] : consoles_) {
        status.shift = shift_.timeOf(id, now);
        status.booth = shift_.boothOf(id);
    }
    return events;
}

const ConsoleStatus* SessionStatus::console(const std::string& id) const {
    const auto it = consoles_.find(id);
    return it == consoles_.end() ? nullptr : &it->second;
}

const ChannelStatus* SessionStatus::channel(const std::string& id) const {
    const auto it = channels_.find(id);
    return it == channels_.end() ? nullptr : &it->second;
}

} // namespace dragoman
