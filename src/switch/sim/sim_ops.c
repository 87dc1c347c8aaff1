/*
 * sim_ops.c — the switch_ops of the sim backend: what the core asks of the
 * switch (dial, answer, hang up, bridge, tones, DTMF, recording), and how a
 * dialled virtual phone or outside number progresses afterwards.
 */
#include <errno.h>
#include <string.h>
#include "log.h"
#include "switch/sim/sim_int.h"

/* Progress timers cannot return an error to anybody; if the event cannot
 * be allocated they keep the leg as it is and try again shortly, so that
 * the core never misses a state change. */
static void retry_on(int err, struct sim_leg *leg, struct tmr *tmr,
		     tmr_h *h, const char *what)
{
	if (!err)
		return;
	log_warn("sim: leg %llu: %s: %s, retrying",
		 (unsigned long long)leg->id, what, strerror(err));
	tmr_start(tmr, SIM_RETRY_MS, h, leg);
}

static void answer_tmr_h(void *arg)
{
	struct sim_leg *leg = arg;

	retry_on(sim_leg_answer(leg), leg, &leg->progress_tmr, answer_tmr_h,
		 "answer");
}

static void fail_tmr_h(void *arg)
{
	struct sim_leg *leg = arg;

	retry_on(sim_leg_end(leg, SW_EV_FAILED, leg->fail_cause), leg,
		 &leg->progress_tmr, fail_tmr_h, "fail");
}

static void timeout_tmr_h(void *arg)
{
	struct sim_leg *leg = arg;

	retry_on(sim_leg_end(leg, SW_EV_FAILED, SW_CAUSE_NOANSWER), leg,
		 &leg->timeout_tmr, timeout_tmr_h, "timeout");
}

static int sim_originate(struct sw *sw, sw_leg_t *legp,
			 const struct sw_originate *o)
{
	struct sim *sim = sim_of(sw);
	enum sim_behaviour bhv;
	struct sim_event *ev;
	struct sim_leg *leg;
	int answer_ms;
	int err;

	if (!sim || !legp || !o || !sim_name_valid(o->dest, SIM_NAME_MAX))
		return EINVAL;
	if (o->kind != SW_DEST_PHONE && o->kind != SW_DEST_NUMBER)
		return EINVAL;

	sim_dest_get(sim, o->kind, o->dest, &bhv, &answer_ms);
	err = sim_leg_alloc(&leg, sim, o->kind == SW_DEST_PHONE ?
			    SIM_LEG_PHONE : SIM_LEG_NUMBER, o->dest);
	if (err)
		return err;
	leg->never_answers = bhv == SIM_BHV_NOANSWER;

	if (bhv == SIM_BHV_BUSY || bhv == SIM_BHV_INVALID ||
	    bhv == SIM_BHV_UNREGISTERED) {
		/* Refused without ringing, as a real busy or unknown
		 * destination is; on the next loop turn, so that the leg id
		 * the core just got stays valid for the rest of this one. */
		leg->state = SIM_LEG_CALLING;
		leg->fail_cause = bhv == SIM_BHV_BUSY ? SW_CAUSE_BUSY :
			SW_CAUSE_INVALID;
		tmr_start(&leg->progress_tmr, 0, fail_tmr_h, leg);
		*legp = leg->id;
		return 0;
	}

	err = sim_event_alloc(&ev, leg, SW_EV_ALERTING);
	if (err) {
		sim_leg_drop(leg);
		return err;
	}
	sim_event_post(sim, ev);
	if (bhv == SIM_BHV_NORMAL) {
		if (o->kind == SW_DEST_PHONE && o->auto_answer)
			tmr_start(&leg->progress_tmr, 0, answer_tmr_h, leg);
		else if (answer_ms >= 0)
			tmr_start(&leg->progress_tmr, (uint64_t)answer_ms,
				  answer_tmr_h, leg);
	}
	tmr_start(&leg->timeout_tmr, o->timeout_ms ? o->timeout_ms :
		  SIM_DEFAULT_TIMEOUT_MS, timeout_tmr_h, leg);
	*legp = leg->id;
	return 0;
}

/* The leg an op names: EINVAL when sw is not a sim, ENOENT when the leg is
 * gone. */
static int leg_of(struct sw *sw, sw_leg_t id, struct sim_leg **legp)
{
	struct sim *sim = sim_of(sw);

	if (!sim)
		return EINVAL;
	*legp = sim_leg_find(sim, id);
	return *legp ? 0 : ENOENT;
}

static int sim_answer(struct sw *sw, sw_leg_t id)
{
	struct sim_leg *leg;
	int err = leg_of(sw, id, &leg);

	if (err)
		return err;
	if (leg->kind == SIM_LEG_NUMBER)
		return ENOTSUP;
	if (leg->state != SIM_LEG_RINGING)
		return EPROTO;
	if (leg->kind == SIM_LEG_CUSTOMER) {
		/* The core answering a customer is not news to the core. */
		leg->state = SIM_LEG_ANSWERED;
		return 0;
	}
	/* A phone nobody attends does not answer remotely either. */
	if (leg->never_answers)
		return ENOTSUP;
	return sim_leg_answer(leg);
}

/* The cause is what the far end would be told; the sim has nobody to tell
 * but still refuses one the interface does not define. */
static int sim_hangup(struct sw *sw, sw_leg_t id, enum sw_cause cause)
{
	struct sim_leg *leg;
	int err;

	if (!sim_cause_valid(cause))
		return EINVAL;
	err = leg_of(sw, id, &leg);
	if (err)
		return err;
	sim_leg_drop(leg);
	return 0;
}

static int sim_join(struct sw *sw, const char *bridge, sw_leg_t id,
		    unsigned flags)
{
	struct sim_leg *leg;
	int err;

	if (!sim_text_valid(bridge, SIM_NAME_MAX) ||
	    (flags & ~(unsigned)(SW_HEAR | SW_SPEAK)))
		return EINVAL;
	err = leg_of(sw, id, &leg);
	if (err)
		return err;
	return sim_media_join(sim_of(sw), bridge, leg, flags);
}

static int sim_leave(struct sw *sw, sw_leg_t id)
{
	struct sim_leg *leg;
	int err = leg_of(sw, id, &leg);

	if (err)
		return err;
	if (!leg->bridge)
		return EPROTO;
	sim_media_leave(leg);
	return 0;
}

static int sim_play(struct sw *sw, sw_leg_t id, enum sw_tone tone)
{
	struct sim_leg *leg;
	int err;

	if ((unsigned)tone > SW_TONE_PROMPT)
		return EINVAL;
	err = leg_of(sw, id, &leg);
	if (err)
		return err;
	leg->tone = tone;
	return 0;
}

/* Digits the core sends to a leg are kept for Sim.Parties; once the
 * buffer is full further digits are dropped. */
static int sim_send_dtmf(struct sw *sw, sw_leg_t id, const char *digits)
{
	struct sim_leg *leg;
	size_t have;
	int err;

	if (!sim_digits_valid(digits))
		return EINVAL;
	err = leg_of(sw, id, &leg);
	if (err)
		return err;
	if (leg->state != SIM_LEG_ANSWERED)
		return EPROTO;
	have = strlen(leg->dtmf);
	str_ncpy(leg->dtmf + have, digits, sizeof(leg->dtmf) - have);
	return 0;
}

static int sim_record(struct sw *sw, const char *bridge, const char *path)
{
	struct sim *sim = sim_of(sw);

	if (!sim)
		return EINVAL;
	return sim_media_record(sim, bridge, path);
}

/* No SIP nor RTP here: only the legs (Sim.LegCount's number). */
static void sim_stats(struct sw *sw, struct sw_stats *out)
{
	out->legs = sim_leg_count(sw);
}

const struct switch_ops sim_ops = {
	.name      = "sim",
	.originate = sim_originate,
	.answer    = sim_answer,
	.hangup    = sim_hangup,
	.join      = sim_join,
	.leave     = sim_leave,
	.play      = sim_play,
	.send_dtmf = sim_send_dtmf,
	.record    = sim_record,
	.phone_ready = sim_phone_ready,
	.stats     = sim_stats,
};
