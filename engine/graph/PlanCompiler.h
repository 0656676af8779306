// Turns a validated Session into a RenderPlan for one sample rate. Control thread only:
// allocates everything the audio thread will need, so that the audio thread never does.
#pragma once

#include "RenderPlan.h"
#include "control/Handles.h"
#include "session/Session.h"

#include <memory>

namespace dragoman {

struct HandleRegistries {
    HandleRegistry<ConsoleHandle> consoles;
    HandleRegistry<LanguageHandle> languages;
};

std::unique_ptr<RenderPlan> compilePlan(const Session& session, double sampleRate,
                                        HandleRegistries& registries, std::uint64_t generation);

} // namespace dragoman
