/**
 * `preflight pieapp`: PIE-APP of a reference/distorted pair (PNG images or video frames) as Vidaio computes it
 * (`src/core/pieapp`), under the PIE-APP convention of a rule pack (`--pack`, default the Vidaio pack in force on
 * `--date` or today): pyiqa 0.1.14.1 (vidaio-subnet: BGR to the network, aggregate |x| per frame, mean, cap 2 via
 * `upscaling.pieappAggregate`) or piq 0.8.0 (validator-vidaio: RGB to the network, signed fsum mean), then the
 * quality score S_Q through the pack's `upscaling.qualityScore`. Weights come from the user: the official `.pth` (read without Python) or an `.onnx`
 * built by this toolkit. Engines, all on the same ONNX graph except the twin: `native` = onnxruntime-node's CPU EP
 * (the default; one thread per core), `wasm` = onnxruntime-web's wasm backend (the fallback when the native binding
 * cannot load on this machine: the output says which engine ran and why), `twin` = the pure TypeScript CPU twin
 * (slow; meant for small inputs and cross-checks). Video frames are decoded by the native `ffmpeg`/`ffprobe` on the
 * PATH.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { extname } from 'node:path';
import { CliError, flag, parseArgs } from '../args.ts';
import { decodePng, PngError } from '../media/png.ts';
import { loadPieappPth, PthError } from '../../core/pieapp/pth.ts';
import { PieappWeightsError, type PieappWeights } from '../../core/pieapp/weights.ts';
import { buildPieappOnnx } from '../../core/pieapp/onnx.ts';
import { PieappInputError, checkPair, toNetworkImage, type Image8 } from '../../core/pieapp/patches.ts';
import { callPackFunction } from '../../core/rules/call.ts';
import { getPack, hasFunction, packInForce, packs } from '../../core/rules/index.ts';
import type { VidaioPack } from '../../core/rules/vidaio/functions.ts';
import type { PackFunction } from '../../core/rules/types.ts';

/** A Vidaio pack that maps PIE-APP to S_Q (every pack with a PIE-APP convention). */
type PieappPack = Extract<VidaioPack, { functions: { 'upscaling.qualityScore': PackFunction } }>;
import { fsum } from '../../core/rules/vidaio/competition-decimal.ts';
import { createSession, type ModelSession } from '../../ml/session.ts';
import { createNativeSession, NativeOrtError } from '../ort-native.ts';
import { cpuPatchScorer, onnxPatchScorer, scorePieapp, type PatchScorer, type PieappRun } from '../../ml/pieapp-runner.ts';

export const summary = 'PIE-APP of a reference/distorted pair (PNG or video frames), Vidaio aggregate and S_Q';
export const usage =
  'preflight pieapp --weights FILE(.pth|.onnx) --ref FILE --dist FILE [--pack ID | --date YYYY-MM-DD] [--frames START:COUNT | --challenge ID] [--engine native|wasm|twin] [--threads N] [--patches all|N] [--seed N] [--json] [--save-onnx FILE]';

/** `--engine`: `auto` (no flag) is native with the WASM engine as the fallback. */
type EngineChoice = 'auto' | 'native' | 'wasm' | 'twin';

/** Frames of a video as ffprobe counts them by decoding (the canonical CFR stream keeps every decoded frame). */
function countFrames(path: string): number {
  const r = spawnSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', path], {
    encoding: 'utf8',
  });
  const n = Number(r.stdout.trim());
  if (r.status !== 0 || !Number.isInteger(n)) throw new CliError(`ffprobe cannot count the frames of ${path}: ${r.stderr.trim() || r.stdout.trim()}`);
  return n;
}

/** The pack whose PIE-APP convention applies: --pack, else the Vidaio pack in force on --date (default today). */
function choosePack(packId: string | undefined, date: string | undefined): { pack: PieappPack; label: string } {
  const withConvention = packs.filter((p) => p.pieapp).map((p) => p.id);
  if (packId !== undefined) {
    if (date !== undefined) throw new CliError('give --pack or --date, not both');
    const pack = getPack(packId, 'vidaio');
    if (!pack) throw new CliError(`unknown pack ${packId} (packs with a PIE-APP convention: ${withConvention.join(', ')})`);
    if (!pack.pieapp || !hasFunction(pack, 'upscaling.qualityScore'))
      throw new CliError(`pack ${packId} prescribes no PIE-APP computation (packs with one: ${withConvention.join(', ')})`);
    return { pack, label: 'chosen with --pack' };
  }
  let choice;
  try {
    choice = packInForce('vidaio', date ?? new Date());
  } catch (err) {
    throw new CliError(`--date: ${(err as Error).message}`);
  }
  const chosen = choice.pack;
  if (!chosen.pieapp || !hasFunction(chosen, 'upscaling.qualityScore'))
    throw new CliError(`${chosen.id} (${choice.label}) prescribes no PIE-APP computation; pick one with --pack (${withConvention.join(', ')})`);
  return { pack: chosen, label: `${choice.label}${date ? '' : ' (today)'}` };
}

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
  const r = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', path], {
    encoding: 'utf8',
  });
  if (r.error) throw new CliError(`cannot run ffprobe (needed for video input ${path}): ${r.error.message}`);
  const m = /^(\d+),(\d+)/.exec(r.stdout.trim());
  if (r.status !== 0 || !m) throw new CliError(`ffprobe cannot read a video stream from ${path}: ${r.stderr.trim() || 'no video stream'}`);
  return { width: Number(m[1]), height: Number(m[2]) };
}

/** Decodes frames START..START+COUNT−1 of a video as RGB24 with ffmpeg. */
export function readVideoFrames(path: string, start: number, count: number): Image8[] {
  const { width, height } = probeSize(path);
  const frameBytes = width * height * 3;
  const r = spawnSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-i',
      path,
      '-vf',
      `select=between(n\\,${start}\\,${start + count - 1})`,
      '-fps_mode',
      'passthrough',
      '-frames:v',
      String(count),
      '-f',
      'rawvideo',
      '-pix_fmt',
      'rgb24',
      '-',
    ],
    { maxBuffer: frameBytes * count + 1024 },
  );
  if (r.error) throw new CliError(`ffmpeg failed on ${path}: ${r.error.message}`);
  if (r.status !== 0) throw new CliError(`ffmpeg failed on ${path}: ${r.stderr.toString().trim()}`);
  const got = Math.floor(r.stdout.length / frameBytes);
  if (got < count) throw new CliError(`${path} has ${got} frame(s) from frame ${start} on, ${count} requested (--frames ${start}:${count}): missing frames`);
  const out: Image8[] = [];
  for (let i = 0; i < count; i++)
    out.push({ width, height, channels: 3, data: new Uint8Array(r.stdout.buffer, r.stdout.byteOffset + i * frameBytes, frameBytes) });
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
  if (
    !session.inputNames.includes('ref') ||
    !session.inputNames.includes('dist') ||
    !session.outputNames.includes('score') ||
    !session.outputNames.includes('weight')
  ) {
    throw new CliError(`${weightsPath} is not a PieAPP model built by preflight (its graph is ${names}; expected ref dist → score weight)`);
  }
  return { scorer: onnxPatchScorer(session), note: sessionNote(session), threads: session.threads, fallback };
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(
    argv,
    ['weights', 'ref', 'dist', 'frames', 'engine', 'threads', 'patches', 'seed', 'save-onnx', 'pack', 'date', 'challenge'],
    ['json'],
  );
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
  let frames = parseFrames(flag(args, 'frames'));
  const { pack, label: packLabel } = choosePack(flag(args, 'pack'), flag(args, 'date'));
  const convention = pack.pieapp!;
  // validator-vidaio's window: 4 frames from sha256(reference sha256 hex ‖ 0x00 ‖ challenge id) mod (N − 3).
  const challenge = flag(args, 'challenge');
  let startRule: { referenceSha256: string; challengeId: string; frameCount: number; startFrame: number } | null = null;
  if (challenge !== undefined) {
    if (frames) throw new CliError('give --frames or --challenge, not both (--challenge derives the frames)');
    if (!hasFunction(pack, 'upscaling.startFrame'))
      throw new CliError(`${pack.id} has no start-frame rule (upscaling.startFrame); --challenge applies to validator-vidaio packs from e76b503 on`);
    if (isPng(refPath)) throw new CliError('--challenge needs a video reference (the start frame depends on its frame count)');
    const referenceSha256 = createHash('sha256').update(readBytes(refPath, 'reference')).digest('hex');
    const frameCount = countFrames(refPath);
    let start: { startFrame: number };
    try {
      start = callPackFunction(pack, 'upscaling.startFrame', { referenceSha256Hex: referenceSha256, challengeId: challenge, frameCount });
    } catch (err) {
      throw new CliError(`${refPath}: ${frameCount} frames: ${(err as Error).message}`);
    }
    startRule = { referenceSha256, challengeId: challenge, frameCount, startFrame: start.startFrame };
    frames = { start: start.startFrame, count: 4 };
  }

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
    const r = await scorePieapp(
      scorer,
      toNetworkImage(refFrames[i]!, convention.networkChannelOrder),
      toNetworkImage(distFrames[i]!, convention.networkChannelOrder),
      {
        patches,
        seed: seed + i,
        onProgress: progress ? (done, total) => process.stderr.write(`\rframe ${i + 1}/${refFrames.length}: ${done}/${total} patches`) : undefined,
      },
    );
    if (progress) process.stderr.write('\n');
    results.push(r);
  }
  const frameScores = results.map((r) => r.value);
  // pyiqa packs (vidaio-subnet) aggregate |x|, mean, cap 2; piq packs (validator-vidaio) take the signed fsum mean.
  const aggregate = hasFunction(pack, 'upscaling.pieappAggregate')
    ? callPackFunction(pack, 'upscaling.pieappAggregate', { frameScores })
    : {
        pieapp: fsum(frameScores) / frameScores.length,
        warnings: frameScores.length === 4 ? [] : [`validator-vidaio averages 4 frames; ${frameScores.length} were scored`],
      };
  let quality: { sQ: number; warnings?: string[] };
  try {
    quality = callPackFunction(pack, 'upscaling.qualityScore', { pieapp: aggregate.pieapp });
  } catch (err) {
    throw new CliError(`${pack.id} upscaling.qualityScore raises for PIE-APP ${aggregate.pieapp}: ${(err as Error).message}`);
  }
  const startFrame = refFrames.length > 1 || frames ? (frames?.start ?? 0) : 0;
  const report = {
    engine: scorer.engine,
    runtime: note,
    threads: ranThreads,
    fallback,
    pack: pack.id,
    packChoice: packLabel,
    convention: convention.id,
    channelOrder: convention.networkChannelOrder,
    startFrameRule: startRule,
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
  lines.push(`Pack ${pack.id} (${packLabel}); PIE-APP convention ${convention.id}: ${convention.networkChannelOrder.toUpperCase()} to the network`);
  lines.push(
    `Vidaio aggregate (${hasFunction(pack, 'upscaling.pieappAggregate') ? '|x|, mean, min(·, 2)' : 'signed mean (math.fsum / n)'}): ${report.aggregate.toFixed(6)}`,
  );
  lines.push(`S_Q (${pack.id} upscaling.qualityScore): ${report.sQ.toFixed(6)}`);
  if (fallback) lines.push(`note: ${fallback}; the wasm engine ran instead (same graph, slower)`);
  for (const w of report.warnings) lines.push(`warning: ${w}`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}
