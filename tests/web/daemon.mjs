// daemon.mjs — starts a callcloud daemon for the web tests: sim switch,
// demo directory, a fresh database, free ports on 127.0.0.1, fast password
// hashing. The binary comes from CALLCLOUD_BIN (set by ctest).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const READY_MS = 20000;
const STOP_MS = 15000;

/**
 * @param {{ini?: string, args?: string[], demo?: boolean}} [opts] extra INI
 * text and flags; demo: false starts with an empty directory.
 * The flags come after the defaults and win: {args: ['--switch', 'sip',
 * '--sip-port', '0']} runs the SIP switch (sipPort is 0 with sim).
 * @returns {Promise<{agentPort:number, httpPort:number, sipPort:number,
 *   nodePort:number (a --role switch node's, else 0),
 *   agentTlsPort:number, httpsPort:number (the TLS ports: with args
 *   '--agent-tls-port', '0', '--https-port', '0'; else 0),
 *   dir:string, url:string, log:()=>string,
 *   stop:()=>Promise<number|null>, kill:()=>Promise<void>}>}
 */
// An optional field of the ready line (fields after "sip=" come and go
// with what is on), 0 when absent.
function field(ready, name) {
  return Number((new RegExp(` ${name}=(\\d+)`).exec(ready) || [0, 0])[1]);
}

export async function startDaemon(opts = {}) {
  const bin = process.env.CALLCLOUD_BIN;
  if (!bin) throw new Error('CALLCLOUD_BIN is not set (run through ctest)');
  const dir = mkdtempSync(join(tmpdir(), 'callcloud-web-'));
  const conf = join(dir, 'callcloud.ini');
  writeFileSync(conf, '[server]\nlisten_address = 127.0.0.1\n' +
    '[security]\npwhash_ops = 1\npwhash_mem_kib = 8\n' +
    'signin_fail_delay_ms = 50\n' + (opts.ini || ''));
  const child = spawn(bin, ['-c', conf, '--db', join(dir, 'cc.db'),
    '--agent-port', '0', '--http-port', '0', '--switch', 'sim',
    ...(opts.demo === false ? [] : ['--demo']), '--log-level', '3',
    ...(opts.args || [])],
  { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (b) => { log += b; });
  const exited = new Promise((resolve) => child.on('exit', (code, sig) =>
    resolve(sig ? `signal ${sig}` : code)));
  const ready = await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no ready line\n' + log)),
      READY_MS);
    const rl = createInterface({ input: child.stdout });
    rl.once('line', (line) => { clearTimeout(t); resolve(line); });
    exited.then((c) => reject(new Error(`daemon exited (${c})\n${log}`)));
  });
  const m = /agent=(\d+) http=(\d+) sip=(\d+)/.exec(ready);
  if (!m) throw new Error('bad ready line: ' + ready);
  const httpPort = Number(m[2]);
  return {
    agentPort: Number(m[1]),
    httpPort,
    sipPort: Number(m[3]),
    nodePort: field(ready, 'node'),
    agentTlsPort: field(ready, 'agent_tls'),
    httpsPort: field(ready, 'https'),
    dir,
    url: `http://127.0.0.1:${httpPort}`,
    log: () => log,
    // SIGTERM, then the exit status (0 for a clean stop, ASan's leak
    // report makes it non-zero); the temp folder goes with it.
    async stop() {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), STOP_MS);
      const code = await exited;
      clearTimeout(t);
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
    // a crash: SIGKILL, nothing said to the clients
    async kill() {
      child.kill('SIGKILL');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
