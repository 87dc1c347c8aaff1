/*
 * agentbar_codes.h — every numeric code table of the system, the single
 * definition that the server, the C SDK and the tools share (agentbar.h
 * includes it): AcResultT, AGENTBARERROR, AgentStatusT, CallEventReasonT,
 * CallEventTypeT, PartyAttributeT, the media reasons, EVENTREASON and the
 * OnBeforeOutCall reasons, with their names and the manual's Chinese
 * prompts (lib/agentbar/codes.c). web/agentbar/codes.js is its JavaScript
 * copy, checked against this file by tests/web/codes.test.mjs.
 *
 * It depends on nothing, so the daemon can use the codes without the SDK.
 */
#ifndef AGENTBAR_CODES_H
#define AGENTBAR_CODES_H

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Codes (AGENTBAR-API.md section 4) -------------------------------- */

/* Results of the ACD (server). 26 and 27 are reserved. */
enum AcResultT {
	ArSuccess = 0,
	ArAgentIdIsEmpty,        /* 坐席工号为空 */
	ArAgentDnIsEmpty,        /* 坐席分机为空 */
	ArSkillIsEmpty,          /* 坐席技能为空 */
	ArCallerIdIsEmpty,       /* 路由标识为空 */
	ArDestIdIsEmpty,         /* 目标坐席工号为空 */
	ArDestDnIsEmpty,         /* 目标坐席分机为空 */
	ArKeyIsEmpty,            /* 随路数据键为空 */
	ArValueIsEmpty,          /* 随路数据值为空 */
	ArDigitalsIsEmpty,       /* 二次拨号值为空 */
	ArFilenameIsEmpty,       /* 文件名为空 */
	ArAgentIdNotExist,       /* 坐席工号不存在 */
	ArAgentPasswordError,    /* 坐席密码错误 */
	ArAgentSkillError,       /* 坐席技能错误 */
	ArNotMaster,             /* 非主机 */
	ArAgentDnBeOccupied,     /* 坐席分机被占用 */
	ArHasSigned,             /* 已签入 */
	ArNoSignin,              /* 未签入 */
	ArDestAgentIdNotExist,   /* 目标坐席工号不存在 */
	ArDestAgentDnNotExist,   /* 目标坐席分机不存在 */
	ArSkillNotExist,         /* 技能不存在 */
	ArRouteRequestNotExist,  /* 路由请求不存在 */
	ArAgentStatusIsWrong,    /* 坐席状态错误 */
	ArImsError,              /* ims错误 */
	ArPasswordError,         /* 密码错误 */
	ArFailed,                /* 其他错误 */
	/* callcloud extensions */
	ArPermissionDenied = 28, /* 权限不足 */
	ArInvalidParam = 29,     /* 参数无效 */
	ArTooManyAttempts = 30,  /* 尝试次数过多 */
};

/* Results of the SDK itself (client side). The manual's table 3.2.1.2
 * numbers these from 1001; its enum, which wins, starts at 1000. */
enum AGENTBARERROR {
	AGENTBARERROR_SUCCESS = 0,
	AGENTBARERROR_BGCC_CLIENTPROXYFAIL = 1000,
	AGENTBARERROR_BGCC_EXCEPTION,
	AGENTBARERROR_BAR_INITIAL,
	AGENTBARERROR_BAR_UNINITIAL,
	AGENTBARERROR_BAR_UNSIGNIN,
	AGENTBARERROR_BAR_WRONGSTATE,
	AGENTBARERROR_BAR_OUTEVENTERROR,
	AGENTBARERROR_BAR_ANSWERERROR,
	AGENTBARERROR_JSON_READERERROR,
	AGENTBARERROR_SOFTPHONE_ERROR,
	AGENTBARERROR_BAR_WRONGNUM,
};

enum AgentStatusT {
	AsUnknownState = 0,
	AsUnLoginState,
	AsReadyState,
	AsBusyState,
	AsRestState,
	AsLockState,
	AsAlertingState,
	AsHalfAlertingState,
	AsConnectingState,
	AsConnectedState,
	AsHalfConnectedState,
	AsInternalConnectedState,
	AsSuspendedState,
	AsConsultConnectingState,
	AsConsultConnectedState,
	AsConferenceState,
	AsMonitorState,
	AsInsertState,
	AsMonitoredState,
	AsInsertedState,
	AS_STATE_COUNT
};
/* The manual spells these two both ways (3.2.8 vs 3.2.9). */
#define AsHarfAlertingState  AsHalfAlertingState
#define AsHarfConnectedState AsHalfConnectedState

enum CallEventReasonT {
	CerSuccess = 0,
	CerInvokeComplete,
	CerCallDestBusy,
	CerCallNoAnswer,
	CerCallDestUnknown,
	CerCallDestInvalid,
	CerCallTimeout,
	CerUnloginInitial,
	CerUnloginLogout,
	CerUnloginSelfForceout,
	CerUnloginOtherForceout,
	CerUnloginBackup,
	CerUnloginResignin,
	CerUnloginElse,
	CerIdleSelfLogin,
	CerIdleOtherLogin,
	CerIdleNormalSelfHangup,
	CerIdleNormalOtherHangup,
	CerIdleErrorSelfHangup,
	CerIdleErrorOtherHangup,
	CerIdleUnlock,
	CerIdleIdle,
	CerIdleSelfSet,
	CerIdleOtherSet,
	CerIdleElse,
	CerTalkSelfCreat,
	CerTalkOtherCreat,
	CerTalkSelfRetrieve,
	CerTalkOtherRetrieve,
	CerTalkElse,
	CER_REASON_COUNT
};

enum CallEventTypeT {
	CeUnKnownEvent = 0,
	CeInboundCallInternalCall,
	CeDestSeizedInternalCall,
	CeThisPartyAnsweredInternalCall,
	CeOtherPartyAnsweredInternalCall,
	CeThisPartyDisconnectedInternalCall,
	CeOtherPartyDisconnectedInternalCall,
	CeInboundCallNormalCall,
	CeDestSeizedNormalCall,
	CeThisPartyAnsweredNormalCall,
	CeOtherPartyAnsweredNormalCall,
	CeThisPartyDisconnectedNormalCall,
	CeOtherPartyDisconnectedNormalCall,
	CeThisPartySuspendedNormalCall,
	CeThisPartyRetrievedNormalCall,
	CeThisPartyTransferredNormalCall,
	CeDestSeizedConsultCall,
	CeOtherPartyAnsweredConsultCall,
	CeThisPartyDisconnectedConsultCall,
	CeOtherPartyDisconnectedConsultCall,
	CeThisPartyTransferredConsultCall,
	CeOtherPartyTransferredConsultCall,
	CeThisPartyConferencedConferenceCall,
	CeOtherPartyConferencedConferenceCall,
	CeThisPartyDisconnectConferenceCall,
	CeOtherPartyDisconnectConferenceCall,
	CeThisPartyConferencedMonitorCall,
	CeOtherPartyConferencedMonitorCall,
	CeThisPartyDisconnectMonitorCall,
	CeOtherPartyDisconnectMonitorCall,
	CeThisPartyConferencedIntrudeCall,
	CeOtherPartyConferencedIntrudeCall,
	CeThisPartyDisconnectIntrudeCall,
	CeOtherPartyDisconnectIntrudeCall,
	CE_EVENT_COUNT
};

enum PartyAttributeT { PaUnknown = 0, PaInternal, PaNormal };

/* reason of OnBeginRecord / OnEndRecord */
enum MediaEventReasonT { MerMediaUnknown = 0, MerMediaEnd, MerMediaOther };

/* reason of OnCTIDisconnect / OnMasterChanged / OnOperationFailed */
enum EVENTREASON {
	EVENTREASON_IMS_DISCONNECT = 1000,
	EVENTREASON_IMS_MASTERCHANGE,
	EVENTREASON_IMS_OPERATIONFAILED,
	EVENTREASON_ACD_DISCONNECT,
	EVENTREASON_ACD_MASTERCHANGE,
	EVENTREASON_ACD_OPERATIONFAILED,
	EVENTREASON_ACD_RELOGINSUCCESS,
	EVENTREASON_ACD_RELOGINFAILED,
};

/* reason of OnBeforeOutCall */
enum { BEFOREOUTCALL_CALLOUT = 1, BEFOREOUTCALL_CONSULT = 2,
       BEFOREOUTCALL_SINGLESTEPTRANSFER = 3 };

/* Names of the codes, for logs and consoles ("AsReadyState", "OnReady",
 * "CerIdleSelfLogin", "ArAgentIdNotExist" ...). Never NULL: unknown codes
 * give "?". */
const char *ab_StatusName(int agentStatus);
const char *ab_StatusEventName(int agentStatus);  /* OnReady, OnHarfAlerting ... */
int         ab_StatusByEventName(const char *eventName);  /* -1 if none */
const char *ab_ReasonName(int reason);
const char *ab_EventIdName(int eventID);
const char *ab_ResultName(int code);   /* AcResultT or AGENTBARERROR */
/* The Chinese description of any AcResultT / AGENTBARERROR / EVENTREASON
 * code (the manual's comments); "未知错误" for unknown codes. Static. */
const char *ab_PromptText(int code);

#ifdef __cplusplus
}
#endif
#endif /* AGENTBAR_CODES_H */
