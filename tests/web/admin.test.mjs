// admin.test.mjs — the admin console (/admin) in chromium against a daemon
// on the sim switch: login, an agent added on the page then signing in over
// /ws, a skill changed and read back, the server's IVR validation error, the
// CDR of a sim call and its CSV download, a monitor's skills, the admin's
// own password. And csv.js on its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startDaemon } from './daemon.mjs';
import { Rpc } from './rpc.mjs';
import { launchBrowser, screenshot, toolbarSignIn, until, watchErrors } from './browser.mjs';
import { toCsv, parseCsv, csvField } from '../../web/admin/csv.js';
import { filterCdr, pageOf } from '../../web/admin/cdr.js';
import { AcResultT as Ar, AgentStatusT as S } from '../../web/agentbar/codes.js';

const WAIT_MS = 5000;

let d;
let browser;
let page;
let errors;
let admin;
let wsUrl;
let toolbar;   // the page where 3001 signed in

/** Waits for the result line `sel` to report `method` and returns it. */
async function resultOf(sel, method) {
  const el = page.locator(sel);
  await until(`${method} result`, async () => (await el.textContent()).startsWith(method));
  return { text: await el.textContent(), code: await el.getAttribute('data-code') };
}

const panel = (id) => page.locator(`#panel-${id}`);

before(async () => {
  d = await startDaemon({ ini: '[acd]\nheartbeat_timeout = 300\n' });
  wsUrl = `ws://127.0.0.1:${d.httpPort}/ws`;
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  page.setDefaultTimeout(WAIT_MS);
  errors = watchErrors(page);
  admin = await Rpc.open(wsUrl);
  await admin.ok('Admin.Login', { user: 'admin', password: 'admin' });
});

after(async () => {
  if (admin) await admin.close().catch(() => {});
  if (browser) await browser.close();
  if (d) assert.equal(await d.stop(), 0, d.log());
});

test('csv.js quotes commas, quotes and line breaks (RFC 4180)', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField(' pad'), '" pad"');
  assert.equal(csvField(null), '');
  assert.equal(csvField({ k: 'v' }), '"{""k"":""v""}"');
  const cols = [{ header: 'a', value: (r) => r.a }, { header: 'b,c', value: (r) => r.b }];
  const text = toCsv(cols, [{ a: '坐席 "1"', b: 'x\r\ny' }, { a: 1, b: '' }], { bom: true });
  assert.equal(text, '\uFEFFa,"b,c"\r\n"坐席 ""1""","x\r\ny"\r\n1,\r\n');
  assert.deepEqual(parseCsv(text), [['a', 'b,c'], ['坐席 "1"', 'x\r\ny'], ['1', '']]);
});

test('cdr.js filters by time, agent, skill and number and pages', () => {
  const rows = [
    { startTime: 1000, agent: '2002', skill: '示例', ani: '138', dnis: '4000', dn: '1882' },
    { startTime: 2000, agent: '2003', skill: '投诉', ani: '139', dnis: '4001', dn: '1883' },
    { startTime: 3000, agent: '', skill: '示例', ani: '137', dnis: '4000', dn: '' },
  ];
  assert.equal(filterCdr(rows, {}).length, 3);
  assert.deepEqual(filterCdr(rows, { fromUs: 1500, toUs: 3000 }).map((r) => r.startTime), [2000, 3000]);
  assert.equal(filterCdr(rows, { agent: '2003' }).length, 1);
  assert.equal(filterCdr(rows, { skill: '示例' }).length, 2);
  assert.equal(filterCdr(rows, { number: '1883' }).length, 1);
  assert.equal(filterCdr(rows, { number: '4000' }).length, 2);
  assert.deepEqual(pageOf([1, 2, 3, 4, 5], 2, 2), { page: 2, pages: 3, items: [3, 4] });
  assert.deepEqual(pageOf([1, 2], 9, 20), { page: 1, pages: 1, items: [1, 2] });
});

test('login, add agent 3001 with 示例=2, who then signs in', { timeout: 30000 }, async () => {
  await page.goto(`${d.url}/admin`);
  assert.equal(await page.inputValue('#l-cti'), wsUrl);
  await page.locator('#login-form').getByLabel('密码').fill('wrong');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  const bad = await resultOf('#login-result', 'Admin.Login');
  assert.equal(bad.code, String(Ar.ArPasswordError), bad.text);

  await page.locator('#login-form').getByLabel('密码').fill('admin');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await panel('agents').locator('tr[data-key="2001"]').waitFor({ timeout: WAIT_MS });
  assert.equal(await page.getByRole('tab', { name: '坐席' }).getAttribute('aria-selected'), 'true');

  const p = panel('agents');
  await p.getByLabel('工号').fill('3001');
  await p.getByLabel('姓名').fill('新人');
  await p.getByLabel('角色').selectOption('agent');
  await p.getByLabel('密码', { exact: true }).fill('pw3001');
  await p.getByLabel('示例', { exact: true }).check();
  await p.getByLabel('示例 级别').fill('2');
  await p.getByRole('button', { name: '保存' }).click();
  const saved = await resultOf('#panel-agents .result', 'Admin.AddAgent 3001');
  assert.equal(saved.code, String(Ar.ArSuccess), saved.text);
  const row = p.locator('tr[data-key="3001"]');
  await row.waitFor({ timeout: WAIT_MS });
  assert.match(await row.textContent(), /新人/);
  assert.match(await row.textContent(), /示例=2/);
  const perms = (await admin.ok('Admin.ListPermissions', { agent: '3001' })).data;
  assert.deepEqual(perms, [{ agent: '3001', skill: '示例', level: 2 }]);

  await screenshot(page, 'admin-agents');
  // the new agent signs in from the toolbar page
  const tb = await browser.newPage();
  toolbar = tb;
  const tbErrors = watchErrors(tb);
  await tb.goto(`${d.url}/`);
  await toolbarSignIn(tb, { AgentID: '3001', PassWord: 'pw3001', DN: '1890',
    ServiceList: '示例' });
  await tb.locator(`#state[data-state="${S.AsReadyState}"]`).waitFor({ timeout: WAIT_MS });
  const info = JSON.parse((await admin.ok('GetAgentDetailByAgentID',
    { AgentID: '3001' })).data);
  assert.equal(info.agentDn, '1890');
  assert.equal(info.currStatus, S.AsReadyState);
  assert.deepEqual(tbErrors, []);
});

test('a skill\'s ring timeout is changed and read back', { timeout: 30000 }, async () => {
  await page.getByRole('tab', { name: '技能' }).click();
  const p = panel('skills');
  await p.getByRole('button', { name: '编辑 示例' }).click();
  await p.getByLabel('振铃超时 (秒)').fill('35');
  await p.getByLabel('分配策略').selectOption('round-robin');
  await p.getByRole('button', { name: '保存' }).click();
  const saved = await resultOf('#panel-skills .result', 'Admin.UpdateSkill 示例');
  assert.equal(saved.code, String(Ar.ArSuccess), saved.text);
  const skills = (await admin.ok('Admin.ListSkills')).data;
  const s = skills.find((x) => x.name === '示例');
  assert.equal(s.ringTimeout, 35);
  assert.equal(s.strategy, 'round-robin');
  // the page's table is the server's list again
  await until('35 in the table', async () =>
    (await p.locator('tr[data-key="示例"] td').nth(1).textContent()) === '35');
  // out of range: the page says so before sending
  await p.getByLabel('振铃超时 (秒)').fill('601');
  await p.getByRole('button', { name: '保存' }).click();
  assert.match(await page.locator('#panel-skills .result').textContent(), /1\.\.600/);
  // a name the server refuses: its code and message are shown
  await p.getByRole('button', { name: '新建' }).click();
  await p.getByLabel('名称').fill('a;b');
  await p.getByRole('button', { name: '保存' }).click();
  const refused = await resultOf('#panel-skills .result', 'Admin.AddSkill a;b');
  assert.equal(refused.code, String(Ar.ArInvalidParam), refused.text);
  assert.match(refused.text, /,;=/);
  await screenshot(page, 'admin-skills');
});

test('an invalid IVR flow shows the server\'s validation error', { timeout: 30000 }, async () => {
  await page.getByRole('tab', { name: 'IVR 流程' }).click();
  const p = panel('ivr');
  await p.locator('tr[data-key="4100"]').waitFor({ timeout: WAIT_MS });
  const editor = p.getByRole('textbox', { name: 'Admin.SetIvrFlow 参数 (JSON)' });
  await editor.fill('{"name": "bad", "script": "prompt:x;dance"}');
  await p.getByRole('button', { name: '保存' }).click();
  const bad = await resultOf('#ivr-result', 'Admin.SetIvrFlow bad');
  assert.equal(bad.code, String(Ar.ArInvalidParam), bad.text);
  assert.match(bad.text, /step 2 is not one of/);
  // a missing parameter: the server's -32602
  await editor.fill('{"name": "bad"}');
  await p.getByRole('button', { name: '保存' }).click();
  await until('-32602', async () =>
    (await page.locator('#ivr-result').getAttribute('data-code')) === '-32602');
  assert.match(await page.locator('#ivr-result').textContent(), /missing parameter script/);
  // not JSON at all: said by the page, nothing sent
  await editor.fill('{"name": ');
  await p.getByRole('button', { name: '保存' }).click();
  await until('client error', async () =>
    (await page.locator('#ivr-result').getAttribute('data-code')) === 'client');
  // a good one is stored
  await editor.fill('{"name": "menu", "script": "prompt:welcome;collect:choice:12:5;skill:示例"}');
  await p.getByRole('button', { name: '保存' }).click();
  const good = await resultOf('#ivr-result', 'Admin.SetIvrFlow menu');
  assert.equal(good.code, String(Ar.ArSuccess), good.text);
  await p.locator('tr[data-key="menu"]').waitFor({ timeout: WAIT_MS });
  await editor.fill('{"name": "bad", "script": "prompt:x;dance"}');
  await p.getByRole('button', { name: '保存' }).click();
  await resultOf('#ivr-result', 'Admin.SetIvrFlow bad');
  await screenshot(page, 'admin-ivr');
});

test('the CDR lists a call made during the test and exports it as CSV',
  { timeout: 30000 }, async () => {
    const state = (n) => toolbar.locator(`#state[data-state="${n}"]`)
      .waitFor({ timeout: WAIT_MS });
    const ani = '13900000077';
    const { callID } = await admin.ok('Sim.InboundCall', { ani, dnis: '4000',
      data: { note: 'a, "quoted" note' } });
    await state(6);    // Alerting
    await admin.ok('Sim.Answer', { party: '1890' });
    await state(9);    // Connected
    await new Promise((r) => setTimeout(r, 200));
    await admin.ok('Sim.Hangup', { party: callID });
    await state(2);

    await page.getByRole('tab', { name: '话单' }).click();
    const p = panel('cdr');
    const listed = await resultOf('#cdr-result', 'Admin.ListCDR');
    assert.equal(listed.code, String(Ar.ArSuccess), listed.text);
    await p.getByLabel('号码 (主叫/被叫/分机)').fill(ani);
    const rows = p.locator('tbody tr[data-call]');
    await until('one row', async () => (await rows.count()) === 1);
    const text = await rows.first().textContent();
    assert.match(text, new RegExp(ani));
    assert.match(text, /3001/);
    assert.equal(await rows.first().getAttribute('data-call'), callID);

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: WAIT_MS }),
      p.getByRole('button', { name: '导出 CSV' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^cdr-\d{8}-\d{6}\.csv$/);
    const csv = await readFile(await download.path(), 'utf8');
    assert.equal(csv.charCodeAt(0), 0xfeff, 'a BOM for spreadsheet programs');
    // the call data has a comma and quotes: quoted, quotes doubled
    assert.ok(csv.includes('"{""note"":""a, \\""quoted\\"" note""}"'), csv);
    const table = parseCsv(csv);
    const header = table[0];
    assert.deepEqual(header.slice(0, 6), ['callID', 'contactID', 'direction', 'ani', 'dnis', 'agent']);
    assert.equal(table.length, 2, csv);   // the header and the one filtered row
    const rec = Object.fromEntries(header.map((k, i) => [k, table[1][i]]));
    assert.equal(rec.callID, callID);
    assert.equal(rec.ani, ani);
    assert.equal(rec.agent, '3001');
    assert.equal(rec.skill, '示例');
    assert.equal(rec.hangupBy, 'customer');
    assert.deepEqual(JSON.parse(rec.callData), { note: 'a, "quoted" note' });
    await p.getByLabel('号码 (主叫/被叫/分机)').fill('');
    await screenshot(page, 'admin');
    assert.deepEqual(errors, []);
  });

test('a monitor\'s skill is taken away and given back on the page', { timeout: 30000 }, async () => {
  const supervised = async () => (await admin.ok('Admin.ListMonitorSkills',
    { monitor: '2001' })).data.map((r) => r.skill).sort();
  await page.getByRole('tab', { name: '班长管辖' }).click();
  const p = panel('monitors');
  await p.locator('tr[data-key="2001 投诉"]').waitFor({ timeout: WAIT_MS });
  await p.getByRole('button', { name: '删除 2001 投诉' }).click();
  await page.getByRole('button', { name: '确认' }).click();
  const gone = await resultOf('#panel-monitors .result', 'Admin.DeleteMonitorSkill 2001 投诉');
  assert.equal(gone.code, String(Ar.ArSuccess), gone.text);
  assert.deepEqual(await supervised(), ['咨询', '示例'].sort());
  // only monitors are offered; the skill comes back
  const monitors = await p.getByLabel('班长', { exact: true }).locator('option').allTextContents();
  assert.deepEqual(monitors, ['2001']);
  await p.getByLabel('技能', { exact: true }).selectOption('投诉');
  await p.getByRole('button', { name: '新增' }).click();
  const back = await resultOf('#panel-monitors .result', 'Admin.SetMonitorSkill 2001');
  assert.equal(back.code, String(Ar.ArSuccess), back.text);
  assert.deepEqual(await supervised(), ['咨询', '投诉', '示例'].sort());
  await p.locator('tr[data-key="2001 投诉"]').waitFor({ timeout: WAIT_MS });
  assert.deepEqual(errors, []);
});

test('the admin changes its own password on the page', { timeout: 30000 }, async () => {
  await page.getByRole('tab', { name: '账户' }).click();
  const p = panel('account');
  const fill = async (old, pw, again) => {
    await p.getByLabel('当前密码').fill(old);
    await p.getByLabel('新密码', { exact: true }).fill(pw);
    await p.getByLabel('再次输入新密码').fill(again);
    await p.getByRole('button', { name: '保存' }).click();
  };
  // typed differently twice: the page says so, nothing is sent
  await fill('admin', 'n3w-passw0rd', 'n3w-passw0rd!');
  assert.equal(await page.locator('#panel-account .result').getAttribute('data-code'), 'client');
  // too short: the server's code and reason
  await fill('admin', 'short', 'short');
  const weak = await resultOf('#panel-account .result', 'Admin.ChangePassword');
  assert.equal(weak.code, String(Ar.ArInvalidParam), weak.text);
  assert.match(weak.text, /8 characters/);
  await fill('admin', 'n3w-passw0rd', 'n3w-passw0rd');
  await until('changed', async () =>
    (await page.locator('#panel-account .result').getAttribute('data-code')) === '0');
  assert.equal(await p.getByLabel('当前密码').inputValue(), '');
  const again = await Rpc.open(wsUrl);
  try {
    await again.ok('Admin.Login', { user: 'admin', password: 'n3w-passw0rd' });
  } finally {
    await again.close();
  }
  await screenshot(page, 'admin-account');
  assert.deepEqual(errors, []);
});
