// The Opus encoder settings recordings and streams share: the session's bitrate, frame size
// and complexity, the full audio band kept, and libopusenc's delays cut so pages leave the
// encoder soon after their audio (its defaults hold up to two seconds back).
#pragma once

#include "session/Session.h"

#include <string>

// libopusenc's opaque types (its header stays out of ours: it needs opus' include path).
struct OggOpusComments;
struct OggOpusEnc;

namespace dragoman {

// The Vorbis comments of an Ogg Opus recording or stream.
struct RecordingTags {
    std::string title;    // "Korea-US online summit: English (en)"
    std::string language; // ISO 639 code; empty for the floor
    std::string signal;   // "floor" or the channel id
    std::string session;
    std::string date; // ISO 8601 start time
};

// A comments object for the tags (the caller destroys it with ope_comments_destroy).
OggOpusComments* opusComments(const RecordingTags& tags);

// How a stream or file is paced. Files take variable bitrate (silence costs next to
// nothing); live streams a constant one, because browsers wait for a fixed amount of data
// before they start to play, which a silent channel at variable bitrate takes minutes to send.
enum class OpusBitrate { Variable, Constant };

// `muxingDelay48k`: how much audio (in 48 kHz samples) a page may hold before it is output.
void configureOpusEncoder(OggOpusEnc* encoder, const OpusSettings& opus, int muxingDelay48k,
                          OpusBitrate bitrate);

} // namespace dragoman
