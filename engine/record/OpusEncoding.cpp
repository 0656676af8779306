// See OpusEncoding.h.
#include "OpusEncoding.h"

#include <opus/opusenc.h>

namespace dragoman {

OggOpusComments* opusComments(const RecordingTags& tags) {
    OggOpusComments* comments = ope_comments_create();
    auto add = [comments](const char* tag, const std::string& value) {
        if (!value.empty())
            ope_comments_add(comments, tag, value.c_str());
    };
    add("TITLE", tags.title);
    add("LANGUAGE", tags.language);
    add("DRAGOMAN_SIGNAL", tags.signal);
    add("ALBUM", tags.session);
    add("DATE", tags.date);
    return comments;
}

namespace {

int frameDuration(int ms) {
    switch (ms) {
    case 10:
        return OPUS_FRAMESIZE_10_MS;
    case 40:
        return OPUS_FRAMESIZE_40_MS;
    case 60:
        return OPUS_FRAMESIZE_60_MS;
    default:
        return OPUS_FRAMESIZE_20_MS;
    }
}

} // namespace

void configureOpusEncoder(OggOpusEnc* encoder, const OpusSettings& opus, int muxingDelay48k,
                          OpusBitrate bitrate) {
    ope_encoder_ctl(encoder, OPUS_SET_BITRATE(opus.bitrateKbps * 1000));
    ope_encoder_ctl(encoder, OPUS_SET_VBR(bitrate == OpusBitrate::Variable ? 1 : 0));
    ope_encoder_ctl(encoder, OPUS_SET_COMPLEXITY(opus.complexity));
    ope_encoder_ctl(encoder, OPUS_SET_EXPERT_FRAME_DURATION(frameDuration(opus.frameMs)));
    // An archive and a broadcast, not a phone line: keep the full band (ISO 20108 wants
    // 125 Hz to 15 kHz) rather than let the encoder narrow it at lower bitrates.
    ope_encoder_ctl(encoder, OPUS_SET_MAX_BANDWIDTH(OPUS_BANDWIDTH_FULLBAND));
    ope_encoder_ctl(encoder, OPE_SET_DECISION_DELAY(4800)); // 0.1 s (default 2 s)
    ope_encoder_ctl(encoder, OPE_SET_MUXING_DELAY(muxingDelay48k));
}

} // namespace dragoman
