// See DragomanProcessor.h.
#include "DragomanProcessor.h"

#include "DragomanEditor.h"
#include "render/Demo.h"
#include "session/SessionJson.h"
#include "session/SessionValidation.h"

#include <cmath>
#include <cstdlib>

namespace dragoman::plugin {
namespace {

Session initialSession() {
    if (const char* path = std::getenv("DRAGOMAN_SESSION")) {
        const SessionLoad load = loadSessionFile(path);
        if (load.ok())
            return load.session;
        for (const Problem& problem : load.problems)
            juce::Logger::writeToLog(juce::String("Dragoman: ") + path + ": " + problem.describe());
    }
    return parseSession(summitSessionJson()).session;
}

} // namespace

DragomanProcessor::DragomanProcessor() : DragomanProcessor(initialSession()) {}

juce::AudioProcessor::BusesProperties DragomanProcessor::busesFor(const Session& session) {
    BusesProperties buses;
    for (const BusSpec& spec : inputBusSpecs(session))
        buses = buses.withInput(spec.name,
                                spec.channels == 2
                                    ? juce::AudioChannelSet::stereo()
                                    : juce::AudioChannelSet::discreteChannels(spec.channels),
                                true);
    for (const BusSpec& spec : outputBusSpecs(session))
        buses = buses.withOutput(spec.name, juce::AudioChannelSet::mono(), true);
    return buses;
}

DragomanProcessor::DragomanProcessor(const Session& session)
    : juce::AudioProcessor(busesFor(session)), session_(session),
      inputBuses_(inputBusSpecs(session)), outputBuses_(outputBusSpecs(session)),
      engine_(std::make_unique<Engine>(session)),
      parameters_(*this, nullptr, "DragomanParameters", parameterLayout(session)),
      consoleParameters_(session, parameters_, *engine_) {
    const EngineLayout layout = engine_->layout();
    // Ports are stable for the engine's lifetime, so each bus's port is resolved once.
    for (const auto* specs : {&inputBuses_, &outputBuses_})
        for (const BusSpec& spec : *specs)
            busPort_.push_back(
                spec.kind == BusSpec::Kind::Channel ? engine_->languageHandle(spec.id).value
                : spec.kind == BusSpec::Kind::Floor || spec.kind == BusSpec::Kind::Talkback
                    ? 0u
                    : engine_->consoleHandle(spec.id).value);
    floor_.assign(static_cast<std::size_t>(session.floor.channels), nullptr);
    mics_.assign(layout.consolePorts, nullptr);
    phones_.assign(layout.consolePorts, nullptr);
    channels_.assign(layout.channelPorts, nullptr);
    commands_.reserve(consoleParameters_.parameterCount());
    inputCopy_.setSize(std::max(1, getTotalNumInputChannels()), kScratchFrames);
    status_.update(*engine_);
    startFloorQuality();
    poll_ = EnginePoll::start([this] { pollEngine(); });
}

DragomanProcessor::~DragomanProcessor() {
    poll_->detachAndDelete(); // waits for a poll under way; none starts after
    closeBoothLog();
    remoteConsole_.leave();
}

MeterReadings DragomanProcessor::takeRemoteConsoleLevels() {
    // The console's id is the desk's to add (RemoteConsoleDesk): the processor does not keep it.
    MeterReadings levels;
    levels.inputs.push_back({{PortId::Kind::Mic, {}}, remoteConsole_.takeMicLevel()});
    levels.outputs.push_back({{PortId::Kind::Phones, {}}, remoteConsole_.takePhonesLevel()});
    return levels;
}

// As `dragoman run` keeps it (record/BoothLog.h): the app's booths keep their day's record too.
void DragomanProcessor::keepBoothLog() {
    const std::vector<HearingNewsItem> news = hearingNews_.update(meters_.hearing);
    if (session_.boothLog != boothLogFor_) {
        closeBoothLog();
        boothLogFor_ = session_.boothLog;
        boothLogProblem_.clear();
        if (session_.boothLog) {
            try {
                boothLog_.emplace(session_, session_.boothLog->directory,
                                  std::chrono::system_clock::now());
            } catch (const std::exception& e) {
                boothLogProblem_ = e.what(); // the booths work without it
            }
        }
    }
    if (!boothLog_)
        return;
    const auto now = std::chrono::system_clock::now();
    boothLog_->update(status_, now);
    boothLog_->messages(engine_->messages());
    boothLog_->hearing(news, now);
    if (!boothLog_->problem().empty())
        boothLogProblem_ = boothLog_->problem();
}

void DragomanProcessor::closeBoothLog() {
    if (!boothLog_)
        return;
    const auto now = std::chrono::system_clock::now();
    boothLog_->update(status_, now);
    boothLog_->messages(engine_->messages());
    boothLog_->summary(status_, hearingNews_.latest(), now);
    boothLog_.reset();
}

void DragomanProcessor::pollEngine() {
    for (const EngineEvent& event : status_.update(*engine_)) {
        if (const auto* changed = std::get_if<ConsoleStateChanged>(&event))
            reflectInParameters(engine_->consoleId(changed->console), changed->state);
        // A refused key changed nothing in the engine: its parameter returns to the truth.
        if (const auto* refused = std::get_if<KeyRefused>(&event)) {
            const std::string console = engine_->consoleId(refused->console);
            if (const ConsoleStatus* current = status_.console(console))
                reflectInParameters(console, current->state);
        }
    }
    meters_ = engine_->takeMeters();
    keepBoothLog();
    remoteConsole_.state(); // a join that just succeeded goes live even with no editor open
    if (remoteBooths_) {
        remoteBooths_->publishStates(status_, *engine_, describeProblems(floorQualityReading_));
        for (const RemoteBoothReport& report : remoteBooths_->takeReports()) {
            remoteNotes_.push_back(describeRemoteBoothReport(report));
            if (remoteNotes_.size() > kMostRemoteNotes)
                remoteNotes_.erase(remoteNotes_.begin());
        }
        remotePaths_ = remoteBooths_->stats();
    }
    pollWebListeners();
    pollMeetingFloor();
    if (floorQualityTap_) {
        std::optional<FloorPathCount> path;
        if (meetingStats_)
            path = FloorPathCount{meetingStats_->received, meetingStats_->lost};
        floorQualityReading_ = floorQualityTap_->update(path);
    }
}

void DragomanProcessor::startFloorQuality() {
    floorQualityTap_ = std::make_unique<FloorQualityTap>(session_, engine_->layout(), sampleRate_);
    floorQualityReading_ = {};
}

void DragomanProcessor::pollMeetingFloor() {
    if (!meeting_)
        return;
    auto note = [this](std::string text) {
        meetingNotes_.push_back(std::move(text));
        if (meetingNotes_.size() > kMostRemoteNotes)
            meetingNotes_.erase(meetingNotes_.begin());
    };
    for (const MeetingReport& report : meeting_->takeReports()) {
        note(describeMeetingReport(report, session_.meeting->fallback));
        if (report.kind != MeetingReport::Kind::SpeakerTurn)
            continue;
        // The floor language follows the speaker through the engineer's own command.
        if (effectOfTurn(report.language, engine_->knowsChannel(report.language),
                         status_.floorLanguage()) == TurnEffect::SetFloorLanguage) {
            if (const PressResult sent = engine_->setFloorLanguage(report.language))
                note("the floor language follows the speaker: " + report.language);
            else
                note("the floor language could not follow the speaker: " +
                     sent.why("", report.language));
        }
    }
    meetingStats_ = meeting_->stats();
}

void DragomanProcessor::startMeetingFloor() {
    meeting_.reset(); // its threads end; Janus's forward is stopped
    meetingStats_.reset();
    meetingProblem_.clear();
    meetingRate_ = sampleRate_;
    meetingFloorScratch_.assign(static_cast<std::size_t>(session_.floor.channels),
                                std::vector<float>(kScratchFrames, 0.0f));
    meetingFloorChannels_.clear();
    for (std::vector<float>& channel : meetingFloorScratch_)
        meetingFloorChannels_.push_back(channel.data());
    if (!session_.meeting)
        return;
    if (sampleRate_ != 48000.0) {
        meetingProblem_ = "the meeting needs 48000 Hz; the audio runs at " +
                          std::to_string(static_cast<int>(sampleRate_)) + " Hz";
        return;
    }
    try {
        meeting_ = std::make_unique<MeetingFloor>(*session_.meeting, session_.name);
    } catch (const std::exception& e) {
        meetingProblem_ = std::string("cannot take the floor from the meeting: ") + e.what();
    }
}

void DragomanProcessor::pollWebListeners() {
    if (!webListeners_)
        return;
    webListeners_->follow(status_);
    for (const WebListenerReport& report : webListeners_->takeReports()) {
        if (report.kind == WebListenerReport::Kind::Listeners)
            continue; // counts are shown per channel, not as notes
        webNotes_.push_back(describeWebListenerReport(report));
        if (webNotes_.size() > kMostRemoteNotes)
            webNotes_.erase(webNotes_.begin());
    }
    webListenerCounts_ = webListeners_->listeners();
}

void DragomanProcessor::startRemoteBooths() {
    remoteBooths_.reset();
    remotePaths_.clear();
    remoteProblem_.clear();
    const EngineLayout layout = engine_->layout();
    remoteMics_.assign(layout.consolePorts, nullptr);
    remoteMicScratch_.assign(layout.consolePorts, {});
    remotePhonesScratch_.assign(layout.consolePorts, {});
    if (!session_.remoteBooths || session_.remoteBooths->consoles.empty())
        return;
    if (sampleRate_ != 48000.0) {
        remoteProblem_ = "remote booths need 48000 Hz; the audio runs at " +
                         std::to_string(static_cast<int>(sampleRate_)) + " Hz";
        return;
    }
    try {
        remoteBooths_ = std::make_unique<RemoteBoothHost>(
            *engine_, *session_.remoteBooths, static_cast<std::uint32_t>(kScratchFrames));
    } catch (const std::exception& e) {
        remoteProblem_ = std::string("cannot host remote booths: ") + e.what();
        return;
    }
    for (const auto& [console, secret] : session_.remoteBooths->consoles)
        for (const EnginePort& mic : layout.mics)
            if (mic.what.id == console) {
                remoteMicScratch_[mic.port].assign(kScratchFrames, 0.0f);
                remotePhonesScratch_[mic.port].assign(kScratchFrames, 0.0f);
                remoteMics_[mic.port] = remoteMicScratch_[mic.port].data();
            }
}

void DragomanProcessor::startWebListeners() {
    webListeners_.reset(); // its threads end; Janus keeps the mountpoints for the next
    webListenerCounts_.clear();
    webProblem_.clear();
    webListenersRate_ = sampleRate_;
    if (!session_.webListeners)
        return;
    if (sampleRate_ != 48000.0) {
        webProblem_ = "web listeners need 48000 Hz; the audio runs at " +
                      std::to_string(static_cast<int>(sampleRate_)) + " Hz";
        return;
    }
    try {
        webListeners_ =
            std::make_unique<WebListenerStreams>(session_, engine_->layout(), sampleRate_);
    } catch (const std::exception& e) {
        webProblem_ = std::string("cannot feed web listeners: ") + e.what();
    }
}

// The engine changes keys by itself (override switches a mic off, a handover switches one on,
// the floor language moves a booth's outgoing channel): the parameters follow, so the host
// and every editor show the desk as it is. Only on events, so a press still on its way to
// the audio thread is never overwritten. A waiting console holds its mic key down.
void DragomanProcessor::reflectInParameters(const std::string& console, const ConsoleState& state) {
    auto reflect = [&](ConsoleKey key, float value) {
        if (auto* parameter = parameters_.getParameter(parameterId(console, key)))
            if (parameter->convertFrom0to1(parameter->getValue()) != value)
                parameter->setValueNotifyingHost(parameter->convertTo0to1(value));
    };
    reflect(ConsoleKey::Mic, state.micOn || state.waiting ? 1.0f : 0.0f);
    reflect(ConsoleKey::Output, static_cast<float>(state.slot));
    reflect(ConsoleKey::HandoverRequest, state.handoverRequested ? 1.0f : 0.0f);
    reflect(ConsoleKey::Handover, 0.0f); // momentary
    reflect(ConsoleKey::Away, state.away ? 1.0f : 0.0f);
}

Problems DragomanProcessor::applySession(const Session& session) {
    Problems problems = validateSession(session);
    if (!problems.empty())
        return problems;
    const bool remoteChanged = session.remoteBooths != session_.remoteBooths;
    // The mountpoints follow the signals: a channel added or gone changes them.
    const bool webChanged =
        session.webListeners != session_.webListeners ||
        (session.webListeners && webMountpoints(session) != webMountpoints(session_));
    const bool floorChanged = session.floor.channels != session_.floor.channels;
    const bool meetingChanged = session.meeting != session_.meeting || floorChanged;
    engine_->loadSession(session);
    session_ = session;
    ++sessionGeneration_;
    if (remoteChanged || webChanged || meetingChanged) { // (a floor change is a meeting change)
        suspendProcessing(true); // waits for the audio thread to leave processBlock
        if (remoteChanged)
            startRemoteBooths();
        if (webChanged)
            startWebListeners();
        if (meetingChanged)
            startMeetingFloor();
        if (floorChanged)
            startFloorQuality();
        suspendProcessing(false);
    }
    return {};
}

void DragomanProcessor::pressKey(const std::string& console, ConsoleKey key, float value) {
    if (auto* parameter = parameters_.getParameter(parameterId(console, key))) {
        parameter->beginChangeGesture();
        parameter->setValueNotifyingHost(parameter->convertTo0to1(value));
        parameter->endChangeGesture();
    }
}

void DragomanProcessor::prepareToPlay(double sampleRate, int) {
    // Hosts may prepare from a thread of their own: the poll must not read the remote booths
    // while they are replaced.
    const std::lock_guard noPoll(poll_->lock());
    engine_->setSampleRate(sampleRate);
    inputCopy_.setSize(std::max(1, getTotalNumInputChannels()), kScratchFrames);
    if (sampleRate != sampleRate_ || !remoteBooths_) {
        sampleRate_ = sampleRate;
        startRemoteBooths();
    }
    if (sampleRate_ != webListenersRate_ || (session_.webListeners && !webListeners_))
        startWebListeners();
    if (sampleRate_ != meetingRate_ || (session_.meeting && !meeting_ && meetingProblem_.empty())) {
        startMeetingFloor();
        startFloorQuality(); // judged at the new rate
    }
}

bool DragomanProcessor::isBusesLayoutSupported(const BusesLayout& layout) const {
    // Every bus is mono, or disabled (what is missing is silent); the floor bus may also
    // carry as many channels as the session's floor.
    for (int i = 0; i < layout.inputBuses.size(); ++i) {
        const int channels = layout.inputBuses[i].size();
        const int allowed = i == 0 ? session_.floor.channels : 1;
        if (channels != 0 && channels != 1 && channels != allowed)
            return false;
    }
    for (const juce::AudioChannelSet& bus : layout.outputBuses)
        if (bus.size() > 1)
            return false;
    return true;
}

void DragomanProcessor::processBlock(juce::AudioBuffer<float>& buffer, juce::MidiBuffer&) {
    if (remoteConsole_.render(buffer, inputCopy_, kScratchFrames, getTotalNumInputChannels(),
                              getTotalNumOutputChannels()))
        return;
    commands_.clear();
    consoleParameters_.collectChanges(commands_);
    const int frames = buffer.getNumSamples();
    for (int offset = 0; offset < frames; offset += kScratchFrames)
        renderChunk(buffer, offset, std::min(kScratchFrames, frames - offset));
}

void DragomanProcessor::renderChunk(juce::AudioBuffer<float>& buffer, int offset, int frames) {
    // JUCE hands inputs and outputs in one buffer, processed in place: copy the inputs first.
    const int inputChannels = std::min(getTotalNumInputChannels(), inputCopy_.getNumChannels());
    for (int c = 0; c < inputChannels; ++c)
        inputCopy_.copyFrom(c, 0, buffer, c, offset, frames);
    std::fill(floor_.begin(), floor_.end(), nullptr);
    std::fill(mics_.begin(), mics_.end(), nullptr);
    std::fill(channels_.begin(), channels_.end(), nullptr);
    std::fill(phones_.begin(), phones_.end(), nullptr);
    float* talkback = nullptr;

    std::size_t spec = 0;
    for (int bus = 0; bus < getBusCount(true); ++bus, ++spec) {
        const int first = getChannelIndexInProcessBlockBuffer(true, bus, 0);
        const int count = getChannelCountOfBus(true, bus);
        for (int c = 0; c < count && first + c < inputChannels; ++c) {
            const float* in = inputCopy_.getReadPointer(first + c);
            if (inputBuses_[spec].kind == BusSpec::Kind::Floor) {
                if (static_cast<std::size_t>(c) < floor_.size())
                    floor_[static_cast<std::size_t>(c)] = in;
            } else if (busPort_[spec] < mics_.size()) {
                mics_[busPort_[spec]] = in;
            }
        }
    }
    for (int bus = 0; bus < getBusCount(false); ++bus, ++spec) {
        if (getChannelCountOfBus(false, bus) == 0)
            continue;
        const int channel = getChannelIndexInProcessBlockBuffer(false, bus, 0);
        float* out = buffer.getWritePointer(channel, offset);
        std::fill_n(out, frames, 0.0f);
        if (outputBuses_[static_cast<std::size_t>(bus)].kind == BusSpec::Kind::Talkback) {
            talkback = out;
            continue;
        }
        auto& table = outputBuses_[static_cast<std::size_t>(bus)].kind == BusSpec::Kind::Channel
                          ? channels_
                          : phones_;
        if (busPort_[spec] < table.size())
            table[busPort_[spec]] = out;
    }
    // Channels beyond every output bus (more inputs than outputs) must not pass input through.
    for (int c = getTotalNumOutputChannels(); c < buffer.getNumChannels(); ++c)
        buffer.clear(c, offset, frames);

    // The meeting as the floor: the fallback (the floor bus, or silence) under it.
    if (meeting_) {
        const bool device = session_.meeting->fallback == MeetingFallback::Device;
        for (std::size_t c = 0; c < meetingFloorChannels_.size(); ++c) {
            float* channel = meetingFloorChannels_[c];
            const float* in = c < floor_.size() ? floor_[c] : nullptr;
            if (device && in != nullptr)
                std::copy_n(in, frames, channel);
            else
                std::fill_n(channel, frames, 0.0f);
            if (c < floor_.size())
                floor_[c] = channel;
        }
        meeting_->provideFloor(meetingFloorChannels_, static_cast<std::uint32_t>(frames));
    }
    // Remote consoles: the mic from the network; the headphone mix rendered for it too.
    if (remoteBooths_) {
        for (std::size_t port = 0; port < remoteMics_.size() && port < mics_.size(); ++port)
            if (remoteMics_[port] != nullptr) {
                mics_[port] = remoteMics_[port];
                if (phones_[port] == nullptr)
                    phones_[port] = remotePhonesScratch_[port].data();
            }
        remoteBooths_->provide(remoteMics_, static_cast<std::uint32_t>(frames));
    }
    AudioBuffers io =
        AudioBuffers::from(floor_, mics_, channels_, phones_, static_cast<std::uint32_t>(frames));
    io.talkback = talkback;
    engine_->process(io, offset == 0 ? std::span<const EngineCommand>(commands_)
                                     : std::span<const EngineCommand>());
    if (remoteBooths_)
        remoteBooths_->capture(io);
    if (webListeners_)
        webListeners_->capture(io);
    if (floorQualityTap_)
        floorQualityTap_->capture(io);
}

void DragomanProcessor::getStateInformation(juce::MemoryBlock& data) {
    // The session JSON and every console's keys (the parameters), in one XML document.
    juce::XmlElement root("Dragoman");
    root.setAttribute("version", 1);
    root.createNewChildElement("Session")->addTextElement(sessionToJson(engine_->session()));
    if (auto parameters = parameters_.copyState().createXml())
        root.addChildElement(parameters.release());
    copyXmlToBinary(root, data);
}

void DragomanProcessor::setStateInformation(const void* data, int size) {
    const std::unique_ptr<juce::XmlElement> root = getXmlFromBinary(data, size);
    if (root == nullptr || !root->hasTagName("Dragoman"))
        return;
    if (const juce::XmlElement* session = root->getChildByName("Session")) {
        const SessionLoad load = parseSession(session->getAllSubText().toStdString());
        if (load.ok())
            applySession(load.session);
        else
            for (const Problem& problem : load.problems)
                juce::Logger::writeToLog("Dragoman: saved session: " + problem.describe());
    }
    if (const juce::XmlElement* parameters = root->getChildByName(parameters_.state.getType()))
        parameters_.replaceState(juce::ValueTree::fromXml(*parameters));
}

juce::AudioProcessorEditor* DragomanProcessor::createEditor() {
    return new DragomanEditor(*this);
}

} // namespace dragoman::plugin

juce::AudioProcessor* JUCE_CALLTYPE createPluginFilter() {
    return new dragoman::plugin::DragomanProcessor();
}
