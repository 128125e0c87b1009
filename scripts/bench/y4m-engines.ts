/**
 * Developer benchmark: the CPU engine on the same y4m frames in Node and in the browser's engine worker, the rows
 * "Node CPU engine on the y4m frames" / "CPU engine in the browser worker on the y4m frames" of `npm run bench` and
 * their reading-alone twins, without the rest of the bench. Node and browser runs are interleaved and the whole
 * round is repeated, so a shared machine's load hits both sides alike; every figure is printed per round, then the
 * best and the spread. Timing as in the bench: (n − 1) / (t(n) − t(1)) over a fresh process / a fresh engine worker
 * per run (start-up and first frame excluded). Not a test; needs native ffmpeg (it writes the y4m files) and
 * Debian Chromium.
 *   node --import tsx scripts/bench/y4m-engines.ts [--rounds 3] [--res 540p,1080p,4K] [--frames 20,10,6]
 * 540p/1080p: the first frames of the shared megamind/flower clips (ref and x264 crf 28); 4K: the 1080p flower pair
 * scaled to 3840x2160 by ffmpeg (bicubic) and written straight to y4m.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEngineSession, type EngineSession } from '../../src/cli/browser/engine-session.ts';
import { sharedReference } from '../../test-support/index.ts';
import { findFfmpeg } from './native-ffmpeg.ts';

const argv = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : dflt;
};
const rounds = Number(arg('--rounds', '3'));
const labels = arg('--res', '540p,1080p,4K').split(',');
const frameCounts = arg('--frames', '20,10,6').split(',').map(Number);
const CLIPS = sharedReference('clips/');
const SOURCES: Record<string, { ref: string; dist: string; scale?: string }> = {
  '540p': { ref: CLIPS + 'megamind_540p__ref.mp4', dist: CLIPS + 'megamind_540p__x264_crf28.mp4' },
  '1080p': { ref: CLIPS + 'flower_1080p__ref.mp4', dist: CLIPS + 'flower_1080p__x264_crf28.mp4' },
  '4K': { ref: CLIPS + 'flower_1080p__ref.mp4', dist: CLIPS + 'flower_1080p__x264_crf28.mp4', scale: 'scale=3840:2160:flags=bicubic' },
};
const log = (s: string) => process.stderr.write(`y4m-engines: ${s}\n`);

const ffmpeg = findFfmpeg();
if (!ffmpeg) throw new Error('y4m-engines: native ffmpeg is needed to write the y4m files');
const tmp = mkdtempSync(join(tmpdir(), 'preflight-y4m-engines-'));

function toY4m(src: string, out: string, frames: number, scale?: string): string {
  const r = spawnSync(
    ffmpeg!,
    ['-v', 'error', '-y', '-i', src, '-frames:v', String(frames), ...(scale ? ['-vf', scale] : []), '-pix_fmt', 'yuv420p', '-f', 'yuv4mpegpipe', out],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`ffmpeg ${src}: ${r.stderr}`);
  return out;
}

/** Seconds of one fresh-process Node run (scripts/bench/node-e2e.ts) over k frames. */
function nodeSeconds(ref: string, dist: string, k: number, decode: boolean): number {
  const script = fileURLToPath(new URL('./node-e2e.ts', import.meta.url));
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ref, dist, String(k), '0', decode ? 'decode' : 'measure'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`node-e2e failed: ${r.stderr}`);
  return (JSON.parse(r.stdout.trim().split('\n').pop()!) as { seconds: number }).seconds;
}

/** Seconds of one browser run (a fresh engine worker, timed inside it) over k frames. */
async function browserSeconds(session: EngineSession, names: { ref: string; dist: string }, k: number, decode: boolean): Promise<number> {
  const what = decode ? { models: [], features: { ssim: false, psnr: false } } : { models: ['vmaf_v0.6.1' as const, 'vmaf_v0.6.1neg' as const] };
  const t0 = performance.now();
  const { result } = await session.measure({ ...what, frameRange: { start: 0, count: k }, engine: 'cpu', threads: 0 }, undefined, names);
  if (result.frames.length !== k) throw new Error(`browser run scored ${result.frames.length} frames, not ${k}`);
  return Math.min((performance.now() - t0) / 1000, result.seconds);
}

/** Milliseconds per frame pair, start-up and first frame excluded. */
const msPerFrame = (n: number, tn: number, t1: number) => (1000 * (tn - t1)) / (n - 1);

async function main(): Promise<void> {
  const files: Record<string, { ref: string; dist: string; n: number }> = {};
  const inputs: Record<string, string> = {};
  labels.forEach((l, i) => {
    const s = SOURCES[l];
    if (!s) throw new Error(`--res: unknown ${l} (540p, 1080p, 4K)`);
    const n = frameCounts[i] ?? 6;
    log(`writing ${l} y4m (${n} frames)`);
    const ref = toY4m(s.ref, join(tmp, `${l}-ref.y4m`), n, s.scale);
    const dist = toY4m(s.dist, join(tmp, `${l}-dist.y4m`), n, s.scale);
    files[l] = { ref, dist, n };
    inputs[`${l}-ref`] = ref;
    inputs[`${l}-dist`] = dist;
  });
  const session = await openEngineSession({ inputs, log });
  type Side = 'node' | 'browser';
  const results: Record<string, Record<Side, { all: number[]; read: number[] }>> = {};
  try {
    log(`Chromium ${session.browserVersion}; ${rounds} rounds`);
    for (let round = 0; round < rounds; round++) {
      for (const l of labels) {
        const { ref, dist, n } = files[l]!;
        const names = { ref: `${l}-ref`, dist: `${l}-dist` };
        results[l] ??= { node: { all: [], read: [] }, browser: { all: [], read: [] } };
        const r = results[l];
        // Alternate which side goes first from round to round.
        const order: Side[] = round % 2 === 0 ? ['node', 'browser'] : ['browser', 'node'];
        for (const side of order) {
          for (const decode of [false, true]) {
            const t = async (k: number) => (side === 'node' ? nodeSeconds(ref, dist, k, decode) : browserSeconds(session, names, k, decode));
            const tn = await t(n);
            const t1 = await t(1);
            (decode ? r[side].read : r[side].all).push(msPerFrame(n, tn, t1));
          }
        }
        const last = (a: number[]) => a[a.length - 1]!.toFixed(1);
        log(
          `round ${round + 1} ${l}: node ${last(r.node.all)} ms/frame (reading ${last(r.node.read)}), browser ${last(r.browser.all)} (reading ${last(r.browser.read)}), browser/node speed ${(r.node.all.at(-1)! / r.browser.all.at(-1)!).toFixed(2)}`,
        );
      }
    }
  } finally {
    await session.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  const fmt = (a: number[]) => `${Math.min(...a).toFixed(1)} [${a.map((x) => x.toFixed(1)).join(', ')}]`;
  process.stdout.write('\nms per frame pair, start-up excluded: best [every round]\n');
  for (const l of labels) {
    const r = results[l]!;
    const ratios = r.node.all.map((x, i) => x / r.browser.all[i]!);
    const computeRatios = r.node.all.map((x, i) => (x - r.node.read[i]!) / (r.browser.all[i]! - r.browser.read[i]!));
    process.stdout.write(
      `${l}: Node all ${fmt(r.node.all)}, reading ${fmt(r.node.read)}; browser all ${fmt(r.browser.all)}, reading ${fmt(r.browser.read)}\n` +
        `  browser/Node speed per round: ${ratios.map((x) => x.toFixed(2)).join(', ')} (best vs best ${(Math.min(...r.node.all) / Math.min(...r.browser.all)).toFixed(2)}); metrics alone (reading subtracted; understates the compute of a side whose reading overlaps it): ${computeRatios.map((x) => x.toFixed(2)).join(', ')}\n`,
    );
  }
}

await main();
