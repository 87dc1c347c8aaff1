// events.js — the manual's events (3.3) from the server's notifications:
// which are events, their parameters in the manual's order (the `args` of
// bar.OnX(...args)), and what a state event tells the SDK about its agent.

import { CallEventReasonT, QUEUE_EVENTS, RECORD_EVENTS, STATE_EVENTS }
  from './codes.js';

const STATE_PARAMS = ['eventID', 'callID', 'contactID', 'partyNum',
  'otherParty', 'otherPartyAttribute', 'originatingParty', 'originalANI',
  'originalDNIS', 'reason', 'timestamp'];
const RECORD_PARAMS = ['callID', 'contactID', 'filename', 'reason',
  'timestamp'];
const QUEUE_PARAMS = ['callID', 'contactID', 'originalANI', 'originalDNIS',
  'reason', 'timestamp'];
/** OnBeforeOutCall's parameters (3.3.27) */
export const BEFORE_OUT_CALL_PARAMS = ['otherParty', 'otherPartyAttribute',
  'originalANI', 'originalDNIS', 'reason', 'timestamp'];

// which parameters are numbers; the rest are strings ("" when absent)
const NUMBERS = new Set(['eventID', 'contactID', 'partyNum',
  'otherPartyAttribute', 'reason', 'timestamp']);

/** The manual's parameter names of an event, or null if it is none. */
export function eventParams(name) {
  if (STATE_EVENTS.indexOf(name) > 0) return STATE_PARAMS;
  if (RECORD_EVENTS.includes(name)) return RECORD_PARAMS;
  if (QUEUE_EVENTS.includes(name)) return QUEUE_PARAMS;
  if (name === 'OnBeforeOutCall') return BEFORE_OUT_CALL_PARAMS;
  return null;
}

function field(params, key) {
  const v = params[key];
  if (NUMBERS.has(key)) return Number.isFinite(v) ? v : 0;
  if (typeof v === 'number') return String(v);   // a number sent as text
  return typeof v === 'string' ? v : '';
}

/**
 * The event's detail: the wire parameters, each of the manual's parameters
 * with its type, and `args` in the manual's order.
 * @param {string} name @param {object} params
 */
export function eventDetail(name, params) {
  const detail = { ...params };
  const keys = eventParams(name);
  for (const k of keys) detail[k] = field(params, k);
  detail.args = keys.map((k) => detail[k]);
  const state = STATE_EVENTS.indexOf(name);
  if (state > 0) detail.agentStatus = state;
  return detail;
}

/** OnUnLogin because the server goes down or hands over to its backup is
 * followed by a lost link: the agent is signed back in after the
 * reconnect. Signing out, being forced out or in elsewhere is not undone. */
export function resumable(detail) {
  return detail.reason === CallEventReasonT.CerUnloginElse ||
    detail.reason === CallEventReasonT.CerUnloginBackup;
}
