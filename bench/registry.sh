#!/usr/bin/env bash
# Push/pull benchmark of DaaS's registry (/v2/) against Debian's CNCF reference registry
# (docker-registry), both on loopback, driven by skopeo with a ~256 MiB three-layer image.
# Prints medians of push and pull seconds, their DaaS/reference ratio, and idle and peak RSS.
# Usage: bash bench/registry.sh        (ROUNDS=N to change the default of 5 rounds)
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS="${ROUNDS:-5}"
SKOPEO=(skopeo --insecure-policy)
TMP="$(mktemp -d /tmp/daas-bench.XXXXXX)"
SERVER_PID=""
SERVER_LOG=""

cleanup() {
    local rc=$?
    if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    # On failure, show the end of the log of the server that was under test before it is deleted.
    if ((rc != 0)) && [[ -n "$SERVER_LOG" && -f "$SERVER_LOG" ]]; then
        echo "bench: failed (exit $rc); last lines of $(basename "$SERVER_LOG"):" >&2
        tail -n 40 "$SERVER_LOG" >&2
    fi
    rm -rf "$TMP"
}
trap cleanup EXIT

# --- tools ----------------------------------------------------------------------------------
source bench/lib.sh
install_missing /usr/bin/docker-registry:docker-registry skopeo:skopeo
# The package's own service (port 5000, htpasswd auth) is not the peer we measure: keep it off so
# it neither competes for the 2 cores nor confuses anyone; our instance runs from its own config.
if command -v systemctl >/dev/null && systemctl is-active --quiet docker-registry 2>/dev/null; then
    systemctl disable --now docker-registry >/dev/null 2>&1 || true
fi
docker info >/dev/null 2>&1 || bash scripts/setup.sh   # DaaS needs the engine at start-up

build_daas


# --- the image: three gzipped layers of random bytes (gzip cannot shrink them), written as an OCI
# layout by hand so that nothing is pulled from outside. Layers are gzipped up front because skopeo
# would otherwise compress them during every push, and the client's CPU would be what we measure.
IMG="$TMP/image"
make_image() {
    mkdir -p "$IMG/blobs/sha256" "$TMP/layers"
    local layers="" diffs="" i mib f tar_sum gz_sum size
    i=0
    for mib in 128 96 32; do
        i=$((i + 1)); f="$TMP/layers/l$i"; mkdir -p "$f"
        head -c "$((mib * 1024 * 1024))" /dev/urandom >"$f/data$i.bin"
        tar -C "$f" -cf "$f.tar" "data$i.bin"
        tar_sum=$(sha256sum "$f.tar" | cut -d' ' -f1)
        gzip -1 -n -c "$f.tar" >"$f.tar.gz"
        gz_sum=$(sha256sum "$f.tar.gz" | cut -d' ' -f1); size=$(stat -c %s "$f.tar.gz")
        mv "$f.tar.gz" "$IMG/blobs/sha256/$gz_sum"
        layers+="${layers:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$gz_sum\",\"size\":$size}"
        diffs+="${diffs:+,}\"sha256:$tar_sum\""
    done
    rm -rf "$TMP/layers"
    local config manifest
    config="{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[$diffs]}}"
    printf '%s' "$config" >"$TMP/blob"; mv_blob config
    manifest="{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:$BLOB_SUM\",\"size\":$BLOB_SIZE},\"layers\":[$layers]}"
    printf '%s' "$manifest" >"$TMP/blob"; mv_blob manifest
    printf '{"imageLayoutVersion":"1.0.0"}' >"$IMG/oci-layout"
    printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"bench"}}]}' \
        "$BLOB_SUM" "$BLOB_SIZE" >"$IMG/index.json"
}
mv_blob() {   # moves $TMP/blob into the layout under its digest; sets BLOB_SUM and BLOB_SIZE
    BLOB_SUM=$(sha256sum "$TMP/blob" | cut -d' ' -f1); BLOB_SIZE=$(stat -c %s "$TMP/blob")
    mv "$TMP/blob" "$IMG/blobs/sha256/$BLOB_SUM"
}
echo "bench: writing the test image"
make_image
"${SKOPEO[@]}" inspect "oci:$IMG:bench" >/dev/null
IMG_MIB=$(du -sm --apparent-size "$IMG" | cut -f1)

# --- servers: each run starts on an empty storage dir, so every push transfers every byte -----
start_server() {   # $1 = daas|ref, $2 = round; sets SERVER_PID, PORT, PUSH_CREDS, PULL_CREDS
    local dir="$TMP/$1-$2" code="" want _
    mkdir -p "$dir"; PORT=$(free_port); SERVER_LOG="$dir/server.log"
    if [[ "$1" == daas ]]; then
        DATA_DIR="$dir/data" HTTP_PORT="$PORT" HTTPS_PORT="$(free_port)" PASSWORD=bench USERNAME=admin DOMAIN_NAME=localhost \
            "$DAAS_BIN" >"$SERVER_LOG" 2>&1 &
        SERVER_PID=$!; PUSH_CREDS=(--dest-creds admin:bench); PULL_CREDS=(--src-creds admin:bench); want=401
    else
        cat >"$dir/config.yml" <<EOF
version: 0.1
log: {level: info}
storage:
  filesystem: {rootdirectory: $dir/storage}
  delete: {enabled: true}
http: {addr: "127.0.0.1:$PORT"}
EOF
        /usr/bin/docker-registry serve "$dir/config.yml" >"$SERVER_LOG" 2>&1 &
        SERVER_PID=$!; PUSH_CREDS=(--dest-no-creds); PULL_CREDS=(--src-no-creds); want=200
    fi
    for _ in $(seq 1 120); do   # ready when /v2/ answers: 401 (DaaS asks for Basic auth) or 200
        kill -0 "$SERVER_PID" 2>/dev/null || { echo "bench: $1 exited at start-up" >&2; exit 1; }
        code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/v2/" || true)
        [[ "$code" == "$want" ]] && break
        sleep 0.5
    done
    [[ "$code" == "$want" ]] || { echo "bench: $1 /v2/ answered '$code', not $want" >&2; exit 1; }
}
stop_server() {
    kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
}
kib() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$SERVER_PID/status"; }   # VmRSS / VmHWM in KiB

# One measured run: fresh server, idle RSS after a 2 s settle, timed push, timed pull, then the
# process's high-water mark (VmHWM: peak RSS since it started, so push and pull included).
run_one() {   # $1 = daas|ref, $2 = round
    local t0 t1 t2 t3 pulled="$TMP/pulled" ref
    start_server "$1" "$2"
    sleep 2
    echo "$(kib VmRSS)" >>"$TMP/$1.idle"
    ref="docker://127.0.0.1:$PORT/bench/img:r$2"
    # Before each timed step, write back what earlier steps left dirty (the last pulled copy, the
    # peer's unsynced blobs), so the kernel's flusher does not land in one server's timing at random.
    sync
    t0=$(now)
    "${SKOPEO[@]}" copy -q --dest-tls-verify=false "${PUSH_CREDS[@]}" "oci:$IMG:bench" "$ref" \
        || { echo "bench: push to $1 failed (round $2)" >&2; exit 1; }
    t1=$(now)
    rm -rf "$pulled"
    sync
    t2=$(now)
    "${SKOPEO[@]}" copy -q --src-tls-verify=false "${PULL_CREDS[@]}" "$ref" "dir:$pulled" \
        || { echo "bench: pull from $1 failed (round $2)" >&2; exit 1; }
    t3=$(now)
    echo "$(kib VmHWM)" >>"$TMP/$1.peak"
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >>"$TMP/$1.push"
    awk -v a="$t2" -v b="$t3" 'BEGIN { printf "%.3f\n", b - a }' >>"$TMP/$1.pull"
    printf '  round %d %-4s push %6ss  pull %6ss  idle %4s MiB  peak %4s MiB\n' "$2" "$1" \
        "$(tail -n1 "$TMP/$1.push")" "$(tail -n1 "$TMP/$1.pull")" \
        "$(($(tail -n1 "$TMP/$1.idle") / 1024))" "$(($(tail -n1 "$TMP/$1.peak") / 1024))"
    stop_server
    rm -rf "$pulled" "$TMP/$1-$2"   # wipe this run's storage and logs
}

# Anything else running shares the 2 cores with client and servers: show how busy the machine was.
echo "bench: $ROUNDS rounds, image ${IMG_MIB} MiB in 3 layers; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
    # Alternate who goes first, so page-cache warmth and machine drift don't favour one side.
    if ((round % 2)); then order=(daas ref); else order=(ref daas); fi
    for server in "${order[@]}"; do run_one "$server" "$round"; done
done

row() {   # $1 = label, $2 = file suffix, $3 = divisor (1024 turns KiB into MiB)
    local d r
    d=$(median "$TMP/daas.$2"); r=$(median "$TMP/ref.$2")
    awk -v l="$1" -v d="$d" -v r="$r" -v k="$3" 'BEGIN { printf "| %-16s | %9.2f | %9.2f | %5.2f |\n", l, d / k, r / k, d / r }'
}
echo
echo "Medians of $ROUNDS rounds, ${IMG_MIB} MiB image (ratio = DaaS / reference; below 1.0 = DaaS faster or smaller)"
echo
echo "| metric           |      DaaS | reference | ratio |"
echo "|------------------|-----------|-----------|-------|"
row "push (s)" push 1
row "pull (s)" pull 1
row "idle RSS (MiB)" idle 1024
row "peak RSS (MiB)" peak 1024
echo
echo "bench: done in ${SECONDS}s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
