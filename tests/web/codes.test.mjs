// codes.test.mjs — web/agentbar/codes.js against the originals in C:
// every enum of include/agentbar_codes.h and every prompt of
// lib/agentbar/codes.c, so the two SDKs cannot drift apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as codes from '../../web/agentbar/codes.js';

const root = new URL('../../', import.meta.url);
const header = readFileSync(new URL('include/agentbar_codes.h', root), 'utf8');
const sdkHeader = readFileSync(new URL('include/agentbar.h', root), 'utf8');
const codesC = readFileSync(new URL('lib/agentbar/codes.c', root), 'utf8');

/** The members of `enum name { ... }` with their values, C's rules. */
function cEnum(name) {
  const m = new RegExp(`enum ${name} \\{([^}]*)\\}`).exec(header);
  assert.ok(m, `enum ${name} in agentbar_codes.h`);
  const out = {};
  let next = 0;
  const body = m[1].replace(/\/\*[\s\S]*?\*\//g, '');
  for (const item of body.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [k, v] = item.split('=').map((s) => s.trim());
    if (/_COUNT$/.test(k)) continue;
    next = v === undefined ? next : Number(v);
    out[k] = next++;
  }
  return out;
}

test('every enum matches include/agentbar_codes.h', () => {
  for (const name of ['AcResultT', 'AGENTBARERROR', 'AgentStatusT',
    'CallEventReasonT', 'CallEventTypeT', 'PartyAttributeT',
    'MediaEventReasonT', 'EVENTREASON']) {
    assert.deepEqual({ ...codes[name] }, cEnum(name), name);
  }
  assert.match(header, /BEFOREOUTCALL_CALLOUT = 1, BEFOREOUTCALL_CONSULT = 2,\s+BEFOREOUTCALL_SINGLESTEPTRANSFER = 3/);
});

test('every prompt matches lib/agentbar/codes.c', () => {
  let n = 0;
  for (const [, name, text] of codesC.matchAll(/\[(Ar\w+)\]\s*=\s*\{"\w+",\s*"([^"]+)"\}/g)) {
    assert.equal(codes.promptText(codes.AcResultT[name]), text, name);
    assert.equal(codes.resultName(codes.AcResultT[name]), name);
    n++;
  }
  for (const [, name, text] of codesC.matchAll(/\{"(AGENTBARERROR_\w+)",\s*"([^"]+)"\}/g)) {
    assert.equal(codes.promptText(codes.AGENTBARERROR[name]), text, name);
    n++;
  }
  assert.equal(n, 29 + 11);
  assert.equal(codes.promptText(26), '未知错误');
  assert.equal(codes.promptText(2000), '未知错误');
  assert.equal(codes.promptText(1.5), '未知错误');
});

test('event names match the C SDK\'s', () => {
  const names = /status_events\[AS_STATE_COUNT\] = \{([^}]*)\}/.exec(codesC)[1]
    .match(/"(\w+)"/g).map((s) => s.slice(1, -1));
  assert.deepEqual(codes.STATE_EVENTS.slice(1), names);
  const handlers = /typedef struct AgentBarEvents \{([\s\S]*?)\} AgentBarEvents;/
    .exec(sdkHeader)[1].replace(/\/\*[\s\S]*?\*\//g, '').match(/\bOn\w+/g);
  assert.deepEqual([...codes.EVENTS], handlers);
});
