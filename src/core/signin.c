/*
 * signin.c — SignIn (with the ResumeStatus extension a bar signing its
 * agent back in sends), SignOut and the settable agent states (SetIdle,
 * SetBusy, SetRest, SetAgentStatus), ResetSkill, Reset, and what happens
 * when a bar goes away. The order of the SignIn checks is the one of
 * CALL-FLOWS.md, so a client always gets the first applicable reason.
 */
#include <stdlib.h>
#include <string.h>
#include "core/core_internal.h"
#include "log.h"

/* ---- skills ----------------------------------------------------------- */

/*
 * Parses "name=level" pairs separated by ',' or ';' (the manual shows both)
 * into a new skill list, checking each against the directory. The level is
 * optional; without it the directory's default level is used.
 */
static int parse_skills(struct core *core, const char *agent,
			const char *text, struct list *out)
{
	char buf[1024], *save = NULL, *tok;
	int err = ArSuccess;

	if (!text || !*text)
		return ArSkillIsEmpty;
	if (strlen(text) >= sizeof(buf))
		return ArInvalidParam;
	str_ncpy(buf, text, sizeof(buf));

	for (tok = strtok_r(buf, ",;", &save); tok;
	     tok = strtok_r(NULL, ",;", &save)) {
		struct dir_skill ds;
		struct dir_perm perm;
		struct agent_skill *as;
		char *eq = strchr(tok, '='), *end;
		long level = -1;

		while (*tok == ' ')
			++tok;
		if (eq) {
			*eq = '\0';
			level = strtol(eq + 1, &end, 10);
			if (end == eq + 1 || *end || level < 0 ||
			    level > 100) {
				err = ArInvalidParam;
				break;
			}
		}
		if (!*tok) {
			err = ArSkillIsEmpty;
			break;
		}
		err = dir_code(store_skill_get(core->st, tok, &ds),
			       ArSkillNotExist, "skill", tok);
		if (!err)
			err = dir_code(store_perm_get(core->st, agent, tok,
						      &perm),
				       ArAgentSkillError, "permission", tok);
		if (err)
			break;
		as = mem_zalloc(sizeof(*as), NULL);
		if (!as) {
			err = ArFailed;
			break;
		}
		str_ncpy(as->name, tok, sizeof(as->name));
		as->level = level >= 0 ? (int)level : perm.level;
		list_append(out, &as->le, as);
	}
	if (err == ArSuccess && list_isempty(out))
		err = ArSkillIsEmpty;
	if (err != ArSuccess)
		list_flush(out);
	return err;
}

/* ---- SignIn ----------------------------------------------------------- */

/* A rest reason as SetRest takes it: one of the directory's. */
static int check_rest_reason(struct core *core, const char *reason)
{
	if (!reason || !*reason || strlen(reason) >= CORE_REASON_SIZE)
		return ArInvalidParam;
	return dir_code(store_rest_reason_find(core->st, reason),
			ArInvalidParam, "rest reason", reason);
}

/* The ResumeStatus / ResumeReason extension: a settable state, and with
 * Rest a rest reason. */
static int check_resume(struct core *core, const struct signin_req *r)
{
	if (!r->resume)
		return ArSuccess;
	switch (r->ResumeStatus) {
	case AsReadyState:
	case AsBusyState:
		return ArSuccess;
	case AsRestState:
		return check_rest_reason(core, r->ResumeReason);
	default:
		return ArInvalidParam;
	}
}

/* A fresh session's first state: the one the bar resumes, else Ready or
 * Busy by StatusChangeType. */
static int first_state(struct agent *a, const struct signin_req *r)
{
	if (!r->resume)
		return a->status_change_type ? AsBusyState : AsReadyState;
	if (r->ResumeStatus == AsRestState)
		str_ncpy(a->rest_reason, r->ResumeReason,
			 sizeof(a->rest_reason));
	return r->ResumeStatus;
}

/* Replaces the agent's skills by the parsed list (libre list heads cannot
 * be copied: each element points back at its list). */
static void take_skills(struct agent *a, struct list *skills)
{
	struct le *le;

	list_flush(&a->skills);
	while ((le = list_head(skills))) {
		list_unlink(le);
		list_append(&a->skills, le, le->data);
	}
}

static void apply_request(struct agent *a, const struct signin_req *r,
			  struct list *skills)
{
	take_skills(a, skills);
	a->status_change_type = r->StatusChangeType == 1 ? 1 : 0;
	a->auto_answer = r->AutoAnswer;
	str_ncpy(a->agent_tag, r->AgentTag ? r->AgentTag : "",
		 sizeof(a->agent_tag));
	str_ncpy(a->customer_tag, r->CustomerTag ? r->CustomerTag : "",
		 sizeof(a->customer_tag));
}

/* Who signs in: the agent exists, is not locked out, knows its password. */
static int check_agent(struct core *core, const struct signin_req *r,
		       struct dir_agent *d, int64_t now)
{
	int err;

	if (!r->AgentID || !*r->AgentID)
		return ArAgentIdIsEmpty;
	err = dir_code(store_agent_get(core->st, r->AgentID, d),
		       ArAgentIdNotExist, "agent", r->AgentID);
	if (err)
		return err;
	if (lockout_active(core->fails, d->id, now))
		return ArTooManyAttempts;
	if (!r->PassWord || !pwhash_verify(d->pwhash, r->PassWord)) {
		lockout_fail(core->fails, d->id, now);
		log_warn("agent %s: wrong password", d->id);
		return ArAgentPasswordError;
	}
	lockout_forget(core->fails, d->id);
	return ArSuccess;
}

static int check_dn(struct core *core, const struct signin_req *r)
{
	struct dir_phone phone;

	if (!r->DN || !*r->DN)
		return ArAgentDnIsEmpty;
	return dir_code(store_phone_get(core->st, r->DN, &phone),
			ArDestAgentDnNotExist, "phone", r->DN);
}

/*
 * The agent is signed in already (old). A bar that came back while its
 * agent was in a call resumes it; ForceSignIn takes the agent over, keeping
 * a call it is in, else signing the old session out first (*fresh: a new
 * session follows).
 */
static int take_over(struct core *core, struct agent *old, void *owner,
		     const struct signin_req *r, struct list *skills,
		     bool *fresh)
{
	void *old_owner = old->owner;

	*fresh = false;
	if (old->lost) {
		old->owner = owner;
		old->lost = false;
		apply_request(old, r, skills);
		log_trace("agent %s resumed its session", old->id);
		return ArSuccess;
	}
	if (!r->ForceSignIn)
		return ArHasSigned;
	if (old->call || agent_in_call_state(old->status)) {
		old->owner = owner;
		agent_emit_state(old, old_owner, AsUnLoginState,
				 CeUnKnownEvent, CerUnloginResignin);
		apply_request(old, r, skills);
	} else {
		agent_signout(old, CerUnloginResignin);
		*fresh = true;
	}
	if (core->h.kick)
		core->h.kick(old_owner, core->h.arg);
	return ArSuccess;
}

int core_signin(struct core *core, void *owner, const struct signin_req *r,
		struct agent **agentp)
{
	struct dir_agent d;
	struct list skills = LIST_INIT;
	struct agent *a, *old, *dn_user;
	int64_t now = now_us();
	bool fresh = true;
	int err;

	err = check_agent(core, r, &d, now);
	if (!err)
		err = check_dn(core, r);
	if (!err)
		err = parse_skills(core, d.id, r->ServiceList, &skills);
	if (!err)
		err = check_resume(core, r);
	if (err)
		goto out;
	if (!sw_phone_ready(core->sw, r->DN)) {
		log_warn("agent %s: DN %s is not registered", d.id, r->DN);
		err = ArImsError;
		goto out;
	}

	old = core_agent_by_id(core, d.id);
	dn_user = core_agent_by_dn(core, r->DN);
	if (dn_user && dn_user != old) {
		err = ArAgentDnBeOccupied;
		goto out;
	}
	if (old) {
		err = take_over(core, old, owner, r, &skills, &fresh);
		if (err || !fresh) {
			if (!err)
				*agentp = old;
			goto out;
		}
	}

	if (agent_alloc(&a, core, &d, r->DN)) {
		err = ArFailed;
		goto out;
	}
	a->owner = owner;
	apply_request(a, r, &skills);
	log_trace("agent %s signed in on DN %s", a->id, a->dn);

	agent_set_status(a, first_state(a, r), CeUnKnownEvent,
			 CerIdleSelfLogin);
	*agentp = a;
 out:
	/* what apply_request did not take */
	list_flush(&skills);
	return err;
}

int core_signout(struct core *core, struct agent *a)
{
	(void)core;
	if (a->call || agent_in_call_state(a->status))
		return ArAgentStatusIsWrong;
	agent_signout(a, CerUnloginLogout);
	return ArSuccess;
}

void core_owner_lost(struct core *core, struct agent *a)
{
	(void)core;
	a->owner = NULL;
	if (a->call || agent_in_call_state(a->status)) {
		a->lost = true;
		log_warn("agent %s: bar lost during a call, signing out "
			 "after it", a->id);
		return;
	}
	agent_signout(a, CerUnloginOtherForceout);
}

/* ---- settable states ------------------------------------------------- */

static int set_state(struct agent *a, int state, const char *reason,
		     int why)
{
	struct core *core = a->core;

	if (a->call || agent_in_call_state(a->status))
		return ArAgentStatusIsWrong;
	switch (state) {
	case AsReadyState:
		if (a->phone_down)
			return ArImsError;
		/* fall through */
	case AsBusyState:
		a->rest_reason[0] = '\0';
		break;
	case AsRestState: {
		int err = check_rest_reason(core, reason);

		if (err)
			return err;
		str_ncpy(a->rest_reason, reason, sizeof(a->rest_reason));
		break;
	}
	default:
		return ArAgentStatusIsWrong;
	}
	tmr_cancel(&a->wrapup_tmr);
	agent_set_status(a, state, CeUnKnownEvent, why);
	return ArSuccess;
}

int core_set_idle(struct core *core, struct agent *a)
{
	(void)core;
	return set_state(a, AsReadyState, NULL, CerIdleSelfSet);
}

int core_set_busy(struct core *core, struct agent *a)
{
	(void)core;
	return set_state(a, AsBusyState, NULL, CerIdleSelfSet);
}

int core_set_rest(struct core *core, struct agent *a, const char *reason)
{
	(void)core;
	return set_state(a, AsRestState, reason, CerIdleSelfSet);
}

int core_set_agent_status(struct core *core, struct agent *a, int state,
			  const char *reason)
{
	(void)core;
	if (state < 0 || state >= AS_STATE_COUNT)
		return ArInvalidParam;
	return set_state(a, state, reason, CerIdleSelfSet);
}

int core_reset_skill(struct core *core, struct agent *a, const char *list)
{
	struct list skills = LIST_INIT;
	int err = parse_skills(core, a->id, list, &skills);

	if (err)
		return err;
	take_skills(a, &skills);
	router_schedule(core);
	return ArSuccess;
}

int core_reset(struct core *core, struct agent *a)
{
	tmr_cancel(&a->wrapup_tmr);
	core->resetting = a;
	call_release_by_agent(a, true);
	core->resetting = NULL;
	if (a->phone_leg) {
		sw_hangup(a->core->sw, a->phone_leg, SW_CAUSE_NORMAL);
		a->phone_leg = 0;
	}
	agent_set_status(a, a->status_change_type == 1 ? AsBusyState :
			 AsReadyState, CeUnKnownEvent, CerIdleElse);
	return ArSuccess;
}
