#!/usr/bin/env bash
# node_run.sh — the capacity of one switch node: sip_bench's calls (real
# SIP and G.711 RTP both ways) through a SIP node (`--role switch`) driven
# by a CTI (`--role cti`), the two sharing one SQLite directory, on
# loopback. Prints sip_bench's figures and the node's CPU time over the
# run and its peak memory: the media engine's cost apart from the CTI's.
# Usage: bench/node_run.sh [agents] [calls] [window] [talk_ms]
set -euo pipefail
. "$(dirname "$0")/util/daemon.sh"

dir=$(mktemp -d /tmp/ccnode-XXXXXX)
pids=()
stop_all() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait || true
	rm -rf "$dir"
}
trap stop_all EXIT

# no OPTIONS pings: sip_bench's phones would only say they cannot answer
bench_ini "$dir/node.ini" 127.0.0.1 \
	$'[sip]\nrtp_port_min = 30000\nrtp_port_max = 39999\noptions_interval = 0\n'
bench_start node -c "$dir/node.ini" --role switch --switch sip --db "$dir/cc.db" \
	--demo --sip-port 0 --node-port 0 --log-level 0
node_pid=$pid
pids+=("$pid")
bench_ini "$dir/cti.ini" 127.0.0.1
bench_start cti -c "$dir/cti.ini" --role cti --fence-token 1 --db "$dir/cc.db" \
	--switch-node "127.0.0.1:$(bench_ready_port node node)" \
	--agent-port 0 --http-port 0 --log-level 0
pids+=("$pid")

ticks() { awk '{print $14 + $15}' "/proc/$node_pid/stat"; }
hz=$(getconf CLK_TCK)
c0=$(ticks); t0=$(date +%s.%N)
"$build/sip_bench" "$(bench_ready_port cti agent)" "$(bench_ready_port node sip)" \
	"${1:-20}" "${2:-1000}" "${3:-20}" "${4:-0}"
c1=$(ticks); t1=$(date +%s.%N)
awk -v c="$((c1 - c0))" -v hz="$hz" -v t0="$t0" -v t1="$t1" 'BEGIN {
  printf "node CPU %.2f s over %.2f s wall (%.0f%% of one core)\n",
         c / hz, t1 - t0, 100 * c / hz / (t1 - t0) }'
echo "node peak RSS $(awk '/VmHWM/ {print $2, $3}' "/proc/$node_pid/status")"
