#!/bin/sh
# layering.sh — fails when a layer includes what it may not touch
# (ARCHITECTURE.md's layering): the core takes libre only through
# core/core_re.h (no SIP, sockets, JSON), a switch backend never reads the
# store, and the code tables come from agentbar_codes.h, not the SDK.
# Usage: layering.sh <source dir>
src="${1:?source dir}/src"
fail=0

bad() {
	echo "layering: $1" >&2
	fail=1
}

# grep -n over files, one line per hit; succeeds when something matched
hits() {
	pattern=$1
	shift
	grep -nE "$pattern" "$@" 2>/dev/null
}

out=$(hits '^#include[[:space:]]*<re[._]' "$src"/core/*.c "$src"/core/*.h |
      grep -v '^[^:]*core_re\.h:')
[ -z "$out" ] || bad "src/core includes libre headers directly (use core/core_re.h):
$out"

out=$(hits '^#include[[:space:]]*<re_(sip|sa|tcp|udp|tls|json|http|websock|sdp|rtp|net|dns|ice|stun|turn|msg|mbuf|odict)' \
      "$src"/core/core_re.h)
[ -z "$out" ] || bad "core/core_re.h brings network or JSON headers:
$out"

out=$(hits '^#include[[:space:]]*"(api|switch/sim|switch/sip|media)/' \
      "$src"/core/*.c "$src"/core/*.h)
[ -z "$out" ] || bad "src/core reaches into another layer's internals:
$out"

out=$(hits '^#include[[:space:]]*"store/' $(find "$src/switch" -name '*.[ch]'))
[ -z "$out" ] || bad "src/switch includes the store:
$out"

out=$(hits '^#include[[:space:]]*"agentbar\.h"' $(find "$src" -name '*.[ch]'))
[ -z "$out" ] || bad "the server includes the SDK's agentbar.h (use agentbar_codes.h):
$out"

[ $fail -eq 0 ] && echo "layering: ok"
exit $fail
