/**
 * Integer VMAF features vs libvmaf v3.0.0-124 (pinned) on the mp4 reference clips, decoded by the native
 * ffmpeg (`/usr/bin/ffmpeg`, raw yuv420p on a pipe): every frame of every public clip pair (41 pairs, 1,806 frames,
 * 540p to 1080p) — the full reference set through the CPU engine's default extractor. PREFLIGHT_QUICK_CLIPS=1 runs
 * only the first 4 frames of each pair (5 are decoded so that motion2 of frame 3 sees its successor).
 * Tolerances: every integer feature ≤ 1e-6 (the 6-decimal print), vmaf / vmaf_neg / vmaf_4k ≤ 1e-4 per frame.
 */
import { describe, expect, it } from 'vitest';
import { predictVmaf } from '../index.ts';
import { IntegerVmafExtractor } from './index.ts';
import { INTEGER_FEATURES, INTEGER_MODELS, extractClipPair, loadVmafModels, mp4ClipPairs, readReferenceJson } from '../../../../../test-support/vmaf.ts';

const ALL = process.env.PREFLIGHT_QUICK_CLIPS !== '1';
const FRAMES = 4;

const models = loadVmafModels(INTEGER_MODELS);

describe(`integer VMAF vs libvmaf pinned on mp4 clips (${ALL ? 'all' : FRAMES} frames; features ≤ 1e-6, vmaf/neg/4k ≤ 1e-4)`, () => {
  for (const pair of mp4ClipPairs()) {
    it(
      pair,
      async () => {
        const sc = readReferenceJson(`scores/${pair}.json`);
        const pf = sc.libvmaf_pinned.per_frame;
        const feats = await extractClipPair(pair, (w, h) => new IntegerVmafExtractor(w, h, { neg: true }), ALL ? Infinity : FRAMES);
        expect(feats.length).toBe(ALL ? sc.frames : FRAMES);
        const errs: Record<string, number> = {};
        for (const [k, rk] of INTEGER_FEATURES) errs[k] = Math.max(...feats.map((f, i) => Math.abs((f[k] as number) - pf[rk][i])));
        for (const { key, model } of models) {
          errs[key] = Math.max(...feats.map((f, i) => Math.abs(predictVmaf(model, f) - pf[key][i])));
        }
        console.log(`[integer-vmaf-clips] ${pair} ${JSON.stringify(Object.fromEntries(Object.entries(errs).map(([k, v]) => [k, Number(v.toPrecision(3))])))}`);
        for (const [k] of INTEGER_FEATURES) expect(errs[k], k).toBeLessThanOrEqual(1e-6);
        for (const { key } of models) expect(errs[key], key).toBeLessThanOrEqual(1e-4);
      },
      600_000,
    );
  }
});
