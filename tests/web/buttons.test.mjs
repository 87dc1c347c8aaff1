// buttons.test.mjs — the toolbar's state table (web/toolbar/buttons.js)
// against CALL-FLOWS.md, rule by rule; the browser test then checks that
// the page follows the table in every state it reaches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { As, BUTTONS, buttonShown, enabledButtons }
  from '../../web/toolbar/buttons.js';

const ALL = Object.values(As);
const statesOf = (id) => ALL.filter((s) => enabledButtons(s).includes(id));
const sorted = (a) => [...a].sort((x, y) => x - y);

test('every button calls a method of the manual, once, with a key', () => {
  const ids = new Set();
  const keys = new Set();
  for (const b of BUTTONS) {
    assert.match(b.method, /^[A-Z][A-Za-z]+$/);
    assert.ok(!ids.has(b.id) && !keys.has(b.key), b.id);
    ids.add(b.id);
    keys.add(b.key);
  }
  // the list: 签入 签出 示闲 示忙 休息 外呼 应答 挂断 保持 取回 咨询
  // 接回 转移 会议 单步转移 转IVR 二次拨号 静音/取消静音
  assert.equal(BUTTONS.length, 18);
});

test('sign-in and agent state (CALL-FLOWS "Sign-in and agent state")', () => {
  assert.deepEqual(statesOf('signin'), [As.Unknown, As.UnLogin]);
  // SignOut and the settable states only when not in a call
  assert.deepEqual(statesOf('signout'), [As.Ready, As.Busy, As.Rest]);
  assert.deepEqual(statesOf('idle'), [As.Busy, As.Rest]);
  assert.deepEqual(statesOf('busy'), [As.Ready, As.Rest]);
  assert.deepEqual(statesOf('rest'), [As.Ready, As.Busy]);
});

test('outbound: "Allowed from Ready, Busy or Rest"', () => {
  assert.deepEqual(statesOf('callout'), [As.Ready, As.Busy, As.Rest]);
});

test('inbound: Answer while ringing, ReleaseCall with any leg', () => {
  assert.deepEqual(statesOf('answer'), [As.Alerting, As.HalfAlerting]);
  const hangup = statesOf('hangup');
  for (const s of ALL) {
    assert.equal(hangup.includes(s), s > As.Lock, `hang up in ${s}`);
  }
});

test('during a call', () => {
  assert.deepEqual(statesOf('hold'), [As.Connected]);
  assert.deepEqual(statesOf('retrieve'), [As.Suspended]);
  // Consult, SingleStepTransfer, TransIVR: from Connected or Suspended
  for (const id of ['consult', 'sst', 'ivr']) {
    assert.deepEqual(statesOf(id), [As.Connected, As.Suspended], id);
  }
  // Reconnect drops the consult leg, ringing or answered
  assert.deepEqual(statesOf('reconnect'),
    [As.ConsultConnecting, As.ConsultConnected]);
  // Transfer and Conference need the consulted party to have answered
  assert.deepEqual(statesOf('transfer'), [As.ConsultConnected]);
  assert.deepEqual(statesOf('conference'), [As.ConsultConnected]);
  // digits and mute go to someone the agent talks to
  const talking = sorted([As.Connected, As.InternalConnected,
    As.ConsultConnected, As.Conference, As.Insert, As.Monitored,
    As.Inserted]);
  assert.deepEqual(statesOf('dtmf'), talking);
  assert.deepEqual(statesOf('mute'), talking);
});

test('nothing but the sign-in while signed out, nothing while locked', () => {
  assert.deepEqual(enabledButtons(As.UnLogin), ['signin']);
  assert.deepEqual(enabledButtons(As.Lock), []);
  assert.deepEqual(enabledButtons(As.Monitor), ['hangup']);
});

test('IsShowCallOut and EnableSeniorCall hide their buttons', () => {
  const shown = (props) => BUTTONS.filter((b) => buttonShown(b, props))
    .map((b) => b.id);
  const all = shown({ IsShowCallOut: 1, EnableSeniorCall: 1 });
  assert.equal(all.length, BUTTONS.length);
  assert.ok(!shown({ IsShowCallOut: 0, EnableSeniorCall: 1 })
    .includes('callout'));
  const basic = shown({ IsShowCallOut: '1', EnableSeniorCall: '0' });
  for (const id of ['consult', 'reconnect', 'transfer', 'conference', 'sst',
    'ivr']) {
    assert.ok(!basic.includes(id), id);
  }
  assert.ok(basic.includes('hold') && basic.includes('dtmf'));
});
