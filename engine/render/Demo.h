// `dragoman demo`: half a minute of the summit example, with synthesized speakers and
// interpreters, rendered offline: no sound card, no input files. Control thread only.
#pragma once

#include "OfflineRender.h"

#include <string_view>

namespace dragoman {

// The summit example session, docs/examples/summit.json as the build found it (embedded by
// engine/CMakeLists.txt into SummitExample.cpp).
std::string_view summitSessionJson();

// The demo's cue list, docs/examples/summit-cues.json, embedded the same way.
std::string_view summitCuesJson();

// The demo's whole render request: session, synthesized floor and mics, cues.
OfflineRenderRequest demoRequest();

} // namespace dragoman
