// transport.test.mjs — JSON-RPC over WebSocket /ws: the agent port's
// messages and sessions, the Origin check and the frame rules.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Sender } from 'ws';
import { startDaemon } from './daemon.mjs';
import { Rpc } from './rpc.mjs';
import { AcResultT as Ar, AgentStatusT as S } from '../../web/agentbar/codes.js';

let d;
let wsUrl;

before(async () => {
  d = await startDaemon({ ini: '[http]\nallowed_origins = ' +
    'https://crm.example.com, http://10.1.2.3:9000\n' });
  wsUrl = `ws://127.0.0.1:${d.httpPort}/ws`;
});

after(async () => {
  assert.equal(await d.stop(), 0, d.log());
});

/** The close code the server ends the socket with after `send`. */
async function closeCode(send) {
  const rpc = await Rpc.open(wsUrl);
  send(rpc.ws);
  const { code } = await rpc.closed;
  return code;
}

test('an agent signs in, changes state and gets its events over /ws',
  async () => {
    const bar = await Rpc.open(wsUrl);
    const r = await bar.ok('SignIn', { AgentID: '2002', PassWord: '2002123',
      DN: '1882', StatusChangeType: 0, ServiceList: '示例=3' });
    assert.equal(r.agentStatus, S.AsReadyState);
    const ready = await bar.event('OnReady');
    assert.equal(ready.agentId, '2002');
    await bar.ok('SetBusy');
    assert.equal((await bar.event('OnBusy')).agentStatus, S.AsBusyState);
    await bar.ok('Heartbeat');
    // protocol errors answer and leave the session usable
    bar.ws.send('{bad json');
    await bar.ok('SetIdle');
    const unknown = await bar.call('NoSuchMethod');
    assert.equal(unknown.error.code, -32601);
    // a second sign-in on the same connection is refused as on TCP
    const again = await bar.call('SignIn', { AgentID: '2002',
      PassWord: '2002123', DN: '1882', ServiceList: '示例=3' });
    assert.equal(again.result.code, Ar.ArHasSigned);
    await bar.ok('SignOut');
    await bar.event('OnUnLogin');
    await bar.close();
  });

test('a sign-in elsewhere closes the old /ws session after its OnUnLogin',
  async () => {
    const sign = { AgentID: '2009', PassWord: '2009123', DN: '1889',
      ServiceList: '示例=3', ForceSignIn: 1 };
    const old = await Rpc.open(wsUrl);
    await old.ok('SignIn', sign);
    const now = await Rpc.open(wsUrl);
    await now.ok('SignIn', sign);
    assert.equal((await old.event('OnUnLogin')).agentId, '2009');
    const { code } = await old.closed;
    assert.ok(code === 1000 || code === 1001, `close code ${code}`);
    await now.ok('SignOut');
    await now.close();
  });

test('a fragmented text message is one request', async () => {
  const rpc = await Rpc.open(wsUrl);
  const text = JSON.stringify({ jsonrpc: '2.0', id: 'f1',
    method: 'Admin.Login', params: { user: 'admin', password: 'admin' } });
  const reply = new Promise((resolve) => rpc.pending.set('f1', resolve));
  rpc.ws.send(text.slice(0, 10), { fin: false });
  rpc.ws.send(text.slice(10, 30), { fin: false });
  rpc.ws.send(text.slice(30), { fin: true });
  assert.equal((await reply).result.code, Ar.ArSuccess);
  await rpc.close();
});

test('the monitor role works over /ws (Monitor.Subscribe)', async () => {
  const mon = await Rpc.open(wsUrl);
  await mon.ok('SignIn', { AgentID: '2001', PassWord: '2001123',
    DN: '1881', ServiceList: '示例=3' });
  await mon.ok('Monitor.Subscribe', { skills: ['示例'] });
  const bar = await Rpc.open(wsUrl);
  await bar.ok('SignIn', { AgentID: '2003', PassWord: '2003123',
    DN: '1883', ServiceList: '示例=3' });
  const seen = await mon.event('OnReady', (p) => p.agentId === '2003');
  assert.equal(seen.agentStatus, S.AsReadyState);
  await bar.close();
  await mon.close();
});

test('a page of a foreign origin is refused, listed ones are not',
  async () => {
    await assert.rejects(Rpc.open(wsUrl,
      { origin: 'http://evil.example.net' }), /HTTP 403/);
    await assert.rejects(Rpc.open(wsUrl,
      { origin: 'https://crm.example.com.evil.net' }), /HTTP 403/);
    await assert.rejects(Rpc.open(wsUrl,
      { origin: `http://127.0.0.1:${d.httpPort + 1}` }), /HTTP 403/);
    for (const origin of [`http://127.0.0.1:${d.httpPort}`,
      'https://crm.example.com', 'HTTP://10.1.2.3:9000']) {
      const ok = await Rpc.open(wsUrl, { origin });
      assert.equal((await ok.call('SetBusy')).result.code, Ar.ArNoSignin,
        'SetBusy before SignIn is ArNoSignin');
      await ok.close();
    }
  });

test('a message longer than a line of the agent port closes with 1009',
  async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'Heartbeat',
      params: { pad: 'x'.repeat(70000) } });
    assert.equal(await closeCode((ws) => ws.send(big)), 1009);
    // in fragments that are each small enough
    assert.equal(await closeCode((ws) => {
      for (let i = 0; i < 9; i++) ws.send('x'.repeat(8000), { fin: false });
      ws.send('}', { fin: true });
    }), 1009);
    // past libre's own buffer
    assert.equal(await closeCode((ws) => ws.send('y'.repeat(300000))), 1009);
  });

test('binary frames close with 1003, stray continuations with 1002',
  async () => {
    assert.equal(await closeCode((ws) => ws.send(Buffer.from('{}'))), 1003);
    // a raw continuation frame with no message begun
    assert.equal(await closeCode((ws) => ws._socket.write(Buffer.concat(
      Sender.frame(Buffer.from('x'), { fin: true, opcode: 0, mask: true,
        readOnly: false, rsv1: false })))), 1002);
  });

test('the daemon keeps serving after all of that', async () => {
  const rpc = await Rpc.open(wsUrl);
  await rpc.ok('Admin.Login', { user: 'admin', password: 'admin' });
  await rpc.close();
});
