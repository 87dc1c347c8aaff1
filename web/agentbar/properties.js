// properties.js — the manual's properties (3.1) with libagentbar's
// defaults and ranges (lib/agentbar/bar.h), checked once when set so the
// rest of the SDK can trust them. IsInitial and IsSignIn are read-only:
// the manual's own example sets them, so setting is accepted and ignored.

import { AcResultT } from './codes.js';

const MAX_STRING = 4096;   // bytes of UTF-8
// text that cannot be sent as UTF-8
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The string properties, default "". */
export const STRING_PROPERTIES = Object.freeze(['AgentID', 'PassWord', 'DN',
  'ServiceList', 'MainCTIIP', 'BackCTIIP', 'SIPServerIP', 'PhoneNum',
  'PhonePwd', 'AgentTag', 'CustomerTag', 'AnyProperty']);

/** The numeric ones: [default, min, max, boolean]. */
export const NUMBER_PROPERTIES = Object.freeze({
  StatusChangeType: [0, 0, 1, false],
  AutoAnswer: [1, 0, 1, true],
  ForceSignIn: [1, 0, 1, true],
  CTIPort: [10000, 1, 65535, false],
  TimeOut: [3000, 1, 3600000, false],
  IsSIPPhone: [0, 0, 1, true],
  SIPServerPort: [5060, 1, 65535, false],
  ANISChangeType: [0, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, false],
  IsShowCallOut: [1, 0, 1, true],
  IsCallOut: [1, 0, 1, true],
  LogLevel: [2, 0, 3, false],
  EnableSeniorCall: [1, 0, 1, true],
});

export const READ_ONLY = Object.freeze(['IsInitial', 'IsSignIn']);

/** Every property name of the manual (27 with the alias ANICChangeType). */
export const PROPERTY_NAMES = Object.freeze([...STRING_PROPERTIES,
  ...Object.keys(NUMBER_PROPERTIES), ...READ_ONLY]);

/** The defaults, as a fresh object. */
export function defaults() {
  const v = {};
  for (const name of STRING_PROPERTIES) v[name] = '';
  for (const [name, [def]] of Object.entries(NUMBER_PROPERTIES)) v[name] = def;
  return v;
}

/**
 * Checks a value for a property: {value} to store, or {code} to refuse it
 * with (ArInvalidParam). Booleans take true/false, "true"/"false", any
 * number (non-zero is 1, as COM's VARIANT_TRUE -1).
 * @param {string} name a name of STRING_PROPERTIES or NUMBER_PROPERTIES
 * @param {unknown} value
 */
export function checkProperty(name, value) {
  const bad = { code: AcResultT.ArInvalidParam };
  if (STRING_PROPERTIES.includes(name)) {
    const s = value === undefined || value === null ? '' : String(value);
    if (LONE_SURROGATE.test(s) || new TextEncoder().encode(s).length > MAX_STRING) {
      return bad;
    }
    return { value: s };
  }
  const desc = NUMBER_PROPERTIES[name];
  if (!desc) return bad;
  const [, min, max, boolean] = desc;
  let n;
  if (typeof value === 'boolean') n = value ? 1 : 0;
  else if (boolean && /^(true|false)$/i.test(String(value))) {
    n = /^true$/i.test(String(value)) ? 1 : 0;
  } else if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) {
    n = Number(value.trim());
  } else return bad;
  if (!Number.isSafeInteger(n)) return bad;
  if (boolean) n = n !== 0 ? 1 : 0;
  if (n < min || n > max) return bad;
  return { value: n };
}
