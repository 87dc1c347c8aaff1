// checks.js — the client-side checks of every method, the same as
// libagentbar's lib/agentbar/checks.c: not initialised, not signed in, or
// a state in which the method certainly makes no sense (CALL-FLOWS.md).
// They answer with the manual's AGENTBARERROR codes without a round trip;
// everything else is the server's to judge.

import { AGENTBARERROR, AgentStatusT as S } from './codes.js';

const IDLE = [S.AsReadyState, S.AsBusyState, S.AsRestState];
// every state with a call leg: Alerting .. Inserted
const IN_CALL = Object.values(S).filter((s) => s >= S.AsAlertingState);
const CONSULTING = [S.AsConsultConnectingState, S.AsConsultConnectedState];
const SUPERVISING = [S.AsMonitorState, S.AsInsertState,
  S.AsHalfAlertingState, S.AsHalfConnectedState];
const ANY = null;

/** Methods that need a signed-in agent, with the states they are allowed
 * in (ANY: every state). Methods not listed need an initialised bar only. */
export const RULES = Object.freeze({
  // state (3.2.4 - 3.2.11)
  SignOut: ANY, SetIdle: ANY, SetBusy: ANY, SetRest: ANY,
  SetAgentStatus: ANY, GetAgentStatus: ANY, ResetSkill: ANY, Reset: ANY,
  // call control (3.2.12 - 3.2.23)
  MakeCall: IDLE,
  Answer: [S.AsAlertingState, S.AsHalfAlertingState],
  ReleaseCall: [S.AsLockState, ...IN_CALL],
  Hold: [S.AsConnectedState, S.AsInternalConnectedState],
  Retrieve: [S.AsSuspendedState],
  Consult: [S.AsConnectedState, S.AsInternalConnectedState,
    S.AsSuspendedState],
  Reconnect: CONSULTING, Transfer: CONSULTING, Conference: CONSULTING,
  SingleStepTransfer: IN_CALL,
  SetCallData: ANY, GetCallData: ANY,
  // supervisor (3.2.24 - 3.2.32): Listen and Insert call M's phone
  ForceOut: ANY, ForceIdle: ANY, ForceBusy: ANY,
  Listen: IDLE, StopListen: SUPERVISING, Insert: IDLE, StopInsert: SUPERVISING,
  SwitchInsertorListen: [S.AsMonitorState, S.AsInsertState],
  Break: ANY,
  // media (3.2.33 - 3.2.35)
  SendDTMF: IN_CALL, MuteOn: IN_CALL, MuteOff: IN_CALL,
  // this agent's call (3.2.40, 3.2.48 - 3.2.51)
  GetRecordFileName: ANY, GetCallingNo: ANY, GetOrgCallingNo: ANY,
  GetCalledNo: ANY, GetOrgCalledNo: ANY,
  // others (3.2.55, 3.2.56)
  TransIVR: IN_CALL, TransIVREx: IN_CALL,
});

/**
 * 0 if method may be sent now, else the AGENTBARERROR to answer with.
 * An unknown state (no event yet) refuses nothing.
 * @param {{initialised: boolean, signedIn: boolean, status: number}} bar
 * @param {string} method
 * @returns {number}
 */
export function check(bar, method) {
  if (!bar.initialised) return AGENTBARERROR.AGENTBARERROR_BAR_UNINITIAL;
  if (!(method in RULES)) return 0;
  if (!bar.signedIn) return AGENTBARERROR.AGENTBARERROR_BAR_UNSIGNIN;
  const states = RULES[method];
  if (states && bar.status !== S.AsUnknownState &&
      !states.includes(bar.status)) {
    return AGENTBARERROR.AGENTBARERROR_BAR_WRONGSTATE;
  }
  return 0;
}
