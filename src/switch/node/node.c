/*
 * node.c — the switch node's listener and connections: the hello that
 * names a connection master (with a fencing token) or control, proven by
 * the node secret when there is one (switch/link/swauth.h), the
 * refusal of stale tokens, the handover to a newer master, and the orphan
 * timer that ends the legs when no master comes back in time.
 */
#include <errno.h>
#include <string.h>
#include "log.h"
#include "switch/node/node_int.h"

static void conn_destructor(void *arg)
{
	struct nconn *c = arg;

	list_unlink(&c->le);
	if (c->node && c->node->master == c)
		c->node->master = NULL;
	mem_deref(c->link);
	json_decref(c->hello);
}

static void orphan_h(void *arg)
{
	struct node *n = arg;

	log_warn("switch node: no CTI for %u ms, ending %u legs",
		 n->conf.orphan_ms, list_count(&n->legs));
	node_legs_orphan_end(n);
}

/* The master is gone: its legs wait for it (or a successor) a while. */
static void orphaned(struct node *n)
{
	n->master = NULL;
	if (list_isempty(&n->legs))
		return;
	log_warn("switch node: CTI gone, keeping %u legs for %u ms",
		 list_count(&n->legs), n->conf.orphan_ms);
	tmr_start(&n->orphan_tmr, n->conf.orphan_ms, orphan_h, n);
}

static void close_h(int err, void *arg)
{
	struct nconn *c = arg;
	struct node *n = c->node;

	log_trace("switch node: %s closed (%s)", swlink_peer(c->link),
		  strerror(err));
	if (n->master == c) {
		mem_deref(c);
		orphaned(n);
		return;
	}
	mem_deref(c);
}

void node_send(struct nconn *c, json_t *f)
{
	int err = f ? swlink_send(c->link, f) : ENOMEM;

	if (err)
		log_warn("switch node: cannot send to %s: %s",
			 swlink_peer(c->link), strerror(err));
	json_decref(f);
}

void node_to_master(struct node *n, json_t *f)
{
	if (!n->master) {
		json_decref(f);
		return;
	}
	node_send(n->master, f);
}

/* Refuses c's hello or frame: an error frame, then the connection goes. */
static void refuse(struct nconn *c, const char *code, const char *msg)
{
	log_warn("switch node: %s refused: %s", swlink_peer(c->link), msg);
	swlink_send_error(c->link, code, msg);
	mem_deref(c);
}

/* The node's view for a new connection: the welcome, a frame per DN and
 * per live leg (no table outgrows a frame), then "synced". */
static void sync_view(struct nconn *c)
{
	const struct node *n = c->node;

	node_send(c, json_pack("{s:s, s:i, s:I, s:I, s:b, s:I}", "t",
			       "welcome", "v", SWFRAME_VERSION, "token",
			       (json_int_t)n->token, "hb_ms",
			       (json_int_t)n->conf.hb_ms, "phones_default",
			       n->conf.phones_default, "orphan_ms",
			       (json_int_t)n->conf.orphan_ms));
	node_leg_sync(c);
	node_send(c, json_pack("{s:s}", "t", "synced"));
}

/* A master's hello: a token below the highest seen is a deposed master's;
 * an equal or higher one takes the node over (the old master's link, if
 * any, is closed: its late commands cannot arrive any more). */
static void hello_master(struct nconn *c, const json_t *f)
{
	struct node *n = c->node;
	uint64_t token;

	if (!swmsg_uint(f, "token", SWMSG_LEG_MAX, &token)) {
		refuse(c, "bad_hello", "hello without a valid token");
		return;
	}
	if (n->has_token && token < n->token) {
		refuse(c, "stale_token", "fencing token below the current "
		       "master's");
		return;
	}
	if (n->master && n->master != c) {
		struct nconn *old = n->master;

		log_warn("switch node: master %s (token %llu) deposed by %s "
			 "(token %llu)", swlink_peer(old->link),
			 (unsigned long long)old->token,
			 swlink_peer(c->link), (unsigned long long)token);
		swlink_send_error(old->link, "deposed", "a master with a "
				  "newer token took over");
		n->master = NULL;
		mem_deref(old);
	}
	n->token = token;
	n->has_token = true;
	c->role = NCONN_MASTER;
	c->token = token;
	n->master = c;
	tmr_cancel(&n->orphan_tmr);
	log_trace("switch node: master %s, token %llu, %u legs reported",
		  swlink_peer(c->link), (unsigned long long)token,
		  list_count(&n->legs));
	sync_view(c);
}

/* The hello's role, once the version (and the secret) is settled. */
static void hello_role(struct nconn *c, const json_t *f)
{
	bool bad = false;
	const char *role = swmsg_str(f, "role", 16, &bad);

	if (role && !strcmp(role, "master")) {
		hello_master(c, f);
		return;
	}
	if (role && !strcmp(role, "control")) {
		c->role = NCONN_CONTROL;
		sync_view(c);
		return;
	}
	refuse(c, "bad_hello", "role must be master or control");
}

/* With a node secret, the hello waits for the peer's proof: the node
 * proves itself on the peer's nonce and challenges it with its own. */
static void challenge(struct nconn *c, const json_t *f)
{
	bool bad = false;
	const char *peer_nonce = swmsg_str(f, "nonce", SWAUTH_NONCE_SIZE,
					   &bad);
	char proof[SWAUTH_PROOF_SIZE];

	if (!peer_nonce || swauth_proof(proof, c->node->conf.secret, "node",
					peer_nonce)) {
		refuse(c, "bad_auth", "this node needs the node secret: "
		       "hello without a valid nonce");
		return;
	}
	swauth_nonce(c->nonce);
	c->hello = json_deep_copy(f);
	c->role = NCONN_AUTH;
	node_send(c, json_pack("{s:s, s:s, s:s}", "t", "challenge", "nonce",
			       c->nonce, "proof", proof));
}

static void hello(struct nconn *c, const json_t *f)
{
	uint64_t v, hb;

	if (!swmsg_uint(f, "v", 1000, &v) || v != SWFRAME_VERSION) {
		refuse(c, "version", "protocol version not supported");
		return;
	}
	if (swmsg_uint(f, "hb_ms", SWLINK_HB_MAX, &hb))
		swlink_peer_hb(c->link, (uint32_t)hb);
	if (str_isset(c->node->conf.secret))
		challenge(c, f);
	else
		hello_role(c, f);
}

static void auth(struct nconn *c, const json_t *f)
{
	bool bad = false;
	const char *proof = swmsg_str(f, "proof", SWAUTH_PROOF_SIZE, &bad);
	json_t *hello;

	if (strcmp(swmsg_type(f), "auth") ||
	    !swauth_check(c->node->conf.secret, "cti", c->nonce, proof)) {
		refuse(c, "bad_auth", "wrong node secret");
		return;
	}
	hello = c->hello;
	c->hello = NULL;
	c->role = NCONN_NEW;
	hello_role(c, hello);
	json_decref(hello);
}

static void frame_h(const json_t *f, void *arg)
{
	struct nconn *c = arg;
	const char *t = swmsg_type(f);

	if (c->role == NCONN_NEW) {
		if (strcmp(t, "hello")) {
			refuse(c, "bad_hello", "hello first");
			return;
		}
		hello(c, f);
		return;
	}
	if (c->role == NCONN_AUTH) {
		auth(c, f);
		return;
	}
	if (c->role == NCONN_MASTER && !strcmp(t, "cmd")) {
		node_cmd(c, f);
		return;
	}
	if (c->role == NCONN_CONTROL && !strcmp(t, "ctl")) {
		node_ctl(c, f);
		return;
	}
	refuse(c, "bad_frame", "frame not allowed here");
}

static void conn_h(const struct sa *peer, void *arg)
{
	(void)peer;
	struct node *n = arg;
	struct nconn *c = mem_zalloc(sizeof(*c), conn_destructor);
	int err;

	if (!c) {
		tcp_reject(n->ts);
		return;
	}
	c->node = n;
	err = swlink_accept(&c->link, n->ts, n->conf.hb_ms, frame_h, close_h,
			    c);
	if (err) {
		log_warn("switch node: cannot accept a connection: %s",
			 strerror(err));
		tcp_reject(n->ts);
		mem_deref(c);
		return;
	}
	list_append(&n->conns, &c->le, c);
}

static void destructor(void *arg)
{
	struct node *n = arg;

	tmr_cancel(&n->orphan_tmr);
	n->master = NULL;
	list_flush(&n->conns);
	n->ts = mem_deref(n->ts);
	node_legs_end(n);
	list_flush(&n->phones);
}

int node_alloc(struct node **np, struct sw *sw, const struct node_conf *conf)
{
	struct node *n;
	int err;

	if (!np || !sw || !conf || !conf->hb_ms || !conf->orphan_ms)
		return EINVAL;
	n = mem_zalloc(sizeof(*n), destructor);
	if (!n)
		return ENOMEM;
	n->sw = sw;
	n->conf = *conf;
	tmr_init(&n->orphan_tmr);
	err = sa_set_str(&n->laddr, conf->listen, conf->port);
	if (!err)
		err = tcp_listen(&n->ts, &n->laddr, conn_h, n);
	if (!err)
		err = tcp_sock_local_get(n->ts, &n->laddr);
	if (err) {
		mem_deref(n);
		return err;
	}
	*np = n;
	return 0;
}

uint16_t node_port(const struct node *n)
{
	return sa_port(&n->laddr);
}
