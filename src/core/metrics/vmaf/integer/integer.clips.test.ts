/**
 * Integer VMAF features vs libvmaf v3.0.0-124 (pinned) on the mp4 reference clips, decoded by the native
 * ffmpeg (`/usr/bin/ffmpeg`, raw yuv420p on a pipe): every frame of every public clip pair (41 pairs, 1,806 frames,
 * 540p to 1080p) — the full reference set through the CPU engine's default extractor. PREFLIGHT_QUICK_CLIPS=1 runs
 * only the first 4 frames of each pair (5 are decoded so that motion2 of frame 3 sees its successor).
 * Tolerances: every integer feature ≤ 1e-6 (the 6-decimal print), vmaf / vmaf_neg / vmaf_4k ≤ 1e-4 per frame.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseVmafModel, predictVmaf, type VmafFeatures, type VmafModelId } from '../index.ts';
import { IntegerVmafExtractor } from './index.ts';
import { sharedReferenceUrl } from '../../../../../test-support/index.ts';

const REF = sharedReferenceUrl('');
const ALL = process.env.PREFLIGHT_QUICK_CLIPS !== '1';
const FRAMES = 4;

function readJson(rel: string): any {
  return JSON.parse(readFileSync(new URL(rel, REF), 'utf8').replace(/\bInfinity\b/g, '1e999'));
}

const MODELS: [VmafModelId, string][] = [
  ['vmaf_v0.6.1', 'vmaf'],
  ['vmaf_v0.6.1neg', 'vmaf_neg'],
  ['vmaf_4k_v0.6.1', 'vmaf_4k'],
];
const models = MODELS.map(([id, key]) => ({ key, model: parseVmafModel(id, readJson(`vmaf/${id}.json`)) }));
const FEATS: [keyof VmafFeatures, string][] = [
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

/** Streams the luma planes of an mp4 through ffmpeg (at most `limit` frames). */
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

/** Features of the first `count` frames (all frames when count is Infinity). */
async function runPair(pair: string, w: number, h: number, count: number): Promise<VmafFeatures[]> {
  const [src] = pair.split('__');
  const limit = count + 1; // one extra frame so motion2 of the last compared frame is final
  const refIt = lumaFrames(new URL(`clips/${src}__ref.mp4`, REF).pathname, w, h, limit);
  const disIt = lumaFrames(new URL(`clips/${pair}.mp4`, REF).pathname, w, h, limit);
  const ex = new IntegerVmafExtractor(w, h, { neg: true });
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

const pairs = readdirSync(new URL('scores/', REF))
  .filter((f) => f.endsWith('.json') && f !== 'index.json' && !f.startsWith('tiny_'))
  .map((f) => f.replace(/\.json$/, ''))
  .sort();

/** Luma size from the clip name (flower_1080p, *_720p, *_540p). */
function sizeOf(pair: string): [number, number] {
  if (pair.includes('1080p')) return [1920, 1080];
  if (pair.includes('720p')) return [1280, 720];
  return [960, 540];
}

describe(`integer VMAF vs libvmaf pinned on mp4 clips (${ALL ? 'all' : FRAMES} frames; features ≤ 1e-6, vmaf/neg/4k ≤ 1e-4)`, () => {
  for (const pair of pairs) {
    it(
      pair,
      async () => {
        const sc = readJson(`scores/${pair}.json`);
        const pf = sc.libvmaf_pinned.per_frame;
        const [w, h] = sizeOf(pair);
        const feats = await runPair(pair, w, h, ALL ? Infinity : FRAMES);
        expect(feats.length).toBe(ALL ? sc.frames : FRAMES);
        const errs: Record<string, number> = {};
        for (const [k, rk] of FEATS) errs[k] = Math.max(...feats.map((f, i) => Math.abs((f[k] as number) - pf[rk][i])));
        for (const { key, model } of models) {
          errs[key] = Math.max(...feats.map((f, i) => Math.abs(predictVmaf(model, f) - pf[key][i])));
        }
        console.log(`[integer-vmaf-clips] ${pair} ${JSON.stringify(Object.fromEntries(Object.entries(errs).map(([k, v]) => [k, Number(v.toPrecision(3))])))}`);
        for (const [k] of FEATS) expect(errs[k], k).toBeLessThanOrEqual(1e-6);
        for (const { key } of models) expect(errs[key], key).toBeLessThanOrEqual(1e-4);
      },
      600_000,
    );
  }
});
