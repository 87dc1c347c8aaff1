// takeover.test.mjs — web/agentbar.js across a real CTI takeover of a
// switch node (docs/operations.md "High availability and scale-out"): a sim node, a CTI
// on 127.0.0.1 driving it, an agent talking on a customer's call; the CTI
// is killed and another starts on 127.0.0.2 (the same HTTP port, a higher
// fencing token, as a backup taking over does), rebuilds the call from the
// node's leg report, and the bar, failing over to it, raises
// OnMasterChanged (ACD_MASTERCHANGE, then ACD_RELOGINSUCCESS) and finds
// its agent talking on the same call with its call data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { AcResultT as Ar, AgentBar, AgentStatusT as S,
  EVENTREASON as R } from '../../web/agentbar.js';
import { startDaemon } from './daemon.mjs';
import { EventRecorder } from './evrec.mjs';
import { nodeControl } from './nodectl.mjs';

const CTI_INI = '[switch]\nnode_heartbeat_ms = 200\nnode_reconnect_ms = 200\n';

function cti(node, address, token, httpPort) {
  return startDaemon({
    ini: `[server]\nlisten_address = ${address}\n${CTI_INI}`,
    args: ['--role', 'cti', '--switch-node', `127.0.0.1:${node.nodePort}`,
      '--fence-token', String(token),
      ...(httpPort ? ['--http-port', String(httpPort)] : [])],
  });
}

async function until(what, pred, ms = 8000) {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error('timed out: ' + what);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('a talking call survives the CTI: the bar resumes it on the next',
  async () => {
    const node = await startDaemon({ args: ['--role', 'switch',
      '--node-port', '0'], ini: '[switch]\norphan_timeout = 30\n' });
    const a = await cti(node, '127.0.0.1', 1);
    let b;
    const ctl = await nodeControl(node.nodePort);
    const bar = new AgentBar({ MainCTIIP: '127.0.0.1', BackCTIIP: '127.0.0.2',
      CTIPort: a.httpPort, AgentID: '2002', PassWord: '2002123', DN: '1882',
      ServiceList: '示例=3', AutoAnswer: 1, LogLevel: 0, TimeOut: 3000 },
    { WebSocket, timers: { heartbeatMs: 200, heartbeatMisses: 2,
      backoffMinMs: 50, backoffMaxMs: 400 } });
    const rec = new EventRecorder(bar);
    try {
      assert.equal(await bar.Initial(), Ar.ArSuccess);
      await until('the CTI drives the node', () => /master with token 1/.test(a.log()));
      assert.equal(await bar.SignIn(), Ar.ArSuccess);
      await rec.wait('OnReady');
      const r = await ctl.ctl('sim_inbound', { ani: '13800000000', dnis: '4000' });
      assert.equal(r.err, 0);
      const talk = await rec.wait('OnConnected');
      assert.equal(talk.callID, r.call_id);
      assert.equal(await bar.SetCallData('orderNo', 'A-7'), Ar.ArSuccess);
      await new Promise((res) => setTimeout(res, 200));   // the note, to the node

      await a.kill();
      b = await cti(node, '127.0.0.2', 2, a.httpPort);
      assert.equal((await rec.wait('OnCTIDisconnect')).reason,
        R.EVENTREASON_ACD_DISCONNECT);
      assert.equal((await rec.wait('OnMasterChanged', () => true, 15000)).reason,
        R.EVENTREASON_ACD_MASTERCHANGE);
      assert.equal((await rec.wait('OnMasterChanged')).reason,
        R.EVENTREASON_ACD_RELOGINSUCCESS);
      assert.match(b.log(), /handed to the core/);
      assert.equal(await bar.GetAgentStatus(), S.AsConnectedState);
      assert.equal(await bar.GetCallData('orderNo'), 'A-7');
      assert.equal((await ctl.ctl('legs')).legs.length, 2, 'no leg lost');

      assert.equal(await bar.ReleaseCall(), Ar.ArSuccess);
      const done = await rec.wait('OnReady');
      assert.equal(done.callID, talk.callID);
      assert.equal(done.contactID, talk.contactID);
      await until('the legs end', async () =>
        (await ctl.ctl('legs')).legs.length === 0);
    } finally {
      await bar.UnInitial();
      ctl.close();
      if (b) assert.equal(await b.stop(), 0, b.log());
      assert.equal(await node.stop(), 0, node.log());
    }
  });
