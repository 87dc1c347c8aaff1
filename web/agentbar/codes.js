// codes.js — every numeric code of the Agentbar API for JavaScript, with
// the manual's names: AcResultT, AGENTBARERROR, AgentStatusT,
// CallEventReasonT, CallEventTypeT, PartyAttributeT, MediaEventReasonT,
// EVENTREASON, the OnBeforeOutCall reasons, the event names and the
// Chinese prompts. include/agentbar_codes.h and lib/agentbar/codes.c are
// the originals; tests/web/codes.test.mjs checks this copy against them.

const enumOf = (names, first = 0) =>
  Object.freeze(Object.fromEntries(names.map((n, i) => [n, first + i])));

/** Results of the ACD (server); 26 and 27 are reserved. */
export const AcResultT = Object.freeze({
  ...enumOf(['ArSuccess', 'ArAgentIdIsEmpty', 'ArAgentDnIsEmpty',
    'ArSkillIsEmpty', 'ArCallerIdIsEmpty', 'ArDestIdIsEmpty', 'ArDestDnIsEmpty',
    'ArKeyIsEmpty', 'ArValueIsEmpty', 'ArDigitalsIsEmpty', 'ArFilenameIsEmpty',
    'ArAgentIdNotExist', 'ArAgentPasswordError', 'ArAgentSkillError',
    'ArNotMaster', 'ArAgentDnBeOccupied', 'ArHasSigned', 'ArNoSignin',
    'ArDestAgentIdNotExist', 'ArDestAgentDnNotExist', 'ArSkillNotExist',
    'ArRouteRequestNotExist', 'ArAgentStatusIsWrong', 'ArImsError',
    'ArPasswordError', 'ArFailed']),
  ArPermissionDenied: 28, ArInvalidParam: 29, ArTooManyAttempts: 30,
});

/** Results of the SDK itself (the manual's enum starts at 1000). */
export const AGENTBARERROR = Object.freeze({
  AGENTBARERROR_SUCCESS: 0,
  ...enumOf(['AGENTBARERROR_BGCC_CLIENTPROXYFAIL',
    'AGENTBARERROR_BGCC_EXCEPTION', 'AGENTBARERROR_BAR_INITIAL',
    'AGENTBARERROR_BAR_UNINITIAL', 'AGENTBARERROR_BAR_UNSIGNIN',
    'AGENTBARERROR_BAR_WRONGSTATE', 'AGENTBARERROR_BAR_OUTEVENTERROR',
    'AGENTBARERROR_BAR_ANSWERERROR', 'AGENTBARERROR_JSON_READERERROR',
    'AGENTBARERROR_SOFTPHONE_ERROR', 'AGENTBARERROR_BAR_WRONGNUM'], 1000),
});

/** AgentStatusT, 0 .. 19. */
export const AgentStatusT = enumOf(['AsUnknownState', 'AsUnLoginState',
  'AsReadyState', 'AsBusyState', 'AsRestState', 'AsLockState',
  'AsAlertingState', 'AsHalfAlertingState', 'AsConnectingState',
  'AsConnectedState', 'AsHalfConnectedState', 'AsInternalConnectedState',
  'AsSuspendedState', 'AsConsultConnectingState', 'AsConsultConnectedState',
  'AsConferenceState', 'AsMonitorState', 'AsInsertState', 'AsMonitoredState',
  'AsInsertedState']);

export const CallEventReasonT = enumOf(['CerSuccess', 'CerInvokeComplete',
  'CerCallDestBusy', 'CerCallNoAnswer', 'CerCallDestUnknown',
  'CerCallDestInvalid', 'CerCallTimeout', 'CerUnloginInitial',
  'CerUnloginLogout', 'CerUnloginSelfForceout', 'CerUnloginOtherForceout',
  'CerUnloginBackup', 'CerUnloginResignin', 'CerUnloginElse',
  'CerIdleSelfLogin', 'CerIdleOtherLogin', 'CerIdleNormalSelfHangup',
  'CerIdleNormalOtherHangup', 'CerIdleErrorSelfHangup',
  'CerIdleErrorOtherHangup', 'CerIdleUnlock', 'CerIdleIdle', 'CerIdleSelfSet',
  'CerIdleOtherSet', 'CerIdleElse', 'CerTalkSelfCreat', 'CerTalkOtherCreat',
  'CerTalkSelfRetrieve', 'CerTalkOtherRetrieve', 'CerTalkElse']);

export const CallEventTypeT = enumOf(['CeUnKnownEvent',
  'CeInboundCallInternalCall', 'CeDestSeizedInternalCall',
  'CeThisPartyAnsweredInternalCall', 'CeOtherPartyAnsweredInternalCall',
  'CeThisPartyDisconnectedInternalCall',
  'CeOtherPartyDisconnectedInternalCall', 'CeInboundCallNormalCall',
  'CeDestSeizedNormalCall', 'CeThisPartyAnsweredNormalCall',
  'CeOtherPartyAnsweredNormalCall', 'CeThisPartyDisconnectedNormalCall',
  'CeOtherPartyDisconnectedNormalCall', 'CeThisPartySuspendedNormalCall',
  'CeThisPartyRetrievedNormalCall', 'CeThisPartyTransferredNormalCall',
  'CeDestSeizedConsultCall', 'CeOtherPartyAnsweredConsultCall',
  'CeThisPartyDisconnectedConsultCall', 'CeOtherPartyDisconnectedConsultCall',
  'CeThisPartyTransferredConsultCall', 'CeOtherPartyTransferredConsultCall',
  'CeThisPartyConferencedConferenceCall',
  'CeOtherPartyConferencedConferenceCall',
  'CeThisPartyDisconnectConferenceCall',
  'CeOtherPartyDisconnectConferenceCall', 'CeThisPartyConferencedMonitorCall',
  'CeOtherPartyConferencedMonitorCall', 'CeThisPartyDisconnectMonitorCall',
  'CeOtherPartyDisconnectMonitorCall', 'CeThisPartyConferencedIntrudeCall',
  'CeOtherPartyConferencedIntrudeCall', 'CeThisPartyDisconnectIntrudeCall',
  'CeOtherPartyDisconnectIntrudeCall']);

export const PartyAttributeT = enumOf(['PaUnknown', 'PaInternal', 'PaNormal']);

/** reason of OnBeginRecord / OnEndRecord */
export const MediaEventReasonT = enumOf(['MerMediaUnknown', 'MerMediaEnd',
  'MerMediaOther']);

/** reason of OnCTIDisconnect / OnMasterChanged / OnOperationFailed */
export const EVENTREASON = enumOf(['EVENTREASON_IMS_DISCONNECT',
  'EVENTREASON_IMS_MASTERCHANGE', 'EVENTREASON_IMS_OPERATIONFAILED',
  'EVENTREASON_ACD_DISCONNECT', 'EVENTREASON_ACD_MASTERCHANGE',
  'EVENTREASON_ACD_OPERATIONFAILED', 'EVENTREASON_ACD_RELOGINSUCCESS',
  'EVENTREASON_ACD_RELOGINFAILED'], 1000);

/** reason of OnBeforeOutCall */
export const BEFOREOUTCALL = Object.freeze({ BEFOREOUTCALL_CALLOUT: 1,
  BEFOREOUTCALL_CONSULT: 2, BEFOREOUTCALL_SINGLESTEPTRANSFER: 3 });

/** The event each AgentStatusT raises (3.3.1 - 3.3.19), index = state. */
export const STATE_EVENTS = Object.freeze([null, 'OnUnLogin', 'OnReady',
  'OnBusy', 'OnRest', 'OnLock', 'OnAlerting', 'OnHarfAlerting',
  'OnConnecting', 'OnConnected', 'OnHarfConnected', 'OnInternalConnected',
  'OnSuspended', 'OnConsultConnecting', 'OnConsultConnected', 'OnConference',
  'OnMonitor', 'OnInsert', 'OnMonitored', 'OnInserted']);

/** The other events (3.3.20 - 3.3.27) by the shape of their parameters. */
export const RECORD_EVENTS = Object.freeze(['OnBeginRecord', 'OnEndRecord']);
export const QUEUE_EVENTS = Object.freeze(['OnInprivatequeue',
  'OnOutprivatequeue', 'OnCTIDisconnect', 'OnMasterChanged',
  'OnOperationFailed']);

/** All 27 events of the manual, in its order. */
export const EVENTS = Object.freeze([...STATE_EVENTS.slice(1),
  ...RECORD_EVENTS, ...QUEUE_EVENTS, 'OnBeforeOutCall']);

// The manual's comments of AcResultT (3.2.1), by code.
const AC_PROMPTS = ['接口调用成功', '坐席工号为空', '坐席分机为空', '坐席技能为空',
  '路由标识为空', '目标坐席工号为空', '目标坐席分机为空', '随路数据键为空',
  '随路数据值为空', '二次拨号值为空', '文件名为空', '坐席工号不存在', '坐席密码错误',
  '坐席技能错误', '非主机', '坐席分机被占用', '已签入', '未签入', '目标坐席工号不存在',
  '目标坐席分机不存在', '技能不存在', '路由请求不存在', '坐席状态错误', 'ims错误',
  '密码错误', '其他错误', undefined, undefined, '权限不足', '参数无效',
  '尝试次数过多'];

// The situation column of the manual's table 3.2.1.2, from 1000 on;
// BAR_WRONGNUM's text comes from 4.1.
const BAR_PROMPTS = ['Agentbar Proxy 为空', '调用方法时捕获异常',
  '在 Agentbar 已经初始化情况下，进行初始化操作',
  '在 Agentbar 未初始化的情况下，调用 Agentbar 方法',
  '在 Agentbar 未签入的情况下，调用 Agentbar 方法',
  '坐席当前状态下不能进行此操作', '在解析、推送事件时捕获异常',
  '没有集成软电话进行应答', '解析 JSON 数据失败', '集成软电话操作失败',
  '外呼号码被拦截，未发起呼叫'];

/**
 * The Chinese description of an AcResultT or AGENTBARERROR code, "未知错误"
 * for any other (3.2.53 GetPromptByErrorCode answers with it).
 * @param {number} code
 * @returns {string}
 */
export function promptText(code) {
  const p = code >= 1000 ? BAR_PROMPTS[code - 1000] : AC_PROMPTS[code];
  return Number.isInteger(code) && p ? p : '未知错误';
}

// the first name of a code wins (ArSuccess, not AGENTBARERROR_SUCCESS)
const nameOf = (table) => {
  const byCode = new Map();
  for (const [k, v] of Object.entries(table)) if (!byCode.has(v)) byCode.set(v, k);
  return (code) => byCode.get(code) ?? '?';
};

/** @type {(code: number) => string} "ArAgentIdNotExist", "AGENTBARERROR_..." */
export const resultName = nameOf({ ...AcResultT, ...AGENTBARERROR });
/** @type {(state: number) => string} "AsReadyState" */
export const statusName = nameOf(AgentStatusT);
/** @type {(reason: number) => string} CallEventReasonT or EVENTREASON */
export const reasonName = nameOf({ ...CallEventReasonT, ...EVENTREASON });
/** @type {(eventID: number) => string} "CeInboundCallNormalCall" */
export const eventIdName = nameOf(CallEventTypeT);
