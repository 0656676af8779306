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

std::string_view summitSessionJson() {
    return R"({
  "schema": 1,
  "name": "Korea-US online summit",
  "sampleRate": 48000.0,
  "floor": {
    "channels": 1,
    "language": "ko"
  },
  "limiter": {
    "ceilingDbfs": -6.0
  },
  "channelInterlock": "interlock",
  "channels": [
    {
      "id": "ko",
      "name": "한국어",
      "autoFloor": {
        "enabled": true,
        "fadeMs": 300.0
      },
      "floorBed": {
        "enabled": false,
        "levelDb": -18.0
      }
    },
    {
      "id": "en",
      "name": "English",
      "autoFloor": {
        "enabled": true,
        "fadeMs": 300.0
      },
      "floorBed": {
        "enabled": false,
        "levelDb": -18.0
      }
    },
    {
      "id": "ja",
      "name": "日本語",
      "autoFloor": {
        "enabled": true,
        "fadeMs": 300.0
      },
      "floorBed": {
        "enabled": false,
        "levelDb": -18.0
      }
    }
  ],
  "booths": [
    {
      "id": "ko-en",
      "outputs": {
        "a": "en",
        "b": "ko"
      },
      "relay": null,
      "interlock": "interlock",
      "consoles": [
        {
          "id": "ko-en-1",
          "seat": 1
        },
        {
          "id": "ko-en-2",
          "seat": 2
        }
      ]
    },
    {
      "id": "ja",
      "outputs": {
        "a": "ja"
      },
      "relay": "en",
      "interlock": "override",
      "consoles": [
        {
          "id": "ja-1",
          "seat": 1
        }
      ]
    }
  ]
}
)";
}

std::string_view summitCuesJson() {
    return R"([
  {"time": 0.5, "console": "ko-en-1", "action": "mic-on"},
  {"time": 1.0, "console": "ja-1", "action": "mic-on"},
  {"time": 6.0, "console": "ko-en-2", "action": "mic-on"},
  {"time": 6.5, "console": "ko-en-1", "action": "mic-off"},
  {"time": 9.0, "console": "ko-en-2", "action": "cough-down"},
  {"time": 9.8, "console": "ko-en-2", "action": "cough-up"},
  {"time": 12.0, "action": "floor-language", "language": "en"},
  {"time": 20.0, "console": "ja-1", "action": "slow-down", "on": true},
  {"time": 21.0, "console": "ja-1", "action": "slow-down", "on": false},
  {"time": 24.0, "action": "floor-language", "language": "ko"},
  {"time": 28.0, "console": "ko-en-2", "action": "mic-off"},
  {"time": 29.0, "console": "ja-1", "action": "mic-off"}
]
)";
}

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
