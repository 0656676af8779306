#!/usr/bin/env bash
# The standalone app starts in a virtual display, shows its window, keeps running, and quits
# cleanly on SIGTERM. Usage: standalone-starts.sh PATH-TO-STANDALONE [SCREENSHOT.png]
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
export DRAGOMAN_STANDALONE_APP=$app DRAGOMAN_SHOT=$shot
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  "$DRAGOMAN_STANDALONE_APP" >/dev/null 2>&1 &
  pid=$!
  # Until the window shows (a first start on a busy machine takes its time), at most 60 s.
  for _ in $(seq 1 240); do
    if xwininfo -root -tree | grep -q "\"Dragoman\""; then break; fi
    sleep 0.25
  done
  if ! xwininfo -root -tree | grep -q "\"Dragoman\""; then
    echo "FAIL: no Dragoman window after 60 s"; kill $pid 2>/dev/null; exit 1
  fi
  sleep 2
  if ! kill -0 $pid 2>/dev/null; then echo "FAIL: the app exited on its own"; exit 1; fi
  if [ -n "$DRAGOMAN_SHOT" ] && command -v import >/dev/null; then
    import -window root "$DRAGOMAN_SHOT"
  fi
  kill -TERM $pid
  for _ in $(seq 1 40); do kill -0 $pid 2>/dev/null || break; sleep 0.25; done
  if kill -0 $pid 2>/dev/null; then echo "FAIL: still running 10 s after SIGTERM"; kill -9 $pid; exit 1; fi
  echo "standalone app: no display refused; window shown, running, quit on SIGTERM"
'
