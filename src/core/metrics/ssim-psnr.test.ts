/**
 * ssimFrame / psnrFrame against ffmpeg 5.1.9's `ssim` and `psnr` stats files stored in
 * ../shared/reference/scores (per frame, 6 printed decimals): the raw tiny y4m clips, and mp4 clips decoded here
 * with the native ffmpeg (H.264 decoding is bit-exact, so these are the frames that were scored).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { Y4mParser } from '../video/y4m.ts';
import type { YuvFrame } from '../video/frame.ts';
import { ssimFrame } from './ssim.ts';
import { psnrFrame } from './psnr.ts';
import { sharedReference } from '../../../test-support/index.ts';

const REF = sharedReference('');

function parseAll(bytes: Uint8Array): YuvFrame[] {
  const p = new Y4mParser();
  const frames = p.push(bytes);
  p.end();
  return frames;
}

function decode(mp4: string, frames: number): YuvFrame[] {
  const ffmpeg = process.env.PREFLIGHT_FFMPEG ?? 'ffmpeg';
  const r = spawnSync(
    ffmpeg,
    ['-nostdin', '-v', 'error', '-i', REF + 'clips/' + mp4, '-frames:v', String(frames), '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', '-'],
    { maxBuffer: 1 << 30 },
  );
  if (r.status !== 0) throw new Error(`ffmpeg failed on ${mp4}: ${r.stderr?.toString()}`);
  return parseAll(r.stdout);
}

interface Scores {
  ffmpeg_ssim: { per_frame: Record<'Y' | 'U' | 'V' | 'All', number[]> };
  ffmpeg_psnr: { summary_line: string; per_frame: Record<'psnr_y' | 'psnr_u' | 'psnr_v' | 'psnr_avg' | 'mse_y' | 'mse_avg', (number | string)[]> };
}

function scores(name: string): Scores {
  // Python's json writes inf as Infinity, which JSON.parse rejects.
  return JSON.parse(readFileSync(REF + 'scores/' + name + '.json', 'utf8').replace(/-?Infinity|NaN/g, (m) => `"${m}"`)) as Scores;
}

const num = (v: number | string) => (typeof v === 'string' ? Number(v) : v);

const entries = <K extends string, V>(o: Record<K, V>) => Object.entries(o) as [K, V][];
/** Our result field → ffmpeg's stats key, per plane and the combined value. */
const SSIM_KEYS = entries({ y: 'Y', u: 'U', v: 'V', all: 'All' } as const);
const PSNR_KEYS = entries({ y: 'psnr_y', u: 'psnr_u', v: 'psnr_v', avg: 'psnr_avg' } as const);

function check(pairs: [YuvFrame, YuvFrame][], s: Scores) {
  let maxSsim = 0;
  let maxPsnr = 0;
  pairs.forEach(([ref, dist], i) => {
    const ss = ssimFrame(dist, ref);
    const ps = psnrFrame(dist, ref);
    const want = s.ffmpeg_ssim.per_frame;
    for (const [field, key] of SSIM_KEYS) {
      const got = ss[field];
      const d = Math.abs(got - want[key][i]!);
      maxSsim = Math.max(maxSsim, d);
      expect(d, `frame ${i} ssim ${key}: ${got} vs ${want[key][i]}`).toBeLessThanOrEqual(1e-4);
    }
    const wp = s.ffmpeg_psnr.per_frame;
    for (const [field, key] of PSNR_KEYS) {
      const got = ps[field];
      const w = num(wp[key][i]!);
      if (!Number.isFinite(w)) {
        expect(got, `frame ${i} ${key}`).toBe(w);
        continue;
      }
      const d = Math.abs(got - w);
      maxPsnr = Math.max(maxPsnr, d);
      expect(d, `frame ${i} ${key}: ${got} vs ${w}`).toBeLessThanOrEqual(0.01);
    }
    // ffmpeg's psnr stats file prints MSE and PSNR with 2 decimals: allow the rounding (0.005) plus float noise.
    expect(Math.abs(ps.mseY - num(wp.mse_y[i]!))).toBeLessThanOrEqual(0.005 + 1e-9);
    expect(Math.abs(ps.mseAvg - num(wp.mse_avg[i]!))).toBeLessThanOrEqual(0.005 + 1e-9);
  });
  return { maxSsim, maxPsnr };
}

/**
 * The summary line has 6 decimals: per plane, PSNR of the MSE averaged over all frames (ffmpeg's get_psnr), and
 * for `average` the same over the weighted MSE. Only valid when every frame of the pair was measured.
 */
function checkSummary(pairs: [YuvFrame, YuvFrame][], line: string) {
  const m = /y:(\S+) u:(\S+) v:(\S+) average:(\S+)/.exec(line)!;
  const acc = { y: 0, u: 0, v: 0, avg: 0 };
  for (const [ref, dist] of pairs) {
    const p = psnrFrame(dist, ref);
    acc.y += p.mseY;
    acc.u += p.mseU;
    acc.v += p.mseV;
    acc.avg += p.mseAvg;
  }
  const n = pairs.length;
  const got = [acc.y, acc.u, acc.v, acc.avg].map((s) => 10 * Math.log10((255 * 255) / (s / n)));
  let maxD = 0;
  got.forEach((g, k) => {
    const w = m[k + 1] === 'inf' ? Infinity : Number(m[k + 1]);
    if (!Number.isFinite(w)) return expect(g).toBe(w);
    const d = Math.abs(g - w);
    maxD = Math.max(maxD, d);
    expect(d, `summary ${['y', 'u', 'v', 'average'][k]}: ${g} vs ${w}`).toBeLessThanOrEqual(1e-6);
  });
  return maxD;
}

describe('ffmpeg ssim/psnr twins (|Δ| ≤ 1e-4 SSIM, ≤ 0.01 dB PSNR per frame)', () => {
  const ref = parseAll(readFileSync(REF + 'clips/tiny_vtest_320x240__ref.y4m'));
  for (const d of ['ref', 'x264_crf38', 'down2_up_bicubic']) {
    it(`tiny_vtest_320x240__${d}.y4m`, () => {
      const dist = parseAll(readFileSync(REF + `clips/tiny_vtest_320x240__${d}.y4m`));
      expect(dist.length).toBe(ref.length);
      const pairs = ref.map((f, i): [YuvFrame, YuvFrame] => [f, dist[i]!]);
      const s = scores(`tiny_vtest_320x240__${d}`);
      const r = check(pairs, s);
      const sum = checkSummary(pairs, s.ffmpeg_psnr.summary_line);
      console.log(
        `tiny ${d}: max |Δssim| ${r.maxSsim.toExponential(2)}, max |Δpsnr| ${r.maxPsnr.toExponential(2)} dB (2-decimal stats), summary |Δ| ${sum.toExponential(2)} dB`,
      );
    });
  }
  for (const [clip, frames] of [
    ['vtest_540p__x264_crf38', 30],
    ['megamind_540p__noise10', 12],
    ['testsrc2_720p__down2_up_neighbor', 8],
    ['flower_1080p__x264_crf28', 4],
  ] as const) {
    it(`${clip}.mp4 (first ${frames} frames, decoded with native ffmpeg)`, () => {
      const refName = clip.split('__')[0] + '__ref.mp4';
      const r = decode(refName, frames);
      const d = decode(clip + '.mp4', frames);
      expect(r.length).toBe(frames);
      expect(d.length).toBe(frames);
      const pairs = r.map((f, i): [YuvFrame, YuvFrame] => [f, d[i]!]);
      const s = scores(clip);
      const m = check(pairs, s);
      // vtest_540p has 30 frames: the whole clip was measured, so the 6-decimal summary line applies.
      const sum = s.ffmpeg_psnr.per_frame.psnr_y.length === frames ? checkSummary(pairs, s.ffmpeg_psnr.summary_line).toExponential(2) : 'n/a';
      console.log(`${clip}: max |Δssim| ${m.maxSsim.toExponential(2)}, max |Δpsnr| ${m.maxPsnr.toExponential(2)} dB (2-decimal stats), summary |Δ| ${sum} dB`);
    });
  }
});
