// nodectl.mjs — a control connection to a switch node for the web tests
// (docs/switch-protocol.md "Control connections"): frames are a 4-byte
// big-endian length and a JSON object; hello as "control", then "ctl"
// requests answered by "reply" frames with the same seq.
import { connect } from 'node:net';

const WAIT_MS = 5000;

export async function nodeControl(port) {
  const sock = connect({ host: '127.0.0.1', port });
  await new Promise((resolve, reject) => {
    sock.once('connect', resolve);
    sock.once('error', reject);
  });
  let buf = Buffer.alloc(0);
  const frames = [];
  let wake = () => {};
  sock.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    while (buf.length >= 4 && buf.length >= 4 + buf.readUInt32BE(0)) {
      const n = buf.readUInt32BE(0);
      frames.push(JSON.parse(buf.subarray(4, 4 + n).toString()));
      buf = buf.subarray(4 + n);
    }
    wake();
  });
  const send = (obj) => {
    const body = Buffer.from(JSON.stringify(obj));
    const head = Buffer.alloc(4);
    head.writeUInt32BE(body.length);
    sock.write(Buffer.concat([head, body]));
  };
  // the next frame passing pred (pings and others skipped)
  const next = (pred) => new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('node: no answer')), WAIT_MS);
    const look = () => {
      const i = frames.findIndex(pred);
      if (i < 0) return;
      clearTimeout(t);
      resolve(frames.splice(i, 1)[0]);
    };
    wake = look;
    look();
  });
  send({ t: 'hello', v: 1, role: 'control' });
  await next((f) => f.t === 'synced');
  let seq = 0;
  return {
    /** op with params' members; the reply frame. */
    async ctl(op, params = {}) {
      const s = ++seq;
      send({ t: 'ctl', seq: s, op, ...params });
      return next((f) => f.t === 'reply' && f.seq === s);
    },
    close: () => sock.destroy(),
  };
}
