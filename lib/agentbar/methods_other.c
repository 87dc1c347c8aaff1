/*
 * methods_other.c — the manual's 【其他方法】 (3.2.52 - 3.2.56): CTI time,
 * error descriptions (answered locally), jumping the queue, transfer to IVR.
 */
#include <string.h>

#include "bar.h"

int ab_SynchronizeCTITime(AgentBar *bar)
{
	long long sent = 0, received;
	json_t *result, *time;
	int rc;

	if (bar)
		sent = abi_now_us();
	rc = abi_invoke(bar, "SynchronizeCTITime", json_object(), NULL,
			&result);
	if (rc)
		return rc;
	received = abi_now_us();
	time = json_object_get(result, "time");
	if (!json_is_integer(time)) {
		abi_log(bar, ABI_WARN, "SynchronizeCTITime: no time in the "
			"answer");
		rc = AGENTBARERROR_JSON_READERERROR;
		abi_set_last_error(bar, rc);
	} else {
		/* the server read its clock about halfway through */
		pthread_mutex_lock(&bar->mu);
		bar->cti_offset_us = json_integer_value(time) -
				     (sent + (received - sent) / 2);
		pthread_mutex_unlock(&bar->mu);
	}
	json_decref(result);
	return rc;
}

char *ab_GetPromptByErrorCode(AgentBar *bar, int ErrorCode)
{
	if (bar)
		abi_set_last_error(bar, 0);
	return strdup(ab_PromptText(ErrorCode));
}

long ab_JumptheQueue(AgentBar *bar, int64_t requestId)
{
	return abi_invoke(bar, "JumptheQueue",
			  json_pack("{s:I}", "requestId", (json_int_t)requestId),
			  NULL, NULL);
}

long ab_TransIVR(AgentBar *bar, const char *transferNum)
{
	return abi_invoke(bar, "TransIVR",
			  json_pack("{s:o}", "transferNum", abi_str(transferNum)),
			  NULL, NULL);
}

long ab_TransIVREx(AgentBar *bar, const char *callerNum,
		   const char *transferNum)
{
	return abi_invoke(bar, "TransIVREx",
			  json_pack("{s:o, s:o}", "callerNum", abi_str(callerNum),
				    "transferNum", abi_str(transferNum)),
			  NULL, NULL);
}
