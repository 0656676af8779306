// See Demo.h. The script: a Korean speaker, then an English one, then Korean again; the
// bidirectional ko-en booth follows the floor and hands over between its two interpreters;
// the ja booth relays from English while Korean is spoken and hears the floor directly while
// English is; coughs, a slow-down signal and auto-floor at the end.
#include "Demo.h"

#include "SpeechSynth.h"
#include "session/SessionJson.h"

#include <algorithm>
#include <stdexcept>

namespace dragoman {

OfflineRenderRequest demoRequest() {
    OfflineRenderRequest request;
    const SessionLoad session = parseSession(summitSessionJson());
    const CueListLoad cues = parseCueList(summitCuesJson());
    if (!session.ok() || !cues.ok())
        throw std::logic_error("the built-in demo session or cue list is invalid");
    request.session = session.session;
    request.cues = cues.cues;
    request.durationSeconds = 30.0;
    const double rate = request.session.sampleRate;
    constexpr double kSeconds = 30.0;

    // The floor: a Korean speaker (low voice) for 12 s, an English one (high voice) for 12 s,
    // then the Korean speaker again.
    const std::vector<float> korean = synthesizeSpeech({118.0, 11, 4.8}, kSeconds, rate);
    const std::vector<float> english = synthesizeSpeech({205.0, 23, 4.2}, kSeconds, rate);
    // Speakers change with a 50 ms crossfade, as a floor mixer would, not with a cut.
    Audio floor{rate, 1, std::vector<float>(korean.size())};
    for (std::size_t i = 0; i < floor.samples.size(); ++i) {
        const double t = static_cast<double>(i) / rate;
        const double in = std::clamp((t - 12.0) / 0.05, 0.0, 1.0);
        const double out = std::clamp((t - 24.0) / 0.05, 0.0, 1.0);
        const double englishShare = in * (1.0 - out);
        floor.samples[i] = static_cast<float>(englishShare * double{english[i]} +
                                              (1.0 - englishShare) * double{korean[i]});
    }
    request.inputs["floor"] = std::move(floor);
    request.inputs["ko-en-1"] = {rate, 1, synthesizeSpeech({140.0, 31, 4.5}, kSeconds, rate)};
    request.inputs["ko-en-2"] = {rate, 1, synthesizeSpeech({180.0, 37, 4.6}, kSeconds, rate)};
    request.inputs["ja-1"] = {rate, 1, synthesizeSpeech({230.0, 41, 5.0}, kSeconds, rate)};
    return request;
}

} // namespace dragoman
