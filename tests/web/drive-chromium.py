#!/usr/bin/env python3
"""Drives the listener page in headless Chromium as a listener would (chromium_pipe.py):
open the page, tap a language, wait until its audio plays, tap another, and report what the
page and its audio element did, as JSON on stdout. The Catch2 test that runs this asserts on the report.

usage: drive-chromium.py URL FIRST_MOUNT SECOND_MOUNT [SCREENSHOT.png]
(the screenshot is taken on a phone-sized screen while the first language plays)
"""
import base64
import json
import sys

from chromium_pipe import Browser


def audio_state():
    return ("({playing: document.body.dataset.playing || '', src: player.currentSrc,"
            " paused: player.paused, time: player.currentTime, marker: window.__marker || 0,"
            " status: document.getElementById('status').textContent,"
            " pressed: [...document.querySelectorAll('#languages button[aria-pressed=true]')]"
            ".map(b => b.dataset.mount)})")


def listen_to(browser, mount):
    browser.evaluate("document.querySelector('#languages button[data-mount=\"%s\"]').click()"
                     % mount)
    browser.wait_for("document.body.dataset.playing === '%s' && player.currentTime > 1.0"
                     % mount, 20)
    return browser.evaluate(audio_state())


def main():
    url, first, second = sys.argv[1:4]
    screenshot = sys.argv[4] if len(sys.argv) > 4 else None
    browser = Browser()
    report = {}
    try:
        browser.open(url)
        browser.call("Emulation.setDeviceMetricsOverride",
                     {"width": 390, "height": 560, "deviceScaleFactor": 1, "mobile": True})
        report["buttons"] = browser.wait_for(
            "(() => { const b = [...document.querySelectorAll('#languages button')];"
            " return b.length >= 2 && b.map(x => ({mount: x.dataset.mount, lang: x.lang,"
            " label: x.textContent})); })()", 20)
        report["title"] = browser.evaluate("document.getElementById('event').textContent")
        browser.evaluate("window.__marker = 42")  # gone if the page reloads
        report["first"] = listen_to(browser, first)
        if screenshot:
            image = browser.call("Page.captureScreenshot", {"format": "png"})["data"]
            with open(screenshot, "wb") as file:
                file.write(base64.b64decode(image))
        report["second"] = listen_to(browser, second)
    finally:
        browser.close()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
