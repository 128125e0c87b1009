/**
 * Throughput benchmark of the CPU VMAF engine at 1920x1080 on one core:
 * `npx tsx scripts/bench/float-vmaf.ts [frames] [--neg]`. Frames are synthetic (a moving
 * textured pattern and a noisy copy) so the script needs no clip; prints frames per second (feature
 * extraction + SVM, excluding frame generation). No Node imports: it stays inside the core boundary.
 */
import { VmafExtractor, parseVmafModel, predictVmaf } from '../../src/core/metrics/vmaf/index.ts';
import modelJson from '../../public/models/vmaf_v0.6.1.json';

const W = 1920;
const H = 1080;
const frames = Number(process.argv[2] ?? 12);
const neg = process.argv.includes('--neg');

function makeFrame(t: number, seed: number): { ref: Uint8Array; dis: Uint8Array } {
  const ref = new Uint8Array(W * H);
  const dis = new Uint8Array(W * H);
  let s = seed >>> 0;
  for (let i = 0; i < H; i++) {
    for (let j = 0; j < W; j++) {
      const v = 128 + 60 * Math.sin((j + 3 * t) * 0.05) * Math.cos((i + 2 * t) * 0.031) + 30 * Math.sin(i * j * 0.0007);
      s = (s * 1664525 + 1013904223) >>> 0;
      const noise = ((s >>> 24) & 15) - 7.5;
      const r = Math.max(0, Math.min(255, Math.round(v)));
      ref[i * W + j] = r;
      dis[i * W + j] = Math.max(0, Math.min(255, Math.round(v + noise)));
    }
  }
  return { ref, dis };
}

const inputs = [makeFrame(0, 1), makeFrame(1, 2), makeFrame(2, 3)];
const model = parseVmafModel('vmaf_v0.6.1', modelJson);
const ex = new VmafExtractor(W, H, { neg });
// warm-up
ex.push(inputs[0]!.ref, inputs[0]!.dis);
const times: number[] = [];
let sum = 0;
for (let k = 0; k < frames; k++) {
  const f = inputs[(k + 1) % inputs.length]!;
  const t = performance.now();
  for (const feat of ex.push(f.ref, f.dis)) sum += predictVmaf(model, feat);
  times.push(performance.now() - t);
}
const total = times.reduce((a, b) => a + b, 0) / 1000;
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[sorted.length >> 1]!;
console.log(
  `1080p, neg=${neg}: ${frames} frames in ${total.toFixed(2)} s = ${(frames / total).toFixed(2)} fps; ` +
    `per frame median ${median.toFixed(0)} ms (${(1000 / median).toFixed(2)} fps), best ${sorted[0]!.toFixed(0)} ms ` +
    `(${(1000 / sorted[0]!).toFixed(2)} fps) (checksum ${sum.toFixed(3)})`,
);
