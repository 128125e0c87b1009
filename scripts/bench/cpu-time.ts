/**
 * Developer benchmark for the integer VMAF kernels on a busy machine: like integer-vmaf.ts, but timed in process
 * CPU time (process.cpuUsage, user + system) instead of wall time, so other processes sharing the cores do not
 * inflate it; prints the fastest and the median frame of VIF, ADM and motion. Not part of the test suite.
 * Run: `npx tsx scripts/bench/cpu-time.ts [frames=6] [neg=0] [w=1920] [h=1080] [ref.mp4] [dis.mp4]`
 */
import { execFileSync } from 'node:child_process';
import { IntegerAdmComputer } from '../../src/core/metrics/vmaf/integer/adm.ts';
import { IntegerMotionComputer } from '../../src/core/metrics/vmaf/integer/motion.ts';
import { IntegerVifComputer } from '../../src/core/metrics/vmaf/integer/vif.ts';
import { sharedReference } from '../../test-support/index.ts';
import { cpuMs } from './cpu-ms.ts';

const clips = sharedReference('clips/');
const [framesArg, negArg, wArg, hArg, refArg, disArg] = process.argv.slice(2);
const frames = Number(framesArg ?? 6);
const neg = (negArg ?? '0') === '1';
const w = Number(wArg ?? 1920);
const h = Number(hArg ?? 1080);
const src = (f: string | undefined, d: string) => f ?? `${clips}${d}`;
const scale = w === 1920 && h === 1080 ? [] : ['-vf', `scale=${w}:${h}:flags=bicubic`];

function decode(file: string, n: number): Uint8Array[] {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-frames:v', String(n), ...scale, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], {
    maxBuffer: 1 << 30,
  });
  const out: Uint8Array[] = [];
  for (let i = 0; i + w * h <= raw.length && out.length < n; i += w * h) out.push(new Uint8Array(raw.subarray(i, i + w * h)));
  return out;
}

const refs = decode(src(refArg, 'flower_1080p__ref.mp4'), frames + 1);
const diss = decode(src(disArg, 'flower_1080p__x264_crf28.mp4'), frames + 1);
const vif = new IntegerVifComputer(w, h);
const adm = new IntegerAdmComputer(w, h);
const motion = new IntegerMotionComputer(w, h);
const t = { vif: [] as number[], adm: [] as number[], motion: [] as number[] };
let check = 0;
for (let f = 0; f < refs.length; f++) {
  let t0 = cpuMs();
  const v = vif.compute(refs[f]!, diss[f]!, neg);
  t.vif.push(cpuMs() - t0);
  t0 = cpuMs();
  const a = adm.compute(refs[f]!, diss[f]!, neg);
  t.adm.push(cpuMs() - t0);
  t0 = cpuMs();
  check += motion.push(refs[f]!) + v.scores[0]! + a.adm2;
  t.motion.push(cpuMs() - t0);
}
const stat = (xs: number[]) => {
  const s = xs.slice(1).sort((a, b) => a - b); // frame 0 (JIT warm-up) excluded
  return `${s[0]!.toFixed(1)}/${s[s.length >> 1]!.toFixed(1)}`;
};
console.log(
  `${w}x${h} ${refs.length - 1} frames neg=${neg} CPU ms per frame fastest/median: vif ${stat(t.vif)}, adm ${stat(t.adm)}, motion ${stat(t.motion)} [check ${check}]`,
);
