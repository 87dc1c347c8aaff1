// agentbar.test.mjs — web/agentbar.js against a real daemon on the sim
// switch, over /ws with the `ws` package (node 20 has no WebSocket):
// properties, the client-side checks, sign-in, states, a routed call with
// hold, call data and mute, consult + transfer and conference between two
// bars, the OnBeforeOutCall veto, queries, CTI time, and UnInitial.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import { AcResultT as Ar, AGENTBARERROR as E, AgentBar, AgentStatusT as S,
  BEFOREOUTCALL, EVENTS, PartyAttributeT as PA, PROPERTY_NAMES }
  from '../../web/agentbar.js';
import { startDaemon } from './daemon.mjs';
import { EventRecorder } from './evrec.mjs';
import { Rpc } from './rpc.mjs';

let d;
let admin;
const bars = [];

before(async () => {
  d = await startDaemon();
  admin = await Rpc.open(`ws://127.0.0.1:${d.httpPort}/ws`);
  await admin.ok('Admin.Login', { user: 'admin', password: 'admin' });
});

// each test's agents sign out, so the next test's calls route to its own
afterEach(async () => {
  for (const bar of bars.splice(0)) {
    if (bar.IsInitial) await bar.UnInitial();
  }
});

after(async () => {
  await admin?.close();
  assert.equal(await d.stop(), 0, d.log());
});

function newBar(agent, dn, props = {}) {
  const bar = new AgentBar({ MainCTIIP: '127.0.0.1', CTIPort: d.httpPort,
    AgentID: agent, PassWord: `${agent}123`, DN: dn, ServiceList: '示例=3',
    AutoAnswer: 0, LogLevel: 0, ...props }, { WebSocket });
  bars.push(bar);
  return { bar, rec: new EventRecorder(bar) };
}

async function signedIn(agent, dn, props) {
  const b = newBar(agent, dn, props);
  assert.equal(await b.bar.Initial(), Ar.ArSuccess);
  assert.equal(await b.bar.SignIn(), Ar.ArSuccess);
  await b.rec.wait('OnReady');
  return b;
}

const customerCall = async (ani) =>
  (await admin.ok('Sim.InboundCall', { ani, dnis: '4000' })).callID;

test('properties: the manual\'s names, defaults, checked values', () => {
  const bar = new AgentBar({ AgentID: '2002', CTIPort: '8080',
    AutoAnswer: 'false', Unknown: 1, LogLevel: 0 });
  assert.equal(PROPERTY_NAMES.length, 26);   // + the alias ANICChangeType
  assert.equal(bar.AgentID, '2002');
  assert.equal(bar.CTIPort, 8080);
  assert.equal(bar.AutoAnswer, 0);
  assert.equal(bar.TimeOut, 3000);
  assert.equal(bar.IsCallOut, 1);
  assert.equal(bar.IsInitial, 0);
  bar.IsInitial = 1;                         // read-only, ignored
  assert.equal(bar.IsInitial, 0);
  assert.equal(bar.SetProperty('ctiport', 0), Ar.ArInvalidParam);
  assert.equal(bar.SetProperty('CTIPort', '12x'), Ar.ArInvalidParam);
  assert.equal(bar.CTIPort, 8080, 'a bad value is ignored');
  assert.equal(bar.SetProperty('NoSuch', 1), Ar.ArInvalidParam);
  assert.equal(bar.SetProperty('ANICChangeType', 5), Ar.ArSuccess);
  assert.equal(bar.ANISChangeType, 5);
  bar.ForceSignIn = -1;                      // VARIANT_TRUE
  assert.equal(bar.ForceSignIn, 1);
  assert.equal(bar.SetProperty('AgentTag', 'x'.repeat(4097)), Ar.ArInvalidParam);
  assert.equal(bar.SetProperty('AgentTag', '\uD800'), Ar.ArInvalidParam);
  assert.equal(bar.GetProperty('agenttag'), '');
  assert.equal(EVENTS.length, 27);
});

test('the 56 methods of the manual, all declared in agentbar.d.ts', () => {
  const extensions = ['SetProperty', 'GetProperty', 'LastError', 'CTITimeOffset',
    'SetAudioInput'];
  const methods = Object.getOwnPropertyNames(AgentBar.prototype).filter((n) =>
    typeof Object.getOwnPropertyDescriptor(AgentBar.prototype, n).value ===
      'function' && n !== 'constructor' && !n.startsWith('_'));
  assert.equal(methods.filter((n) => !extensions.includes(n)).length, 56);
  const dts = readFileSync(new URL('../../web/agentbar.d.ts', import.meta.url), 'utf8');
  const declared = [...dts.slice(dts.indexOf('class AgentBar'))
    .matchAll(/^  (\w+)\(/gm)].map((m) => m[1])
    .filter((n) => n !== 'addEventListener' && n !== 'constructor');
  assert.deepEqual(declared.sort(), methods.sort());
  for (const name of [...EVENTS, ...PROPERTY_NAMES]) {
    assert.match(dts, new RegExp(`\\b${name}\\b`), name);
  }
});

test('client-side checks answer without a round trip', async () => {
  const { bar } = newBar('2003', '1883');
  assert.equal(await bar.SignIn(), E.AGENTBARERROR_BAR_UNINITIAL);
  assert.equal(await bar.GetRestReason(), '');
  assert.equal(bar.LastError(), E.AGENTBARERROR_BAR_UNINITIAL);
  assert.equal(await bar.UnInitial(), E.AGENTBARERROR_BAR_UNINITIAL);
  assert.equal(await bar.Initial(), Ar.ArSuccess);
  assert.equal(bar.IsInitial, 1);
  assert.equal(await bar.Initial(), E.AGENTBARERROR_BAR_INITIAL);
  assert.equal(await bar.SetBusy(), E.AGENTBARERROR_BAR_UNSIGNIN);
  assert.equal(await bar.Answer(), E.AGENTBARERROR_BAR_UNSIGNIN);
  // the SDK sends it; the server wants an agent signed in
  assert.equal(await bar.GetRestReason(), '');
  assert.equal(bar.LastError(), Ar.ArNoSignin);
  assert.equal(await bar.SignIn(), Ar.ArSuccess);
  assert.equal(await bar.Answer(), E.AGENTBARERROR_BAR_WRONGSTATE);
  assert.equal(await bar.Hold(), E.AGENTBARERROR_BAR_WRONGSTATE);
  assert.equal(await bar.Transfer(), E.AGENTBARERROR_BAR_WRONGSTATE);
  assert.equal(await bar.MakeCall('2004', '', '', 0, 'x'), Ar.ArInvalidParam);
  assert.equal(await bar.UnInitial(), Ar.ArSuccess);
  assert.equal(bar.IsSignIn, 0);
  assert.equal(await bar.SetIdle(), E.AGENTBARERROR_BAR_UNINITIAL);

  const none = new AgentBar({ LogLevel: 0 }, { WebSocket });
  assert.equal(await none.Initial(), E.AGENTBARERROR_BGCC_CLIENTPROXYFAIL);
  const bad = new AgentBar({ MainCTIIP: 'a b', LogLevel: 0 }, { WebSocket });
  assert.equal(await bad.Initial(), E.AGENTBARERROR_BGCC_CLIENTPROXYFAIL);
  // the integrated softphone without a SIP server to register with
  const sip = new AgentBar({ MainCTIIP: '127.0.0.1', CTIPort: d.httpPort,
    IsSIPPhone: 1, LogLevel: 0 }, { WebSocket });
  assert.equal(await sip.Initial(), E.AGENTBARERROR_SOFTPHONE_ERROR);
});

test('sign-in: a wrong password, then states with their events', async () => {
  const { bar, rec } = newBar('2002', '1882', { PassWord: 'wrong' });
  assert.equal(await bar.Initial(), Ar.ArSuccess);
  assert.equal(await bar.SignIn(), Ar.ArAgentPasswordError);
  assert.equal(bar.IsSignIn, 0);
  assert.equal(await bar.GetPromptByErrorCode(Ar.ArAgentPasswordError),
    '坐席密码错误');
  bar.PassWord = '2002123';
  const handled = [];
  bar.OnReady = (...args) => handled.push(args);
  assert.equal(await bar.SignIn(), Ar.ArSuccess);
  assert.equal(bar.IsSignIn, 1);
  const ready = await rec.wait('OnReady');
  assert.equal(ready.agentStatus, S.AsReadyState);
  assert.equal(ready.agentId, '2002');
  assert.equal(ready.args.length, 11);
  assert.deepEqual(handled[0], ready.args, 'bar.OnReady gets the same args');
  assert.equal(ready.args[9], ready.reason);
  assert.equal(await bar.GetAgentStatus(), S.AsReadyState);
  assert.equal(await bar.SetBusy(), Ar.ArSuccess);
  await rec.wait('OnBusy');
  assert.equal(await bar.GetRestReason(), '午饭;培训;小休');
  assert.equal(await bar.SetRest('培训'), Ar.ArSuccess);
  await rec.wait('OnRest');
  assert.notEqual(await bar.SetRest('不存在'), Ar.ArSuccess);
  assert.equal(await bar.SetAgentStatus(S.AsReadyState, ''), Ar.ArSuccess);
  await rec.wait('OnReady');
  assert.equal(await bar.SignOut(), Ar.ArSuccess);
  await rec.wait('OnUnLogin');
  assert.equal(bar.IsSignIn, 0);
  assert.equal(await bar.SetIdle(), E.AGENTBARERROR_BAR_UNSIGNIN);
  assert.equal(await bar.UnInitial(), Ar.ArSuccess);
});

test('a routed call: answer, call data, hold, retrieve, mute, hang up',
  async () => {
    const { bar, rec } = await signedIn('2006', '1886');
    const callID = await customerCall('13800000006');
    const ring = await rec.wait('OnAlerting');
    assert.equal(ring.callID, callID);
    assert.equal(ring.args[1], callID);
    assert.equal(ring.otherParty, '13800000006');
    assert.equal(ring.originalDNIS, '4000');
    assert.equal(await bar.GetCallingNo(), '13800000006');
    assert.equal(await bar.GetOrgCalledNo(), '4000');
    assert.equal(await bar.Answer(), Ar.ArSuccess);
    await rec.wait('OnConnected');
    assert.equal(await bar.SetCallData('order', 'A-1'), Ar.ArSuccess);
    assert.equal(await bar.GetCallData('order'), 'A-1');
    assert.equal(await bar.GetCallData('none'), '');
    assert.notEqual(bar.LastError(), Ar.ArSuccess);
    assert.equal(await bar.Hold(), Ar.ArSuccess);
    await rec.wait('OnSuspended');
    assert.equal(await bar.Hold(), E.AGENTBARERROR_BAR_WRONGSTATE);
    assert.equal(await bar.Retrieve(), Ar.ArSuccess);
    await rec.wait('OnConnected');
    assert.equal(await bar.MuteOn(), Ar.ArSuccess);
    assert.equal(await bar.MuteOff(), Ar.ArSuccess);
    assert.equal(await bar.SendDTMF('12#'), Ar.ArSuccess);
    assert.equal(await bar.ReleaseCall(), Ar.ArSuccess);
    await rec.wait('OnReady');
  });

test('consult and transfer, consult and conference, between two bars',
  async () => {
    const a = await signedIn('2004', '1884');
    const b = await signedIn('2005', '1885');
    // the customer goes to a
    assert.equal(await b.bar.SetBusy(), Ar.ArSuccess);
    await b.rec.wait('OnBusy');
    await customerCall('13800000004');
    await a.rec.wait('OnAlerting');
    assert.equal(await a.bar.Answer(), Ar.ArSuccess);
    await a.rec.wait('OnConnected');
    assert.equal(await b.bar.SetIdle(), Ar.ArSuccess);
    await b.rec.wait('OnReady');
    assert.equal(await a.bar.Consult('2005', '', '', 0), Ar.ArSuccess);
    await a.rec.wait('OnConsultConnecting');
    await b.rec.wait('OnAlerting');
    assert.equal(await b.bar.Answer(), Ar.ArSuccess);
    await a.rec.wait('OnConsultConnected');
    assert.equal(await a.bar.Transfer(), Ar.ArSuccess);
    await a.rec.wait('OnReady');
    const got = await b.rec.wait('OnConnected');
    assert.equal(got.originalANI, '13800000004');
    // b consults a back, then all three talk
    assert.equal(await b.bar.Consult('2004', '', '', 0), Ar.ArSuccess);
    await a.rec.wait('OnAlerting');
    assert.equal(await a.bar.Answer(), Ar.ArSuccess);
    await b.rec.wait('OnConsultConnected');
    assert.equal(await b.bar.Conference(), Ar.ArSuccess);
    await b.rec.wait('OnConference');
    await a.rec.wait('OnConference');
    assert.equal(await b.bar.ReleaseCall(), Ar.ArSuccess);
    await b.rec.wait('OnReady');
    await a.rec.wait('OnConnected');
    assert.equal(await a.bar.ReleaseCall(), Ar.ArSuccess);
    await a.rec.wait('OnReady');
  });

test('OnBeforeOutCall runs synchronously and IsCallOut vetoes', async () => {
  const { bar, rec } = await signedIn('2007', '1887');
  const asked = [];
  bar.OnBeforeOutCall = (dest, attr, ani, dnis, reason) => {
    asked.push([dest, attr, reason]);
    bar.IsCallOut = 0;
  };
  const pending = bar.MakeCall('13900000000', '', '', 0, 1);
  assert.equal(asked.length, 1, 'asked before MakeCall returned');
  assert.equal(await pending, E.AGENTBARERROR_BAR_WRONGNUM);
  assert.deepEqual(asked[0],
    ['13900000000', PA.PaNormal, BEFOREOUTCALL.BEFOREOUTCALL_CALLOUT]);
  const ev = await rec.wait('OnBeforeOutCall');
  assert.equal(ev.otherParty, '13900000000');
  // no call was placed
  assert.equal(await bar.GetAgentStatus(), S.AsReadyState);
  // an internal call does not ask
  bar.OnBeforeOutCall = () => { bar.IsCallOut = 1; };
  assert.equal(await bar.MakeCall('2099', '', '', 0, 0), Ar.ArDestAgentIdNotExist);
  assert.equal(asked.length, 1);
  // allowed this time
  assert.equal(await bar.MakeCall('13900000000', '', '', 0, 1), Ar.ArSuccess);
  await rec.wait('OnHarfAlerting');   // the agent's own phone rings first
  assert.equal(await bar.ReleaseCall(), Ar.ArSuccess);
  await rec.wait('OnReady');
});

test('queries return the manual\'s structs as JSON text', async () => {
  const { bar } = await signedIn('2008', '1888');
  const detail = JSON.parse(await bar.GetAgentDetailByAgentID('2008'));
  assert.equal(detail.agentId, '2008');
  assert.equal(JSON.parse(await bar.GetAgentDetailByAgentDN('1888')).agentId,
    '2008');
  const list = JSON.parse(await bar.GetAgentDetailsByAgentIDs('2008,2002'));
  assert.ok(Array.isArray(list));
  assert.ok(await bar.GetAgentNBySkill('示例') >= 1);
  assert.equal(await bar.GetAgentNBySkill('没有'), E.AGENTBARERROR_BGCC_EXCEPTION);
  assert.equal(bar.LastError(), Ar.ArSkillNotExist);
  assert.ok('totalAgents' in JSON.parse(await bar.GetSysInfo()));
  assert.ok(Array.isArray(JSON.parse(await bar.GetPrivateQueue('2008'))));
  assert.ok('queuenumber' in JSON.parse(await bar.GetSkillWaitingNumber('示例')));
  assert.equal(await bar.GetPromptByErrorCode(E.AGENTBARERROR_BAR_WRONGNUM),
    '外呼号码被拦截，未发起呼叫');
  assert.equal(await bar.GetPromptByErrorCode(999), '未知错误');
  assert.equal(await bar.SynchronizeCTITime(), Ar.ArSuccess);
  // the same machine's clock: the offset is the round trip's error only
  assert.ok(Math.abs(bar.CTITimeOffset()) < 5e6, String(bar.CTITimeOffset()));
  assert.equal(await bar.JumptheQueue(123456), Ar.ArRouteRequestNotExist);
  assert.equal(await bar.JumptheQueue(-1.5), Ar.ArInvalidParam);
});

test('a supervisor listens from the bar, forces busy, idle and out',
  async () => {
  const m = await signedIn('2001', '1881');
  const a = await signedIn('2009', '1889');
  // the customer goes to a
  assert.equal(await m.bar.SetBusy(), Ar.ArSuccess);
  await m.rec.wait('OnBusy');
  await customerCall('13800000009');
  await a.rec.wait('OnAlerting');
  assert.equal(await a.bar.Answer(), Ar.ArSuccess);
  await a.rec.wait('OnConnected');
  assert.equal(await m.bar.Listen('2009', '', ''), Ar.ArSuccess);
  await m.rec.wait('OnHarfAlerting');       // M's own phone rings first
  assert.equal(await m.bar.Answer(), Ar.ArSuccess);
  await m.rec.wait('OnMonitor');
  await a.rec.wait('OnMonitored');
  assert.equal(await m.bar.StopListen('2009'), Ar.ArSuccess);
  await a.rec.wait('OnConnected');
  assert.equal(await a.bar.ReleaseCall(), Ar.ArSuccess);
  await a.rec.wait('OnReady');
  assert.equal(await m.bar.ForceBusy('2009'), Ar.ArSuccess);
  await a.rec.wait('OnBusy');
  assert.equal(await m.bar.ForceIdle('2009'), Ar.ArSuccess);
  await a.rec.wait('OnReady');
  assert.equal(await a.bar.ForceOut('2001'), Ar.ArPermissionDenied);
  assert.equal(await m.bar.ForceOut('2009'), Ar.ArSuccess);
  await a.rec.wait('OnUnLogin');
  assert.equal(a.bar.IsSignIn, 0);
});
