/*
 * methods_query.c — the manual's 【查询方法】 (3.2.36 - 3.2.51). The
 * server's "data" comes back exactly as sent (JSON text for the structs of
 * AGENTBAR-API.md section 5), checked to parse where it must be JSON.
 */
#include "bar.h"

static char *query(AgentBar *bar, const char *method, const char *key,
		   const char *arg, bool is_json)
{
	json_t *p = key ? json_pack("{s:o}", key, abi_str(arg)) : json_object();

	return abi_invoke_str(bar, method, p, is_json);
}

char *ab_GetAgentDetailByAgentID(AgentBar *bar, const char *AgentID)
{
	return query(bar, "GetAgentDetailByAgentID", "AgentID", AgentID, true);
}

char *ab_GetAgentDetailByAgentDN(AgentBar *bar, const char *AgentDN)
{
	return query(bar, "GetAgentDetailByAgentDN", "AgentDN", AgentDN, true);
}

char *ab_GetAgentDetailsByAgentIDs(AgentBar *bar, const char *AgentIDs)
{
	return query(bar, "GetAgentDetailsByAgentIDs", "AgentIDs", AgentIDs,
		     true);
}

char *ab_GetAgentDetailsByAgentDNs(AgentBar *bar, const char *AgentDNs)
{
	return query(bar, "GetAgentDetailsByAgentDNs", "AgentDNs", AgentDNs,
		     true);
}

char *ab_GetRecordFileName(AgentBar *bar)
{
	return query(bar, "GetRecordFileName", NULL, NULL, false);
}

char *ab_GetRestReason(AgentBar *bar)
{
	return query(bar, "GetRestReason", NULL, NULL, false);
}

int ab_GetAgentNBySkill(AgentBar *bar, const char *skill)
{
	return abi_invoke_value(bar, "GetAgentNBySkill",
				json_pack("{s:o}", "skill", abi_str(skill)),
				NULL);
}

char *ab_GetAgentDetailsBySkill(AgentBar *bar, const char *skill)
{
	return query(bar, "GetAgentDetailsBySkill", "skill", skill, true);
}

char *ab_GetSkillWaitingNumber(AgentBar *bar, const char *skill)
{
	return query(bar, "GetSkillWaitingNumber", "skill", skill, true);
}

char *ab_GetSkillWaitingCallInfo(AgentBar *bar, const char *skill)
{
	return query(bar, "GetSkillWaitingCallInfo", "skill", skill, true);
}

char *ab_GetPrivateQueue(AgentBar *bar, const char *agentID)
{
	return query(bar, "GetPrivateQueue", "agentID", agentID, true);
}

char *ab_GetSysInfo(AgentBar *bar)
{
	return query(bar, "GetSysInfo", NULL, NULL, true);
}

char *ab_GetCallingNo(AgentBar *bar)
{
	return query(bar, "GetCallingNo", NULL, NULL, false);
}

char *ab_GetOrgCallingNo(AgentBar *bar)
{
	return query(bar, "GetOrgCallingNo", NULL, NULL, false);
}

char *ab_GetCalledNo(AgentBar *bar)
{
	return query(bar, "GetCalledNo", NULL, NULL, false);
}

char *ab_GetOrgCalledNo(AgentBar *bar)
{
	return query(bar, "GetOrgCalledNo", NULL, NULL, false);
}
