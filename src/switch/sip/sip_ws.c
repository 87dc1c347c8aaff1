/*
 * sip_ws.c — SIP over WebSocket (RFC 7118) for browser phones: libre's
 * WebSocket transport on its own port ([sip] ws_port), sub-protocol
 * "sip", any path. Requests arriving on it are the stack's like any
 * other: REGISTER meets the same digest check, and the binding keeps the
 * connection's address with transport=ws, so a call to the DN goes back
 * over that same connection (libre finds it by the peer's address, as
 * for TCP). Why not /sip on the HTTP port: docs/decisions.md.
 */
#include "log.h"
#include "switch/sip/sip_int.h"

int sip_ws_listen(struct sip_switch *ss, const struct sa *laddr)
{
	struct sa bound;
	char addr[64];
	int err = sip_transp_add_websock(ss->sip, SIP_TRANSP_WS, laddr, true,
					 NULL);

	if (err)
		return err;
	ss->ws = true;
	if (!sip_transp_laddr(ss->sip, &bound, SIP_TRANSP_WS, NULL) &&
	    re_snprintf(addr, sizeof(addr), "%J", &bound) > 0)
		log_trace("SIP over WebSocket on ws://%s/", addr);
	return 0;
}
