#!/usr/bin/env bash
# Redeploy benchmark: DaaS (Native AOT) on loopback serves the EdgeApp (tests/EdgeApp) while it is
# redeployed REDEPLOYS times, each time by pushing a new VERSION, under three kinds of traffic:
#  - steady requests to /: one curl process, one keep-alive connection, transfers started at most
#    RATE per second (`curl --rate`) one after another. This is not an open-loop generator: an
#    answer slower than 1/RATE delays the requests behind it, so a stall shows up as fewer requests
#    sent, not as more failures;
#  - SLOW loops, each keeping one /slow?ms=5000 request in flight at all times (the drain must
#    let them finish);
#  - one WebSocket to /ws (bash /dev/tcp: the handshake, then a masked text frame each second with
#    a zero masking key, replies read with dd), opened again whenever it is closed.
# Reports: requests sent and failed (non-2xx or no answer) of each kind; push-to-live median and max
# (from the start of `docker push` until / answers the new VERSION); for each WebSocket, the release
# it was opened on and how long after that release was replaced it was closed, against
# DRAIN_TIMEOUT.
# Usage: bash bench/redeploy.sh   (REDEPLOYS=10, RATE=50, SLOW=3, DRAIN=10 s, PAUSE=2 s between redeploys)
set -euo pipefail
cd "$(dirname "$0")/.."

REDEPLOYS="${REDEPLOYS:-10}"
RATE="${RATE:-50}"
SLOW="${SLOW:-3}"
DRAIN="${DRAIN:-10}"
PAUSE="${PAUSE:-2}"
NETWORK=daas-bench-redeploy
TMP="$(mktemp -d /tmp/daas-bench-redeploy.XXXXXX)"
PIDS=()

cleanup() {
    local rc=$?
    touch "$TMP/stop"
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
    if ((rc != 0)) && [[ -f "$TMP/daas.log" ]]; then
        echo "bench: failed (exit $rc); last lines of DaaS's log:" >&2
        tail -n 40 "$TMP/daas.log" >&2
    fi
    # The app containers DaaS started are the ones on the bench's own network.
    docker ps -aq --filter "network=$NETWORK" | xargs -r docker rm -f >/dev/null 2>&1 || true
    docker network rm "$NETWORK" >/dev/null 2>&1 || true
    docker images --format '{{.Repository}}:{{.Tag}}' | grep -E "^localhost:${HTTP_PORT:-none}/" | xargs -r docker rmi -f >/dev/null 2>&1 || true
    rm -rf "$TMP"
}
trap cleanup EXIT

command -v curl >/dev/null || { echo "bench: curl is needed" >&2; exit 1; }
docker info >/dev/null 2>&1 || bash scripts/setup.sh

source bench/lib.sh
build_daas
echo "bench: building the EdgeApp image (tests/EdgeApp/build-image.sh; cached after the first time)"
bash tests/EdgeApp/build-image.sh --base >/dev/null

now() { echo "$EPOCHREALTIME"; }
wait_for() {   # $1 = what, $2... = command that succeeds when ready (tried for 60 s)
    local what=$1; shift
    for _ in $(seq 1 600); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "bench: $what did not come up" >&2; exit 1
}

# --- DaaS on loopback, its own DATA_DIR and network -------------------------------------------
HTTP_PORT=$(free_port); HTTPS_PORT=$(free_port)
DATA_DIR="$TMP/data" HTTP_PORT=$HTTP_PORT HTTPS_PORT=$HTTPS_PORT DOMAIN_NAME=localhost PASSWORD=bench USERNAME=admin \
    NETWORK_NAME=$NETWORK DRAIN_TIMEOUT=$DRAIN "$DAAS_BIN" >"$TMP/daas.log" 2>&1 &
PIDS+=($!)
wait_for "DaaS" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$HTTP_PORT/v2/) == 401 ]]"
export DOCKER_CONFIG="$TMP/docker"
REGISTRY="localhost:$HTTP_PORT"
echo bench | docker login -u admin --password-stdin "$REGISTRY" >/dev/null 2>&1
HOST="edge.localhost"
IMAGE="$REGISTRY/edge:latest"
answers() { curl -s --max-time 5 -H "Host: $HOST" "http://127.0.0.1:$HTTP_PORT/"; }

bash tests/EdgeApp/build-image.sh "$IMAGE" v1
docker push -q "$IMAGE" >/dev/null
wait_for "release 1" bash -c "[[ \"\$(curl -s -H 'Host: $HOST' http://127.0.0.1:$HTTP_PORT/)\" == 'edge-app v1' ]]"
echo "$(now) live v1" >"$TMP/live.log"

# --- traffic -----------------------------------------------------------------------------------
# Steady: a curl config of URLs (the n= only tells them apart in DaaS's log), each to /dev/null.
seq 1 $((RATE * 1200)) | awk -v p="$HTTP_PORT" '{ print "url = \"http://127.0.0.1:" p "/?n=" $1 "\"\noutput = \"/dev/null\"" }' >"$TMP/urls.cfg"
# (Line-buffered: curl is killed at the end, and a full stdio buffer would lose the last 1,024 lines.)
steady_from=$(now)
stdbuf -oL curl -s --rate "$RATE/s" --max-time 30 -H "Host: $HOST" -w '%{http_code}\n' -K "$TMP/urls.cfg" >"$TMP/steady.log" 2>/dev/null &
PIDS+=($!)

for i in $(seq 1 "$SLOW"); do
    (while [[ ! -e "$TMP/stop" ]]; do
        curl -s --max-time 30 -H "Host: $HOST" -o /dev/null -w '%{http_code}\n' "http://127.0.0.1:$HTTP_PORT/slow?ms=5000" >>"$TMP/slow.$i.log" || true
    done) &
    PIDS+=($!)
done

# One WebSocket at a time; each event is logged as "<time> <socket> <event> ...".
ws_bytes() {   # $1 = count: reads exactly that many bytes from fd 3 (dd reads one at a time), as decimals
    timeout 10 dd bs=1 count="$1" <&3 2>/dev/null | od -An -tu1 -v | tr -s ' \n' ' '
}
ws_client() {
    local sock=0 n=0 line head len msg payload code
    while [[ ! -e "$TMP/stop" ]]; do
        sock=$((sock + 1))
        if ! exec 3<>"/dev/tcp/127.0.0.1/$HTTP_PORT"; then echo "$(now) $sock connect-failed" >>"$TMP/ws.log"; sleep 1; continue; fi
        printf 'GET /ws HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n' "$HOST" >&3
        IFS= read -r -t 10 line <&3 || line=""
        if [[ "$line" != "HTTP/1.1 101"* ]]; then echo "$(now) $sock handshake-failed ${line%$'\r'}" >>"$TMP/ws.log"; exec 3>&-; sleep 1; continue; fi
        while IFS= read -r -t 10 line <&3 && [[ "$line" != $'\r' ]]; do :; done
        echo "$(now) $sock open" >>"$TMP/ws.log"
        while [[ ! -e "$TMP/stop" ]]; do
            n=$((n + 1)); msg="ping $n"
            # FIN + text, masked, length, a zero masking key (so the payload goes as it is).
            if ! printf "\\x81\\x$(printf %02x $((0x80 | ${#msg})))\\x00\\x00\\x00\\x00%s" "$msg" >&3 2>/dev/null; then
                echo "$(now) $sock aborted write" >>"$TMP/ws.log"; break
            fi
            read -r -a head <<<"$(ws_bytes 2)"
            if ((${#head[@]} < 2)); then echo "$(now) $sock aborted read" >>"$TMP/ws.log"; break; fi
            len=$((head[1] & 0x7f))
            if ((head[0] == 0x81)); then
                payload="$(timeout 10 dd bs=1 count="$len" <&3 2>/dev/null)" || true
                echo "$(now) $sock echo ${payload%%:*}" >>"$TMP/ws.log"
            elif ((head[0] == 0x88)); then
                read -r -a payload <<<"$(ws_bytes "$len")"
                code=$(( ${#payload[@]} >= 2 ? payload[0] * 256 + payload[1] : 1005 ))
                echo "$(now) $sock closed $code" >>"$TMP/ws.log"; break
            else   # a ping or pong of the server's: skip its payload
                ((len > 0)) && ws_bytes "$len" >/dev/null
            fi
            sleep 1
        done
        exec 3>&-
    done
}
ws_client 2>>"$TMP/ws.err" &
PIDS+=($!)
sleep 3   # let every kind of traffic reach release 1 first

# --- redeploys ---------------------------------------------------------------------------------
echo "bench: $REDEPLOYS redeploys, $RATE req/s steady, $SLOW slow requests in flight, DRAIN_TIMEOUT=$DRAIN s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq 2 $((REDEPLOYS + 1))); do
    bash tests/EdgeApp/build-image.sh "$IMAGE" "v$r"
    t0=$(now)
    docker push -q "$IMAGE" >/dev/null
    until [[ "$(answers)" == "edge-app v$r" ]]; do
        sleep 0.05
        awk -v a="$t0" -v b="$(now)" 'BEGIN { exit !(b - a > 120) }' && { echo "bench: v$r never went live" >&2; exit 1; }
    done
    t1=$(now)
    echo "$t1 live v$r" >>"$TMP/live.log"
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", b - a }' >>"$TMP/push-to-live"
    printf '  v%s: push to live %.2f s\n' "$r" "$(tail -n1 "$TMP/push-to-live")"
    sleep "$PAUSE"
done
# The last replaced releases drain (up to DRAIN_TIMEOUT, and the slow requests' 5 s) before the count.
sleep $((DRAIN + 6))
kill "${PIDS[1]}" 2>/dev/null || true   # the steady curl
steady_for=$(awk -v a="$steady_from" -v b="$(now)" 'BEGIN { print b - a }')
touch "$TMP/stop"                        # the slow loops and the WebSocket end after their current request
sleep 6

# --- report ------------------------------------------------------------------------------------
count() { awk -v what="$1" '{ n++; if ($1 !~ /^2/) f++ } END { printf "%s: %d sent, %d failed (non-2xx or no answer)", what, n, f }'; }
echo "bench: results (load average $(cut -d' ' -f1-3 /proc/loadavg))"
count "  steady GET /" <"$TMP/steady.log"
awk -v n="$(wc -l <"$TMP/steady.log")" -v t="$steady_for" -v r="$RATE" 'BEGIN { printf ", %.1f req/s over %.0f s (at most %d/s asked)\n", n / t, t, r }'
cat "$TMP"/slow.*.log | count "  GET /slow?ms=5000"; echo
sort -n "$TMP/push-to-live" | awk '{ v[NR] = $1 } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; printf "  push to live: median %.2f s, max %.2f s over %d redeploys\n", m, v[NR], NR }'
# Each socket: the release its echoes came from, when that release was replaced, when the socket ended.
awk -v drain="$DRAIN" '
    FNR == NR { live[$3] = $1; next }
    $3 == "open" { opened[$2] = $1 }
    $3 == "echo" { if (!($2 in release)) release[$2] = $4; last[$2] = $1 }
    $3 == "closed" || $3 == "aborted" { ended[$2] = $1; how[$2] = $3 " " $4 }
    $3 == "handshake-failed" || $3 == "connect-failed" { if (!failed++) first = $0 }
    END {
        for (s = 1; s in opened; s++) {
            if (!(s in release)) { printf "  WebSocket %d: never echoed (%s)\n", s, (s in ended) ? how[s] : "open"; continue }
            r = release[s]; next_r = "v" (substr(r, 2) + 1)
            if (!(s in ended)) { printf "  WebSocket %d on %s: still open at the end (%s was %s)\n", s, r, r, (next_r in live) ? "replaced" : "never replaced"; continue }
            if (!(next_r in live)) { printf "  WebSocket %d on %s: %s while %s was current (it was never replaced)\n", s, r, how[s], r; continue }
            d = ended[s] - live[next_r]
            printf "  WebSocket %d on %s: echoed by %s until %.1f s after %s went live; %s %.1f s after it (DRAIN_TIMEOUT %d s): %s\n",
                s, r, r, last[s] - live[next_r], next_r, how[s], d, drain, (d >= drain - 1) ? "open until the drain ended" : "CLOSED BEFORE THE DRAIN ENDED"
        }
        if (failed) printf "  WebSocket handshakes that failed: %d, the first: %s\n", failed, first
    }' "$TMP/live.log" "$TMP/ws.log"
