/**
 * Developer benchmark for the integer VMAF extractor (not part of the library or the test suite): decodes the
 * first frames of a reference/distorted mp4 pair with the native ffmpeg and times VIF, ADM and motion per frame.
 * Run: `npx tsx scripts/bench/integer-vmaf.ts [frames=8] [neg=1] [ref.mp4] [dis.mp4] [w] [h]`
 * (defaults: 8 frames of flower_1080p ref vs x264_crf28 at 1920x1080). Add `node --cpu-prof` via
 * `node --import tsx --cpu-prof ...` to profile.
 */
import { execFileSync } from 'node:child_process';
import { IntegerAdmComputer } from '../../src/core/metrics/vmaf/integer/adm.ts';
import { IntegerMotionComputer } from '../../src/core/metrics/vmaf/integer/motion.ts';
import { IntegerVifComputer } from '../../src/core/metrics/vmaf/integer/vif.ts';
import { sharedReference } from '../../test-support/index.ts';

const clips = sharedReference('clips/');
const [framesArg, negArg, refArg, disArg, wArg, hArg] = process.argv.slice(2);
const frames = Number(framesArg ?? 8);
const neg = (negArg ?? '1') === '1';
const refFile = refArg ?? `${clips}flower_1080p__ref.mp4`;
const disFile = disArg ?? `${clips}flower_1080p__x264_crf28.mp4`;
const w = Number(wArg ?? 1920);
const h = Number(hArg ?? 1080);

/** Luma planes of the first `n` frames of an mp4 (yuv420p via ffmpeg). */
function decode(file: string, n: number): Uint8Array[] {
  const raw = execFileSync('/usr/bin/ffmpeg', ['-v', 'error', '-i', file, '-frames:v', String(n), '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-'], {
    maxBuffer: 1 << 30,
  });
  const fs = w * h + 2 * ((w + 1) >> 1) * ((h + 1) >> 1);
  const out: Uint8Array[] = [];
  for (let i = 0; i + fs <= raw.length && out.length < n; i += fs) out.push(new Uint8Array(raw.subarray(i, i + w * h)));
  return out;
}

const refs = decode(refFile, frames + 1);
const diss = decode(disFile, frames + 1);
const vif = new IntegerVifComputer(w, h);
const adm = new IntegerAdmComputer(w, h);
const motion = new IntegerMotionComputer(w, h);
// warm-up frame (JIT), not timed
vif.compute(refs[0]!, diss[0]!, neg);
adm.compute(refs[0]!, diss[0]!, neg);
motion.push(refs[0]!);
let tv = 0;
let ta = 0;
let tm = 0;
let check = 0;
let mv = Infinity;
let ma = Infinity;
let mm = Infinity;
for (let f = 1; f <= frames && f < refs.length; f++) {
  let t = performance.now();
  const v = vif.compute(refs[f]!, diss[f]!, neg);
  let d = performance.now() - t;
  tv += d;
  mv = Math.min(mv, d);
  t = performance.now();
  const a = adm.compute(refs[f]!, diss[f]!, neg);
  d = performance.now() - t;
  ta += d;
  ma = Math.min(ma, d);
  t = performance.now();
  const m = motion.push(refs[f]!);
  d = performance.now() - t;
  tm += d;
  mm = Math.min(mm, d);
  check += v.scores[0]! + (neg ? v.scoresEgl[3]! : 0) + a.adm2 + (neg ? a.adm2Egl : 0) + m;
}
const n = Math.min(frames, refs.length - 1);
const ms = (x: number): string => (x / n).toFixed(1);
console.log(
  `${w}x${h} frames=${n} neg=${neg}: vif ${ms(tv)} ms, adm ${ms(ta)} ms, motion ${ms(tm)} ms, ` +
    `total ${ms(tv + ta + tm)} ms/frame (${((1000 * n) / (tv + ta + tm)).toFixed(2)} fps); fastest frame: vif ${mv.toFixed(1)}, ` +
    `adm ${ma.toFixed(1)}, motion ${mm.toFixed(1)}, sum ${(mv + ma + mm).toFixed(1)} ms [check ${check}]`,
);
