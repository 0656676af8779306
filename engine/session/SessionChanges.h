// What a session loaded into a running `dragoman run` (SIGHUP, OSC session load) changes that
// only takes effect at the next start. The engine takes any valid session live; the device's
// channels, recordings, streams, remote booths and OSC are set up when the program starts, so
// an operator must be told which of their edits wait for a restart rather than find out.
#pragma once

#include "Session.h"

#include <string>
#include <vector>

namespace dragoman {

// One sentence per setting that waits for a restart, naming it; empty when all of `loaded`
// goes live.
std::vector<std::string> changesAppliedAtNextStart(const Session& running, const Session& loaded);

} // namespace dragoman
