import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseVmafModel, predictVmaf, type VmafFeatures } from '../metrics/vmaf/index.ts';
import { harmonicMeanPositive } from '../metrics/pooling.ts';
import { sampledVmafs, upscalingEnvelope, type EnvelopeInput } from './envelope.ts';
import { mulberry32 } from '../math/rng.ts';
import { drawVidaioSampling } from '../video/sampling.ts';

const model = parseVmafModel('vmaf_v0.6.1', JSON.parse(readFileSync(new URL('../../../public/models/vmaf_v0.6.1.json', import.meta.url), 'utf8')));
const feat = (i: number): VmafFeatures => ({
  vif_scale0: 0.5 + 0.001 * i,
  vif_scale1: 0.8,
  vif_scale2: 0.9,
  vif_scale3: 0.93,
  adm2: 0.95,
  motion2: 4,
  motion: 4,
});
const features = Array.from({ length: 300 }, (_, i) => feat(i));
/** The envelope with vmaf_v0.6.1, 30 fps, no PIE-APP frames and gate 50, unless the test says otherwise. */
const envelope = (input: Pick<EnvelopeInput, 'features' | 'score'> & Partial<EnvelopeInput>) =>
  upscalingEnvelope({ model, fps: 30, pieappPerFrame: null, fixedPieappFrames: null, gate: 50, ...input });

describe('validator-randomness envelope (exact per draw)', () => {
  it('K = 0 keeps frame 0 (motion2 already 0 there); K ≥ 1 drops 0…K and zeroes motion2 of frame K+1', () => {
    const a = sampledVmafs(features, model, 0, 20);
    expect(a).toHaveLength(15);
    expect(a[0]).toBe(predictVmaf(model, { ...features[0]!, motion2: 0 }));
    expect(a[1]).toBe(predictVmaf(model, features[20]!));
    const b = sampledVmafs(features, model, 3, 25);
    expect(b[0]).toBe(predictVmaf(model, { ...features[4]!, motion2: 0 }));
    expect(b[1]).toBe(predictVmaf(model, features[29]!));
    expect(b).toHaveLength(Math.ceil((300 - 4) / 25));
  });

  it('percentiles are ordered, deterministic for a seed, and P(below gate) counts draws', () => {
    const run = (seed: number) =>
      envelope({
        features,
        fixedPieappFrames: [0.2, 0.2, 0.2, 0.2],
        draws: 200,
        seed,
        score: (v) => ({ score: harmonicMeanPositive(v) / 100, vmaf: harmonicMeanPositive(v) }),
      });
    const e = run(7);
    expect(e).toEqual(run(7));
    expect(e.score!.p5).toBeLessThanOrEqual(e.score!.p50);
    expect(e.score!.p50).toBeLessThanOrEqual(e.score!.p95);
    expect(e.pBelowGate).toBe(0);
    const high = envelope({
      features,
      gate: 101,
      draws: 50,
      score: (v) => ({ score: 0, vmaf: harmonicMeanPositive(v) }),
    });
    expect(high.pBelowGate).toBe(1);
  });
});

describe('short clips: draws that sample nothing', () => {
  // A 10-frame clip far above the gate (per-frame VMAF ≈ 96, 46 points above the gate): every draw that samples a frame passes.
  const high = (i: number): VmafFeatures => ({
    vif_scale0: 0.99,
    vif_scale1: 0.995,
    vif_scale2: 0.997,
    vif_scale3: 0.998,
    adm2: 0.995 + 0.0001 * i,
    motion2: 2,
    motion: 2,
  });
  const clip = Array.from({ length: 10 }, (_, i) => high(i));
  const pool = (v: number[]) => harmonicMeanPositive(v);
  const env = (score: (v: number[]) => number | null, draws = 3000) =>
    envelope({
      features: clip,
      draws,
      seed: 3,
      score: (v) => ({ score: score(v), vmaf: pool(v) }),
    });

  it('a skip K ≥ 9 samples nothing on 10 frames; such draws are counted apart, not as below the gate', () => {
    expect(sampledVmafs(clip, model, 8, 20)).toHaveLength(1);
    expect(sampledVmafs(clip, model, 9, 20)).toHaveLength(0);
    expect(predictVmaf(model, { ...clip[0]!, motion2: 0 })).toBeGreaterThan(95);
    const e = env((v) => pool(v) / 100);
    // Same draws replayed: K uniform in 0…29, the draw is empty when K + 1 ≥ 10.
    const rng = mulberry32(3);
    let expected = 0;
    for (let d = 0; d < 3000; d++) if (drawVidaioSampling(rng, 30).skip >= 9) expected++;
    expect(e.emptyDraws).toBe(expected);
    // 21 of 30 skips are empty: binomial sd ≈ 0.008 at 3000 draws, tolerance 0.04.
    expect(Math.abs(e.emptyDraws / e.draws - 21 / 30)).toBeLessThan(0.04);
    expect(e.pBelowGate).toBe(0);
    expect(e.vmaf.p5).toBeGreaterThan(95);
    expect(e.score!.p5).toBeGreaterThan(0.95);
  });

  it('a score that cannot be computed (no S_Q) gives a null score row, the VMAF rows stay', () => {
    const e = env(() => null, 200);
    expect(e.score).toBeNull();
    expect(e.vmaf.p50).toBeGreaterThan(95);
    expect(e.pBelowGate).toBe(0);
  });

  it('a clip shorter than any skip at fps 1 still samples frame 0 (K = 0 only)', () => {
    const e = envelope({
      features: clip.slice(0, 1),
      fps: 1,
      draws: 20,
      score: (v) => ({ score: 1, vmaf: pool(v) }),
    });
    expect(e.emptyDraws).toBe(0);
    expect(e.pBelowGate).toBe(0);
  });
});
