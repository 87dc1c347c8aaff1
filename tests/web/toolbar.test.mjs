// toolbar.test.mjs — the toolbar page (/) in Debian's chromium against a
// daemon on the sim switch: sign-in, a routed call, hold, consult and
// transfer between two browser agents, conference, the OnBeforeOutCall
// veto, and the enabled buttons checked against the state table in every
// state reached; the CRM example receives the events through postMessage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { As, enabledButtons } from '../../web/toolbar/buttons.js';
import { startDaemon } from './daemon.mjs';
import { Rpc } from './rpc.mjs';
import { launchBrowser, screenshot, toolbarSignIn, watchErrors } from './browser.mjs';

const WAIT = { timeout: 8000 };
let d;
let browser;
let admin;

before(async () => {
  d = await startDaemon();
  browser = await launchBrowser();
  admin = await Rpc.open(`ws://127.0.0.1:${d.httpPort}/ws`);
  await admin.ok('Admin.Login', { user: 'admin', password: 'admin' });
});

after(async () => {
  await admin?.close();
  await browser?.close();
  assert.equal(await d.stop(), 0, d.log());
});

/** A page signed in as agent on dn; resolves once the bar shows Ready. */
async function signedIn(agent, dn, query = '', frame = null) {
  const page = frame ? null : await browser.newPage();
  const errors = page ? watchErrors(page) : [];
  if (page) await page.goto(`${d.url}/${query}`);
  const root = frame || page;
  await toolbarSignIn(root, { AgentID: agent, PassWord: `${agent}123`, DN: dn,
    ServiceList: '示例=3' });
  await root.locator(`#state[data-state="${As.Ready}"]`).waitFor(WAIT);
  return { page, root, errors };
}

/** Waits for state, then checks the enabled buttons against the table. */
async function inState(root, state) {
  await root.locator(`#state[data-state="${state}"]`).waitFor(WAIT);
  const enabled = await root.locator('#buttons button:not([hidden])')
    .evaluateAll((els) => els.filter((b) => !b.disabled)
      .map((b) => b.id.replace('btn-', '')));
  assert.deepEqual(enabled, enabledButtons(state), `state ${state}`);
}

async function ask(root, button, value, type) {
  await root.locator(`#btn-${button}`).click();
  await root.locator('#prompt').waitFor(WAIT);
  if (type !== undefined) {
    await root.locator('#prompt-type').selectOption(String(type));
  }
  if (value !== undefined) await root.locator('#prompt-input').fill(value);
  await root.locator('#prompt button[type=submit]').click();
}

async function customerCall(ani = '13800000000') {
  const r = await admin.ok('Sim.InboundCall', { ani, dnis: '4000' });
  return r.callID;
}

test('a wrong password is shown, not signed in', async () => {
  const page = await browser.newPage();
  await page.goto(`${d.url}/`);
  await toolbarSignIn(page, { AgentID: '2002', PassWord: 'wrong', DN: '1882',
    ServiceList: '示例=3' });
  await page.locator('#signin-error').filter({ hasText: '12' }).waitFor(WAIT);
  assert.equal(await page.locator('#bar').isHidden(), true);
  await page.close();
});

test('states, a routed call, hold and retrieve', async () => {
  const { page, root, errors } = await signedIn('2002', '1882');
  await inState(root, As.Ready);
  await root.locator('#btn-busy').click();
  await inState(root, As.Busy);
  // rest with a reason from GetRestReason
  await root.locator('#btn-rest').click();
  await root.locator('#prompt-select').selectOption('培训');
  await root.locator('#prompt button[type=submit]').click();
  await inState(root, As.Rest);
  await root.locator('#btn-idle').click();
  await inState(root, As.Ready);

  const call = await customerCall('13800000001');
  await inState(root, As.Alerting);
  assert.equal(await root.locator('#caller').textContent(), '13800000001');
  assert.equal(await root.locator('#dnis').textContent(), '4000');
  await screenshot(page, 'toolbar-ringing');
  await root.locator('#btn-answer').click();
  await inState(root, As.Connected);
  await root.locator('#btn-hold').click();
  await inState(root, As.Suspended);
  await root.locator('#btn-retrieve').click();
  await inState(root, As.Connected);
  // mute toggles its label
  await root.locator('#btn-mute').click();
  await root.locator('#btn-mute', { hasText: '取消静音' }).waitFor(WAIT);
  await root.locator('#btn-mute').click();
  await root.locator('#btn-mute', { hasText: /^静音$/ }).waitFor(WAIT);
  await screenshot(page, 'toolbar');
  await root.locator('#btn-hangup').click();
  await inState(root, As.Ready);
  // the log has the events, the keyboard works: F4 = busy
  await root.locator('#log-box summary').click();
  assert.match(await root.locator('#log').textContent(), /OnAlerting/);
  await page.keyboard.press('F4');
  await inState(root, As.Busy);
  await page.keyboard.press('F3');
  await inState(root, As.Ready);
  void call;
  assert.deepEqual(errors, []);
  await page.close();
});

test('consult then transfer, and consult then conference, between two bars',
  async () => {
    const a = await signedIn('2004', '1884');
    const b = await signedIn('2005', '1885');
    // b busy so the customer is routed to a
    await b.root.locator('#btn-busy').click();
    await inState(b.root, As.Busy);
    await customerCall('13800000002');
    await inState(a.root, As.Alerting);
    await a.root.locator('#btn-answer').click();
    await inState(a.root, As.Connected);
    await b.root.locator('#btn-idle').click();
    await inState(b.root, As.Ready);
    await ask(a.root, 'consult', '2005', 0);
    await inState(a.root, As.ConsultConnecting);
    await inState(b.root, As.Alerting);
    await b.root.locator('#btn-answer').click();
    await inState(b.root, As.InternalConnected);
    await inState(a.root, As.ConsultConnected);
    await a.root.locator('#btn-transfer').click();
    await inState(a.root, As.Ready);
    await inState(b.root, As.Connected);
    assert.equal(await b.root.locator('#ani').textContent(), '13800000002',
      'b now has the customer');
    // b consults a back and makes a conference
    await ask(b.root, 'consult', '2004', 0);
    await inState(b.root, As.ConsultConnecting);
    await inState(a.root, As.Alerting);
    await a.root.locator('#btn-answer').click();
    await inState(b.root, As.ConsultConnected);
    await b.root.locator('#btn-conference').click();
    await inState(b.root, As.Conference);
    await inState(a.root, As.Conference);
    await screenshot(b.page, 'toolbar-conference');
    await b.root.locator('#btn-hangup').click();
    await inState(b.root, As.Ready);
    await inState(a.root, As.Connected);
    await a.root.locator('#btn-hangup').click();
    await inState(a.root, As.Ready);
    assert.deepEqual([...a.errors, ...b.errors], []);
    await a.page.close();
    await b.page.close();
  });

test('OnBeforeOutCall can veto a call-out; IsShowCallOut hides it',
  async () => {
    const { page, root } = await signedIn('2006', '1886');
    await page.evaluate(() => {
      window.vetoed = [];
      window.callcloudBar.OnBeforeOutCall = (dest) => {
        window.vetoed.push(dest);
        window.callcloudBar.IsCallOut = 0;
      };
    });
    await ask(root, 'callout', '13900000000', 1);
    await root.locator('#result').filter({ hasText: 'MakeCall' }).waitFor(WAIT);
    assert.deepEqual(await page.evaluate(() => window.vetoed),
      ['13900000000']);
    await inState(root, As.Ready);
    await page.close();
    const hidden = await signedIn('2007', '1887',
      '?IsShowCallOut=0&EnableSeniorCall=0');
    assert.equal(await hidden.root.locator('#btn-callout').isHidden(), true);
    assert.equal(await hidden.root.locator('#btn-consult').isHidden(), true);
    assert.equal(await hidden.root.locator('#btn-hold').isHidden(), false);
    await hidden.root.locator('#btn-signout').click();
    await inState(hidden.root, As.UnLogin);
    await hidden.page.close();
  });

test('a call-out, then a supervisor listens and breaks in', async () => {
  const { page, root, errors } = await signedIn('2010', '1890');
  await admin.ok('Sim.SetNumber', { number: '13900000010', behaviour: 'ring' });
  await ask(root, 'callout', '13900000010', 1);
  await inState(root, As.HalfAlerting);       // the agent's phone first
  await root.locator('#btn-answer').click();
  await inState(root, As.Connecting);         // the number rings
  await admin.ok('Sim.Answer', { party: '13900000010' });
  await inState(root, As.Connected);
  const m = await Rpc.open(`ws://127.0.0.1:${d.httpPort}/ws`);
  try {
    await m.ok('SignIn', { AgentID: '2001', PassWord: '2001123', DN: '1881',
      AutoAnswer: 1, ServiceList: '示例' });
    await m.ok('Listen', { AgentID: '2010', showANI: '', showDest: '' });
    await inState(root, As.Monitored);
    await m.ok('SwitchInsertorListen', { agentID: '2010', showANI: '', showDest: '' });
    await inState(root, As.Inserted);
    await m.ok('StopInsert', { agentID: '2010' });
    await inState(root, As.Connected);
  } finally {
    await m.close();
  }
  await root.locator('#btn-hangup').click();
  await inState(root, As.Ready);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the CRM example gets the framed bar\'s events', async () => {
  const page = await browser.newPage();
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1000, height: 400 });
  await page.goto(`${d.url}/examples/crm.html`);
  const frame = page.frameLocator('#bar');
  await signedIn('2008', '1888', '', frame);
  const box = await page.locator('#bar').boundingBox();
  assert.equal(Math.round(box.height), 90);
  // the bar fits: its buttons are inside the frame's 90 px
  await customerCall('13800000008');
  await page.locator('#caller', { hasText: '13800000008' }).waitFor(WAIT);
  assert.match(await page.locator('#events').textContent(), /OnReady.*OnAlerting/s);
  await screenshot(page, 'toolbar-embedded');
  await frame.locator('#btn-answer').click();
  await frame.locator(`#state[data-state="${As.Connected}"]`).waitFor(WAIT);
  await frame.locator('#btn-hangup').click();
  await page.locator('#events', { hasText: /OnConnected.*OnReady/s }).waitFor(WAIT);
  assert.deepEqual(errors, []);
  await page.close();
});
