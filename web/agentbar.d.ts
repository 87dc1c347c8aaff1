// agentbar.d.ts — TypeScript declarations of web/agentbar.js, the
// Agentbar manual's API in the browser. Names and parameter order are the
// manual's (3.1 properties, 3.2 methods, 3.3 events); docs/web.md maps them.

export declare const AcResultT: Readonly<Record<string, number>>;
export declare const AGENTBARERROR: Readonly<Record<string, number>>;
export declare const AgentStatusT: Readonly<Record<string, number>>;
export declare const CallEventReasonT: Readonly<Record<string, number>>;
export declare const CallEventTypeT: Readonly<Record<string, number>>;
export declare const PartyAttributeT: Readonly<Record<string, number>>;
export declare const MediaEventReasonT: Readonly<Record<string, number>>;
export declare const EVENTREASON: Readonly<Record<string, number>>;
export declare const BEFOREOUTCALL: Readonly<Record<string, number>>;
/** The event of each AgentStatusT, index = state (0: none). */
export declare const STATE_EVENTS: readonly (string | null)[];
export declare const RECORD_EVENTS: readonly string[];
export declare const QUEUE_EVENTS: readonly string[];
/** The manual's 27 events. */
export declare const EVENTS: readonly string[];
export declare const PROPERTY_NAMES: readonly string[];
export declare function promptText(code: number): string;
export declare function resultName(code: number): string;
export declare function statusName(state: number): string;
export declare function reasonName(reason: number): string;
export declare function eventIdName(eventID: number): string;

/** 3.3.1 - 3.3.19 */
export type StateEventHandler = (eventID: number, callID: string,
  contactID: number, partyNum: number, otherParty: string,
  otherPartyAttribute: number, originatingParty: string, originalANI: string,
  originalDNIS: string, reason: number, timestamp: number) => void;
/** 3.3.20, 3.3.21 */
export type RecordEventHandler = (callID: string, contactID: number,
  filename: string, reason: number, timestamp: number) => void;
/** 3.3.22 - 3.3.26 */
export type QueueEventHandler = (callID: string, contactID: number,
  originalANI: string, originalDNIS: string, reason: number,
  timestamp: number) => void;
/** 3.3.27: runs synchronously; leaving IsCallOut 0 cancels the call. */
export type BeforeOutCallHandler = (otherParty: string,
  otherPartyAttribute: number, originalANI: string, originalDNIS: string,
  reason: number, timestamp: number) => void;

/** CustomEvent.detail of every event: the wire's fields, the manual's
 * parameters by name, and `args` in the manual's order. */
export interface AgentBarEventDetail {
  args: unknown[];
  agentId?: string;
  agentStatus?: number;
  eventID?: number; callID?: string; contactID?: number; partyNum?: number;
  otherParty?: string; otherPartyAttribute?: number;
  originatingParty?: string; originalANI?: string; originalDNIS?: string;
  filename?: string; reason: number; timestamp: number;
  [wire: string]: unknown;
}

export interface AgentBarOptions {
  /** the WebSocket class (node 20: the `ws` package); default the global */
  WebSocket?: unknown;
  /** wss:// instead of ws:// (default: when the page is https) */
  secure?: boolean;
  /** intervals in ms, for tests */
  timers?: { heartbeatMs?: number; heartbeatMisses?: number;
    backoffMinMs?: number; backoffMaxMs?: number };
  /** where LogLevel's messages go (default console) */
  logger?: Pick<Console, 'error' | 'warn' | 'info' | 'debug'>;
  /** IsSIPPhone: the microphone's deviceId (default: the browser's) */
  audioInput?: string;
}

export type PropertyValue = string | number | boolean;

export declare class AgentBar extends EventTarget {
  constructor(props?: Record<string, PropertyValue>, options?: AgentBarOptions);

  // 3.1 properties
  AgentID: string; PassWord: string; DN: string; StatusChangeType: number;
  AutoAnswer: number; ForceSignIn: number; ServiceList: string;
  MainCTIIP: string; BackCTIIP: string; CTIPort: number; TimeOut: number;
  readonly IsInitial: number; readonly IsSignIn: number; IsSIPPhone: number;
  SIPServerIP: string; SIPServerPort: number; PhoneNum: string;
  PhonePwd: string; AgentTag: string; CustomerTag: string;
  ANISChangeType: number; ANICChangeType: number; IsShowCallOut: number;
  IsCallOut: number; LogLevel: number; EnableSeniorCall: number;
  AnyProperty: string;
  SetProperty(name: string, value: PropertyValue): number;
  GetProperty(name: string): PropertyValue | undefined;
  LastError(): number;
  CTITimeOffset(): number;
  /** IsSIPPhone: the microphone (a deviceId, '' the default) from the next
   * call on; the bar also raises 'phonering' ({ringing}) while the page's
   * phone rings */
  SetAudioInput(deviceId: string): void;

  // 3.2 methods
  Initial(): Promise<number>;
  UnInitial(): Promise<number>;
  SignIn(): Promise<number>;
  SignOut(): Promise<number>;
  SetIdle(): Promise<number>;
  SetBusy(): Promise<number>;
  SetRest(reason: string): Promise<number>;
  SetAgentStatus(AgentState: number, Reason: string): Promise<number>;
  GetAgentStatus(): Promise<number>;
  ResetSkill(SkillList: string): Promise<number>;
  Reset(): Promise<number>;
  MakeCall(dest: string, showANI: string, showDest: string,
    isOffhook: number, type: number): Promise<number>;
  Answer(): Promise<number>;
  ReleaseCall(): Promise<number>;
  Hold(): Promise<number>;
  Retrieve(): Promise<number>;
  Consult(consultNum: string, showANI: string, showDest: string,
    consultType: number): Promise<number>;
  Reconnect(): Promise<number>;
  Transfer(): Promise<number>;
  SingleStepTransfer(transferNum: string, showANI: string, showDest: string,
    transferStyle: number, transferType: number): Promise<number>;
  Conference(): Promise<number>;
  SetCallData(key: string, CallData: string): Promise<number>;
  GetCallData(key: string): Promise<string>;
  ForceOut(AgentID: string): Promise<number>;
  ForceIdle(AgentID: string): Promise<number>;
  ForceBusy(AgentID: string): Promise<number>;
  Listen(AgentID: string, showANI: string, showDest: string): Promise<number>;
  StopListen(AgentID: string): Promise<number>;
  Insert(agentID: string, showANI: string, showDest: string): Promise<number>;
  StopInsert(agentID: string): Promise<number>;
  SwitchInsertorListen(agentID: string, showANI: string,
    showDest: string): Promise<number>;
  Break(agentID: string): Promise<number>;
  SendDTMF(DTMFDigits: string): Promise<number>;
  MuteOn(): Promise<number>;
  MuteOff(): Promise<number>;
  GetAgentDetailByAgentID(AgentID: string): Promise<string>;
  GetAgentDetailByAgentDN(AgentDN: string): Promise<string>;
  GetAgentDetailsByAgentIDs(AgentIDs: string): Promise<string>;
  GetAgentDetailsByAgentDNs(AgentDNs: string): Promise<string>;
  GetRecordFileName(): Promise<string>;
  GetRestReason(): Promise<string>;
  GetAgentNBySkill(skill: string): Promise<number>;
  GetAgentDetailsBySkill(skill: string): Promise<string>;
  GetSkillWaitingNumber(skill: string): Promise<string>;
  GetSkillWaitingCallInfo(skill: string): Promise<string>;
  GetPrivateQueue(agentID: string): Promise<string>;
  GetSysInfo(): Promise<string>;
  GetCallingNo(): Promise<string>;
  GetOrgCallingNo(): Promise<string>;
  GetCalledNo(): Promise<string>;
  GetOrgCalledNo(): Promise<string>;
  SynchronizeCTITime(): Promise<number>;
  GetPromptByErrorCode(ErrorCode: number): Promise<string>;
  JumptheQueue(requestId: number): Promise<number>;
  TransIVR(transferNum: string): Promise<number>;
  TransIVREx(callerNum: string, transferNum: string): Promise<number>;

  // 3.3 events
  OnUnLogin: StateEventHandler | null; OnReady: StateEventHandler | null;
  OnBusy: StateEventHandler | null; OnRest: StateEventHandler | null;
  OnLock: StateEventHandler | null; OnAlerting: StateEventHandler | null;
  OnHarfAlerting: StateEventHandler | null;
  OnConnecting: StateEventHandler | null;
  OnConnected: StateEventHandler | null;
  OnHarfConnected: StateEventHandler | null;
  OnInternalConnected: StateEventHandler | null;
  OnSuspended: StateEventHandler | null;
  OnConsultConnecting: StateEventHandler | null;
  OnConsultConnected: StateEventHandler | null;
  OnConference: StateEventHandler | null;
  OnMonitor: StateEventHandler | null; OnInsert: StateEventHandler | null;
  OnMonitored: StateEventHandler | null;
  OnInserted: StateEventHandler | null;
  OnBeginRecord: RecordEventHandler | null;
  OnEndRecord: RecordEventHandler | null;
  OnInprivatequeue: QueueEventHandler | null;
  OnOutprivatequeue: QueueEventHandler | null;
  OnCTIDisconnect: QueueEventHandler | null;
  OnMasterChanged: QueueEventHandler | null;
  OnOperationFailed: QueueEventHandler | null;
  OnBeforeOutCall: BeforeOutCallHandler | null;

  addEventListener(type: string,
    listener: (ev: CustomEvent<AgentBarEventDetail>) => void,
    options?: boolean | AddEventListenerOptions): void;
}
