// phone.js — the integrated softphone of the web bar (IsSIPPhone): a WebRTC
// SIP phone in the page, registered for the agent's DN over SIP on
// WebSocket, so an agent needs nothing but a browser tab and a headset.
// SIP.js (from npm, copied to web/vendor/ by the build) does the SIP and
// the peer connection; this file is the small part the manual describes:
// start, register, ring, answer, mute, hold, hang up, stop.
//
// The switch anchors the media, so there is one call at a time and it is
// always an INVITE from the switch: the CTI decided who rings, the phone
// only picks up. Loaded by agentbar.js only when IsSIPPhone is set, so a
// bar without a phone never fetches SIP.js.

const SIPJS = '../vendor/sip.js/index.js';
// how long a REGISTER or the WebSocket may take before SignIn gives up
const REGISTER_TIMEOUT_MS = 8000;
// a ring cadence, 1 s on 4 s off, at a ringing-tone frequency
const RING_HZ = 425;
const RING_ON_S = 1;
const RING_PERIOD_MS = 5000;
// a lost WebSocket is tried again this often, this far apart; the media
// of a call does not go through it and carries on meanwhile
const RECONNECT_TRIES = 5;
const RECONNECT_DELAY_MS = 2000;

/**
 * @typedef {object} PhoneConfig
 * @property {string} server   ws:// or wss:// URL of the switch's SIP port
 * @property {string} domain   the SIP domain (the switch's host)
 * @property {string} user     PhoneNum: the DN
 * @property {string} password PhonePwd
 * @property {string} [inputDevice] a deviceId for the microphone
 * @property {(level: number, text: string) => void} log
 * @property {(ringing: boolean) => void} [onRing]
 */

export class Phone {
  /** @param {PhoneConfig} cfg */
  constructor(cfg) {
    this._cfg = cfg;
    this._sip = null;        // the SIP.js module
    this._ua = null;
    this._registerer = null;
    this._invitation = null; // ringing, not answered yet
    this._session = null;    // the call in progress
    this._audio = null;      // plays the far end
    this._ring = null;       // { ctx, timer } while ringing
    this._muted = false;
    this._held = false;
  }

  /** Starts the user agent (the WebSocket to the switch). Throws on failure. */
  async start() {
    this._sip = await import(SIPJS);
    const { UserAgent } = this._sip;
    const uri = UserAgent.makeURI(`sip:${this._cfg.user}@${this._cfg.domain}`);
    if (!uri) throw new Error(`bad SIP URI for ${this._cfg.user}`);
    this._ua = new UserAgent({
      uri,
      authorizationUsername: this._cfg.user,
      authorizationPassword: this._cfg.password,
      transportOptions: { server: this._cfg.server,
        connectionTimeout: REGISTER_TIMEOUT_MS / 1000 },
      // the switch is ICE-lite on a reachable address: no STUN, and the
      // host candidates are enough, so do not wait for gathering to end
      sessionDescriptionHandlerFactoryOptions: {
        iceGatheringTimeout: 500,
        peerConnectionConfiguration: { iceServers: [] },
      },
      logBuiltinEnabled: false,
      logConfiguration: false,
      delegate: {
        onInvite: (inv) => this._incoming(inv),
        // err: lost, not closed by stop()
        onDisconnect: (err) => {
          if (!err) return;
          this._cfg.log(1, `phone: WebSocket lost: ${err.message}`);
          this._reconnect(1);
        },
      },
    });
    await withTimeout(this._ua.start(), REGISTER_TIMEOUT_MS, 'WebSocket');
  }

  /** REGISTERs the DN; throws with the reason when the switch refuses. */
  async register() {
    const { Registerer, RegistererState } = this._sip;
    this._registerer = new Registerer(this._ua, { expires: 300 });
    const done = new Promise((resolve, reject) => {
      this._registerer.stateChange.addListener((s) => {
        if (s === RegistererState.Registered) resolve();
      });
      this._registerer.register({ requestDelegate: {
        onReject: (res) => reject(new Error(
          `REGISTER refused: ${res.message.statusCode} ${res.message.reasonPhrase}`)),
      } }).catch(reject);
    });
    await withTimeout(done, REGISTER_TIMEOUT_MS, 'REGISTER');
  }

  /** Unregisters (SignOut); the user agent stays up for a new SignIn. */
  async unregister() {
    if (!this._registerer) return;
    await this.hangup();
    try {
      await withTimeout(this._registerer.unregister(), REGISTER_TIMEOUT_MS,
        'unREGISTER');
    } finally {
      this._registerer.dispose();
      this._registerer = null;
    }
  }

  /** Stops everything (UnInitial). */
  async stop() {
    if (this._registerer) await this.unregister().catch(() => {});
    this._stopRing();
    if (this._ua) await this._ua.stop();
    this._ua = null;
  }

  /** The microphone for the next call ('' the default). */
  set inputDevice(id) { this._cfg.inputDevice = id; }

  /** A call is ringing in the page (Answer can pick it up). */
  get ringing() { return !!this._invitation; }

  /** Answers the ringing call; false when nothing rings. */
  async answer() {
    const inv = this._invitation;
    if (!inv) return false;
    const dev = this._cfg.inputDevice;
    await inv.accept({ sessionDescriptionHandlerOptions: { constraints: {
      audio: dev ? { deviceId: { exact: dev } } : true, video: false } } });
    return true;
  }

  /** Ends the call in the page (the CTI has ended it or is ending it). A
   * call the switch can no longer reach is let go without a BYE. */
  async hangup() {
    const { SessionState } = this._sip ?? {};
    const inv = this._invitation;
    const s = this._session;
    if (inv && inv.state === SessionState.Initial) await inv.reject().catch(() => {});
    if (s && s.state === SessionState.Established) {
      await s.bye().catch(() => s.dispose());
    }
  }

  /** Mutes or unmutes the microphone (the bar's MuteOn / MuteOff). */
  mute(on) {
    this._muted = !!on;
    this._applyTracks();
  }

  /** Holds the page's media both ways (the bar's Hold / Retrieve). */
  hold(on) {
    this._held = !!on;
    this._applyTracks();
  }

  /** The microphones the page may use (labels once permission is given). */
  static async inputs() {
    const all = await navigator.mediaDevices?.enumerateDevices?.() ?? [];
    return all.filter((d) => d.kind === 'audioinput');
  }

  /** Asks for the microphone now, so the permission prompt is not a
   * surprise when the first call rings. */
  static async askMicrophone() {
    const s = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const t of s.getTracks()) t.stop();
  }

  // ---- inside ------------------------------------------------------------

  // Back on a new WebSocket, the phone registers again: the switch then
  // reaches it (and its call's in-dialog requests) on the new connection.
  _reconnect(attempt) {
    if (attempt > RECONNECT_TRIES) {
      this._cfg.log(0, 'phone: the switch cannot be reached; sign in again');
      return;
    }
    setTimeout(() => {
      if (!this._ua) return;
      this._ua.reconnect().then(() => {
        this._cfg.log(2, 'phone: WebSocket back');
        return this._registerer?.register();
      }).catch(() => this._reconnect(attempt + 1));
    }, attempt === 1 ? 0 : RECONNECT_DELAY_MS);
  }

  _incoming(inv) {
    const { SessionState } = this._sip;
    if (this._invitation || this._session) {
      inv.reject({ statusCode: 486 }).catch(() => {});
      return;
    }
    this._invitation = inv;
    this._startRing();
    inv.stateChange.addListener((state) => {
      if (state === SessionState.Establishing || state === SessionState.Established) {
        this._stopRing();
        this._invitation = null;
        this._session = inv;
        if (state === SessionState.Established) this._play(inv);
      } else if (state === SessionState.Terminated) {
        this._stopRing();
        if (this._invitation === inv) this._invitation = null;
        if (this._session === inv) this._session = null;
        this._muted = false;
        this._held = false;
        if (this._audio) this._audio.srcObject = null;
      }
    });
  }

  _play(session) {
    const sdh = session.sessionDescriptionHandler;
    if (!sdh || typeof document === 'undefined') return;
    if (!this._audio) {
      this._audio = document.createElement('audio');
      this._audio.autoplay = true;
      this._audio.dataset.callcloudPhone = 'remote';
      document.body.append(this._audio);
    }
    this._audio.srcObject = sdh.remoteMediaStream;
    this._audio.play().catch((e) => this._cfg.log(1, `phone: audio: ${e.message}`));
    this._applyTracks();
  }

  _applyTracks() {
    const sdh = this._session?.sessionDescriptionHandler;
    if (!sdh) return;
    sdh.enableSenderTracks(!this._muted && !this._held);
    sdh.enableReceiverTracks(!this._held);
  }

  // An audible ring in the page, made with WebAudio (no sound file).
  _startRing() {
    this._cfg.onRing?.(true);
    const AC = globalThis.AudioContext;
    if (!AC || this._ring) return;
    const ctx = new AC();
    const burst = () => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = RING_HZ;
      gain.gain.value = 0.2;
      osc.connect(gain).connect(ctx.destination);
      osc.start();
      osc.stop(ctx.currentTime + RING_ON_S);
    };
    burst();
    this._ring = { ctx, timer: setInterval(burst, RING_PERIOD_MS) };
  }

  _stopRing() {
    if (!this._ring) return;
    clearInterval(this._ring.timer);
    this._ring.ctx.close().catch(() => {});
    this._ring = null;
    this._cfg.onRing?.(false);
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
