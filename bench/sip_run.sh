#!/usr/bin/env bash
# Runs sip_bench against a fresh daemon on the SIP switch and prints the
# daemon's CPU time over the run and its peak memory.
# Usage: bench/sip_run.sh [agents] [calls] [window] [talk_ms]
set -euo pipefail
. "$(dirname "$0")/util/daemon.sh"
bench_daemon sip $'[sip]\nrtp_port_min = 30000\nrtp_port_max = 39999\n'
ticks() { awk '{print $14 + $15}' /proc/$pid/stat; }
hz=$(getconf CLK_TCK)
c0=$(ticks); t0=$(date +%s.%N)
"$build/sip_bench" "$port" "$sip" "${1:-20}" "${2:-1000}" "${3:-20}" "${4:-0}"
c1=$(ticks); t1=$(date +%s.%N)
awk -v c="$((c1 - c0))" -v hz="$hz" -v t0="$t0" -v t1="$t1" 'BEGIN {
  printf "daemon CPU %.2f s over %.2f s wall (%.0f%% of one core)\n",
         c / hz, t1 - t0, 100 * c / hz / (t1 - t0) }'
bench_daemon_stop
