#!/usr/bin/env bash
# Builds the DaaS image (default tag daas:latest, or the first argument) on this machine from a clean
# clone, where no image can be pulled: publishes DaaS with scripts/publish.sh unless
# .build/daas/Daas is newer than every source file, makes two local bases FROM scratch (busybox
# as the build stage's shell; the libraries the executable loads, as ldd lists them, plus OpenSSL,
# which .NET loads at run time, and the CA bundle, as the final stage's base), then runs the
# root Dockerfile with them. With internet access, `docker build -t daas .` needs none of this.
set -euo pipefail
cd "$(dirname "$0")/.."
tag="${1:-daas:latest}"

bash scripts/setup.sh --image >/dev/null

bin=.build/daas/Daas
if [[ ! -x "$bin" ]] || [[ -n "$(find src Directory.Build.props Directory.Packages.props -newer "$bin" -type f -not -path '*/bin/*' -not -path '*/obj/*' -print -quit)" ]]; then
    echo "build-image.sh: publishing DaaS (Native AOT, scripts/publish.sh) ..."
    bash scripts/publish.sh
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The build stage's base: a static busybox as /bin/sh, cp and mkdir.
mkdir -p "$work/build-base"
cp /bin/busybox "$work/build-base/busybox"
cat >"$work/build-base/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
DOCKERFILE
docker build -q -t daas-build-base:local "$work/build-base" >/dev/null

# The final stage's base: exactly the shared objects DaaS maps, at the paths the loader expects.
root="$work/runtime-base/rootfs"
mkdir -p "$root/tmp" "$root/etc/ssl/certs"
chmod 1777 "$root/tmp"
# Named as ldd names libraries (/lib/<triplet>/), so that each is copied once.
libs=(/lib/*-linux-gnu/libssl.so.3 /lib/*-linux-gnu/libcrypto.so.3)
# ldd prints "file:" before each file's list, then "name => /path (addr)" per library and "\t/path (addr)" for the loader.
mapfile -t linked < <(ldd "$bin" .build/daas/libe_sqlite3.so "${libs[@]}" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $1 !~ /:$/ { print $1 }' | sort -u)
for lib in $(printf '%s\n' "${libs[@]}" "${linked[@]}" | sort -u); do
    cp -L --parents "$lib" "$root/"
done
cp -L /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
cat >"$work/runtime-base/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY rootfs/ /
DOCKERFILE
docker build -q -t daas-runtime-base:local "$work/runtime-base" >/dev/null

docker build -q -t "$tag" \
    --build-arg BUILD_BASE=daas-build-base:local \
    --build-arg RUNTIME_BASE=daas-runtime-base:local \
    --build-arg PREBUILT=.build/daas \
    . >/dev/null
# The classic builder leaves the build stage as an untagged image (60 MB) each time the context
# changed; only those carry this label.
docker image prune -f --filter label=daas.build-stage=true >/dev/null
echo "build-image.sh: built $tag ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.1f MB", $1/1000000}'))"
