#!/usr/bin/env bash
# The standalone app starts in a virtual display, shows its window, keeps running, and quits
# cleanly on SIGTERM. Usage: standalone-starts.sh PATH-TO-STANDALONE [SCREENSHOT.png]
# On a failure it prints what the app said and, if it hangs, where each of its threads is.
set -euo pipefail
app=$1
shot=${2:-}
# Without a display it says so and exits 1 (no crash, no hang).
set +e
said=$(env -u DISPLAY -u WAYLAND_DISPLAY timeout 20 "$app" 2>&1 >/dev/null)
status=$?
set -e
if [ "$status" -ne 1 ] || ! grep -q "no display" <<<"$said"; then
  echo "FAIL: without a display the app exited $status, saying: $said"; exit 1
fi
log=$(mktemp /tmp/dragoman-standalone-XXXXXX.log)
# A home of its own: the app's saved settings (audio device, window) from an earlier run or
# another test never change how it starts.
home=$(mktemp -d /tmp/dragoman-standalone-home-XXXXXX)
trap 'rm -rf "$log" "$home"' EXIT
export DRAGOMAN_STANDALONE_APP=$app DRAGOMAN_SHOT=$shot DRAGOMAN_APP_LOG=$log DRAGOMAN_HOME=$home
# -noreset: without it Xvfb resets whenever its last client leaves, and refuses connections
# meanwhile; the window polls below would then race the app's own connection.
xvfb-run -a -s "-screen 0 1280x800x24 -noreset" bash -c '
  HOME=$DRAGOMAN_HOME "$DRAGOMAN_STANDALONE_APP" >"$DRAGOMAN_APP_LOG" 2>&1 &
  pid=$!
  explain() { # what the app said, and where its threads are if it still runs
    echo "--- the app said:"; tail -n 40 "$DRAGOMAN_APP_LOG"
    if kill -0 $pid 2>/dev/null && command -v gdb >/dev/null; then
      echo "--- its threads:"
      timeout 60 gdb -p $pid -batch -ex "thread apply all bt 25" 2>/dev/null | grep -E "^(Thread|#)"
    fi
    echo "--- windows:"; xwininfo -root -tree | head -n 20
  }
  # Until the window shows (a first start on a busy machine takes its time), at most 120 s.
  for _ in $(seq 1 480); do
    if xwininfo -root -tree | grep -q "\"Dragoman\""; then break; fi
    if ! kill -0 $pid 2>/dev/null; then
      wait $pid; echo "FAIL: the app exited ($?) before its window showed"; explain; exit 1
    fi
    sleep 0.25
  done
  if ! xwininfo -root -tree | grep -q "\"Dragoman\""; then
    echo "FAIL: no Dragoman window after 120 s"; explain; kill -9 $pid 2>/dev/null; exit 1
  fi
  # Still running a moment later (it does not quit or crash once shown).
  sleep 2
  if ! kill -0 $pid 2>/dev/null; then echo "FAIL: the app exited on its own"; explain; exit 1; fi
  if [ -n "$DRAGOMAN_SHOT" ] && command -v import >/dev/null; then
    import -window root "$DRAGOMAN_SHOT"
  fi
  kill -TERM $pid
  for _ in $(seq 1 120); do kill -0 $pid 2>/dev/null || break; sleep 0.25; done
  if kill -0 $pid 2>/dev/null; then
    echo "FAIL: still running 30 s after SIGTERM"; explain; kill -9 $pid; exit 1
  fi
  echo "standalone app: no display refused; window shown, running, quit on SIGTERM"
'
