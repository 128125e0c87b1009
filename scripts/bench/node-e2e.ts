/**
 * One end-to-end Node CPU measurement for `npm run bench`, run in a fresh process so that its peak RSS is not
 * inherited from earlier runs: `node --import tsx scripts/bench/node-e2e.ts REF DIST FRAMES` decodes both clips
 * with the native ffmpeg, measures VMAF (v0.6.1 + NEG), SSIM and PSNR of the first FRAMES frames and prints
 * `{"frames", "seconds", "peakRssBytes"}` as JSON on stdout.
 */
import { readFileSync } from 'node:fs';
import { measure } from '../../src/core/metrics/measure.ts';
import type { VmafModelId } from '../../src/core/metrics/vmaf/index.ts';
import { openVideo } from '../../src/cli/media/native-ffmpeg.ts';
import { RssSampler } from './memory.ts';

const [ref, dist, framesArg] = process.argv.slice(2);
if (!ref || !dist || !framesArg) throw new Error('usage: node-e2e.ts REF DIST FRAMES');
const models: VmafModelId[] = ['vmaf_v0.6.1', 'vmaf_v0.6.1neg'];
const modelJson = Object.fromEntries(models.map((id) => [id, JSON.parse(readFileSync(new URL(`../../public/models/${id}.json`, import.meta.url), 'utf8'))]));
const rss = new RssSampler().start();
const t0 = performance.now();
const r = await measure(openVideo(ref).frames, openVideo(dist).frames, { models, modelJson, frameRange: { start: 0, count: Number(framesArg) } }, { onProgress: () => rss.sample() });
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(JSON.stringify({ frames: r.frames.length, seconds, peakRssBytes: rss.stop() }) + '\n');
