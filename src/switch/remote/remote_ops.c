/*
 * remote_ops.c — the switch_ops of the remote switch: each op is one
 * "cmd" frame to the node; none waits for the node's answer (the core's
 * loop must not block on a round trip). So an op returns 0 once its
 * command is sent, and what the node then refuses is logged from its ack;
 * an originate the node cannot carry out comes back as a FAILED event,
 * which the core handles as for any leg that never rang.
 *
 * Originate must name its leg at once: the CTI allocates the ids of the
 * legs it originates itself, bit 62 set (the node's own ids never have
 * it), the low 20 bits of its fencing token in bits 40-59 so that a new
 * master's ids never meet a predecessor's, and a counter below.
 */
#include <errno.h>
#include <string.h>
#include "log.h"
#include "switch/remote/remote_int.h"

#define CTI_LEG_BIT ((uint64_t)1 << 62)
#define COUNTER_MASK (((uint64_t)1 << 40) - 1)

static struct remote *remote_of(struct sw *sw)
{
	return (struct remote *)sw;
}

static int r_originate(struct sw *sw, sw_leg_t *legp,
		       const struct sw_originate *o)
{
	struct remote *r = remote_of(sw);
	uint64_t *counter = r->conf.leg_counter ? r->conf.leg_counter :
		&r->next_leg;
	sw_leg_t leg;
	int err;

	if (!r->up)
		return ENOTCONN;
	leg = CTI_LEG_BIT | (r->conf.token & 0xfffff) << 40 |
	      (++*counter & COUNTER_MASK);
	err = remote_leg_add(r, leg, false);
	if (err)
		return err;
	err = remote_cmd(r, json_pack("{s:s, s:I, s:s, s:s, s:s, s:b, s:I}",
				      "op", "originate", "leg",
				      (json_int_t)leg, "kind",
				      o->kind == SW_DEST_PHONE ? "phone" :
				      "number", "dest", o->dest, "caller",
				      o->caller ? o->caller : "",
				      "auto_answer", o->auto_answer,
				      "timeout_ms",
				      (json_int_t)o->timeout_ms));
	if (err) {
		remote_leg_del(r, leg);
		return err;
	}
	*legp = leg;
	return 0;
}

static int leg_op(struct sw *sw, const char *op, sw_leg_t leg)
{
	return remote_cmd(remote_of(sw), json_pack("{s:s, s:I}", "op", op,
						   "leg", (json_int_t)leg));
}

static int r_answer(struct sw *sw, sw_leg_t leg)
{
	return leg_op(sw, "answer", leg);
}

static int r_hangup(struct sw *sw, sw_leg_t leg, enum sw_cause cause)
{
	struct remote *r = remote_of(sw);
	int err = remote_cmd(r, json_pack("{s:s, s:I, s:s}", "op", "hangup",
					  "leg", (json_int_t)leg, "cause",
					  swmsg_cause_name(cause)));

	/* gone for the core either way: no HANGUP may follow */
	remote_leg_del(r, leg);
	return err;
}

static int r_join(struct sw *sw, const char *bridge, sw_leg_t leg,
		  unsigned flags)
{
	return remote_cmd(remote_of(sw),
			  json_pack("{s:s, s:I, s:s, s:i}", "op", "join",
				    "leg", (json_int_t)leg, "bridge", bridge,
				    "flags", (int)flags));
}

static int r_leave(struct sw *sw, sw_leg_t leg)
{
	return leg_op(sw, "leave", leg);
}

static int r_play(struct sw *sw, sw_leg_t leg, enum sw_tone tone)
{
	return remote_cmd(remote_of(sw),
			  json_pack("{s:s, s:I, s:s}", "op", "play", "leg",
				    (json_int_t)leg, "tone",
				    swmsg_tone_name(tone)));
}

static int r_send_dtmf(struct sw *sw, sw_leg_t leg, const char *digits)
{
	return remote_cmd(remote_of(sw),
			  json_pack("{s:s, s:I, s:s}", "op", "dtmf", "leg",
				    (json_int_t)leg, "digits", digits));
}

static int r_record(struct sw *sw, const char *bridge, const char *path)
{
	return remote_cmd(remote_of(sw),
			  json_pack("{s:s, s:s, s:s?}", "op", "record",
				    "bridge", bridge, "path", path));
}

static bool r_phone_ready(struct sw *sw, const char *dn)
{
	return remote_phone_up(remote_of(sw), dn);
}

/* Kept by the node for the leg report only; nothing to tell the core if
 * it cannot be sent (the next annotate sends the whole note again). */
static void r_annotate(struct sw *sw, sw_leg_t leg, const struct sw_note *n)
{
	json_t *d = swmsg_data_json(n->data, n->ndata);
	json_t *note = swmsg_note_json(n);
	int err = d && note ?
		remote_cmd(remote_of(sw),
			   json_pack("{s:s, s:I, s:O, s:I, s:O}", "op",
				     "attach", "leg", (json_int_t)leg,
				     "data", d, "queued_at",
				     (json_int_t)(n->queued_us > 0 ?
						  n->queued_us : 0),
				     "note", note))
		: ENOMEM;

	json_decref(d);
	json_decref(note);
	if (err)
		log_debug("switch node: attach to leg %llu: %s",
			  (unsigned long long)leg, strerror(err));
}

static void r_stats(struct sw *sw, struct sw_stats *out)
{
	out->legs = list_count(&remote_of(sw)->legs);
}

const struct switch_ops remote_ops = {
	.name = "remote",
	.originate = r_originate,
	.answer = r_answer,
	.hangup = r_hangup,
	.join = r_join,
	.leave = r_leave,
	.play = r_play,
	.send_dtmf = r_send_dtmf,
	.record = r_record,
	.phone_ready = r_phone_ready,
	.stats = r_stats,
	.annotate = r_annotate,
};
