/**
 * `preflight metrics`: VMAF (v0.6.1, NEG, 4K, float), ffmpeg-SSIM and ffmpeg-PSNR of a distorted clip against its
 * reference, per frame and pooled, with the `node-cpu` engine (the core CPU twins in Node; inputs decoded by a
 * native ffmpeg, or read directly when .y4m). Output: a table and pooled summary, or libvmaf's JSON log layout
 * (`--json [FILE]`). `--engine cpu|webgpu` runs the app's engine worker in headless Chromium instead
 * (src/cli/browser/), with the same output. `--threads N` spreads node-cpu's VMAF over N threads (default: one per
 * core; 0 computes everything on the main thread); the result is identical whatever N.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { checkOutputPath, CliError, errnoText, flag, parseArgs } from '../args.ts';
import { cpuEngine, measure, MODEL_METRIC_NAME, pooledCpuEngine, type MeasureResult } from '../../core/metrics/measure.ts';
import { createNodeSpatialPool, defaultThreads } from '../threads/spatial-pool.ts';
import { formatLibvmafJson } from '../../core/metrics/libvmaf-json.ts';
import type { VmafModelId } from '../../core/metrics/vmaf/index.ts';
import { Y4mError, type Y4mHeader } from '../../core/video/y4m.ts';
import { openVideo, VideoInputError, type VideoSource } from '../media/native-ffmpeg.ts';
import { BrowserInputError, measureInBrowser, NoWebGpuError } from '../browser/measure-in-browser.ts';
import { BrowserEngineError } from '../browser/engine-session.ts';

export const summary = 'VMAF / SSIM / PSNR of a distorted clip against its reference, per frame and pooled';
export const usage =
  'preflight metrics --ref FILE --dist FILE [--model ID|none ...] [--engine node-cpu|cpu|webgpu] [--threads N] [--subsample N] [--frames START:COUNT] [--offset N] [--json [FILE]]';
export const help = `Inputs: 8-bit 4:2:0 video (y4m read directly; MP4, WebM, MKV… decoded by the native ffmpeg), both the same
size. Both files are checked before anything is computed; a truncated file is refused, naming the frame where
it ends (README, "Truncation policy").

options:
  --ref FILE             the reference clip
  --dist FILE            the distorted clip
  --model ID|none        vmaf_v0.6.1, vmaf_v0.6.1neg, vmaf_4k_v0.6.1, vmaf_float_v0.6.1 (or their metric names),
                         comma-separated or repeated; none = SSIM/PSNR only (default: vmaf_v0.6.1,vmaf_v0.6.1neg)
  --engine E             node-cpu (default), cpu or webgpu (the app's engine in headless Chromium)
  --threads N            node-cpu VMAF threads, 0 = main thread only (default: one per core, at most 16)
  --subsample N          score every N-th frame (libvmaf n_subsample)
  --frames START:COUNT   distorted frames START … START+COUNT-1 (START alone: to the end)
  --offset N             compare distorted frame i with reference frame i+N
  --json [FILE]          libvmaf's JSON log layout, to standard output or FILE (checked writable first)

exit status: 0 measured; 2 bad usage or input (one line naming the file and the problem).`;

const MODEL_IDS = Object.keys(MODEL_METRIC_NAME) as VmafModelId[];
const DEFAULT_MODELS: VmafModelId[] = ['vmaf_v0.6.1', 'vmaf_v0.6.1neg'];

function intFlag(v: string | undefined, name: string, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v) || Number(v) < min || !Number.isSafeInteger(Number(v))) throw new CliError(`--${name} must be an integer ≥ ${min}, got "${v}"`);
  return Number(v);
}

/** Splits off `--json [FILE]` (the value is optional, which parseArgs does not do). */
function takeJson(argv: string[]): { rest: string[]; json: false | true | string } {
  const rest: string[] = [];
  let json: false | true | string = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--json') {
      const next = argv[i + 1];
      if (next !== undefined && !next.startsWith('--')) {
        json = next;
        i++;
      } else json = true;
    } else if (a.startsWith('--json=')) json = a.slice(7) || true;
    else rest.push(a);
  }
  return { rest, json };
}

function loadModelJson(id: VmafModelId): unknown {
  const url = new URL(`../../../public/models/${id}.json`, import.meta.url);
  try {
    return JSON.parse(readFileSync(url, 'utf8'));
  } catch (err) {
    throw new CliError(`cannot load the ${id} model from ${url.pathname}: ${(err as Error).message}`, 1);
  }
}

const fmt = (v: number | undefined, digits: number) => (v === undefined ? '-' : Number.isFinite(v) ? v.toFixed(digits) : String(v));

function probeOf(s: VideoSource, h: Y4mHeader | null, frames: number | null) {
  return { path: s.path, via: s.via, width: h?.width, height: h?.height, fps: h && h.fpsDen ? h.fpsNum / h.fpsDen : null, colorspace: h?.colorspace, frames };
}

function printHuman(r: MeasureResult): void {
  const preferred = ['vmaf', 'vmaf_neg', 'vmaf_4k', 'vmaf_float', 'ssim_all', 'ssim_y', 'psnr_avg', 'psnr_y', 'motion2'];
  const cols = preferred.filter((k) => k in r.pooled);
  const w = 10;
  const line = (cells: string[]) => process.stdout.write(cells.map((c, i) => (i < 3 ? c.padStart(6) : c.padStart(w))).join(' ') + '\n');
  line(['frame', 'dist', 'ref', ...cols]);
  for (const f of r.frames)
    line([String(f.frameNum), String(f.distIndex), String(f.refIndex), ...cols.map((k) => fmt(f.metrics[k], k.startsWith('ssim') ? 6 : 3))]);
  process.stdout.write(`\npooled over ${r.frames.length} frame(s) (${r.width}x${r.height}):\n`);
  process.stdout.write(`  ${'metric'.padEnd(18)} ${'min'.padStart(w)} ${'max'.padStart(w)} ${'mean'.padStart(w)} ${'harm.mean'.padStart(w)}\n`);
  for (const [k, p] of Object.entries(r.pooled)) {
    const d = k.startsWith('ssim') || k.startsWith('vif') || k.startsWith('adm') ? 6 : 3;
    process.stdout.write(
      `  ${k.padEnd(18)} ${fmt(p.min, d).padStart(w)} ${fmt(p.max, d).padStart(w)} ${fmt(p.mean, d).padStart(w)} ${fmt(p.harmonic_mean, d).padStart(w)}\n`,
    );
  }
  for (const [k, v] of Object.entries(r.vidaio)) process.stdout.write(`  Vidaio validator pooling ${k}: ${fmt(v, 4)}\n`);
  for (const wng of r.warnings) process.stdout.write(`warning: ${wng}\n`);
}

export async function run(argv: string[]): Promise<number> {
  const { rest, json } = takeJson(argv);
  const args = parseArgs(rest, ['ref', 'dist', 'model', 'engine', 'threads', 'subsample', 'frames', 'offset']);
  const refPath = flag(args, 'ref');
  const distPath = flag(args, 'dist');
  if (!refPath || !distPath || args.positional.length) throw new CliError(`usage: ${usage}`);
  const engine = flag(args, 'engine') ?? 'node-cpu';
  if (engine !== 'node-cpu' && engine !== 'cpu' && engine !== 'webgpu') throw new CliError(`unknown engine ${engine} (known: node-cpu, cpu, webgpu)`);

  const modelArgs = args.flags.get('model') ?? [];
  let models: VmafModelId[] = DEFAULT_MODELS;
  if (modelArgs.length) {
    models = [];
    for (const m of modelArgs.flatMap((x) => x.split(','))) {
      if (m === 'none') continue;
      const id = (MODEL_IDS as string[]).includes(m) ? (m as VmafModelId) : MODEL_IDS.find((k) => MODEL_METRIC_NAME[k] === m);
      if (!id) throw new CliError(`unknown model ${m} (known: ${MODEL_IDS.join(', ')}, or none)`);
      if (!models.includes(id)) models.push(id);
    }
  }
  const threads = intFlag(flag(args, 'threads'), 'threads', 0) ?? defaultThreads();
  if (threads > 64) throw new CliError(`--threads must be at most 64, got ${threads}`);
  if (flag(args, 'threads') !== undefined && engine !== 'node-cpu')
    throw new CliError('--threads applies to --engine node-cpu only (the browser engines pick their own)');
  const subsample = intFlag(flag(args, 'subsample'), 'subsample', 1);
  const offset = intFlag(flag(args, 'offset'), 'offset', -1e9);
  let frameRange: { start: number; count?: number } | undefined;
  const frames = flag(args, 'frames');
  if (frames !== undefined) {
    const m = /^(\d+)(?::(\d+))?$/.exec(frames);
    if (!m || (m[2] !== undefined && Number(m[2]) < 1)) throw new CliError(`--frames must be START or START:COUNT (COUNT ≥ 1), got "${frames}"`);
    frameRange = { start: Number(m[1]), count: m[2] === undefined ? undefined : Number(m[2]) };
    if (!Number.isSafeInteger(frameRange.start) || (frameRange.count !== undefined && !Number.isSafeInteger(frameRange.count)))
      throw new CliError(`--frames: ${frames} is out of range`);
  }
  // Where the result goes is checked before anything is computed.
  if (typeof json === 'string' && json !== '-') checkOutputPath(json, '--json');
  if (engine === 'cpu' || engine === 'webgpu') {
    const tty = process.stderr.isTTY;
    let out;
    try {
      out = await measureInBrowser({
        refPath,
        distPath,
        engine,
        request: { models, subsample, offset, frameRange },
        onProgress: tty ? (p) => process.stderr.write(`\rmeasured ${p.done}${p.total ? `/${p.total}` : ''} frame(s)`) : undefined,
      });
      if (tty) process.stderr.write('\n');
    } catch (err) {
      if (err instanceof BrowserInputError || err instanceof NoWebGpuError || err instanceof BrowserEngineError) throw new CliError(err.message);
      throw err;
    }
    if (out.engineNote && out.engineNote.startsWith('The WebGPU device was lost')) out.result.warnings.push(out.engineNote);
    return emit(out.result, out.probe, json);
  }
  const modelJson = Object.fromEntries(models.map((id) => [id, loadModelJson(id)]));

  const ref: VideoSource = openVideo(refPath);
  const dist: VideoSource = openVideo(distPath);
  // Both inputs are checked (readable, a video, 8-bit 4:2:0, not truncated) before any frame is computed.
  let infos;
  try {
    infos = await Promise.all([ref.check(), dist.check()]);
  } catch (err) {
    if (err instanceof VideoInputError) throw new CliError(err.message);
    throw err;
  }
  const [ri, di] = infos;
  if (ri.width !== null && di.width !== null && (ri.width !== di.width || ri.height !== di.height)) {
    throw new CliError(
      `frame sizes differ: the reference ${refPath} is ${ri.width}x${ri.height}, the distorted ${distPath} is ${di.width}x${di.height}; scale the distorted clip to the reference size first`,
    );
  }
  let result: MeasureResult;
  const pool = threads > 0 && models.some((m) => m !== 'vmaf_float_v0.6.1') ? createNodeSpatialPool(threads) : null;
  try {
    const tty = process.stderr.isTTY;
    result = await measure(
      ref.frames,
      dist.frames,
      { models, modelJson, subsample, offset, frameRange },
      {
        onProgress: tty ? (p) => process.stderr.write(`\rmeasured ${p.done}${p.total ? `/${p.total}` : ''} frame(s)`) : undefined,
      },
      pool ? pooledCpuEngine(pool) : cpuEngine,
    );
    if (tty) process.stderr.write('\n');
  } catch (err) {
    if (err instanceof VideoInputError) throw new CliError(err.message);
    if (err instanceof Y4mError) throw new CliError(`${err.message}`);
    if (err instanceof Error && /frame sizes differ|frame size changed|no frames|no frame pair|must be an integer/.test(err.message)) {
      throw new CliError(`${refPath} / ${distPath}: ${err.message}`);
    }
    throw err;
  } finally {
    await pool?.close();
  }
  const [rh, dh] = await Promise.all([ref.header.catch(() => null), dist.header.catch(() => null)]);
  result.warnings.push(...ref.warnings, ...dist.warnings);
  const probe = { ref: probeOf(ref, rh, result.refFrameCount), dist: probeOf(dist, dh, result.distFrameCount) };
  return emit(result, probe, json);
}

/** Prints a result as the table or the libvmaf JSON (to stdout or a file), the same for every engine. */
function emit(result: MeasureResult, probe: unknown, json: false | true | string): number {
  if (json !== false) {
    const text = formatLibvmafJson(result, { probe });
    if (json === true || json === '-') process.stdout.write(text);
    else {
      try {
        writeFileSync(json, text);
      } catch (err) {
        throw new CliError(`--json ${json}: cannot write it: ${errnoText(err)}`);
      }
      process.stderr.write(`wrote ${json}\n`);
      printHuman(result);
    }
  } else printHuman(result);
  return 0;
}
