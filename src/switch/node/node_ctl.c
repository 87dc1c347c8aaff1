/*
 * node_ctl.c — control connections: a tool or a test asks the node what
 * legs it holds, and, on the sim backend, plays the customers and phones
 * (what the Sim.* methods do on a one-process daemon, which a node
 * without an API cannot serve), and reads its counters. They never
 * command the CTI's legs, so they need no fencing token. Answers:
 * {"t":"reply","seq":N,"err":E,...}.
 */
#include <errno.h>
#include <string.h>
#include "switch/sim/sim.h"
#include "switch/node/node_int.h"

enum { CALL_ID_SIZE = 64 };

static int sim_op(struct node *n, const char *op, const json_t *f,
		  json_t *reply)
{
	bool bad = false;
	const char *party = swmsg_str(f, "party", SWMSG_STR_MAX, &bad);
	char call_id[CALL_ID_SIZE];
	uint64_t ms;
	int err;

	if (!n->conf.sim)
		return ENOTSUP;
	if (!strcmp(op, "sim_inbound")) {
		const char *ani = swmsg_str(f, "ani", SWMSG_STR_MAX, &bad);
		const char *dnis = swmsg_str(f, "dnis", SWMSG_STR_MAX, &bad);

		if (bad || !ani || !dnis)
			return EINVAL;
		err = sim_inbound_call(n->sw, ani, dnis, NULL, 0, call_id,
				       sizeof(call_id));
		if (!err && json_object_set_new(reply, "call_id",
						json_string(call_id)))
			return ENOMEM;
		return err;
	}
	if (!strcmp(op, "sim_phone")) {
		const char *dn = swmsg_str(f, "dn", SWMSG_STR_MAX, &bad);
		const char *bhv = swmsg_str(f, "behaviour", 32, &bad);

		if (bad || !dn || !swmsg_uint(f, "auto_answer_ms", 600000,
					      &ms))
			return EINVAL;
		return sim_set_phone(n->sw, dn, (int)ms, bhv ? bhv :
				     "normal");
	}
	if (bad || !party)
		return EINVAL;
	if (!strcmp(op, "sim_answer"))
		return sim_party_answer(n->sw, party);
	if (!strcmp(op, "sim_hangup"))
		return sim_party_hangup(n->sw, party);
	return ENOSYS;
}

/* What the backend counted (switch.h struct sw_stats): a node has no
 * /metrics of its own, and a test watches media go on without a CTI. */
static int stats(struct node *n, json_t *reply)
{
	struct sw_stats st;
	json_t *o;

	sw_stats(n->sw, &st);
	o = json_pack("{s:I, s:I, s:I, s:I, s:I}",
		      "rtp_received", (json_int_t)st.rtp_received,
		      "rtp_sent", (json_int_t)st.rtp_sent,
		      "rtp_lost", (json_int_t)st.rtp_lost,
		      "srtp_dropped", (json_int_t)st.srtp_dropped,
		      "legs", (json_int_t)st.legs);
	return !o || json_object_set_new(reply, "stats", o) ? ENOMEM : 0;
}

void node_ctl(struct nconn *c, const json_t *f)
{
	struct node *n = c->node;
	bool bad = false;
	const char *op = swmsg_str(f, "op", 16, &bad);
	uint64_t seq = 0;
	json_t *reply;
	int err;

	(void)swmsg_uint(f, "seq", SWMSG_LEG_MAX, &seq);
	reply = json_pack("{s:s, s:I}", "t", "reply", "seq", (json_int_t)seq);
	if (!reply) {
		node_send(c, NULL);
		return;
	}
	if (!op)
		err = EINVAL;
	else if (!strcmp(op, "legs"))
		err = json_object_set_new(reply, "legs", node_leg_report(n)) ?
			ENOMEM : 0;
	else if (!strcmp(op, "stats"))
		err = stats(n, reply);
	else
		err = sim_op(n, op, f, reply);
	if (json_object_set_new(reply, "err", json_integer(err))) {
		json_decref(reply);
		reply = NULL;
	}
	node_send(c, reply);
}
