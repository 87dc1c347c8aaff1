// hear.mjs — what the two ends of a media test hear, as Goertzel powers
// by frequency: a page's integrated softphone (its audio element, through
// Web Audio in the page) and a baresip phone (bphone.mjs, its recording);
// and the check that one tone stands out.
import assert from 'node:assert/strict';
import { goertzel, readWav } from './tone.mjs';

/** Goertzel powers of what the page's phone hears, over ms, by frequency. */
export function pageHears(page, ms, freqs) {
  return page.evaluate(async ({ ms, freqs }) => {
    const el = document.querySelector('audio[data-callcloud-phone]');
    const ctx = new AudioContext();
    const src = ctx.createMediaStreamSource(el.srcObject);
    const proc = ctx.createScriptProcessor(4096, 1, 1);
    const chunks = [];
    proc.onaudioprocess = (e) => chunks.push(Float32Array.from(e.inputBuffer.getChannelData(0)));
    src.connect(proc);
    proc.connect(ctx.destination);
    await new Promise((r) => setTimeout(r, ms));
    proc.disconnect();
    src.disconnect();
    const rate = ctx.sampleRate;
    await ctx.close();
    const x = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
    let off = 0;
    for (const c of chunks) { x.set(c, off); off += c.length; }
    return freqs.map((hz) => {
      const coeff = 2 * Math.cos(2 * Math.PI * hz / rate);
      let s1 = 0, s2 = 0;
      for (const v of x) { const s = v + coeff * s1 - s2; s2 = s1; s1 = s; }
      return 2 * (s1 * s1 + s2 * s2 - coeff * s1 * s2) / (x.length * x.length);
    });
  }, { ms, freqs });
}

/** Powers of what a baresip phone heard in its last ms, by frequency. */
export function phoneHeard(phone, ms, freqs) {
  const w = readWav(phone.heard());
  const x = w.channels[0];
  const win = x.subarray(Math.max(0, x.length - Math.round(ms * w.rate / 1000)));
  return freqs.map((hz) => goertzel(win, w.rate, hz));
}

/** The first power exceeds every other by ratio (TONES=1 prints them). */
export function dominates(powers, labels, what, ratio = 10) {
  const [want, ...others] = powers;
  const worst = Math.max(...others, 1e-12);
  if (process.env.TONES) console.log(what, powers.map((p) => p.toExponential(2)).join(' '));
  assert.ok(want > ratio * worst, `${what}: ${labels.map((l, i) =>
    `${l} ${powers[i].toExponential(2)}`).join(', ')}`);
}
