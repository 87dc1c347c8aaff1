/*
 * m_pending.c — the manual's methods that the next issue implements (hold,
 * consult, transfer, conference, call data, supervisor operations, DTMF,
 * mute, queue jumping, IVR). They are registered now so that clients get a
 * precise answer: the parameters are validated exactly as they will be,
 * then {"code": ArFailed, "message": "not available yet"}.
 * docs/protocol.md lists them.
 */
#include "api/api_int.h"
#include "api/shape.h"

/* Manual limits: call-data key 32 bytes, value 1023, DTMF 32 digits;
 * longer is ArInvalidParam (CALL-FLOWS.md "During a call"). */
enum { KEY_MAX = 32, CALLDATA_MAX = 1023, DTMF_MAX = 32 };

#define NUM(n, req) {.name = n, .type = PT_STR, .required = req, \
		     .maxlen = API_NUMBER_MAX}
#define ID(n)       {.name = n, .type = PT_STR, .required = true, \
		     .maxlen = API_ID_MAX}

static const struct pspec consult_params[] = {
	NUM("consultNum", true), NUM("showANI", false), NUM("showDest", false),
	/* other values: a "special call type" (AGENTBAR-API.md §4) */
	{.name = "consultType", .type = PT_INT, .required = true,
	 .min = INT32_MIN, .max = INT32_MAX},
	{NULL},
};

static const struct pspec sst_params[] = {
	NUM("transferNum", true), NUM("showANI", false), NUM("showDest", false),
	{.name = "transferStyle", .type = PT_INT, .min = 0, .max = 1},
	{.name = "transferType", .type = PT_INT, .required = true, .min = 0,
	 .max = 2},
	{NULL},
};

static const struct pspec setdata_params[] = {
	{.name = "key", .type = PT_STR, .required = true, .maxlen = KEY_MAX,
	 .toolong = ArInvalidParam},
	{.name = "CallData", .type = PT_STR, .required = true,
	 .maxlen = CALLDATA_MAX, .toolong = ArInvalidParam},
	{NULL},
};

static const struct pspec getdata_params[] = {
	{.name = "key", .type = PT_STR, .required = true, .maxlen = KEY_MAX,
	 .toolong = ArInvalidParam},
	{NULL},
};

static const struct pspec agent_params[] = {
	ID("AgentID"),
	{NULL},
};

static const struct pspec listen_params[] = {
	ID("AgentID"), NUM("showANI", false), NUM("showDest", false),
	{NULL},
};

static const struct pspec dtmf_params[] = {
	{.name = "DTMFDigits", .type = PT_STR, .required = true,
	 .maxlen = DTMF_MAX, .toolong = ArInvalidParam},
	{NULL},
};

static const struct pspec jump_params[] = {
	{.name = "requestId", .type = PT_INT, .required = true, .min = 0,
	 .max = INT64_MAX},
	{NULL},
};

static const struct pspec transivr_params[] = {
	NUM("transferNum", true),
	{NULL},
};

static const struct pspec transivrex_params[] = {
	NUM("callerNum", true), NUM("transferNum", true),
	{NULL},
};

static json_t *m_not_yet(struct rpc_call *c)
{
	(void)c;
	return result_msg(ArFailed, "not available yet");
}

const struct rpc_method m_pending_methods[] = {
	{"Hold", m_not_yet, NEEDS_AGENT, NULL},
	{"Retrieve", m_not_yet, NEEDS_AGENT, NULL},
	{"Consult", m_not_yet, NEEDS_AGENT, consult_params},
	{"Reconnect", m_not_yet, NEEDS_AGENT, NULL},
	{"Transfer", m_not_yet, NEEDS_AGENT, NULL},
	{"SingleStepTransfer", m_not_yet, NEEDS_AGENT, sst_params},
	{"Conference", m_not_yet, NEEDS_AGENT, NULL},
	{"SetCallData", m_not_yet, NEEDS_AGENT, setdata_params},
	{"GetCallData", m_not_yet, NEEDS_AGENT, getdata_params},
	{"ForceOut", m_not_yet, NEEDS_AGENT, agent_params},
	{"ForceIdle", m_not_yet, NEEDS_AGENT, agent_params},
	{"ForceBusy", m_not_yet, NEEDS_AGENT, agent_params},
	{"Listen", m_not_yet, NEEDS_AGENT, listen_params},
	{"StopListen", m_not_yet, NEEDS_AGENT, agent_params},
	{"Insert", m_not_yet, NEEDS_AGENT, listen_params},
	{"StopInsert", m_not_yet, NEEDS_AGENT, agent_params},
	{"SwitchInsertorListen", m_not_yet, NEEDS_AGENT, listen_params},
	{"Break", m_not_yet, NEEDS_AGENT, agent_params},
	{"SendDTMF", m_not_yet, NEEDS_AGENT, dtmf_params},
	{"MuteOn", m_not_yet, NEEDS_AGENT, NULL},
	{"MuteOff", m_not_yet, NEEDS_AGENT, NULL},
	{"GetRecordFileName", m_not_yet, NEEDS_AGENT, NULL},
	{"JumptheQueue", m_not_yet, NEEDS_AGENT, jump_params},
	{"TransIVR", m_not_yet, NEEDS_AGENT, transivr_params},
	{"TransIVREx", m_not_yet, NEEDS_AGENT, transivrex_params},
	{NULL, NULL, NEEDS_NONE, NULL},
};
