import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseVmafModel, predictVmaf, type VmafFeatures } from '../metrics/vmaf/index.ts';
import { harmonicMeanPositive } from '../metrics/pooling.ts';
import { sampledVmafs, upscalingEnvelope } from './envelope.ts';

const model = parseVmafModel('vmaf_v0.6.1', JSON.parse(readFileSync(new URL('../../../public/models/vmaf_v0.6.1.json', import.meta.url), 'utf8')));
const feat = (i: number): VmafFeatures => ({ vif_scale0: 0.5 + 0.001 * i, vif_scale1: 0.8, vif_scale2: 0.9, vif_scale3: 0.93, adm2: 0.95, motion2: 4, motion: 4 });
const features = Array.from({ length: 300 }, (_, i) => feat(i));

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
      upscalingEnvelope({
        features, model, fps: 30, pieappPerFrame: null, fixedPieappFrames: [0.2, 0.2, 0.2, 0.2], gate: 50, draws: 200, seed,
        score: (v) => ({ score: harmonicMeanPositive(v) / 100, vmaf: harmonicMeanPositive(v) }),
      });
    const e = run(7);
    expect(e).toEqual(run(7));
    expect(e.score.p5).toBeLessThanOrEqual(e.score.p50);
    expect(e.score.p50).toBeLessThanOrEqual(e.score.p95);
    expect(e.pBelowGate).toBe(0);
    const high = upscalingEnvelope({ features, model, fps: 30, pieappPerFrame: null, fixedPieappFrames: null, gate: 101, draws: 50, score: (v) => ({ score: 0, vmaf: harmonicMeanPositive(v) }) });
    expect(high.pBelowGate).toBe(1);
  });
});
