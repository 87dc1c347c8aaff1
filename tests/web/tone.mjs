// tone.mjs — tones for the media tests in node, as tests/common/goertzel.c
// does in C: write a sine as a WAV (a fake microphone for chromium), read
// a WAV (what a phone heard, a call recording), and the Goertzel power of
// one frequency in a window of samples.
import { readFileSync, writeFileSync } from 'node:fs';

/** Writes a 16-bit mono sine of hz for seconds at rate to path. */
export function writeToneWav(path, hz, seconds, rate = 48000, amplitude = 8000) {
  const n = Math.round(seconds * rate);
  const buf = Buffer.alloc(44 + n * 2);
  buf.write('RIFF', 0);
  buf.writeUInt32LE(36 + n * 2, 4);
  buf.write('WAVEfmt ', 8);
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(1, 20);          // PCM
  buf.writeUInt16LE(1, 22);          // mono
  buf.writeUInt32LE(rate, 24);
  buf.writeUInt32LE(rate * 2, 28);
  buf.writeUInt16LE(2, 32);
  buf.writeUInt16LE(16, 34);
  buf.write('data', 36);
  buf.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) {
    buf.writeInt16LE(Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate)), 44 + i * 2);
  }
  writeFileSync(path, buf);
}

/**
 * A 16-bit PCM WAV: its rate and each channel's samples. The data chunk's
 * size may be 0 or short while a writer still has the file open, so the
 * samples run to the end of the file.
 * @returns {{rate: number, channels: Int16Array[]}}
 */
export function readWav(path) {
  const b = readFileSync(path);
  if (b.toString('latin1', 0, 4) !== 'RIFF' || b.toString('latin1', 8, 12) !== 'WAVE') {
    throw new Error(`${path}: not a WAV file`);
  }
  let off = 12;
  let fmt = null;
  while (off + 8 <= b.length) {
    const id = b.toString('latin1', off, off + 4);
    const size = b.readUInt32LE(off + 4);
    if (id === 'fmt ') {
      fmt = { format: b.readUInt16LE(off + 8), nch: b.readUInt16LE(off + 10),
        rate: b.readUInt32LE(off + 12), bits: b.readUInt16LE(off + 22) };
    } else if (id === 'data') {
      if (!fmt || fmt.format !== 1 || fmt.bits !== 16) {
        throw new Error(`${path}: not 16-bit PCM`);
      }
      const frames = Math.floor((b.length - off - 8) / (2 * fmt.nch));
      const channels = Array.from({ length: fmt.nch }, () => new Int16Array(frames));
      for (let i = 0; i < frames; i++) {
        for (let c = 0; c < fmt.nch; c++) {
          channels[c][i] = b.readInt16LE(off + 8 + (i * fmt.nch + c) * 2);
        }
      }
      return { rate: fmt.rate, channels };
    }
    off += 8 + size + (size & 1);
  }
  throw new Error(`${path}: no data chunk`);
}

/** Mean power of the component at hz in x (a sine of amplitude A gives
 * A²/2 whatever the length), so windows of any length compare. */
export function goertzel(x, rate, hz) {
  const w = 2 * Math.PI * hz / rate;
  const coeff = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (const v of x) {
    const s = v + coeff * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  const power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
  return 2 * power / (x.length * x.length);
}

/** power at `want` over the largest power at any of `others`. */
export function ratio(x, rate, want, others) {
  const p = goertzel(x, rate, want);
  const q = Math.max(...others.map((hz) => goertzel(x, rate, hz)), 1e-9);
  return p / q;
}
