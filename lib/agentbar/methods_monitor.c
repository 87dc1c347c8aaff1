/*
 * methods_monitor.c — the manual's 【质检方法】 (3.2.24 - 3.2.32): what a
 * supervisor does to another agent. The parameter names keep the manual's
 * two spellings (AgentID for Force*, Listen, StopListen; agentID for the
 * others); the server matches them case-insensitively.
 */
#include "bar.h"

static int on_agent(AgentBar *bar, const char *method, const char *key,
		    const char *agent)
{
	return abi_invoke(bar, method, json_pack("{s:o}", key, abi_str(agent)),
			  NULL, NULL);
}

static int join_agent(AgentBar *bar, const char *method, const char *key,
		      const char *agent, const char *showANI,
		      const char *showDest)
{
	return abi_invoke(bar, method,
			  json_pack("{s:o, s:o, s:o}", key, abi_str(agent),
				    "showANI", abi_str(showANI),
				    "showDest", abi_str(showDest)),
			  NULL, NULL);
}

int ab_ForceOut(AgentBar *bar, const char *AgentID)
{
	return on_agent(bar, "ForceOut", "AgentID", AgentID);
}

int ab_ForceIdle(AgentBar *bar, const char *AgentID)
{
	return on_agent(bar, "ForceIdle", "AgentID", AgentID);
}

int ab_ForceBusy(AgentBar *bar, const char *AgentID)
{
	return on_agent(bar, "ForceBusy", "AgentID", AgentID);
}

int ab_Listen(AgentBar *bar, const char *AgentID, const char *showANI,
	      const char *showDest)
{
	return join_agent(bar, "Listen", "AgentID", AgentID, showANI, showDest);
}

int ab_StopListen(AgentBar *bar, const char *AgentID)
{
	return on_agent(bar, "StopListen", "AgentID", AgentID);
}

int ab_Insert(AgentBar *bar, const char *agentID, const char *showANI,
	      const char *showDest)
{
	return join_agent(bar, "Insert", "agentID", agentID, showANI, showDest);
}

int ab_StopInsert(AgentBar *bar, const char *agentID)
{
	return on_agent(bar, "StopInsert", "agentID", agentID);
}

int ab_SwitchInsertorListen(AgentBar *bar, const char *agentID,
			    const char *showANI, const char *showDest)
{
	return join_agent(bar, "SwitchInsertorListen", "agentID", agentID,
			  showANI, showDest);
}

int ab_Break(AgentBar *bar, const char *agentID)
{
	return on_agent(bar, "Break", "agentID", agentID);
}
