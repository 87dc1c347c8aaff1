/*
 * checks.c — the client-side checks of every method (AGENTBAR-API.md
 * section 1): not initialised, not signed in, or a state in which the
 * button certainly makes no sense (CALL-FLOWS.md). They answer with the
 * manual's AGENTBARERROR codes without a round trip. Only what is surely
 * wrong is refused here; everything else is the server's to judge.
 */
#include <string.h>

#include "bar.h"

#define S(state) (1u << (state))
#define IDLE (S(AsReadyState) | S(AsBusyState) | S(AsRestState))
/* every state with a call leg: Alerting .. Inserted */
#define IN_CALL (((1u << AS_STATE_COUNT) - 1) & ~((1u << AsAlertingState) - 1))
#define CONSULTING (S(AsConsultConnectingState) | S(AsConsultConnectedState))
#define SUPERVISING (S(AsMonitorState) | S(AsInsertState) | \
		     S(AsHalfAlertingState) | S(AsHalfConnectedState))

/* Methods not listed need an initialised bar only (queries, SignIn). */
static const struct rule {
	const char *method;
	unsigned states;        /* allowed states; 0 any */
} rules[] = {
	/* state (3.2.4 - 3.2.11) */
	{"SignOut", 0}, {"SetIdle", 0}, {"SetBusy", 0}, {"SetRest", 0},
	{"SetAgentStatus", 0}, {"GetAgentStatus", 0}, {"ResetSkill", 0},
	{"Reset", 0},
	/* call control (3.2.12 - 3.2.23) */
	{"MakeCall", IDLE},
	{"Answer", S(AsAlertingState) | S(AsHalfAlertingState)},
	{"ReleaseCall", S(AsLockState) | IN_CALL},
	{"Hold", S(AsConnectedState) | S(AsInternalConnectedState)},
	{"Retrieve", S(AsSuspendedState)},
	{"Consult", S(AsConnectedState) | S(AsInternalConnectedState) |
		    S(AsSuspendedState)},
	{"Reconnect", CONSULTING},
	{"Transfer", CONSULTING},
	{"SingleStepTransfer", IN_CALL},
	{"Conference", CONSULTING},
	{"SetCallData", 0}, {"GetCallData", 0},
	/* supervisor (3.2.24 - 3.2.32): Listen and Insert call M's phone */
	{"ForceOut", 0}, {"ForceIdle", 0}, {"ForceBusy", 0},
	{"Listen", IDLE}, {"StopListen", SUPERVISING},
	{"Insert", IDLE}, {"StopInsert", SUPERVISING},
	{"SwitchInsertorListen", S(AsMonitorState) | S(AsInsertState)},
	{"Break", 0},
	/* media (3.2.33 - 3.2.35) */
	{"SendDTMF", IN_CALL}, {"MuteOn", IN_CALL}, {"MuteOff", IN_CALL},
	/* queries about this agent's call (3.2.40, 3.2.48 - 3.2.51) */
	{"GetRecordFileName", 0}, {"GetCallingNo", 0}, {"GetOrgCallingNo", 0},
	{"GetCalledNo", 0}, {"GetOrgCalledNo", 0},
	/* others (3.2.55, 3.2.56) */
	{"TransIVR", IN_CALL}, {"TransIVREx", IN_CALL},
};

int abi_check(AgentBar *bar, const char *method)
{
	const struct rule *r = NULL;
	bool initialised, signed_in;
	int status, shown;

	if (!bar)
		return AGENTBARERROR_BAR_UNINITIAL;
	pthread_mutex_lock(&bar->mu);
	initialised = bar->initialised;
	signed_in = bar->signed_in;
	status = bar->status;
	shown = bar->shown_status;
	pthread_mutex_unlock(&bar->mu);
	if (!initialised)
		return AGENTBARERROR_BAR_UNINITIAL;
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		if (!strcmp(rules[i].method, method))
			r = &rules[i];
	}
	if (!r)
		return 0;
	if (!signed_in)
		return AGENTBARERROR_BAR_UNSIGNIN;
	/* Refused only if wrong both in the state last received and in the
	 * one the application last saw: answering inside OnAlerting stays
	 * possible while a later event waits in the queue, and so does a
	 * button pressed on another thread before that event is delivered.
	 * An unknown state (no event yet) refuses nothing. */
	if (r->states && status != AsUnknownState && shown != AsUnknownState &&
	    !(r->states & (S(status) | S(shown)))) {
		abi_log(bar, ABI_TRACE, "%s refused in %s", method,
			ab_StatusName(status));
		return AGENTBARERROR_BAR_WRONGSTATE;
	}
	return 0;
}
