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
 * The frames are sip_ws_frame.c's; how a browser is reached inside its
 * dialogs, sip_ws_contact.c's.
 */
#include <errno.h>
#include <string.h>
#include <openssl/evp.h>
#include "log.h"
#include "switch/sip/sip_int.h"

enum {
	WS_CONNS_MAX = 2000,       /* browsers connected at once */
	WS_CONTACT_MAX = 128,      /* "user@host" of a browser's Contact */
	WS_MSG_MAX = 65536,        /* a SIP message, and what may wait */
	WS_CLOSE_NORMAL = 1000, WS_CLOSE_PROTOCOL = 1002,
	WS_CLOSE_TOO_BIG = 1009,
};

static const char ws_guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

struct ws_conn {
	struct le le;              /* ss->ws_conns */
	struct sip_switch *ss;
	struct tcp_conn *ws;       /* the browser's */
	struct tcp_conn *flow;     /* ours to the SIP stack */
	struct sa peer;
	struct sa flow_addr;       /* what the stack sees as the source */
	bool flow_up;
	struct mbuf *rx;           /* WebSocket bytes short of a frame */
	struct mbuf *frag;         /* a fragmented message so far */
	bool in_frag;              /* its first frame came */
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
	mem_deref(c->ws);
	mem_deref(c->flow);
	mem_deref(c->rx);
	mem_deref(c->frag);
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
	c->ws = mem_deref(c->ws);
	mbuf_reset(c->rx);
	mbuf_reset(c->frag);
	c->in_frag = false;
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

static void close_send(struct ws_conn *c, uint16_t code)
{
	uint8_t b[2] = {(uint8_t)(code >> 8), (uint8_t)code};

	(void)ws_frame_send(c->ws, WS_OP_CLOSE, b, sizeof(b));
}

/* A whole message from the browser: to the stack, or queued until the
 * flow is connected. */
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

/* One frame from the browser: messages (maybe in fragments) and the
 * control frames. ECONNRESET: it closed. */
static int frame_take(bool fin, uint8_t opcode, const uint8_t *p, size_t n,
		      void *arg)
{
	struct ws_conn *c = arg;
	int err;

	switch (opcode) {
	case WS_OP_TEXT:
	case WS_OP_BIN:
		if (c->in_frag)
			return EPROTO;     /* a new message inside one */
		if (fin)
			return deliver(c, p, n);
		c->in_frag = true;
		return mbuf_write_mem(c->frag, p, n);
	case WS_OP_CONT:
		if (!c->in_frag)
			return EPROTO;
		if (c->frag->end + n > WS_MSG_MAX)
			return EOVERFLOW;
		err = mbuf_write_mem(c->frag, p, n);
		if (err || !fin)
			return err;
		err = deliver(c, c->frag->buf, c->frag->end);
		mbuf_reset(c->frag);
		c->in_frag = false;
		return err;
	case WS_OP_PING:
		return ws_frame_send(c->ws, WS_OP_PONG, p, n);
	case WS_OP_PONG:
		return 0;
	case WS_OP_CLOSE:
		(void)ws_frame_send(c->ws, WS_OP_CLOSE, p, n < 2 ? n : 2);
		/* 1000: the phone stopped on purpose, nothing to wait for */
		return n >= 2 && (p[0] << 8 | p[1]) == WS_CLOSE_NORMAL ?
			ESHUTDOWN : ECONNRESET;
	default:
		return EPROTO;
	}
}

static int up_drain(struct ws_conn *c);
static void ws_recv(struct mbuf *mb, void *arg);
static void ws_close(int err, void *arg);

/* c's WebSocket goes on as the dropped browser's (c->heir), whose flow
 * the stack knows; c and its own flow, unused, go. */
static void take_over(struct ws_conn *c)
{
	struct ws_conn *old = c->heir;
	struct mbuf *rx = old->rx;
	char peer[64];
	int err;

	old->ws = c->ws;
	c->ws = NULL;
	old->peer = c->peer;
	old->rx = c->rx;           /* frames after the REGISTER, if any */
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
	size_t pos = c->rx->pos;
	int err;

	if (c->rx->end + mbuf_get_left(mb) > 2 * WS_MSG_MAX) {
		close_send(c, WS_CLOSE_TOO_BIG);
		conn_end(c, "frame too big");
		return;
	}
	c->rx->pos = c->rx->end;
	err = mbuf_write_mem(c->rx, mbuf_buf(mb), mbuf_get_left(mb));
	c->rx->pos = pos;
	err = err ? err : ws_frames_parse(c->rx, WS_MSG_MAX, frame_take, c);
	if (!err && c->heir) {
		take_over(c);
		return;
	}
	if (!err)
		return;
	if (err == EPROTO)
		close_send(c, WS_CLOSE_PROTOCOL);
	else if (err == EOVERFLOW)
		close_send(c, WS_CLOSE_TOO_BIG);
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

/* base64(SHA-1(key + GUID)), RFC 6455 section 4.2.2 */
static int accept_key(char *out, size_t size, const struct pl *key)
{
	uint8_t md[EVP_MAX_MD_SIZE];
	char buf[128];
	unsigned mdlen = 0;
	size_t olen = size - 1;
	int err;

	if (key->l > sizeof(buf) - sizeof(ws_guid))
		return EINVAL;
	memcpy(buf, key->p, key->l);
	memcpy(buf + key->l, ws_guid, sizeof(ws_guid) - 1);
	if (!EVP_Digest(buf, key->l + sizeof(ws_guid) - 1, md, &mdlen,
			EVP_sha1(), NULL))
		return ENOMEM;
	err = base64_encode(md, mdlen, out, &olen);
	if (!err)
		out[olen] = 0;
	return err;
}

static void refuse(struct http_conn *hc, uint16_t scode, const char *reason)
{
	(void)http_reply(hc, scode, reason, "Content-Length: 0\r\n\r\n");
}

static void http_req(struct http_conn *hc, const struct http_msg *msg,
		     void *arg)
{
	struct sip_switch *ss = arg;
	const struct http_hdr *key = http_msg_hdr(msg,
						  HTTP_HDR_SEC_WEBSOCKET_KEY);
	struct ws_conn *c;
	char accept[64];
	int err;

	if (pl_strcmp(&msg->met, "GET") ||
	    !http_msg_hdr_has_value(msg, HTTP_HDR_UPGRADE, "websocket") ||
	    !http_msg_hdr_has_value(msg, HTTP_HDR_SEC_WEBSOCKET_VERSION,
				    "13") ||
	    !key || accept_key(accept, sizeof(accept), &key->val)) {
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
	c->rx = mbuf_alloc(1024);
	c->frag = mbuf_alloc(1024);
	c->down = mbuf_alloc(1024);
	c->up = mbuf_alloc(1024);
	err = (c->rx && c->frag && c->down && c->up) ? 0 : ENOMEM;
	err = err ? err : tcp_connect(&c->flow, &ss->ws_target, flow_estab,
				      flow_recv, flow_close, c);
	err = err ? err : http_reply(hc, 101, "Switching Protocols",
				     "Upgrade: websocket\r\n"
				     "Connection: Upgrade\r\n"
				     "Sec-WebSocket-Accept: %s\r\n"
				     "Sec-WebSocket-Protocol: sip\r\n"
				     "\r\n", accept);
	if (err) {
		mem_deref(c);
		refuse(hc, 500, "Server Internal Error");
		return;
	}
	/* the connection is ours from here, as libre's websock does it */
	c->ws = mem_ref(http_conn_tcp(hc));
	tcp_set_handlers(c->ws, NULL, ws_recv, ws_close, c);
	http_conn_close(hc);
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
