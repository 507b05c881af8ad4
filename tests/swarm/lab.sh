#!/usr/bin/env bash
# A three-node Docker Swarm on this machine, for DaaS's Swarm tests and by hand:
#
#   bash tests/swarm/lab.sh up      # three dockerd in their own namespaces, one swarm
#   bash tests/swarm/lab.sh down    # everything up made, removed again
#
# Each node is a network namespace (daaslab-nN, address 10.213.7.1N/24, eth0) with its own UTS
# namespace (hostname daaslab-nN), mount namespace (cgroup v1 hierarchies re-mounted: `ip netns
# exec` mounts a fresh /sys), data root, exec root, socket and cgroup parent, under LAB_DIR. The
# nodes are joined by a bridge in a private namespace (daaslab-sw); the host reaches them over
# one more link (daaslab0, 10.213.7.1), so a test can talk to what runs on a node. No node has a
# default route: nothing in the lab reaches outside it.
#
# This kernel has no IPVS and no ESP: services use --endpoint-mode dnsrr, overlays are not
# encrypted. Node 1 is the manager; 2 and 3 join as workers. `up` prints the nodes' sockets.
set -euo pipefail

LAB_DIR=${LAB_DIR:-/tmp/daaslab}
NODES=${NODES:-3}
NET=10.213.7
SW=daaslab-sw

log() { echo "lab: $*" >&2; }

# down removes LAB_DIR and kills what runs from under it: only ever a directory of the lab's own.
case "$(basename "$LAB_DIR")" in
    daaslab*) ;;
    *) log "LAB_DIR must be a directory named daaslab*, not $LAB_DIR"; exit 2 ;;
esac

node_ns() { echo "daaslab-n$1"; }
node_addr() { echo "$NET.1$1"; }
node_sock() { echo "$LAB_DIR/n$1/docker.sock"; }
ndocker() { local n=$1; shift; docker -H "unix://$(node_sock "$n")" "$@"; }

up() {
    command -v dockerd >/dev/null || { log "dockerd is not installed (scripts/setup.sh --test installs it)"; exit 1; }
    if ip netns list | grep -q "^$SW\b"; then
        log "a lab is already up (ip netns list shows $SW); run: bash $0 down"
        exit 1
    fi
    mkdir -p "$LAB_DIR"
    ip netns add "$SW"
    ip -n "$SW" link add br0 type bridge
    ip -n "$SW" link set br0 up
    ip -n "$SW" link set lo up

    # The host's own link into the lab.
    ip link add daaslab0 type veth peer name host netns "$SW"
    ip -n "$SW" link set host master br0 up
    ip addr add "$NET.1/24" dev daaslab0
    ip link set daaslab0 up

    for n in $(seq 1 "$NODES"); do
        local ns; ns=$(node_ns "$n")
        ip netns add "$ns"
        ip link add "n$n" netns "$SW" type veth peer name eth0 netns "$ns"
        ip -n "$SW" link set "n$n" master br0 up
        ip -n "$ns" addr add "$(node_addr "$n")/24" dev eth0
        ip -n "$ns" link set eth0 up
        ip -n "$ns" link set lo up
        start_node "$n"
    done

    for n in $(seq 1 "$NODES"); do
        wait_node "$n"
    done

    ndocker 1 swarm init --advertise-addr "$(node_addr 1)" --listen-addr "$(node_addr 1):2377" >/dev/null
    local token; token=$(ndocker 1 swarm join-token -q worker)
    for n in $(seq 2 "$NODES"); do
        ndocker "$n" swarm join --token "$token" --advertise-addr "$(node_addr "$n")" "$(node_addr 1):2377" >/dev/null
    done
    log "swarm of $NODES nodes up; manager: $(node_sock 1)"
    for n in $(seq 1 "$NODES"); do echo "$(node_sock "$n")"; done
}

# One dockerd in its namespace. Runs detached (setsid) so that the shell that started it ending
# does not end it; its PID is in LAB_DIR/nN/dockerd.pid.
start_node() {
    local n=$1 dir="$LAB_DIR/n$1"
    mkdir -p "$dir/root" "$dir/exec"
    # Inside `ip netns exec` (its own mount namespace, a fresh /sys): a UTS namespace for the
    # hostname, the cgroup v1 hierarchies the host has, then dockerd.
    local hierarchies; hierarchies=$(awk '$3 == "cgroup" { n = split($4, o, ","); for (i = 1; i <= n; i++) if (o[i] !~ /^(rw|ro|relatime|nosuid|nodev|noexec)$/) { printf "%s ", o[i]; break } }' /proc/mounts)
    setsid ip netns exec "$(node_ns "$n")" unshare --uts -- sh -c '
        set -e
        hostname "daaslab-n$1"
        mount -t tmpfs -o mode=755 cgroup /sys/fs/cgroup
        for h in $2; do
            d=${h#name=}
            mkdir -p "/sys/fs/cgroup/$d"
            mount -t cgroup -o "$h" cgroup "/sys/fs/cgroup/$d"
        done
        exec dockerd --data-root "$3/root" --exec-root "$3/exec" -H "unix://$3/docker.sock" \
            --pidfile "$3/dockerd.pid" --cgroup-parent "daaslab-n$1" \
            --insecure-registry 10.213.7.0/24 --iptables=true --ip-masq=true
    ' lab "$n" "$hierarchies" "$dir" >"$dir/dockerd.log" 2>&1 < /dev/null &
}

wait_node() {
    local n=$1
    for _ in $(seq 1 100); do
        if ndocker "$n" info >/dev/null 2>&1; then return 0; fi
        sleep 0.2
    done
    log "node $n's dockerd did not answer; its log:"
    tail -20 "$LAB_DIR/n$n/dockerd.log" >&2
    exit 1
}

# Every process in a node's cgroups (cgroup parent daaslab-nN), until none is left.
kill_cgroup_processes() {
    for _ in $(seq 1 50); do
        local pids
        pids=$( (cat /sys/fs/cgroup/*/daaslab-n*/cgroup.procs /sys/fs/cgroup/*/daaslab-n*/*/cgroup.procs 2>/dev/null || true) | sort -u)
        [ -n "$pids" ] || return 0
        kill -9 $pids 2>/dev/null || true
        sleep 0.1
    done
    log "processes left in the nodes' cgroups: $pids"
}

down() {
    # Every daemon at once (each stops its containers first), then those still there after 15 s by force.
    local pids=()
    for dir in "$LAB_DIR"/n*; do
        [ -s "$dir/dockerd.pid" ] && pids+=("$(cat "$dir/dockerd.pid")")
    done
    [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 1 75); do
        local alive=0
        for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
        [ "$alive" = 1 ] || break
        sleep 0.2
    done
    [ ${#pids[@]} -eq 0 ] || kill -9 "${pids[@]}" 2>/dev/null || true
    # Leftovers of killed daemons: their containerd and shims (found by the lab's paths), then the
    # containers' own processes, which outlive their shims (found by the nodes' cgroups).
    pkill -9 -f "containerd.*$LAB_DIR/" 2>/dev/null || true
    kill_cgroup_processes
    awk -v d="$LAB_DIR/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
    for n in $(seq 1 9); do
        ip netns del "$(node_ns "$n")" 2>/dev/null || true
    done
    ip link del daaslab0 2>/dev/null || true
    ip netns del "$SW" 2>/dev/null || true
    # The nodes' cgroups (cgroup parent daaslab-nN, directly under each hierarchy), deepest first.
    for top in /sys/fs/cgroup/*/daaslab-n*; do
        [ -d "$top" ] && find "$top" -depth -type d -exec rmdir {} + 2>/dev/null || true
    done
    rm -rf "$LAB_DIR"
    local left
    left=$( (ls -d /sys/fs/cgroup/*/daaslab-n* 2>/dev/null; ip netns list | grep -o '^daaslab-[a-z0-9]*'; grep -o " $LAB_DIR[^ ]*" /proc/mounts) | tr '\n' ' ' || true)
    if [ -n "$left" ]; then
        log "down, but left behind: $left"
        exit 1
    fi
    log "down"
}

case "${1:-}" in
    up) up ;;
    down) down ;;
    *) echo "usage: $0 up|down  (LAB_DIR=$LAB_DIR, NODES=$NODES)" >&2; exit 2 ;;
esac
