#!/bin/sh
# layering.sh — fails when a layer includes what it may not touch
# (ARCHITECTURE.md's layering): the core takes libre only through
# core/core_re.h (no SIP, sockets, JSON), a switch backend never reads the
# store, the API never includes a backend and a backend takes of the API
# only api/api_ext.h (its own RPC methods), and the code tables come from
# agentbar_codes.h, not the SDK.
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

out=$(hits '^#include[[:space:]]*"switch/(sim|sip)/' $(find "$src/api" -name '*.[ch]'))
[ -z "$out" ] || bad "src/api includes a switch backend (main.c wires them):
$out"

out=$(hits '^#include[[:space:]]*"api/' $(find "$src/switch" -name '*.[ch]') |
      grep -v '"api/api_ext\.h"')
[ -z "$out" ] || bad "src/switch includes API internals (only api/api_ext.h):
$out"

# what api_ext.h brings a backend: params.h, jansson and the codes
out=$(hits '^#include[[:space:]]*"' "$src"/api/api_ext.h "$src"/api/params.h |
      grep -vE '"(api/params\.h|agentbar_codes\.h)"')
[ -z "$out" ] || bad "api/api_ext.h brings more of the server than params.h and the codes:
$out"

out=$(hits '^#include[[:space:]]*"agentbar\.h"' $(find "$src" -name '*.[ch]'))
[ -z "$out" ] || bad "the server includes the SDK's agentbar.h (use agentbar_codes.h):
$out"

[ $fail -eq 0 ] && echo "layering: ok"
exit $fail
