#!/usr/bin/env bash
# Debian's lilv tools read the built LV2 bundle: lv2ls lists it, lv2info describes its audio
# ports and names their groups after the session's buses.
# Usage: lv2-metadata.sh BUNDLE-DIR PLUGIN-URI
set -euo pipefail
export LV2_PATH=$(dirname "$1")
uri=$2
lv2ls | grep -qx "$uri" || { echo "FAIL: lv2ls does not list $uri"; exit 1; }
info=$(lv2info "$uri")
audio=$(grep -c "lv2core#AudioPort" <<<"$info" || true)
[ "$audio" -eq 11 ] || { echo "FAIL: expected 11 audio ports, lv2info shows $audio"; exit 1; }
ttl="$1/dsp.ttl"
for group in "Floor" "Mic ko-en-1" "Mic ja-1" "Channel en" "Phones ja-1"; do
  grep -q "lv2:name \"$group\"" "$ttl" || { echo "FAIL: no port group named $group"; exit 1; }
done
# Ports carry their buses' names, gains their unit, the maintainer absolute addresses (an
# empty one is read as the bundle's own file path).
for port in "Floor" "Mic ko-en-1" "Channel en" "Phones ja-1" "Talkback"; do
  grep -qE "^\s+Name:\s+$port\$" <<<"$info" || { echo "FAIL: lv2info shows no port named $port"; exit 1; }
done
if grep -q 'Audio \(In\|Out\) ' <<<"$info"; then echo "FAIL: ports still named Audio In/Out"; exit 1; fi
units=$(grep -c "units:unit units:db" "$ttl" || true)
[ "$units" -eq 12 ] || { echo "FAIL: expected dB on 12 gain parameters, found $units"; exit 1; }
grep -q "foaf:homepage <https://" "$ttl" || { echo "FAIL: no absolute maintainer homepage"; exit 1; }
grep -q "foaf:mbox <mailto:" "$ttl" || { echo "FAIL: no mailto: maintainer address"; exit 1; }
echo "lv2 metadata: listed, 11 audio ports named after their buses, groups too, dB on gains, maintainer addresses"
