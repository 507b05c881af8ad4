#!/usr/bin/env bash
# Builds images of the EdgeApp (this directory) where no image can be pulled: publishes it Native
# AOT, then makes a base FROM scratch holding the executable, the libraries `ldd` lists for it and
# for OpenSSL (which .NET loads at run time, for /upload's SHA-256) and /tmp. Each version is that
# base plus `ENV VERSION=...`: no layer of its own, so pushing a second version sends only a config.
#
# The published executable and the base are cached by a hash of the EdgeApp's sources, the build
# settings above it and the SDK version: a second run with unchanged sources publishes nothing.
# A lock on the cache makes parallel callers (test processes, the bench) publish once.
#
# Usage: build-image.sh --base          ensure the base; print its tag
#        build-image.sh TAG VERSION     ensure the base; build TAG serving VERSION
# The cache lives in $EDGE_APP_CACHE (default ~/.cache/daas-edge-app).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if [[ "${1:-}" != --base && $# -ne 2 ]]; then
    echo "usage: $0 --base | $0 TAG VERSION" >&2
    exit 2
fi

case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64) rid=linux-arm64 ;;
  *) echo "build-image.sh: no Native AOT build for machine type '$(uname -m)'" >&2; exit 1 ;;
esac

# What the executable is made of: its sources and project, the settings it imports, the SDK. The
# base also depends on this script (what it copies into the image), so its tag hashes both.
hash="$(
    cd "$root"
    { find tests/EdgeApp -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -not -path '*/bin/*' -not -path '*/obj/*' -print0 \
        | sort -z | xargs -0 sha256sum
      sha256sum Directory.Build.props Directory.Packages.props global.json
      dotnet --version
      echo "$rid"; } | sha256sum | cut -c1-16
)"
base="daas-edge-app-base:$( { echo "$hash"; sha256sum <"$here/build-image.sh"; } | sha256sum | cut -c1-16)"
cache="${EDGE_APP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/daas-edge-app}"
mkdir -p "$cache"

exec 9>"$cache/lock"
flock 9
if ! docker image inspect "$base" >/dev/null 2>&1; then
    out="$cache/$hash"
    if [[ ! -x "$out/EdgeApp" ]]; then
        echo "build-image.sh: publishing the EdgeApp (Native AOT) into $out ..." >&2
        rm -rf "$out.tmp"
        if ! dotnet publish "$here/EdgeApp.csproj" -c Release -r "$rid" -o "$out.tmp" -nologo -v q >"$cache/publish.log" 2>&1; then
            tail -n 30 "$cache/publish.log" >&2
            exit 1
        fi
        rm -rf "$out"
        mv "$out.tmp" "$out"
    fi

    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    mkdir -p "$work/rootfs/app" "$work/rootfs/tmp"
    chmod 1777 "$work/rootfs/tmp"
    cp "$out/EdgeApp" "$work/rootfs/app/EdgeApp"
    # As scripts/build-image.sh does for DaaS: the loader, each library ldd lists, OpenSSL and its libraries.
    libs=(/lib/*-linux-gnu/libssl.so.3 /lib/*-linux-gnu/libcrypto.so.3)
    mapfile -t linked < <(ldd "$out/EdgeApp" "${libs[@]}" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $1 !~ /:$/ { print $1 }' | sort -u)
    for lib in $(printf '%s\n' "${libs[@]}" "${linked[@]}" | sort -u); do
        cp -L --parents "$lib" "$work/rootfs/"
    done
    cat >"$work/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY rootfs/ /
LABEL daas.test-image=true
EXPOSE 8080
CMD ["/app/EdgeApp"]
DOCKERFILE
    # (The classic builder's deprecation notice goes to stderr: shown only when the build fails.)
    docker build -q -t "$base" "$work" >/dev/null 2>"$work/build.log" || { cat "$work/build.log" >&2; exit 1; }
fi
flock -u 9

if [[ "$1" == --base ]]; then
    echo "$base"
else
    if ! log="$(printf 'FROM %s\nENV VERSION="%s"\n' "$base" "$2" | docker build -q -t "$1" - 2>&1 >/dev/null)"; then
        echo "$log" >&2
        exit 1
    fi
fi
