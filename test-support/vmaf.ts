/**
 * What the VMAF engine's tests share: the libvmaf reference files of ../shared/reference (score JSONs, model
 * JSONs), the table of libvmaf's integer feature names, and the loops that run an extractor over a clip pair —
 * the tiny y4m vectors held in memory, or the mp4 clips streamed as raw luma through the native ffmpeg. Node-only;
 * not part of the app.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { expect } from 'vitest';
import { parseVmafModel, type VmafFeatures, type VmafModel, type VmafModelId } from '../src/core/metrics/vmaf/index.ts';
import { sharedReferenceUrl } from './index.ts';

const REF = sharedReferenceUrl('');

/** A JSON file under ../shared/reference/; score files hold bare `Infinity` tokens (ffmpeg PSNR of identical planes). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped JSON fixtures, as in the tests (eslint.config.js)
export function readReferenceJson(rel: string): any {
  return JSON.parse(readFileSync(new URL(rel, REF), 'utf8').replace(/\bInfinity\b/g, '1e999'));
}

/** [model id, key of its per-frame score in the reference files] of the models defined on libvmaf's integer features. */
export const INTEGER_MODELS: [VmafModelId, string][] = [
  ['vmaf_v0.6.1', 'vmaf'],
  ['vmaf_v0.6.1neg', 'vmaf_neg'],
  ['vmaf_4k_v0.6.1', 'vmaf_4k'],
];
/** Every model the engine ships: the float model, then the integer ones. */
export const ALL_MODELS: [VmafModelId, string][] = [['vmaf_float_v0.6.1', 'vmaf_float'], ...INTEGER_MODELS];

/** The models named by [model id, score key], parsed from their JSONs in ../shared/reference/vmaf/. */
export function loadVmafModels(ids: [VmafModelId, string][]): { key: string; model: VmafModel }[] {
  return ids.map(([id, key]) => ({ key, model: parseVmafModel(id, readReferenceJson(`vmaf/${id}.json`)) }));
}

/** Our feature name → libvmaf's name of the integer feature (the ones vmaf_v0.6.1 / neg / 4k are defined on, motion2 included). */
export const INTEGER_FEATURES: [keyof VmafFeatures, string][] = [
  ['vif_scale0', 'integer_vif_scale0'],
  ['vif_scale1', 'integer_vif_scale1'],
  ['vif_scale2', 'integer_vif_scale2'],
  ['vif_scale3', 'integer_vif_scale3'],
  ['vif_scale0_egl_1', 'integer_vif_scale0_egl_1'],
  ['vif_scale1_egl_1', 'integer_vif_scale1_egl_1'],
  ['vif_scale2_egl_1', 'integer_vif_scale2_egl_1'],
  ['vif_scale3_egl_1', 'integer_vif_scale3_egl_1'],
  ['adm2', 'integer_adm2'],
  ['adm2_egl_1', 'integer_adm2_egl_1'],
  ['motion2', 'integer_motion2'],
];

/** The streaming shape every CPU VMAF extractor has. */
export interface SyncExtractor {
  push(refY: Uint8Array, distY: Uint8Array): VmafFeatures[];
  flush(): VmafFeatures[];
}

/** Features of every frame of two in-memory clips, checking the one-frame lag of `push` on the way. */
export function extractFrames(ex: SyncExtractor, ref: { y: Uint8Array }[], dis: { y: Uint8Array }[]): VmafFeatures[] {
  const out: VmafFeatures[] = [];
  ref.forEach((r, i) => {
    const got = ex.push(r.y, dis[i]!.y);
    expect(got.length).toBe(i === 0 ? 0 : 1); // results lag one frame
    out.push(...got);
  });
  out.push(...ex.flush());
  return out;
}

/** The mp4 clip pairs that have libvmaf scores (names without extension, e.g. `vtest_540p__x264_crf38`), sorted. */
export function mp4ClipPairs(): string[] {
  return readdirSync(new URL('scores/', REF))
    .filter((f) => f.endsWith('.json') && f !== 'index.json' && !f.startsWith('tiny_'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

/** Luma size from the clip name (flower_1080p, *_720p, *_540p). */
export function clipSize(pair: string): [number, number] {
  if (pair.includes('1080p')) return [1920, 1080];
  if (pair.includes('720p')) return [1280, 720];
  if (pair.includes('540p')) return [960, 540];
  throw new Error(`unknown size for ${pair}`);
}

/** Streams the luma planes of an mp4 through ffmpeg (at most `limit` frames); yields one Uint8Array per frame. */
async function* lumaFrames(file: string, w: number, h: number, limit: number): AsyncGenerator<Uint8Array> {
  const args = ['-v', 'error', '-i', file];
  if (Number.isFinite(limit)) args.push('-frames:v', String(limit));
  args.push('-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-');
  const proc = spawn('/usr/bin/ffmpeg', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const frameSize = w * h + 2 * ((w + 1) >> 1) * ((h + 1) >> 1);
  let buf: Uint8Array = new Uint8Array(0);
  for await (const chunk of proc.stdout as AsyncIterable<Uint8Array>) {
    buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
    while (buf.length >= frameSize) {
      yield buf.slice(0, w * h);
      buf = buf.subarray(frameSize);
    }
  }
}

/**
 * Features of the first `count` frames of an mp4 clip pair against its `__ref.mp4` (every frame when count is
 * Infinity). A finite count decodes one frame more, so that motion2 of the last compared frame is final.
 */
export async function extractClipPair(pair: string, extractor: (w: number, h: number) => SyncExtractor, count = Infinity): Promise<VmafFeatures[]> {
  const [w, h] = clipSize(pair);
  const ex = extractor(w, h);
  const [src] = pair.split('__');
  const limit = count + 1;
  const refIt = lumaFrames(new URL(`clips/${src}__ref.mp4`, REF).pathname, w, h, limit);
  const disIt = lumaFrames(new URL(`clips/${pair}.mp4`, REF).pathname, w, h, limit);
  const out: VmafFeatures[] = [];
  for (;;) {
    const [r, d] = await Promise.all([refIt.next(), disIt.next()]);
    if (r.done || d.done) break;
    out.push(...ex.push(r.value, d.value));
  }
  const rest = ex.flush();
  if (!Number.isFinite(count)) out.push(...rest);
  return out.slice(0, count);
}
