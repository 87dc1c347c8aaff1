/*
 * tls_port.c — the agent port over TLS ([server] agent_tls_port): the
 * sessions, methods and heartbeat of the plain agent port (session.c),
 * with libre's TLS started on each connection it accepts, on the
 * certificate of [tls] cert and TLS 1.2 or later (src/tls/tlscert.c).
 * A client that fails the handshake is closed and logged once
 * (session.c); one that never finishes it goes at the heartbeat timeout,
 * as a plain client that never speaks does.
 */
#include "api/api_int.h"

static void conn_h(const struct sa *peer, void *arg)
{
	struct api *api = arg;

	api_accept(api, api->tls_ts, api->conf.tls, peer);
}

int tls_port_start(struct api *api)
{
	struct sa laddr;
	int err;

	if (api->conf.agent_tls_port < 0 || !api->conf.tls)
		return 0;
	err = api_laddr(api, &laddr, (uint16_t)api->conf.agent_tls_port);
	if (err)
		return err;
	api->agent_tls_port = (uint16_t)api->conf.agent_tls_port;
	err = tcp_listen(&api->tls_ts, &laddr, conn_h, api);
	return api_listening(api, err, api->tls_ts, "agent TLS port",
			     &api->agent_tls_port);
}
