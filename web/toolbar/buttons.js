// buttons.js — the toolbar's buttons and the one table of which are enabled
// in which agent state (AgentStatusT). Each row follows CALL-FLOWS.md and
// the daemon's own checks, so a button is never offered that the server
// would answer with ArAgentStatusIsWrong; tests/web/buttons.test.mjs
// checks the table against those rules.

import { AgentStatusT } from '../agentbar/codes.js';

/** AgentStatusT by short name: As.Ready for AsReadyState. */
export const As = Object.freeze(Object.fromEntries(Object.entries(AgentStatusT)
  .map(([name, v]) => [name.slice(2, -'State'.length), v])));

const idle = [As.Ready, As.Busy, As.Rest];
// states holding a call leg of the agent's (Lock only reserves the agent)
const inCall = [As.Alerting, As.HalfAlerting, As.Connecting, As.Connected,
  As.HalfConnected, As.InternalConnected, As.Suspended, As.ConsultConnecting,
  As.ConsultConnected, As.Conference, As.Monitor, As.Insert, As.Monitored,
  As.Inserted];
// the daemon's talking(): media flows between the agent and someone
const talking = [As.Connected, As.InternalConnected, As.ConsultConnected,
  As.Conference, As.Insert, As.Monitored, As.Inserted];

/**
 * The buttons in toolbar order. `method` is the manual's method the button
 * calls; `ask` what the prompt asks for first; `group`: 'callout' buttons
 * hide with IsShowCallOut = 0, 'senior' ones with EnableSeniorCall = 0
 * (the manual's 高级呼叫控制: consult, transfer, conference, IVR).
 */
export const BUTTONS = Object.freeze([
  { id: 'signin', method: 'SignIn', key: 'F1', states: [As.Unknown, As.UnLogin] },
  { id: 'signout', method: 'SignOut', key: 'F2', states: idle },
  { id: 'idle', method: 'SetIdle', key: 'F3', states: [As.Busy, As.Rest] },
  { id: 'busy', method: 'SetBusy', key: 'F4', states: [As.Ready, As.Rest] },
  { id: 'rest', method: 'SetRest', key: 'F5', ask: 'reason',
    states: [As.Ready, As.Busy] },
  { id: 'callout', method: 'MakeCall', key: 'F6', ask: 'number',
    group: 'callout', states: idle },
  { id: 'answer', method: 'Answer', key: 'F7',
    states: [As.Alerting, As.HalfAlerting] },
  { id: 'hangup', method: 'ReleaseCall', key: 'F8', states: inCall },
  { id: 'hold', method: 'Hold', key: 'F9', states: [As.Connected] },
  { id: 'retrieve', method: 'Retrieve', key: 'F10', states: [As.Suspended] },
  { id: 'consult', method: 'Consult', key: 'Alt+1', ask: 'number',
    group: 'senior', states: [As.Connected, As.Suspended] },
  { id: 'reconnect', method: 'Reconnect', key: 'Alt+2', group: 'senior',
    states: [As.ConsultConnecting, As.ConsultConnected] },
  { id: 'transfer', method: 'Transfer', key: 'Alt+3', group: 'senior',
    states: [As.ConsultConnected] },
  { id: 'conference', method: 'Conference', key: 'Alt+4', group: 'senior',
    states: [As.ConsultConnected] },
  { id: 'sst', method: 'SingleStepTransfer', key: 'Alt+5', ask: 'number',
    group: 'senior', states: [As.Connected, As.Suspended] },
  { id: 'ivr', method: 'TransIVR', key: 'Alt+6', ask: 'ivr', group: 'senior',
    states: [As.Connected, As.Suspended] },
  { id: 'dtmf', method: 'SendDTMF', key: 'Alt+7', ask: 'digits',
    states: talking },
  { id: 'mute', method: 'MuteOn', key: 'Alt+8', toggle: 'MuteOff',
    states: talking },
]);

/**
 * The ids of the buttons enabled in state, in toolbar order.
 * @param {number} state AgentStatusT
 * @returns {string[]}
 */
export function enabledButtons(state) {
  return BUTTONS.filter((b) => b.states.includes(state)).map((b) => b.id);
}

/**
 * Whether a button is shown at all, by the manual's two properties.
 * @param {{group?: string}} button
 * @param {{IsShowCallOut: number|boolean, EnableSeniorCall: number|boolean}} props
 */
export function buttonShown(button, props) {
  if (button.group === 'callout') return !!Number(props.IsShowCallOut);
  if (button.group === 'senior') return !!Number(props.EnableSeniorCall);
  return true;
}
