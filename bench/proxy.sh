#!/usr/bin/env bash
# Reverse-proxy benchmark of DaaS (issue 10, "an edge as fast as nginx"): plain HTTP requests/s and
# p99 through DaaS and through Debian's nginx as a proxy, both in front of the same app container
# (nginx `return 200`), with the container itself as the limit; keep-alive and one connection per
# request; wrk with one thread and 64 connections, alternating rounds, medians. Then DaaS routes
# APPS apps (small busybox httpd fillers) and the first app is measured again, with DaaS's RSS.
# Usage: bash bench/proxy.sh
#   ROUNDS=N (default 3), DURATION=seconds per wrk run (6), WARMUP=seconds before each run (1),
#   APPS=apps routed in the second part (500), DEPLOY_LIMIT=seconds to deploy them (300),
#   PUSH_PARALLEL=pushes at once (4), BACKLOG=fillers pushed and not yet live, at most (16),
#   NGINX_WORKERS=nginx's worker_processes (auto),
#   KEEP_LOG=FILE to keep DaaS's log there (the temp dir with everything else is removed on exit)
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-6}"
WARMUP="${WARMUP:-1}"
APPS="${APPS:-500}"
DEPLOY_LIMIT="${DEPLOY_LIMIT:-300}"
PUSH_PARALLEL="${PUSH_PARALLEL:-4}"
BACKLOG="${BACKLOG:-16}"
NGINX_WORKERS="${NGINX_WORKERS:-auto}"
COMMAND="ROUNDS=$ROUNDS DURATION=$DURATION WARMUP=$WARMUP APPS=$APPS DEPLOY_LIMIT=$DEPLOY_LIMIT PUSH_PARALLEL=$PUSH_PARALLEL BACKLOG=$BACKLOG NGINX_WORKERS=$NGINX_WORKERS bash bench/proxy.sh"
DOMAIN=bench.test
HOST="hello.$DOMAIN"
TMP="$(mktemp -d /tmp/daas-bench-proxy.XXXXXX)"
NETWORK="daas-bench-proxy-${TMP##*.}"   # this run's own, so cleaning up touches no other run's containers
PIDS=()
SAMPLER_PID=""

cleanup() {
    local rc=$?
    [[ -n "$SAMPLER_PID" ]] && kill "$SAMPLER_PID" 2>/dev/null
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    if [[ -n "${KEEP_LOG:-}" && -f "$TMP/daas.log" ]]; then cp "$TMP/daas.log" "$KEEP_LOG"; fi
    if ((rc != 0)) && [[ -f "$TMP/daas.log" ]]; then
        echo "bench: failed (exit $rc); last lines of DaaS's log:" >&2
        tail -n 40 "$TMP/daas.log" >&2
    fi
    # The app containers DaaS started are the ones on the bench's own network (hundreds of them).
    echo "bench: removing the containers on $NETWORK" >&2
    docker ps -aq --filter "network=$NETWORK" | xargs -r -n 50 -P 4 docker rm -f >/dev/null 2>&1 || true
    # After runs of some hundred apps dockerd has refused this ("has active endpoints", with no
    # container left on the network): try a few times, then say so instead of leaving it silently.
    if docker network inspect "$NETWORK" >/dev/null 2>&1; then
        for _ in 1 2 3 4 5; do docker network rm "$NETWORK" >/dev/null 2>&1 && break; sleep 2; done
        if docker network inspect "$NETWORK" >/dev/null 2>&1; then
            echo "bench: warning: dockerd would not remove network $NETWORK: $(docker network rm "$NETWORK" 2>&1 | head -n1)" >&2
            echo "bench: it holds a subnet of Docker's address pool; 'docker network rm $NETWORK' once dockerd lets go (a restart of dockerd does)" >&2
        fi
    fi
    # Our images, the names pushed to DaaS and the releases the engine pulled back from it.
    docker images --format '{{.Repository}} {{.ID}}' | awk -v r="127.0.0.1:${HTTP_PORT:-none}/" \
        'index($1, r) == 1 || $1 ~ /^daas-bench-proxy-/ { print $2 }' | sort -u | xargs -r docker rmi -f >/dev/null 2>&1 || true
    rm -rf "$TMP"
}
trap cleanup EXIT

# --- tools ----------------------------------------------------------------------------------
source bench/lib.sh
install_missing nginx:nginx-light wrk:wrk busybox:busybox-static
stop_system_nginx
docker info >/dev/null 2>&1 || bash scripts/setup.sh

build_daas

kib() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$DAAS_PID/status"; }   # VmRSS / VmHWM of DaaS, KiB
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
mem_available() { awk '$1 == "MemAvailable:" { print $2 }' /proc/meminfo; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# --- DaaS on bench.test: local CA (ACME_DIRECTORY=internal), so nothing leaves the machine ------
HTTP_PORT=$(free_port); HTTPS_PORT=$(free_port)
while [[ "$HTTPS_PORT" == "$HTTP_PORT" ]]; do HTTPS_PORT=$(free_port); done
# Its console log gets a timestamp and one line per entry, so the deploys can be timed from it,
# and RouteSync's debug line "Routes refreshed" (a deploy's last step rebuilds the route table).
DATA_DIR="$TMP/data" HTTP_PORT=$HTTP_PORT HTTPS_PORT=$HTTPS_PORT DOMAIN_NAME=$DOMAIN USERNAME=admin PASSWORD=bench \
    NETWORK_NAME=$NETWORK ACME_DIRECTORY=internal \
    Logging__Console__FormatterOptions__TimestampFormat='HH:mm:ss.fff ' Logging__Console__FormatterOptions__SingleLine=true \
    env 'Logging__LogLevel__Daas.Deploy.RouteSync=Debug' "$DAAS_BIN" >"$TMP/daas.log" 2>&1 &
DAAS_PID=$!; PIDS+=($DAAS_PID)
wait_for "DaaS" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$HTTP_PORT/v2/) == 401 ]]"
export DOCKER_CONFIG="$TMP/docker"
# The engine pushes to DaaS by its loopback address (plain HTTP); DOMAIN_NAME is bench.test here.
REGISTRY="127.0.0.1:$HTTP_PORT"
echo bench | docker login -u admin --password-stdin "$REGISTRY" >/dev/null 2>&1

# --- the app `hello`: Debian's nginx answering `return 200`, on FROM scratch ---------------------
build_nginx_app_image daas-bench-proxy-nginx
docker tag daas-bench-proxy-nginx "$REGISTRY/hello"
docker push -q "$REGISTRY/hello" >/dev/null
wait_for "hello through DaaS" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' -H 'Host: $HOST' http://127.0.0.1:$HTTP_PORT/) == 200 ]]"
CONTAINER=$(docker ps -q --filter "label=daas.app=hello" | head -n1)
BACKEND=$(docker inspect --format "{{(index .NetworkSettings.Networks \"$NETWORK\").IPAddress}}" "$CONTAINER")
wait_for "hello direct" curl -sf "http://$BACKEND:8080/"

# --- nginx as the peer proxy, doing what DaaS does: keep-alive pool upstream, X-Forwarded-* ------
NGINX_PORT=$(free_port)
mkdir -p "$TMP/nginx"
cat >"$TMP/nginx/nginx.conf" <<EOF
worker_processes $NGINX_WORKERS;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    upstream app { server $BACKEND:8080; keepalive 64; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Forwarded-Host \$host;
        }
    }
}
EOF
nginx -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx.conf" -p "$TMP/nginx" &
PIDS+=($!)
wait_for "nginx" curl -sf -H "Host: $HOST" "http://127.0.0.1:$NGINX_PORT/"

# --- measuring ------------------------------------------------------------------------------
url_of() {   # $1 = direct|nginx|daas
    case $1 in
        direct) echo "http://$BACKEND:8080/" ;;
        nginx) echo "http://127.0.0.1:$NGINX_PORT/" ;;
        daas) echo "http://127.0.0.1:$HTTP_PORT/" ;;
    esac
}
# DaaS's RSS every 0.25 s while it is under load, into $1 (the peak is the largest sample).
start_sampler() {
    (while kib VmRSS >>"$1" 2>/dev/null; do sleep 0.25; done) &
    SAMPLER_PID=$!
}
stop_sampler() { kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""; }

# One measured run after a short warm-up: $1 = phase (one|many), $2 = direct|nginx|daas, $3 = ka|close.
# Every target gets the same request, Host: hello.bench.test included.
measure() {
    local url conn=() key="$1.$2.$3"
    url=$(url_of "$2")
    [[ "$3" == close ]] && conn=(-H "Connection: close")
    wrk -t1 -c64 -d"${WARMUP}s" -H "Host: $HOST" "${conn[@]}" "$url" >/dev/null
    [[ "$2" == daas ]] && start_sampler "$TMP/$1.rss-load"
    run_wrk_once "$2 $3" -t1 -c64 -d"${DURATION}s" -H "Host: $HOST" "${conn[@]}" "$url"
    [[ "$2" == daas ]] && stop_sampler
    echo "$WRK_RPS" >>"$TMP/$key.rps"; echo "$WRK_P99" >>"$TMP/$key.p99"; echo "$WRK_ERRORS" >>"$TMP/$key.errors"
    printf '  round %d %-6s %-10s %9.0f requests/s  p99 %7.2f ms\n' "$round" "$2" \
        "$([[ $3 == ka ]] && echo keep-alive || echo close)" "$WRK_RPS" "$WRK_P99"
}
peak_of() { sort -n "$1" | tail -n1; }

# --- part 1: one app; direct, nginx and DaaS, keep-alive and connection-per-request ------------
sleep 2
RSS_IDLE_ONE=$(kib VmRSS)
echo "bench: part 1, one app: $ROUNDS rounds of ${DURATION} s (+${WARMUP} s warm-up) per target and mode; nginx worker_processes $NGINX_WORKERS; load average $(load)"
targets=(direct nginx daas)
for round in $(seq 1 "$ROUNDS"); do
    # Rotate which target goes first and alternate the mode order, so drift favours no one.
    for i in 0 1 2; do
        target=${targets[$(((round - 1 + i) % 3))]}
        if ((round % 2)); then modes=(ka close); else modes=(close ka); fi
        for mode in "${modes[@]}"; do measure one "$target" "$mode"; done
    done
done
RSS_AFTER_ONE=$(kib VmRSS)
RSS_PEAK_ONE=$(peak_of "$TMP/one.rss-load")

# --- part 2: APPS apps routed; fillers are busybox httpd (one process, ~0.4 MiB each) -----------
# All fillers are one image pushed under many names: after the first, each push is a cross-repo
# mount of blobs DaaS already has plus a manifest, so the deploys (not the uploads) are timed.
FILLERS=$((APPS - 1))
mkdir -p "$TMP/filler/www"
cp /usr/bin/busybox "$TMP/filler/busybox"
echo ok >"$TMP/filler/www/index.html"
cat >"$TMP/filler/Dockerfile" <<'EOF'
FROM scratch
COPY . /
LABEL daas.port=8080
CMD ["/busybox", "httpd", "-f", "-p", "8080", "-h", "/www"]
EOF
docker build -q -t daas-bench-proxy-filler "$TMP/filler" >"$TMP/filler.log" 2>&1 || { cat "$TMP/filler.log" >&2; exit 1; }
filler_name() { printf 'fill%03d\n' "$1"; }
push_one() {   # tags and pushes one filler
    if docker tag daas-bench-proxy-filler "$REGISTRY/$1" && docker push -q "$REGISTRY/$1" >/dev/null 2>>"$TMP/push-errors.log"; then
        echo "$1" >>"$TMP/pushed"
    else
        echo "$1" >>"$TMP/push-failed"
    fi
}
live_apps() {   # apps whose release DaaS logged live (its health gate passed): free, unlike asking dockerd
    grep -c ' release [0-9]* is live' "$TMP/daas.log" || true
}
running_apps() {   # apps with a running container on the bench network
    docker ps --filter "network=$NETWORK" --filter label=daas.app --format '{{.Label "daas.app"}}' | sort -u | wc -l
}
routed_apps() {   # apps answering 200 through DaaS
    { echo hello; for i in $(seq 1 "$FILLERS"); do filler_name "$i"; done; } |
        xargs -P 4 -I{} curl -s -o /dev/null -w '%{http_code}\n' -H "Host: {}.$DOMAIN" "http://127.0.0.1:$HTTP_PORT/" | grep -c '^200$' || true
}
MEM_BEFORE=$(mem_available)
RSS_BEFORE_DEPLOY=$(kib VmRSS)
echo "bench: part 2, deploying $FILLERS more apps (pushes $PUSH_PARALLEL at a time, at most $BACKLOG pushed and not yet live; at most ${DEPLOY_LIMIT} s); load average $(load)"
since_t0() { awk -v a="$t0" -v b="$(now)" -v f="$1" 'BEGIN { printf f, b - a }'; }
failed() { if [[ -f "$TMP/push-failed" ]]; then wc -l <"$TMP/push-failed"; else echo 0; fi; }
t0=$(now); next=1; STARTED=1; next_report=30; PUSHED_AT=""; LIMITED=0
while :; do
    STARTED=$(live_apps)
    elapsed=$(since_t0 %d)
    ((STARTED >= APPS)) && break
    if ((elapsed >= DEPLOY_LIMIT)); then ((next > FILLERS)) || LIMITED=1; break; fi
    if ((elapsed >= next_report)); then echo "  ${elapsed} s: $STARTED apps live, $((next - 1)) fillers pushed"; next_report=$((next_report + 30)); fi
    # Push more only while few wait for DaaS (so no queue outlives the time limit; in-flight deploys
    # count as waiting): a batch at a time, the first filler alone, since it uploads the layer that
    # the others mount.
    if ((next <= FILLERS && next - STARTED - $(failed) < BACKLOG)); then
        batch=()
        for ((k = 0; k < (next == 1 ? 1 : PUSH_PARALLEL) && next <= FILLERS; k++)); do
            push_one "$(filler_name "$next")" & batch+=($!); next=$((next + 1))
        done
        wait "${batch[@]}"
        PUSHED_AT=$(since_t0 %.1f)
    else
        sleep 1
    fi
done
# What was pushed before the limit still deploys: let it (at most 60 s more), so the load test
# below does not run beside deploys.
((LIMITED)) && echo "bench: time limit: $STARTED apps live after ${elapsed} s, $((next - 1)) fillers pushed; no more pushes" >&2
for _ in $(seq 1 60); do STARTED=$(live_apps); ((STARTED >= next - $(failed))) && break; sleep 1; done
DEPLOY_S=$(since_t0 %.1f); PUSHED=$((next - 1)); PUSHED_AT=${PUSHED_AT:-0}
STARTED=$(running_apps)   # from here on: what runs, as dockerd sees it
PUSH_FAILED=$(failed)
# A running container is routed once its health gate passes: wait (at most 30 s) until all answer.
ROUTED=0
for _ in $(seq 1 30); do ROUTED=$(routed_apps); ((ROUTED >= STARTED)) && break; sleep 1; done
ROUTED_S=$(since_t0 %.1f)
sleep 5   # let deploy work (health probes, certificates of the local CA) finish before "idle"
MEM_AFTER=$(mem_available)
# What the containers cost the machine: their cgroups' memory, plus their containerd shims (PSS).
cg_kib=0; shim_kib=0; CONTAINERS=0
ps -eo pid=,args= | awk '$2 ~ /containerd-shim/' >"$TMP/shims"
for id in $(docker ps -q --no-trunc --filter "network=$NETWORK"); do
    CONTAINERS=$((CONTAINERS + 1))
    for f in "/sys/fs/cgroup/memory/docker/$id/memory.usage_in_bytes" "/sys/fs/cgroup/system.slice/docker-$id.scope/memory.current"; do
        if [[ -r "$f" ]]; then cg_kib=$((cg_kib + $(cat "$f") / 1024)); break; fi
    done
    shim=$(awk -v id="$id" 'index($0, "-id " id) { print $1; exit }' "$TMP/shims")
    if [[ -n "$shim" && -r "/proc/$shim/smaps_rollup" ]]; then shim_kib=$((shim_kib + $(awk '$1 == "Pss:" { print $2 }' "/proc/$shim/smaps_rollup"))); fi
done
echo "  $STARTED apps running after ${DEPLOY_S} s ($PUSHED fillers pushed, the last after ${PUSHED_AT} s, $PUSH_FAILED failed), $ROUTED answering 200 through DaaS after ${ROUTED_S} s"
RSS_IDLE_MANY=$(kib VmRSS)

echo "bench: part 2, hello with $ROUTED apps routed: $ROUNDS rounds, keep-alive, DaaS and (as the control) direct; load average $(load)"
for round in $(seq 1 "$ROUNDS"); do
    if ((round % 2)); then order=(daas direct); else order=(direct daas); fi
    for target in "${order[@]}"; do measure many "$target" ka; done
done
RSS_AFTER_MANY=$(kib VmRSS)
RSS_PEAK_MANY=$(peak_of "$TMP/many.rss-load")
RSS_HWM=$(kib VmHWM)

# --- summary --------------------------------------------------------------------------------
m() { median "$TMP/$1"; }
fmt_row() {   # $1 = label, $2 = format, $3.. = direct nginx daas (empty = blank); ratio daas/nginx
    local label=$1 f=$2 d=$3 n=$4 a=$5
    awk -v l="$label" -v f="$f" -v d="$d" -v n="$n" -v a="$a" 'BEGIN {
        printf "| %-34s | %9s | %9s | %9s | %10s |\n", l, (d == "" ? "" : sprintf(f, d)), (n == "" ? "" : sprintf(f, n)),
            (a == "" ? "" : sprintf(f, a)), (n == "" || a == "" ? "" : sprintf("%.2f", a / n)) }'
}
errors_note=$(cat "$TMP"/*.errors | awk '{ s += $1 } END { print s + 0 }')
echo
echo "Measured $(date -u '+%a %b %e %H:%M UTC %Y'), \`$COMMAND\`, $(nproc) cores shared by wrk, proxy and backend; load average at the end $(load)."
echo
echo "One app, medians of $ROUNDS rounds of ${DURATION} s, wrk -t1 -c64 (ratio = DaaS / nginx; requests/s: higher is better, p99: lower is better):"
echo
echo "| metric                             |    direct |     nginx |      DaaS | DaaS/nginx |"
echo "|------------------------------------|-----------|-----------|-----------|------------|"
fmt_row "keep-alive requests/s" "%.0f" "$(m one.direct.ka.rps)" "$(m one.nginx.ka.rps)" "$(m one.daas.ka.rps)"
fmt_row "keep-alive p99 (ms)" "%.2f" "$(m one.direct.ka.p99)" "$(m one.nginx.ka.p99)" "$(m one.daas.ka.p99)"
fmt_row "connection per request, requests/s" "%.0f" "$(m one.direct.close.rps)" "$(m one.nginx.close.rps)" "$(m one.daas.close.rps)"
fmt_row "connection per request, p99 (ms)" "%.2f" "$(m one.direct.close.p99)" "$(m one.nginx.close.p99)" "$(m one.daas.close.p99)"
fmt_row "DaaS RSS idle (MiB)" "%.1f" "" "" "$(mib "$RSS_IDLE_ONE")"
fmt_row "DaaS RSS peak under load (MiB)" "%.1f" "" "" "$(mib "$RSS_PEAK_ONE")"
fmt_row "DaaS RSS after load (MiB)" "%.1f" "" "" "$(mib "$RSS_AFTER_ONE")"
echo
echo "With $ROUTED apps routed ($STARTED running, $((STARTED - 1)) of them fillers deployed in ${DEPLOY_S} s), hello, keep-alive, medians of $ROUNDS rounds (ratio = $ROUTED apps / 1 app):"
echo
echo "| metric                             |     1 app | $(printf '%4s' "$ROUTED") apps |  ratio |"
echo "|------------------------------------|-----------|-----------|--------|"
row2() { awk -v l="$1" -v f="$2" -v a="$3" -v b="$4" 'BEGIN { printf "| %-34s | %9s | %9s | %6.2f |\n", l, sprintf(f, a), sprintf(f, b), b / a }'; }
row2 "DaaS keep-alive requests/s" "%.0f" "$(m one.daas.ka.rps)" "$(m many.daas.ka.rps)"
row2 "DaaS keep-alive p99 (ms)" "%.2f" "$(m one.daas.ka.p99)" "$(m many.daas.ka.p99)"
row2 "direct keep-alive req/s (control)" "%.0f" "$(m one.direct.ka.rps)" "$(m many.direct.ka.rps)"
row2 "DaaS RSS idle (MiB)" "%.1f" "$(mib "$RSS_IDLE_ONE")" "$(mib "$RSS_IDLE_MANY")"
row2 "DaaS RSS peak under load (MiB)" "%.1f" "$(mib "$RSS_PEAK_ONE")" "$(mib "$RSS_PEAK_MANY")"
row2 "DaaS RSS after load (MiB)" "%.1f" "$(mib "$RSS_AFTER_ONE")" "$(mib "$RSS_AFTER_MANY")"
echo
echo "- Deploying: $STARTED of $APPS apps running after ${DEPLOY_S} s ($(awk -v n="$((STARTED - 1))" -v s="$DEPLOY_S" 'BEGIN { printf "%.2f", n / s }') apps/s)$( ((LIMITED)) && echo ", pushing stopped at the ${DEPLOY_LIMIT} s limit"), $ROUTED routed after ${ROUTED_S} s; $PUSHED pushes (the last done after ${PUSHED_AT} s), $PUSH_FAILED failed."
echo "- Memory of the $CONTAINERS containers: $(mib "$cg_kib") MiB in their cgroups + $(mib "$shim_kib") MiB of containerd shims (PSS); MemAvailable fell by $(mib $((MEM_BEFORE - MEM_AFTER))) MiB (machine-wide, so noisy). DaaS's RSS went from $(mib "$RSS_BEFORE_DEPLOY") to $(mib "$RSS_IDLE_MANY") MiB; its high-water mark (VmHWM, deploys included) is $(mib "$RSS_HWM") MiB."
echo "- nginx: worker_processes $NGINX_WORKERS (DaaS uses both cores too), upstream keepalive 64, HTTP/1.1, Host and X-Forwarded-For/-Proto/-Host set as DaaS sets them; access log off on both."
((errors_note == 0)) || echo "- wrk counted $errors_note socket errors over all runs (see the warnings above)."
# Per filler, from DaaS's log: manifest pushed -> deploy started (waiting for one of DaaS's deploy
# slots) -> release live (pull, start, health gate, route). In push order, so a deploy that gets
# slower as more apps are routed shows in the last tenth against the first.
awk '{ split($1, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3] }
     / Manifest pushed: fill/ { a = $0; sub(/.*Manifest pushed: /, "", a); sub(/:.*/, "", a); if (!(a in p)) { p[a] = s; order[++n] = a } }
     / Deploying fill[0-9]+ release/ { a = $0; sub(/.*Deploying /, "", a); sub(/ .*/, "", a); if (!(a in d)) d[a] = s }
     / release [0-9]+ is live/ { a = $0; sub(/.*\] /, "", a); sub(/ .*/, "", a); if (!(a in l)) l[a] = s }
     function since(x, y) { return (y - x < 0) ? y - x + 86400 : y - x }
     END { for (i = 1; i <= n; i++) { a = order[i]; if ((a in l) && (a in d)) print since(p[a], l[a]), since(d[a], l[a]) } }' \
    "$TMP/daas.log" >"$TMP/deploy-times"
if [[ -s "$TMP/deploy-times" ]]; then
    live_n=$(wc -l <"$TMP/deploy-times"); tenth=$(((live_n + 9) / 10))
    cut -d' ' -f1 "$TMP/deploy-times" >"$TMP/to-live"; cut -d' ' -f2 "$TMP/deploy-times" >"$TMP/deploy"
    head -n "$tenth" "$TMP/deploy" >"$TMP/deploy-first"; tail -n "$tenth" "$TMP/deploy" >"$TMP/deploy-last"
    # Deploy throughput early and late: fillers going live per second in the first and last tenth.
    awk '/ fill[0-9]+ release [0-9]+ is live/ { split($1, t, ":"); print t[1] * 3600 + t[2] * 60 + t[3] }' "$TMP/daas.log" >"$TMP/live-at"
    rate() { awk -v k="$1" '{ v[NR] = $1 } END { d = v[k] - v[1]; if (d < 0) d += 86400; if (k > 1 && d > 0) printf "%.2f", (k - 1) / d; else print "-" }'; }
    ((tenth < 5)) || printf -- '- Fillers going live per second: %s in the first tenth, %s in the last.\n' \
        "$(head -n "$tenth" "$TMP/live-at" | rate "$tenth")" "$(tail -n "$tenth" "$TMP/live-at" | rate "$tenth")"
    # From each filler's "live" to the next "Routes refreshed" (its route switched; includes waiting
    # for the refresh of another deploy, as refreshes are serialized).
    awk '{ split($1, t, ":"); s = t[1] * 3600 + t[2] * 60 + t[3] }
         / fill[0-9]+ release [0-9]+ is live/ { q[++n] = s }
         / Routes refreshed:/ { for (i = done + 1; i <= n; i++) { d = s - q[i]; if (d < 0) d += 86400; print d }; done = n }' \
        "$TMP/daas.log" >"$TMP/refresh"
    if [[ -s "$TMP/refresh" ]]; then
        tenth_r=$((($(wc -l <"$TMP/refresh") + 9) / 10))
        head -n "$tenth_r" "$TMP/refresh" >"$TMP/refresh-first"; tail -n "$tenth_r" "$TMP/refresh" >"$TMP/refresh-last"
        printf -- '- Live to route refreshed (DaaS'"'"'s debug log, the next "Routes refreshed" after each filler went live): median %.2f s, of the first %d %.2f s, of the last %d %.2f s.\n' \
            "$(m refresh)" "$tenth_r" "$(m refresh-first)" "$tenth_r" "$(m refresh-last)"
    fi
    printf -- '- Per filler, from DaaS'"'"'s log (%d fillers): push to live median %.1f s, max %.1f s (deploys wait for one of DaaS'"'"'s slots); the deploy itself (started to live) median %.2f s, max %.2f s, median of the first %d pushed %.2f s, of the last %d %.2f s.\n' \
        "$live_n" "$(m to-live)" "$(sort -g "$TMP/to-live" | tail -n1)" "$(m deploy)" "$(sort -g "$TMP/deploy" | tail -n1)" \
        "$tenth" "$(m deploy-first)" "$tenth" "$(m deploy-last)"
fi
warnings=$(grep -c -E '^[0-9:.]+ (warn|fail|crit):' "$TMP/daas.log" || true)
echo "- DaaS's log: $warnings warnings or errors."
if ((warnings > 0)); then grep -E '^[0-9:.]+ (warn|fail|crit):' "$TMP/daas.log" | cut -c1-300 | head -n 20 | sed 's/^/    /'; fi
echo
echo "bench: done in ${SECONDS}s; load average $(load)"
