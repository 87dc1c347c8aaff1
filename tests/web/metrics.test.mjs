// metrics.test.mjs — GET /metrics (Prometheus text format 0.0.4): every
// scrape passes `promtool check metrics`, and the numbers move as calls
// flow on the sim switch (agents, calls, skill counters, RPC, events) and
// as SIP messages reach the SIP switch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import dgram from 'node:dgram';
import { startDaemon } from './daemon.mjs';
import { request } from './http.mjs';
import { Rpc } from './rpc.mjs';
import { AcResultT as Ar } from '../../web/agentbar/codes.js';

const WAIT_MS = 5000;
const SKILL = '示例';

/** The page, checked by promtool: series text → value. */
async function scrape(port) {
  const r = await request(port, '/metrics');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'],
    'text/plain; version=0.0.4; charset=utf-8');
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.match(r.headers['content-security-policy'], /default-src 'self'/);
  const check = spawnSync('promtool', ['check', 'metrics'],
    { input: r.body, encoding: 'utf8' });
  assert.equal(check.error, undefined, String(check.error));
  const said = (check.stdout + check.stderr).trim();
  assert.equal(check.status, 0, said);
  assert.doesNotMatch(said, /error/i);
  assert.equal(said, '');
  const series = new Map();
  for (const line of r.body.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    series.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return series;
}

/** The value of one series; it must be on the page. */
function val(m, name, labels = {}) {
  const l = Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',');
  const key = l ? `${name}{${l}}` : name;
  assert.ok(m.has(key), `${key} is not on the page`);
  return m.get(key);
}

/** Scrapes until pred(page) holds; the last page otherwise fails. */
async function until(port, pred, what) {
  const end = Date.now() + WAIT_MS;
  for (;;) {
    const m = await scrape(port);
    if (pred(m)) return m;
    if (Date.now() > end) assert.fail(`metrics: never ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const skill = (m, name) => val(m, name, { skill: SKILL });
/** The one callcloud_build_info series, labels and all. */
const buildInfo = (m) =>
  [...m.keys()].find((k) => k.startsWith('callcloud_build_info{'));

let d;
let ws;

before(async () => {
  d = await startDaemon();
  ws = `ws://127.0.0.1:${d.httpPort}/ws`;
});

after(async () => {
  assert.equal(await d.stop(), 0, d.log());
});

test('every family is there at start, skills with zeros', async () => {
  const m = await scrape(d.httpPort);
  const r = await request(d.httpPort, '/metrics');
  for (const family of ['callcloud_agents', 'callcloud_calls',
    'callcloud_skill_queue_length', 'callcloud_skill_offered_total',
    'callcloud_skill_answered_within_sl_total',
    'callcloud_skill_service_level_ratio',
    'callcloud_skill_average_speed_of_answer_seconds',
    'callcloud_events_sent_total', 'callcloud_rpc_requests_total',
    'callcloud_rpc_errors_total', 'callcloud_sip_requests_total',
    'callcloud_sip_responses_total', 'callcloud_rtp_packets_received_total',
    'callcloud_rtp_packets_sent_total', 'callcloud_rtp_packets_lost_total',
    'callcloud_switch_legs', 'callcloud_process_resident_memory_bytes',
    'callcloud_process_start_time_seconds', 'callcloud_uptime_seconds',
    'callcloud_build_info', 'callcloud_ha_master',
    'callcloud_ha_fence_token', 'callcloud_ha_takeovers_total',
    'callcloud_ha_last_takeover_time_seconds',
    'callcloud_ha_last_takeover_duration_seconds']) {
    assert.match(r.body, new RegExp(`^# HELP ${family} `, 'm'), family);
    assert.match(r.body, new RegExp(`^# TYPE ${family} `, 'm'), family);
  }
  for (const s of ['示例', '投诉', '咨询']) {
    assert.equal(val(m, 'callcloud_skill_offered_total', { skill: s }), 0);
    assert.equal(val(m, 'callcloud_skill_queue_length', { skill: s }), 0);
    assert.equal(val(m, 'callcloud_skill_free_agents', { skill: s }), 0);
  }
  assert.equal(val(m, 'callcloud_agents', { state: 'un_login' }), 20);
  // alone, not one of a pair: master, never took over
  assert.equal(val(m, 'callcloud_ha_master'), 1);
  assert.equal(val(m, 'callcloud_ha_takeovers_total'), 0);
  assert.equal(val(m, 'callcloud_agents', { state: 'ready' }), 0);
  assert.equal(val(m, 'callcloud_calls', { state: 'talking' }), 0);
  assert.equal(val(m, 'callcloud_sip_requests_total',
    { method: 'INVITE', direction: 'in' }), 0);
  assert.match(buildInfo(m),
    /^callcloud_build_info\{libre="[^"]+",jansson="[^"]+",switch="sim"\}$/);
  assert.equal(m.get(buildInfo(m)), 1);
  assert.ok(val(m, 'callcloud_process_resident_memory_bytes') > 1 << 20);
  const start = val(m, 'callcloud_process_start_time_seconds');
  assert.ok(Math.abs(start - Date.now() / 1000) < 300, String(start));
  assert.ok(val(m, 'callcloud_uptime_seconds') >= 0);
  // GET only, like /sysinfo
  assert.equal((await request(d.httpPort, '/metrics',
    { method: 'POST' })).status, 405);
});

test('calls flowing move agents, calls, skills, RPC and events',
  async () => {
    const port = d.httpPort;
    const m0 = await scrape(port);
    const admin = await Rpc.open(ws);
    await admin.ok('Admin.Login', { user: 'admin', password: 'admin' });
    const bar = await Rpc.open(ws);
    // AutoAnswer off: the phone rings until Sim.Answer
    await bar.ok('SignIn', { AgentID: '2002', PassWord: '2002123',
      DN: '1882', StatusChangeType: 0, AutoAnswer: false,
      ServiceList: `${SKILL}=3` });
    await bar.event('OnReady');
    let m = await scrape(port);
    assert.equal(val(m, 'callcloud_agents', { state: 'ready' }), 1);
    assert.equal(val(m, 'callcloud_agents', { state: 'un_login' }), 19);
    assert.equal(skill(m, 'callcloud_skill_free_agents'), 1);
    assert.equal(skill(m, 'callcloud_skill_signed_in_agents'), 1);
    assert.equal(val(m, 'callcloud_connections', { transport: 'ws' }), 2);
    const rpc = (mm, method) =>
      val(mm, 'callcloud_rpc_requests_total', { method });
    const rpcErr = (mm, method) =>
      val(mm, 'callcloud_rpc_errors_total', { method });
    const sent = (mm, event) =>
      val(mm, 'callcloud_events_sent_total', { event });
    assert.equal(rpc(m, 'SignIn') - rpc(m0, 'SignIn'), 1);
    assert.equal(rpc(m, 'Admin.Login') - rpc(m0, 'Admin.Login'), 1);
    assert.equal(rpcErr(m, 'SignIn') - rpcErr(m0, 'SignIn'), 0);
    assert.equal(sent(m, 'OnReady') - sent(m0, 'OnReady'), 1);

    // A customer rings the agent; the agent answers.
    const first = await admin.ok('Sim.InboundCall',
      { ani: '13800000001', dnis: '4000' });
    await bar.event('OnAlerting');
    m = await scrape(port);
    assert.equal(skill(m, 'callcloud_skill_offered_total'), 1);
    assert.equal(val(m, 'callcloud_calls', { state: 'ringing' }), 1);
    assert.equal(val(m, 'callcloud_agents', { state: 'alerting' }), 1);
    assert.equal(skill(m, 'callcloud_skill_free_agents'), 0);
    assert.equal(val(m, 'callcloud_switch_legs'), 2);
    await admin.ok('Sim.Answer', { party: '1882' });
    await bar.event('OnConnected');
    m = await scrape(port);
    assert.equal(skill(m, 'callcloud_skill_answered_total'), 1);
    assert.equal(skill(m, 'callcloud_skill_answered_within_sl_total'), 1);
    assert.equal(val(m, 'callcloud_calls', { state: 'talking' }), 1);
    assert.equal(val(m, 'callcloud_agents', { state: 'connected' }), 1);
    assert.equal(skill(m, 'callcloud_skill_service_level_ratio'), 1);
    const asa = skill(m, 'callcloud_skill_average_speed_of_answer_seconds');
    assert.ok(asa >= 0 && asa < 5, String(asa));
    assert.equal(skill(m, 'callcloud_skill_answer_wait_seconds_total'), asa);

    // A second customer waits (the agent is busy) and gives up.
    const second = await admin.ok('Sim.InboundCall',
      { ani: '13800000002', dnis: '4000' });
    m = await until(port, (p) =>
      skill(p, 'callcloud_skill_queue_length') === 1, 'queued');
    assert.equal(skill(m, 'callcloud_skill_offered_total'), 2);
    assert.equal(val(m, 'callcloud_calls', { state: 'queued' }), 1);
    await new Promise((r) => setTimeout(r, 120));
    m = await scrape(port);
    assert.ok(skill(m, 'callcloud_skill_oldest_wait_seconds') >= 0.1);
    await admin.ok('Sim.Hangup', { party: second.callID });
    m = await until(port, (p) =>
      skill(p, 'callcloud_skill_abandoned_total') === 1, 'abandoned');
    assert.equal(skill(m, 'callcloud_skill_queue_length'), 0);
    assert.equal(skill(m, 'callcloud_skill_oldest_wait_seconds'), 0);
    assert.equal(val(m, 'callcloud_calls', { state: 'queued' }), 0);
    // 1 within the service level of 2 that left the queue
    assert.equal(skill(m, 'callcloud_skill_service_level_ratio'), 0.5);

    // The agent hangs up: Ready again, no call left.
    await bar.ok('ReleaseCall');
    await bar.event('OnReady', () => bar.events.filter((e) =>
      e.method === 'OnReady').length === 2);
    m = await until(port, (p) =>
      val(p, 'callcloud_calls', { state: 'talking' }) === 0 &&
      val(p, 'callcloud_switch_legs') === 0, 'idle');
    assert.equal(val(m, 'callcloud_agents', { state: 'ready' }), 1);
    assert.equal(skill(m, 'callcloud_skill_free_agents'), 1);
    assert.equal(skill(m, 'callcloud_skill_answered_total'), 1);
    assert.equal(sent(m, 'OnReady') - sent(m0, 'OnReady'), 2);
    assert.equal(sent(m, 'OnConnected') - sent(m0, 'OnConnected'), 1);
    assert.ok(first.callID);

    // Errors: a non-zero result code, an unknown method, unreadable JSON.
    const e0 = m;
    const wrong = await bar.call('Answer');
    assert.notEqual(wrong.result.code, Ar.ArSuccess);
    assert.equal((await bar.call('No.Such.Method')).error.code, -32601);
    bar.ws.send('{not json');
    await bar.ok('Heartbeat');
    m = await scrape(port);
    assert.equal(rpc(m, 'Answer') - rpc(e0, 'Answer'), 1);
    assert.equal(rpcErr(m, 'Answer') - rpcErr(e0, 'Answer'), 1);
    assert.equal(rpc(m, 'unknown') - rpc(e0, 'unknown'), 2);
    assert.equal(rpcErr(m, 'unknown') - rpcErr(e0, 'unknown'), 2);
    assert.equal(rpcErr(m, 'Heartbeat') - rpcErr(e0, 'Heartbeat'), 0);
    assert.ok(![...m.keys()].some((k) => k.includes('No.Such.Method')));

    await bar.ok('SignOut');
    await bar.close();
    await admin.close();
    m = await until(port, (p) =>
      val(p, 'callcloud_agents', { state: 'un_login' }) === 20, 'signed out');
    assert.equal(val(m, 'callcloud_agents', { state: 'ready' }), 0);
  });

test('an overflow counts in both skills', async () => {
  const port = d.httpPort;
  const admin = await Rpc.open(ws);
  await admin.ok('Admin.Login', { user: 'admin', password: 'admin' });
  await admin.ok('Admin.UpdateSkill',
    { name: '投诉', maxWait: 1, overflow: 'skill:咨询' });
  const m0 = await scrape(port);
  const c = await admin.ok('Sim.InboundCall',
    { ani: '13800000003', dnis: '4001' });
  const m = await until(port, (p) =>
    val(p, 'callcloud_skill_overflowed_total', { skill: '投诉' }) === 1,
  'overflowed');
  const d1 = (name, s) => val(m, name, { skill: s }) - val(m0, name,
    { skill: s });
  assert.equal(d1('callcloud_skill_offered_total', '投诉'), 1);
  assert.equal(d1('callcloud_skill_offered_total', '咨询'), 1);
  assert.equal(val(m, 'callcloud_skill_queue_length', { skill: '咨询' }), 1);
  await admin.ok('Sim.Hangup', { party: c.callID });
  await until(port, (p) =>
    val(p, 'callcloud_skill_abandoned_total', { skill: '咨询' }) === 1,
  'abandoned in the overflow skill');
  await admin.close();
});

test('label values are escaped', async () => {
  const admin = await Rpc.open(ws);
  await admin.ok('Admin.Login', { user: 'admin', password: 'admin' });
  await admin.ok('Admin.AddSkill', { name: 'a"b\\c' });
  const r = await request(d.httpPort, '/metrics');
  assert.match(r.body,
    /^callcloud_skill_offered_total\{skill="a\\"b\\\\c"\} 0$/m);
  await scrape(d.httpPort);   // promtool reads it
  await admin.ok('Admin.DeleteSkill', { name: 'a"b\\c' });
  await admin.close();
});

/** One SIP request over UDP; resolves with the status line of the reply. */
function sipRequest(port, method, body) {
  return new Promise((resolve, reject) => {
    const sock = dgram.createSocket('udp4');
    const t = setTimeout(() => { sock.close(); reject(new Error(
      `${method}: no reply`)); }, WAIT_MS);
    sock.on('message', (msg) => {
      clearTimeout(t);
      sock.close();
      resolve(msg.toString().split('\r\n')[0]);
    });
    sock.bind(0, '127.0.0.1', () => {
      const lp = sock.address().port;
      const tag = Math.random().toString(16).slice(2);
      const text = [`${method} sip:127.0.0.1:${port} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${lp};branch=z9hG4bK${tag};rport`,
        'Max-Forwards: 70',
        `From: <sip:${body}@127.0.0.1>;tag=${tag}`,
        `To: <sip:${body}@127.0.0.1>`,
        `Call-ID: ${tag}@127.0.0.1`, `CSeq: 1 ${method}`,
        `Contact: <sip:${body}@127.0.0.1:${lp}>`,
        'Content-Length: 0', '', ''].join('\r\n');
      sock.send(text, port, '127.0.0.1');
    });
  });
}

test('the SIP switch counts requests and responses', async () => {
  const sip = await startDaemon({ args: ['--switch', 'sip',
    '--sip-port', '0'] });
  try {
    assert.ok(sip.sipPort > 0);
    const m0 = await scrape(sip.httpPort);
    const sipReq = (m, method, direction) =>
      val(m, 'callcloud_sip_requests_total', { method, direction });
    const sipRes = (m, cls, direction) =>
      val(m, 'callcloud_sip_responses_total', { class: cls, direction });
    assert.equal(sipReq(m0, 'OPTIONS', 'in'), 0);
    assert.match(buildInfo(m0), /switch="sip"\}$/);
    assert.match(await sipRequest(sip.sipPort, 'OPTIONS', 'probe'),
      /^SIP\/2\.0 200 /);
    // REGISTER without credentials: challenged
    assert.match(await sipRequest(sip.sipPort, 'REGISTER', '1880'),
      /^SIP\/2\.0 401 /);
    const m = await until(sip.httpPort, (p) =>
      sipRes(p, '4xx', 'out') >= 1, 'a 4xx sent');
    assert.equal(sipReq(m, 'OPTIONS', 'in'), 1);
    assert.equal(sipReq(m, 'REGISTER', 'in'), 1);
    assert.equal(sipRes(m, '2xx', 'out'), 1);
    assert.equal(sipRes(m, '4xx', 'out'), 1);
    assert.equal(sipReq(m, 'INVITE', 'in'), 0);
    assert.equal(val(m, 'callcloud_switch_legs'), 0);
  } finally {
    assert.equal(await sip.stop(), 0, sip.log());
  }
});
