// evrec.mjs — records an AgentBar's events for the tests (the JavaScript
// twin of tests' evrec.h): every event in order, waits bounded in time.
import { EVENTS } from '../../web/agentbar.js';

const WAIT_MS = 8000;

export class EventRecorder {
  /** @param {import('../../web/agentbar.js').AgentBar} bar */
  constructor(bar) {
    this.seen = [];      // {name, detail}, in order
    this.next = 0;       // first not yet taken by wait()
    this.waiters = new Set();
    for (const name of EVENTS) {
      bar.addEventListener(name, (e) => {
        this.seen.push({ name, detail: e.detail });
        for (const w of this.waiters) w();
      });
    }
  }

  /** The next event called name after the last one waited for, whose
   * detail passes pred; rejects after ms. */
  wait(name, pred = () => true, ms = WAIT_MS) {
    return new Promise((resolve, reject) => {
      const look = () => {
        for (let i = this.next; i < this.seen.length; i++) {
          const ev = this.seen[i];
          if (ev.name === name && pred(ev.detail)) {
            this.next = i + 1;
            this.waiters.delete(look);
            clearTimeout(timer);
            resolve(ev.detail);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(look);
        reject(new Error(`no ${name} within ${ms} ms; saw ` +
          this.seen.map((e) => e.name).join(' ')));
      }, ms);
      this.waiters.add(look);
      look();
    });
  }

  /** Names of the events seen since the last wait. */
  pending() {
    return this.seen.slice(this.next).map((e) => e.name);
  }
}
