/**
 * Developer A/B benchmark for the integer ADM WebAssembly kernel (not part of the library or the test suite): two
 * builds of wasm/adm.ts (generated modules like src/core/wasm/adm.wasm.ts) run the whole extractor
 * (IntegerAdmComputer) on the same raw 8-bit luma frames in one process, alternating call by call, timed in
 * process CPU time (steadier than wall time on a shared machine), per pass and in total; adm2 and adm2_egl_1 must
 * be identical on every call (exit 1 otherwise). Typical use, against an earlier commit:
 *   git show REV:src/core/wasm/adm.wasm.ts > OLD.wasm.ts   (any scratch path)
 *   npx tsx scripts/bench/adm-ab.ts OLD.wasm.ts src/core/wasm/adm.wasm.ts W H REF.y DIS.y [rounds=3] [egl=0]
 * (REF.y / DIS.y: raw gray frames, e.g. `ffmpeg -i X.mp4 -frames:v 9 -f rawvideo -pix_fmt gray X.y`).
 */
import { readFileSync } from 'node:fs';
import { IntegerAdmComputer } from '../../src/core/metrics/vmaf/integer/adm.ts';
import { WasmAdm } from '../../src/core/metrics/vmaf/integer/adm-wasm.ts';
import { cpuMs } from './cpu-ms.ts';

const [fileA, fileB, ws, hs, refPath, disPath, roundsArg, eglArg] = process.argv.slice(2);
if (!fileA || !fileB || !ws || !hs || !refPath || !disPath) {
  throw new Error('usage: adm-ab.ts A.wasm.ts B.wasm.ts W H REF.y DIS.y [rounds] [egl 0|1]');
}
const w = Number(ws);
const h = Number(hs);
const rounds = Number(roundsArg ?? 3);
const egl = (eglArg ?? '0') === '1';
const ref = readFileSync(refPath);
const dis = readFileSync(disPath);
const n = Math.min(Math.floor(ref.length / (w * h)), Math.floor(dis.length / (w * h)));
const frame = (buf: Buffer, i: number) => new Uint8Array(buf.buffer, buf.byteOffset + i * w * h, w * h);

/** An IntegerAdmComputer whose WebAssembly backend runs the module in `file`, its passes timed into `times`. */
function computer(file: string, times: Map<string, number>): IntegerAdmComputer {
  const b64 = /'([^']+)'/.exec(readFileSync(file, 'utf8'))?.[1];
  if (!b64) throw new Error(`${file}: no base64 module found`);
  const adm = new IntegerAdmComputer(w, h, { backend: 'wasm' });
  const inner = adm as unknown as { levels: unknown; impl: Record<string, (...a: unknown[]) => unknown> };
  const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(b64, 'base64')), {
    env: {
      abort: () => {
        throw new Error(`${file}: kernel aborted`);
      },
    },
  });
  const Ctor = WasmAdm as unknown as new (i: WebAssembly.Instance, l: unknown) => Record<string, (...a: unknown[]) => unknown>;
  const be = new Ctor(instance, inner.levels);
  for (const k of ['dwt', 'denSum', 'decouple', 'csf', 'cmSums']) {
    const f = be[k]!.bind(be);
    be[k] = (...a: unknown[]) => {
      const t0 = cpuMs();
      const r = f(...a);
      const name = `${k}${a[0] as number}`;
      times.set(name, (times.get(name) ?? 0) + cpuMs() - t0);
      return r;
    };
  }
  inner.impl = be;
  return adm;
}

const timesA = new Map<string, number>();
const timesB = new Map<string, number>();
const A = computer(fileA, timesA);
const B = computer(fileB, timesB);
A.compute(frame(ref, 0), frame(dis, 0), egl); // warm-up (compilation tiers), not timed
B.compute(frame(ref, 0), frame(dis, 0), egl);
timesA.clear();
timesB.clear();
let ta = 0;
let tb = 0;
let bad = 0;
for (let r = 0; r < rounds; r++) {
  for (let f = 0; f < n; f++) {
    const first = (r + f) % 2 === 0;
    const run = (c: IntegerAdmComputer) => {
      const t0 = cpuMs();
      const res = c.compute(frame(ref, f), frame(dis, f), egl);
      return { res, t: cpuMs() - t0 };
    };
    const a = first ? run(A) : null;
    const b = run(B);
    const a2 = a ?? run(A);
    ta += a2.t;
    tb += b.t;
    if (a2.res.adm2 !== b.res.adm2 || !Object.is(a2.res.adm2Egl, b.res.adm2Egl)) {
      bad++;
      console.log(`frame ${f}: A ${a2.res.adm2} ${a2.res.adm2Egl}, B ${b.res.adm2} ${b.res.adm2Egl}`);
    }
  }
}
const calls = rounds * n;
console.log(`${w}x${h} egl=${egl} ${calls} calls each: A ${(ta / calls).toFixed(2)} CPU ms/frame, B ${(tb / calls).toFixed(2)}, B/A ${(tb / ta).toFixed(3)}`);
const keys = [...timesA.keys()].sort((x, y) => (timesA.get(y) ?? 0) - (timesA.get(x) ?? 0));
for (const k of keys) {
  const a = (timesA.get(k) ?? 0) / calls;
  const b = (timesB.get(k) ?? 0) / calls;
  if (a >= 0.05) console.log(`  ${k.padEnd(10)} A ${a.toFixed(2)}  B ${b.toFixed(2)}  B/A ${(b / a).toFixed(2)}`);
}
if (bad) {
  console.log(`${bad} calls differ`);
  process.exit(1);
}
