#!/bin/sh
# core_graph.sh — fails when the files of src/core call each other in a
# circle. The graph is read off the built objects (a file calls another
# when it uses a symbol the other defines), so it holds whatever the
# headers declare: features reach call.c, call.c reaches them only through
# the hooks of struct call_feature (core_internal.h lists the layers).
# Usage: core_graph.sh <directory of the core's .o files>
dir=${1:?object dir}
defs=$(mktemp)
edges=$(mktemp)
trap 'rm -f "$defs" "$edges"' EXIT

ls "$dir"/*.o >/dev/null 2>&1 || { echo "core_graph: no objects in $dir" >&2; exit 1; }
for o in "$dir"/*.o; do
	n=$(basename "$o" .c.o)
	nm --defined-only "$o" | awk -v n="$n" '$2 ~ /^[TDRB]$/ { print $3, n }'
done | sort > "$defs"
for o in "$dir"/*.o; do
	n=$(basename "$o" .c.o)
	nm -u "$o" | awk '{ print $2 }' | sort |
		join - "$defs" | awk -v n="$n" '$2 != n { print n, $2 }'
done | sort -u > "$edges"

[ -s "$edges" ] || { echo "core_graph: no calls found" >&2; exit 1; }
if ! tsort "$edges" >/dev/null 2>"$edges.err"; then
	echo "core_graph: src/core calls itself in a circle:" >&2
	cat "$edges.err" >&2
	rm -f "$edges.err"
	exit 1
fi
rm -f "$edges.err"
echo "core_graph: $(wc -l < "$edges") calls between files, no circle"
