/**
 * Per-pass timing of the integer ADM extractor (src/core/metrics/vmaf/integer/adm.ts) on raw 8-bit luma frames:
 * wraps each kernel entry point of the selected backend with a timer and prints ms/frame per pass and in total, in
 * CPU time of this process (process.cpuUsage), which a machine shared with other work inflates less than wall time.
 * Usage: npx tsx scripts/adm-profile.ts WIDTH HEIGHT REF.y DIS.y [frames] [--backend js|wasm] [--egl] (--egl: also
 * the gain-limit-1.0 variant, as for vmaf_v0.6.1neg; without it only adm2, as for vmaf_v0.6.1). Not a test.
 */
import { readFileSync } from 'node:fs';
import { IntegerAdmComputer } from '../src/core/metrics/vmaf/integer/adm.ts';
import { cpuMs } from './bench/cpu-ms.ts';

const args = process.argv.slice(2);
const bi = args.indexOf('--backend');
const backend = bi >= 0 ? (args.splice(bi, 2)[1] as 'js' | 'wasm') : 'wasm';
const ei = args.indexOf('--egl');
const egl = ei >= 0;
if (egl) args.splice(ei, 1);
const [ws, hs, refPath, disPath, framesArg] = args;
if (!ws || !hs || !refPath || !disPath) throw new Error('usage: adm-profile.ts WIDTH HEIGHT REF.y DIS.y [frames] [--backend js|wasm] [--egl]');
const w = Number(ws);
const h = Number(hs);
const ref = readFileSync(refPath);
const dis = readFileSync(disPath);
const n = Math.min(Math.floor(ref.length / (w * h)), Math.floor(dis.length / (w * h)));
const frames = Number(framesArg ?? 8);
const adm = new IntegerAdmComputer(w, h, { backend });
const times = new Map<string, number>();
const timed =
  (name: string, f: (...a: unknown[]) => unknown) =>
  (...a: unknown[]) => {
    const t0 = cpuMs();
    const r = f(...a);
    times.set(name, (times.get(name) ?? 0) + cpuMs() - t0);
    return r;
  };
// the five passes of the backend interface (adm-backend.ts), timed per level: e.g. `cmSums0` is level 0's cm
const be = (adm as unknown as { impl: Record<string, (...a: unknown[]) => unknown> }).impl;
for (const k of ['dwt', 'denSum', 'decouple', 'csf', 'cmSums']) {
  const f = be[k]!.bind(be);
  const byLevel = [0, 1, 2, 3].map((s) => timed(`${k}${s}`, f));
  be[k] = (...a: unknown[]) => byLevel[a[0] as number]!(...a);
}
const frame = (buf: Buffer, i: number) => new Uint8Array(buf.buffer, buf.byteOffset + (i % n) * w * h, w * h);
for (let i = 0; i < 2; i++) adm.compute(frame(ref, i), frame(dis, i), egl); // warm-up
times.clear();
const t0 = cpuMs();
const w0 = performance.now();
let last = 0;
for (let i = 0; i < frames; i++) last = adm.compute(frame(ref, i), frame(dis, i), egl).adm2;
const total = (cpuMs() - t0) / frames;
const wall = (performance.now() - w0) / frames;
console.log(`${w}x${h} backend ${adm.backend} egl=${egl}: ${total.toFixed(2)} CPU ms/frame, ${wall.toFixed(2)} wall ms/frame (adm2 of the last frame ${last})`);
for (const [k, v] of [...times].sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(10)} ${(v / frames).toFixed(2)} CPU ms/frame`);
