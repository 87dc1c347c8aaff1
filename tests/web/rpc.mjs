// rpc.mjs — a bare JSON-RPC client over /ws for tests that check the wire
// itself (agentbar.js is tested on top of it elsewhere): requests by id,
// notifications collected in order, waits bounded in time.
import WebSocket from 'ws';
import { AcResultT } from '../../web/agentbar/codes.js';

const WAIT_MS = 5000;

export class Rpc {
  /** @param {string} url ws://host:port/ws  @param {object} [wsopts] */
  static open(url, wsopts = {}) {
    const rpc = new Rpc(new WebSocket(url, wsopts));
    return new Promise((resolve, reject) => {
      rpc.ws.once('open', () => resolve(rpc));
      rpc.ws.once('error', reject);
      rpc.ws.once('unexpected-response', (req, res) =>
        reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  constructor(ws) {
    this.ws = ws;
    this.next = 1;
    this.pending = new Map();
    this.events = [];
    this.waiters = [];
    this.closed = new Promise((resolve) => ws.on('close', (code, reason) =>
      resolve({ code, reason: reason.toString() })));
    ws.on('message', (data) => this.onMessage(JSON.parse(data.toString())));
  }

  onMessage(msg) {
    if (msg.id !== undefined && this.pending.has(msg.id)) {
      this.pending.get(msg.id)(msg);
      this.pending.delete(msg.id);
    } else if (msg.method) {
      this.events.push(msg);
      this.waiters = this.waiters.filter((w) => !w(msg));
    }
  }

  /** The whole reply message (result or error). */
  call(method, params) {
    const id = this.next++;
    const msg = { jsonrpc: '2.0', id, method };
    if (params) msg.params = params;
    this.ws.send(JSON.stringify(msg));
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${method}: no reply`)),
        WAIT_MS);
      this.pending.set(id, (m) => { clearTimeout(t); resolve(m); });
    });
  }

  /** The result of a call whose code must be 0. */
  async ok(method, params) {
    const r = await this.call(method, params);
    if (!r.result || r.result.code !== AcResultT.ArSuccess) {
      throw new Error(`${method}: ${JSON.stringify(r)}`);
    }
    return r.result;
  }

  /** The first event named method (already received or to come). */
  event(method, pred = () => true) {
    const hit = this.events.find((e) => e.method === method && pred(e.params));
    if (hit) return Promise.resolve(hit.params);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no ${method}`)), WAIT_MS);
      this.waiters.push((e) => {
        if (e.method !== method || !pred(e.params)) return false;
        clearTimeout(t);
        resolve(e.params);
        return true;
      });
    });
  }

  close() { this.ws.close(); return this.closed; }
}
