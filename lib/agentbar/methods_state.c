/*
 * methods_state.c — the manual's 【状态设置方法】 after Initial/UnInitial
 * (3.2.3 - 3.2.11): sign in and out, set and read the agent's state, skills.
 * The apply hooks run on the I/O thread as the answer arrives, so the
 * SDK's idea of the agent follows the wire order of answers and events.
 * With IsSIPPhone the integrated softphone registers at SignIn and
 * unregisters at SignOut.
 */
#include <unistd.h>
#include "bar.h"

static bool ok(json_t *result)
{
	return json_integer_value(json_object_get(result, "code")) == 0;
}

static bool valid_status(json_t *v)
{
	return json_is_integer(v) && json_integer_value(v) > AsUnknownState &&
	       json_integer_value(v) < AS_STATE_COUNT;
}

static void apply_signin(AgentBar *bar, struct abi_req *req, json_t *result)
{
	json_t *status = json_object_get(result, "agentStatus");
	json_t *copy;

	if (!ok(result))
		return;
	/* what failover sends again, ServiceList kept current by ResetSkill */
	copy = json_deep_copy(req->params);
	pthread_mutex_lock(&bar->mu);
	bar->signed_in = true;
	if (valid_status(status))
		bar->status = (int)json_integer_value(status);
	json_decref(bar->signin_params);
	bar->signin_params = copy;
	pthread_mutex_unlock(&bar->mu);
}

/* SignIn (params p, stolen) right after the softphone registered. When
 * the switch is a node of its own, the CTI learns of the registration
 * from it a moment after the phone did, and answers ArImsError until
 * then: tried again a few times, a short pause apart. */
static int signin_registered(AgentBar *bar, json_t *p)
{
	enum { TRIES = 10, PAUSE_MS = 100 };
	int rc = ArImsError;

	for (int i = 0; rc == ArImsError && i < TRIES; i++) {
		if (i)
			usleep(PAUSE_MS * 1000);
		rc = abi_invoke(bar, "SignIn", json_deep_copy(p), apply_signin,
				NULL);
	}
	json_decref(p);
	return rc;
}

int ab_SignIn(AgentBar *bar)
{
	json_t *p = NULL;
	int rc;

	if (bar) {
		pthread_mutex_lock(&bar->mu);
		p = json_pack("{s:o, s:o, s:o, s:I, s:b, s:b, s:o, s:o, s:o}",
			"AgentID", abi_str(bar->str[ABI_S_AgentID]),
			"PassWord", abi_str(bar->str[ABI_S_PassWord]),
			"DN", abi_str(bar->str[ABI_S_DN]),
			"StatusChangeType",
			(json_int_t)bar->num[ABI_L_StatusChangeType],
			"AutoAnswer", (int)bar->num[ABI_L_AutoAnswer],
			"ForceSignIn", (int)bar->num[ABI_L_ForceSignIn],
			"ServiceList", abi_str(bar->str[ABI_S_ServiceList]),
			"AgentTag", abi_str(bar->str[ABI_S_AgentTag]),
			"CustomerTag", abi_str(bar->str[ABI_S_CustomerTag]));
		pthread_mutex_unlock(&bar->mu);
	}
	if (!bar || !abi_phone_on(bar))
		return abi_invoke(bar, "SignIn", p, apply_signin, NULL);
	/* The integrated softphone registers first: the CTI signs an
	 * agent in only on a registered DN. */
	rc = abi_check(bar, "SignIn");
	rc = rc ? rc : abi_phone_register(bar);
	if (rc)
		return abi_refuse(bar, "SignIn", p, rc);
	rc = signin_registered(bar, p);
	if (rc)   /* not signed in: the phone leaves too */
		abi_phone_unregister(bar);
	return rc;
}

static void apply_signout(AgentBar *bar, struct abi_req *req, json_t *result)
{
	(void)req;
	if (!ok(result))
		return;
	pthread_mutex_lock(&bar->mu);
	bar->signed_in = false;
	bar->status = AsUnLoginState;
	json_decref(bar->signin_params);
	bar->signin_params = NULL;
	pthread_mutex_unlock(&bar->mu);
}

int ab_SignOut(AgentBar *bar)
{
	int rc = abi_invoke(bar, "SignOut", json_object(), apply_signout,
			    NULL);

	/* signed out first, so the CTI routes nothing to a phone going */
	if (!rc && abi_phone_on(bar)) {
		rc = abi_phone_unregister(bar);
		abi_set_last_error(bar, rc);
	}
	return rc;
}

int ab_SetIdle(AgentBar *bar)
{
	return abi_invoke(bar, "SetIdle", json_object(), NULL, NULL);
}

int ab_SetBusy(AgentBar *bar)
{
	return abi_invoke(bar, "SetBusy", json_object(), NULL, NULL);
}

/* A rest reason the server took: a failover resumes Rest with it. */
static void keep_rest_reason(AgentBar *bar, json_t *result, json_t *reason)
{
	if (!ok(result) || !json_is_string(reason))
		return;
	pthread_mutex_lock(&bar->mu);
	abi_resume_rest_reason(bar, json_string_value(reason));
	pthread_mutex_unlock(&bar->mu);
}

static void apply_rest(AgentBar *bar, struct abi_req *req, json_t *result)
{
	keep_rest_reason(bar, result, json_object_get(req->params, "reason"));
}

static void apply_agent_status(AgentBar *bar, struct abi_req *req,
			       json_t *result)
{
	if (json_integer_value(json_object_get(req->params, "AgentState")) ==
	    AsRestState)
		keep_rest_reason(bar, result,
				 json_object_get(req->params, "Reason"));
}

int ab_SetRest(AgentBar *bar, const char *reason)
{
	return abi_invoke(bar, "SetRest",
			  json_pack("{s:o}", "reason", abi_str(reason)),
			  apply_rest, NULL);
}

int ab_SetAgentStatus(AgentBar *bar, int AgentState, const char *Reason)
{
	return abi_invoke(bar, "SetAgentStatus",
			  json_pack("{s:i, s:o}", "AgentState", AgentState,
				    "Reason", abi_str(Reason)),
			  apply_agent_status, NULL);
}

static void apply_status(AgentBar *bar, struct abi_req *req, json_t *result)
{
	json_t *value = json_object_get(result, "value");

	(void)req;
	if (!ok(result) || !valid_status(value))
		return;
	pthread_mutex_lock(&bar->mu);
	bar->status = (int)json_integer_value(value);
	pthread_mutex_unlock(&bar->mu);
}

int ab_GetAgentStatus(AgentBar *bar)
{
	return abi_invoke_value(bar, "GetAgentStatus", json_object(),
				apply_status);
}

static void apply_skills(AgentBar *bar, struct abi_req *req, json_t *result)
{
	json_t *skills = json_object_get(req->params, "SkillList");

	if (!ok(result))
		return;
	skills = json_deep_copy(skills);
	pthread_mutex_lock(&bar->mu);
	if (bar->signin_params && skills)
		json_object_set(bar->signin_params, "ServiceList", skills);
	pthread_mutex_unlock(&bar->mu);
	json_decref(skills);
}

int ab_ResetSkill(AgentBar *bar, const char *SkillList)
{
	return abi_invoke(bar, "ResetSkill",
			  json_pack("{s:o}", "SkillList", abi_str(SkillList)),
			  apply_skills, NULL);
}

int ab_Reset(AgentBar *bar)
{
	return abi_invoke(bar, "Reset", json_object(), NULL, NULL);
}
