// agentbar.js — the Agentbar manual's API in the browser (and in node): the
// JavaScript successor of the manual's ActiveX control, over callcloud's
// JSON-RPC on WebSocket. The same properties (3.1), methods (3.2) and
// events (3.3) as the C SDK libagentbar, with the same codes, the same
// client-side checks and the same failover; docs/web.md maps it to the
// manual. A dependency-free ES module: import it as it is. With IsSIPPhone
// the bar is also the agent's phone (agentbar/phone.js, a WebRTC phone on
// SIP.js, loaded only then).
//
//   const bar = new AgentBar({ MainCTIIP: location.hostname, CTIPort: 8080,
//     AgentID: '2002', PassWord: '2002123', DN: '1882' });
//   bar.OnAlerting = (eventID, callID, ...rest) => bar.Answer();
//   if (await bar.Initial() === 0) await bar.SignIn();
//
// Every method returns a Promise of the manual's return value. Events are
// delivered both to bar.OnX = fn (the manual's parameters in order) and to
// bar.addEventListener('OnX', e => e.detail) (detail: the wire's fields,
// the manual's parameters by name, and `args`).

import { AcResultT, AGENTBARERROR, AgentStatusT, BEFOREOUTCALL, EVENTS,
  PartyAttributeT, STATE_EVENTS, promptText, resultName } from './agentbar/codes.js';
import { check } from './agentbar/checks.js';
import { eventDetail, resumable } from './agentbar/events.js';
import { Link, serverUrl } from './agentbar/link.js';
import { Resume } from './agentbar/resume.js';
import { NUMBER_PROPERTIES, PROPERTY_NAMES, READ_ONLY, STRING_PROPERTIES,
  checkProperty, defaults } from './agentbar/properties.js';

export * from './agentbar/codes.js';
export { PROPERTY_NAMES } from './agentbar/properties.js';

const E = AGENTBARERROR;
const S = AgentStatusT;
// the states of an agent in no call
const IDLE_STATES = [S.AsUnLoginState, S.AsReadyState, S.AsBusyState,
  S.AsRestState];
const LOG = ['error', 'warn', 'info', 'debug'];

const nowUs = () => Math.round((performance.timeOrigin + performance.now()) * 1000);
const str = (v) => (v === undefined || v === null ? '' : String(v));
// an integer parameter, or NaN (refused with ArInvalidParam)
const int = (v) => (Number.isSafeInteger(Number(v)) && v !== '' && v !== null ? Number(v) : NaN);

// the manual's spelling of a property whatever the case; ANICChangeType is
// the manual's example's spelling of ANISChangeType
const CANONICAL = new Map(PROPERTY_NAMES.map((n) => [n.toLowerCase(), n]));
CANONICAL.set('anicchangetype', 'ANISChangeType');

/**
 * The agent bar. Construct with any of the manual's properties; the second
 * argument holds what a browser has and node lacks.
 */
export class AgentBar extends EventTarget {
  /**
   * @param {Record<string, string|number|boolean>} [props] the manual's
   *   properties (3.1) by name; unknown names are ignored
   * @param {{WebSocket?: any, secure?: boolean, timers?: object,
   *   logger?: Console}} [options] WebSocket: the class to use (node 20: the
   *   `ws` package); secure: wss:// (default: when the page is https);
   *   logger: where LogLevel's messages go (default console)
   */
  constructor(props = {}, options = {}) {
    super();
    const self = this;
    this._p = defaults();
    this._options = options;
    this._secure = options.secure ?? globalThis.location?.protocol === 'https:';
    this._logger = options.logger ?? console;
    this._initialised = false;
    this._opening = false;   // an Initial is connecting
    this._signedIn = false;
    this._status = S.AsUnknownState;
    this._lastError = 0;
    this._ctiOffsetUs = 0;
    this._signin = null;     // the last good SignIn's parameters
    this._resume = new Resume();   // the state a failover signs back into
    this._phone = null;      // the integrated softphone (IsSIPPhone)
    this._audioInput = options.audioInput ?? '';
    this._link = new Link({
      timeout: () => self._p.TimeOut,
      signinParams: () => self._signin && self._resume.params(self._signin),
      onNotification: (method, params) => self._fromWire(method, params),
      raise: (name, reason) => self._raise(name, reason),
      signedBackIn: (result) => self._signedBackIn(result),
      signInLost: () => self._signOff(),
      log: (level, text) => self._log(level, text),
    }, { WebSocket: options.WebSocket ?? globalThis.WebSocket,
      timers: options.timers });
    for (const name of EVENTS) this[name] = null;
    for (const [name, value] of Object.entries(props)) {
      if (this.SetProperty(name, value) !== 0) {
        this._log(1, `property ${name}: ignored`);
      }
    }
  }

  // ---- properties (3.1) --------------------------------------------------

  /**
   * Sets a property by the manual's name (any case): 0, or ArInvalidParam
   * for an unknown name or a bad value (the value is then ignored).
   * @param {string} name @param {string|number|boolean} value
   * @returns {number}
   */
  SetProperty(name, value) {
    const canonical = CANONICAL.get(String(name).toLowerCase());
    if (!canonical) return AcResultT.ArInvalidParam;
    if (READ_ONLY.includes(canonical)) return 0;   // the manual's example sets them
    const r = checkProperty(canonical, value);
    if (r.code) {
      this._log(1, `property ${canonical}: bad value; ignored`);
      return r.code;
    }
    this._p[canonical] = r.value;
    return 0;
  }

  /**
   * A property by the manual's name (any case), undefined if none.
   * @param {string} name @returns {string|number|undefined}
   */
  GetProperty(name) {
    const canonical = CANONICAL.get(String(name).toLowerCase());
    if (canonical === 'IsInitial') return this._initialised ? 1 : 0;
    if (canonical === 'IsSignIn') return this._signedIn ? 1 : 0;
    return canonical ? this._p[canonical] : undefined;
  }

  /** The code of the last method call (for methods returning strings). */
  LastError() {
    return this._lastError;
  }

  /** Microseconds between CTI time and local time, from the last
   * SynchronizeCTITime (an extension, as ab_CTITimeOffset). */
  CTITimeOffset() {
    return this._ctiOffsetUs;
  }

  // ---- methods: state (3.2.1 - 3.2.11) ----------------------------------

  /** 3.2.1: connects to MainCTIIP, else BackCTIIP. @returns {Promise<number>} */
  async Initial() {
    let rc = 0;
    if (this._initialised || this._opening) {
      rc = E.AGENTBARERROR_BAR_INITIAL;
    } else {
      const urls = this._urls();
      if (!urls.length) {
        this._log(0, 'no CTI server: set MainCTIIP');
        rc = E.AGENTBARERROR_BGCC_CLIENTPROXYFAIL;
      } else {
        this._opening = true;
        rc = await this._link.open(urls);
        if (rc === 0 && this._p.IsSIPPhone) {
          rc = await this._startPhone();
          if (rc) this._link.close();
        }
        this._opening = false;
      }
    }
    if (rc === 0) {
      this._initialised = true;
      this._signedIn = false;
      this._status = S.AsUnLoginState;
    }
    return this._done('Initial', rc);
  }

  /** 3.2.2: signs out if signed in, then closes. @returns {Promise<number>} */
  async UnInitial() {
    if (!this._initialised) {
      return this._done('UnInitial', E.AGENTBARERROR_BAR_UNINITIAL);
    }
    // Without it the server would keep routing calls to the agent until
    // its heartbeat timeout.
    if (this._signedIn) await this.SignOut();
    this._link.close();
    this._initialised = false;
    this._signedIn = false;
    this._status = S.AsUnknownState;
    this._signin = null;
    const rc = await this._phoneStep('stop', () => this._phone.stop());
    this._phone = null;
    return this._done('UnInitial', rc);
  }

  /** 3.2.3 @returns {Promise<number>} */
  async SignIn() {
    const p = this._p;
    // the CTI refuses a DN whose phone is not registered: register first
    if (this._phone && !this._check('SignIn')) {
      const rc = await this._phoneStep('register', () => this._phone.register());
      if (rc) return this._done('SignIn', rc);
    }
    const params = { AgentID: p.AgentID, PassWord: p.PassWord, DN: p.DN,
      StatusChangeType: p.StatusChangeType, AutoAnswer: !!p.AutoAnswer,
      ForceSignIn: !!p.ForceSignIn, ServiceList: p.ServiceList,
      AgentTag: p.AgentTag, CustomerTag: p.CustomerTag };
    let { code, result } = await this._invoke('SignIn', params);
    // with the switch a node of its own, the CTI learns of the page's
    // registration a moment after the phone did: ArImsError until then
    for (let i = 1; this._phone && code === AcResultT.ArImsError && i < 10; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ({ code, result } = await this._invoke('SignIn', params));
    }
    if (code === 0) {
      this._signedIn = true;
      this._setStatus(result.agentStatus);
      this._signin = params;
    }
    return code;
  }

  /** 3.2.4 @returns {Promise<number>} */
  async SignOut() {
    const { code } = await this._invoke('SignOut', {});
    if (code !== 0) return code;
    this._signOff();
    const rc = await this._phoneStep('unregister', () => this._phone.unregister());
    return rc ? this._done('SignOut', rc) : 0;
  }

  /** 3.2.5 @returns {Promise<number>} */
  SetIdle() { return this._code('SetIdle', {}); }

  /** 3.2.6 @returns {Promise<number>} */
  SetBusy() { return this._code('SetBusy', {}); }

  /** 3.2.7 @param {string} reason one of GetRestReason @returns {Promise<number>} */
  SetRest(reason) {
    return this._restWith(str(reason),
      this._code('SetRest', { reason: str(reason) }));
  }

  /** 3.2.8 @param {number} AgentState @param {string} Reason @returns {Promise<number>} */
  SetAgentStatus(AgentState, Reason) {
    const code = this._code('SetAgentStatus', { AgentState: int(AgentState),
      Reason: str(Reason) });
    return int(AgentState) === S.AsRestState ? this._restWith(str(Reason), code)
      : code;
  }

  /** @private a rest reason the server took: a failover resumes Rest with it */
  async _restWith(reason, pending) {
    const code = await pending;
    if (code === 0) this._resume.restReason = reason;
    return code;
  }

  /** 3.2.9: the AgentStatusT, or an AGENTBARERROR (≥ 1000). @returns {Promise<number>} */
  async GetAgentStatus() {
    const v = await this._value('GetAgentStatus', {});
    if (v > S.AsUnknownState && v < 1000) this._setStatus(v);
    return v;
  }

  /** 3.2.10 @param {string} SkillList as ServiceList @returns {Promise<number>} */
  async ResetSkill(SkillList) {
    const { code } = await this._invoke('ResetSkill', { SkillList: str(SkillList) });
    // what a failover signs in with
    if (code === 0 && this._signin) this._signin.ServiceList = str(SkillList);
    return code;
  }

  /** 3.2.11 @returns {Promise<number>} */
  Reset() { return this._code('Reset', {}); }

  // ---- methods: call control (3.2.12 - 3.2.23) ---------------------------

  /** 3.2.12; type 1 (outside number) asks OnBeforeOutCall first.
   * @returns {Promise<number>} */
  async MakeCall(dest, showANI, showDest, isOffhook, type) {
    const rc = int(type) === 1 ? this._beforeOutCall('MakeCall', dest,
      BEFOREOUTCALL.BEFOREOUTCALL_CALLOUT) : 0;
    if (rc) return this._done('MakeCall', rc);
    return this._code('MakeCall', { dest: str(dest), showANI: str(showANI),
      showDest: str(showDest), isOffhook: int(isOffhook), type: int(type) });
  }

  /** 3.2.13: with the integrated softphone it picks up in the page
   * (nothing ringing there: SOFTPHONE_ERROR, as libagentbar); otherwise
   * the CTI answers the DN's phone remotely. @returns {Promise<number>} */
  async Answer() {
    if (!this._phone) return this._code('Answer', {});
    let rc = this._check('Answer');
    if (!rc) {
      rc = await this._phoneStep('answer', async () => {
        if (!(await this._phone.answer())) throw new Error('nothing rings');
      });
    }
    return this._done('Answer', rc);
  }

  /** 3.2.14 @returns {Promise<number>} */
  ReleaseCall() { return this._code('ReleaseCall', {}); }

  /** 3.2.15 @returns {Promise<number>} */
  Hold() { return this._media('Hold', () => this._phone.hold(true)); }

  /** 3.2.16 @returns {Promise<number>} */
  Retrieve() { return this._media('Retrieve', () => this._phone.hold(false)); }

  /** 3.2.17; consultType 1 (outside number) asks OnBeforeOutCall first.
   * @returns {Promise<number>} */
  async Consult(consultNum, showANI, showDest, consultType) {
    const rc = int(consultType) === 1 ? this._beforeOutCall('Consult',
      consultNum, BEFOREOUTCALL.BEFOREOUTCALL_CONSULT) : 0;
    if (rc) return this._done('Consult', rc);
    return this._code('Consult', { consultNum: str(consultNum),
      showANI: str(showANI), showDest: str(showDest),
      consultType: int(consultType) });
  }

  /** 3.2.18 @returns {Promise<number>} */
  Reconnect() { return this._code('Reconnect', {}); }

  /** 3.2.19 @returns {Promise<number>} */
  Transfer() { return this._code('Transfer', {}); }

  /** 3.2.20; transferType 1 (outside number) asks OnBeforeOutCall first.
   * @returns {Promise<number>} */
  async SingleStepTransfer(transferNum, showANI, showDest, transferStyle, transferType) {
    const rc = int(transferType) === 1 ? this._beforeOutCall(
      'SingleStepTransfer', transferNum,
      BEFOREOUTCALL.BEFOREOUTCALL_SINGLESTEPTRANSFER) : 0;
    if (rc) return this._done('SingleStepTransfer', rc);
    return this._code('SingleStepTransfer', { transferNum: str(transferNum),
      showANI: str(showANI), showDest: str(showDest),
      transferStyle: int(transferStyle), transferType: int(transferType) });
  }

  /** 3.2.21 @returns {Promise<number>} */
  Conference() { return this._code('Conference', {}); }

  /** 3.2.22 @returns {Promise<number>} */
  SetCallData(key, CallData) {
    return this._code('SetCallData', { key: str(key), CallData: str(CallData) });
  }

  /** 3.2.23: the value, "" on failure (LastError tells). @returns {Promise<string>} */
  GetCallData(key) { return this._data('GetCallData', { key: str(key) }, false); }

  // ---- methods: supervisor (3.2.24 - 3.2.32) ----------------------------
  // The parameter names keep the manual's two spellings (AgentID, agentID).

  /** 3.2.24 @returns {Promise<number>} */
  ForceOut(AgentID) { return this._code('ForceOut', { AgentID: str(AgentID) }); }

  /** 3.2.25 @returns {Promise<number>} */
  ForceIdle(AgentID) { return this._code('ForceIdle', { AgentID: str(AgentID) }); }

  /** 3.2.26 @returns {Promise<number>} */
  ForceBusy(AgentID) { return this._code('ForceBusy', { AgentID: str(AgentID) }); }

  /** 3.2.27 @returns {Promise<number>} */
  Listen(AgentID, showANI, showDest) {
    return this._code('Listen', { AgentID: str(AgentID), showANI: str(showANI),
      showDest: str(showDest) });
  }

  /** 3.2.28 @returns {Promise<number>} */
  StopListen(AgentID) { return this._code('StopListen', { AgentID: str(AgentID) }); }

  /** 3.2.29 @returns {Promise<number>} */
  Insert(agentID, showANI, showDest) {
    return this._code('Insert', { agentID: str(agentID), showANI: str(showANI),
      showDest: str(showDest) });
  }

  /** 3.2.30 @returns {Promise<number>} */
  StopInsert(agentID) { return this._code('StopInsert', { agentID: str(agentID) }); }

  /** 3.2.31 @returns {Promise<number>} */
  SwitchInsertorListen(agentID, showANI, showDest) {
    return this._code('SwitchInsertorListen', { agentID: str(agentID),
      showANI: str(showANI), showDest: str(showDest) });
  }

  /** 3.2.32 @returns {Promise<number>} */
  Break(agentID) { return this._code('Break', { agentID: str(agentID) }); }

  // ---- methods: media (3.2.33 - 3.2.35) ----------------------------------

  /** 3.2.33 @returns {Promise<number>} */
  SendDTMF(DTMFDigits) { return this._code('SendDTMF', { DTMFDigits: str(DTMFDigits) }); }

  /** 3.2.34 @returns {Promise<number>} */
  MuteOn() { return this._media('MuteOn', () => this._phone.mute(true)); }

  /** 3.2.35 @returns {Promise<number>} */
  MuteOff() { return this._media('MuteOff', () => this._phone.mute(false)); }

  // ---- methods: queries (3.2.36 - 3.2.51) --------------------------------
  // JSON text as the manual's structs (docs/protocol.md §5), "" on failure.

  /** 3.2.36 AgentDetailT as JSON text @returns {Promise<string>} */
  GetAgentDetailByAgentID(AgentID) {
    return this._data('GetAgentDetailByAgentID', { AgentID: str(AgentID) }, true);
  }

  /** 3.2.37 @returns {Promise<string>} */
  GetAgentDetailByAgentDN(AgentDN) {
    return this._data('GetAgentDetailByAgentDN', { AgentDN: str(AgentDN) }, true);
  }

  /** 3.2.38 @returns {Promise<string>} */
  GetAgentDetailsByAgentIDs(AgentIDs) {
    return this._data('GetAgentDetailsByAgentIDs', { AgentIDs: str(AgentIDs) }, true);
  }

  /** 3.2.39 @returns {Promise<string>} */
  GetAgentDetailsByAgentDNs(AgentDNs) {
    return this._data('GetAgentDetailsByAgentDNs', { AgentDNs: str(AgentDNs) }, true);
  }

  /** 3.2.40 @returns {Promise<string>} */
  GetRecordFileName() { return this._data('GetRecordFileName', {}, false); }

  /** 3.2.41: the rest reasons, separated by ";". @returns {Promise<string>} */
  GetRestReason() { return this._data('GetRestReason', {}, false); }

  /** 3.2.42: the number of agents, or an AGENTBARERROR. @returns {Promise<number>} */
  GetAgentNBySkill(skill) { return this._value('GetAgentNBySkill', { skill: str(skill) }); }

  /** 3.2.43 @returns {Promise<string>} */
  GetAgentDetailsBySkill(skill) {
    return this._data('GetAgentDetailsBySkill', { skill: str(skill) }, true);
  }

  /** 3.2.44 @returns {Promise<string>} */
  GetSkillWaitingNumber(skill) {
    return this._data('GetSkillWaitingNumber', { skill: str(skill) }, true);
  }

  /** 3.2.45 @returns {Promise<string>} */
  GetSkillWaitingCallInfo(skill) {
    return this._data('GetSkillWaitingCallInfo', { skill: str(skill) }, true);
  }

  /** 3.2.46 @returns {Promise<string>} */
  GetPrivateQueue(agentID) {
    return this._data('GetPrivateQueue', { agentID: str(agentID) }, true);
  }

  /** 3.2.47 @returns {Promise<string>} */
  GetSysInfo() { return this._data('GetSysInfo', {}, true); }

  /** 3.2.48 @returns {Promise<string>} */
  GetCallingNo() { return this._data('GetCallingNo', {}, false); }

  /** 3.2.49 @returns {Promise<string>} */
  GetOrgCallingNo() { return this._data('GetOrgCallingNo', {}, false); }

  /** 3.2.50 @returns {Promise<string>} */
  GetCalledNo() { return this._data('GetCalledNo', {}, false); }

  /** 3.2.51 @returns {Promise<string>} */
  GetOrgCalledNo() { return this._data('GetOrgCalledNo', {}, false); }

  // ---- methods: others (3.2.52 - 3.2.56) ---------------------------------

  /** 3.2.52: measures CTITimeOffset; event timestamps the SDK makes use it.
   * @returns {Promise<number>} */
  async SynchronizeCTITime() {
    const sent = nowUs();
    const { code, result } = await this._invoke('SynchronizeCTITime', {});
    if (code !== 0) return code;
    if (!Number.isSafeInteger(result.time)) {
      this._log(1, 'SynchronizeCTITime: no time in the answer');
      return this._done('SynchronizeCTITime', E.AGENTBARERROR_JSON_READERERROR);
    }
    const received = nowUs();
    // the server read its clock about halfway through
    this._ctiOffsetUs = result.time - (sent + (received - sent) / 2);
    return 0;
  }

  /** 3.2.53: answered locally, from the manual's tables. @returns {Promise<string>} */
  async GetPromptByErrorCode(ErrorCode) {
    this._lastError = 0;
    return promptText(Number(ErrorCode));
  }

  /** 3.2.54 @param {number} requestId @returns {Promise<number>} */
  JumptheQueue(requestId) {
    return this._code('JumptheQueue', { requestId: int(requestId) });
  }

  /** 3.2.55 @returns {Promise<number>} */
  TransIVR(transferNum) { return this._code('TransIVR', { transferNum: str(transferNum) }); }

  /** 3.2.56 @returns {Promise<number>} */
  TransIVREx(callerNum, transferNum) {
    return this._code('TransIVREx', { callerNum: str(callerNum),
      transferNum: str(transferNum) });
  }

  // ---- the integrated softphone ------------------------------------------

  /** The microphone the softphone uses (a deviceId of
   * navigator.mediaDevices; '' the default), from the next call on. An
   * extension, as the property table has no place for a device. */
  SetAudioInput(deviceId) {
    this._audioInput = str(deviceId);
    if (this._phone) this._phone.inputDevice = this._audioInput;
  }

  /** @private starts the page's phone at Initial: 0 or SOFTPHONE_ERROR */
  async _startPhone() {
    const p = this._p;
    if (!p.SIPServerIP || !p.PhoneNum) {
      this._log(0, 'IsSIPPhone: set SIPServerIP and PhoneNum');
      return E.AGENTBARERROR_SOFTPHONE_ERROR;
    }
    const scheme = this._secure ? 'wss' : 'ws';
    const host = p.SIPServerIP.includes(':') ? `[${p.SIPServerIP}]` : p.SIPServerIP;
    try {
      const { Phone } = await import('./agentbar/phone.js');
      // /sip: the daemon's HTTP port serves it, and [sip] ws_port too
      this._phone = new Phone({ server: `${scheme}://${host}:${p.SIPServerPort}/sip`,
        domain: p.SIPServerIP, user: p.PhoneNum, password: p.PhonePwd,
        inputDevice: this._audioInput,
        log: (level, text) => this._log(level, text),
        onRing: (on) => this.dispatchEvent(new CustomEvent('phonering',
          { detail: { ringing: on } })) });
    } catch (e) {
      this._log(0, `IsSIPPhone: the phone cannot load: ${e.message}`);
      return E.AGENTBARERROR_SOFTPHONE_ERROR;
    }
    const rc = await this._phoneStep('start', () => this._phone.start());
    if (rc) this._phone = null;
    return rc;
  }

  /** @private one step of the phone: 0, or SOFTPHONE_ERROR (logged) */
  async _phoneStep(what, step) {
    if (!this._phone) return 0;
    try {
      await step();
      return 0;
    } catch (e) {
      this._log(0, `softphone ${what}: ${e.message}`);
      return E.AGENTBARERROR_SOFTPHONE_ERROR;
    }
  }

  /** @private a media method of the CTI that the page's phone follows */
  async _media(method, follow) {
    const code = await this._code(method, {});
    if (code === 0 && this._phone) follow();
    return code;
  }

  // ---- the common path (as lib/agentbar/invoke.c) ------------------------

  /** @private {code, result}: checks, then one round trip */
  async _invoke(method, params) {
    let rc = this._check(method);
    if (!rc && Object.values(params).some((v) => Number.isNaN(v))) {
      this._log(1, `${method}: a number argument is not an integer`);
      rc = AcResultT.ArInvalidParam;
    }
    if (rc) return { code: this._done(method, rc) };
    const answer = await this._link.call(method, params);
    const message = answer.result && answer.result.message;
    this._done(method, answer.code, message);
    return answer;
  }

  /** @private */
  async _code(method, params) {
    return (await this._invoke(method, params)).code;
  }

  /** @private the answer's "data"; isJson: it must parse as JSON */
  async _data(method, params, isJson) {
    const { code, result } = await this._invoke(method, params);
    if (code !== 0) return '';
    const data = result.data;
    let ok = typeof data === 'string';
    if (ok && isJson) {
      try { JSON.parse(data); } catch { ok = false; }
    }
    if (!ok) {
      this._log(1, `${method}: the answer has no ${isJson ? 'JSON' : 'text'} data`);
      this._lastError = E.AGENTBARERROR_JSON_READERERROR;
      return '';
    }
    return data;
  }

  /** @private the answer's "value" (≥ 0), or an AGENTBARERROR */
  async _value(method, params) {
    const { code, result } = await this._invoke(method, params);
    if (code === 0) {
      const v = result.value;
      if (Number.isInteger(v) && v >= 0 && v < 1000) return v;
      this._log(1, `${method}: the answer has no value`);
      this._lastError = E.AGENTBARERROR_JSON_READERERROR;
      return E.AGENTBARERROR_JSON_READERERROR;
    }
    // The manual reads ≥ 1000 as failure; a server code would pass for a
    // value. LastError() keeps the real code.
    return code < 1000 ? E.AGENTBARERROR_BGCC_EXCEPTION : code;
  }

  /** @private checks.js's verdict on method in the bar's state now */
  _check(method) {
    return check({ initialised: this._initialised, signedIn: this._signedIn,
      status: this._status }, method);
  }

  /** @private records and logs a method's result */
  _done(method, rc, message) {
    this._lastError = rc;
    this._log(rc ? 1 : 2, `${method} -> ${rc} ${resultName(rc)}` +
      (message ? `: ${message}` : ''));
    return rc;
  }

  /** @private 4.1: the application may veto an outside number by leaving
   * IsCallOut 0 in its OnBeforeOutCall handler, which runs synchronously. */
  _beforeOutCall(method, dest, reason) {
    const rc = this._check(method);
    if (rc) return rc;
    this._emit('OnBeforeOutCall', { otherParty: str(dest),
      otherPartyAttribute: PartyAttributeT.PaNormal, originalANI: '',
      originalDNIS: '', reason, timestamp: nowUs() + this._ctiOffsetUs });
    if (!this._p.IsCallOut) {
      this._log(2, `${method} to ${str(dest)} blocked: IsCallOut is 0`);
      return E.AGENTBARERROR_BAR_WRONGNUM;
    }
    return 0;
  }

  // ---- state and events ----------------------------------------------------

  /** @private */
  _urls() {
    const urls = [];
    for (const name of ['MainCTIIP', 'BackCTIIP']) {
      const spec = this._p[name].trim();
      if (!spec) continue;
      const url = serverUrl(spec, this._p.CTIPort, this._secure);
      if (url) urls.push(url);
      else this._log(0, `${name} "${spec}" is not host, host:port, [v6]:port or a ws:// URL`);
    }
    return urls;
  }

  /** @private */
  _setStatus(v) {
    if (Number.isInteger(v) && v > S.AsUnknownState && v < STATE_EVENTS.length) {
      this._status = v;
      // The CTI is the truth: an agent out of any call has no call in the
      // page either (one whose BYE the switch could not deliver)
      if (IDLE_STATES.includes(v) && this._phone) this._phone.hangup();
    }
  }

  /** @private signed out for good: no reconnect signs back in */
  _signOff() {
    this._signedIn = false;
    this._status = S.AsUnLoginState;
    this._signin = null;
  }

  /** @private */
  _signedBackIn(result) {
    this._signedIn = true;
    this._setStatus(result.agentStatus);
  }

  /** @private a notification from the server */
  _fromWire(method, params) {
    if (!EVENTS.includes(method) || method === 'OnBeforeOutCall') {
      this._log(3, `ignored notification ${method}`);
      return;
    }
    const detail = eventDetail(method, params || {});
    const state = STATE_EVENTS.indexOf(method);
    const mine = this._signin && this._signin.AgentID;
    // another agent's event (a supervisor's view) tells nothing of ours
    if (state > 0 && !(detail.agentId && mine && detail.agentId !== mine)) {
      this._setStatus(state);
      this._resume.track(state, detail.reason, resumable(detail));
      if (state === S.AsUnLoginState) {
        this._signedIn = false;
        if (!resumable(detail)) this._signin = null;
      }
    }
    this._log(2, `${method} reason=${detail.reason} callID=${detail.callID}`);
    this._emit(method, detail, true);
  }

  /** @private OnCTIDisconnect / OnMasterChanged / OnOperationFailed */
  _raise(name, reason) {
    this._emit(name, { callID: '', contactID: 0, originalANI: '',
      originalDNIS: '', reason, timestamp: nowUs() + this._ctiOffsetUs });
  }

  /** @private to bar.OnX(...args), then to the listeners */
  _emit(name, params, decoded = false) {
    const detail = decoded ? params : eventDetail(name, params);
    const fn = this[name];
    if (typeof fn === 'function') {
      try {
        fn.apply(this, detail.args);
      } catch (e) {
        this._log(0, `${name} handler threw: ${e && e.stack || e}`);
      }
    }
    this.dispatchEvent(new CustomEvent(name, { detail }));
  }

  /** @private */
  _log(level, text) {
    if (level > this._p.LogLevel) return;
    this._logger[LOG[level]](`agentbar: ${text}`);
  }
}

// The manual's properties as fields: bar.AgentID = '2002'; bar.IsSignIn.
for (const name of [...STRING_PROPERTIES, ...Object.keys(NUMBER_PROPERTIES),
  ...READ_ONLY, 'ANICChangeType']) {
  Object.defineProperty(AgentBar.prototype, name, {
    get() { return this.GetProperty(name); },
    set(v) { this.SetProperty(name, v); },
    enumerable: false,
  });
}
