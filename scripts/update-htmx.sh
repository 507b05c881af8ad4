#!/usr/bin/env bash
# Replaces the UI's htmx with the given version from npm, byte for byte as published:
#   scripts/update-htmx.sh 2.0.11
# htmx is 0BSD; its minified file carries no header, so its LICENSE is kept beside it.
set -euo pipefail
version="${1:?usage: scripts/update-htmx.sh VERSION (e.g. 2.0.11)}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "htmx.org@$version" >/dev/null && tar xzf "htmx.org-$version.tgz")
cp "$work/package/dist/htmx.min.js" "$root/src/Daas/Web/wwwroot/htmx.min.js"
cp "$work/package/LICENSE" "$root/src/Daas/Web/wwwroot/htmx.LICENSE.txt"
echo "htmx $version: src/Daas/Web/wwwroot/htmx.min.js ($(wc -c <"$root/src/Daas/Web/wwwroot/htmx.min.js") bytes)"
