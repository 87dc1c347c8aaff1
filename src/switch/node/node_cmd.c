/*
 * node_cmd.c — a master's commands, carried out on the node's backend.
 *
 * Every command carries the master's fencing token and a sequence number;
 * the node answers {"t":"ack","seq":N,"err":E} (E an errno, 0 = done). A
 * command whose token is not the current master's is refused with
 * err EPERM ("stale_token"): it cannot normally happen on the master's own
 * link, and is checked anyway so that no late command of a deposed master
 * ever reaches the backend. An originate that fails at once also gets a
 * "failed" event, as the core expects of a leg that never rang.
 */
#include <errno.h>
#include <string.h>
#include "log.h"
#include "switch/node/node_int.h"

/* Bit 62: the leg ids a CTI allocates for what it originates. */
#define CTI_LEG_BIT ((uint64_t)1 << 62)

static int originate(struct node *n, const json_t *f)
{
	struct sw_originate o = {0};
	bool bad = false;
	const char *kind = swmsg_str(f, "kind", 16, &bad);
	uint64_t timeout = 0;
	sw_leg_t wire, local;
	struct nleg *l;
	int err;

	o.dest = swmsg_str(f, "dest", SWMSG_STR_MAX, &bad);
	o.caller = swmsg_str(f, "caller", SWMSG_STR_MAX, &bad);
	o.auto_answer = json_is_true(json_object_get(f, "auto_answer"));
	if (json_object_get(f, "timeout_ms") &&
	    !swmsg_uint(f, "timeout_ms", UINT32_MAX, &timeout))
		bad = true;
	o.timeout_ms = (uint32_t)timeout;
	if (bad || !kind || !o.dest || !o.caller || !swmsg_leg(f, &wire) ||
	    !(wire & CTI_LEG_BIT))
		return EINVAL;
	if (!strcmp(kind, "phone"))
		o.kind = SW_DEST_PHONE;
	else if (!strcmp(kind, "number"))
		o.kind = SW_DEST_NUMBER;
	else
		return EINVAL;
	if (node_leg_by_wire(n, wire))
		return EEXIST;
	err = sw_originate(n->sw, &local, &o);
	if (err)
		return err;
	err = node_leg_add(n, &l, wire, local, false);
	if (!err) {
		err = node_leg_str(&l->dest, o.dest);
		err |= node_leg_str(&l->caller, o.caller);
	}
	if (err) {
		mem_deref(node_leg_by_wire(n, wire));
		(void)sw_hangup(n->sw, local, SW_CAUSE_FAILED);
		return ENOMEM;
	}
	return 0;
}

static int join(struct node *n, struct nleg *l, const json_t *f)
{
	bool bad = false;
	const char *bridge = swmsg_str(f, "bridge", SWMSG_STR_MAX, &bad);
	uint64_t flags;
	int err;

	if (!bridge || !swmsg_uint(f, "flags", SW_HEAR | SW_SPEAK, &flags))
		return EINVAL;
	err = sw_join(n->sw, bridge, l->local, (unsigned)flags);
	if (err)
		return err;
	l->flags = (unsigned)flags;
	return node_leg_str(&l->bridge, bridge);
}

/* The CTI's annotations of a leg (call data, queue entry time, its note):
 * only kept, for the leg report a later master reads. Data merges; the
 * note, always sent whole, replaces the last. */
static int attach(struct nleg *l, const json_t *f)
{
	struct sw_kv kv[SW_DATA_MAX_PAIRS];
	const json_t *data = json_object_get(f, "data");
	const json_t *note = json_object_get(f, "note");
	uint64_t queued_at = l->queued_at;
	struct sw_note n;
	size_t nkv;

	if (data && !swmsg_data(data, kv, &nkv))
		return EINVAL;
	if (note && !swmsg_note(note, &n))
		return EINVAL;
	if (json_object_get(f, "queued_at") &&
	    !swmsg_uint(f, "queued_at", SWMSG_LEG_MAX, &queued_at))
		return EINVAL;
	if (data && json_object_update(l->data, (json_t *)data))
		return ENOMEM;
	if (json_object_size(l->data) > SW_DATA_MAX_PAIRS)
		return E2BIG;
	if (note) {
		json_t *copy = json_deep_copy(note);

		if (!copy)
			return ENOMEM;
		json_decref(l->note);
		l->note = copy;
	}
	l->queued_at = queued_at;
	return 0;
}

/* The commands on one leg the node knows. */
static int leg_cmd(struct node *n, const char *op, const json_t *f)
{
	bool bad = false;
	const char *s;
	struct nleg *l;
	sw_leg_t wire;
	enum sw_cause cause = SW_CAUSE_NORMAL;
	enum sw_tone tone;
	int err;

	if (!swmsg_leg(f, &wire))
		return EINVAL;
	l = node_leg_by_wire(n, wire);
	if (!l)
		return ENOENT;
	if (!strcmp(op, "answer")) {
		err = sw_answer(n->sw, l->local);
		if (!err && l->inbound)
			l->state = "answered";
		return err;
	}
	if (!strcmp(op, "hangup")) {
		s = swmsg_str(f, "cause", 16, &bad);
		if (s && !swmsg_cause(s, &cause))
			return EINVAL;
		err = sw_hangup(n->sw, l->local, cause);
		mem_deref(l);
		return err;
	}
	if (!strcmp(op, "join"))
		return join(n, l, f);
	if (!strcmp(op, "leave")) {
		err = sw_leave(n->sw, l->local);
		if (!err) {
			l->bridge = mem_deref(l->bridge);
			l->flags = 0;
		}
		return err;
	}
	if (!strcmp(op, "play")) {
		if (!swmsg_tone(swmsg_str(f, "tone", 16, &bad), &tone))
			return EINVAL;
		err = sw_play(n->sw, l->local, tone);
		if (!err)
			l->tone = tone;
		return err;
	}
	if (!strcmp(op, "dtmf")) {
		s = swmsg_str(f, "digits", SWMSG_STR_MAX, &bad);
		return s ? sw_send_dtmf(n->sw, l->local, s) : EINVAL;
	}
	if (!strcmp(op, "attach"))
		return attach(l, f);
	return ENOSYS;
}

static int record(struct node *n, const json_t *f)
{
	bool bad = false;
	const char *bridge = swmsg_str(f, "bridge", SWMSG_STR_MAX, &bad);
	const char *path = swmsg_str(f, "path", 4095, &bad);

	if (bad || !bridge)
		return EINVAL;
	return sw_record(n->sw, bridge, path);
}

void node_cmd(struct nconn *c, const json_t *f)
{
	struct node *n = c->node;
	bool bad = false;
	const char *op = swmsg_str(f, "op", 16, &bad);
	uint64_t seq = 0, token;
	int err;

	(void)swmsg_uint(f, "seq", SWMSG_LEG_MAX, &seq);
	if (!swmsg_uint(f, "token", SWMSG_LEG_MAX, &token) ||
	    token != n->token || n->master != c) {
		log_warn("switch node: command with stale token refused");
		err = EPERM;
	}
	else if (!op)
		err = EINVAL;
	else if (!strcmp(op, "originate"))
		err = originate(n, f);
	else if (!strcmp(op, "record"))
		err = record(n, f);
	else
		err = leg_cmd(n, op, f);
	if (err && err != EPERM)
		log_debug("switch node: %s: %s", op ? op : "?", strerror(err));
	if (err && err != EPERM && op && !strcmp(op, "originate")) {
		sw_leg_t wire;

		if (swmsg_leg(f, &wire) && !node_leg_by_wire(n, wire))
			node_send(c, json_pack("{s:s, s:s, s:I, s:s}",
					       "t", "ev", "ev", "failed",
					       "leg", (json_int_t)wire,
					       "cause", "failed"));
	}
	node_send(c, json_pack("{s:s, s:I, s:i, s:s?}", "t", "ack", "seq",
			       (json_int_t)seq, "err", err, "code",
			       err == EPERM ? "stale_token" : NULL));
}
