#!/bin/sh
# run.sh — runs the libFuzzer targets of a fuzz build (tests/fuzz/fuzz.cmake):
#   run.sh BUILD_DIR SECONDS
# Each target first replays every file of tests/fuzz/regress/NAME/ (the
# inputs of crashes found and fixed), then fuzzes for SECONDS from its seeds
# (tests/fuzz/corpus/NAME/, read only; what it finds goes to
# BUILD_DIR/corpus/NAME/) with tests/fuzz/NAME.dict if there is one. Two
# targets run at a time; the last lines of each log (cov:, ft:, exec/s)
# are printed. Exit status 1 when any target failed: its crash input is in
# BUILD_DIR/artifacts/, its log in BUILD_DIR/fuzz-logs/.
set -u
build=$1
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$build/artifacts" "$build/fuzz-logs"

run_one() {
	name=$1
	bin=$build/fuzz_$name
	log=$build/fuzz-logs/$name.log
	dict=$here/$name.dict
	[ "$name" = sipws ] && dict=$here/sip.dict
	set --
	[ -f "$dict" ] && set -- -dict="$dict"
	if [ -d "$here/regress/$name" ]; then
		if ! "$bin" "$@" "$here/regress/$name"/* >"$log" 2>&1; then
			echo "fuzz $name: a regression input fails (see $log)"
			return 1
		fi
	fi
	mkdir -p "$build/corpus/$name"
	if ! "$bin" "$@" -max_total_time="$seconds" -timeout=25 \
		-rss_limit_mb=4096 -max_len=8192 -print_final_stats=1 \
		-artifact_prefix="$build/artifacts/$name-" \
		"$build/corpus/$name" "$here/corpus/$name" >"$log" 2>&1; then
		echo "fuzz $name: FAILED (see $log)"
		tail -n 40 "$log"
		return 1
	fi
	stats=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1 |
		sed -E 's/^#[0-9]+[[:space:]]+DONE[[:space:]]+//')
	execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}')
	echo "fuzz $name: $execs runs; $stats"
}

status=0
targets=$(cd "$build" && ls fuzz_* | sed 's/^fuzz_//')
for name in $targets; do
	echo "$name"
done | {
	fails=0
	while read -r a; do
		read -r b || b=
		run_one "$a" & pa=$!
		pb=
		if [ -n "$b" ]; then run_one "$b" & pb=$!; fi
		wait "$pa" || fails=1
		if [ -n "$pb" ]; then wait "$pb" || fails=1; fi
	done
	exit $fails
} || status=1
exit $status
