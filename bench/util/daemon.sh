# daemon.sh — sourced by the benchmark scripts: starts callcloud daemons
# in a temp dir with weak password hashing (so start-up and sign-ins are
# quick) and waits for their ready line.
#   bench_daemon SWITCH [extra INI text]
#       one daemon on free ports with the demo directory, stopped on exit;
#       sets $pid, $dir, $port (agent), $sip (SIP port, 0 on the sim switch)
#   bench_ini FILE ADDRESS [extra INI text]      writes a daemon's INI
#   bench_start NAME ARGS...                     starts "callcloud ARGS"
#       with its output in $dir/NAME.out and NAME.err; sets $pid
#   bench_ready_port NAME KEY                    a port of NAME's ready line
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${BUILD:-$top/build}

# The benches run hundreds of bars and phones from one address: the
# per-source limits are lifted (bench/flood.sh measures them).
bench_ini() {
	printf '[server]\nlisten_address = %s\n[security]\npwhash_ops = 1\npwhash_mem_kib = 8\n[limits]\nconns_per_source = 100000\nsip_rate = 100000\nsip_burst = 100000\n%s' \
		"$2" "${3:-}" > "$1"
}

bench_start() {
	local name=$1
	shift
	"$build/callcloud" "$@" > "$dir/$name.out" 2> "$dir/$name.err" &
	pid=$!
	for _ in $(seq 200); do grep -q ready "$dir/$name.out" && return; sleep 0.05; done
	echo "$name did not start:" >&2
	tail -5 "$dir/$name.err" >&2
	return 1
}

bench_ready_port() {
	sed -n "s/.* $2=\([0-9]*\).*/\1/p" "$dir/$1.out"
}

bench_daemon() {
	dir=$(mktemp -d /tmp/ccbench-XXXXXX)
	trap 'kill $pid 2>/dev/null || true; tail -5 "$dir/daemon.err"; rm -rf "$dir"' EXIT
	bench_ini "$dir/cc.ini" 127.0.0.1 "${2:-}"
	bench_start daemon -c "$dir/cc.ini" --db "$dir/cc.db" --agent-port 0 \
		--http-port 0 --sip-port 0 --switch "$1" --demo --log-level 0
	port=$(bench_ready_port daemon agent)
	sip=$(bench_ready_port daemon sip)
}

# The daemon's peak memory, then a clean stop.
bench_daemon_stop() {
	echo "daemon peak RSS $(awk '/VmHWM/ {print $2, $3}' /proc/$pid/status)"
	kill -TERM $pid
	wait $pid
}
