#!/usr/bin/env bash
# Runs acd_bench against a fresh daemon on the sim switch and prints the
# daemon's peak memory. Usage: bench/run.sh [agents] [calls] [window]
set -euo pipefail
. "$(dirname "$0")/util/daemon.sh"
bench_daemon sim
"$build/acd_bench" "$port" "${1:-20}" "${2:-5000}" "${3:-50}"
bench_daemon_stop
