/*
 * core.c — the core object: configuration, wiring of the switch's events
 * into the call model, the call-control requests that are not sign-in
 * related, and shutdown.
 */
#include <string.h>
#include "core/core_internal.h"
#include "log.h"

void core_config_default(struct core_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->heartbeat_timeout = 30;
	cfg->signin_max_failures = 5;
	cfg->signin_window = 60;
	cfg->signin_lockout = 60;
	cfg->outbound_timeout = 30;
	cfg->phone_timeout = 20;
	cfg->private_max_wait = 120;
	cfg->service_level_seconds = 20;
	cfg->recordings_dir = "recordings";
}

/* The features of the call model, in the order call.c walks them: the
 * first that takes a moment has it (a supervisor's leg before the consult
 * target's; inbound before outbound, which takes whatever is left). */
static const struct call_feature *const features[] = {
	&queue_feature, &record_feature, &supervisor_feature,
	&consult_feature, &ivr_feature, &inbound_feature, &outbound_feature,
	NULL,
};

static void core_destructor(void *arg)
{
	struct core *core = arg;

	tmr_cancel(&core->route_tmr);
	call_hangup_all(core);
	list_flush(&core->agents);
	list_flush(&core->skills);
	mem_deref(core->fails);
}

int core_alloc(struct core **corep, const struct core_config *cfg,
	       struct store *st, struct sw *sw,
	       const struct core_handlers *h)
{
	struct core *core;
	int err;

	if (!corep || !cfg || !st || !sw)
		return EINVAL;
	core = mem_zalloc(sizeof(*core), core_destructor);
	if (!core)
		return ENOMEM;
	core->cfg = *cfg;
	str_ncpy(core->recordings_dir, cfg->recordings_dir ?
		 cfg->recordings_dir : "recordings",
		 sizeof(core->recordings_dir));
	core->cfg.recordings_dir = core->recordings_dir;
	core->st = st;
	core->sw = sw;
	if (h)
		core->h = *h;
	list_init(&core->agents);
	list_init(&core->skills);
	list_init(&core->calls);
	list_init(&core->privq);
	tmr_init(&core->route_tmr);
	err = lockout_alloc(&core->fails, &(struct lockout_conf){
			cfg->signin_max_failures, cfg->signin_window,
			cfg->signin_lockout}, "agent");
	if (err) {
		mem_deref(core);
		return err;
	}
	core->features = features;
	core->route_pass = router_pass;
	/* Contact and call ids count on from the start time in microseconds:
	 * a CTI that takes over from another (or restarts) never hands out
	 * an id its predecessor used, as long as the predecessor made fewer
	 * calls than microseconds went by, while the calls it left keep
	 * theirs (adopt.c). */
	core->next_contact = now_us();
	core->next_call = (uint64_t)core->next_contact;
	*corep = core;
	return 0;
}

void core_switch_event(const struct sw_event *ev, void *arg)
{
	struct core *core = arg;

	if (!core || !ev)
		return;
	if (ev->type == SW_EV_PHONE) {
		struct agent *a = core_agent_by_dn(core, ev->dn);

		if (a)
			agent_phone_changed(a, ev->up);
		return;
	}
	if (ev->type == SW_EV_INCOMING)
		inbound_call(core, ev);
	else if (ev->type == SW_EV_ADOPT)
		adopt_legs(core, ev->live, ev->nlive);
	else
		call_switch_event(core, ev);
}

void core_shutdown(struct core *core)
{
	struct le *le;

	tmr_cancel(&core->route_tmr);
	core->letting_go = core->cfg.calls_outlive;
	call_hangup_all(core);
	while ((le = list_head(&core->agents))) {
		struct agent *a = le->data;

		a->call = NULL;
		agent_signout(a, CerUnloginElse);
	}
}

int core_make_call(struct core *core, struct agent *a, const char *dest,
		   const char *showANI, const char *showDest, int isOffhook,
		   int type)
{
	(void)core;
	return outcall_make(a, dest, showANI, showDest, isOffhook, type);
}

int core_answer(struct core *core, struct agent *a)
{
	(void)core;
	return call_answer_by_agent(a);
}

int core_release_call(struct core *core, struct agent *a)
{
	if (a->call) {
		call_release_by_agent(a, false);
		return ArSuccess;
	}
	if (a->phone_leg) {
		/* The second ReleaseCall of "常摘机" puts the phone down. */
		sw_hangup(core->sw, a->phone_leg, SW_CAUSE_NORMAL);
		a->phone_leg = 0;
		return ArSuccess;
	}
	return ArAgentStatusIsWrong;
}

/* ---- numbers of the current call ----------------------------------- */

const char *agent_calling_no(const struct agent *a)
{
	return a->call ? a->call->ani : "";
}

const char *agent_org_calling_no(const struct agent *a)
{
	return a->call ? a->call->ani : "";
}

const char *agent_called_no(const struct agent *a)
{
	return a->call ? a->call->dnis : "";
}

const char *agent_org_called_no(const struct agent *a)
{
	return a->call ? a->call->dnis : "";
}
