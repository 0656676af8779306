#!/usr/bin/env bash
# Measures how many listeners one Icecast server serves a Dragoman language channel to on
# this machine: a dummy JACK server, Icecast on a free port, `dragoman run` streaming the
# summit's English channel at 64 kbit/s, then ever more loopback listeners until they no
# longer all keep up (bench/ListenerLoad.cpp). Not part of the tests.
#   bench/listeners.sh [N ...]     (default: 500 1000 2000 4000 8000)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
counts=("$@")
((${#counts[@]})) || counts=(500 1000 2000 4000 8000)

source bench/scratch-dir.sh listeners
chmod 777 "$work"

export JACK_DEFAULT_SERVER=dragoman-bench-$$ JACK_NO_AUDIO_RESERVATION=1
jackd --no-realtime -n "$JACK_DEFAULT_SERVER" -d dummy -r 48000 -p 256 >"$work/jackd.log" 2>&1 &
pids+=($!)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
owner=""
((EUID == 0)) && owner="<changeowner><user>nobody</user><group>nogroup</group></changeowner>"
cat >"$work/icecast.xml" <<XML
<icecast><location>bench</location><admin>bench@localhost</admin>
<limits><clients>20000</clients><sources>4</sources><burst-size>65536</burst-size></limits>
<authentication><source-password>bench</source-password><admin-password>bench-admin</admin-password></authentication>
<hostname>127.0.0.1</hostname><listen-socket><port>$port</port><bind-address>127.0.0.1</bind-address></listen-socket>
<paths><basedir>/usr/share/icecast2</basedir><logdir>$work</logdir><webroot>/usr/share/icecast2/web</webroot><adminroot>/usr/share/icecast2/admin</adminroot></paths>
<logging><errorlog>error.log</errorlog><accesslog>-</accesslog><loglevel>1</loglevel></logging>
<security><chroot>0</chroot>$owner</security></icecast>
XML
icecast2 -c "$work/icecast.xml" >"$work/icecast.out" 2>&1 &
icecast=$!
pids+=($icecast)

python3 - "$port" >"$work/session.json" <<'PY'
import json, sys
session = json.load(open("docs/examples/summit.json"))
session["streams"] = {"port": int(sys.argv[1]), "password": "bench", "mounts": {"en": "/en.opus"}}
print(json.dumps(session))
PY
sleep 1
"$build/engine/dragoman" run "$work/session.json" --device system --osc-port 0 \
  --log-level warn >"$work/dragoman.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do
  curl -s "http://127.0.0.1:$port/status-json.xsl" | grep -q '"listenurl"' && break
  sleep 0.1
done

echo "One Icecast 2 ($(icecast2 -v 2>&1 | head -1)) on $(nproc) cores, one 64 kbit/s Ogg Opus"
echo "mount, listeners on loopback on the same machine (a kept-up listener gets >= 90 % of"
echo "the bitrate over 5 s):"
"$build/bench/dragoman_listener_load" "$port" /en.opus 64 "$icecast" "${counts[@]}"
