// link.js — the bar's link to the CTI server over WebSocket (/ws on the
// daemon's HTTP port), as libagentbar's conn.c and failover.c do it over
// TCP: requests bounded by TimeOut, a Heartbeat every 10 s (3 unanswered =
// link lost), and on a lost link OnCTIDisconnect once, reconnect to
// MainCTIIP then BackCTIIP with a growing pause, sign the agent back in
// in the state it was in, and end the episode with OnMasterChanged or
// OnOperationFailed.

import { AcResultT, AGENTBARERROR, EVENTREASON } from './codes.js';
import { JsonRpcSocket, RpcError } from '../jsonrpc.js';

const MAX_MESSAGE = 64 * 1024;      // the server's limit, as the C SDK's
const MAX_RELOGIN_TRIES = 10;  // a backup says ArNotMaster until it took over;
                               // a swamped one may not answer in time

/** Default intervals, ms (options.timers overrides them, for tests). */
export const TIMERS = Object.freeze({
  heartbeatMs: 10000, heartbeatMisses: 3, backoffMinMs: 200, backoffMaxMs: 5000,
});

/**
 * MainCTIIP / BackCTIIP as a WebSocket URL: "host", "host:port",
 * "[v6]:port", a bare IPv6 address, or a whole ws:// / wss:// URL (for a
 * reverse proxy). null if spec is none of these.
 * @param {string} spec @param {number} port @param {boolean} secure
 */
export function serverUrl(spec, port, secure) {
  const scheme = secure ? 'wss' : 'ws';
  let m;
  if (/^wss?:\/\/[^\s]+$/i.test(spec)) return spec;
  if ((m = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(spec))) {
    return validPort(m[2] ?? port) && `${scheme}://[${m[1]}]:${m[2] ?? port}/ws`;
  }
  if (/^[0-9a-fA-F]*:[0-9a-fA-F:.]*:[0-9a-fA-F:.]*$/.test(spec)) {
    return `${scheme}://[${spec}]:${port}/ws`;
  }
  if ((m = /^([A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(spec))) {
    return validPort(m[2] ?? port) && `${scheme}://${m[1]}:${m[2] ?? port}/ws`;
  }
  return null;
}

function validPort(p) {
  const n = Number(p);
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

const nowMs = () => performance.now();

export class Link {
  /**
   * @param {object} owner what the link needs of the bar:
   *   timeout() → ms, signinParams() → the SignIn to re-send (with the
   *   state to resume) or null,
   *   onNotification(method, params), raise(name, reason),
   *   signedBackIn(result), signInLost(), log(level, text)
   * @param {{WebSocket?: any, timers?: object}} options
   */
  constructor(owner, options) {
    this.owner = owner;
    this.WebSocket = options.WebSocket;
    this.timers = { ...TIMERS, ...(options.timers || {}) };
    this.urls = [];
    this.sock = null;
    this.ready = false;        // callers' requests are accepted
    this.closed = true;
    this.current = 0;
    this.firstServer = 0;
    this.connectedAt = 0;
    this.heartbeat = null;
    this.unanswered = 0;
    this.recovering = false;
    this.lostServer = 0;
    this.backoff = 0;
    this.retryTimer = null;
    this.reloginTries = 0;
  }

  /** Connects to the first of urls that answers: 0 or CLIENTPROXYFAIL. */
  async open(urls) {
    this.urls = urls;
    this.closed = false;
    this.recovering = false;
    this.backoff = 0;
    if (await this.connectFirst()) {
      this.ready = true;
      return 0;
    }
    this.closed = true;
    return AGENTBARERROR.AGENTBARERROR_BGCC_CLIENTPROXYFAIL;
  }

  /** @private attaches to main, else back, starting at firstServer (the
   * standby that said ArNotMaster, or the server after one that did not
   * answer): the socket, or null if none answered or close() came
   * meanwhile */
  async connectFirst() {
    for (let k = 0; k < this.urls.length; k++) {
      const i = (this.firstServer + k) % this.urls.length;
      const sock = await this.connect(i);
      if (this.closed) {
        if (sock) sock.close();
        return null;
      }
      if (sock) {
        this.attach(sock, i);
        return sock;
      }
    }
    return null;
  }

  /** Closes on purpose: no failover, pending requests fail. */
  close() {
    this.closed = true;
    this.ready = false;
    this.recovering = false;
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.detach();
  }

  /**
   * One request: {code, result} with code the result's code or an
   * AGENTBARERROR (no link, no answer in TimeOut, a JSON-RPC error).
   * @param {string} method @param {object} params
   */
  async call(method, params) {
    if (!this.ready || !this.sock) {
      this.owner.log(1, `${method}: not connected to the CTI server`);
      return { code: AGENTBARERROR.AGENTBARERROR_BGCC_EXCEPTION };
    }
    return this.send(this.sock, method, params);
  }

  /** @private */
  async send(sock, method, params) {
    if (new TextEncoder().encode(JSON.stringify(params)).length +
        method.length + 64 > MAX_MESSAGE) {
      this.owner.log(1, `${method}: request longer than ${MAX_MESSAGE} bytes`);
      return { code: AcResultT.ArInvalidParam };
    }
    sock.timeout = this.owner.timeout();
    let result;
    try {
      result = await sock.call(method, params);
    } catch (e) {
      if (e instanceof RpcError && e.code !== 0) {
        this.owner.log(1, `${method}: the server rejected the request ` +
          `(JSON-RPC error ${e.code})`);
        return { code: AGENTBARERROR.AGENTBARERROR_JSON_READERERROR };
      }
      this.owner.log(1, `${method}: ${e.message}`);
      return { code: AGENTBARERROR.AGENTBARERROR_BGCC_EXCEPTION, lost: true };
    }
    const code = result && result.code;
    if (!Number.isInteger(code) || code < 0) {
      this.owner.log(1, `${method}: answer without a result code`);
      return { code: AGENTBARERROR.AGENTBARERROR_JSON_READERERROR };
    }
    return { code, result };
  }

  /** @private a connected JsonRpcSocket to urls[i], or null */
  async connect(i) {
    const sock = new JsonRpcSocket({ timeout: this.owner.timeout(),
      WebSocket: this.WebSocket });
    try {
      await sock.connect(this.urls[i]);
      return sock;
    } catch (e) {
      this.owner.log(1, `cannot connect to ${this.urls[i]}: ${e.message}`);
      return null;
    }
  }

  /** @private */
  attach(sock, i) {
    this.sock = sock;
    this.current = i;
    this.connectedAt = nowMs();
    this.unanswered = 0;
    sock.onnotification = (method, params) =>
      this.owner.onNotification(method, params);
    sock.onclose = () => {
      if (this.sock === sock) this.lost('the server closed the connection');
    };
    this.heartbeat = setInterval(() => this.beat(sock), this.timers.heartbeatMs);
  }

  /** @private */
  detach() {
    clearInterval(this.heartbeat);
    this.heartbeat = null;
    const sock = this.sock;
    this.sock = null;
    if (sock) {
      sock.onclose = null;
      sock.onnotification = null;
      sock.close();
    }
  }

  /** @private */
  beat(sock) {
    if (this.unanswered >= this.timers.heartbeatMisses) {
      this.lost(`${this.unanswered} heartbeats without an answer`);
      return;
    }
    this.unanswered++;
    sock.timeout = this.timers.heartbeatMs * this.timers.heartbeatMisses;
    sock.call('Heartbeat', {}).then(() => { this.unanswered = 0; }, () => {});
  }

  /** @private the link died: start (or continue) a failover episode */
  lost(why) {
    if (this.closed) return;
    this.owner.log(1, `link lost: ${why}`);
    this.ready = false;
    this.detach();
    if (this.recovering) {
      // this server took us back and then failed us (a hung main accepts
      // and answers nothing): the other one first
      this.firstServer = (this.current + 1) % this.urls.length;
      this.scheduleRetry();
      return;
    }
    this.recovering = true;
    this.lostServer = this.current;
    this.firstServer = 0;
    this.reloginTries = 0;
    // A link that lived a while is retried at once; one that keeps dying
    // right after connecting keeps the growing pause.
    if (nowMs() - this.connectedAt >= this.timers.backoffMaxMs) {
      this.backoff = 0;
      this.retryTimer = setTimeout(() => this.step(), 0);
    } else {
      this.scheduleRetry();
    }
    this.owner.raise('OnCTIDisconnect', EVENTREASON.EVENTREASON_ACD_DISCONNECT);
  }

  /** @private */
  scheduleRetry() {
    const t = this.timers;
    this.backoff = Math.min(this.backoff ? this.backoff * 2 : t.backoffMinMs,
      t.backoffMaxMs);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.step(), this.backoff);
  }

  /** @private one round of reconnecting: main, then back */
  async step() {
    this.retryTimer = null;
    const sock = await this.connectFirst();
    if (sock) {
      await this.signBackIn(sock);
    } else if (!this.closed) {
      this.owner.log(1, `no CTI server reachable; next try in ${this.backoff} ms`);
      this.scheduleRetry();
    }
  }

  /** @private re-send the last good SignIn (resuming the agent's state:
   * resume.js), then end the episode */
  async signBackIn(sock) {
    const params = this.owner.signinParams();
    if (!params) {
      this.endRecovery();
      return;
    }
    // the old session may still hold the agent on the server
    const { code, result, lost } = await this.send(sock, 'SignIn',
      { ...params, ForceSignIn: true });
    if (this.closed || this.sock !== sock || (lost && !sock.isOpen)) {
      return;   // closed, or the next connection signs in again
    }
    if ((code === AcResultT.ArNotMaster ||
         code === AGENTBARERROR.AGENTBARERROR_BGCC_EXCEPTION) &&
        ++this.reloginTries < MAX_RELOGIN_TRIES) {
      this.owner.log(1, `${this.urls[this.current]} ${code === AcResultT.ArNotMaster
        ? 'is not the master yet' : 'did not answer the sign-in in time'}; retrying`);
      // a standby answers and soon leads: it again; a server that did not
      // answer may hang for good: the other one
      this.firstServer = code === AcResultT.ArNotMaster ? this.current
        : (this.current + 1) % this.urls.length;
      this.detach();
      this.scheduleRetry();
      return;
    }
    this.endRecovery();
    if (code === 0) {
      this.owner.signedBackIn(result);
      this.owner.log(2, 'signed back in');
      this.owner.raise('OnMasterChanged',
        EVENTREASON.EVENTREASON_ACD_RELOGINSUCCESS);
    } else {
      this.owner.signInLost();
      this.owner.log(0, `signing back in failed: ${code}`);
      this.owner.raise('OnOperationFailed',
        EVENTREASON.EVENTREASON_ACD_RELOGINFAILED);
    }
  }

  /** @private ready first: a handler of the events may call methods */
  endRecovery() {
    this.recovering = false;
    this.reloginTries = 0;
    this.ready = true;
    if (this.current !== this.lostServer &&
        this.urls[this.current] !== this.urls[this.lostServer]) {
      this.owner.raise('OnMasterChanged',
        EVENTREASON.EVENTREASON_ACD_MASTERCHANGE);
    }
  }
}
