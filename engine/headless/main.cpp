// The `dragoman` program: validate a session, render WAV files through it offline, run the
// built-in demo, or run a session on an audio device (`dragoman run`, with its device host).
#include "JoinRun.h"
#include "LiveRun.h"
#include "device/DeviceHost.h"
#include "render/Demo.h"
#include "render/OfflineRender.h"
#include "session/SessionJson.h"
#include "session/SessionValidation.h"
#include "weblisten/WebMountpoints.h"

#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace dragoman;

constexpr const char* kUsage = R"(usage:
  dragoman validate SESSION.json
      Checks a session; prints every problem with the path of the field at fault.
      Exit status 0 when valid, 1 otherwise.
  dragoman render SESSION.json --out DIR [--cues CUES.json] [--input SOURCE=FILE.wav ...]
                  [--rate HZ] [--block FRAMES] [--seconds S]
      Renders WAV inputs through the session: SOURCE is "floor" or a console id (its mic).
      Writes channel-LANG.wav per language channel, phones-CONSOLE.wav per console and
      timeline.txt (who was on air on which channel, and when) into DIR. S is at most a
      day; a cue after the end is named and not applied. Exit status 0 rendered, 1 input
      refused (an argument, the session, a cue or an input that does not fit it), 2 a file
      that cannot be read or written, or too little memory.
  dragoman devices
      Lists every audio host API and device with channel counts and rates.
  dragoman run SESSION.json [--device NAME] [--rate HZ] [--block FRAMES] [--seconds S]
               [--osc-port PORT] [--log-level LEVEL] [--log-format text|json]
      Runs the session on an audio device (default: the system default) until SIGINT or
      SIGTERM (or S seconds); SIGHUP re-reads the session file (a bad one is reported and the
      running session stays). Device inputs: floor channels, then one mic per console;
      outputs: language channels, then one headphone feed per console, in session order
      (or as the session's "io" map says). A lost device is reopened, with back-off, and
      the console state kept. OSC remote control on 127.0.0.1:9000 unless the session's
      "osc" section or --osc-port (0 = none) says otherwise. Logs go to stderr, one line
      per event, as text or JSON lines; LEVEL info (the default) says what an operator
      needs (start, stop, faults, reloads, MIDI controllers), debug adds every booth event
      (who went on air where, refused keys, signals), warn and error say less.
      Exit status 0 when stopped, 1 invalid session, 2 the device, the I/O map or the OSC
      port could not be opened.
  dragoman join HOST:PORT --console ID (--secret-file FILE | --secret SECRET)
                [--mic-tone HZ | --mic-wav FILE] [--phones-wav FILE] [--seconds S]
                [--key NAME=VALUE@SECONDS ...] [--log-level LEVEL] [--log-format text|json]
      A headless remote console: joins the booth of console ID on a Dragoman that hosts
      remote booths (the session's "remote" section), proving the console's secret; sends a
      tone or a 48 kHz WAV file as the mic, keeps the headphone mix in a WAV file, presses
      keys at set times after joining (mic=1@2 puts the mic on air 2 s in, mic=0@9 takes
      it off; output-b=1, listen-en=1, volume=-6), and logs the host's state for the
      console and both paths' round trip, buffers and loss. Exit status 0 after S seconds
      or SIGINT, 3 if the join failed (refused, no answer, wrong secret), 4 if the host
      ended the session.
  dragoman janus-config SESSION.json
      Prints the Janus Streaming mountpoints of the session's "webListeners" as lines for
      janus.plugin.streaming.jcfg, for a Janus whose mountpoints are set up by hand rather
      than created by `dragoman run` through Janus's API. Exit status 0, 1 invalid session
      or one without "webListeners".
  dragoman demo [--out DIR]
      Renders half a minute of the summit example (docs/examples/summit.json) with
      synthesized speakers and interpreters into DIR (default: demo-out) and prints the
      timeline. Needs no sound card and no input files.
)";

int fail(const std::string& message) {
    std::cerr << "dragoman: " << message << "\n";
    return 2;
}

int validate(const std::vector<std::string>& args) {
    if (args.size() != 1)
        return fail("validate takes one session file\n" + std::string(kUsage));
    const SessionLoad load = loadSessionFile(args[0]);
    for (const Problem& problem : load.problems)
        std::cout << args[0] << ": " << problem.describe() << "\n";
    for (const std::string& notice : load.notices)
        std::cout << args[0] << ": note: " << notice << "\n";
    if (!load.ok())
        return 1;
    std::size_t consoles = 0;
    for (const Booth& booth : load.session.booths)
        consoles += booth.consoles.size();
    std::cout << args[0] << ": valid (" << load.session.channels.size() << " channels, "
              << load.session.booths.size() << " booths, " << consoles << " consoles)\n";
    return 0;
}

int janusConfig(const std::vector<std::string>& args) {
    if (args.size() != 1)
        return fail("janus-config takes one session file\n" + std::string(kUsage));
    const SessionLoad load = loadSessionFile(args[0]);
    for (const Problem& problem : load.problems)
        std::cerr << args[0] << ": " << problem.describe() << "\n";
    if (!load.ok())
        return 1;
    if (!load.session.webListeners) {
        std::cerr << args[0] << ": has no \"webListeners\" section: no mountpoints to write\n";
        return 1;
    }
    if (load.session.webListeners->srtp)
        std::cerr << args[0]
                  << ": note: webListeners.srtp is left out: SRTP keys are drawn for each run "
                     "and given to Janus through its API, never written to a file\n";
    std::cout << streamingJcfg(load.session);
    return 0;
}

double parseNumber(const std::string& option, const std::string& text) {
    try {
        std::size_t used = 0;
        const double value = std::stod(text, &used);
        if (used == text.size())
            return value;
    } catch (const std::exception&) {
    }
    throw std::invalid_argument(option + " expects a number, got \"" + text + "\"");
}

// Render's exit status: 1 for input it refuses (arguments, session, cues, inputs that do not
// fit the session), 2 for a file it cannot read or write, or memory it cannot get.
int refuse(const std::string& message) {
    std::cerr << "dragoman: " << message << "\n";
    return 1;
}

// A day is the most a render is asked for (it streams: memory does not grow with it).
constexpr double kMostRenderSeconds = 24 * 3600.0;

int renderWith(const std::vector<std::string>& args, RenderSettings& settings);

int render(const std::vector<std::string>& args) {
    if (args.empty())
        return refuse("render needs a session file\n" + std::string(kUsage));
    const SessionLoad session = loadSessionFile(args[0]);
    if (!session.ok()) {
        for (const Problem& problem : session.problems)
            std::cerr << args[0] << ": " << problem.describe() << "\n";
        return 1;
    }
    RenderSettings settings;
    settings.session = session.session;
    try {
        return renderWith(args, settings);
    } catch (const std::invalid_argument& e) {
        return refuse(e.what());
    }
}

// The options after the session file, then the render itself.
int renderWith(const std::vector<std::string>& args, RenderSettings& settings) {
    std::string outDir;
    std::map<std::string, std::filesystem::path> inputs;
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& option = args[i];
        if (i + 1 >= args.size())
            return refuse(option + " needs a value");
        const std::string& value = args[++i];
        const auto number = [&](double low, double high, const std::string& range) {
            const double v = parseNumber(option, value);
            if (!(v >= low && v <= high))
                throw std::invalid_argument(option + " must be " + range + ", got " + value);
            return v;
        };
        if (option == "--out") {
            outDir = value;
        } else if (option == "--cues") {
            const CueListLoad cues = loadCueListFile(value);
            for (const Problem& problem : cues.problems)
                std::cerr << value << ": " << problem.describe() << "\n";
            if (!cues.ok())
                return 1;
            settings.cues = cues.cues;
        } else if (option == "--input") {
            const auto equals = value.find('=');
            if (equals == std::string::npos || equals == 0)
                return refuse("--input expects SOURCE=FILE.wav, got \"" + value + "\"");
            if (!inputs.emplace(value.substr(0, equals), value.substr(equals + 1)).second)
                return refuse("--input " + value.substr(0, equals) + " is given twice");
        } else if (option == "--rate") {
            settings.sampleRate = number(SessionLimits::kMinSampleRate,
                                         SessionLimits::kMaxSampleRate, "44100 to 192000 Hz");
        } else if (option == "--block") {
            const double block = number(1.0, 65536.0, "1 to 65536 frames");
            if (block != std::floor(block))
                return refuse("--block must be a whole number of frames, got " + value);
            settings.blockFrames = static_cast<std::uint32_t>(block);
        } else if (option == "--seconds") {
            settings.durationSeconds =
                number(1e-3, kMostRenderSeconds, "more than 0 and at most 86400 (a day)");
        } else {
            return refuse("unknown option " + option + "\n" + std::string(kUsage));
        }
    }
    if (outDir.empty())
        return refuse("render needs --out DIR");
    RenderReport report;
    try {
        report = renderToDirectory(settings, inputs, outDir);
    } catch (const InvalidRenderInput& e) {
        return refuse(e.what());
    }
    for (const std::string& warning : report.warnings)
        std::cerr << "dragoman: warning: " << warning << "\n";
    std::cout << "rendered " << static_cast<double>(report.frames) / report.sampleRate << " s into "
              << outDir << "\n";
    return 0;
}

int run(const std::vector<std::string>& args) {
    if (args.empty())
        return fail("run needs a session file\n" + std::string(kUsage));
    LiveRunOptions options;
    options.sessionFile = args[0];
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& option = args[i];
        if (i + 1 >= args.size())
            return fail(option + " needs a value");
        const std::string& value = args[++i];
        if (option == "--device")
            options.device = value;
        else if (option == "--rate")
            options.sampleRate = parseNumber(option, value);
        else if (option == "--block")
            options.blockFrames = static_cast<std::uint32_t>(parseNumber(option, value));
        else if (option == "--seconds")
            options.seconds = parseNumber(option, value);
        else if (option == "--osc-port")
            options.oscPort = static_cast<int>(parseNumber(option, value));
        else if (option == "--log-level" && parseLogLevel(value))
            options.logLevel = *parseLogLevel(value);
        else if (option == "--log-level")
            return fail("--log-level is one of debug, info, warn, error, not \"" + value + "\"");
        else if (option == "--log-format" && parseLogFormat(value))
            options.logFormat = *parseLogFormat(value);
        else if (option == "--log-format")
            return fail("--log-format is text or json, not \"" + value + "\"");
        else
            return fail("unknown option " + option + "\n" + std::string(kUsage));
    }
    return runLive(options);
}

std::string readSecretFile(const std::string& file) {
    std::ifstream in(file);
    std::string secret;
    if (!in || !std::getline(in, secret))
        throw std::runtime_error("cannot read the secret from " + file);
    return secret;
}

int join(const std::vector<std::string>& args) {
    if (args.empty())
        return fail("join needs HOST:PORT\n" + std::string(kUsage));
    JoinRunOptions options;
    const auto colon = args[0].rfind(':');
    if (colon == std::string::npos || colon == 0)
        return fail("join expects HOST:PORT, got \"" + args[0] + "\"");
    options.host = args[0].substr(0, colon);
    if (options.host.size() > 2 && options.host.front() == '[' && options.host.back() == ']')
        options.host = options.host.substr(1, options.host.size() - 2); // [::1]:5004
    options.port = static_cast<int>(parseNumber("the port", args[0].substr(colon + 1)));
    for (std::size_t i = 1; i < args.size(); ++i) {
        const std::string& option = args[i];
        if (option == "--ignore-host-proof") { // tests of a host's defences only
            options.ignoreHostProof = true;
            continue;
        }
        if (i + 1 >= args.size())
            return fail(option + " needs a value");
        const std::string& value = args[++i];
        if (option == "--console")
            options.console = value;
        else if (option == "--secret")
            options.secret = value;
        else if (option == "--secret-file")
            options.secret = readSecretFile(value);
        else if (option == "--mic-tone")
            options.micToneHz = parseNumber(option, value);
        else if (option == "--mic-wav")
            options.micWav = value;
        else if (option == "--phones-wav")
            options.phonesWav = value;
        else if (option == "--seconds")
            options.seconds = parseNumber(option, value);
        else if (option == "--key")
            options.keys.push_back(parseScheduledKey(value));
        else if (option == "--log-level" && parseLogLevel(value))
            options.logLevel = *parseLogLevel(value);
        else if (option == "--log-format" && parseLogFormat(value))
            options.logFormat = *parseLogFormat(value);
        else
            return fail("unknown or wrong option " + option + " " + value + "\n" +
                        std::string(kUsage));
    }
    if (options.console.empty())
        return fail("join needs --console ID");
    if (options.secret.empty())
        return fail("join needs the console's secret (--secret-file FILE or --secret SECRET)");
    return runJoin(options);
}

int demo(const std::vector<std::string>& args) {
    std::string outDir = "demo-out";
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--out" && i + 1 < args.size())
            outDir = args[++i];
        else
            return fail("unknown demo option " + args[i] + "\n" + std::string(kUsage));
    }
    std::cout << "Dragoman demo: the Korea-US online summit, 30 seconds\n"
              << "  floor: Korean speaker, English speaker from 12 s, Korean again from 24 s\n"
              << "  booths: ko-en (bidirectional, consoles ko-en-1, ko-en-2), ja (relays en)\n\n";
    const OfflineRenderResult result = renderOffline(demoRequest());
    writeRenderResult(result, outDir);
    std::cout << result.timeline << "\nwrote";
    for (const RenderedSignal& signal : result.outputs)
        std::cout << " " << signal.name << ".wav";
    std::cout << " timeline.txt\ninto " << outDir << "/\n";
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    // A peer that vanished (a stream server, a log pipe's reader) must never end a session:
    // every write then fails with EPIPE, which its caller handles, instead of killing us.
    std::signal(SIGPIPE, SIG_IGN);
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::cout << kUsage;
        return args.empty() ? 2 : 0;
    }
    const std::string command = args[0];
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    try {
        if (command == "validate")
            return validate(rest);
        if (command == "janus-config")
            return janusConfig(rest);
        if (command == "render")
            return render(rest);
        if (command == "demo")
            return demo(rest);
        if (command == "devices")
            return listDevices();
        if (command == "run")
            return run(rest);
        if (command == "join")
            return join(rest);
        if (command == "device-host" && rest.size() == 2) // started by `run`, not by people
            return runDeviceHost(std::stoi(rest[0]), rest[1]);
        if (command == "--version")
            return std::cout << "dragoman 0.1.0\n", 0;
    } catch (const std::exception& e) {
        return fail(e.what());
    }
    return fail("unknown command \"" + command + "\"\n" + std::string(kUsage));
}
