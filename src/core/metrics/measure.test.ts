/**
 * The streaming orchestrator on the tiny y4m clips: per-frame values against the reference score files
 * (ffmpeg SSIM ≤ 1e-4, ffmpeg PSNR ≤ 0.01 dB, libvmaf vmaf_float ≤ 0.05 via the VMAF engine), plan handling
 * (subsample with exact motion2, offset, range), errors, warnings, abort, and the libvmaf JSON layout.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { y4mFrames } from '../video/y4m.ts';
import type { YuvFrame } from '../video/frame.ts';
import { createYuvFrame } from '../video/frame.ts';
import { measure, type MeasureOptions } from './measure.ts';
import { toLibvmafJson } from './libvmaf-json.ts';
import { sharedReference } from '../../../test-support/index.ts';

const REF = sharedReference('');
const clip = (d: string) => new Uint8Array(readFileSync(REF + `clips/tiny_vtest_320x240__${d}.y4m`));
const REF_Y4M = clip('ref');
const CRF38 = clip('x264_crf38');
const frames = (b: Uint8Array) => y4mFrames([b]);
const modelJson = Object.fromEntries(
  (['vmaf_v0.6.1', 'vmaf_float_v0.6.1', 'vmaf_v0.6.1neg'] as const).map((id) => [id, JSON.parse(readFileSync(REF + `vmaf/${id}.json`, 'utf8'))]),
) as MeasureOptions['modelJson'];
const scores = JSON.parse(readFileSync(REF + 'scores/tiny_vtest_320x240__x264_crf38.json', 'utf8').replace(/-?Infinity|NaN/g, '"$&"')) as {
  libvmaf_pinned: { per_frame: Record<string, number[]> };
  ffmpeg_ssim: { per_frame: Record<string, number[]> };
  ffmpeg_psnr: { per_frame: Record<string, number[]> };
};

async function* synthetic(n: number, w: number, h: number, luma = (i: number) => i * 10): AsyncGenerator<YuvFrame> {
  for (let i = 0; i < n; i++) yield createYuvFrame(i, w, h, luma(i));
}

describe('measure (tiny 320x240 clips)', () => {
  it('SSIM/PSNR per frame match ffmpeg (≤ 1e-4, ≤ 0.01 dB) and VMAF float matches libvmaf (≤ 0.05)', async () => {
    let last = 0;
    const r = await measure(
      frames(REF_Y4M),
      frames(CRF38),
      { models: ['vmaf_float_v0.6.1', 'vmaf_v0.6.1', 'vmaf_v0.6.1neg'], modelJson },
      {
        onProgress: (p) => {
          last = p.done;
        },
      },
    );
    expect(r.frames.length).toBe(5);
    expect(last).toBe(5);
    expect(r.engine).toBe('cpu');
    expect(r.refFrameCount).toBe(5);
    r.frames.forEach((f, i) => {
      expect(f.frameNum).toBe(i);
      expect(Math.abs(f.metrics.ssim_y! - scores.ffmpeg_ssim.per_frame.Y![i]!)).toBeLessThanOrEqual(1e-4);
      expect(Math.abs(f.metrics.ssim_all! - scores.ffmpeg_ssim.per_frame.All![i]!)).toBeLessThanOrEqual(1e-4);
      expect(Math.abs(f.metrics.psnr_y! - scores.ffmpeg_psnr.per_frame.psnr_y![i]!)).toBeLessThanOrEqual(0.01);
      expect(Math.abs(f.metrics.vmaf_float! - scores.libvmaf_pinned.per_frame.vmaf_float![i]!)).toBeLessThanOrEqual(0.05);
      expect(Math.abs(f.metrics.motion2! - scores.libvmaf_pinned.per_frame.motion2![i]!)).toBeLessThanOrEqual(1e-3);
      expect(f.metrics.vmaf_neg).toBeDefined();
      expect(f.metrics.adm2_egl_1).toBeDefined();
    });
    const vm = r.frames.map((f) => f.metrics.vmaf!);
    expect(r.pooled.vmaf!.mean).toBeCloseTo(vm.reduce((a, b) => a + b) / 5, 12);
    expect(r.vidaio.vmaf_harmonic_mean_positive).toBeCloseTo(5 / vm.reduce((a, b) => a + 1 / b, 0), 12);
    expect(r.pooled.vmaf!.harmonic_mean).toBeCloseTo(5 / vm.reduce((a, b) => a + 1 / (b + 1), 0) - 1, 12);
  });

  it('subsample 2 (exact motion2) reproduces frames 0, 2, 4 of the full run; fast mode changes motion2 and warns', async () => {
    const opts = { models: ['vmaf_v0.6.1' as const], modelJson };
    const full = await measure(frames(REF_Y4M), frames(CRF38), opts);
    const sub = await measure(frames(REF_Y4M), frames(CRF38), { ...opts, subsample: 2 });
    expect(sub.frames.map((f) => f.frameNum)).toEqual([0, 2, 4]);
    sub.frames.forEach((f) => expect(f.metrics).toEqual(full.frames[f.frameNum]!.metrics));
    const fast = await measure(frames(REF_Y4M), frames(CRF38), { ...opts, subsample: 2, exactSubsampledMotion: false });
    expect(fast.frames[1]!.metrics.motion2).not.toBeCloseTo(full.frames[2]!.metrics.motion2!, 3);
    expect(fast.warnings.join(' ')).toMatch(/motion2 is computed between scored frames 2 apart/);
  });

  it('range and offset pick the right pairs; offset 0 vs ref-vs-ref is perfect', async () => {
    const r = await measure(frames(REF_Y4M), frames(REF_Y4M), { models: [], frameRange: { start: 1, count: 3 } });
    expect(r.frames.map((f) => [f.distIndex, f.refIndex])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(r.refFrameCount).toBeNull();
    expect(r.frames[0]!.metrics.ssim_all).toBeCloseTo(1, 14);
    expect(r.frames[0]!.metrics.ssim_y).toBe(1);
    expect(r.frames[0]!.metrics.psnr_y).toBe(Infinity);
    const o = await measure(frames(REF_Y4M), frames(REF_Y4M), { models: [], offset: 1, features: { psnr: false } });
    expect(o.frames.map((f) => [f.distIndex, f.refIndex])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    expect(o.frames[0]!.metrics.psnr_y).toBeUndefined();
    expect(o.frames[0]!.metrics.ssim_y).toBeLessThan(1);
    expect(o.warnings).toEqual([]);
  });

  it('libvmaf JSON layout', async () => {
    const r = await measure(frames(REF_Y4M), frames(REF_Y4M), { models: [] });
    const j = toLibvmafJson(r, { probe: { ref: 'x' } });
    expect(Object.keys(j)).toEqual(['version', 'frames', 'pooled_metrics', 'preflight']);
    expect(j.frames[0]).toMatchObject({ frameNum: 0, metrics: { ssim_y: 1, psnr_y: 'Infinity' } });
    expect(j.pooled_metrics.ssim_y).toEqual({ min: 1, max: 1, mean: 1, harmonic_mean: 1 });
    expect(j.pooled_metrics.psnr_avg).toMatchObject({ min: 'Infinity', mean: 'Infinity' });
    expect(j.preflight).toMatchObject({ engine: 'cpu', probe: { ref: 'x' }, warnings: [] });
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
  });
});

describe('measure: bad input', () => {
  it('different sizes: error names both sizes', async () => {
    await expect(measure(synthetic(2, 32, 32), synthetic(2, 16, 32), { models: [] })).rejects.toThrow(/reference 32x32.*distorted 16x32/);
  });

  it('different counts: common prefix + warning with both counts and the tolerance verdict', async () => {
    const near = await measure(synthetic(10, 16, 16), synthetic(7, 16, 16), { models: [] });
    expect(near.frames.length).toBe(7);
    expect(near.warnings[0]).toMatch(/reference 10, distorted 7 \(difference 3, within the Vidaio validator's tolerance of 5 frames/);
    const far = await measure(synthetic(4, 16, 16), synthetic(12, 16, 16), { models: [] });
    expect(far.frames.length).toBe(4);
    expect(far.distFrameCount).toBe(12);
    expect(far.warnings[0]).toMatch(/difference 8, beyond .* would score this 0/);
  });

  it('zero frames: error', async () => {
    await expect(measure(synthetic(0, 16, 16), synthetic(3, 16, 16), { models: [] })).rejects.toThrow(/reference has no frames/);
    await expect(measure(synthetic(3, 16, 16), synthetic(0, 16, 16), { models: [] })).rejects.toThrow(/distorted clip has no frames/);
  });

  it('abort: throws an AbortError promptly and stops reading', async () => {
    const ac = new AbortController();
    let pulled = 0;
    async function* slow(): AsyncGenerator<YuvFrame> {
      for (let i = 0; i < 1000; i++) {
        pulled++;
        yield createYuvFrame(i, 64, 64, i & 255);
      }
    }
    setTimeout(() => ac.abort(), 20);
    const t0 = Date.now();
    await expect(measure(slow(), synthetic(1000, 64, 64), { models: [] }, { signal: ac.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(pulled).toBeLessThan(1000);
  });
});
