/**
 * The end-to-end Vidaio evaluation: checks, pooling per pack, scores equal to the pack functions on the same numbers.
 */
import { describe, expect, it } from 'vitest';
import { getPack } from '../index.ts';
import { vidaioSubnet } from './vidaio-subnet-fea3779.ts';
import { callPackFunction } from '../call.ts';
import { evaluateCompression, evaluateUpscaling, factsFromProbe, poolVmaf, type CompressionInput, type UpscalingInput } from './evaluate.ts';
import type { MediaFacts } from './checks.ts';

const facts = (over: Partial<MediaFacts> = {}): MediaFacts => ({
  codec: 'av1',
  profile: 'Main',
  container: 'mov,mp4,m4a,3gp,3g2,mj2',
  pixFmt: 'yuv420p',
  sar: '1:1',
  avgFps: 30,
  frameCount: 300,
  width: 3840,
  height: 2160,
  colorSpace: 'bt709',
  colorTransfer: 'bt709',
  colorPrimaries: 'bt709',
  sizeBytes: 10_000_000,
  bitRate: null,
  ...over,
});
const fea = vidaioSubnet;
const next = getPack('validator-vidaio@b71f22d', 'vidaio')!;
const seed = getPack('vidaio-seed', 'vidaio')!;
const av1Crf = (vmafThreshold: number): CompressionInput['task'] => ({ codec: 'av1', mode: 'CRF', vmafThreshold });
const fourFrames = { vmaf: [95, 94, 96, 0], vmaf_neg: [93, 92.5, 94, 0] };

/** A compression evaluation under fea3779: 4K AV1 reference, a 10× smaller output, threshold 89; `over` replaces any of these. */
const compress = (over: Partial<CompressionInput> = {}) =>
  evaluateCompression({ pack: fea, reference: facts(), output: facts({ sizeBytes: 1_000_000 }), task: av1Crf(89), frames: fourFrames, ...over });

/** An upscaling evaluation under fea3779: 1080p payload ×2 to 4K, 10 s, VMAF 92, no PIE-APP; `over` replaces any of these. */
const upscale = (over: Partial<UpscalingInput> = {}) =>
  evaluateUpscaling({
    pack: fea,
    output: facts(),
    reference: facts(),
    payload: facts({ width: 1920, height: 1080, sizeBytes: 2_000_000 }),
    scaleFactor: 2,
    contentLengthS: 10,
    vmafFrames: [92],
    pieappFrames: null,
    manualSQ: null,
    ...over,
  });

describe('compression evaluation', () => {
  it('fea3779 scores the NEG harmonic mean over frames > 0 with the pack function', () => {
    const e = compress();
    const neg = 3 / (1 / 93 + 1 / 92.5 + 1 / 94);
    expect(e.values.vmafPooled).toBeCloseTo(neg, 12);
    const want = callPackFunction(fea, 'compression.score', { compressionRate: 0.1, vmaf: neg, vmafThreshold: 89 }) as { score: number };
    expect(e.score).toBe(want.score);
    expect(e.failures).toEqual([]);
    expect(e.headroom[0]).toMatch(/above the 89 gate/);
    expect(e.headroom[1]).toMatch(/≤ 500000 bytes/);
  });
  it('validator-vidaio scores the arithmetic mean of v0.6.1', () => {
    const e = compress({ pack: next, task: av1Crf(90), frames: { vmaf: [95, 94, 96, 95], vmaf_neg: [94, 93, 95, 94] } });
    expect(e.values.vmafPooled).toBe(95);
  });
  it('a failed check zeroes the score and is the first reason; the formula score is kept', () => {
    const e = compress({ output: facts({ sizeBytes: 1_000_000, codec: 'h264', profile: 'High' }) });
    expect(e.score).toBe(0);
    expect(e.reasons[0]).toMatch(/^Scored 0: Codec "h264"/);
    expect(e.values.formulaScore).toBeGreaterThan(0);
  });
  it('a larger output is C = 1 and no meaningful compression', () => {
    const e = compress({ output: facts({ sizeBytes: 12_000_000 }) });
    expect(e.values.compressionRate).toBe(1);
    expect(e.values.zone).toBe('no-meaningful-compression');
    expect(e.reasons.join(' ')).toMatch(/≥ 0.80/);
  });
});

describe('upscaling evaluation', () => {
  it('fea3779: gate on harmonic VMAF > 0, PIE-APP |x| mean capped at 2, then upscaling.score', () => {
    const e = upscale({ reference: facts({ codec: 'h264', profile: 'High' }), vmafFrames: [92, 93, 0], pieappFrames: [-0.4, 0.6, 0.2, 0.8] });
    const want = callPackFunction(fea, 'upscaling.score', { vmaf: 2 / (1 / 92 + 1 / 93), pieapp: 0.5, contentLengthS: 10 }) as { sF: number };
    expect(e.score).toBe(want.sF);
    expect(e.failures).toEqual([]);
  });
  it('below the VMAF gate scores 0 with the reason', () => {
    const e = upscale({ vmafFrames: [45, 48], pieappFrames: [0.1, 0.1, 0.1, 0.1] });
    expect(e.score).toBe(0);
    expect(e.reasons.join(' ')).toMatch(/below the gate of 50/);
  });
  it('without PIE-APP and without S_Q the score is partial (NaN) and says so', () => {
    const e = upscale();
    expect(e.score).toBeNaN();
    expect(e.values.partial).toBe(true);
    expect(e.reasons.join(' ')).toMatch(/partial/);
  });
  it('a manual S_Q gives upscaling.combine', () => {
    const e = upscale({ contentLengthS: 5, manualSQ: 0.8 });
    const want = callPackFunction(fea, 'upscaling.combine', { sQ: 0.8, contentLengthS: 5 }) as { sF: number };
    expect(e.score).toBe(want.sF);
  });
});

describe('media checks', () => {
  const h264 = facts({ sizeBytes: 1_000_000, codec: 'h264', profile: 'High' });
  const frames = { vmaf: [95, 95], vmaf_neg: [94, 94] };
  it.each([
    {
      name: 'compression: the base/NEG delta gate fires above 3 points',
      e: () => compress({ frames: { vmaf: [99, 99], vmaf_neg: [95, 95] } }),
      failed: ['vmaf-model-delta'],
    },
    {
      name: 'upscaling: wrong resolution and size cap are reported',
      e: () =>
        upscale({
          output: facts({ width: 3840, height: 2160, sizeBytes: 20_000_000 }),
          payload: facts({ width: 960, height: 540, sizeBytes: 1_000_000 }),
          pieappFrames: [0.1],
        }),
      failed: ['file-size', 'resolution'],
    },
    {
      name: 'validator-vidaio requires the exact frame count',
      e: () => compress({ pack: next, output: { ...h264, frameCount: 299 }, task: av1Crf(90), frames }),
      failed: ['frame-count'],
    },
  ])('$name, and the score is 0', ({ e, failed }) => {
    const r = e();
    expect(r.failures.map((f) => f.check)).toEqual(failed);
    expect(r.score).toBe(0);
  });
  it('validator-vidaio accepts H.264', () => {
    expect(compress({ pack: next, output: h264, task: av1Crf(90), frames }).failures).toEqual([]);
  });
  it('the seed defines no media checks and says so', () => {
    const e = compress({ pack: seed, output: h264, frames });
    expect(e.failures).toEqual([]);
    expect(e.reasons[0]).toMatch(/seed document defines no media checks/);
  });
});

describe('helpers', () => {
  it('poolVmaf explains the all-zero case', () => {
    expect(poolVmaf([0, 0], 'harmonic-positive').error).toMatch(/every frame scored 0/);
    expect(poolVmaf([90, 80], 'mean').value).toBe(85);
  });
  it('factsFromProbe maps an mp4 probe to ffprobe names', () => {
    const f = factsFromProbe({
      codec: 'h264',
      profile: 'High',
      container: 'mp4',
      pixFmt: 'yuv420p',
      sar: { num: 1, den: 1 },
      fps: 24,
      frameCount: 48,
      width: 1920,
      height: 1080,
      colorSpace: 'bt709',
      colorTransfer: 'bt709',
      colorPrimaries: 'bt709',
      sizeBytes: 10,
      bitRate: null,
      formatBitRate: 1000,
    });
    expect(f.container).toBe('mov,mp4,m4a,3gp,3g2,mj2');
    expect(f.sar).toBe('1:1');
    expect(f.bitRate).toBe(1000);
  });
});
