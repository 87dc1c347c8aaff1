/*
 * remote.c — the remote switch's link to its node: connects, says hello
 * with the protocol version and the fencing token, answers the node's
 * challenge when it has a node secret (swauth.h), takes the node's view
 * (remote_sync.c), and reconnects after any loss. A node that
 * refuses our token (a newer master took over) is logged as such; we keep
 * trying, in case the operator restarts us with a newer token. The
 * standby of a CTI pair connects only once it leads (remote_switch_lead).
 */
#include <errno.h>
#include <string.h>
#include "log.h"
#include "switch/remote/remote_int.h"

static void connect_now(struct remote *r);

static void retry_h(void *arg)
{
	connect_now(arg);
}

static void close_h(int err, void *arg)
{
	struct remote *r = arg;

	log_warn("switch node %s: link %s (%s); retrying every %u ms",
		 r->node, r->up ? "lost" : "failed", strerror(err),
		 r->conf.reconnect_ms);
	if (r->up)
		remote_lost_arm(r);
	r->up = false;
	remote_sync_reset(r);
	r->link = mem_deref(r->link);
	tmr_start(&r->retry_tmr, r->conf.reconnect_ms, retry_h, r);
}

int remote_cmd(struct remote *r, json_t *cmd)
{
	int err;

	if (!cmd)
		return ENOMEM;
	if (!r->up) {
		json_decref(cmd);
		return ENOTCONN;
	}
	err = json_object_set_new(cmd, "t", json_string("cmd"));
	err |= json_object_set_new(cmd, "token",
				   json_integer((json_int_t)r->conf.token));
	err |= json_object_set_new(cmd, "seq",
				   json_integer((json_int_t)++r->seq));
	err = err ? ENOMEM : swlink_send(r->link, cmd);
	json_decref(cmd);
	return err;
}

/* The node proves the secret on our nonce and challenges us with its
 * own; a node without the proof is not ours to drive. */
static void challenged(struct remote *r, const json_t *f)
{
	bool bad = false;
	const char *nonce = swmsg_str(f, "nonce", SWAUTH_NONCE_SIZE, &bad);
	const char *proof = swmsg_str(f, "proof", SWAUTH_PROOF_SIZE, &bad);
	char ours[SWAUTH_PROOF_SIZE];
	json_t *auth;
	int err;

	if (!r->secret) {
		log_error("switch node %s: asks for the node secret; set "
			  "[switch] node_secret", r->node);
		close_h(EACCES, r);
		return;
	}
	if (!swauth_check(r->secret, "node", r->nonce, proof) || !nonce ||
	    swauth_proof(ours, r->secret, "cti", nonce)) {
		log_error("switch node %s: did not prove the node secret",
			  r->node);
		close_h(EACCES, r);
		return;
	}
	r->proven = true;
	auth = json_pack("{s:s, s:s}", "t", "auth", "proof", ours);
	err = auth ? swlink_send(r->link, auth) : ENOMEM;
	json_decref(auth);
	if (err)
		close_h(err, r);
}

static void frame_h(const json_t *f, void *arg)
{
	struct remote *r = arg;
	const char *t = swmsg_type(f);
	bool bad = false;
	uint64_t err;
	int e;

	if (!r->up && !r->syncing && !strcmp(t, "challenge")) {
		challenged(r, f);
		return;
	}
	if (r->secret && !r->proven && !strcmp(t, "welcome")) {
		log_error("switch node %s: has no node secret: not driving a "
			  "node anyone may drive", r->node);
		close_h(EACCES, r);
		return;
	}
	if (!r->up && strcmp(t, "error")) {
		e = remote_sync(r, t, f);
		if (e) {
			log_error("switch node %s: bad %s frame while "
				  "connecting: %s", r->node, t, strerror(e));
			close_h(EPROTO, r);
		}
		return;
	}
	if (!strcmp(t, "ev") && r->up) {
		remote_event(r, f);
		return;
	}
	if (!strcmp(t, "ack") && r->up) {
		if (swmsg_uint(f, "err", 1000, &err) && err)
			log_warn("switch node %s: command %lld failed: %s",
				 r->node, json_integer_value(
					 json_object_get(f, "seq")),
				 strerror((int)err));
		return;
	}
	if (!strcmp(t, "error")) {
		const char *code = swmsg_str(f, "code", 32, &bad);

		log_error("switch node %s: %s: %s", r->node,
			  code ? code : "error",
			  swmsg_str(f, "msg", SWMSG_STR_MAX, &bad));
		return;
	}
	log_warn("switch node %s: unexpected frame %s", r->node, t);
	close_h(EPROTO, r);
}

static void estab_h(void *arg)
{
	struct remote *r = arg;
	json_t *hello;
	int err;

	swauth_nonce(r->nonce);
	r->proven = false;
	hello = json_pack("{s:s, s:i, s:s, s:I, s:I, s:s}", "t", "hello",
			  "v", SWFRAME_VERSION, "role", "master", "token",
			  (json_int_t)r->conf.token, "hb_ms",
			  (json_int_t)r->conf.hb_ms, "nonce", r->nonce);
	err = hello ? swlink_send(r->link, hello) : ENOMEM;

	json_decref(hello);
	if (err)
		close_h(err, r);
}

static void connect_now(struct remote *r)
{
	int err = swlink_connect(&r->link, &r->peer, r->conf.hb_ms, estab_h,
				 frame_h, close_h, r);

	if (err) {
		log_warn("switch node %s: cannot connect: %s", r->node,
			 strerror(err));
		tmr_start(&r->retry_tmr, r->conf.reconnect_ms, retry_h, r);
	}
}

static void destructor(void *arg)
{
	struct remote *r = arg;

	tmr_cancel(&r->retry_tmr);
	tmr_cancel(&r->lost_tmr);
	r->link = mem_deref(r->link);
	remote_sync_reset(r);
	list_flush(&r->phones);
	list_flush(&r->legs);
	json_decref(r->report);
	mem_deref(r->secret);
}

int remote_switch_alloc(struct sw **swp, sw_event_h *eh, void *arg,
			const struct remote_conf *conf)
{
	struct remote *r;
	int err;

	if (!swp || !eh || !conf || !conf->node || !conf->hb_ms ||
	    !conf->reconnect_ms)
		return EINVAL;
	r = mem_zalloc(sizeof(*r), destructor);
	if (!r)
		return ENOMEM;
	r->sw.ops = &remote_ops;
	r->sw.eh = eh;
	r->sw.arg = arg;
	r->conf = *conf;
	str_ncpy(r->node, conf->node, sizeof(r->node));
	r->conf.node = r->node;
	r->conf.secret = NULL;
	if (str_isset(conf->secret) && str_dup(&r->secret, conf->secret)) {
		mem_deref(r);
		return ENOMEM;
	}
	tmr_init(&r->retry_tmr);
	tmr_init(&r->lost_tmr);
	err = sa_decode(&r->peer, conf->node, strlen(conf->node));
	if (err || !sa_port(&r->peer)) {
		mem_deref(r);
		return EINVAL;
	}
	if (!conf->standby)
		connect_now(r);
	*swp = &r->sw;
	return 0;
}

int remote_switch_lead(struct sw *sw, uint64_t token)
{
	struct remote *r = (struct remote *)sw;

	if (!r)
		return EINVAL;
	if (!r->conf.standby)
		return EALREADY;
	r->conf.standby = false;
	r->conf.token = token;
	connect_now(r);
	return 0;
}

void remote_switch_depose(struct sw *sw)
{
	struct remote *r = (struct remote *)sw;

	if (!r)
		return;
	r->conf.standby = true;
	tmr_cancel(&r->retry_tmr);
	r->up = false;
	remote_sync_reset(r);
	r->link = mem_deref(r->link);
	log_warn("switch node %s: deposed, link closed", r->node);
}
