/*
 * ivr.c — a small IVR engine. A flow of the directory (store_ivr_get) is a
 * script of steps separated by ';', run in order on the customer's leg:
 *
 *   prompt:NAME             play prompt NAME (PROMPT_MS, then go on)
 *   collect:KEY:KEYS:SECS   wait up to SECS for one key among KEYS, kept
 *                           as call data KEY (and so in the CDR)
 *   setdata:KEY=VALUE       set call data
 *   if:KEY=VALUE            do the next step only if call data KEY is
 *                           VALUE (data an agent set, or a key collected)
 *   skill:NAME              leave the IVR for that skill's queue
 *   agent:ID                leave the IVR for that agent's private queue
 *   hangup                  release the customer (also at the end)
 *
 * The demo's 4100 is a satisfaction survey:
 *   prompt:survey;collect:satisfaction:12345:10;prompt:thanks;hangup
 */
#include <stdlib.h>
#include <string.h>
#include "core/core_internal.h"
#include "log.h"

/* Every prompt is the switch's generated prompt tone, one 1 s pattern
 * (src/media/tones.c), so the length is known and no "prompt ended" event
 * is needed; recorded prompts of their own lengths would need one. */
enum { PROMPT_MS = 1000 };

struct ivr {
	struct call *call;
	struct dir_ivr flow;
	char *next;                /* the rest of the script */
	struct tmr tmr;
	char key[33];              /* collect: where the digit goes */
	char keys[17];             /* collect: accepted keys */
	bool collecting;
};

static void ivr_destructor(void *arg)
{
	struct ivr *ivr = arg;

	tmr_cancel(&ivr->tmr);
}

static void ivr_stop(struct call *call)
{
	call->ivr = mem_deref(call->ivr);
}

/* A flow a client names (TransIVR, SingleStepTransfer to IVR): ArSuccess,
 * ArInvalidParam when there is none, ArFailed when the store fails. */
int ivr_flow_code(struct core *core, const char *flow)
{
	struct dir_ivr f;

	if (!flow || !*flow)
		return ArInvalidParam;
	return dir_code(store_ivr_get(core->st, flow, &f), ArInvalidParam,
			"IVR flow", flow);
}

/* The customer leaves the system: the final call data goes to the CDR
 * rows of the contact written before (the agents who handled it). */
static void ivr_release(struct call *call)
{
	char data[STORE_CALLDATA_SIZE];

	calldata_cdr(call, data, sizeof(data));
	if (data[0])
		store_cdr_set_data(call->core->st, call->contact_id, data);
	call_free(call);
}

static void step(void *arg);

static void next_step_later(struct ivr *ivr, uint64_t ms)
{
	tmr_start(&ivr->tmr, ms, step, ivr);
}

static void collect_timeout(void *arg)
{
	struct ivr *ivr = arg;

	ivr->collecting = false;
	step(ivr);
}

enum step_kind { STEP_PROMPT, STEP_COLLECT, STEP_SETDATA, STEP_IF,
		 STEP_SKILL, STEP_AGENT, STEP_HANGUP };

/* One step of a script, parsed in place (the text is cut at ':' and '='). */
struct step {
	enum step_kind kind;
	char *a, *b, *c;
};

/* Cuts the next step off *next; false if it is malformed. */
static bool parse_step(char **next, struct step *st)
{
	char *s = *next, *arg, *p;

	*next = strchr(s, ';');
	if (*next)
		*(*next)++ = '\0';
	memset(st, 0, sizeof(*st));
	arg = strchr(s, ':');
	if (arg)
		*arg++ = '\0';
	if (!strcmp(s, "prompt") && arg && *arg) {
		st->kind = STEP_PROMPT;
		st->a = arg;
		return true;
	}
	if (!strcmp(s, "collect") && arg && (p = strchr(arg, ':'))) {
		*p++ = '\0';
		st->b = p;
		if (!(p = strchr(p, ':')))
			return false;
		*p++ = '\0';
		st->kind = STEP_COLLECT;
		st->a = arg;
		st->c = p;
		return *st->a && strlen(st->a) <= 32 && *st->b &&
		       strlen(st->b) < 17 && atoi(st->c) > 0 &&
		       atoi(st->c) <= 600;
	}
	if ((!strcmp(s, "setdata") || !strcmp(s, "if")) && arg &&
	    (p = strchr(arg, '='))) {
		*p++ = '\0';
		st->kind = s[0] == 'i' ? STEP_IF : STEP_SETDATA;
		st->a = arg;
		st->b = p;
		return *arg && strlen(arg) <= SW_DATA_KEY_MAX && *p &&
		       strlen(p) <= SW_DATA_VALUE_MAX;
	}
	if (!strcmp(s, "skill") && arg && *arg) {
		st->kind = STEP_SKILL;
		st->a = arg;
		return true;
	}
	if (!strcmp(s, "agent") && arg && *arg) {
		st->kind = STEP_AGENT;
		st->a = arg;
		return strlen(arg) < STORE_ID_SIZE;
	}
	if (!strcmp(s, "hangup") && !arg) {
		st->kind = STEP_HANGUP;
		return true;
	}
	return false;
}

bool core_ivr_script_ok(const char *script, char *why, size_t size)
{
	char buf[STORE_SCRIPT_SIZE], *next = buf;
	struct step st;
	int n = 0;

	if (!script || !*script || strlen(script) >= sizeof(buf)) {
		re_snprintf(why, size, "the script is empty or longer than "
			    "%d bytes", STORE_SCRIPT_SIZE - 1);
		return false;
	}
	str_ncpy(buf, script, sizeof(buf));
	while (next && *next) {
		++n;
		if (!parse_step(&next, &st)) {
			re_snprintf(why, size, "step %d is not one of prompt:"
				    "NAME, collect:KEY:KEYS:SECS, setdata:KEY="
				    "VALUE, if:KEY=VALUE, skill:NAME, agent:ID, "
				    "hangup", n);
			return false;
		}
	}
	return true;
}

/* Runs steps until one has to wait (prompt, collect) or the customer
 * leaves the IVR. */
static void step(void *arg)
{
	struct ivr *ivr = arg;
	struct call *call = ivr->call;
	struct core *core = call->core;
	struct step st;

	for (;;) {
		if (!ivr->next || !*ivr->next) {
			ivr_release(call);
			return;
		}
		if (!parse_step(&ivr->next, &st))
			break;
		switch (st.kind) {
		case STEP_PROMPT:
			sw_play(core->sw, call->far.leg, SW_TONE_PROMPT);
			next_step_later(ivr, PROMPT_MS);
			return;
		case STEP_COLLECT:
			str_ncpy(ivr->key, st.a, sizeof(ivr->key));
			str_ncpy(ivr->keys, st.b, sizeof(ivr->keys));
			ivr->collecting = true;
			sw_play(core->sw, call->far.leg, SW_TONE_NONE);
			tmr_start(&ivr->tmr, (uint64_t)atoi(st.c) * 1000,
				  collect_timeout, ivr);
			return;
		case STEP_SETDATA:
			calldata_set(call, st.a, st.b);
			continue;
		case STEP_IF: {
			const char *v = calldata_get(call, st.a);
			struct step skipped;

			if ((!v || strcmp(v, st.b)) && ivr->next && *ivr->next &&
			    !parse_step(&ivr->next, &skipped))
				break;
			continue;
		}
		case STEP_SKILL: {
			struct rskill *sk;

			if (skill_get(core, st.a, &sk))
				break;
			ivr_stop(call);   /* st.a is freed with it */
			str_ncpy(call->skill, sk->cfg.name, sizeof(call->skill));
			sw_play(core->sw, call->far.leg, SW_TONE_MOH);
			call->queued = 0;
			call_queue_start(call, sk, false);
			return;
		}
		case STEP_AGENT: {
			char id[STORE_ID_SIZE];

			str_ncpy(id, st.a, sizeof(id));
			ivr_stop(call);
			sw_play(core->sw, call->far.leg, SW_TONE_MOH);
			call->queued = 0;
			call_queue_private(call, id, false);
			return;
		}
		case STEP_HANGUP:
			ivr_release(call);
			return;
		}
		break;
	}
	log_warn("ivr %s: bad step in the flow, releasing call %s",
		 ivr->flow.name, call->id);
	ivr_release(call);
}

void ivr_start(struct call *call, const char *flow)
{
	struct ivr *ivr = mem_zalloc(sizeof(*ivr), ivr_destructor);

	if (!ivr || store_ivr_get(call->core->st, flow, &ivr->flow)) {
		log_warn("call %s: no IVR flow %s", call->id, flow);
		mem_deref(ivr);
		ivr_release(call);
		return;
	}
	ivr->call = call;
	ivr->next = ivr->flow.script;
	tmr_init(&ivr->tmr);
	call->ivr = ivr;
	call->state = CALL_IVR;
	log_trace("call %s enters IVR flow %s", call->id, flow);
	next_step_later(ivr, 0);
}


/* The customer's leg while in the IVR: keys and hangup. */
static bool ivr_leg_event(struct call *call, const struct sw_event *ev)
{
	struct ivr *ivr = call->ivr;

	if (!ivr || ev->leg != call->far.leg)
		return false;
	if (ev->type == SW_EV_HANGUP || ev->type == SW_EV_FAILED) {
		call->far.leg = 0;
		ivr_release(call);
		return true;
	}
	if (ev->type == SW_EV_DTMF && ivr->collecting && ev->digits &&
	    ev->digits[0] && strchr(ivr->keys, ev->digits[0])) {
		char digit[2] = {ev->digits[0], '\0'};

		calldata_set(call, ivr->key, digit);
		ivr->collecting = false;
		tmr_cancel(&ivr->tmr);
		step(ivr);
	}
	return true;
}

/* TransIVR / TransIVREx: X hands the customer to a flow. */
int core_trans_ivr(struct core *core, struct agent *a, const char *callerNum,
		   const char *num)
{
	struct call *call = a->call;
	int err;

	if (!num || !*num)
		return ArDestDnIsEmpty;
	if (strlen(num) >= STORE_ID_SIZE ||
	    (callerNum && strlen(callerNum) >= sizeof(call->show_ani)))
		return ArInvalidParam;
	if (!call_can_hand_off(call, a))
		return ArAgentStatusIsWrong;
	err = ivr_flow_code(core, num);
	if (err)
		return err;
	call_x_hands_off(call);
	if (callerNum && *callerNum)
		str_ncpy(call->show_ani, callerNum, sizeof(call->show_ani));
	ivr_start(call, num);
	return ArSuccess;
}

const struct call_feature ivr_feature = {
	.name = "ivr",
	.leg_event = ivr_leg_event,
	.free = ivr_stop,
};
