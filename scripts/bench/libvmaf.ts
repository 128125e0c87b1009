/**
 * Native libvmaf for `npm run bench -- --libvmaf PATH`: the `vmaf` command-line tool of Netflix/vmaf (pinned
 * 332dde62 in ../shared/reference/metrics.md; how to build it: docs/libvmaf-bench.md) run on the very frames the
 * Node CPU rows measured, written once as y4m. One thread (`--threads 1`), model vmaf_v0.6.1 (integer VIF, ADM,
 * motion: the features of the CPU engine's integer row). The per-frame time is taken as the difference of a run
 * over all frames and a run over one frame, so process start-up, model loading and the first frame's extra work
 * are not counted (the in-process rows do not count them either); the whole-process rate is kept beside it. The
 * same runs with libvmaf's AVX-512, then all its x86 SIMD, masked off are rows of their own (LIBVMAF_MASKS).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import type { YuvFrame } from '../../src/core/video/frame.ts';

/** Writes frames as an 8-bit 4:2:0 y4m file (the header libvmaf's y4m reader accepts). */
export function writeY4m(path: string, frames: YuvFrame[]): void {
  if (frames.length === 0) throw new Error(`writeY4m ${path}: no frames`);
  const { width, height } = frames[0]!;
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, `YUV4MPEG2 W${width} H${height} F25:1 Ip A1:1 C420jpeg\n`);
    for (const f of frames) {
      writeSync(fd, 'FRAME\n');
      writeSync(fd, f.y);
      writeSync(fd, f.u);
      writeSync(fd, f.v);
    }
  } finally {
    closeSync(fd);
  }
}

/** Checks that `exe` runs and is the libvmaf tool; returns its version line. */
export function libvmafVersion(exe: string): string {
  const r = spawnSync(exe, ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`--libvmaf ${exe}: does not run (${r.error?.message ?? (r.stderr || r.stdout).trim().split('\n').pop()})`);
  return (r.stdout || r.stderr).trim().split('\n')[0]!;
}

/**
 * libvmaf's x86 instruction-set masks (`--cpumask`, a set bit forbids a set: SSE2 1, SSSE3 2, SSE4.1 4, AVX2 8,
 * AVX-512 16, AVX-512 ICL 32; libvmaf src/x86/cpu.h). Its integer VIF and motion have AVX-512 kernels, ADM AVX2 ones;
 * the masked runs show how much of the gap to the engine's 128-bit WebAssembly SIMD is vector width.
 */
export const LIBVMAF_MASKS = [
  { label: 'AVX-512 masked (AVX2 kernels)', cpumask: 16 | 32 },
  { label: 'all x86 SIMD masked (C kernels)', cpumask: 63 },
] as const;

/** Wall-clock seconds of one whole `vmaf` process over the first `frames` frames of the y4m pair. */
export function libvmafSeconds(exe: string, ref: string, dist: string, frames: number, cpumask = 0): number {
  const args = ['-r', ref, '-d', dist, '--threads', '1', '--model', 'version=vmaf_v0.6.1', '--frame_cnt', String(frames), '--quiet'];
  if (cpumask) args.push('--cpumask', String(cpumask));
  const t0 = performance.now();
  const r = spawnSync(exe, args, { encoding: 'utf8', maxBuffer: 16 << 20 });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${exe} ${args.join(' ')} failed: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
  return s;
}

/**
 * Frames per second of native libvmaf on one thread over `frames` frames of the y4m pair: `fps` without start-up
 * and first frame ((frames − 1) / (t(frames) − t(1)), best of two each), `wholeFps` = frames / t(frames).
 */
export function timeLibvmaf(exe: string, ref: string, dist: string, frames: number, cpumask = 0): { fps: number; wholeFps: number } {
  const all = Math.min(libvmafSeconds(exe, ref, dist, frames, cpumask), libvmafSeconds(exe, ref, dist, frames, cpumask));
  const one = Math.min(libvmafSeconds(exe, ref, dist, 1, cpumask), libvmafSeconds(exe, ref, dist, 1, cpumask));
  return libvmafRate(frames, all, one);
}

/** The rate of `frames` frames without start-up and first frame, from t(frames) and t(1) (seconds). */
export function libvmafRate(frames: number, all: number, one: number): { fps: number; wholeFps: number } {
  return { fps: frames > 1 && all > one ? (frames - 1) / (all - one) : frames / all, wholeFps: frames / all };
}
