#!/usr/bin/env python3
"""Drives the meeting page (web/meeting.html, Janus's AudioBridge) in headless Chromium as a
participant would (chromium_pipe.py): joins with a name and a language, speaking the WAV given
through Chromium's fake microphone, optionally listens to an interpretation, and measures what
the page plays (its own analyser, by Goertzel in the page). Steps, each waiting for its
condition with a deadline, reported as JSON on stdout:

  joined    in the room, the microphone's offer answered: the people listed, who speaks
  heard     (with --listen L and --expect T) the tones heard once listening to L (a language,
            or "original": the room) and T loudest
  bursts    (with --listen L and --bursts S) for S seconds, the onsets of bursts in the page's
            own microphone ("mic") and in what it receives of L ("ear"), in seconds of the
            page's AudioContext: the loop's mouth-to-ear time, one clock at both ends
  left      after STOP_FILE exists (at most --stay seconds), the page closed as a tab is

usage: drive-meeting-page.py URL NAME LANGUAGE WAV STOP_FILE [--listen L [--expect T
                             --tones JSON] [--bursts S]] [--stay S]
"""
import argparse
import json
import os
import time

from chromium_pipe import Browser, tone_levels_js

def measure_js(tones):
    """The page's tones and what it listens to."""
    return """(() => { const m = window.meeting, tones = %s;
  return tones && {tones, listening: m.listening, playing: m.playing}; })()""" % \
        tone_levels_js("meeting", tones)

# Burst onsets: a sample above 0.05 after at least 0.3 s below, timed to the sample in the
# AudioContext's clock, in the microphone as sent and in the interpretation as received.
WATCH_BURSTS = """(() => { const m = window.meeting;
  const ear = document.getElementById('language-audio');
  if (!m.localTrack || !m.context || !ear || !ear.srcObject) return false;
  const bursts = window.bursts = {mic: [], ear: []}, rate = m.context.sampleRate;
  const watch = (stream, list) => {
    const source = m.context.createMediaStreamSource(stream);
    const node = m.context.createScriptProcessor(1024, 1, 1);
    let quiet = 0;
    node.onaudioprocess = e => {
      const x = e.inputBuffer.getChannelData(0);
      for (let i = 0; i < x.length; i++) {
        if (Math.abs(x[i]) > 0.05) {
          if (quiet > 0.3 * rate && list.length < 400) list.push(e.playbackTime + i / rate);
          quiet = 0;
        } else quiet++;
      }
    };
    source.connect(node);
    node.connect(m.context.destination); // a script node runs only while connected
    bursts['nodes_' + list.length + Math.random()] = [source, node];
  };
  watch(new MediaStream([m.localTrack]), bursts.mic);
  watch(ear.srcObject, bursts.ear);
  return true; })()"""

# What the page's microphone sends: Opus payload bit/s over 20 ms packets.
SENDING = """(async () => { const pc = bridge && bridge.webrtcStuff && bridge.webrtcStuff.pc;
  if (!pc) return null;
  for (const r of (await pc.getStats()).values())
    if (r.type === "outbound-rtp" && r.kind === "audio" && r.packetsSent > 0)
      return {packets: r.packetsSent, bitrate: Math.round(8 * r.bytesSent / (r.packetsSent * 0.02))};
  return null; })()"""

STATE = """(() => { const m = window.meeting; return m && {joined: m.joined, me: m.me,
  people: [...m.people.values()].map(p => p.display),
  channels: m.channels.map(c => c.language),
  speaking: document.getElementById('speaking').textContent,
  status: document.getElementById('status').textContent}; })()"""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("name")
    parser.add_argument("language")
    parser.add_argument("wav")
    parser.add_argument("stop_file")
    parser.add_argument("--listen")
    parser.add_argument("--expect")
    parser.add_argument("--tones", default="{}")
    parser.add_argument("--bursts", type=float)
    parser.add_argument("--stay", type=float, default=120)
    args = parser.parse_args()
    browser = Browser(["--autoplay-policy=no-user-gesture-required",
                       "--disable-features=WebRtcHideLocalIpsWithMdns",
                       "--allow-loopback-in-peer-connection",
                       "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                       "--use-file-for-fake-audio-capture=" + args.wav])
    report = {}
    try:
        browser.open(args.url + "&name=" + args.name + "&lang=" + args.language)
        # The interpretations listed (or none: the page works without), then join.
        browser.wait_for("window.meeting && document.getElementById('speaks') !== null", 30)
        browser.wait_for("window.meeting.channels.length > 0", 5)
        browser.evaluate("(() => { const s = document.getElementById('speaks');"
                         " if (![...s.options].some(o => o.value === %s))"
                         "   s.append(new Option(%s, %s));"
                         " s.value = %s;"
                         " document.querySelector('#join button').click(); })()"
                         % ((json.dumps(args.language),) * 4))
        browser.wait_for("window.meeting.joined && window.meeting.playing === 'original'", 30)
        report["joined"] = browser.evaluate(STATE)
        if args.listen:
            tones = json.loads(args.tones)
            measure = measure_js(tones)
            # "original" is the room; a language is its interpretation's mountpoint.
            target = browser.evaluate(
                "(() => { const c = %s === 'original' ? {id: 'original'} :"
                " window.meeting.channels.find(c => c.language === %s);"
                " if (c) document.querySelector('#languages button[data-id=\"' + c.id +"
                " '\"]').click(); return c ? c.id : null; })()"
                % (json.dumps(args.listen), json.dumps(args.listen)))
            until = time.monotonic() + 30
            last = None
            while args.expect and time.monotonic() < until:
                last = browser.evaluate(measure)
                if last and last["playing"] == target:
                    loud = sorted(last["tones"], key=lambda t: -last["tones"][t])
                    if loud and loud[0] == args.expect and last["tones"][loud[0]] > 0.05:
                        time.sleep(0.5)
                        last = browser.evaluate(measure)
                        break
                time.sleep(0.1)
            report["heard"] = last
        if args.bursts:
            if not browser.wait_for("window.meeting.playing === %s" % json.dumps(target), 30):
                raise RuntimeError("the interpretation never played")
            if not browser.wait_for(WATCH_BURSTS, 10):
                raise RuntimeError("no microphone or interpretation to watch for bursts")
            time.sleep(args.bursts)
            report["bursts"] = browser.evaluate(
                "({mic: window.bursts.mic, ear: window.bursts.ear})")
        until = time.monotonic() + args.stay
        while not os.path.exists(args.stop_file) and time.monotonic() < until:
            report["last"] = browser.evaluate(STATE)
            time.sleep(0.2)
        report["sending"] = browser.evaluate(SENDING)
        report["left"] = True
    except Exception as error:  # reported, so the test says what went wrong
        report["error"] = str(error)
    finally:
        browser.close()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
