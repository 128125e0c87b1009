/**
 * SsimStream against native ffmpeg's `ssim` filter on every frame-size class: widths and heights ≡ 0, 1, 2, 3
 * (mod 4), odd, tiny, and the 854x480 / 1366x768 sizes whose chroma planes showed the x86 tail effect (see
 * ssim.ts). Clips are cut here from the shared ones with the native ffmpeg (Debian 5.1.9 when this was written;
 * `PREFLIGHT_FFMPEG` overrides the binary), a few frames each, then scored by ffmpeg with a given filter thread
 * count on its x86 kernels and with `-cpuflags 0` (its C kernels). Per frame Y, U, V and All must agree within
 * 1e-6 (ffmpeg prints 6 decimals); planes under 8x8 pixels have no SSIM (NaN here, nan/inf/0 in ffmpeg).
 * About 1.5 min on a loaded 2-core machine, nearly all of it ffmpeg start-ups.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Y4mParser } from '../video/y4m.ts';
import type { YuvFrame } from '../video/frame.ts';
import { SsimStream, ssimFrame } from './ssim.ts';
import { sharedReference } from '../../../test-support/index.ts';

const CLIPS = sharedReference('clips/');
const FFMPEG = process.env.PREFLIGHT_FFMPEG ?? 'ffmpeg';

function run(args: string[]): Buffer {
  const r = spawnSync(FFMPEG, ['-nostdin', '-v', 'error', ...args], { maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${r.stderr?.toString()}`);
  return r.stdout;
}

/** `frames` frames of a w x h window at (x, y) of a shared clip as y4m bytes (4:4:4 crop keeps odd sizes exact). */
function cut(clip: string, w: number, h: number, x: number, y: number, frames: number): Buffer {
  return run(['-i', CLIPS + clip, '-frames:v', String(frames), '-vf', `format=yuv444p,crop=${w}:${h}:${x}:${y},format=yuv420p`, '-f', 'yuv4mpegpipe', '-']);
}

function parse(bytes: Uint8Array): YuvFrame[] {
  const p = new Y4mParser();
  const f = p.push(bytes);
  p.end();
  return f;
}

/** ffmpeg's per-frame Y, U, V, All (as printed; `nan`, `inf`, `-nan` become NaN or ±Infinity). */
function ffmpegSsim(dir: string, threads: number, cFlags: boolean): number[][] {
  const stats = join(dir, `ssim-${threads}-${cFlags ? 'c' : 'x86'}.txt`);
  run([
    ...(cFlags ? ['-cpuflags', '0'] : []),
    '-filter_complex_threads',
    String(threads),
    '-i',
    join(dir, 'd.y4m'),
    '-i',
    join(dir, 'r.y4m'),
    '-filter_complex',
    `ssim=stats_file=${stats}`,
    '-f',
    'null',
    '-',
  ]);
  return readFileSync(stats, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const m = /Y:(\S+) U:(\S+) V:(\S+) All:(\S+)/.exec(line);
      if (!m) throw new Error(`unreadable ffmpeg ssim line: ${line}`);
      return m.slice(1, 5).map((s) => (/nan/i.test(s) ? NaN : s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s)));
    });
}

interface Case {
  w: number;
  h: number;
  clip: string;
  x: number;
  y: number;
  frames: number;
}

const FLOWER = 'flower_720p__';
const CASES: Case[] = [
  // Tails: Y when floor(W/4) ≡ 2 (mod 4) with ≥ 2 block rows, U/V likewise on the ceil(W/2) x ceil(H/2) planes.
  { w: 8, h: 8, clip: FLOWER, x: 300, y: 200, frames: 2 }, // Y tail on the smallest plane with a window; U/V none
  { w: 9, h: 7, clip: FLOWER, x: 301, y: 201, frames: 2 }, // no window anywhere
  { w: 17, h: 13, clip: FLOWER, x: 77, y: 93, frames: 3 }, // Y only
  { w: 40, h: 40, clip: FLOWER, x: 500, y: 300, frames: 3 }, // Y tail reading the previous frame's V blocks
  { w: 43, h: 37, clip: FLOWER, x: 13, y: 411, frames: 3 }, // Y tail, odd sizes
  { w: 26, h: 100, clip: FLOWER, x: 640, y: 64, frames: 2 }, // Y tail (6 blocks), chroma 13 wide
  { w: 73, h: 34, clip: FLOWER, x: 201, y: 301, frames: 2 }, // Y tail, W ≡ 1, H ≡ 2
  { w: 90, h: 51, clip: FLOWER, x: 333, y: 222, frames: 2 }, // Y tail, H ≡ 3
  { w: 342, h: 70, clip: FLOWER, x: 5, y: 600, frames: 3 }, // U/V tail (171 → 42 blocks), 3 slice jobs
  { w: 336, h: 45, clip: FLOWER, x: 700, y: 10, frames: 2 }, // U/V tail with an even luma block count
  { w: 854, h: 480, clip: 'flower_1080p__', x: 0, y: 0, frames: 2 }, // U/V tail (427 → 106 blocks)
  { w: 1366, h: 768, clip: 'flower_1080p__', x: 100, y: 50, frames: 2 }, // U/V tail (683 → 170 blocks)
];

describe('ffmpeg ssim filter on every frame size (|Δ| ≤ 1e-6 per frame, Y/U/V/All)', () => {
  it('the sizes cover every width and height class and both tail kinds', () => {
    const mods = (f: (c: Case) => number) => new Set(CASES.map((c) => f(c) % 4));
    expect(mods((c) => c.w)).toEqual(new Set([0, 1, 2, 3]));
    expect(mods((c) => c.h)).toEqual(new Set([0, 1, 2, 3]));
    const streams = CASES.map((c) => new SsimStream(c.w, c.h));
    expect(streams.some((s) => s.hasTail(0))).toBe(true);
    expect(streams.some((s) => s.hasTail(1))).toBe(true);
  });

  for (const c of CASES) {
    it(`${c.w}x${c.h}, ${c.frames} frames: x86 kernels with 1 and 3 threads, C kernels`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'preflight-ssim-'));
      try {
        const r = cut(c.clip + 'ref.mp4', c.w, c.h, c.x, c.y, c.frames);
        const d = cut(c.clip + 'x264_crf38.mp4', c.w, c.h, c.x, c.y, c.frames);
        writeFileSync(join(dir, 'r.y4m'), r);
        writeFileSync(join(dir, 'd.y4m'), d);
        const ref = parse(r);
        const dist = parse(d);
        expect(ref.length).toBe(c.frames);
        expect(ref[0]!.width).toBe(c.w);
        expect(ref[0]!.height).toBe(c.h);
        let maxD = 0;
        let finite = 0;
        for (const [threads, kernels] of [
          [1, 'x86'],
          [3, 'x86'],
          [1, 'c'],
        ] as const) {
          const want = ffmpegSsim(dir, threads, kernels === 'c');
          expect(want.length).toBe(c.frames);
          const stream = new SsimStream(c.w, c.h, { threads, kernels });
          dist.forEach((df, i) => {
            const g = stream.frame(df, ref[i]!);
            [g.y, g.u, g.v, g.all].forEach((got, k) => {
              const label = `${kernels} ${threads} threads, frame ${i}, ${['Y', 'U', 'V', 'All'][k]}: ${got} vs ffmpeg ${want[i]![k]}`;
              if (Number.isNaN(got)) {
                // A plane without an 8x8 window: ffmpeg divides by zero windows (nan, inf) or by a negative count (-0).
                expect(Number.isFinite(want[i]![k]!) ? want[i]![k] === 0 : true, label).toBe(true);
                return;
              }
              finite++;
              const diff = Math.abs(got - want[i]![k]!);
              maxD = Math.max(maxD, diff);
              expect(diff, label).toBeLessThanOrEqual(1e-6);
            });
          });
        }
        if (c.w >= 16 && c.h >= 16) expect(finite).toBeGreaterThan(0);
        console.log(
          `${c.w}x${c.h}: max |Δ| ${maxD.toExponential(2)} over ${finite} finite values; tails Y ${new SsimStream(c.w, c.h).hasTail(0)}, U/V ${new SsimStream(c.w, c.h).hasTail(1)}`,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('luma tails carry state from frame to frame (a fresh stream per frame differs after frame 0)', () => {
    const c = CASES.find((x) => x.w === 40)!;
    const ref = parse(cut(c.clip + 'ref.mp4', c.w, c.h, c.x, c.y, 2));
    const dist = parse(cut(c.clip + 'x264_crf38.mp4', c.w, c.h, c.x, c.y, 2));
    const stream = new SsimStream(c.w, c.h);
    const first = stream.frame(dist[0]!, ref[0]!);
    expect(first.y).toBe(ssimFrame(dist[0]!, ref[0]!).y);
    const second = stream.frame(dist[1]!, ref[1]!);
    expect(Math.abs(second.y - ssimFrame(dist[1]!, ref[1]!).y)).toBeGreaterThan(1e-6);
  });
});
