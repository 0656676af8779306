"""Headless Chromium driven over the DevTools protocol on a pipe (no WebDriver, no extra
packages): what the listener page tests share. Browser(extra_flags) starts it with an empty
profile; call() sends one command and waits for its answer."""
import json
import os
import subprocess
import tempfile
import time


class Browser:
    def __init__(self, extra_flags=()):
        self.profile = tempfile.TemporaryDirectory(prefix="dragoman-chromium-")
        commands_read, self.commands = os.pipe()
        self.replies, replies_write = os.pipe()

        def wire_pipes():  # Chromium reads commands on fd 3 and answers on fd 4
            os.dup2(commands_read, 3)
            os.dup2(replies_write, 4)

        self.process = subprocess.Popen(
            ["chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
             "--remote-debugging-pipe", "--autoplay-policy=no-user-gesture-required",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--user-data-dir=" + self.profile.name, *extra_flags,
             "about:blank"],
            # 3 and 4 are kept too: the fds closed after preexec_fn are all but these.
            pass_fds=(3, 4, commands_read, replies_write), preexec_fn=wire_pipes,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(commands_read)
        os.close(replies_write)
        self.next_id = 0
        self.buffer = b""
        self.session = None
        self.page = None

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
        self.page = page["targetId"]
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
        # The page first, as a person closes a tab: its unload handlers run (janus.js says
        # goodbye to Janus with a beacon, so its listener counts fall at once).
        try:
            if self.page:
                self.call("Page.close")
                until = time.monotonic() + 5
                while time.monotonic() < until and any(
                        t["targetId"] == self.page
                        for t in self.call("Target.getTargets", session=False)["targetInfos"]):
                    time.sleep(0.05)
        except Exception:
            pass
        try:
            self.call("Browser.close", session=False)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def tone_levels_js(page_object, tones):
    """A page expression: null before window[page_object] has its analyser, else each tone's
    amplitude (a sine of amplitude A reads A) in the analyser's last fftSize samples, by Goertzel
    under a Hann window (no leakage). `tones`: name -> Hz."""
    return """(() => {
  const o = window.%s;
  if (!o || !o.analyser) return null;
  const n = o.analyser.fftSize, x = new Float32Array(n);
  o.analyser.getFloatTimeDomainData(x);
  const rate = o.context.sampleRate, tones = %s, out = {};
  for (const [name, hz] of Object.entries(tones)) {
    const w = 2 * Math.PI * hz / rate, c = 2 * Math.cos(w);
    let s1 = 0, s2 = 0;
    for (let i = 0; i < n; i++) {
      const h = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
      const s0 = x[i] * h + c * s1 - s2; s2 = s1; s1 = s0;
    }
    out[name] = 4 * Math.sqrt(Math.max(0, s1 * s1 + s2 * s2 - c * s1 * s2)) / n;
  }
  return out;
})()""" % (page_object, json.dumps(tones))

