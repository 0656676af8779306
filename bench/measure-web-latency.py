#!/usr/bin/env python3
"""The browser's half of bench/WebListenerLatency.cpp: opens the live listener page and picks
English in one browser, and plays the same channel's Icecast stream in an <audio> element in
another, on a page of Icecast's own origin (its stream carries no CORS header, so a page from
elsewhere could not measure it); for SECONDS it stamps the onset of each tone burst in each (wall-clock ms, from
performance.timeOrigin + now(), polling a 256-sample analyser every 5 ms). Prints
{"webrtc": [ms, ...], "icecast": [ms, ...]}.

usage: measure-web-latency.py LIVE_PAGE_URL ICECAST_MOUNT_URL SECONDS
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "web"))
from chromium_pipe import Browser  # noqa: E402

# An onset detector on an analyser: loud after 0.3 s of quiet.
WATCH = """
  window.onsets = window.onsets || [];
  window.watch = node => {
    const a = node.context.createAnalyser();
    a.fftSize = 256;
    node.connect(a);
    const x = new Float32Array(a.fftSize);
    let quietSince = performance.now();
    setInterval(() => {
      a.getFloatTimeDomainData(x);
      let peak = 0;
      for (const v of x) peak = Math.max(peak, Math.abs(v));
      const now = performance.now();
      if (peak > 0.05) {
        if (now - quietSince > 300) window.onsets.push(performance.timeOrigin + now);
        quietSince = Infinity;
      } else if (quietSince === Infinity) {
        quietSince = now;
      }
    }, 5);
  };
"""
WEBRTC = WATCH + "window.watch(window.listener.analyser); true"
ICECAST = WATCH + """
  const context = new AudioContext();
  const audio = new Audio("%s");
  audio.play();
  const source = context.createMediaElementSource(audio);
  source.connect(context.destination);
  window.watch(source);
  true"""

FLAGS = ["--autoplay-policy=no-user-gesture-required",
         "--disable-features=WebRtcHideLocalIpsWithMdns", "--allow-loopback-in-peer-connection"]


def main():
    page_url, mount_url, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
    live, stream = Browser(FLAGS), Browser(FLAGS)
    try:
        live.open(page_url)
        live.wait_for("document.querySelectorAll('#languages button').length >= 1", 30)
        live.evaluate("document.querySelector('#languages button[lang=\"en\"]').click()")
        live.wait_for("window.listener.playing !== null", 30)
        live.evaluate(WEBRTC)
        stream.open(mount_url.rsplit("/", 1)[0] + "/status-json.xsl")
        stream.wait_for("document.readyState === 'complete'", 10)
        stream.evaluate(ICECAST % mount_url)
        time.sleep(seconds)
        onsets = {"webrtc": live.evaluate("window.onsets"),
                  "icecast": stream.evaluate("window.onsets")}
    finally:
        live.close()
        stream.close()
    print(json.dumps(onsets))


if __name__ == "__main__":
    main()
