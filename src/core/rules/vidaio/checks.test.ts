/**
 * Unit tests for the Vidaio media checks: one passing baseline per task, then one mutation per check that must
 * produce exactly that failure (and the boundary values that must still pass).
 */
import { describe, expect, it } from 'vitest';
import {
  checkCompressionMedia,
  checkCompressionVmaf,
  checkUpscalingMedia,
  checkUpscalingVmaf,
  codecFamily,
  COMPRESSION_VMAF_THRESHOLDS,
  type CheckResult,
  type MediaFacts,
} from './checks.ts';

const payload: MediaFacts = {
  codec: 'h264',
  profile: 'High',
  container: 'mov,mp4,m4a,3gp,3g2,mj2',
  pixFmt: 'yuv420p',
  sar: '1:1',
  avgFps: 30,
  frameCount: 300,
  width: 1920,
  height: 1080,
  colorSpace: 'bt709',
  colorTransfer: 'bt709',
  colorPrimaries: 'bt709',
  sizeBytes: 10_000_000,
  bitRate: 8_000_000,
};
const ref4k: MediaFacts = { ...payload, width: 3840, height: 2160, sizeBytes: 40_000_000 };
const upOut: MediaFacts = { ...ref4k, codec: 'hevc', profile: 'Main', sizeBytes: 50_000_000 };

const ids = (r: CheckResult) => r.failures.map((f) => f.check);

describe('checkUpscalingMedia', () => {
  it('baseline passes', () => expect(checkUpscalingMedia(upOut, ref4k, payload, { scaleFactor: 2 })).toEqual({ ok: true, failures: [] }));
  it('AV1 Main also passes', () => expect(checkUpscalingMedia({ ...upOut, codec: 'av1', profile: 'Main' }, ref4k, payload, { scaleFactor: 2 }).ok).toBe(true));
  it('file size cap ×8 for 2× (equal passes, one byte more fails)', () => {
    expect(checkUpscalingMedia({ ...upOut, sizeBytes: 80_000_000 }, ref4k, payload, { scaleFactor: 2 }).ok).toBe(true);
    const r = checkUpscalingMedia({ ...upOut, sizeBytes: 80_000_001 }, ref4k, payload, { scaleFactor: 2 });
    expect(ids(r)).toEqual(['file-size']);
    expect(r.failures[0]!.line).toContain('server.py');
  });
  it('file size cap ×20 for 4×', () => {
    const small = { ...payload, width: 960, height: 540, sizeBytes: 1_000_000 };
    expect(checkUpscalingMedia({ ...upOut, sizeBytes: 20_000_000 }, ref4k, small, { scaleFactor: 4 }).ok).toBe(true);
    expect(ids(checkUpscalingMedia({ ...upOut, sizeBytes: 20_000_001 }, ref4k, small, { scaleFactor: 4 }))).toEqual(['file-size']);
  });
  it('resolution must be exactly payload × scale', () => {
    expect(ids(checkUpscalingMedia({ ...upOut, width: 3836 }, { ...ref4k, width: 3836 }, payload, { scaleFactor: 2 }))).toEqual(['resolution']);
    expect(ids(checkUpscalingMedia(upOut, ref4k, payload, { scaleFactor: 4 }))).toEqual(['resolution']);
  });
  it('invalid video (zero size) fails', () =>
    expect(ids(checkUpscalingMedia({ ...upOut, width: 0 }, ref4k, payload, { scaleFactor: 2 }))).toContain('valid-video'));
  it('reference under 10 frames voids (−100)', () => {
    const r = checkUpscalingMedia({ ...upOut, frameCount: 9 }, { ...ref4k, frameCount: 9 }, payload, { scaleFactor: 2 });
    expect(ids(r)).toEqual(['reference-frames']);
    expect(r.failures[0]!.outcome).toBe('void');
  });
  it('codec must be HEVC or AV1', () =>
    expect(ids(checkUpscalingMedia({ ...upOut, codec: 'h264', profile: 'High' }, ref4k, payload, { scaleFactor: 2 }))).toEqual(['codec']));
  it('container must be MP4; IVF refused', () => {
    expect(ids(checkUpscalingMedia({ ...upOut, container: 'matroska,webm' }, ref4k, payload, { scaleFactor: 2 }))).toEqual(['container']);
    expect(ids(checkUpscalingMedia({ ...upOut, codec: 'av1', container: 'ivf' }, ref4k, payload, { scaleFactor: 2 }))).toEqual(['container']);
    expect(checkUpscalingMedia({ ...upOut, container: 'mp4' }, ref4k, payload, { scaleFactor: 2 }).ok).toBe(true);
  });
  it('profiles: HEVC Main 10 ok, Rext fails; AV1 High fails', () => {
    expect(checkUpscalingMedia({ ...upOut, profile: 'Main 10' }, ref4k, payload, { scaleFactor: 2 }).ok).toBe(true);
    expect(ids(checkUpscalingMedia({ ...upOut, profile: 'Rext' }, ref4k, payload, { scaleFactor: 2 }))).toEqual(['profile']);
    expect(ids(checkUpscalingMedia({ ...upOut, codec: 'av1', profile: 'High' }, ref4k, payload, { scaleFactor: 2 }))).toEqual(['profile']);
    expect(ids(checkUpscalingMedia({ ...upOut, profile: null }, ref4k, payload, { scaleFactor: 2 }))).toEqual(['profile']);
  });
  it('SAR must be 1:1', () => expect(ids(checkUpscalingMedia({ ...upOut, sar: '4:3' }, ref4k, payload, { scaleFactor: 2 }))).toEqual(['sar']));
  it('pix_fmt must be yuv420p', () =>
    expect(ids(checkUpscalingMedia({ ...upOut, pixFmt: 'yuv420p10le' }, ref4k, payload, { scaleFactor: 2 }))).toEqual(['pix-fmt']));
  it('fps within 0.3 of the reference', () => {
    expect(checkUpscalingMedia({ ...upOut, avgFps: 30.25 }, ref4k, payload, { scaleFactor: 2 }).ok).toBe(true);
    expect(ids(checkUpscalingMedia({ ...upOut, avgFps: 30.5 }, ref4k, payload, { scaleFactor: 2 }))).toEqual(['fps']);
    expect(ids(checkUpscalingMedia({ ...upOut, avgFps: NaN }, ref4k, payload, { scaleFactor: 2 }))).toEqual(['fps']);
  });
  it('colour tags must match when both are tagged', () => {
    expect(ids(checkUpscalingMedia({ ...upOut, colorPrimaries: 'bt2020' }, ref4k, payload, { scaleFactor: 2 }))).toEqual(['color']);
    expect(checkUpscalingMedia({ ...upOut, colorSpace: null, colorTransfer: 'unknown' }, ref4k, payload, { scaleFactor: 2 }).ok).toBe(true);
    expect(checkUpscalingMedia(upOut, { ...ref4k, colorPrimaries: null }, payload, { scaleFactor: 2 }).ok).toBe(true);
  });
  it('frame count within 5 of the reference', () => {
    expect(checkUpscalingMedia({ ...upOut, frameCount: 305 }, ref4k, payload, { scaleFactor: 2 }).ok).toBe(true);
    expect(ids(checkUpscalingMedia({ ...upOut, frameCount: 294 }, ref4k, payload, { scaleFactor: 2 }))).toEqual(['frame-count']);
  });
  it('reports every failure, each with an upstream line', () => {
    const r = checkUpscalingMedia({ ...upOut, sar: '2:1', pixFmt: 'yuv444p', frameCount: 100 }, ref4k, payload, { scaleFactor: 2 });
    expect(ids(r)).toEqual(['sar', 'pix-fmt', 'frame-count']);
    for (const f of r.failures) expect(f.line).toMatch(/server\.py:\d+/);
  });
});

describe('checkCompressionMedia', () => {
  const ref: MediaFacts = { ...payload, sizeBytes: 100_000_000 };
  const out: MediaFacts = { ...ref, codec: 'av1', profile: 'Main', sizeBytes: 10_000_000, bitRate: 10_000_000 };
  it('baseline passes (CRF)', () => expect(checkCompressionMedia(out, ref, { codec: 'av1', mode: 'CRF' })).toEqual({ ok: true, failures: [] }));
  it('codec family must equal the task codec', () => {
    expect(ids(checkCompressionMedia({ ...out, codec: 'hevc' }, ref, { codec: 'av1', mode: 'CRF' }))).toEqual(['codec']);
    expect(checkCompressionMedia({ ...out, codec: 'hevc', profile: 'Main 10' }, ref, { codec: 'hevc', mode: 'CRF' }).ok).toBe(true);
  });
  it('resolution must equal the reference', () =>
    expect(ids(checkCompressionMedia({ ...out, width: 1280, height: 720 }, ref, { codec: 'av1', mode: 'CRF' }))).toEqual(['resolution']));
  it('VBR bit rate ≤ 1.10 × target, no lower bound; CRF not checked', () => {
    expect(checkCompressionMedia({ ...out, bitRate: 11_000_000 }, ref, { codec: 'av1', mode: 'VBR', targetBitrateMbps: 10 }).ok).toBe(true);
    expect(checkCompressionMedia({ ...out, bitRate: 100_000 }, ref, { codec: 'av1', mode: 'VBR', targetBitrateMbps: 10 }).ok).toBe(true);
    expect(ids(checkCompressionMedia({ ...out, bitRate: 11_000_001 }, ref, { codec: 'av1', mode: 'VBR', targetBitrateMbps: 10 }))).toEqual(['bitrate']);
    expect(ids(checkCompressionMedia({ ...out, bitRate: 9_000_000 }, ref, { codec: 'av1', mode: 'CBR', targetBitrateMbps: 8 }))).toEqual(['bitrate']);
    expect(ids(checkCompressionMedia({ ...out, bitRate: null }, ref, { codec: 'av1', mode: 'VBR', targetBitrateMbps: 5 }))).toEqual(['bitrate']);
    expect(checkCompressionMedia({ ...out, bitRate: 50_000_000 }, ref, { codec: 'av1', mode: 'CRF', targetBitrateMbps: 5 }).ok).toBe(true);
  });
  it('reference under 10 frames voids; frame count ±5', () => {
    expect(ids(checkCompressionMedia({ ...out, frameCount: 5 }, { ...ref, frameCount: 5 }, { codec: 'av1', mode: 'CRF' }))).toEqual(['reference-frames']);
    expect(ids(checkCompressionMedia({ ...out, frameCount: 306 }, ref, { codec: 'av1', mode: 'CRF' }))).toEqual(['frame-count']);
  });
  it('shared encoding checks apply (SAR, pix_fmt, fps, colour, container)', () => {
    const r = checkCompressionMedia({ ...out, sar: '0:1', pixFmt: 'nv12', avgFps: 25, colorTransfer: 'smpte2084', container: 'ivf' }, ref, {
      codec: 'av1',
      mode: 'CRF',
    });
    expect(ids(r).sort()).toEqual(['color', 'container', 'fps', 'pix-fmt', 'sar']);
  });
});

describe('VMAF gates and facts', () => {
  it('upscaling VMAF gate at 50 (exactly 50 passes)', () => {
    expect(checkUpscalingVmaf(50).ok).toBe(true);
    expect(ids(checkUpscalingVmaf(49.999))).toEqual(['vmaf-gate']);
    expect(checkUpscalingVmaf(NaN).ok).toBe(true);
  });
  it('base/NEG delta gate at 3.0 (exactly 3 passes)', () => {
    expect(checkCompressionVmaf(90, 93).ok).toBe(true);
    expect(ids(checkCompressionVmaf(90, 93.01))).toEqual(['vmaf-model-delta']);
    expect(ids(checkCompressionVmaf(94, 90.5))).toEqual(['vmaf-model-delta']);
  });
  it('compression thresholds and codec families', () => {
    expect([...COMPRESSION_VMAF_THRESHOLDS]).toEqual([85, 89, 93]);
    expect(codecFamily('libaom-av1')).toBe('av1');
    expect(codecFamily('H265')).toBe('hevc');
    expect(codecFamily('h264')).toBe('h264');
  });
});
