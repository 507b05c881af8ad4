#!/usr/bin/env bash
# HTTPS benchmark of DaaS with a real ACME server (Debian's Pebble) on loopback:
#  1. seconds from the first `docker push` of a new app to its first trusted HTTPS 200
#     (push, deploy through the health gate, ACME order and validation, certificate served);
#  2. HTTPS requests/s and p99 through DaaS versus Debian's nginx terminating TLS with the same
#     certificate and key, both in front of the same app container (nginx `return 200`), with wrk
#     (one thread, 64 keep-alive connections), alternating rounds, medians.
# Usage: bash bench/tls.sh     (ROUNDS=N, default 3; DURATION=seconds per wrk run, default 6)
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-6}"
DOMAIN=example.test
TMP="$(mktemp -d /tmp/daas-bench-tls.XXXXXX)"
PIDS=()

cleanup() {
    local rc=$?
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    if ((rc != 0)) && [[ -f "$TMP/daas.log" ]]; then
        echo "bench: failed (exit $rc); last lines of DaaS's log:" >&2
        tail -n 40 "$TMP/daas.log" >&2
    fi
    # The app containers DaaS started are the ones on the bench's own network.
    docker ps -aq --filter network=daas-bench-tls | xargs -r docker rm -f >/dev/null 2>&1 || true
    docker network rm daas-bench-tls >/dev/null 2>&1 || true
    docker images --format '{{.Repository}}:{{.Tag}}' | grep -E "^(127.0.0.1:${HTTP_PORT:-none}/|daas-bench-nginx)" | xargs -r docker rmi -f >/dev/null 2>&1 || true
    rm -rf "$TMP"
}
trap cleanup EXIT

# --- tools ----------------------------------------------------------------------------------
source bench/lib.sh
install_missing pebble:pebble nginx:nginx-light wrk:wrk openssl:openssl
stop_system_nginx
docker info >/dev/null 2>&1 || bash scripts/setup.sh

build_daas

# --- Pebble: its own HTTPS needs a certificate; a throwaway CA made here signs it -------------
HTTP_PORT=$(free_port); HTTPS_PORT=$(free_port); DNS_PORT=$(free_port)
ACME_PORT=$(free_port); MGMT_PORT=$(free_port); CHALL_PORT=$(free_port)
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=bench pebble CA" \
    -keyout "$TMP/ca.key" -out "$TMP/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
    -keyout "$TMP/pebble.key" -out "$TMP/pebble.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$TMP/san.ext"
openssl x509 -req -in "$TMP/pebble.csr" -CA "$TMP/ca.pem" -CAkey "$TMP/ca.key" -CAcreateserial -days 2 \
    -extfile "$TMP/san.ext" -out "$TMP/pebble.pem" 2>/dev/null
cat >"$TMP/pebble.json" <<EOF
{"pebble": {"listenAddress": "127.0.0.1:$ACME_PORT", "managementListenAddress": "127.0.0.1:$MGMT_PORT",
  "certificate": "$TMP/pebble.pem", "privateKey": "$TMP/pebble.key", "httpPort": $HTTP_PORT, "tlsPort": $HTTPS_PORT,
  "ocspResponderURL": "", "externalAccountBindingRequired": false}}
EOF
# Every name resolves to 127.0.0.1, so Pebble validates against DaaS on loopback.
pebble-challtestsrv -defaultIPv4 127.0.0.1 -defaultIPv6 "" -dns01 "127.0.0.1:$DNS_PORT" -http01 "" -https01 "" -tlsalpn01 "" \
    -management "127.0.0.1:$CHALL_PORT" >"$TMP/challtestsrv.log" 2>&1 &
PIDS+=($!)
# Pebble's hostile defaults stay on (5 % of nonces rejected, half of valid authorizations reused);
# only its random validation sleep is off, as the tests run it.
PEBBLE_VA_NOSLEEP=1 pebble -config "$TMP/pebble.json" -dnsserver "127.0.0.1:$DNS_PORT" >"$TMP/pebble.log" 2>&1 &
PIDS+=($!)
wait_for "Pebble" curl -sf --cacert "$TMP/ca.pem" "https://127.0.0.1:$ACME_PORT/dir"
curl -sf --cacert "$TMP/ca.pem" "https://127.0.0.1:$MGMT_PORT/roots/0" >"$TMP/root.pem"

# --- DaaS on example.test, certificates from Pebble -------------------------------------------
DATA_DIR="$TMP/data" HTTP_PORT=$HTTP_PORT HTTPS_PORT=$HTTPS_PORT DOMAIN_NAME=$DOMAIN PASSWORD=bench USERNAME=admin \
    ACME_DIRECTORY="https://127.0.0.1:$ACME_PORT/dir" ACME_CA_BUNDLE="$TMP/ca.pem" NETWORK_NAME=daas-bench-tls \
    "$DAAS_BIN" >"$TMP/daas.log" 2>&1 &
DAAS_PID=$!; PIDS+=($DAAS_PID)
wait_for "DaaS" bash -c "[[ \$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$HTTP_PORT/v2/) == 401 ]]"
export DOCKER_CONFIG="$TMP/docker"
# The engine pushes to DaaS by its loopback address (plain HTTP); DOMAIN_NAME is example.test here.
REGISTRY="127.0.0.1:$HTTP_PORT"
echo bench | docker login -u admin --password-stdin "$REGISTRY" >/dev/null

# --- the app: Debian's nginx answering `return 200`, on FROM scratch (nothing can be pulled) ---
build_nginx_app_image daas-bench-nginx

# --- 1. first push of a new app to its first trusted HTTPS 200 --------------------------------
echo "bench: first push to trusted HTTPS, $ROUNDS new apps; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for round in $(seq 1 "$ROUNDS"); do
    app="app$round"; image="$REGISTRY/$app"
    docker tag daas-bench-nginx "$image"
    t0=$(now)
    docker push -q "$image" >/dev/null
    t1=$(now)
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' --cacert "$TMP/root.pem" --resolve "$app.$DOMAIN:$HTTPS_PORT:127.0.0.1" \
        "https://$app.$DOMAIN:$HTTPS_PORT/")" == 200 ]]; do
        sleep 0.05
        awk -v a="$t0" -v b="$(now)" 'BEGIN { exit !(b - a > 120) }' && { echo "bench: $app never answered over trusted HTTPS" >&2; exit 1; }
    done
    t2=$(now)
    awk -v a="$t0" -v b="$t2" 'BEGIN { printf "%.2f\n", b - a }' >>"$TMP/first"
    printf '  %s: push %.2f s, to first trusted HTTPS 200 %.2f s\n' "$app" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" "$(tail -n1 "$TMP/first")"
done

# --- 2. HTTPS requests/s: DaaS versus nginx with the same certificate --------------------------
HOST="app1.$DOMAIN"
# DaaS keeps each host's chain and key in one PEM file; nginx reads both from it.
CERT="$TMP/data/tls/certificates/$HOST.pem"
[[ -f "$CERT" ]] || { echo "bench: no certificate file $CERT" >&2; exit 1; }
CONTAINER=$(docker ps -q --filter "label=daas.app=app1" | head -n1)
BACKEND=$(docker inspect --format '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' "$CONTAINER")
NGINX_PORT=$(free_port)
mkdir -p "$TMP/nginx"
cat >"$TMP/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    upstream app { server $BACKEND:8080; keepalive 64; }
    server {
        listen 127.0.0.1:$NGINX_PORT ssl;
        ssl_certificate $CERT;
        ssl_certificate_key $CERT;
        ssl_protocols TLSv1.2 TLSv1.3;
        location / {
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$remote_addr;
        }
    }
}
EOF
nginx -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx.conf" -p "$TMP/nginx" &
PIDS+=($!)
wait_for "nginx" curl -sfk -H "Host: $HOST" "https://127.0.0.1:$NGINX_PORT/"

run_wrk() {   # $1 = daas|nginx, $2 = port; appends requests/s and p99 (ms)
    run_wrk_once "$1" -t1 -c64 -d"${DURATION}s" -H "Host: $HOST" "https://127.0.0.1:$2/"
    echo "$WRK_RPS" >>"$TMP/$1.rps"; echo "$WRK_P99" >>"$TMP/$1.p99"
    printf '  round %d %-5s %9.0f requests/s  p99 %6.2f ms\n' "$round" "$1" "$WRK_RPS" "$WRK_P99"
}
echo "bench: HTTPS through DaaS and nginx, $ROUNDS rounds of ${DURATION} s each; load average $(cut -d' ' -f1-3 /proc/loadavg)"
# Warm both (JIT-free, but connection pools and caches) before measuring.
wrk -t1 -c64 -d2s -H "Host: $HOST" "https://127.0.0.1:$HTTPS_PORT/" >/dev/null
wrk -t1 -c64 -d2s -H "Host: $HOST" "https://127.0.0.1:$NGINX_PORT/" >/dev/null
RSS_BEFORE=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$DAAS_PID/status")
for round in $(seq 1 "$ROUNDS"); do
    if ((round % 2)); then run_wrk daas "$HTTPS_PORT"; run_wrk nginx "$NGINX_PORT"; else run_wrk nginx "$NGINX_PORT"; run_wrk daas "$HTTPS_PORT"; fi
done
RSS_AFTER=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$DAAS_PID/status")

echo
echo "Medians of $ROUNDS rounds (ratio = DaaS / nginx)"
echo
echo "| metric                                 |      DaaS |     nginx | ratio |"
echo "|----------------------------------------|-----------|-----------|-------|"
awk -v d="$(median "$TMP/daas.rps")" -v n="$(median "$TMP/nginx.rps")" 'BEGIN { printf "| HTTPS requests/s                       | %9.0f | %9.0f | %5.2f |\n", d, n, d / n }'
awk -v d="$(median "$TMP/daas.p99")" -v n="$(median "$TMP/nginx.p99")" 'BEGIN { printf "| HTTPS p99 (ms)                         | %9.2f | %9.2f | %5.2f |\n", d, n, d / n }'
awk -v f="$(median "$TMP/first")" 'BEGIN { printf "| first push to trusted HTTPS 200 (s)    | %9.2f |           |       |\n", f }'
echo
echo "DaaS RSS before / after the HTTPS load: $((RSS_BEFORE / 1024)) / $((RSS_AFTER / 1024)) MiB"
echo "bench: done in ${SECONDS}s; load average $(cut -d' ' -f1-3 /proc/loadavg)"
