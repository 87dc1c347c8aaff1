// bphone.mjs — baresip as a headless SIP phone for the node media tests,
// as tests/integration/util/bphone.c is for the C ones: a `baresip -f DIR`
// in a temp dir on free loopback ports that speaks a sine (ausine) and
// keeps what it hears (sndfile: rec/dump-*-dec.wav, 8 kHz mono), driven
// over ctrl_tcp (JSON in netstrings; events such as CALL_ESTABLISHED are
// pushed and queued here).
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const WAIT_MS = 10000;

/** A free TCP port on 127.0.0.1 with the next one free too (baresip binds
 * SIP over TCP on port+1). */
async function freePorts(count) {
  for (let tries = 0; tries < 50; tries++) {
    const base = 21000 + Math.floor(Math.random() * 10000);
    const ok = await Promise.all(Array.from({ length: count }, (_, i) =>
      new Promise((resolve) => {
        const s = createServer();
        s.once('error', () => resolve(false));
        s.listen(base + i, '127.0.0.1', () => s.close(() => resolve(true)));
      })));
    if (ok.every(Boolean)) return base;
  }
  throw new Error('no free ports');
}

/**
 * @param {{user: string, password?: string, sipPort: number, hz: number}} o
 *   a password registers the phone with the daemon; without one it is a
 *   customer on the trunk (127.0.0.1)
 */
export async function startPhone(o) {
  const dir = mkdtempSync(join(tmpdir(), 'bphone-web-'));
  mkdirSync(join(dir, 'rec'));
  const base = await freePorts(16);
  writeFileSync(join(dir, 'config'), [
    'poll_method epoll', 'net_interface 127.0.0.1',
    `sip_listen 127.0.0.1:${base}`, `ctrl_tcp_listen 127.0.0.1:${base + 2}`,
    `rtp_ports ${base + 4}-${base + 15}`,
    'audio_player aubridge,null', 'audio_alert aubridge,null',
    // ausine only runs at 48 kHz stereo
    `audio_source ausine,${o.hz}`, 'ausrc_srate 48000', 'ausrc_channels 2',
    'auplay_srate 8000', 'auplay_channels 1', `snd_path ${dir}/rec`,
    'module_path /usr/lib/baresip/modules', 'module g711.so',
    'module ausine.so', 'module aubridge.so', 'module sndfile.so',
    'module_app account.so', 'module_app menu.so', 'module_app ctrl_tcp.so',
    ''].join('\n'));
  writeFileSync(join(dir, 'accounts'), (o.password
    ? `<sip:${o.user}@127.0.0.1:${o.sipPort}>;auth_pass=${o.password};regint=60;`
    : `<sip:${o.user}@127.0.0.1>;regint=0;`) +
    'answermode=manual;audio_codecs=PCMU\n');
  const child = spawn('baresip', ['-f', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b) => { stderr += b; });
  const exited = new Promise((resolve) => child.on('exit', resolve));

  const sock = await new Promise((resolve, reject) => {
    const end = Date.now() + WAIT_MS;
    const attempt = () => {
      const s = connect(base + 2, '127.0.0.1');
      s.once('connect', () => resolve(s));
      s.once('error', () => {
        if (Date.now() > end) reject(new Error(`baresip: no ctrl_tcp\n${stderr}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
  const events = [];
  const waiters = [];
  let buf = '';
  let token = 0;
  sock.setEncoding('utf8');
  sock.on('data', (d) => {
    buf += d;
    for (;;) {
      const colon = buf.indexOf(':');
      if (colon < 0) break;
      const n = Number(buf.slice(0, colon));
      if (buf.length < colon + 1 + n + 1) break;
      const msg = JSON.parse(buf.slice(colon + 1, colon + 1 + n));
      buf = buf.slice(colon + 1 + n + 1);
      events.push(msg);
      for (const w of [...waiters]) w();
    }
  });

  const take = (pred, what, ms = WAIT_MS) => new Promise((resolve, reject) => {
    const look = () => {
      const i = events.findIndex(pred);
      if (i < 0) return false;
      const [m] = events.splice(i, 1);
      waiters.splice(waiters.indexOf(look), 1);
      clearTimeout(timer);
      resolve(m);
      return true;
    };
    const timer = setTimeout(() => {
      waiters.splice(waiters.indexOf(look), 1);
      reject(new Error(`baresip: no ${what} in ${ms} ms`));
    }, ms);
    waiters.push(look);
    look();
  });

  const command = async (cmd, params = '') => {
    const t = `t${++token}`;
    const json = JSON.stringify({ command: cmd, params, token: t });
    sock.write(`${Buffer.byteLength(json)}:${json},`);
    const m = await take((e) => e.response && e.token === t, `answer to ${cmd}`);
    if (!m.ok) throw new Error(`baresip ${cmd}: ${m.data}`);
    return m;
  };

  return {
    dir,
    /** dials num at the daemon: sip:num@127.0.0.1:sipPort */
    dial: (num) => command('dial', `sip:${num}@127.0.0.1:${o.sipPort}`),
    hangup: () => command('hangup'),
    /** the next pushed event of that type */
    event: (type, ms) => take((e) => e.event && e.type === type, type, ms),
    /** the newest recording of what it heard */
    heard() {
      const dumps = readdirSync(join(dir, 'rec'))
        .filter((f) => f.startsWith('dump-') && f.endsWith('-dec.wav')).sort();
      if (!dumps.length) throw new Error('baresip heard nothing');
      return join(dir, 'rec', dumps[dumps.length - 1]);
    },
    async stop() {
      sock.destroy();
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
