#!/usr/bin/env bash
# Starts a daemon on free ports (sim switch, demo directory, weak password
# hashing so start-up is quick), runs acd_bench against it, prints the
# daemon's peak memory, stops it. Usage: bench/run.sh [agents] [calls] [window]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-$top/build}
dir=$(mktemp -d /tmp/ccbench-XXXXXX)
trap 'kill $pid 2>/dev/null || true; cat "$dir/err" | tail -5; rm -rf "$dir"' EXIT
cat > "$dir/cc.ini" <<INI
[server]
listen_address = 127.0.0.1
[security]
pwhash_ops = 1
pwhash_mem_kib = 8
INI
"$build/callcloud" -c "$dir/cc.ini" --db "$dir/cc.db" --agent-port 0 \
  --http-port 0 --switch sim --demo --log-level 0 > "$dir/out" 2> "$dir/err" &
pid=$!
for _ in $(seq 100); do grep -q ready "$dir/out" && break; sleep 0.05; done
port=$(sed -n 's/.*agent=\([0-9]*\).*/\1/p' "$dir/out")
"$build/acd_bench" "$port" "${1:-20}" "${2:-5000}" "${3:-50}"
echo "daemon peak RSS $(awk '/VmHWM/ {print $2, $3}' /proc/$pid/status)"
kill -TERM $pid; wait $pid
