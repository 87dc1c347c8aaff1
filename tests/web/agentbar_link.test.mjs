// agentbar_link.test.mjs — web/agentbar.js's link when the server
// misbehaves or dies: a fake server (the `ws` package) that answers late,
// wrongly or not at all, and real daemons for failover from main to back
// (127.0.0.1 and 127.0.0.2 on the same HTTP port, as MainCTIIP / BackCTIIP
// / CTIPort imply), a backup that refuses the re-sign-in, the agent
// signed back in in the state it was in (Busy and Rest get no waiting
// call, Ready gets it), and a lost link noticed by missed heartbeats.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket, { WebSocketServer } from 'ws';
import { AcResultT as Ar, AGENTBARERROR as E, AgentBar, AgentStatusT as S,
  CallEventReasonT, EVENTREASON as R, STATE_EVENTS } from '../../web/agentbar.js';
import { serverUrl } from '../../web/agentbar/link.js';
import { startDaemon } from './daemon.mjs';
import { EventRecorder } from './evrec.mjs';
import { Rpc } from './rpc.mjs';

const FAST = { heartbeatMs: 100, heartbeatMisses: 2, backoffMinMs: 50,
  backoffMaxMs: 400 };

/** A fake CTI server: answer(msg) returns the reply object, or undefined
 * to stay silent. */
async function fakeServer(answer) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  wss.on('connection', (ws) => ws.on('message', (data) => {
    const msg = JSON.parse(data.toString());
    const reply = answer(msg);
    if (reply !== undefined) ws.send(JSON.stringify({ jsonrpc: '2.0', id: msg.id, ...reply }));
  }));
  return { port: wss.address().port, wss,
    close: () => new Promise((resolve) => {
      for (const c of wss.clients) c.terminate();
      wss.close(resolve);
    }) };
}

function barOn(port, props = {}, timers = FAST) {
  const bar = new AgentBar({ MainCTIIP: '127.0.0.1', CTIPort: port,
    AgentID: '2002', PassWord: '2002123', DN: '1882', ServiceList: '示例=3',
    LogLevel: 0, TimeOut: 500, ...props }, { WebSocket, timers });
  return { bar, rec: new EventRecorder(bar) };
}

test('server addresses: host, host:port, [v6]:port, v6, ws:// URLs', () => {
  assert.equal(serverUrl('10.0.0.1', 8080, false), 'ws://10.0.0.1:8080/ws');
  assert.equal(serverUrl('cti.example:9', 8080, true), 'wss://cti.example:9/ws');
  assert.equal(serverUrl('[::1]:81', 8080, false), 'ws://[::1]:81/ws');
  assert.equal(serverUrl('::1', 8080, false), 'ws://[::1]:8080/ws');
  assert.equal(serverUrl('wss://proxy/cti/ws', 8080, false), 'wss://proxy/cti/ws');
  assert.equal(serverUrl('host:99999', 8080, false), false);
  assert.equal(serverUrl('a b', 8080, false), null);
  assert.equal(serverUrl('x/../y', 8080, false), null);
});

test('bad answers: JSON-RPC errors, no code, bad data, no answer', async () => {
  const srv = await fakeServer((m) => {
    switch (m.method) {
      case 'SignIn': return { result: { code: 0, agentStatus: S.AsReadyState } };
      case 'SetBusy': return { error: { code: -32602, message: 'bad' } };
      case 'SetIdle': return { result: { nothing: 1 } };
      case 'GetSysInfo': return { result: { code: 0, data: '{not json' } };
      case 'GetAgentNBySkill': return { result: { code: 0, value: 'x' } };
      case 'GetRestReason': return { result: { code: 0, data: 7 } };
      case 'Heartbeat': return { result: { code: 0 } };
      default: return undefined;   // Reset, Answer: never answered
    }
  });
  const { bar } = barOn(srv.port);
  assert.equal(await bar.Initial(), Ar.ArSuccess);
  assert.equal(await bar.SignIn(), Ar.ArSuccess);
  assert.equal(await bar.SetBusy(), E.AGENTBARERROR_JSON_READERERROR);
  assert.equal(await bar.SetIdle(), E.AGENTBARERROR_JSON_READERERROR);
  assert.equal(await bar.GetSysInfo(), '');
  assert.equal(bar.LastError(), E.AGENTBARERROR_JSON_READERERROR);
  assert.equal(await bar.GetAgentNBySkill('示例'), E.AGENTBARERROR_JSON_READERERROR);
  assert.equal(await bar.GetRestReason(), '');
  assert.equal(await bar.Reset(), E.AGENTBARERROR_BGCC_EXCEPTION, 'TimeOut');
  assert.equal(await bar.SetRest('x'.repeat(70000)), Ar.ArInvalidParam);
  // a server event with wrong types still gives typed parameters
  const rec = new EventRecorder(bar);
  for (const c of srv.wss.clients) {
    c.send(JSON.stringify({ jsonrpc: '2.0', method: 'OnAlerting',
      params: { agentId: '2002', callID: 12, contactID: 'x', reason: null } }));
    c.send(JSON.stringify({ jsonrpc: '2.0', method: 'NoSuchEvent', params: {} }));
    c.send('not json');
  }
  const ev = await rec.wait('OnAlerting');
  assert.equal(ev.callID, '12');
  assert.equal(ev.contactID, 0);
  assert.equal(ev.reason, 0);
  assert.equal(ev.otherParty, '');
  assert.equal(await bar.Answer(), E.AGENTBARERROR_BGCC_EXCEPTION,
    'now Alerting: sent, and the fake never answers');
  bar.TimeOut = 100;
  assert.equal(await bar.UnInitial(), Ar.ArSuccess);
  await srv.close();
});

test('missed heartbeats count as a lost link', async () => {
  let answering = true;
  const srv = await fakeServer((m) => {
    if (m.method === 'SignIn') return { result: { code: 0, agentStatus: S.AsReadyState } };
    return answering ? { result: { code: 0 } } : undefined;
  });
  const { bar, rec } = barOn(srv.port);
  assert.equal(await bar.Initial(), Ar.ArSuccess);
  assert.equal(await bar.SignIn(), Ar.ArSuccess);
  answering = false;
  const ev = await rec.wait('OnCTIDisconnect');
  assert.equal(ev.reason, R.EVENTREASON_ACD_DISCONNECT);
  assert.equal(await bar.SetBusy(), E.AGENTBARERROR_BGCC_EXCEPTION,
    'down: methods fail at once');
  answering = true;
  // it reconnects to the same server and signs in again
  assert.equal((await rec.wait('OnMasterChanged')).reason,
    R.EVENTREASON_ACD_RELOGINSUCCESS);
  assert.equal(await bar.SetBusy(), Ar.ArSuccess);
  await bar.UnInitial();
  await srv.close();
});

test('the main dies: the agent moves to the backup, signed in again',
  async () => {
    const m = await startDaemon();
    const b = await startDaemon({ ini: '[server]\nlisten_address = 127.0.0.2\n',
      args: ['--http-port', String(m.httpPort)] });
    const { bar, rec } = barOn(m.httpPort, { BackCTIIP: '127.0.0.2', TimeOut: 3000 });
    assert.equal(await bar.Initial(), Ar.ArSuccess);
    assert.equal(await bar.SignIn(), Ar.ArSuccess);
    await rec.wait('OnReady');
    await m.kill();
    assert.equal((await rec.wait('OnCTIDisconnect')).reason,
      R.EVENTREASON_ACD_DISCONNECT);
    assert.equal((await rec.wait('OnMasterChanged')).reason,
      R.EVENTREASON_ACD_MASTERCHANGE);
    assert.equal((await rec.wait('OnMasterChanged')).reason,
      R.EVENTREASON_ACD_RELOGINSUCCESS);
    assert.equal(bar.IsSignIn, 1);
    assert.equal(await bar.GetAgentStatus(), S.AsReadyState);
    assert.equal(await bar.SetBusy(), Ar.ArSuccess);
    await rec.wait('OnBusy');
    await bar.UnInitial();
    assert.equal(await b.stop(), 0, b.log());
  });

test('a backup that does not know the agent: OnOperationFailed', async () => {
  const m = await startDaemon();
  const b = await startDaemon({ demo: false,
    ini: '[server]\nlisten_address = 127.0.0.2\n',
    args: ['--http-port', String(m.httpPort)] });
  const { bar, rec } = barOn(m.httpPort, { BackCTIIP: '127.0.0.2', TimeOut: 3000 });
  assert.equal(await bar.Initial(), Ar.ArSuccess);
  assert.equal(await bar.SignIn(), Ar.ArSuccess);
  await m.kill();
  await rec.wait('OnCTIDisconnect');
  assert.equal((await rec.wait('OnOperationFailed')).reason,
    R.EVENTREASON_ACD_RELOGINFAILED);
  assert.equal(bar.IsSignIn, 0);
  assert.equal(await bar.SetBusy(), E.AGENTBARERROR_BAR_UNSIGNIN);
  await bar.UnInitial();
  assert.equal(await b.stop(), 0, b.log());
});

/** The agent is put in state on a main at 127.0.0.2 while a call waits
 * for its skill on the backup at 127.0.0.1 (there the admin reaches it);
 * the main dies. It is signed back in straight into that state (its first
 * state event after the link was lost, whether before or after
 * OnMasterChanged), and within half a second only a Ready agent is
 * offered the call. */
async function resumesOnBackup(state, enter) {
  const m = await startDaemon({ ini: '[server]\nlisten_address = 127.0.0.2\n' });
  const b = await startDaemon({ args: ['--http-port', String(m.httpPort)] });
  const { bar, rec } = barOn(m.httpPort, { MainCTIIP: '127.0.0.2',
    BackCTIIP: '127.0.0.1', TimeOut: 3000, AutoAnswer: 0 });
  const admin = await Rpc.open(`ws://127.0.0.1:${b.httpPort}/ws`);
  const waiting = async () => JSON.parse((await admin.ok('GetSkillWaitingNumber',
    { skill: '示例' })).data).queuenumber;
  const statesSince = (i) => rec.seen.slice(i)
    .filter((e) => STATE_EVENTS.indexOf(e.name) > 0);
  let stopped;
  try {
    await admin.ok('Admin.Login', { user: 'admin', password: 'admin' });
    assert.equal(await bar.Initial(), Ar.ArSuccess);
    assert.equal(await bar.SignIn(), Ar.ArSuccess);
    await rec.wait('OnReady');
    if (enter) {
      assert.equal(await enter(bar), Ar.ArSuccess);
      await rec.wait(STATE_EVENTS[state]);
    }
    const { callID } = await admin.ok('Sim.InboundCall', { ani: '13800000000',
      dnis: '4000' });
    assert.equal(await waiting(), 1);
    const lost = rec.seen.length;
    await m.kill();
    assert.equal((await rec.wait('OnMasterChanged')).reason,
      R.EVENTREASON_ACD_MASTERCHANGE);
    assert.equal((await rec.wait('OnMasterChanged')).reason,
      R.EVENTREASON_ACD_RELOGINSUCCESS);
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (state === S.AsReadyState) {
      assert.equal(statesSince(lost).find((e) => e.name === 'OnAlerting')
        ?.detail.callID, callID);
    } else {
      assert.equal(await bar.GetAgentStatus(), state);
      assert.equal(statesSince(lost).length, 1, 'no call offered');
      assert.equal(await waiting(), 1);
    }
    const first = statesSince(lost)[0];
    assert.equal(first.name, STATE_EVENTS[state]);
    assert.equal(first.detail.reason, CallEventReasonT.CerIdleSelfLogin);
  } finally {
    await bar.UnInitial();
    await admin.close();
    await m.kill();
    stopped = await b.stop();
  }
  assert.equal(stopped, 0, b.log());
}

test('failover: a Busy agent comes back Busy, offered no call',
  () => resumesOnBackup(S.AsBusyState, (bar) => bar.SetBusy()));

test('failover: a resting agent comes back in Rest, offered no call',
  () => resumesOnBackup(S.AsRestState, (bar) => bar.SetRest('午饭')));

test('failover: a Ready agent comes back Ready and gets the waiting call',
  () => resumesOnBackup(S.AsReadyState, null));
