/*
 * session.c — one JSON-RPC connection: reading lines, the heartbeat, the
 * ordered output queue and closing.
 *
 * Output order: a request's reply gets its place in the queue when the
 * request is dispatched (a "slot"), so the events the request causes (e.g.
 * OnReady after SignIn) always follow its reply, and a reply delayed on a
 * timer (wrong password) holds back what comes after it instead of being
 * overtaken.
 *
 * Two transports carry the same messages: the TCP agent port (one JSON
 * object per line) and WebSocket /ws on the HTTP port (one per text
 * message, see ws.c); only reading, the write call and a WebSocket's
 * Close frame differ. Either may run over TLS (the agent TLS port,
 * tls_port.c; /ws on the HTTPS port): libre's TLS sits under the TCP
 * connection, so only accepting and closing know of it.
 *
 * What a connection may take (how many from an address, requests a
 * second, time to sign in) is limits.c's, called at the start and end of
 * a session and for each request; the bound on unread output is here.
 *
 * Teardown is in one place (teardown()) and tells the core the bar is gone
 * (core_owner_lost) exactly once. Nothing here tears a session down from
 * inside a method handler: errors while sending schedule the close on a
 * timer, so handlers and the core never see a session vanish under them.
 */
#include <errno.h>
#include <string.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include "api/api_int.h"
#include "linebuf.h"
#include "core/core.h"
#include "log.h"
#include "websocket/websocket.h"

enum {
	FLUSH_TIMEOUT_MS = 2000,      /* a closing peer that does not read */
};

struct outmsg {
	struct le le;
	char *text;    /* NULL: a slot still waiting for its reply */
	size_t len;
	json_t *id;    /* the slot's request id */
};

struct deferred {
	struct le le;
	struct tmr tmr;
	struct session *s;
	struct outmsg *slot;
	json_t *result;
};

static void flush(struct session *s);

static void outmsg_destructor(void *data)
{
	struct outmsg *o = data;

	list_unlink(&o->le);
	mem_deref(o->text);
	json_decref(o->id);
}

static void deferred_destructor(void *data)
{
	struct deferred *d = data;

	tmr_cancel(&d->tmr);
	list_unlink(&d->le);
	json_decref(d->result);
}

/* A /ws session's Close frame, once; none once the peer is gone. */
static void ws_bye(struct session *s, uint16_t code, const char *why)
{
	if (!s->wsrx || s->ws_done || !s->tc)
		return;
	s->ws_done = true;
	(void)ws_close_send(s->tc, code, why);
}

/* Idempotent; after it the session sends and receives nothing. */
static void teardown(struct session *s)
{
	struct agent *a = s->agent;

	if (s->closed)
		return;
	s->closed = true;
	s->closing = true;
	limits_close(s);
	monitor_unsubscribe(s);
	list_unlink(&s->le);
	tmr_cancel(&s->hb);
	tmr_cancel(&s->close_tmr);
	list_flush(&s->deferred);
	list_flush(&s->outq);
	s->outq_bytes = 0;
	ws_bye(s, WS_CLOSE_GOING_AWAY, "going away");
	s->tls = mem_deref(s->tls);
	s->tc = mem_deref(s->tc);
	s->agent = NULL;
	s->kind = SESSION_NONE;
	if (a && s->api->core)
		core_owner_lost(s->api->core, a);
	log_debug("connection %s closed", s->peer);
}

static void destructor(void *data)
{
	struct session *s = data;

	teardown(s);
	linebuf_free(s->lb);
	mem_deref(s->wsrx);
}

struct tcp_conn *session_tcp(const struct session *s)
{
	return s->tc;
}

void session_close(struct session *s)
{
	if (!s || s->closed)
		return;
	teardown(s);
	mem_deref(s);   /* the reference api->sessions held */
}

static void close_tmr_h(void *arg)
{
	session_close(arg);
}

static void sent_h(void *arg)
{
	session_close(arg);
}

/* Output failed or overflowed: close from the loop, not from here. */
static void fail(struct session *s, const char *why)
{
	log_warn("connection %s: %s, closing", s->peer, why);
	s->closing = true;
	tmr_start(&s->close_tmr, 0, close_tmr_h, s);
}

void session_drop(struct session *s, const char *why)
{
	if (!s->closed)
		fail(s, why);
}

/* A WebSocket message is the line without its newline. */
static int send_one(struct session *s, const struct outmsg *o)
{
	struct mbuf mb;

	if (s->wsrx)
		return ws_frame_send(s->tc, WS_OP_TEXT, (uint8_t *)o->text,
				     o->len - 1);
	memset(&mb, 0, sizeof(mb));
	mb.buf = (uint8_t *)o->text;
	mb.size = mb.end = o->len;
	return tcp_send(s->tc, &mb);
}

static void flush(struct session *s)
{
	struct outmsg *o;
	int err;

	while (session_tcp(s) && (o = list_ledata(list_head(&s->outq))) &&
	       o->text) {
		err = send_one(s, o);
		if (err == ENOSPC && !s->closing)   /* libre's queue full */
			limits_count(s->api, LIMIT_OUTQ_MAX_BYTES);
		if (err) {
			fail(s, err == ENOSPC ? "peer does not read" :
			     "send failed");
			return;
		}
		s->outq_bytes -= o->len;
		mem_deref(o);
	}
	/* Closing and everything queued: a WebSocket's Close frame goes
	 * last, and the connection closes once the socket drained. */
	if (!session_tcp(s) || !s->closing || list_head(&s->outq))
		return;
	ws_bye(s, WS_CLOSE_NORMAL, "");
	if (tcp_set_send(s->tc, sent_h))
		tmr_start(&s->close_tmr, 0, close_tmr_h, s);
}

static int encode(struct outmsg *o, json_t *msg)
{
	char *text = json_dumps(msg, JSON_COMPACT);
	size_t len;

	if (!text)
		return ENOMEM;
	len = strlen(text);
	o->text = mem_alloc(len + 1, NULL);
	if (o->text) {
		memcpy(o->text, text, len);
		o->text[len] = '\n';
		o->len = len + 1;
	}
	free(text);
	return o->text ? 0 : ENOMEM;
}

void session_send(struct session *s, json_t *msg)
{
	struct outmsg *o;

	if (!session_tcp(s) || !msg)
		goto out;
	o = mem_zalloc(sizeof(*o), outmsg_destructor);
	if (!o || encode(o, msg)) {
		mem_deref(o);
		fail(s, "out of memory");
		goto out;
	}
	list_append(&s->outq, &o->le, o);
	s->outq_bytes += o->len;
	if (s->outq_bytes > s->api->conf.limits.outq_max_bytes) {
		if (!s->closing)
			limits_count(s->api, LIMIT_OUTQ_MAX_BYTES);
		fail(s, "output queue full");
		goto out;
	}
	flush(s);
 out:
	json_decref(msg);
}

struct outmsg *session_slot(struct session *s, json_t *id)
{
	struct outmsg *o;

	if (!id || !session_tcp(s))
		return NULL;
	o = mem_zalloc(sizeof(*o), outmsg_destructor);
	if (!o)
		return NULL;
	o->id = json_incref(id);
	list_append(&s->outq, &o->le, o);
	return o;
}

static void fill(struct session *s, struct outmsg *slot, json_t *msg)
{
	if (!msg || encode(slot, msg)) {
		mem_deref(slot);
		fail(s, "out of memory");
	} else {
		s->outq_bytes += slot->len;
		flush(s);
	}
	json_decref(msg);
}

void session_fill(struct session *s, struct outmsg *slot, json_t *result)
{
	if (!slot) {
		json_decref(result);
		return;
	}
	fill(s, slot, rpc_result(slot->id, result));
}

void session_fill_error(struct session *s, struct outmsg *slot, int code,
			const char *message)
{
	if (slot)
		fill(s, slot, rpc_error(slot->id, code, message));
}

static void deferred_h(void *arg)
{
	struct deferred *d = arg;
	json_t *result = d->result;

	d->result = NULL;
	session_fill(d->s, d->slot, result);
	mem_deref(d);
}

void session_reply_later(struct rpc_call *c, json_t *result,
			 uint32_t delay_ms)
{
	struct deferred *d;

	dispatch_count_result(c, result);
	if (!c->slot) {
		json_decref(result);
		return;
	}
	d = mem_zalloc(sizeof(*d), deferred_destructor);
	if (!d) {
		session_fill(c->s, c->slot, result);
		c->slot = NULL;
		return;
	}
	d->s = c->s;
	d->slot = c->slot;
	d->result = result;
	c->slot = NULL;
	list_append(&c->s->deferred, &d->le, d);
	tmr_start(&d->tmr, delay_ms, deferred_h, d);
}

void session_close_after_flush(struct session *s)
{
	if (!session_tcp(s) || s->closing)
		return;
	s->closing = true;
	tmr_start(&s->close_tmr, FLUSH_TIMEOUT_MS, close_tmr_h, s);
	flush(s);
}

static void hb_expired(void *arg)
{
	struct session *s = arg;

	log_trace("connection %s: no traffic for %d s, dropping it", s->peer,
		  s->api->conf.heartbeat_timeout);
	session_close(s);
}

void session_input(struct session *s, const char *text, size_t len)
{
	if (s->closing)
		return;
	tmr_start(&s->hb, (uint64_t)s->api->conf.heartbeat_timeout * 1000,
		  hb_expired, s);
	if (limits_request(s, text, len))
		dispatch_line(s, text, len);
}

static int line_h(const char *line, size_t len, void *arg)
{
	struct session *s = arg;

	session_input(s, line, len);
	return s->closing ? 1 : 0;
}

static void recv_h(struct mbuf *mb, void *arg)
{
	struct session *s = arg;
	int err;

	if (s->closing)
		return;
	mem_ref(s);
	err = linebuf_feed(s->lb, mbuf_buf(mb), mbuf_get_left(mb), line_h, s);
	if (err == E2BIG) {
		log_warn("connection %s: line longer than %d bytes", s->peer,
			 API_MAX_LINE);
		session_send(s, rpc_error(NULL, RPC_INVALID_REQUEST,
					  "line too long"));
		session_close_after_flush(s);
	} else if (err == ENOMEM) {
		fail(s, "out of memory");
	}
	mem_deref(s);
}

static void close_h(int err, void *arg)
{
	struct session *s = arg;

	/* once: the session ends here. A bare connect and close is a port
	 * check, not worth a warning each time. */
	if (s->handshaking && err)
		log_warn("connection %s: TLS handshake failed (%s)", s->peer,
			 strerror(err));
	else
		log_debug("connection %s: peer closed (%s)%s", s->peer,
			  err ? strerror(err) : "eof",
			  s->handshaking ? " before TLS was up" : "");
	s->ws_done = true;
	session_close(s);
}

static struct session *session_new(struct api *api)
{
	struct session *s = mem_zalloc(sizeof(*s), destructor);

	if (!s)
		return NULL;
	s->api = api;
	tmr_init(&s->hb);
	tmr_init(&s->close_tmr);
	return s;
}

/* The connection is up: it counts, and must speak within the heartbeat.
 * What libre queues for it once the socket is full is bounded like our
 * own queue: past it the send fails and the session closes (flush()). */
static void session_started(struct session *s, const struct sa *peer)
{
	int one = 1;

	/* replies and events are small separate writes: without this,
	 * Nagle holds each one back until the previous one is acked */
	(void)setsockopt(tcp_conn_fd(s->tc), IPPROTO_TCP, TCP_NODELAY, &one,
			 sizeof(one));
	tcp_conn_txqsz_set(s->tc, s->api->conf.limits.outq_max_bytes);
	re_snprintf(s->peer, sizeof(s->peer), "%J", peer);
	re_snprintf(s->addr, sizeof(s->addr), "%j", peer);
	list_append(&s->api->sessions, &s->le, s);
	tmr_start(&s->hb, (uint64_t)s->api->conf.heartbeat_timeout * 1000,
		  hb_expired, s);
	log_debug("connection %s accepted%s", s->peer,
		  s->wsrx ? " (websocket)" : "");
}

/* The TLS handshake is done: the client is one. */
static void tls_up_h(void *arg)
{
	struct session *s = arg;

	s->handshaking = false;
}

int session_accept(struct api *api, struct tcp_sock *ts, struct tls *tls,
		   const struct sa *peer)
{
	struct session *s;
	int err;

	s = session_new(api);
	if (!s)
		return ENOMEM;
	err = limits_open(s, peer, false);
	err = err ? err : linebuf_alloc(&s->lb, API_MAX_LINE);
	err = err ? err : tcp_accept(&s->tc, ts, tls ? tls_up_h : NULL,
				     recv_h, close_h, s);
	/* until it is up, the heartbeat bounds the handshake as it bounds
	 * a plain client's silence */
	if (!err && tls) {
		err = tls_start_tcp(&s->tls, tls, s->tc, 0);
		s->handshaking = !err;
	}
	if (err)
		goto out;
	session_started(s, peer);
 out:
	if (err)
		mem_deref(s);
	return err;
}

static int security_headers(struct re_printf *pf, void *api)
{
	return http_security_headers(pf, api);
}

int session_accept_ws(struct api *api, struct http_conn *hc,
		      const char *accept, tcp_recv_h *recvh)
{
	struct session *s;
	struct sa peer = *http_conn_peer(hc);
	int err;

	s = session_new(api);
	if (!s)
		return ENOMEM;
	err = limits_open(s, &peer, true);
	err = err ? err : ws_rx_alloc(&s->wsrx, API_MAX_LINE);
	err = err ? err : ws_handshake_take(&s->tc, &s->tls, hc, accept,
					    security_headers, api, recvh,
					    close_h, s);
	if (err) {
		mem_deref(s);
		return err;
	}
	session_started(s, &peer);
	return 0;
}

void session_ws_close(struct session *s, int scode, const char *why)
{
	if (!s->wsrx || s->closing)
		return;
	if (scode) {
		log_warn("connection %s: %s, closing (%d)", s->peer, why,
			 scode);
		ws_bye(s, (uint16_t)scode, why);
	}
	else {
		log_debug("connection %s: %s", s->peer, why);
		s->ws_done = true;     /* its Close was answered */
	}
	s->closing = true;
	/* once the Close frame left, bounded as a flush is */
	tmr_start(&s->close_tmr, FLUSH_TIMEOUT_MS, close_tmr_h, s);
	if (tcp_set_send(s->tc, sent_h))
		tmr_start(&s->close_tmr, 0, close_tmr_h, s);
}
