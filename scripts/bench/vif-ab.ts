/**
 * Developer A/B benchmark for the integer VIF WebAssembly kernel (not part of the library or the test suite): two
 * builds of wasm/vif.ts (generated modules like src/core/wasm/vif.wasm.ts) run on the same decoded frames in one
 * process, alternating call by call, timed in process CPU time (steadier than wall time on a shared machine), and
 * their accumulators must be identical on every call (exit 1 otherwise). Typical use, against an earlier commit:
 *   git show REV:src/core/wasm/vif.wasm.ts > OLD.wasm.ts   (any scratch path)
 *   npx tsx scripts/bench/vif-ab.ts OLD.wasm.ts src/core/wasm/vif.wasm.ts [frames=6] [egl=0] [w h ref.mp4 dis.mp4]
 * (defaults: flower_1080p ref vs x264_crf28 at 1920x1080; other sizes are scaled by the native ffmpeg).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { sharedReference } from '../../test-support/index.ts';
import { cpuMs } from './cpu-ms.ts';

const clips = sharedReference('clips/');
const [fileA, fileB, framesArg, eglArg, wArg, hArg, refArg, disArg] = process.argv.slice(2);
if (!fileA || !fileB) throw new Error('usage: vif-ab.ts A.wasm.ts B.wasm.ts [frames] [egl 0|1] [w h ref.mp4 dis.mp4]');
const w = Number(wArg ?? 1920);
const h = Number(hArg ?? 1080);
const frames = Number(framesArg ?? 6);
const egl = (eglArg ?? '0') === '1';

/** Luma planes of the first `n` frames of an mp4, scaled to w×h (yuv420p via the native ffmpeg). */
function decode(file: string, n: number): Uint8Array[] {
  const raw = execFileSync(
    '/usr/bin/ffmpeg',
    ['-v', 'error', '-i', file, '-frames:v', String(n), '-vf', `scale=${w}:${h}`, '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-'],
    { maxBuffer: 1 << 30 },
  );
  const fs = w * h + 2 * ((w + 1) >> 1) * ((h + 1) >> 1);
  const out: Uint8Array[] = [];
  for (let i = 0; i + fs <= raw.length && out.length < n; i += fs) out.push(new Uint8Array(raw.subarray(i, i + w * h)));
  return out;
}

const table = new Uint16Array(65536);
for (let i = 32767; i < 65536; i++) table[i] = Math.round(Math.fround(Math.log2(i)) * 2048);

/** Instantiates a generated kernel module and returns a function computing the 4 × 5 accumulators of a pair. */
function kernel(file: string): (r: Uint8Array, d: Uint8Array) => number[] {
  const b64 = /'([^']+)'/.exec(readFileSync(file, 'utf8'))?.[1];
  if (!b64) throw new Error(`${file}: no base64 module found`);
  const x = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(b64, 'base64')), {}).exports as unknown as {
    memory: WebAssembly.Memory;
    init(w: number, h: number): number;
    refPtr(): number;
    disPtr(): number;
    tablePtr(): number;
    accPtr(): number;
    compute(egl: number): void;
  };
  x.init(w, h);
  new Uint16Array(x.memory.buffer, x.tablePtr(), 65536).set(table);
  return (r, d) => {
    new Uint8Array(x.memory.buffer, x.refPtr(), w * h).set(r);
    new Uint8Array(x.memory.buffer, x.disPtr(), w * h).set(d);
    x.compute(egl ? 1 : 0);
    return Array.from(new Float64Array(x.memory.buffer, x.accPtr(), 20));
  };
}

const refs = decode(refArg ?? `${clips}flower_1080p__ref.mp4`, frames);
const diss = decode(disArg ?? `${clips}flower_1080p__x264_crf28.mp4`, frames);
const A = kernel(fileA);
const B = kernel(fileB);
A(refs[0]!, diss[0]!); // warm-up (compilation tiers), not timed
B(refs[0]!, diss[0]!);
let ta = 0;
let tb = 0;
const n = 2 * Math.min(refs.length, diss.length);
for (let rep = 0; rep < 2; rep++) {
  for (let f = 0; f < n / 2; f++) {
    let t = cpuMs();
    const ra = A(refs[f]!, diss[f]!);
    ta += cpuMs() - t;
    t = cpuMs();
    const rb = B(refs[f]!, diss[f]!);
    tb += cpuMs() - t;
    if (ra.some((v, i) => v !== rb[i])) {
      console.log(`frame ${f}: accumulators differ\nA ${ra.join(' ')}\nB ${rb.join(' ')}`);
      process.exit(1);
    }
  }
}
console.log(
  `${w}x${h} egl=${egl}, ${n} calls each: A ${(ta / n).toFixed(1)} ms/frame, B ${(tb / n).toFixed(1)} ms/frame ` +
    `(CPU time), A/B = ${(ta / tb).toFixed(2)}x; accumulators identical on every call`,
);
