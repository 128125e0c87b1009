/**
 * Native ffmpeg helpers for `npm run bench` (reference speeds and test clips only; the product never needs it):
 * whether ffmpeg is on PATH, timing a command, making the 4K clip and the ×4 looped clip.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** The ffmpeg executable (`PREFLIGHT_FFMPEG` or `ffmpeg`), or null when it does not run. */
export function findFfmpeg(): string | null {
  const exe = process.env.PREFLIGHT_FFMPEG || 'ffmpeg';
  const r = spawnSync(exe, ['-version'], { stdio: 'ignore' });
  return r.status === 0 ? exe : null;
}

/**
 * Runs ffmpeg with `args` and returns wall seconds.
 * @throws Error with ffmpeg's last stderr lines when it fails.
 */
export function timeFfmpeg(exe: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(exe, ['-hide_banner', '-nostdin', '-loglevel', 'error', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`ffmpeg ${args.join(' ')} failed: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
  return s;
}

/** Writes a 3840×2160 H.264 clip of `frames` frames scaled from `src` (x264 ultrafast) into `dir`; returns its path. */
export function make4k(exe: string, src: string, dir: string, name: string, frames: number, crf: number): string {
  const out = join(dir, `${name}.mp4`);
  timeFfmpeg(exe, [
    '-y',
    '-i',
    src,
    '-frames:v',
    String(frames),
    '-vf',
    'scale=3840:2160:flags=bicubic',
    '-c:v',
    'libx264',
    '-preset',
    'ultrafast',
    '-crf',
    String(crf),
    '-pix_fmt',
    'yuv420p',
    out,
  ]);
  return out;
}

/** Writes `src` played `times` times back to back (stream copy, no re-encode) into `dir`; returns its path. */
export function loopClip(exe: string, src: string, dir: string, name: string, times: number): string {
  const out = join(dir, `${name}.mp4`);
  timeFfmpeg(exe, ['-y', '-stream_loop', String(times - 1), '-i', src, '-c', 'copy', out]);
  return out;
}
