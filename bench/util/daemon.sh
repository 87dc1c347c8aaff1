# daemon.sh — sourced by the benchmark scripts: starts a callcloud on free
# ports in a temp dir with the demo directory and weak password hashing
# (so start-up is quick), and stops it on exit.
#   bench_daemon SWITCH [extra INI text]
# sets $pid, $dir, $port (agent), $sip (SIP port, 0 on the sim switch).
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${BUILD:-$top/build}

bench_daemon() {
	dir=$(mktemp -d /tmp/ccbench-XXXXXX)
	trap 'kill $pid 2>/dev/null || true; tail -5 "$dir/err"; rm -rf "$dir"' EXIT
	printf '[server]\nlisten_address = 127.0.0.1\n[security]\npwhash_ops = 1\npwhash_mem_kib = 8\n%s' \
		"${2:-}" > "$dir/cc.ini"
	"$build/callcloud" -c "$dir/cc.ini" --db "$dir/cc.db" --agent-port 0 \
		--http-port 0 --sip-port 0 --switch "$1" --demo --log-level 0 \
		> "$dir/out" 2> "$dir/err" &
	pid=$!
	for _ in $(seq 100); do grep -q ready "$dir/out" && break; sleep 0.05; done
	port=$(sed -n 's/.*agent=\([0-9]*\).*/\1/p' "$dir/out")
	sip=$(sed -n 's/.*sip=\([0-9]*\).*/\1/p' "$dir/out")
}

# The daemon's peak memory, then a clean stop.
bench_daemon_stop() {
	echo "daemon peak RSS $(awk '/VmHWM/ {print $2, $3}' /proc/$pid/status)"
	kill -TERM $pid
	wait $pid
}
