// See Engine.h.
#include "Engine.h"

#include "dsp/Decibels.h"
#include "dsp/DenormalGuard.h"
#include "graph/ConsoleRules.h"
#include "session/SessionValidation.h"

#include <algorithm>
#include <cstdint>

namespace dragoman {
namespace {

void requireValid(const Session& session) {
    const Problems problems = validateSession(session);
    if (problems.empty())
        return;
    std::string text;
    for (const Problem& p : problems)
        text += p.describe() + "\n";
    throw InvalidSession(text);
}

} // namespace

Engine::Engine(const Session& session, double sampleRate)
    : session_(session), sampleRate_(sampleRate > 0.0 ? sampleRate : session.sampleRate) {
    requireValid(session);
    messages_.setSession(session);
    auto plan = compile(session_, false);
    // No audio runs yet: settle and snap the first plan here, so audio starts in steady state.
    ConsoleRules first(*plan, events_, 0);
    first.enforceInvariants();
    first.settle();
    snapToTargets(*plan);
    active_ = plan.release();
    activeForControl_.store(active_, std::memory_order_release);
    activeGeneration_.store(active_->generation, std::memory_order_release);
}

Engine::~Engine() {
    // The host has stopped calling process(): every plan is ours to free.
    delete pending_.exchange(nullptr);
    RenderPlan* retired = nullptr;
    while (retired_.pop(retired))
        delete retired;
    delete active_;
}

void Engine::collectRetired() {
    RenderPlan* retired = nullptr;
    while (retired_.pop(retired))
        delete retired;
}

std::unique_ptr<RenderPlan> Engine::compile(const Session& session, bool changesFloorLanguage) {
    auto plan = compilePlan(session, sampleRate_, registries_, nextGeneration_++);
    for (PlanChannel& channel : plan->channels) {
        if (!channel.program)
            continue;
        const std::uint32_t port = channel.language.value;
        if (programShared_.size() <= port)
            programShared_.resize(port + 1);
        if (!programShared_[port])
            programShared_[port] = std::make_unique<ProgramShared>();
        channel.program->shared = programShared_[port].get();
    }
    plan->changesFloorLanguage = changesFloorLanguage;
    plan->commandsBefore = commandsSent_;
    return plan;
}

void Engine::publish(std::unique_ptr<RenderPlan> plan) {
    collectRetired();
    // A plan still pending was never seen by the audio thread (it takes plans by exchanging
    // the slot with null), so it is ours to free.
    delete pending_.exchange(plan.release(), std::memory_order_acq_rel);
}

void Engine::loadSession(const Session& session) {
    requireValid(session);
    const std::lock_guard lock(control_);
    // session_ holds the meeting's floor language as of the last change sent: the new
    // session changes it only if it names another one.
    const bool changesFloor = session.floor.language != session_.floor.language;
    session_ = session;
    messages_.setSession(session);
    publish(compile(session_, changesFloor));
}

void Engine::setSampleRate(double sampleRate) {
    const std::lock_guard lock(control_);
    if (sampleRate == sampleRate_)
        return;
    sampleRate_ = sampleRate;
    publish(compile(session_, false));
}

Session Engine::session() const {
    const std::lock_guard lock(control_);
    return session_;
}

double Engine::sampleRate() const {
    const std::lock_guard lock(control_);
    return sampleRate_;
}

EngineLayout Engine::layout() const {
    const std::lock_guard lock(control_);
    EngineLayout layout;
    for (int f = 0; f < session_.floor.channels; ++f)
        layout.floor.push_back(
            {{PortId::Kind::Floor, std::to_string(f + 1)}, static_cast<std::uint32_t>(f)});
    for (const Booth& booth : session_.booths)
        for (const Console& console : booth.consoles) {
            const std::uint32_t port = registries_.consoles.find(console.id).value;
            layout.mics.push_back({{PortId::Kind::Mic, console.id}, port});
            layout.phones.push_back({{PortId::Kind::Phones, console.id}, port});
        }
    for (const LanguageChannel& channel : session_.channels)
        layout.channels.push_back(
            {{PortId::Kind::Channel, channel.id}, registries_.languages.find(channel.id).value});
    layout.consolePorts = static_cast<std::uint32_t>(registries_.consoles.size());
    layout.channelPorts = static_cast<std::uint32_t>(registries_.languages.size());
    return layout;
}

bool Engine::send(const EngineCommand& command) {
    collectRetired();
    if (!commands_.push(command))
        return false;
    ++commandsSent_;
    return true;
}

std::optional<std::uint32_t> EngineLayout::portOf(const PortId& what) const {
    if (what.kind == PortId::Kind::Talkback)
        return talkback.port;
    const std::vector<EnginePort>& ports = what.kind == PortId::Kind::Floor    ? floor
                                           : what.kind == PortId::Kind::Mic    ? mics
                                           : what.kind == PortId::Kind::Phones ? phones
                                                                               : channels;
    for (const EnginePort& p : ports)
        if (p.what == what)
            return p.port;
    return std::nullopt;
}

std::string PortId::label() const {
    switch (kind) {
    case Kind::Floor:
        return "floor " + id;
    case Kind::Mic:
        return "mic " + id;
    case Kind::Phones:
        return "phones " + id;
    case Kind::Talkback:
        return "talkback";
    case Kind::Channel:
        break;
    }
    return "channel " + id;
}

PressResult Engine::press(std::string_view console, const KeyPress& press) {
    if (!argumentProblem(press).empty())
        return PressResult::Outcome::ArgumentMismatch;
    const std::lock_guard lock(control_);
    ConsoleCommand command;
    command.console = registries_.consoles.find(console);
    if (!command.console.valid())
        return PressResult::Outcome::UnknownConsole;
    command.key = press.key;
    if (const auto* listen = std::get_if<ListenChoice>(&press.argument)) {
        ListenSource source{listen->kind, {}};
        if (listen->kind == ListenSource::Kind::Channel) {
            source.channel = registries_.languages.find(listen->channel);
            if (!source.channel.valid())
                return PressResult::Outcome::UnknownChannel;
        }
        command.argument = source;
    } else if (const auto* on = std::get_if<Switch>(&press.argument)) {
        command.argument = *on;
    } else if (const auto* slot = std::get_if<OutputSlot>(&press.argument)) {
        command.argument = *slot;
    } else {
        command.argument = std::get<Decibels>(press.argument);
    }
    return send(command) ? PressResult::Outcome::Sent : PressResult::Outcome::QueueFull;
}

PressResult Engine::setFloorLanguage(std::string_view language) {
    if (!isLanguageCode(language))
        return PressResult::Outcome::NotALanguage;
    const std::lock_guard lock(control_);
    session_.floor.language = std::string(language); // a later save keeps the meeting's state
    return send(FloorLanguageCommand{registries_.languages.intern(language)})
               ? PressResult::Outcome::Sent
               : PressResult::Outcome::QueueFull;
}

PressResult Engine::playCue(std::string_view console, CueSound sound) {
    const std::lock_guard lock(control_);
    HeadphoneCueCommand command;
    command.console = registries_.consoles.find(console);
    command.sound = sound;
    if (!command.console.valid())
        return PressResult::Outcome::UnknownConsole;
    return send(command) ? PressResult::Outcome::Sent : PressResult::Outcome::QueueFull;
}

bool Engine::knowsConsole(std::string_view console) const {
    const std::lock_guard lock(control_);
    // The session's, not the registry's: handles outlive consoles a reload removed.
    for (const Booth& booth : session_.booths)
        for (const Console& c : booth.consoles)
            if (c.id == console)
                return true;
    return false;
}

bool Engine::knowsChannel(std::string_view channel) const {
    const std::lock_guard lock(control_);
    return std::any_of(session_.channels.begin(), session_.channels.end(),
                       [channel](const LanguageChannel& c) { return c.id == channel; });
}

std::vector<EngineEvent> Engine::takeEvents() {
    const std::lock_guard lock(control_);
    collectRetired();
    std::vector<EngineEvent> taken;
    EngineEvent event;
    while (events_.pop(event))
        taken.push_back(event);
    return taken;
}

MeterReadings Engine::takeMeters() {
    const std::lock_guard lock(control_);
    // Retired plans are freed only under this same lock, so `plan` outlives this read.
    RenderPlan* plan = activeForControl_.load(std::memory_order_acquire);
    MeterReadings readings;
    std::uint32_t index = 0;
    const auto nonFinite = [plan](std::uint32_t input) {
        return plan->nonFiniteSamples[input].exchange(0, std::memory_order_relaxed);
    };
    for (std::uint32_t f = 0; f < plan->floorChannels; ++f, ++index)
        readings.inputs.push_back({{PortId::Kind::Floor, std::to_string(f + 1)},
                                   plan->inputMeters[index].take(),
                                   nonFinite(index)});
    for (const PlanConsole& console : plan->consoles) {
        readings.inputs.push_back(
            {{PortId::Kind::Mic, console.id}, plan->inputMeters[index].take(), nonFinite(index)});
        ++index;
    }
    index = 0;
    for (const PlanChannel& channel : plan->channels)
        readings.outputs.push_back(
            {{PortId::Kind::Channel, channel.id}, plan->outputMeters[index++].take()});
    readings.outputs.push_back(
        {{PortId::Kind::Talkback, "technician"},
         plan->outputMeters[plan->channels.size() + plan->consoles.size()].take()});
    for (std::size_t i = 0; i < plan->consoles.size(); ++i) {
        readings.outputs.push_back(
            {{PortId::Kind::Phones, plan->consoles[i].id}, plan->outputMeters[index++].take()});
        readings.limiterGain.push_back(plan->limiterGain[i].exchange(1.0f));
        const HearingShared& hearing = plan->hearing[i];
        readings.hearing.push_back({plan->consoles[i].id,
                                    hearing.dose.load(std::memory_order_relaxed),
                                    hearing.minuteDbSpl.load(std::memory_order_relaxed),
                                    hearing.sustainedTier.load(std::memory_order_relaxed),
                                    hearing.warnings.load(std::memory_order_relaxed)});
    }
    return readings;
}

ConsoleHandle Engine::consoleHandle(std::string_view console) const {
    const std::lock_guard lock(control_);
    return registries_.consoles.find(console);
}

LanguageHandle Engine::languageHandle(std::string_view language) const {
    const std::lock_guard lock(control_);
    return registries_.languages.find(language);
}

std::string Engine::consoleId(ConsoleHandle handle) const {
    const std::lock_guard lock(control_);
    return registries_.consoles.id(handle);
}

std::string Engine::languageId(LanguageHandle handle) const {
    const std::lock_guard lock(control_);
    return registries_.languages.id(handle);
}

void Engine::adopt(RenderPlan* next) noexcept {
    migrateState(*active_, *next);
    ConsoleRules rules(*next, events_, frame_);
    if (next->changesFloorLanguage)
        rules.apply(FloorLanguageCommand{next->floorLanguage});
    rules.enforceInvariants();
    rules.settle();
    PlanAdopted adopted;
    adopted.frame = frame_;
    adopted.generation = next->generation;
    events_.push(adopted);
    // Never freed here: the control thread collects it. The queue cannot fill, because the
    // control thread drains it before each publish and at most one plan is adopted per publish.
    retired_.push(active_);
    active_ = next;
    activeForControl_.store(next, std::memory_order_release);
    activeGeneration_.store(next->generation, std::memory_order_release);
}

void Engine::applyCommands(std::uint64_t upTo) noexcept {
    ConsoleRules rules(*active_, events_, frame_);
    bool changed = false;
    EngineCommand command;
    while (commandsApplied_ < upTo && commands_.pop(command)) {
        rules.apply(command);
        ++commandsApplied_;
        changed = true;
    }
    if (changed)
        rules.settle();
}

void Engine::process(const AudioBuffers& io, std::span<const EngineCommand> commands) noexcept {
    const DenormalGuard denormals;
    if (RenderPlan* next = pending_.exchange(nullptr, std::memory_order_acq_rel)) {
        // Keys pressed before the session change belong to the plan they were pressed on.
        applyCommands(next->commandsBefore);
        adopt(next);
    }
    applyCommands(UINT64_MAX);
    RenderPlan& plan = *active_;
    {
        ConsoleRules rules(plan, events_, frame_);
        for (const EngineCommand& command : commands)
            rules.apply(command);
        const bool idleCheckDue = frame_ >= nextIdleCheck_;
        if (idleCheckDue)
            nextIdleCheck_ = frame_ + kIdleCheckFrames;
        if ((idleCheckDue && rules.markIdle()) || !commands.empty())
            rules.settle();
    }

    for (std::uint32_t offset = 0; offset < io.frames;) {
        const std::uint32_t n = std::min(kChunkFrames, io.frames - offset);
        renderChunk(plan, io, offset, n);
        offset += n;
    }
    frame_ += io.frames;
    frames_.store(frame_, std::memory_order_release);
}

std::vector<ProgramReading> Engine::measurePrograms() {
    struct Feed {
        std::string channel;
        std::optional<double> target;
        std::uint32_t port = 0;
        ProgramShared* shared = nullptr;
    };
    std::vector<Feed> feeds;
    double rate = 0.0;
    {
        const std::lock_guard lock(control_);
        rate = sampleRate_;
        for (const LanguageChannel& c : session_.channels) {
            const std::uint32_t port = registries_.languages.find(c.id).value;
            if (c.program && port < programShared_.size() && programShared_[port])
                feeds.push_back({c.id, c.program->loudnessLufs, port, programShared_[port].get()});
        }
    }
    const std::lock_guard lock(measuring_);
    measured_.resize(ProgramShared::kRingFrames);
    std::vector<ProgramReading> readings;
    for (const Feed& feed : feeds) {
        auto it = loudness_.find(feed.port);
        if (it == loudness_.end() || it->second.sampleRate() != rate)
            it = loudness_.insert_or_assign(feed.port, ProgramLoudness(rate)).first;
        ProgramLoudness& meter = it->second;
        ProgramShared& shared = *feed.shared;
        for (std::size_t n;
             (n = shared.beforeGain.popMany(measured_.data(), measured_.size())) > 0;)
            meter.measureBeforeGain(measured_.data(), n);
        for (std::size_t n; (n = shared.leaving.popMany(measured_.data(), measured_.size())) > 0;)
            meter.measureLeaving(measured_.data(), n);
        if (feed.target)
            if (const auto gain = meter.gainFor(*feed.target))
                shared.gainDb.store(static_cast<float>(*gain), std::memory_order_relaxed);
        ProgramReading reading;
        reading.channel = feed.channel;
        reading.targetLufs = feed.target;
        reading.momentaryLufs = meter.momentaryLufs();
        reading.shortTermLufs = meter.shortTermLufs();
        reading.integratedLufs = meter.integratedLufs();
        reading.truePeakDbtp = meter.truePeakDbtp();
        reading.gainDb =
            feed.target ? static_cast<double>(shared.gainDb.load(std::memory_order_relaxed)) : 0.0;
        reading.limiterDb = gainToDb(shared.limiterGain.exchange(1.0f, std::memory_order_relaxed));
        reading.unmeasuredFrames = shared.beforeGain.dropped();
        readings.push_back(std::move(reading));
    }
    return readings;
}

} // namespace dragoman
