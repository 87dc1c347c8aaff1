#!/usr/bin/env bash
# failover.sh — a CTI pair's failover under load, on loopback: a throw-away
# PostgreSQL, a sim switch node, a main CTI on 127.0.0.1 and a backup on
# 127.0.0.2 (the same agent port, leading by the database's lock, default
# timers), then failover_bench: it creates the agents, signs C SDK bars
# in, offers the calls, kills the main (SIGKILL) and prints the takeover,
# the agents' re-sign-in times and the calls dropped. Everything started
# here is stopped on exit.
# Usage: bench/failover.sh [agents=100] [calls=200]
set -euo pipefail
. "$(dirname "$0")/util/daemon.sh"
. "$(dirname "$0")/util/pg.sh"

dir=$(mktemp -d /tmp/ccfailover-XXXXXX)
chmod 711 "$dir"      # the postgres user reaches its cluster in $dir/pg
pids=()
stop_all() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait || true
	bench_pg_stop
	rm -rf "$dir"
}
trap stop_all EXIT

# Until a CTI's /healthz names ROLE (5 s at most).
wait_role() {
	for _ in $(seq 100); do
		curl -s "http://$1:$(bench_ready_port "$2" http)/healthz" |
			grep -q "\"role\":\"$3\"" && return
		sleep 0.05
	done
	echo "$2 is not $3" >&2
	return 1
}

# A CTI of the pair on ADDRESS and agent port PORT; sets $pid.
start_cti() {
	bench_ini "$dir/$1.ini" "$2"
	bench_start "$1" -c "$dir/$1.ini" --role cti --leader pg --db "$pg_url" \
		--switch-node "127.0.0.1:$node" --agent-port "$3" --http-port 0 \
		--demo --log-level 1
	pids+=("$pid")
}

bench_pg_start "$dir/pg"
bench_ini "$dir/node.ini" 127.0.0.1
bench_start node -c "$dir/node.ini" --role switch --switch sim --node-port 0 \
	--log-level 1
pids+=("$pid")
node=$(bench_ready_port node node)
start_cti main 127.0.0.1 0
main=$pid
disown "$main"        # killed on purpose: no "Killed" report from bash
port=$(bench_ready_port main agent)
wait_role 127.0.0.1 main master
start_cti backup 127.0.0.2 "$port"
wait_role 127.0.0.2 backup standby
# connections refused for a full accept queue, in this network namespace
# (other programs' count too)
overflows() { awk '/^TcpExt:/ && !seen {seen = split($0, h); next}
	/^TcpExt:/ {for (i in h) if (h[i] == "ListenOverflows") print $i}' /proc/net/netstat; }
o=$(overflows)
"$build/failover_bench" "$main" "$port" "$(bench_ready_port backup http)" \
	"$node" "${1:-100}" "${2:-200}"
echo "TCP listen queue overflows during the run: $(($(overflows) - o))"
