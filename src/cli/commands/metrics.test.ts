/** `preflight metrics` end to end on the tiny y4m clips and one mp4 (native ffmpeg), plus its input errors. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './metrics.ts';
import { openVideo } from '../media/native-ffmpeg.ts';
import { sharedReference } from '../../../test-support/index.ts';
import { captureStdout } from '../../../test-support/cli.ts';

const C = sharedReference('clips/');
const tmp = mkdtempSync(join(tmpdir(), 'preflight-metrics-'));
/** `--ref` and `--dist` for two clips of ../shared/reference/clips. */
const pair = (ref: string, dist: string) => ['--ref', C + ref, '--dist', C + dist];

afterEach(() => vi.restoreAllMocks());

describe('preflight metrics --engine node-cpu', () => {
  it('tiny y4m: JSON file in libvmaf layout with vmaf, ssim, psnr per frame', async () => {
    const file = join(tmp, 'out.json');
    const out = captureStdout();
    const rc = await run([...pair('tiny_vtest_320x240__ref.y4m', 'tiny_vtest_320x240__x264_crf38.y4m'), '--model', 'vmaf_v0.6.1', '--json', file]);
    expect(rc).toBe(0);
    expect(out()).toMatch(/pooled over 5 frame/);
    const j = JSON.parse(readFileSync(file, 'utf8'));
    expect(j.frames.length).toBe(5);
    expect(Math.abs(j.frames[0].metrics.ssim_y - 0.919603)).toBeLessThan(1e-4);
    expect(Math.abs(j.pooled_metrics.vmaf.mean - 76.582319)).toBeLessThan(0.05); // libvmaf pinned pooled vmaf mean (integer features; ours are float)
    expect(j.preflight.probe.ref).toMatchObject({ via: 'y4m', width: 320, height: 240, fps: 10, frames: 5 });
  });

  it('mp4 through native ffmpeg with --frames and --subsample', async () => {
    const out = captureStdout();
    const rc = await run([...pair('vtest_540p__ref.mp4', 'vtest_540p__x264_crf38.mp4'), '--model', 'none', '--frames', '3:6', '--subsample', '2', '--json']);
    expect(rc).toBe(0);
    const j = JSON.parse(out());
    expect(j.frames.map((f: { frameNum: number }) => f.frameNum)).toEqual([0, 2, 4]);
    expect(j.preflight.frames.map((f: { distIndex: number }) => f.distIndex)).toEqual([3, 5, 7]);
    expect(j.preflight.probe.dist.via).toBe('ffmpeg');
  });

  it('--threads 3 (worker_threads pool) gives output identical to --threads 0 (main thread), all integer models', async () => {
    const json = async (threads: string) => {
      const out = captureStdout();
      const rc = await run([
        ...pair('tiny_vtest_320x240__ref.y4m', 'tiny_vtest_320x240__down2_up_bicubic.y4m'),
        '--model',
        'vmaf_v0.6.1,vmaf_v0.6.1neg,vmaf_4k_v0.6.1',
        '--threads',
        threads,
        '--json',
      ]);
      expect(rc).toBe(0);
      vi.restoreAllMocks();
      return JSON.parse(out());
    };
    const serial = await json('0');
    const pooled = await json('3');
    expect(pooled.frames).toEqual(serial.frames);
    expect(pooled.pooled_metrics).toEqual(serial.pooled_metrics);
    expect(serial.frames[4].metrics.vmaf_neg).toBeGreaterThan(0);
    captureStdout();
    const ref = C + 'tiny_vtest_320x240__ref.y4m';
    await expect(run(['--ref', ref, '--dist', ref, '--threads', 'two'])).rejects.toThrow(/--threads must be an integer ≥ 0, got "two"/);
    await expect(run(['--ref', ref, '--dist', ref, '--threads', '2', '--engine', 'cpu'])).rejects.toThrow(/--threads applies to --engine node-cpu only/);
  });

  it('errors: browser engines, missing file, non-video file, missing ffmpeg (exit 2)', async () => {
    captureStdout();
    const ref = C + 'tiny_vtest_320x240__ref.y4m';
    await expect(run(['--ref', ref, '--dist', ref, '--engine', 'gpu'])).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/unknown engine gpu/),
    });
    await expect(run(['--ref', ref, '--dist', join(tmp, 'missing.mp4')])).rejects.toThrow(/cannot read .*missing\.mp4: no such file \(ENOENT\)/);
    const junk = join(tmp, 'junk.mp4');
    writeFileSync(junk, 'this is not a video');
    await expect(run(['--ref', ref, '--dist', junk, '--model', 'none'])).rejects.toThrow(
      /junk\.mp4: not a video: the file contains plain text \(it starts with "this is not a video"\)/,
    );
    const binary = join(tmp, 'junk.bin');
    writeFileSync(
      binary,
      new Uint8Array(4096).map((_, i) => (i * 7919) & 255),
    );
    await expect(run(['--ref', ref, '--dist', binary, '--model', 'none'])).rejects.toThrow(/junk\.bin: not a recognised video \(first bytes .*\); ffprobe: /);
    const saved = process.env.PREFLIGHT_FFMPEG;
    process.env.PREFLIGHT_FFMPEG = join(tmp, 'no-ffmpeg');
    try {
      await expect(run(['--ref', ref, '--dist', C + 'vtest_540p__ref.mp4', '--model', 'none'])).rejects.toThrow(/ffmpeg not found/);
    } finally {
      if (saved === undefined) delete process.env.PREFLIGHT_FFMPEG;
      else process.env.PREFLIGHT_FFMPEG = saved;
    }
  });

  it('truncated mp4: refused before decoding, naming the frame where the file ends (README truncation policy)', async () => {
    const cut = join(tmp, 'cut.mp4');
    writeFileSync(cut, readFileSync(C + 'vtest_540p__ref.mp4').subarray(0, 300_000));
    const v = openVideo(cut);
    await expect(v.check()).rejects.toThrow(
      /cut\.mp4: truncated MP4: the file ends inside video frame \d+ \(\d+ of \d+ frames complete, decode order\); box 'mdat' at offset \d+ declares \d+ bytes but only \d+ remain/,
    );
    await expect(v.frames[Symbol.asyncIterator]().next()).rejects.toThrow(/truncated MP4/);
    captureStdout();
    await expect(run(['--ref', C + 'vtest_540p__ref.mp4', '--dist', cut, '--model', 'none'])).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/cut\.mp4: truncated MP4: the file ends inside video frame/),
    });
  });
});
