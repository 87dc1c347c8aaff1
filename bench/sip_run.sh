#!/usr/bin/env bash
# Starts a daemon on the SIP switch on free ports (demo directory, weak
# password hashing so start-up is quick), runs sip_bench against it, prints
# the daemon's CPU time over the run and its peak memory, stops it.
# Usage: bench/sip_run.sh [agents] [calls] [window] [talk_ms]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
dir=$(mktemp -d /tmp/ccsipbench-XXXXXX)
trap 'kill $pid 2>/dev/null || true; tail -5 "$dir/err"; rm -rf "$dir"' EXIT
cat > "$dir/cc.ini" <<INI
[server]
listen_address = 127.0.0.1
[sip]
rtp_port_min = 30000
rtp_port_max = 39999
[security]
pwhash_ops = 1
pwhash_mem_kib = 8
INI
"$build/callcloud" -c "$dir/cc.ini" --db "$dir/cc.db" --agent-port 0 \
  --http-port 0 --sip-port 0 --switch sip --demo --log-level 0 \
  > "$dir/out" 2> "$dir/err" &
pid=$!
for _ in $(seq 100); do grep -q ready "$dir/out" && break; sleep 0.05; done
port=$(sed -n 's/.*agent=\([0-9]*\).*/\1/p' "$dir/out")
sip=$(sed -n 's/.*sip=\([0-9]*\).*/\1/p' "$dir/out")
ticks() { awk '{print $14 + $15}' /proc/$pid/stat; }
hz=$(getconf CLK_TCK)
c0=$(ticks); t0=$(date +%s.%N)
"$build/sip_bench" "$port" "$sip" "${1:-20}" "${2:-1000}" "${3:-20}" "${4:-0}"
c1=$(ticks); t1=$(date +%s.%N)
awk -v c="$((c1 - c0))" -v hz="$hz" -v t0="$t0" -v t1="$t1" 'BEGIN {
  printf "daemon CPU %.2f s over %.2f s wall (%.0f%% of one core)\n",
         c / hz, t1 - t0, 100 * c / hz / (t1 - t0) }'
echo "daemon peak RSS $(awk '/VmHWM/ {print $2, $3}' /proc/$pid/status)"
kill -TERM $pid; wait $pid
