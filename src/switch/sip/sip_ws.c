/*
 * sip_ws.c — SIP over WebSocket (RFC 7118) for browser phones, at /sip on
 * the HTTP port (sip_http.c) and, when [sip] ws_port is set, on a port of
 * its own. libre 1.1's WebSocket transport cannot serve
 * browsers (its handshake does not answer the "sip" sub-protocol, and it
 * never sends a request over a connection a client opened:
 * docs/decisions.md), so this file is the WebSocket server, and each
 * browser's connection is relayed to the SIP stack over a TCP connection
 * of its own on loopback (a "flow"): one WebSocket message is one SIP
 * message, and the stack's byte stream is cut back into messages by
 * Content-Length. To the stack a browser is a TCP phone at its flow's
 * address: REGISTER meets the same digest check, and a call to the DN
 * goes to the flow, so over the browser's own connection.
 *
 * A browser whose WebSocket drops (a network blip, a laptop changing
 * networks) keeps its flow, and so its registration and its calls, for
 * [sip] ws_grace: the media does not go through the WebSocket and carries
 * on. A new WebSocket whose first message is a REGISTER with the same
 * Contact (a browser keeps its random "*.invalid" Contact while its page
 * lives) takes that flow over, so the stack, which only knows the flow,
 * never notices. What the stack sends meanwhile waits, bounded. When the
 * grace runs out the browser is gone: unregistered, its calls ended.
 *
 * The handshake, frames and messages are src/websocket's; how a browser
 * is reached inside its dialogs, sip_flow.c's.
 */
#include <errno.h>
#include <string.h>
#include "log.h"
#include "switch/sip/sip_int.h"
#include "websocket/websocket.h"

enum {
	WS_CONNS_MAX = 2000,       /* browsers connected at once */
	WS_CONTACT_MAX = 128,      /* "user@host" of a browser's Contact */
	WS_MSG_MAX = 65536,        /* a SIP message, and what may wait */
};

struct ws_conn {
	struct le le;              /* ss->ws_conns */
	struct sip_switch *ss;
	struct tcp_conn *ws;       /* the browser's */
	struct tls_conn *ws_tls;   /* under ws on the HTTPS port; or NULL */
	struct tcp_conn *flow;     /* ours to the SIP stack */
	struct sa peer;
	struct sa flow_addr;       /* what the stack sees as the source */
	bool flow_up;
	struct ws_rx *rx;          /* the browser's frames and messages */
	struct mbuf *down;         /* messages waiting for the flow */
	struct mbuf *up;           /* stack bytes short of a message, or
				      waiting for the browser to return */
	char contact[WS_CONTACT_MAX]; /* its first REGISTER's, "" none yet */
	bool first_seen;           /* its first message went through */
	struct tmr grace;          /* running while the browser is away */
	struct ws_conn *heir;      /* the dropped one this one takes over */
};

static void conn_destructor(void *arg)
{
	struct ws_conn *c = arg;

	list_unlink(&c->le);
	tmr_cancel(&c->grace);
	mem_deref(c->ws_tls);
	mem_deref(c->ws);
	mem_deref(c->flow);
	mem_deref(c->rx);
	mem_deref(c->down);
	mem_deref(c->up);
}

/* The browser's address for a log line (the logger knows no %J). */
static const char *peer_text(const struct ws_conn *c, char *buf,
			     size_t size)
{
	if (re_snprintf(buf, size, "%J", &c->peer) < 0)
		buf[0] = 0;
	return buf;
}

static void conn_end(struct ws_conn *c, const char *why)
{
	char peer[64];

	log_debug("SIP over WebSocket from %s closed: %s",
		  peer_text(c, peer, sizeof(peer)), why);
	/* a browser that went away cannot be called, nor heard: it is
	 * unregistered and its calls end */
	if (c->flow_up) {
		struct le *le;

		registrar_drop_flow(c->ss->reg, &c->flow_addr);
		LIST_FOREACH(&c->ss->legs, le) {
			struct sip_leg *leg = le->data;

			if (sa_cmp(&leg->flow, &c->flow_addr, SA_ALL))
				sip_leg_end(leg, "its browser's WebSocket "
					    "closed");
		}
	}
	mem_deref(c);
}

static void grace_h(void *arg)
{
	conn_end(arg, "its browser did not come back");
}

/* The browser's side is gone: the flow waits for it, or ends now. */
static void ws_lost(struct ws_conn *c, const char *why)
{
	char peer[64];

	if (!c->flow_up || !c->contact[0] || !c->ss->ws_grace_ms) {
		conn_end(c, why);
		return;
	}
	log_debug("SIP over WebSocket from %s lost (%s): %s kept for %u ms",
		  peer_text(c, peer, sizeof(peer)), why, c->contact,
		  c->ss->ws_grace_ms);
	c->ws_tls = mem_deref(c->ws_tls);
	c->ws = mem_deref(c->ws);
	ws_rx_reset(c->rx);
	tmr_start(&c->grace, c->ss->ws_grace_ms, grace_h, c);
}

/* "user@host" of a REGISTER's Contact; false if msg is none. */
static bool register_contact(const uint8_t *p, size_t n, char *out,
			     size_t size)
{
	const struct sip_hdr *h;
	struct sip_addr addr;
	struct sip_msg *msg = NULL;
	struct mbuf *mb;
	bool ok = false;

	if (n < 9 || memcmp(p, "REGISTER ", 9))
		return false;
	/* the decoded message keeps a reference to its buffer */
	mb = mbuf_alloc(n);
	if (!mb || mbuf_write_mem(mb, p, n)) {
		mem_deref(mb);
		return false;
	}
	mb->pos = 0;
	if (!sip_msg_decode(&msg, mb)) {
		h = sip_msg_hdr(msg, SIP_HDR_CONTACT);
		ok = h && !sip_addr_decode(&addr, &h->val) &&
		     re_snprintf(out, size, "%r@%r", &addr.uri.user,
				 &addr.uri.host) > 0;
	}
	mem_deref(msg);
	mem_deref(mb);
	return ok;
}

/* A dropped browser waiting for its Contact, or NULL. */
static struct ws_conn *dropped(struct sip_switch *ss, const char *contact)
{
	struct le *le;

	LIST_FOREACH(&ss->ws_conns, le) {
		struct ws_conn *c = le->data;

		if (!c->ws && c->contact[0] && !strcmp(c->contact, contact))
			return c;
	}
	return NULL;
}

/* A message from the browser, or from the one it took over from. */
static int deliver(struct ws_conn *c, const uint8_t *p, size_t n)
{
	char contact[WS_CONTACT_MAX];
	struct mbuf mb;

	if (c->heir)
		return deliver(c->heir, p, n);
	if (register_contact(p, n, contact, sizeof(contact))) {
		struct ws_conn *old = c->first_seen ? NULL :
			dropped(c->ss, contact);

		if (old) {
			/* the browser is back: ws_recv hands it over */
			c->heir = old;
			tmr_cancel(&old->grace);
			return deliver(old, p, n);
		}
		if (!c->contact[0])
			str_ncpy(c->contact, contact, sizeof(c->contact));
	}
	c->first_seen = true;
	if (c->flow_up) {
		mbuf_init(&mb);
		mb.buf = (uint8_t *)p;
		mb.size = mb.end = n;
		return tcp_send(c->flow, &mb);
	}
	if (c->down->end + n > WS_MSG_MAX)
		return EOVERFLOW;
	return mbuf_write_mem(c->down, p, n);
}

/* A whole message from the browser: to the stack, or queued until the
 * flow is connected. */
static int msg_h(uint8_t opcode, const uint8_t *p, size_t n, void *arg)
{
	(void)opcode;      /* SIP in text and binary messages alike */
	return deliver(arg, p, n);
}

static int up_drain(struct ws_conn *c);
static void ws_recv(struct mbuf *mb, void *arg);
static void ws_close(int err, void *arg);

/* c's WebSocket goes on as the dropped browser's (c->heir), whose flow
 * the stack knows; c and its own flow, unused, go. */
static void take_over(struct ws_conn *c)
{
	struct ws_conn *old = c->heir;
	struct ws_rx *rx = old->rx;
	char peer[64];
	int err;

	old->ws = c->ws;
	old->ws_tls = c->ws_tls;
	c->ws = NULL;
	c->ws_tls = NULL;
	old->peer = c->peer;
	old->rx = c->rx;           /* a partial frame after the REGISTER */
	c->rx = rx;
	tcp_set_handlers(old->ws, NULL, ws_recv, ws_close, old);
	log_debug("SIP over WebSocket: %s is back, from %s", old->contact,
		  peer_text(old, peer, sizeof(peer)));
	mem_deref(c);
	err = up_drain(old);
	if (err)
		conn_end(old, strerror(err));
}

static void ws_recv(struct mbuf *mb, void *arg)
{
	struct ws_conn *c = arg;
	uint16_t code;
	int err;

	err = ws_rx_feed(c->rx, c->ws, mb, msg_h, c);
	if (!err && c->heir) {
		take_over(c);
		return;
	}
	if (!err)
		return;
	code = ws_close_code(err);
	if (code)
		(void)ws_close_send(c->ws, code, NULL);
	/* a browser that breaks the protocol gets no grace */
	if (err == ECONNRESET)
		ws_lost(c, "closed by the browser");
	else
		conn_end(c, err == ESHUTDOWN ? "closed by the browser" :
			 strerror(err));
}

static void ws_close(int err, void *arg)
{
	ws_lost(arg, err ? strerror(err) : "closed by the browser");
}

/* The stack's bytes cut into messages: headers, then Content-Length
 * bytes (the stack always writes it); CRLF keep-alives between them. */
static int up_drain(struct ws_conn *c)
{
	struct mbuf *mb = c->up;
	int err = 0;

	while (!err) {
		struct pl len;
		const char *end;
		size_t hl, total;

		while (mbuf_get_left(mb) && (mbuf_buf(mb)[0] == '\r' ||
					     mbuf_buf(mb)[0] == '\n'))
			mb->pos++;
		if (!mbuf_get_left(mb))
			break;     /* (a reset mbuf has no buffer at all) */
		end = memmem(mbuf_buf(mb), mbuf_get_left(mb), "\r\n\r\n", 4);
		if (!end)
			break;
		hl = (size_t)(end - (const char *)mbuf_buf(mb)) + 4;
		if (re_regex((const char *)mbuf_buf(mb), hl,
			     "\r\nContent-Length:[ \t]*[0-9]+", NULL, &len))
			return EBADMSG;
		total = hl + pl_u32(&len);
		if (total > WS_MSG_MAX)
			return EOVERFLOW;
		if (mbuf_get_left(mb) < total || !c->ws)
			break;     /* short, or waiting for the browser */
		err = ws_frame_send(c->ws, WS_OP_TEXT, mbuf_buf(mb), total);
		mb->pos += total;
	}
	if (!mbuf_get_left(mb))
		mbuf_reset(mb);
	else if (mbuf_get_left(mb) > WS_MSG_MAX)
		return EOVERFLOW;
	return err;
}

static void flow_recv(struct mbuf *mb, void *arg)
{
	struct ws_conn *c = arg;
	size_t pos = c->up->pos;
	int err;

	c->up->pos = c->up->end;
	err = mbuf_write_mem(c->up, mbuf_buf(mb), mbuf_get_left(mb));
	c->up->pos = pos;
	err = err ? err : up_drain(c);
	if (err)
		conn_end(c, strerror(err));
}

static void flow_estab(void *arg)
{
	struct ws_conn *c = arg;
	int err = tcp_conn_local_get(c->flow, &c->flow_addr);

	c->flow_up = true;
	if (!err && c->down->end) {
		c->down->pos = 0;
		err = tcp_send(c->flow, c->down);
		mbuf_reset(c->down);
	}
	if (err)
		conn_end(c, strerror(err));
}

static void flow_close(int err, void *arg)
{
	conn_end(arg, err ? strerror(err) : "by the SIP stack");
}

static int sip_protocol(struct re_printf *pf, void *arg)
{
	(void)arg;
	return re_hprintf(pf, "Sec-WebSocket-Protocol: sip\r\n");
}

static void refuse(struct http_conn *hc, uint16_t scode, const char *reason)
{
	(void)http_reply(hc, scode, reason, "Content-Length: 0\r\n\r\n");
}

static void http_req(struct http_conn *hc, const struct http_msg *msg,
		     void *arg)
{
	struct sip_switch *ss = arg;
	struct ws_conn *c;
	char accept[64];
	int err;

	if (ws_handshake_check(msg, accept, sizeof(accept))) {
		refuse(hc, 400, "Bad Request");
		return;
	}
	/* libre splits "chat, sip" into one header per value */
	if (!http_msg_hdr_has_value(msg, HTTP_HDR_SEC_WEBSOCKET_PROTOCOL,
				    "sip")) {
		refuse(hc, 400, "No sip Sub-Protocol");
		return;
	}
	if (list_count(&ss->ws_conns) >= WS_CONNS_MAX) {
		refuse(hc, 503, "Service Unavailable");
		return;
	}
	c = mem_zalloc(sizeof(*c), conn_destructor);
	if (!c) {
		refuse(hc, 503, "Service Unavailable");
		return;
	}
	c->ss = ss;
	c->peer = *http_conn_peer(hc);
	c->down = mbuf_alloc(1024);
	c->up = mbuf_alloc(1024);
	err = ws_rx_alloc(&c->rx, WS_MSG_MAX);
	err = err ? err : (c->down && c->up) ? 0 : ENOMEM;
	err = err ? err : tcp_connect(&c->flow, &ss->ws_target, flow_estab,
				      flow_recv, flow_close, c);
	err = err ? err : ws_handshake_take(&c->ws, &c->ws_tls, hc, accept,
					    sip_protocol, NULL, ws_recv,
					    ws_close, c);
	if (err) {
		mem_deref(c);
		refuse(hc, 500, "Server Internal Error");
		return;
	}
	list_append(&ss->ws_conns, &c->le, c);
}

/* The flows go to the stack's TCP listener. */
int sip_ws_init(struct sip_switch *ss)
{
	return sip_transp_laddr(ss->sip, &ss->ws_target, SIP_TRANSP_TCP,
				NULL);
}

int sip_ws_listen(struct sip_switch *ss, const struct sa *laddr)
{
	char addr[64];
	int err;

	err = http_listen(&ss->ws_sock, laddr, http_req, ss);
	err = err ? err : tcp_sock_local_get(http_sock_tcp(ss->ws_sock),
					     &ss->ws_laddr);
	if (err)
		return err;
	if (re_snprintf(addr, sizeof(addr), "%J", &ss->ws_laddr) > 0)
		log_trace("SIP over WebSocket on ws://%s/", addr);
	return 0;
}

void sip_switch_ws_request(struct http_conn *hc, const struct http_msg *msg,
			   void *arg)
{
	struct sip_switch *ss = sipsw_of(arg);

	if (ss)
		http_req(hc, msg, ss);
	else
		refuse(hc, 500, "Server Internal Error");
}

void sip_ws_close(struct sip_switch *ss)
{
	ss->ws_sock = mem_deref(ss->ws_sock);
	list_flush(&ss->ws_conns);
}

bool sip_ws_flow(const struct sip_switch *ss, const struct sa *src)
{
	struct le *le;

	LIST_FOREACH(&ss->ws_conns, le) {
		const struct ws_conn *c = le->data;

		if (c->flow_up && sa_cmp(&c->flow_addr, src, SA_ALL))
			return true;
	}
	return false;
}
