/**
 * `preflight pieapp`: PIE-APP of a reference/distorted pair (PNG images or video frames) as Vidaio computes it
 * (pyiqa 0.1.14.1 network and patch grid, `src/core/pieapp`), then Vidaio's aggregate (|x| per frame, mean, cap 2)
 * and the quality score S_Q through the `vidaio-subnet@fea3779` rule pack (`upscaling.pieappAggregate`,
 * `upscaling.qualityScore`). Weights come from the user: the official `.pth` (read without Python) or an `.onnx`
 * built by this toolkit. Engines, all on the same ONNX graph except the twin: `native` = onnxruntime-node's CPU EP
 * (the default; one thread per core), `wasm` = onnxruntime-web's wasm backend (the fallback when the native binding
 * cannot load on this machine: the output says which engine ran and why), `twin` = the pure TypeScript CPU twin
 * (slow; meant for small inputs and cross-checks). Video frames are decoded by the native `ffmpeg`/`ffprobe` on the
 * PATH.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { extname } from 'node:path';
import { CliError, flag, parseArgs } from '../args.ts';
import { decodePng, PngError } from '../media/png.ts';
import { loadPieappPth, PthError } from '../../core/pieapp/pth.ts';
import { PieappWeightsError, type PieappWeights } from '../../core/pieapp/weights.ts';
import { buildPieappOnnx } from '../../core/pieapp/onnx.ts';
import { PieappInputError, checkPair, toNetworkImage, type Image8 } from '../../core/pieapp/patches.ts';
import { callPackFunction } from '../../core/rules/call.ts';
import { vidaioSubnet } from '../../core/rules/vidaio/vidaio-subnet-fea3779.ts';
import { createSession, type ModelSession } from '../../ml/session.ts';
import { createNativeSession, NativeOrtError } from '../ort-native.ts';
import { cpuPatchScorer, onnxPatchScorer, scorePieapp, type PatchScorer, type PieappRun } from '../../ml/pieapp-runner.ts';

export const summary = 'PIE-APP of a reference/distorted pair (PNG or video frames), Vidaio aggregate and S_Q';
export const usage =
  'preflight pieapp --weights FILE(.pth|.onnx) --ref FILE --dist FILE [--frames START:COUNT] [--engine native|wasm|twin] [--threads N] [--patches all|N] [--seed N] [--json] [--save-onnx FILE]';

/** `--engine`: `auto` (no flag) is native with the WASM engine as the fallback. */
type EngineChoice = 'auto' | 'native' | 'wasm' | 'twin';


/** Frames Vidaio samples per video (`pieapp_sample_count`, vidaio.md §1.4); the default COUNT for videos. */
const VIDAIO_FRAME_COUNT = 4;

function readBytes(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (err) {
    throw new CliError(`cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function parseFrames(text: string | undefined): { start: number; count: number } | undefined {
  if (text === undefined) return undefined;
  const m = /^(\d+):(\d+)$/.exec(text);
  if (!m || Number(m[2]) < 1) throw new CliError(`--frames must be START:COUNT with COUNT ≥ 1 (e.g. 0:4), got ${text}`);
  return { start: Number(m[1]), count: Number(m[2]) };
}

function isPng(path: string): boolean {
  return extname(path).toLowerCase() === '.png';
}

function probeSize(path: string): { width: number; height: number } {
  const r = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', path], { encoding: 'utf8' });
  if (r.error) throw new CliError(`cannot run ffprobe (needed for video input ${path}): ${r.error.message}`);
  const m = /^(\d+),(\d+)/.exec(r.stdout.trim());
  if (r.status !== 0 || !m) throw new CliError(`ffprobe cannot read a video stream from ${path}: ${r.stderr.trim() || 'no video stream'}`);
  return { width: Number(m[1]), height: Number(m[2]) };
}

/** Decodes frames START..START+COUNT−1 of a video as RGB24 with ffmpeg. */
export function readVideoFrames(path: string, start: number, count: number): Image8[] {
  const { width, height } = probeSize(path);
  const frameBytes = width * height * 3;
  const r = spawnSync('ffmpeg', [
    '-v', 'error', '-i', path, '-vf', `select=between(n\\,${start}\\,${start + count - 1})`, '-fps_mode', 'passthrough',
    '-frames:v', String(count), '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-',
  ], { maxBuffer: frameBytes * count + 1024 });
  if (r.error) throw new CliError(`ffmpeg failed on ${path}: ${r.error.message}`);
  if (r.status !== 0) throw new CliError(`ffmpeg failed on ${path}: ${r.stderr.toString().trim()}`);
  const got = Math.floor(r.stdout.length / frameBytes);
  if (got < count) throw new CliError(`${path} has ${got} frame(s) from frame ${start} on, ${count} requested (--frames ${start}:${count}): missing frames`);
  const out: Image8[] = [];
  for (let i = 0; i < count; i++) out.push({ width, height, channels: 3, data: new Uint8Array(r.stdout.buffer, r.stdout.byteOffset + i * frameBytes, frameBytes) });
  return out;
}

function readFrames(path: string, what: string, frames: { start: number; count: number } | undefined): Image8[] {
  if (isPng(path)) {
    if (frames && (frames.start !== 0 || frames.count !== 1)) throw new CliError(`--frames applies to videos; ${what} ${path} is a PNG image`);
    try {
      return [decodePng(readBytes(path, what), path)];
    } catch (err) {
      if (err instanceof PngError) throw new CliError(err.message);
      throw err;
    }
  }
  readBytes(path, what); // existence and permissions, with a clear message
  const f = frames ?? { start: 0, count: VIDAIO_FRAME_COUNT };
  return readVideoFrames(path, f.start, f.count);
}

interface ScorerChoice {
  scorer: PatchScorer;
  /** Runtime, version, EP and threads, e.g. `onnxruntime-node 1.30.0 cpu, 2 threads`. */
  note: string;
  threads: number | null;
  /** Why the native engine did not run when the WASM engine stood in for it. */
  fallback: string | null;
}

function sessionNote(s: ModelSession): string {
  return `${s.runtime} ${s.ep === 'native' ? 'cpu' : s.ep}, ${s.threads} thread${s.threads === 1 ? '' : 's'}`;
}

async function makeScorer(weightsPath: string, engine: EngineChoice, threads: number | undefined, saveOnnx?: string): Promise<ScorerChoice> {
  const bytes = readBytes(weightsPath, 'weights');
  const isOnnx = extname(weightsPath).toLowerCase() === '.onnx';
  let weights: PieappWeights | undefined;
  if (!isOnnx) {
    try {
      weights = loadPieappPth(bytes);
    } catch (err) {
      if (err instanceof PthError || err instanceof PieappWeightsError) throw new CliError(`${weightsPath}: ${err.message}`);
      throw err;
    }
  }
  if (engine === 'twin') {
    if (!weights) throw new CliError('--engine twin runs the CPU twin, which needs the .pth weights (an .onnx file cannot be read back)');
    return { scorer: cpuPatchScorer(weights), note: 'cpu twin', threads: 1, fallback: null };
  }
  const model = weights ? buildPieappOnnx(weights) : bytes;
  if (saveOnnx) {
    try {
      writeFileSync(saveOnnx, model);
    } catch (err) {
      throw new CliError(`cannot write ${saveOnnx}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  let session: ModelSession | undefined;
  let fallback: string | null = null;
  if (engine === 'auto' || engine === 'native') {
    try {
      session = await createNativeSession(model, { threads });
    } catch (err) {
      if (!(err instanceof NativeOrtError)) throw err;
      // A model the native runtime rejects is the file's problem, not the machine's: no fallback then.
      if (engine === 'native' || /cannot load the model/.test(err.message)) throw new CliError(`${weightsPath}: ${err.message}`);
      fallback = err.message;
    }
  }
  if (!session) {
    try {
      session = await createSession(model, { executionProviders: ['wasm'], numThreads: threads ?? 1 });
    } catch (err) {
      throw new CliError(`${weightsPath}: onnxruntime-web cannot load the model: ${(err as Error).message}`);
    }
  }
  const names = [...session.inputNames, '→', ...session.outputNames].join(' ');
  if (!session.inputNames.includes('ref') || !session.inputNames.includes('dist') || !session.outputNames.includes('score') || !session.outputNames.includes('weight')) {
    throw new CliError(`${weightsPath} is not a PieAPP model built by preflight (its graph is ${names}; expected ref dist → score weight)`);
  }
  return { scorer: onnxPatchScorer(session), note: sessionNote(session), threads: session.threads, fallback };
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['weights', 'ref', 'dist', 'frames', 'engine', 'threads', 'patches', 'seed', 'save-onnx'], ['json']);
  if (args.positional.length) throw new CliError(`unexpected argument ${args.positional[0]}\nusage: ${usage}`);
  const weightsPath = flag(args, 'weights');
  const refPath = flag(args, 'ref');
  const distPath = flag(args, 'dist');
  if (!weightsPath || !refPath || !distPath) throw new CliError(`--weights, --ref and --dist are required\nusage: ${usage}`);
  const engineText = flag(args, 'engine') ?? 'auto';
  if (engineText === 'node') throw new CliError('--engine node is now --engine twin (the TypeScript CPU twin); --engine native runs onnxruntime-node');
  if (!['auto', 'native', 'wasm', 'twin'].includes(engineText)) throw new CliError(`--engine must be native, wasm or twin, got ${engineText}`);
  const engine = engineText as EngineChoice;
  const threadsText = flag(args, 'threads');
  if (threadsText !== undefined && !/^[1-9]\d*$/.test(threadsText)) throw new CliError(`--threads must be a positive integer, got ${threadsText}`);
  if (threadsText !== undefined && engine === 'twin') throw new CliError('--threads applies to the native and wasm engines; the CPU twin runs on one thread');
  const threads = threadsText === undefined ? undefined : Number(threadsText);
  const patchesText = flag(args, 'patches') ?? 'all';
  if (patchesText !== 'all' && !/^[1-9]\d*$/.test(patchesText)) throw new CliError(`--patches must be all or a positive integer, got ${patchesText}`);
  const patches = patchesText === 'all' ? 'all' : Number(patchesText);
  const seedText = flag(args, 'seed') ?? '0';
  if (!/^\d+$/.test(seedText)) throw new CliError(`--seed must be a non-negative integer, got ${seedText}`);
  const seed = Number(seedText);
  const json = args.flags.has('json');
  const frames = parseFrames(flag(args, 'frames'));

  const refFrames = readFrames(refPath, 'reference', frames);
  const distFrames = readFrames(distPath, 'distorted', frames);
  if (refFrames.length !== distFrames.length) throw new CliError(`reference gives ${refFrames.length} frame(s), distorted ${distFrames.length}`);
  try {
    checkPair(refFrames[0]!, distFrames[0]!);
  } catch (err) {
    if (err instanceof PieappInputError) throw new CliError(err.message);
    throw err;
  }
  const saveOnnx = flag(args, 'save-onnx');
  if (saveOnnx && engine === 'twin') throw new CliError('--save-onnx writes the ONNX graph the native and wasm engines run; the CPU twin uses none');
  const { scorer, note, threads: ranThreads, fallback } = await makeScorer(weightsPath, engine, threads, saveOnnx);
  if (fallback && !json) process.stderr.write(`preflight pieapp: ${fallback}; running onnxruntime-web (wasm) instead\n`);
  const progress = !json && process.stderr.isTTY;
  const results: PieappRun[] = [];
  for (let i = 0; i < refFrames.length; i++) {
    const r = await scorePieapp(scorer, toNetworkImage(refFrames[i]!), toNetworkImage(distFrames[i]!), {
      patches, seed: seed + i,
      onProgress: progress ? (done, total) => process.stderr.write(`\rframe ${i + 1}/${refFrames.length}: ${done}/${total} patches`) : undefined,
    });
    if (progress) process.stderr.write('\n');
    results.push(r);
  }
  const frameScores = results.map((r) => r.value);
  const aggregate = callPackFunction(vidaioSubnet, 'upscaling.pieappAggregate', { frameScores }) as { pieapp: number; warnings?: string[] };
  const quality = callPackFunction(vidaioSubnet, 'upscaling.qualityScore', { pieapp: aggregate.pieapp }) as { sQ: number; warnings?: string[] };
  const startFrame = refFrames.length > 1 || frames ? (frames?.start ?? 0) : 0;
  const report = {
    engine: scorer.engine,
    runtime: note,
    threads: ranThreads,
    fallback,
    pack: vidaioSubnet.id,
    frames: results.map((r, i) => ({
      frame: startFrame + i,
      pieapp: r.value,
      method: r.method,
      ci95: r.ci95,
      patchesUsed: r.patchesUsed,
      patchesTotal: r.patchesTotal,
      seconds: Number(r.seconds.toFixed(3)),
    })),
    aggregate: aggregate.pieapp,
    sQ: quality.sQ,
    warnings: [...(aggregate.warnings ?? []), ...(quality.warnings ?? [])],
  };
  if (json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return 0;
  }
  const lines = [`PIE-APP (${report.engine}, ${note}; lower is better)`];
  for (const f of report.frames) {
    const ci = f.method === 'exact' ? '' : `  95% CI [${f.ci95[0].toFixed(4)}, ${f.ci95[1].toFixed(4)}] from ${f.patchesUsed}/${f.patchesTotal} patches`;
    lines.push(`  frame ${String(f.frame).padStart(5)}: ${f.pieapp.toFixed(6)}${ci}  (${f.patchesUsed} patches, ${f.seconds.toFixed(1)} s)`);
  }
  lines.push(`Vidaio aggregate (|x|, mean, min(·, 2)): ${report.aggregate.toFixed(6)}`);
  lines.push(`S_Q (${vidaioSubnet.id} upscaling.qualityScore): ${report.sQ.toFixed(6)}`);
  if (fallback) lines.push(`note: ${fallback}; the wasm engine ran instead (same graph, slower)`);
  for (const w of report.warnings) lines.push(`warning: ${w}`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
