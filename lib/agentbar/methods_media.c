/*
 * methods_media.c — the manual's 【媒体方法】 (3.2.33 - 3.2.35): DTMF to the
 * other party and muting the agent.
 */
#include "bar.h"

int ab_SendDTMF(AgentBar *bar, const char *DTMFDigits)
{
	return abi_invoke(bar, "SendDTMF",
			  json_pack("{s:o}", "DTMFDigits", abi_str(DTMFDigits)),
			  NULL, NULL);
}

int ab_MuteOn(AgentBar *bar)
{
	return abi_invoke(bar, "MuteOn", json_object(), NULL, NULL);
}

int ab_MuteOff(AgentBar *bar)
{
	return abi_invoke(bar, "MuteOff", json_object(), NULL, NULL);
}
