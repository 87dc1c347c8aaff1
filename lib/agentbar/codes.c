/*
 * codes.c — names and Chinese descriptions of every numeric code in
 * agentbar.h (AGENTBAR-API.md section 4). The daemon links this file too,
 * so it depends on nothing but the C library: no jansson, no threads.
 *
 * Each code family has exactly one table here; the server, the SDK, the
 * CLI and the tests all read these, so a name is spelled in one place.
 */
#include <string.h>

#include "agentbar_codes.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const status_names[AS_STATE_COUNT] = {
	"AsUnknownState", "AsUnLoginState", "AsReadyState", "AsBusyState",
	"AsRestState", "AsLockState", "AsAlertingState",
	"AsHalfAlertingState", "AsConnectingState", "AsConnectedState",
	"AsHalfConnectedState", "AsInternalConnectedState",
	"AsSuspendedState", "AsConsultConnectingState",
	"AsConsultConnectedState", "AsConferenceState", "AsMonitorState",
	"AsInsertState", "AsMonitoredState", "AsInsertedState",
};

/* The event each state raises (manual 3.3.1 - 3.3.19), spelled as the
 * manual spells them: "Harf". AsUnknownState raises no event. */
static const char *const status_events[AS_STATE_COUNT] = {
	NULL, "OnUnLogin", "OnReady", "OnBusy", "OnRest", "OnLock",
	"OnAlerting", "OnHarfAlerting", "OnConnecting", "OnConnected",
	"OnHarfConnected", "OnInternalConnected", "OnSuspended",
	"OnConsultConnecting", "OnConsultConnected", "OnConference",
	"OnMonitor", "OnInsert", "OnMonitored", "OnInserted",
};

static const char *const reason_names[CER_REASON_COUNT] = {
	"CerSuccess", "CerInvokeComplete", "CerCallDestBusy",
	"CerCallNoAnswer", "CerCallDestUnknown", "CerCallDestInvalid",
	"CerCallTimeout", "CerUnloginInitial", "CerUnloginLogout",
	"CerUnloginSelfForceout", "CerUnloginOtherForceout",
	"CerUnloginBackup", "CerUnloginResignin", "CerUnloginElse",
	"CerIdleSelfLogin", "CerIdleOtherLogin", "CerIdleNormalSelfHangup",
	"CerIdleNormalOtherHangup", "CerIdleErrorSelfHangup",
	"CerIdleErrorOtherHangup", "CerIdleUnlock", "CerIdleIdle",
	"CerIdleSelfSet", "CerIdleOtherSet", "CerIdleElse",
	"CerTalkSelfCreat", "CerTalkOtherCreat", "CerTalkSelfRetrieve",
	"CerTalkOtherRetrieve", "CerTalkElse",
};

/* EVENTREASON starts at EVENTREASON_IMS_DISCONNECT; it shares no number
 * with CallEventReasonT, so ab_ReasonName() can name both. */
static const char *const eventreason_names[] = {
	"EVENTREASON_IMS_DISCONNECT", "EVENTREASON_IMS_MASTERCHANGE",
	"EVENTREASON_IMS_OPERATIONFAILED", "EVENTREASON_ACD_DISCONNECT",
	"EVENTREASON_ACD_MASTERCHANGE", "EVENTREASON_ACD_OPERATIONFAILED",
	"EVENTREASON_ACD_RELOGINSUCCESS", "EVENTREASON_ACD_RELOGINFAILED",
};

static const char *const event_id_names[CE_EVENT_COUNT] = {
	"CeUnKnownEvent", "CeInboundCallInternalCall",
	"CeDestSeizedInternalCall", "CeThisPartyAnsweredInternalCall",
	"CeOtherPartyAnsweredInternalCall",
	"CeThisPartyDisconnectedInternalCall",
	"CeOtherPartyDisconnectedInternalCall", "CeInboundCallNormalCall",
	"CeDestSeizedNormalCall", "CeThisPartyAnsweredNormalCall",
	"CeOtherPartyAnsweredNormalCall", "CeThisPartyDisconnectedNormalCall",
	"CeOtherPartyDisconnectedNormalCall", "CeThisPartySuspendedNormalCall",
	"CeThisPartyRetrievedNormalCall", "CeThisPartyTransferredNormalCall",
	"CeDestSeizedConsultCall", "CeOtherPartyAnsweredConsultCall",
	"CeThisPartyDisconnectedConsultCall",
	"CeOtherPartyDisconnectedConsultCall",
	"CeThisPartyTransferredConsultCall",
	"CeOtherPartyTransferredConsultCall",
	"CeThisPartyConferencedConferenceCall",
	"CeOtherPartyConferencedConferenceCall",
	"CeThisPartyDisconnectConferenceCall",
	"CeOtherPartyDisconnectConferenceCall",
	"CeThisPartyConferencedMonitorCall",
	"CeOtherPartyConferencedMonitorCall",
	"CeThisPartyDisconnectMonitorCall",
	"CeOtherPartyDisconnectMonitorCall",
	"CeThisPartyConferencedIntrudeCall",
	"CeOtherPartyConferencedIntrudeCall",
	"CeThisPartyDisconnectIntrudeCall",
	"CeOtherPartyDisconnectIntrudeCall",
};

/* AcResultT: name and the manual's comment (3.2.1); 26, 27 reserved. */
static const struct {
	const char *name;
	const char *prompt;
} ac_results[] = {
	[ArSuccess]              = {"ArSuccess", "接口调用成功"},
	[ArAgentIdIsEmpty]       = {"ArAgentIdIsEmpty", "坐席工号为空"},
	[ArAgentDnIsEmpty]       = {"ArAgentDnIsEmpty", "坐席分机为空"},
	[ArSkillIsEmpty]         = {"ArSkillIsEmpty", "坐席技能为空"},
	[ArCallerIdIsEmpty]      = {"ArCallerIdIsEmpty", "路由标识为空"},
	[ArDestIdIsEmpty]        = {"ArDestIdIsEmpty", "目标坐席工号为空"},
	[ArDestDnIsEmpty]        = {"ArDestDnIsEmpty", "目标坐席分机为空"},
	[ArKeyIsEmpty]           = {"ArKeyIsEmpty", "随路数据键为空"},
	[ArValueIsEmpty]         = {"ArValueIsEmpty", "随路数据值为空"},
	[ArDigitalsIsEmpty]      = {"ArDigitalsIsEmpty", "二次拨号值为空"},
	[ArFilenameIsEmpty]      = {"ArFilenameIsEmpty", "文件名为空"},
	[ArAgentIdNotExist]      = {"ArAgentIdNotExist", "坐席工号不存在"},
	[ArAgentPasswordError]   = {"ArAgentPasswordError", "坐席密码错误"},
	[ArAgentSkillError]      = {"ArAgentSkillError", "坐席技能错误"},
	[ArNotMaster]            = {"ArNotMaster", "非主机"},
	[ArAgentDnBeOccupied]    = {"ArAgentDnBeOccupied", "坐席分机被占用"},
	[ArHasSigned]            = {"ArHasSigned", "已签入"},
	[ArNoSignin]             = {"ArNoSignin", "未签入"},
	[ArDestAgentIdNotExist]  = {"ArDestAgentIdNotExist",
				    "目标坐席工号不存在"},
	[ArDestAgentDnNotExist]  = {"ArDestAgentDnNotExist",
				    "目标坐席分机不存在"},
	[ArSkillNotExist]        = {"ArSkillNotExist", "技能不存在"},
	[ArRouteRequestNotExist] = {"ArRouteRequestNotExist", "路由请求不存在"},
	[ArAgentStatusIsWrong]   = {"ArAgentStatusIsWrong", "坐席状态错误"},
	[ArImsError]             = {"ArImsError", "ims错误"},
	[ArPasswordError]        = {"ArPasswordError", "密码错误"},
	[ArFailed]               = {"ArFailed", "其他错误"},
	[ArPermissionDenied]     = {"ArPermissionDenied", "权限不足"},
	[ArInvalidParam]         = {"ArInvalidParam", "参数无效"},
	[ArTooManyAttempts]      = {"ArTooManyAttempts", "尝试次数过多"},
};

/* AGENTBARERROR from AGENTBARERROR_BGCC_CLIENTPROXYFAIL on: name and the
 * situation column of the manual's table 3.2.1.2 (which numbers them one
 * higher; the enum wins). BAR_WRONGNUM is not in that table: its text
 * comes from the manual's 4.1 (a call the OnBeforeOutCall handler blocked). */
static const struct {
	const char *name;
	const char *prompt;
} bar_errors[] = {
	{"AGENTBARERROR_BGCC_CLIENTPROXYFAIL", "Agentbar Proxy 为空"},
	{"AGENTBARERROR_BGCC_EXCEPTION", "调用方法时捕获异常"},
	{"AGENTBARERROR_BAR_INITIAL",
	 "在 Agentbar 已经初始化情况下，进行初始化操作"},
	{"AGENTBARERROR_BAR_UNINITIAL",
	 "在 Agentbar 未初始化的情况下，调用 Agentbar 方法"},
	{"AGENTBARERROR_BAR_UNSIGNIN",
	 "在 Agentbar 未签入的情况下，调用 Agentbar 方法"},
	{"AGENTBARERROR_BAR_WRONGSTATE",
	 "坐席当前状态下不能进行此操作"},
	{"AGENTBARERROR_BAR_OUTEVENTERROR", "在解析、推送事件时捕获异常"},
	{"AGENTBARERROR_BAR_ANSWERERROR", "没有集成软电话进行应答"},
	{"AGENTBARERROR_JSON_READERERROR", "解析 JSON 数据失败"},
	{"AGENTBARERROR_SOFTPHONE_ERROR", "集成软电话操作失败"},
	{"AGENTBARERROR_BAR_WRONGNUM", "外呼号码被拦截，未发起呼叫"},
};

static const char *name_at(const char *const *table, size_t n, int code)
{
	if (code < 0 || (size_t)code >= n || !table[code])
		return "?";
	return table[code];
}

const char *ab_StatusName(int agentStatus)
{
	return name_at(status_names, COUNT(status_names), agentStatus);
}

const char *ab_StatusEventName(int agentStatus)
{
	return name_at(status_events, COUNT(status_events), agentStatus);
}

int ab_StatusByEventName(const char *eventName)
{
	if (!eventName)
		return -1;
	for (size_t i = 0; i < COUNT(status_events); i++) {
		if (status_events[i] && !strcmp(status_events[i], eventName))
			return (int)i;
	}
	return -1;
}

const char *ab_ReasonName(int reason)
{
	if (reason >= EVENTREASON_IMS_DISCONNECT)
		return name_at(eventreason_names, COUNT(eventreason_names),
			       reason - EVENTREASON_IMS_DISCONNECT);
	return name_at(reason_names, COUNT(reason_names), reason);
}

const char *ab_EventIdName(int eventID)
{
	return name_at(event_id_names, COUNT(event_id_names), eventID);
}

const char *ab_ResultName(int code)
{
	if (code >= AGENTBARERROR_BGCC_CLIENTPROXYFAIL) {
		int i = code - AGENTBARERROR_BGCC_CLIENTPROXYFAIL;
		if ((size_t)i < COUNT(bar_errors))
			return bar_errors[i].name;
		return "?";
	}
	if (code < 0 || (size_t)code >= COUNT(ac_results) ||
	    !ac_results[code].name)
		return "?";
	return ac_results[code].name;
}

/* EVENTREASON numbers (1000 - 1007) are also AGENTBARERROR numbers; a
 * code handed to GetPromptByErrorCode is an error, so the error wins. */
const char *ab_PromptText(int code)
{
	if (code >= AGENTBARERROR_BGCC_CLIENTPROXYFAIL) {
		int i = code - AGENTBARERROR_BGCC_CLIENTPROXYFAIL;
		if ((size_t)i < COUNT(bar_errors))
			return bar_errors[i].prompt;
		return "未知错误";
	}
	if (code < 0 || (size_t)code >= COUNT(ac_results) ||
	    !ac_results[code].prompt)
		return "未知错误";
	return ac_results[code].prompt;
}
