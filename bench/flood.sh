#!/usr/bin/env bash
# The floods of docs/security.md "Limits and floods" against daemons with
# the production [limits] (only the password hashing is weak, for quick
# sign-ins), each flood on a daemon of its own, and what they cost:
# the daemon's RSS before, after and at its peak (VmHWM, reset before the
# flood), what it refused, and how long a legitimate agent took to sign
# in and take a call meanwhile (flood_bench.c says how each is measured).
#   conns-many  2,000 connections held from 50 addresses 127.1.0.x
#   conns-one   2,000 connections held from 127.0.0.1
#   unread      12 s of connections writing 20,000 requests, never reading
#   slowloris   2,000 HTTP requests never finished, from 50 addresses
#   invite      INVITEs at 5,000/s for 3 s from 127.0.0.1 with sipp,
#               while a phone registers from 127.0.0.2
# Usage: bench/flood.sh [flood...]   (default: all of them)
set -euo pipefail
. "$(dirname "$0")/util/daemon.sh"
ulimit -n "$(ulimit -Hn)"
# back to the production per-source limits bench_ini lifts
defaults=$'[limits]\nconns_per_source = 64\nsip_rate = 100\nsip_burst = 400\n'

rss() { awk "/$1/ {print \$2}" /proc/$pid/status; }

# RSS before, then the peak and after of what ran since (kB)
measure_start() { echo 5 > /proc/$pid/clear_refs; before=$(rss VmRSS); }
measure_end() {
	echo "daemon RSS: before ${before} kB, peak $(rss VmHWM) kB, after $(rss VmRSS) kB"
}

api_flood() {
	bench_daemon sim "$defaults"
	http=$(bench_ready_port daemon http)
	measure_start
	"$build/flood_bench" "$port" "$http" "$1" || true
	measure_end
	bench_daemon_stop > /dev/null
	trap - EXIT
	rm -rf "$dir"
}

invite_flood() {
	local scr
	bench_daemon sip "$defaults"
	scr="$dir/flood_screen.log"
	measure_start
	local f0
	f0=$(date +%s%N)
	timeout 60 sipp -sf "$top/bench/sipp/invite_flood.xml" -i 127.0.0.1 -p 0 \
		-r 5000 -m 15000 -l 20000 -nostdin \
		-trace_screen -screen_file "$scr" "127.0.0.1:$sip" \
		> /dev/null 2>&1 &
	local flood=$!
	sleep 1
	local t0 t1
	t0=$(date +%s%N)
	if sipp -sf "$top/tests/sipp/register.xml" -i 127.0.0.2 -p 0 \
		-s 1881 -au 1881 -ap 1234 -set expires 60 -m 1 \
		-timeout 10s -nostdin "127.0.0.1:$sip" > /dev/null 2>&1; then
		t1=$(date +%s%N)
		echo "legit: a phone at 127.0.0.2 registered (401, then 200) in $(( (t1 - t0) / 1000000 )) ms"
	else
		echo "legit: the phone at 127.0.0.2 did not register"
	fi
	wait $flood || true
	echo "flood: sipp ran $(( ($(date +%s%N) - f0) / 1000000 )) ms (5 s of it waiting for lost answers, if any)"
	# the last screen sipp wrote: its counts
	awk '/INVITE -+>/ {sent = $3}
	     /488 <-+/ {ok = $3}
	     /503 <-+/ {busy = $3; lost = $5}
	     END {printf "flood: %s INVITEs: %s answered 488 (within the " \
	          "rate), %s answered 503 with Retry-After, %s unanswered " \
	          "(lost in a full socket buffer)\n", sent, ok, busy, lost}' "$scr"
	measure_end
	bench_daemon_stop > /dev/null
	trap - EXIT
	rm -rf "$dir"
}

for f in "${@:-conns-many conns-one unread slowloris invite}"; do
	for one in $f; do
		echo "== $one"
		if [ "$one" = invite ]; then invite_flood; else api_flood "$one"; fi
	done
done
