#!/usr/bin/env python3
"""Drives the listener page in headless Chromium as a listener would, over the DevTools
protocol on a pipe (no WebDriver, no extra packages): open the page, tap a language, wait
until its audio plays, tap another, and report what the page and its audio element did, as
JSON on stdout. The Catch2 test that runs this asserts on the report.

usage: drive-chromium.py URL FIRST_MOUNT SECOND_MOUNT [SCREENSHOT.png]
(the screenshot is taken on a phone-sized screen while the first language plays)
"""
import base64
import json
import os
import subprocess
import sys
import tempfile
import time


class Browser:
    def __init__(self):
        self.profile = tempfile.TemporaryDirectory(prefix="dragoman-chromium-")
        commands_read, self.commands = os.pipe()
        self.replies, replies_write = os.pipe()

        def wire_pipes():  # Chromium reads commands on fd 3 and answers on fd 4
            os.dup2(commands_read, 3)
            os.dup2(replies_write, 4)

        self.process = subprocess.Popen(
            ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
             "--remote-debugging-pipe", "--autoplay-policy=no-user-gesture-required",
             "--no-first-run", "--user-data-dir=" + self.profile.name, "about:blank"],
            # 3 and 4 are kept too: the fds closed after preexec_fn are all but these.
            pass_fds=(3, 4, commands_read, replies_write), preexec_fn=wire_pipes,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(commands_read)
        os.close(replies_write)
        self.next_id = 0
        self.buffer = b""
        self.session = None

    def call(self, method, params=None, session=True):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self.buffer:
                chunk = os.read(self.replies, 65536)
                if not chunk:
                    raise RuntimeError("chromium closed the pipe")
                self.buffer += chunk
            line, self.buffer = self.buffer.split(b"\0", 1)
            reply = json.loads(line)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(method + ": " + json.dumps(reply["error"]))
                return reply.get("result", {})

    def open(self, url):
        targets = self.call("Target.getTargets", session=False)["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget",
                                 {"targetId": page["targetId"], "flatten": True},
                                 session=False)["sessionId"]
        self.call("Page.enable")
        self.call("Page.navigate", {"url": url})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate",
                           {"expression": expression, "returnByValue": True,
                            "awaitPromise": True})
        return result.get("result", {}).get("value")

    def wait_for(self, expression, seconds):
        until = time.monotonic() + seconds
        while time.monotonic() < until:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.1)
        return None

    def close(self):
        try:
            self.call("Browser.close", session=False)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


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
