#!/usr/bin/env bash
# Puts the listener page (web/listen.html, with web/listener.css) into an Icecast web root, where Icecast serves it
# beside status-json.xsl, from which the page learns the languages on air. Listeners then
# open http://SERVER:8000/listen.html. Needs write access to the web root (root for the
# Debian package's).
#   scripts/install-listener-page.sh [WEBROOT]   (default: /usr/share/icecast2/web)
set -euo pipefail
cd "$(dirname "$0")/.."
webroot=${1:-/usr/share/icecast2/web}
if [[ ! -f "$webroot/status-json.xsl" ]]; then
  echo "install-listener-page: $webroot is not an Icecast web root (no status-json.xsl)" >&2
  exit 1
fi
install -m 0644 web/listen.html web/listener.css "$webroot/"
echo "install-listener-page: $webroot/listen.html"

