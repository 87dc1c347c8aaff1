/*
 * sip_ops.c — switch_ops of the SIP switch: signalling goes to the inbound
 * and outbound halves, media commands to the leg's media endpoint.
 */
#include <errno.h>
#include "switch/sip/sip_int.h"

static struct sip_switch *sipsw(struct sw *sw)
{
	return (struct sip_switch *)sw;
}

static int op_originate(struct sw *sw, sw_leg_t *legp,
			const struct sw_originate *o)
{
	if (!legp || !o)
		return EINVAL;
	return sip_outbound_originate(sipsw(sw), legp, o);
}

static int op_answer(struct sw *sw, sw_leg_t id)
{
	struct sip_leg *leg = sip_leg_find(sipsw(sw), id);

	if (!leg)
		return ENOENT;
	/* A phone cannot be answered from here; auto-answer asks it to. */
	if (!leg->inbound)
		return ENOTSUP;
	return sip_inbound_answer(leg);
}

static int op_hangup(struct sw *sw, sw_leg_t id, enum sw_cause cause)
{
	struct sip_leg *leg = sip_leg_find(sipsw(sw), id);

	if (!leg)
		return ENOENT;
	sipsw_forget_events(sipsw(sw), id);
	if (leg->inbound && !leg->answered) {
		if (cause == SW_CAUSE_BUSY)
			(void)sipsess_reject(leg->sess, 486, "Busy Here",
					     REJECT_HDRS);
		else if (cause == SW_CAUSE_INVALID)   /* no such number */
			(void)sipsess_reject(leg->sess, 404, "Not Found",
					     REJECT_HDRS);
		else
			(void)sipsess_reject(leg->sess, 480,
					     "Temporarily Unavailable",
					     REJECT_HDRS);
	}
	/* Freeing the session sends the CANCEL or BYE it needs. */
	mem_deref(leg);
	return 0;
}

static int op_join(struct sw *sw, const char *bridge, sw_leg_t id,
		   unsigned flags)
{
	struct sip_leg *leg = sip_leg_find(sipsw(sw), id);

	if (!leg)
		return ENOENT;
	return media_join(sipsw(sw)->media, bridge, leg->ml, flags);
}

static int op_leave(struct sw *sw, sw_leg_t id)
{
	struct sip_leg *leg = sip_leg_find(sipsw(sw), id);

	return leg ? media_leave(leg->ml) : ENOENT;
}

static int op_play(struct sw *sw, sw_leg_t id, enum sw_tone tone)
{
	struct sip_leg *leg = sip_leg_find(sipsw(sw), id);

	return leg ? media_play(leg->ml, tone) : ENOENT;
}

static int op_send_dtmf(struct sw *sw, sw_leg_t id, const char *digits)
{
	struct sip_leg *leg = sip_leg_find(sipsw(sw), id);

	return leg ? media_send_dtmf(leg->ml, digits) : ENOENT;
}

static int op_record(struct sw *sw, const char *bridge, const char *path)
{
	return media_record(sipsw(sw)->media, bridge, path);
}

static bool op_phone_ready(struct sw *sw, const char *dn)
{
	return dn && registrar_lookup(sipsw(sw)->reg, dn) != NULL;
}

static void op_stats(struct sw *sw, struct sw_stats *out)
{
	sipsw_stats(sipsw(sw), out);
}

const struct switch_ops sip_switch_ops = {
	.name = "sip",
	.originate = op_originate,
	.answer = op_answer,
	.hangup = op_hangup,
	.join = op_join,
	.leave = op_leave,
	.play = op_play,
	.send_dtmf = op_send_dtmf,
	.record = op_record,
	.phone_ready = op_phone_ready,
	.stats = op_stats,
};
