#!/usr/bin/env python3
"""Drives the live listener page (web/live.html, WebRTC through Janus) in headless Chromium as
a listener would (chromium_pipe.py), and measures what it plays: the page's own analyser (the
signal after its balance, before the speakers) read for the tones given, by Goertzel in the
page. Steps, each waiting for its condition with a deadline, reported as JSON on stdout:

  buttons   the language buttons (id, language, label)
  first     tap FIRST (a language code); the tones heard, what the channel carries
  original  balance to "more original" (0): the tones heard, then back to interpretation
  second    tap SECOND: the same connection switches; the tones heard, what it carries
  restart   (with --restart-file F) writes F.ready and waits until F exists (the test
            restarts Janus meanwhile), then until the page has lost SECOND's tone and heard it
            again: how long that took, and whether the page was reloaded (never)
  hold      (with --hold-file F) stays on SECOND until F exists (at most 60 s)

usage: drive-live-page.py URL FIRST SECOND TONES_JSON EXPECTED_JSON [--screenshot F]
                          [--restart-file F] [--hold-file F]
TONES_JSON: {"floor": 440, "mic 1": 620, ...}; EXPECTED_JSON: the tone each of FIRST, SECOND
and "floor" carries, e.g. {"en": "mic 1", "ja": "floor", "floor": "floor"}
"""
import argparse
import base64
import json
import os
import time

from chromium_pipe import Browser, tone_levels_js


def measure_js(tones):
    """Each tone's amplitude in the page's analyser (the signal after its balance, before the
    speakers), and the page's state."""
    return """(() => { const l = window.listener, tones = %s;
  return tones && {tones, playing: l.playing, chosen: l.chosen, carries: l.carries,
          reconnects: l.reconnects, stateMessages: l.stateMessages,
          status: document.getElementById('status').textContent,
          carrying: document.getElementById('carrying').textContent,
          state: l.context.state}; })()""" % tone_levels_js("listener", tones)


def heard(measure, threshold=0.05):
    """The tones above threshold, loudest first."""
    if not measure:
        return []
    tones = measure["tones"]
    return sorted((t for t in tones if tones[t] > threshold), key=lambda t: -tones[t])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("first")
    parser.add_argument("second")
    parser.add_argument("tones")
    parser.add_argument("expected")
    parser.add_argument("--screenshot")
    parser.add_argument("--restart-file")
    parser.add_argument("--hold-file")
    args = parser.parse_args()
    tones = json.loads(args.tones)
    measure = measure_js(tones)
    browser = Browser(["--autoplay-policy=no-user-gesture-required",
                       "--disable-features=WebRtcHideLocalIpsWithMdns",
                       "--allow-loopback-in-peer-connection"])
    report = {}

    def wait_for_tone(tone, playing_id, seconds):
        """Until `tone` is the loudest heard while the page plays playing_id, and still so half a
        second later (the analyser holds the last 170 ms: a tone that is going reads for a
        moment), or the deadline. The last measure."""
        until = time.monotonic() + seconds
        last = None

        def matches(measure):
            return measure and measure["playing"] == playing_id and \
                heard(measure)[:1] == [tone]

        while time.monotonic() < until:
            last = browser.evaluate(measure)
            if matches(last):
                time.sleep(0.5)
                last = browser.evaluate(measure)
                if matches(last):
                    return last
            time.sleep(0.1)
        return last

    def tap(language):
        browser.evaluate("document.querySelector('#languages button[lang=\"%s\"]').click()"
                         % language)
        return browser.evaluate("Number(document.querySelector("
                                "'#languages button[lang=\"%s\"]').dataset.id)" % language)

    try:
        browser.open(args.url)
        browser.call("Emulation.setDeviceMetricsOverride",
                     {"width": 390, "height": 640, "deviceScaleFactor": 1, "mobile": True})
        report["buttons"] = browser.wait_for(
            "(() => { const b = [...document.querySelectorAll('#languages button')];"
            " return b.length >= 2 && b.map(x => ({id: Number(x.dataset.id), lang: x.lang,"
            " label: x.textContent})); })()", 30)
        browser.evaluate("window.__marker = 42")  # gone if the page reloads
        expected = json.loads(args.expected)
        first_id = tap(args.first)
        report["first"] = wait_for_tone(expected[args.first], first_id, 30)
        browser.wait_for("window.listener.carries !== ''", 10)
        report["first"] = browser.evaluate(measure)
        if args.screenshot:
            image = browser.call("Page.captureScreenshot", {"format": "png"})["data"]
            with open(args.screenshot, "wb") as file:
                file.write(base64.b64decode(image))
        browser.evaluate("(() => { const b = document.getElementById('balance'); b.value = 0;"
                         " b.dispatchEvent(new Event('input')); })()")
        report["original"] = wait_for_tone(expected["floor"], first_id, 30)
        browser.evaluate("(() => { const b = document.getElementById('balance'); b.value = 100;"
                         " b.dispatchEvent(new Event('input')); })()")
        wait_for_tone(expected[args.first], first_id, 30)
        second_id = tap(args.second)
        report["second"] = wait_for_tone(expected[args.second], second_id, 30)
        browser.wait_for("window.listener.carries !== ''", 10)
        report["second"] = browser.evaluate(measure)
        report["marker"] = browser.evaluate("window.__marker || 0")
        if args.restart_file:
            with open(args.restart_file + ".ready", "w") as ready:
                ready.write("ready\n")
            until = time.monotonic() + 60
            while not os.path.exists(args.restart_file) and time.monotonic() < until:
                time.sleep(0.05)
            started = time.monotonic()
            # First the page must notice that Janus went, then hear the channel again.
            browser.wait_for("window.listener.reconnects > 0", 30)
            back = wait_for_tone(expected[args.second], second_id, 60)
            report["restart"] = {"measure": back, "seconds": time.monotonic() - started,
                                 "marker": browser.evaluate("window.__marker || 0")}
        if args.hold_file:  # stays on SECOND until the test has seen what it needs
            until = time.monotonic() + 60
            while not os.path.exists(args.hold_file) and time.monotonic() < until:
                time.sleep(0.05)
    finally:
        browser.close()
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
