// jsonrpc.js — JSON-RPC 2.0 over one WebSocket to callcloud's /ws: the
// transport under agentbar.js, the wallboard and the admin console. It
// knows nothing of the manual: requests by id with a time-out,
// notifications handed on in order, one close report. No dependencies; it
// runs in browsers and in node (pass node's or the `ws` package's
// WebSocket class when there is no global one).

/**
 * A JSON-RPC error reply, or a request that got no reply.
 * `code` is the JSON-RPC code (-32700 ... -32602), or 0 for a time-out or a
 * closed connection.
 */
export class RpcError extends Error {
  /** @param {number} code @param {string} message */
  constructor(code, message) {
    super(message);
    this.name = 'RpcError';
    this.code = code;
  }
}

export class JsonRpcSocket {
  /**
   * @param {object} [opts]
   * @param {number} [opts.timeout] ms to wait for a reply (default 10000)
   * @param {typeof WebSocket} [opts.WebSocket] the WebSocket class to use
   */
  constructor(opts = {}) {
    this.timeout = opts.timeout ?? 10000;
    this.WebSocketClass = opts.WebSocket ?? globalThis.WebSocket;
    /** @type {(method: string, params: object) => void} */
    this.onnotification = null;
    /** @type {(code: number, reason: string) => void} called once */
    this.onclose = null;
    this.ws = null;
    this.nextId = 1;
    this.pending = new Map();
  }

  /** @returns {boolean} open and usable */
  get isOpen() {
    return !!this.ws && this.ws.readyState === 1;
  }

  /**
   * Connects to url (ws://host:port/ws); resolves once open, rejects if the
   * connection cannot be made within the time-out.
   * @param {string} url
   * @returns {Promise<void>}
   */
  connect(url) {
    if (!this.WebSocketClass) {
      return Promise.reject(new RpcError(0, 'no WebSocket class'));
    }
    return new Promise((resolve, reject) => {
      let ws;
      try {
        ws = new this.WebSocketClass(url);
      } catch (e) {
        reject(new RpcError(0, String(e && e.message || e)));
        return;
      }
      this.ws = ws;
      let opened = false;
      const timer = setTimeout(() => {
        if (!opened) {
          reject(new RpcError(0, 'connect timed out'));
          ws.close();
        }
      }, this.timeout);
      ws.onopen = () => {
        opened = true;
        clearTimeout(timer);
        resolve();
      };
      ws.onmessage = (ev) => this.receive(ev.data);
      ws.onclose = (ev) => {
        clearTimeout(timer);
        if (this.ws === ws) this.ws = null;
        this.failPending('connection closed');
        if (!opened) {
          reject(new RpcError(0, `cannot connect to ${url}`));
          return;
        }
        if (this.onclose) this.onclose(ev.code, ev.reason || '');
      };
      ws.onerror = () => {};   // onclose follows and reports
    });
  }

  /** @private */
  receive(data) {
    let msg;
    try {
      msg = JSON.parse(typeof data === 'string' ? data : String(data));
    } catch {
      return;   // the server sends only JSON; ignore anything else
    }
    if (msg && msg.id !== undefined && msg.id !== null &&
        this.pending.has(msg.id)) {
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      if (msg.error) p.reject(new RpcError(msg.error.code, msg.error.message));
      else p.resolve(msg.result);
    } else if (msg && typeof msg.method === 'string' && this.onnotification) {
      this.onnotification(msg.method, msg.params || {});
    }
  }

  /** @private */
  failPending(why) {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new RpcError(0, why));
    }
    this.pending.clear();
  }

  /**
   * Sends a request; resolves with its `result` (for callcloud an object
   * with `code`), rejects with RpcError on a JSON-RPC error, a time-out or
   * a closed connection.
   * @param {string} method
   * @param {object} [params]
   * @returns {Promise<any>}
   */
  call(method, params) {
    if (!this.isOpen) {
      return Promise.reject(new RpcError(0, 'not connected'));
    }
    const id = this.nextId++;
    const msg = { jsonrpc: '2.0', id, method };
    if (params !== undefined) msg.params = params;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new RpcError(0, `${method}: no reply within ` +
          `${this.timeout} ms`));
      }, this.timeout);
      this.pending.set(id, { resolve, reject, timer });
      this.ws.send(JSON.stringify(msg));
    });
  }

  /** Closes the connection; pending calls are rejected. */
  close() {
    const ws = this.ws;
    this.ws = null;
    this.failPending('connection closed');
    if (ws) {
      ws.onclose = null;
      ws.close(1000);
    }
  }
}
