#!/usr/bin/env bash
# Prepares this machine for DaaS: installs Debian's Docker engine, the C toolchain that Native AOT
# links with (and, with --test, the tools the tests drive) when missing, then starts dockerd when no
# engine answers. Safe to run again. --image adds what scripts/build-image.sh needs.
set -euo pipefail

packages=()
command -v dockerd >/dev/null || packages+=(docker.io)
# scripts/publish.sh links the executable with clang or gcc and strips it with objcopy.
command -v clang >/dev/null || command -v gcc >/dev/null || packages+=(clang)
command -v objcopy >/dev/null || packages+=(binutils)
dpkg -s libc6-dev >/dev/null 2>&1 || packages+=(libc6-dev)
# scripts/build-image.sh (and the test images) use the static busybox as a shell in images FROM scratch.
if [[ "${1:-}" == "--test" || "${1:-}" == "--image" ]]; then
    dpkg -s busybox-static >/dev/null 2>&1 || packages+=(busybox-static)
fi
if [[ "${1:-}" == "--test" ]]; then
    command -v skopeo >/dev/null || packages+=(skopeo)
    command -v buildah >/dev/null || packages+=(buildah)
    # The ACME server the HTTPS tests issue certificates from (with pebble-challtestsrv as its DNS).
    command -v pebble >/dev/null || packages+=(pebble)
    # The browser the UI tests drive (through Microsoft.Playwright, without its own browser download).
    command -v chromium >/dev/null || packages+=(chromium)
    # tests/swarm/lab.sh: network namespaces, veth links and a bridge (ip), unshare (util-linux).
    command -v ip >/dev/null || packages+=(iproute2)
    command -v unshare >/dev/null || packages+=(util-linux)
fi

if ((${#packages[@]})); then
    echo "setup: installing ${packages[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${packages[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
    echo "setup: starting dockerd (log: /var/log/dockerd.log)"
    # In a session of its own, so it outlives the shell (and process group) that started it.
    setsid nohup dockerd >/var/log/dockerd.log 2>&1 &
    for _ in $(seq 1 60); do
        docker info >/dev/null 2>&1 && break
        sleep 1
    done
    docker info >/dev/null 2>&1 || { echo "setup: dockerd did not start; see /var/log/dockerd.log" >&2; exit 1; }
fi
echo "setup: Docker engine $(docker info --format '{{.ServerVersion}}') is running"
