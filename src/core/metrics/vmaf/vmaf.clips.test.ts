/**
 * VMAF engine vs libvmaf (pinned v3.0.0) on the mp4 reference clips, decoded by the native ffmpeg
 * (`/usr/bin/ffmpeg`, streamed raw yuv420p). By default runs a representative subset (all 18 540p
 * megamind/vtest pairs and one 720p testsrc2 pair; about 80 s of CPU on one core);
 * PREFLIGHT_ALL_CLIPS=1 runs all 41 pairs.
 * The float features serve vmaf_float_v0.6.1 (and are the WebGPU kernels' twin). Tolerances: features ≤ 1e-3,
 * vmaf_float ≤ 0.02 per frame, pooled mean ≤ 0.1. vmaf, vmaf_neg and vmaf_4k are defined on libvmaf's *integer*
 * features, which the CPU engine computes exactly (integer/integer.clips.test.ts); their values from float
 * features are only logged here (measured: vmaf ≤ 0.125, vmaf_4k ≤ 0.103, vmaf_neg ≤ 0.254 per frame — the NEG gap is
 * explained in docs/accuracy.md).
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VmafExtractor, parseVmafModel, predictVmaf, type VmafFeatures, type VmafModelId } from './index.ts';
import { sharedReferenceUrl } from '../../../../test-support/index.ts';

const REF = sharedReferenceUrl('');
const ALL = process.env.PREFLIGHT_ALL_CLIPS === '1';
const SUBSET_EXTRA = ['testsrc2_720p__x264_crf28'];

function readJson(rel: string): any {
  // score files contain bare Infinity tokens (ffmpeg PSNR of identical planes)
  return JSON.parse(readFileSync(new URL(rel, REF), 'utf8').replace(/\bInfinity\b/g, '1e999'));
}

const MODELS: [VmafModelId, string][] = [
  ['vmaf_float_v0.6.1', 'vmaf_float'],
  ['vmaf_v0.6.1', 'vmaf'],
  ['vmaf_v0.6.1neg', 'vmaf_neg'],
  ['vmaf_4k_v0.6.1', 'vmaf_4k'],
];
const models = MODELS.map(([id, key]) => ({ key, model: parseVmafModel(id, readJson(`vmaf/${id}.json`)) }));

/** Streams the luma planes of an mp4 through ffmpeg; yields one Uint8Array per frame. */
async function* lumaFrames(file: string, w: number, h: number): AsyncGenerator<Uint8Array> {
  const proc = spawn('/usr/bin/ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const frameSize = w * h + 2 * ((w + 1) >> 1) * ((h + 1) >> 1);
  let buf: Uint8Array = new Uint8Array(0);
  for await (const chunk of proc.stdout as AsyncIterable<Uint8Array>) {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    while (buf.length >= frameSize) {
      yield buf.slice(0, w * h);
      buf = buf.subarray(frameSize);
    }
  }
}

async function runPair(pair: string, w: number, h: number): Promise<VmafFeatures[]> {
  const [src] = pair.split('__');
  const refIt = lumaFrames(new URL(`clips/${src}__ref.mp4`, REF).pathname, w, h);
  const disIt = lumaFrames(new URL(`clips/${pair}.mp4`, REF).pathname, w, h);
  const ex = new VmafExtractor(w, h, { neg: true });
  const out: VmafFeatures[] = [];
  for (;;) {
    const [r, d] = await Promise.all([refIt.next(), disIt.next()]);
    if (r.done || d.done) break;
    out.push(...ex.push(r.value, d.value));
  }
  out.push(...ex.flush());
  return out;
}

const allPairs = readdirSync(new URL('scores/', REF))
  .filter((f) => f.endsWith('.json') && f !== 'index.json' && !f.startsWith('tiny_'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();
const pairs = ALL ? allPairs : [...allPairs.filter((p) => p.includes('_540p__')), ...SUBSET_EXTRA];

const FEATS = ['vif_scale0', 'vif_scale1', 'vif_scale2', 'vif_scale3', 'adm2', 'motion2'] as const;
const SCORE_TOL: Record<string, number> = { vmaf_float: 0.02 };
const MEAN_TOL: Record<string, number> = { vmaf_float: 0.1 };

describe('float VMAF features vs libvmaf on mp4 clips (features ≤ 1e-3, vmaf_float ≤ 0.02 per frame, pooled ≤ 0.1)', () => {
  for (const pair of pairs) {
    it(pair, async () => {
      const sc = readJson(`scores/${pair}.json`);
      const pf = sc.libvmaf_pinned.per_frame;
      const [w, h] = sizeOf(pair);
      const feats = await runPair(pair, w, h);
      expect(feats.length).toBe(sc.frames);
      const errs: Record<string, number> = {};
      for (const k of FEATS) {
        errs[k] = Math.max(...feats.map((f, i) => Math.abs(f[k] - pf[k][i])));
      }
      for (const { key, model } of models) {
        const ours = feats.map((f) => predictVmaf(model, f));
        errs[key] = Math.max(...ours.map((v, i) => Math.abs(v - pf[key][i])));
        const meanOurs = ours.reduce((a, b) => a + b, 0) / ours.length;
        errs[`${key}_mean`] = Math.abs(meanOurs - sc.libvmaf_pinned.pooled[key].mean);
      }
      console.log(`[vmaf-clips] ${pair} ${JSON.stringify(Object.fromEntries(Object.entries(errs).map(([k, v]) => [k, Number(v.toPrecision(3))])))}`);
      for (const k of FEATS) expect(errs[k], k).toBeLessThanOrEqual(1e-3);
      for (const key of Object.keys(SCORE_TOL)) {
        expect(errs[key], key).toBeLessThanOrEqual(SCORE_TOL[key]!);
        expect(errs[`${key}_mean`], `${key} mean`).toBeLessThanOrEqual(MEAN_TOL[key]!);
      }
    });
  }
});

function sizeOf(pair: string): [number, number] {
  if (pair.includes('1080p')) return [1920, 1080];
  if (pair.includes('720p')) return [1280, 720];
  if (pair.includes('540p')) return [960, 540];
  throw new Error(`unknown size for ${pair}`);
}
