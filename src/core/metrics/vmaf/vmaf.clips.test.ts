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
import { describe, expect, it } from 'vitest';
import { VmafExtractor, predictVmaf } from './index.ts';
import { ALL_MODELS, extractClipPair, loadVmafModels, mp4ClipPairs, readReferenceJson } from '../../../../test-support/vmaf.ts';

const ALL = process.env.PREFLIGHT_ALL_CLIPS === '1';
const SUBSET_EXTRA = ['testsrc2_720p__x264_crf28'];

const models = loadVmafModels(ALL_MODELS);
const allPairs = mp4ClipPairs();
const pairs = ALL ? allPairs : [...allPairs.filter((p) => p.includes('_540p__')), ...SUBSET_EXTRA];

const FEATS = ['vif_scale0', 'vif_scale1', 'vif_scale2', 'vif_scale3', 'adm2', 'motion2'] as const;
const SCORE_TOL: Record<string, number> = { vmaf_float: 0.02 };
const MEAN_TOL: Record<string, number> = { vmaf_float: 0.1 };

describe('float VMAF features vs libvmaf on mp4 clips (features ≤ 1e-3, vmaf_float ≤ 0.02 per frame, pooled ≤ 0.1)', () => {
  for (const pair of pairs) {
    it(pair, async () => {
      const sc = readReferenceJson(`scores/${pair}.json`);
      const pf = sc.libvmaf_pinned.per_frame;
      const feats = await extractClipPair(pair, (w, h) => new VmafExtractor(w, h, { neg: true }));
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
