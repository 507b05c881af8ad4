# Shared by the bench scripts (sourced, not run): the Native AOT build they measure, free ports,
# medians, waiting, the nginx `return 200` app image and one wrk run. Expects TMP (a temp dir of
# the script) to be set.

# Builds DaaS as scripts/run.sh runs it and sets DAAS_BIN; on failure shows the build's last lines.
build_daas() {
    echo "bench: building DaaS (Native AOT, as scripts/run.sh runs it)"
    bash scripts/publish.sh >"$TMP/build.log" 2>&1 || { tail -n 30 "$TMP/build.log" >&2; exit 1; }
    DAAS_BIN="$PWD/.build/daas/Daas"
}

# A random port below the ephemeral range (so no client connection can hold it when the server
# binds) that no TCP socket uses in any state.
read -r EPHEMERAL_LOW _ </proc/sys/net/ipv4/ip_local_port_range
((EPHEMERAL_LOW > 11000)) || EPHEMERAL_LOW=65000   # an unusual range: then just any unused port
free_port() {
    local p
    while :; do
        p=$((10000 + RANDOM % (EPHEMERAL_LOW - 10000)))
        [[ -z "$(ss -Htan "sport = :$p")" ]] && { echo "$p"; return; }
    done
}

now() { date +%s.%N; }

# The median of the numbers in file $1, one a line.
median() { sort -g "$1" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

wait_for() {   # $1 = what, $2... = command that succeeds when ready (tried for 60 s)
    local what=$1; shift
    for _ in $(seq 1 600); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
    echo "bench: $what did not come up" >&2; exit 1
}

# Builds image $1: Debian's nginx answering `return 200 "ok\n"` on port 8080 (label daas.port=8080),
# one worker, no access log, on FROM scratch with the libraries ldd lists (nothing can be pulled).
build_nginx_app_image() {
    local app="$TMP/nginx-app" lib
    mkdir -p "$app/etc" "$app/var/lib/nginx/body" "$app/var/log/nginx" "$app/tmp" "$app/run"
    for lib in $(ldd /usr/sbin/nginx | awk '/=>/ { print $3 } /ld-linux/ { print $1 }'); do mkdir -p "$app$(dirname "$lib")"; cp -L "$lib" "$app$lib"; done
    cp /usr/sbin/nginx "$app/nginx"
    printf 'root:x:0:0:root:/root:/bin/false\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$app/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$app/etc/group"
    cat >"$app/nginx.conf" <<'CONF'
worker_processes 1;
daemon off;
pid /tmp/nginx.pid;
events { worker_connections 1024; }
http {
    access_log off;
    server { listen 8080; location / { return 200 "ok\n"; } }
}
CONF
    cat >"$app/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY . /
LABEL daas.port=8080
CMD ["/nginx", "-e", "stderr", "-c", "/nginx.conf"]
DOCKERFILE
    docker build -q -t "$1" "$app" >"$TMP/nginx-app.log" 2>&1 || { cat "$TMP/nginx-app.log" >&2; exit 1; }
}

# One wrk run: $1 = label, then wrk's arguments (--latency is added). Fails on non-2xx answers;
# sets WRK_RPS (requests/s), WRK_P99 (p99 latency in ms) and WRK_ERRORS (socket errors of all
# kinds, warned about on stderr: a refused connect or a timeout is the proxy's fault too).
run_wrk_once() {
    local label=$1 out; shift
    out=$(wrk --latency "$@")
    WRK_RPS=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
    WRK_P99=$(awk '$1 == "99%" { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else if (v ~ /s$/) { sub(/s/, "", v); v *= 1000 }; print v }' <<<"$out")
    WRK_ERRORS=$(awk '/Socket errors/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' <<<"$out")
    WRK_ERRORS=${WRK_ERRORS:-0}
    if grep -q "Non-2xx" <<<"$out" || [[ -z "$WRK_RPS" || -z "$WRK_P99" ]]; then
        echo "bench: $label answered errors:" >&2; echo "$out" >&2; exit 1
    fi
    ((WRK_ERRORS == 0)) || echo "bench: warning: $label: $(grep 'Socket errors' <<<"$out" | sed 's/^ *//')" >&2
}

# Installs the Debian packages of the commands that are missing: args are command:package pairs
# (a path for the command checks that file is executable).
install_missing() {
    local missing=() pair cmd
    for pair in "$@"; do
        cmd=${pair%%:*}
        if [[ $cmd == /* ]]; then [[ -x $cmd ]] || missing+=("${pair#*:}"); else command -v "$cmd" >/dev/null || missing+=("${pair#*:}"); fi
    done
    if ((${#missing[@]})); then
        echo "bench: installing ${missing[*]}"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

# Debian starts nginx's own service on install: keep it off so it does not compete for the cores.
stop_system_nginx() {
    if command -v systemctl >/dev/null && systemctl is-active --quiet nginx 2>/dev/null; then systemctl disable --now nginx >/dev/null 2>&1 || true; fi
}
