# Shared by the bench scripts (sourced, not run): the Native AOT build they measure, and free ports.
# Expects TMP (a temp dir of the script) to be set.

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
