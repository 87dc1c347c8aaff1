// monitor.test.mjs — the supervisor wallboard (/monitor) in chromium
// against a daemon on the sim switch: the monitor 2001 signs in on the
// page, agents sign in over /ws (rpc.mjs), and the board follows their
// states by Monitor.Subscribe events; the supervisor actions go through
// the page's buttons and are checked on the agents' own events and in
// Sim.Parties.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDaemon } from './daemon.mjs';
import { Rpc } from './rpc.mjs';
import { launchBrowser, screenshot, until, watchErrors } from './browser.mjs';
import { AcResultT as Ar, AgentStatusT as S, CallEventReasonT as Cer }
  from '../../web/agentbar/codes.js';

const WAIT_MS = 5000;
const CUSTOMER = '13800000001';

let d;
let browser;
let page;
let errors;
let admin;
const bars = [];
let wsUrl;

function row(agent, skill = '示例') {
  return page.locator(`details[data-skill="${skill}"] tr[data-agent="${agent}"]`);
}

/** Waits until the board shows agent in AgentStatusT state under skill. */
async function boardState(agent, state, skill = '示例') {
  await until(`${agent} in state ${state} on the board`, async () =>
    (await row(agent, skill).count()) === 1 &&
    await row(agent, skill).getAttribute('data-state') === String(state));
}

async function signIn(id, dn, skills) {
  const bar = await Rpc.open(wsUrl);
  bars.push(bar);
  await bar.ok('SignIn', { AgentID: id, PassWord: `${id}123`, DN: dn,
    StatusChangeType: 0, AutoAnswer: 0, ServiceList: skills });
  return bar;
}

/** Clicks a supervisor action and returns the result line once it names
 * that method. */
async function action(name, method) {
  await page.locator('#result').evaluate((el) => { el.textContent = ''; });
  await page.getByRole('button', { name, exact: true }).click();
  const out = page.locator('#result');
  await until(`${method} result`, async () =>
    (await out.textContent()).startsWith(method));
  return { text: await out.textContent(), code: await out.getAttribute('data-code') };
}

async function select(agent) {
  await row(agent).getByRole('button').click();
  await until(`card of ${agent}`, async () =>
    await page.locator('#card').getAttribute('data-agent') === agent &&
    await page.locator('#card [data-field="id"]').textContent() === agent);
}

before(async () => {
  // the agents' test connections send no Heartbeat
  // the 200 agents of the load test come from one address
  d = await startDaemon({ ini: '[acd]\nheartbeat_timeout = 300\n' +
    '[limits]\nconns_per_source = 1000\n' });
  wsUrl = `ws://127.0.0.1:${d.httpPort}/ws`;
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.setDefaultTimeout(WAIT_MS);
  errors = watchErrors(page);
  admin = await Rpc.open(wsUrl);
  await admin.ok('Admin.Login', { user: 'admin', password: 'admin' });
});

after(async () => {
  for (const b of bars) await b.close().catch(() => {});
  if (admin) await admin.close().catch(() => {});
  if (browser) await browser.close();
  if (d) assert.equal(await d.stop(), 0, d.log());
});

let x;
let y;

test('the monitor signs in on the page and sees agents change state',
  { timeout: 30000 }, async () => {
    await page.goto(`${d.url}/monitor`);
    assert.equal(await page.inputValue('#f-cti'), wsUrl);
    await page.getByLabel('密码').fill('2001123');
    await page.getByRole('button', { name: '签入', exact: true }).click();
    await page.locator('#board').waitFor({ state: 'visible', timeout: WAIT_MS });
    // the monitor signed in Busy (StatusChangeType 1): it takes no calls
    await boardState('2001', S.AsBusyState);

    x = await signIn('2002', '1882', '示例=1');
    y = await signIn('2003', '1883', '示例=1');
    await boardState('2002', S.AsReadyState);
    await boardState('2003', S.AsReadyState);
    assert.equal(await row('2002').locator('.badge').textContent(), '空闲');
    assert.equal(await row('2002').locator('.dn').textContent(), '1882');

    await page.evaluate(() => { window.notReloaded = true; });
    const colour = () => row('2002').locator('.badge').evaluate((el) =>
      getComputedStyle(el).backgroundColor);
    const ready = await colour();
    await x.ok('SetBusy');
    await boardState('2002', S.AsBusyState);
    assert.equal(await row('2002').locator('.badge').textContent(), '忙');
    assert.notEqual(await colour(), ready);
    assert.equal(await page.evaluate(() => window.notReloaded), true);
    // the skill's line: 1 Ready agent (2003) of 3 signed in
    const free = page.locator('details[data-skill="示例"] .stat-free .stat-value');
    await until('free 1', async () => (await free.textContent()) === '1');
  });

let call;

test('a routed call shows talking; Listen and StopListen from the page',
  { timeout: 30000 }, async () => {
    await y.ok('SetBusy');
    await x.ok('SetIdle');
    await boardState('2002', S.AsReadyState);
    await boardState('2003', S.AsBusyState);
    call = (await admin.ok('Sim.InboundCall', { ani: CUSTOMER, dnis: '4000' }))
      .callID;
    await x.event('OnAlerting');
    await admin.ok('Sim.Answer', { party: '1882' });
    await x.event('OnConnected');
    await boardState('2002', S.AsConnectedState);
    assert.equal(await row('2002').locator('.badge').textContent(), '通话状态');
    assert.equal(await row('2002').locator('.other').textContent(), CUSTOMER);

    await select('2002');
    x.events.length = 0;
    const listen = await action('监听', 'Listen');
    assert.equal(listen.code, String(Ar.ArSuccess), listen.text);
    await x.event('OnMonitored');
    // the monitor's phone answered by itself (AutoAnswer): it hears both
    await boardState('2001', S.AsMonitorState);
    await boardState('2002', S.AsMonitoredState);
    const parties = (await admin.ok('Sim.Parties', { callID: call })).data;
    const m = parties.find((p) => p.party === '1881');
    assert.ok(m, JSON.stringify(parties));
    assert.ok(m.hears.includes(CUSTOMER) && m.hears.includes('1882'),
      JSON.stringify(m));
    const c = parties.find((p) => p.party === CUSTOMER);
    assert.ok(!c.hears.includes('1881'), 'the customer must not hear 1881');

    x.events.length = 0;
    const stop = await action('停止监听', 'StopListen');
    assert.equal(stop.code, String(Ar.ArSuccess), stop.text);
    await x.event('OnConnected');
    await boardState('2002', S.AsConnectedState);
    await boardState('2001', S.AsBusyState);
    const after = (await admin.ok('Sim.Parties', { callID: call })).data;
    assert.ok(!after.some((p) => p.party === '1881'), JSON.stringify(after));

    // Insert, switch to listening and back, StopInsert
    const codes = [];
    codes.push((await action('强插', 'Insert')).code);
    await boardState('2001', S.AsInsertState);
    await boardState('2002', S.AsInsertedState);
    const ins = (await admin.ok('Sim.Parties', { callID: call })).data;
    assert.ok(ins.find((p) => p.party === CUSTOMER).hears.includes('1881'), JSON.stringify(ins));
    codes.push((await action('监听/强插切换', 'SwitchInsertorListen')).code);
    await boardState('2001', S.AsMonitorState);
    await boardState('2002', S.AsMonitoredState);
    codes.push((await action('监听/强插切换', 'SwitchInsertorListen')).code);
    await boardState('2001', S.AsInsertState);
    codes.push((await action('停止强插', 'StopInsert')).code);
    await boardState('2001', S.AsBusyState);
    await boardState('2002', S.AsConnectedState);
    assert.deepEqual(codes, Array(4).fill(String(Ar.ArSuccess)));
    assert.equal(await page.locator('#log li').count(), 6);
  });

test('ForceIdle and ForceBusy change an idle agent\'s state',
  { timeout: 30000 }, async () => {
    await select('2003');
    y.events.length = 0;
    const idle = await action('强制示闲', 'ForceIdle');
    assert.equal(idle.code, String(Ar.ArSuccess), idle.text);
    assert.equal((await y.event('OnReady')).reason, Cer.CerIdleOtherSet);
    await boardState('2003', S.AsReadyState);
    const busy = await action('强制示忙', 'ForceBusy');
    assert.equal(busy.code, String(Ar.ArSuccess), busy.text);
    await y.event('OnBusy');
    await boardState('2003', S.AsBusyState);
    // the target in a call: the server's answer is shown as it is
    await select('2002');
    assert.equal(await page.getByRole('button', { name: '强制示忙', exact: true })
      .isDisabled(), true);
  });

test('a call waits in the queue when no agent is free', { timeout: 30000 },
  async () => {
    // more agents for a fuller board: one resting, one in another skill
    const z = await signIn('2004', '1884', '投诉=1');
    await z.ok('SetRest', { reason: '午饭' });
    await signIn('2005', '1885', '咨询=1;投诉=1');
    await boardState('2004', S.AsRestState, '投诉');
    await boardState('2005', S.AsReadyState, '咨询');

    const queued = (await admin.ok('Sim.InboundCall',
      { ani: '13800000002', dnis: '4000' })).callID;
    const q = page.locator('details[data-skill="示例"] .stat-queue .stat-value');
    await until('queue 1', async () => (await q.textContent()) === '1');
    const waiting = page.locator(`#waiting tr[data-call="${queued}"]`);
    await waiting.waitFor({ timeout: WAIT_MS });
    assert.match(await waiting.textContent(), /13800000002/);
    await until('SysInfo queueCalls 1', async () =>
      (await page.locator('[data-total="queueCalls"]').textContent()) === '1');
    await page.waitForTimeout(1100);   // a tick of the wait counters
    await screenshot(page, 'wallboard');

    await admin.ok('Sim.Hangup', { party: queued });
    await until('queue 0', async () => (await q.textContent()) === '0');
    await waiting.waitFor({ state: 'detached', timeout: WAIT_MS });
    // Break: 2002's leg is hung up (and, nobody inserted, the customer's)
    await select('2002');
    y.events.length = 0;
    x.events.length = 0;
    const brk = await action('强拆', 'Break');
    assert.equal(brk.code, String(Ar.ArSuccess), brk.text);
    assert.equal((await x.event('OnReady')).reason, Cer.CerIdleErrorOtherHangup);
    await boardState('2002', S.AsReadyState);
    // ForceOut: the row stays, greyed, as signed out
    await row('2005', '咨询').getByRole('button').click();
    const out = await action('强制签出', 'ForceOut');
    assert.equal(out.code, String(Ar.ArSuccess), out.text);
    await boardState('2005', S.AsUnLoginState, '咨询');
    assert.equal(await row('2005', '咨询').locator('.badge').textContent(), '未登录');
    // ResetSkill: the monitor's own skills
    await page.locator('#reset-skills').fill('示例=1;投诉=1');
    const rs = await action('重置技能', 'ResetSkill');
    assert.equal(rs.code, String(Ar.ArSuccess), rs.text);
    await until('2001 no longer under 咨询', async () => (await row('2001', '咨询').count()) === 0);
    // English and back
    await page.getByRole('button', { name: 'English' }).click();
    assert.equal(await row('2002').locator('.badge').textContent(), 'Ready');
    await page.getByRole('button', { name: '中文' }).click();
    assert.equal(await row('2002').locator('.badge').textContent(), '空闲');
    // one frame per batch of events, not one per event
    const renders = await page.evaluate(() => window.callcloudBoard.view.renders);
    assert.ok(renders > 0);
    assert.deepEqual(errors, []);
  });

test('200 agents: events are batched into frames, rows are kept',
  { timeout: 90000 }, async () => {
    const N = 200;
    const ids = Array.from({ length: N }, (_, i) => String(5001 + i));
    for (const id of ids) {
      await admin.ok('Admin.AddAgent', { id, name: `Load ${id}`, password: `${id}123` });
      await admin.ok('Admin.AddPhone', { dn: `6${id.slice(1)}`, sipPassword: 'x1' });
      await admin.ok('Admin.SetPermission', { agent: id, skill: '示例', level: 1 });
    }
    const load = [];
    for (let i = 0; i < N; i += 25) {
      load.push(...await Promise.all(ids.slice(i, i + 25).map((id) =>
        signIn(id, `6${id.slice(1)}`, '示例=1'))));
    }
    await until('200 more rows', async () =>
      (await page.locator('details[data-skill="示例"] tbody tr[data-agent]').count()) === N + 3);
    // a row element is kept across state changes (keyed, not redrawn)
    await page.evaluate(() => {
      window.keptRow = document.querySelector('details[data-skill="示例"] tr[data-agent="5100"]');
      window.longTasks = [];
      new PerformanceObserver((l) => {
        for (const e of l.getEntries()) window.longTasks.push(e.duration);
      }).observe({ entryTypes: ['longtask'] });
      window.rendersBefore = window.callcloudBoard.view.renders;
    });
    const ROUNDS = 3;
    const t0 = Date.now();
    for (let r = 0; r < ROUNDS; r++) {
      await Promise.all(load.map((b) => b.ok('SetBusy')));
      await Promise.all(load.map((b) => b.ok('SetIdle')));
    }
    // the page's function runs in the browser: the state goes in as an argument
    await until('all load agents Ready', async () => page.evaluate((ready) =>
      [...document.querySelectorAll('details[data-skill="示例"] tr[data-agent^="5"]')]
        .every((tr) => tr.dataset.state === ready), String(S.AsReadyState)));
    const ms = Date.now() - t0;
    const stats = await page.evaluate(() => ({
      renders: window.callcloudBoard.view.renders - window.rendersBefore,
      kept: window.keptRow === document.querySelector(
        'details[data-skill="示例"] tr[data-agent="5100"]') && window.keptRow.isConnected,
      longTasks: window.longTasks,
    }));
    const events = N * ROUNDS * 2;
    console.log(`${events} events in ${ms} ms: ${stats.renders} renders, ` +
      `long tasks ${JSON.stringify(stats.longTasks.map(Math.round))}`);
    assert.ok(stats.kept, 'the row of 5100 was replaced');
    assert.ok(stats.renders < events / 4, `${stats.renders} renders for ${events} events`);
    for (const b of load) await b.ok('SignOut');
    assert.deepEqual(errors, []);
  });
