/**
 * One end-to-end Node CPU measurement for `npm run bench`, run in a fresh process so that its peak RSS is not
 * inherited from earlier runs: `node --import tsx scripts/bench/node-e2e.ts REF DIST FRAMES [THREADS]` decodes both
 * clips with the native ffmpeg (y4m clips are read directly, a frame per FileHandle read with the next read in flight,
 * as the CLI reads them: src/cli/media/native-ffmpeg.ts), measures VMAF (v0.6.1 + NEG), SSIM and PSNR of the first FRAMES frames (VIF/ADM on
 * THREADS worker threads; 0, the default, keeps everything on the main thread) and prints
 * `{"frames", "seconds", "peakRssBytes"}` as JSON on stdout (RSS includes the threads: same process). A fifth
 * argument `decode` measures nothing and only reads both clips (the bench subtracts that time to compare engines).
 */
import { readFileSync } from 'node:fs';
import { cpuEngine, measure, pooledCpuEngine } from '../../src/core/metrics/measure.ts';
import { createNodeSpatialPool } from '../../src/cli/threads/spatial-pool.ts';
import type { VmafModelId } from '../../src/core/metrics/vmaf/index.ts';
import { openVideo } from '../../src/cli/media/native-ffmpeg.ts';
import { RssSampler } from './memory.ts';

const [ref, dist, framesArg, threadsArg = '0', mode = 'measure'] = process.argv.slice(2);
if (!ref || !dist || !framesArg) throw new Error('usage: node-e2e.ts REF DIST FRAMES');
const decodeOnly = mode === 'decode';
const models: VmafModelId[] = decodeOnly ? [] : ['vmaf_v0.6.1', 'vmaf_v0.6.1neg'];
const modelJson = Object.fromEntries(models.map((id) => [id, JSON.parse(readFileSync(new URL(`../../public/models/${id}.json`, import.meta.url), 'utf8'))]));
const threads = Number(threadsArg);
const pool = threads > 0 ? createNodeSpatialPool(threads) : null;
const rss = new RssSampler().start();
const t0 = performance.now();
const r = await measure(
  openVideo(ref).frames,
  openVideo(dist).frames,
  { models, modelJson, frameRange: { start: 0, count: Number(framesArg) }, ...(decodeOnly ? { features: { ssim: false, psnr: false } } : {}) },
  { onProgress: () => rss.sample() },
  pool ? pooledCpuEngine(pool) : cpuEngine,
);
const seconds = (performance.now() - t0) / 1000;
await pool?.close();
process.stdout.write(JSON.stringify({ frames: r.frames.length, seconds, peakRssBytes: rss.stop() }) + '\n');
