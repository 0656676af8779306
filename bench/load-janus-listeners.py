#!/usr/bin/env python3
"""The browser's half of bench/WebListenerLoad.cpp: in one headless Chromium page (the live
listener page, for its janus.js), opens ever more Streaming plugin handles watching one
mountpoint, each a WebRTC listener of its own; at each count, once every listener receives
packets, measures the Janus process's CPU (utime + stime from /proc) over 10 s and how many
listeners kept receiving. Prints a JSON list of {listeners, receiving, janus_cpu_pct}.

usage: load-janus-listeners.py PAGE_URL JANUS_PID MOUNTPOINT_ID COUNT [COUNT ...]
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "web"))
from chromium_pipe import Browser  # noqa: E402

# Listeners as janus.js handles on a Janus session of their own, each with its PeerConnection;
# window.load.packets() lists what each has received (its inbound RTP stats).
LISTENERS = """(() => {
  window.load = {handles: [], packets: null};
  const janus = new Janus({server: new URLSearchParams(location.search).get("janus"),
    success: () => { window.load.janus = janus; }});
  window.load.add = n => {
    for (let i = 0; i < n; i++) {
      let handle = null;
      window.load.janus.attach({plugin: "janus.plugin.streaming",
        success: h => { handle = h; h.send({message: {request: "watch", id: %d}}); },
        onmessage: (m, jsep) => {
          if (jsep) handle.createAnswer({jsep, tracks: [{type: "data"}],
            success: a => handle.send({message: {request: "start"}, jsep: a})});
        },
        onremotetrack: (track, mid, on) => {
          if (track.kind === "audio" && on && !handle.counted) {
            handle.counted = true;
            window.load.handles.push(handle);
          }
        },
      });
    }
  };
  window.load.packets = async () => {
    const out = [];
    for (const h of window.load.handles) {
      const pc = h.webrtcStuff.pc;
      let packets = 0;
      if (pc) (await pc.getStats()).forEach(r => {
        if (r.type === "inbound-rtp" && r.kind === "audio") packets += r.packetsReceived;
      });
      out.push(packets);
    }
    return out;
  };
  return true;
})()"""


def main():
    page_url, pid, mountpoint = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    counts = [int(c) for c in sys.argv[4:]]
    browser = Browser(["--autoplay-policy=no-user-gesture-required",
                       "--disable-features=WebRtcHideLocalIpsWithMdns",
                       "--allow-loopback-in-peer-connection"])
    results = []
    try:
        browser.open(page_url)
        browser.wait_for("typeof Janus !== 'undefined' && window.listener", 30)
        browser.evaluate(LISTENERS % mountpoint)
        browser.wait_for("window.load && window.load.janus", 30)
        for count in counts:
            have = browser.evaluate("window.load.handles.length")
            browser.evaluate("window.load.add(%d)" % (count - have))
            browser.wait_for("window.load.handles.length >= %d" % count, 120)
            # Every listener connected (packets in) before Janus is measured, within a minute.
            until = time.monotonic() + 60
            first = browser.evaluate("window.load.packets()")
            while sum(1 for p in first if p > 0) < count and time.monotonic() < until:
                time.sleep(1)
                first = browser.evaluate("window.load.packets()")
            ticks = os.sysconf("SC_CLK_TCK")

            def cpu():
                with open("/proc/%d/stat" % pid) as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                return (int(fields[11]) + int(fields[12])) / ticks

            before, started = cpu(), time.monotonic()
            mid = browser.evaluate("window.load.packets()")
            time.sleep(10)
            after = browser.evaluate("window.load.packets()")
            used = (cpu() - before) / (time.monotonic() - started)
            receiving = sum(1 for a, b in zip(mid, after) if b > a)
            results.append({"listeners": count, "receiving": receiving,
                            "janus_cpu_pct": round(100 * used, 1),
                            "connected_before": sum(1 for p in first if p > 0)})
    finally:
        browser.close()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
