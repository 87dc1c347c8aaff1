// softphone.test.mjs — the web toolbar's integrated softphone (IsSIPPhone):
// Debian's chromium with a fake microphone that speaks a tone registers a
// WebRTC phone over SIP on WebSocket (/sip on the daemon's HTTP port, the
// toolbar's default) with the SIP switch, and a baresip
// customer calls 4000. Checked by frequency (Goertzel): the customer hears
// the page's tone and the page hears the customer's, the recording holds
// both on their channels, hold music reaches the customer, mute silences
// the page, a second
// browser agent takes a consult and the transfer, DTMF from the page
// reaches the customer, a call outlives a lost WebSocket; a wrong PhonePwd
// is SOFTPHONE_ERROR at sign-in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { As } from '../../web/toolbar/buttons.js';
import { AGENTBARERROR } from '../../web/agentbar/codes.js';
import { startDaemon } from './daemon.mjs';
import { Rpc } from './rpc.mjs';
import { launchBrowser, screenshot, watchErrors } from './browser.mjs';
import { startPhone } from './bphone.mjs';
import { goertzel, readWav, writeToneWav } from './tone.mjs';
import { dominates, pageHears, phoneHeard } from './hear.mjs';

const WAIT = { timeout: 10000 };
// tones chosen apart from each other, the hold music's notes, the
// ringback (425 Hz) and the prompt (600/900 Hz)
const HZ_CUSTOMER = 700;
const HZ_A = 1000;
const HZ_B = 1300;
const MOH = [523.25, 659.25, 783.99, 440, 349.23, 392, 493.88, 587.33];
const RATIO = 10;       // the expected tone over any other, at least
const TALK_MS = 2500;   // audio let through before a measurement

let d;
let work;
let admin;
const browsers = [];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'callcloud-softphone-'));
  d = await startDaemon({
    args: ['--switch', 'sip', '--sip-port', '0'],
    ini: `[server]\nrecordings_dir = ${work}/rec\n` +
      '[sip]\nmedia_address = 127.0.0.1\n',
  });
  admin = await Rpc.open(`ws://127.0.0.1:${d.httpPort}/ws`);
  await admin.ok('Admin.Login', { user: 'admin', password: 'admin' });
  await admin.ok('Admin.UpdateSkill', { name: '示例', record: true });
});

after(async () => {
  for (const b of browsers) await b.close();
  await admin?.close();
  if (d) assert.equal(await d.stop(), 0, d.log());
  rmSync(work, { recursive: true, force: true });
});

/** A chromium whose microphone speaks hz. */
async function browserSpeaking(hz) {
  const wav = join(work, `mic-${hz}.wav`);
  writeToneWav(wav, hz, 30);
  const b = await launchBrowser(['--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
    `--use-file-for-fake-audio-capture=${wav}`,
    '--autoplay-policy=no-user-gesture-required']);
  browsers.push(b);
  return b;
}

/** The toolbar signed in with its phone in the page. */
async function phoneAgent(browser, agent, dn, phonePwd = '1234') {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${d.url}/`);
  const fields = { AgentID: agent, PassWord: `${agent}123`, DN: dn,
    ServiceList: '示例=3', SIPServerIP: '127.0.0.1',
    SIPServerPort: String(d.httpPort), PhoneNum: dn, PhonePwd: phonePwd };
  for (const [name, value] of Object.entries(fields)) {
    await page.locator(`input[name=${name}]`).fill(value);
  }
  await page.locator('input[name=IsSIPPhone]').check();
  await page.locator('#signin-submit').click();
  return { page, errors };
}

async function inState(page, state) {
  await page.locator(`#state[data-state="${state}"]`).waitFor(WAIT);
}

test('a wrong PhonePwd is SOFTPHONE_ERROR at sign-in; the right one signs in', async () => {
  const browser = await browserSpeaking(HZ_A);
  const wrong = await phoneAgent(browser, '2004', '1884', 'wrong');
  await wrong.page.locator('#signin-error')
    .filter({ hasText: String(AGENTBARERROR.AGENTBARERROR_SOFTPHONE_ERROR) })
    .waitFor(WAIT);
  assert.equal(await wrong.page.locator('#bar').isHidden(), true);
  await wrong.page.close();
  // the same page with the right password: the failure was the password
  const right = await phoneAgent(browser, '2004', '1884');
  await inState(right.page, As.Ready);
  await right.page.locator('#btn-signout').click();
  await inState(right.page, As.UnLogin);
  await right.page.close();
});

test('the page answers a customer: both hear each other, recorded, hold, consult, transfer, DTMF', async () => {
  const a = await phoneAgent(await browserSpeaking(HZ_A), '2002', '1882');
  await inState(a.page, As.Ready);
  const b = await phoneAgent(await browserSpeaking(HZ_B), '2003', '1883');
  await inState(b.page, As.Ready);
  // only A takes the customer
  await b.page.locator('#btn-busy').click();
  await inState(b.page, As.Busy);

  const customer = await startPhone({ user: '13800000001', sipPort: d.sipPort,
    hz: HZ_CUSTOMER });
  try {
    await customer.dial('4000');
    await customer.event('CALL_ESTABLISHED');

    // A's page rings audibly until Answer picks up in the page
    await inState(a.page, As.Alerting);
    await a.page.locator('#bar.ringing').waitFor(WAIT);
    await a.page.locator('#btn-answer').click();
    await inState(a.page, As.Connected);
    await sleep(TALK_MS);
    dominates(await pageHears(a.page, 1500, [HZ_CUSTOMER, HZ_A, ...MOH]),
      ['customer', 'A', ...MOH.map(String)], 'A hears the customer');
    const talking = phoneHeard(customer, 1500, [HZ_A, HZ_CUSTOMER, HZ_B]);
    dominates(talking, ['A', 'customer', 'B'], 'the customer hears A');
    await screenshot(a.page, 'softphone-talking');

    // hold: the customer hears music, not A
    await a.page.locator('#btn-hold').click();
    await inState(a.page, As.Suspended);
    await sleep(TALK_MS);
    const held = phoneHeard(customer, 2000, [...MOH, HZ_A]);
    const music = held.slice(0, MOH.length).reduce((s, p) => s + p, 0);
    assert.ok(music > RATIO * held[MOH.length],
      `held: music ${music.toExponential(2)}, A ${held[MOH.length].toExponential(2)}`);
    await a.page.locator('#btn-retrieve').click();
    await inState(a.page, As.Connected);

    // mute: the customer no longer hears A; unmute: again
    await a.page.locator('#btn-mute').click();
    await sleep(TALK_MS);
    const muted = phoneHeard(customer, 1500, [HZ_A])[0];
    assert.ok(muted * RATIO < talking[0],
      `muted: A ${muted.toExponential(2)}, talking ${talking[0].toExponential(2)}`);
    await a.page.locator('#btn-mute').click();
    await sleep(TALK_MS);
    dominates(phoneHeard(customer, 1500, [HZ_A, HZ_CUSTOMER]),
      ['A', 'customer'], 'the customer hears A again');

    // DTMF from the page reaches the customer
    await a.page.locator('#btn-dtmf').click();
    await a.page.locator('#prompt-input').fill('5');
    await a.page.locator('#prompt button[type=submit]').click();
    const dtmf = await customer.event('CALL_DTMF_START');
    assert.equal(dtmf.param, '5');

    // a consult to B, whose page rings and answers; then the transfer
    await b.page.locator('#btn-idle').click();
    await inState(b.page, As.Ready);
    await a.page.locator('#btn-consult').click();
    await a.page.locator('#prompt-type').selectOption('0');
    await a.page.locator('#prompt-input').fill('2003');
    await a.page.locator('#prompt button[type=submit]').click();
    await inState(b.page, As.Alerting);
    await b.page.locator('#btn-answer').click();
    await inState(a.page, As.ConsultConnected);
    await sleep(TALK_MS);
    dominates(await pageHears(b.page, 1500, [HZ_A, HZ_B, HZ_CUSTOMER]),
      ['A', 'B', 'customer'], 'B hears A in the consult');
    await a.page.locator('#btn-transfer').click();
    await inState(a.page, As.Ready);
    await inState(b.page, As.Connected);
    await sleep(TALK_MS);
    dominates(phoneHeard(customer, 1500, [HZ_B, HZ_A, HZ_CUSTOMER]),
      ['B', 'A', 'customer'], 'the customer hears B after the transfer');
    dominates(await pageHears(b.page, 1500, [HZ_CUSTOMER, HZ_B, HZ_A]),
      ['customer', 'B', 'A'], 'B hears the customer');

    await b.page.locator('#btn-hangup').click();
    await customer.event('CALL_CLOSED');
    await inState(b.page, As.Ready);
  } finally {
    await customer.stop();
  }

  // A's part of the call was recorded: the customer left, A right
  const rec = join(work, 'rec');
  const files = readdirSync(rec).filter((f) => f.endsWith('.wav')).sort();
  assert.ok(files.length >= 1, 'a recording');
  const w = readWav(join(rec, files[0]));
  assert.equal(w.channels.length, 2);
  const mid = (x) => x.subarray(w.rate, w.rate + 2 * w.rate);   // skip 1 s
  const [l, r] = w.channels.map(mid);
  dominates([goertzel(l, w.rate, HZ_CUSTOMER), goertzel(l, w.rate, HZ_A)],
    ['customer', 'A'], 'the recording\'s left channel');
  dominates([goertzel(r, w.rate, HZ_A), goertzel(r, w.rate, HZ_CUSTOMER)],
    ['A', 'customer'], 'the recording\'s right channel');
  assert.deepEqual(a.errors, []);
  assert.deepEqual(b.errors, []);
  for (const p of [a.page, b.page]) {
    await p.locator('#btn-signout').click();
    await inState(p, As.UnLogin);
    await p.close();
  }
});

/** A customer calls 4000 and the page answers in the page. */
async function answeredCall(page) {
  const customer = await startPhone({ user: '13800000002', sipPort: d.sipPort,
    hz: HZ_CUSTOMER });
  await customer.dial('4000');
  await customer.event('CALL_ESTABLISHED');
  await inState(page, As.Alerting);
  await page.locator('#btn-answer').click();
  await inState(page, As.Connected);
  return customer;
}

test('a call survives a lost WebSocket, and the phone registers again', async () => {
  const a = await phoneAgent(await browserSpeaking(HZ_A), '2005', '1885');
  await inState(a.page, As.Ready);
  // the microphone choice: the default and chromium's fake device, listed
  // once the page has asked for them (after the sign-in it follows)
  await a.page.waitForFunction(
    () => document.querySelectorAll('#mic option').length >= 2, null,
    { timeout: 5000 });

  let customer = await answeredCall(a.page);
  try {
    // the network cuts the page's WebSocket to the switch
    await a.page.evaluate(() => {
      const t = window.callcloudBar._phone._ua.transport;
      window.cutWs = t.ws;
      t.ws.close(4000, 'cut');
    });
    await sleep(TALK_MS);
    assert.ok(await a.page.evaluate(() => {
      const t = window.callcloudBar._phone._ua.transport;
      return t.ws !== window.cutWs && t.isConnected();
    }), 'the phone is on a new WebSocket');
    dominates(phoneHeard(customer, 1500, [HZ_A, HZ_CUSTOMER]),
      ['A', 'customer'], 'the customer still hears A');
    dominates(await pageHears(a.page, 1500, [HZ_CUSTOMER, HZ_A]),
      ['customer', 'A'], 'A still hears the customer');
    await customer.hangup();
    await inState(a.page, As.Ready);
  } finally {
    await customer.stop();
  }
  // registered again on the new WebSocket: the next call rings in the page
  customer = await answeredCall(a.page);
  try {
    await sleep(TALK_MS);
    dominates(phoneHeard(customer, 1500, [HZ_A, HZ_CUSTOMER]),
      ['A', 'customer'], 'the next customer hears A');
    await a.page.locator('#btn-hangup').click();
    await customer.event('CALL_CLOSED');
    await inState(a.page, As.Ready);
  } finally {
    await customer.stop();
  }
  assert.deepEqual(a.errors.filter((e) => !/WebSocket/.test(e)), []);
});
