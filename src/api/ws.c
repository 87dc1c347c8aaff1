/*
 * ws.c — JSON-RPC over WebSocket at /ws on the HTTP port: the sessions of
 * the agent port (session.c), one JSON-RPC object per text message instead
 * of per line, so the browser toolbar speaks exactly what libagentbar
 * speaks.
 *
 * At the door: the Origin. Sign-in is by password inside the messages, so
 * no cookie can be abused; the check keeps pages of other sites from
 * driving a daemon that answers on the agent's own network. A request
 * without Origin is not from a browser page and is let through.
 * Then sizes: a message, fragments included, may be as long as a line of
 * the agent port; longer ones close with 1009, binary ones with 1003, and
 * frames out of sequence or unmasked with 1002. The handshake, frames and
 * messages are src/websocket's, as /sip's are.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include "api/api_int.h"
#include "api/shape.h"
#include "log.h"
#include "websocket/websocket.h"

static bool skip_prefix(struct pl *pl, const char *prefix)
{
	size_t n = strlen(prefix);

	if (pl->l < n || strncasecmp(pl->p, prefix, n))
		return false;
	pl_advance(pl, n);
	return true;
}

/* Does origin name scheme://host with host the request's Host header? */
static bool same_host(const struct pl *origin, const struct http_msg *msg)
{
	const struct http_hdr *host = http_msg_hdr(msg, HTTP_HDR_HOST);
	struct pl rest = *origin;

	if (!host)
		return false;
	if (!skip_prefix(&rest, "http://") && !skip_prefix(&rest, "https://"))
		return false;
	return !pl_casecmp(&rest, &host->val);
}

/* In the comma-separated [http] allowed_origins? */
static bool listed(const struct pl *origin, const char *list)
{
	while (*list) {
		size_t n = strcspn(list, ",");
		size_t len = n;

		while (len && list[len - 1] == ' ')
			len--;
		if (len == origin->l && !strncasecmp(list, origin->p, len))
			return true;
		list += n;
		list += strspn(list, ", ");
	}
	return false;
}

static bool origin_ok(const struct api *api, const struct http_msg *msg)
{
	const struct http_hdr *o = http_msg_xhdr(msg, "Origin");

	if (!o)
		return true;
	return same_host(&o->val, msg) ||
		listed(&o->val, api->conf.allowed_origins);
}

/* A whole message: text is one JSON-RPC object. */
static int msg_h(uint8_t opcode, const uint8_t *p, size_t n, void *arg)
{
	if (opcode != WS_OP_TEXT)
		return ENOTSUP;
	session_input(arg, (const char *)p, n);
	return 0;
}

static const char *close_why(int err)
{
	switch (err) {
	case ENOTSUP:
		return "binary messages are not JSON-RPC";
	case EPROTO:
		return "not a client's frame, or out of sequence";
	case EOVERFLOW:
		return "message too long";
	case ESHUTDOWN:
	case ECONNRESET:
		return "closed by the peer";
	default:
		return strerror(err);
	}
}

static void recv_h(struct mbuf *mb, void *arg)
{
	struct session *s = arg;
	int err;

	if (s->closing)
		return;
	mem_ref(s);
	err = ws_rx_feed(s->wsrx, s->tc, mb, msg_h, s);
	if (err)
		session_ws_close(s, ws_close_code(err), close_why(err));
	mem_deref(s);
}

void ws_upgrade(struct api *api, struct http_conn *hc,
		const struct http_msg *msg)
{
	char accept[64];
	int err;

	if (ws_handshake_check(msg, accept, sizeof(accept))) {
		http_ereply(hc, 400, "Bad Request");
		return;
	}
	if (!origin_ok(api, msg)) {
		const struct http_hdr *o = http_msg_xhdr(msg, "Origin");
		char peer[64], origin[128], safe[128];

		re_snprintf(peer, sizeof(peer), "%J", http_conn_peer(hc));
		re_snprintf(origin, sizeof(origin), "%r", &o->val);
		log_warn("websocket from %s refused: Origin %s not allowed",
			 peer, shape_printable(safe, sizeof(safe), origin));
		http_ereply(hc, 403, "Forbidden");
		return;
	}
	err = session_accept_ws(api, hc, accept, recv_h);
	if (err == EBUSY)   /* over a limit (limits.c): come back later */
		http_reply(hc, 503, "Service Unavailable",
			   "Retry-After: %u\r\nContent-Length: 0\r\n\r\n",
			   LIMITS_RETRY_AFTER_S);
	else if (err)
		http_ereply(hc, 500, "Internal Server Error");
}
