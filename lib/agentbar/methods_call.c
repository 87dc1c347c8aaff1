/*
 * methods_call.c — the manual's 【呼叫控制方法】 (3.2.12 - 3.2.23) and the
 * OnBeforeOutCall check (3.3.27, 4.1) of the three that can dial out.
 */
#include "bar.h"

/* 4.1: before dialling an outside number the application may veto it by
 * leaving IsCallOut false in its OnBeforeOutCall handler. The handler runs
 * here, on the caller's thread, and may call any SDK method. */
static int before_out_call(AgentBar *bar, const char *method,
			   const char *dest, int reason)
{
	void (*handler)(void *, const char *, int, const char *, const char *,
			int, long long);
	void *ctx;
	long long offset;
	int rc = abi_check(bar, method);

	if (rc)
		return rc;
	pthread_mutex_lock(&bar->mu);
	handler = bar->events.OnBeforeOutCall;
	ctx = bar->ctx;
	offset = bar->cti_offset_us;
	pthread_mutex_unlock(&bar->mu);
	if (handler) {
		abi_callback_enter();
		handler(ctx, dest ? dest : "", PaNormal, "", "", reason,
			abi_now_us() + offset);
		abi_callback_leave();
	}
	if (!abi_get_long(bar, ABI_L_IsCallOut)) {
		abi_log(bar, ABI_TRACE, "%s to %s blocked: IsCallOut is 0",
			method, dest ? dest : "");
		return AGENTBARERROR_BAR_WRONGNUM;
	}
	return 0;
}

int ab_MakeCall(AgentBar *bar, const char *dest, const char *showANI,
		const char *showDest, int isOffhook, int type)
{
	int rc = type == 1 ? before_out_call(bar, "MakeCall", dest,
					     BEFOREOUTCALL_CALLOUT) : 0;

	if (rc)
		return abi_refuse(bar, "MakeCall", NULL, rc);
	return abi_invoke(bar, "MakeCall",
			  json_pack("{s:o, s:o, s:o, s:i, s:i}",
				    "dest", abi_str(dest),
				    "showANI", abi_str(showANI),
				    "showDest", abi_str(showDest),
				    "isOffhook", isOffhook, "type", type),
			  NULL, NULL);
}

/* With the integrated softphone the call is answered here, where it
 * rings; the switch's 200 tells the CTI. Otherwise the CTI answers the
 * phone if it can (AGENTBARERROR_BAR_ANSWERERROR when it cannot). */
int ab_Answer(AgentBar *bar)
{
	int rc;

	if (!bar || !abi_phone_on(bar))
		return abi_invoke(bar, "Answer", json_object(), NULL, NULL);
	rc = abi_check(bar, "Answer");
	if (rc)
		return abi_refuse(bar, "Answer", NULL, rc);
	rc = abi_phone_answer(bar);
	abi_set_last_error(bar, rc);
	abi_log(bar, rc ? ABI_WARN : ABI_TRACE, "Answer (softphone) -> %d %s",
		rc, ab_ResultName(rc));
	return rc;
}

int ab_ReleaseCall(AgentBar *bar)
{
	return abi_invoke(bar, "ReleaseCall", json_object(), NULL, NULL);
}

int ab_Hold(AgentBar *bar)
{
	return abi_invoke(bar, "Hold", json_object(), NULL, NULL);
}

int ab_Retrieve(AgentBar *bar)
{
	return abi_invoke(bar, "Retrieve", json_object(), NULL, NULL);
}

int ab_Consult(AgentBar *bar, const char *consultNum, const char *showANI,
	       const char *showDest, int consultType)
{
	int rc = consultType == 1 ? before_out_call(bar, "Consult", consultNum,
						    BEFOREOUTCALL_CONSULT) : 0;

	if (rc)
		return abi_refuse(bar, "Consult", NULL, rc);
	return abi_invoke(bar, "Consult",
			  json_pack("{s:o, s:o, s:o, s:i}",
				    "consultNum", abi_str(consultNum),
				    "showANI", abi_str(showANI),
				    "showDest", abi_str(showDest),
				    "consultType", consultType),
			  NULL, NULL);
}

int ab_Reconnect(AgentBar *bar)
{
	return abi_invoke(bar, "Reconnect", json_object(), NULL, NULL);
}

int ab_Transfer(AgentBar *bar)
{
	return abi_invoke(bar, "Transfer", json_object(), NULL, NULL);
}

int ab_SingleStepTransfer(AgentBar *bar, const char *transferNum,
			  const char *showANI, const char *showDest,
			  int transferStyle, int transferType)
{
	int rc = transferType == 1 ?
		 before_out_call(bar, "SingleStepTransfer", transferNum,
				 BEFOREOUTCALL_SINGLESTEPTRANSFER) : 0;

	if (rc)
		return abi_refuse(bar, "SingleStepTransfer", NULL, rc);
	return abi_invoke(bar, "SingleStepTransfer",
			  json_pack("{s:o, s:o, s:o, s:i, s:i}",
				    "transferNum", abi_str(transferNum),
				    "showANI", abi_str(showANI),
				    "showDest", abi_str(showDest),
				    "transferStyle", transferStyle,
				    "transferType", transferType),
			  NULL, NULL);
}

int ab_Conference(AgentBar *bar)
{
	return abi_invoke(bar, "Conference", json_object(), NULL, NULL);
}

int ab_SetCallData(AgentBar *bar, const char *key, const char *CallData)
{
	return abi_invoke(bar, "SetCallData",
			  json_pack("{s:o, s:o}", "key", abi_str(key),
				    "CallData", abi_str(CallData)),
			  NULL, NULL);
}

char *ab_GetCallData(AgentBar *bar, const char *key)
{
	return abi_invoke_str(bar, "GetCallData",
			      json_pack("{s:o}", "key", abi_str(key)), false);
}
