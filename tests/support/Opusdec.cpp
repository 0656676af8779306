// See Opusdec.h.
#include "Opusdec.h"

#include "files/WavFile.h"

#include <cstdlib>

namespace dragoman::test {

std::vector<float> decodeWithOpusdec(const std::filesystem::path& opus) {
    const std::filesystem::path wav = opus.string() + ".decoded.wav";
    const std::string command = "opusdec --quiet --rate 48000 --float '" + opus.string() + "' '" +
                                wav.string() + "' 2>/dev/null";
    if (std::system(command.c_str()) != 0 || !std::filesystem::exists(wav))
        return {};
    const Audio audio = readAudioFile(wav);
    std::filesystem::remove(wav);
    return audio.channel(0);
}

} // namespace dragoman::test
