// `dragoman demo`: half a minute of the summit example, with synthesized speakers and
// interpreters, rendered offline: no sound card, no input files. Control thread only.
#pragma once

#include "OfflineRender.h"

#include <string_view>

namespace dragoman {

// The summit example session (also shipped as docs/examples/summit.json; a test keeps the two
// equal).
std::string_view summitSessionJson();

// The demo's cue list as JSON (also shipped as docs/examples/summit-cues.json).
std::string_view summitCuesJson();

// The demo's whole render request: session, synthesized floor and mics, cues.
OfflineRenderRequest demoRequest();

} // namespace dragoman
