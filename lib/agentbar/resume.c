/*
 * resume.c — the state a failover signs the agent back into, sent as
 * SignIn's ResumeStatus / ResumeReason extension (docs/protocol.md) so a
 * Busy or resting agent never comes back Ready: Ready, a Busy the agent or
 * a supervisor chose (or a sign-in gave), or Rest with the reason the bar
 * set. After a call, in one, or parked Busy by its phone, nothing is sent
 * and the server decides. A resumable OnUnLogin (the server going down or
 * handing over) keeps the state it interrupted. All with bar->mu held.
 */
#include <stdio.h>

#include "bar.h"

static bool chosen_busy(int reason)
{
	return reason == CerIdleSelfSet || reason == CerIdleOtherSet ||
	       reason == CerIdleSelfLogin;
}

void abi_resume_track(AgentBar *bar, int status, int reason, bool resumable)
{
	if (status == AsUnLoginState && resumable)
		return;
	if (status == AsReadyState || status == AsRestState ||
	    (status == AsBusyState && chosen_busy(reason)))
		bar->resume_status = status;
	else
		bar->resume_status = AsUnknownState;
}

void abi_resume_rest_reason(AgentBar *bar, const char *reason)
{
	snprintf(bar->rest_reason, sizeof(bar->rest_reason), "%s", reason);
}

int abi_resume_add(AgentBar *bar, json_t *params)
{
	if (bar->resume_status == AsUnknownState)
		return 0;
	if (bar->resume_status == AsRestState &&
	    json_object_set_new(params, "ResumeReason",
				json_string(bar->rest_reason)))
		return -1;
	return json_object_set_new(params, "ResumeStatus",
				   json_integer(bar->resume_status));
}
