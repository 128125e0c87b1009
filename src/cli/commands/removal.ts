/**
 * `preflight removal`: the object-removal track's measurement of one item as validator-vidaio computes it
 * (src/core/metrics/removal/pipeline.ts `measureRemoval`; ../shared/reference/rules/vidaio-v3.md §2): the served
 * input (stream 0 = the video with the object, stream 1 = the mask, decoded as gray like upstream's
 * `decode_mask_stream`, or a separate `--mask` video), the miner's output and, when the miner has it, the clean
 * reference. Prints PSNR in the mask against its floor (+1.5 dB), LPIPS-VGG against the floor's, the warp error
 * against its bound, the outside-mask change against 3.0, and the verdict with its reasons; "partial: …" says what
 * was not measured (no reference, no LPIPS weights).
 *
 * Decoding is the native ffmpeg's (src/cli/media/native-ffmpeg.ts for the video streams; the mask stream is piped as
 * raw gray). Sources are re-openable: each pass of the pipeline starts a fresh decoder, so memory stays bounded.
 * LPIPS needs the user's two weight files (`--lpips-vgg16`, `--lpips-heads`) and runs on `--engine`
 * (native = onnxruntime-node, wasm = onnxruntime-web, twin = the TypeScript CPU twin) through src/cli/lpips-native.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { CliError, flag, parseArgs } from '../args.ts';
import { ffmpegPath, openVideo, VideoInputError } from '../media/native-ffmpeg.ts';
import { measureRemoval, RemovalInputError } from '../../core/metrics/removal/pipeline.ts';
import { REMOVAL_OUTSIDE_TOLERANCE, REMOVAL_PSNR_MARGIN_DB, REMOVAL_WARP_CAP_FACTOR, REMOVAL_WARP_FLOOR } from '../../core/rules/vidaio/v3-removal.ts';
import type { I420 } from '../../core/metrics/removal/color.ts';
import type { FrameSource, LpipsEngine, RemovalFileRole, RemovalMeasurement, RemovalSources } from '../../core/metrics/removal/api.ts';
import { createCliLpipsEngine, type LpipsEngineChoice } from '../lpips-native.ts';

export const summary = 'object-removal track: PSNR/LPIPS vs the floor, warp error, outside-mask gate, score';
export const usage =
  'preflight removal --input SERVED [--mask MASKVIDEO] --output CANDIDATE [--reference REF] [--challenge ID] [--lpips-vgg16 PATH --lpips-heads PATH] [--engine native|wasm|twin] [--threads N] [--json]';
export const help = `options:
  --input FILE        the served input: stream 0 is the video with the object, stream 1 the mask (gray, masked where > 127)
  --mask FILE         a separate mask video (its stream 0, decoded as gray) instead of stream 1 of --input
  --output FILE       your output (the candidate)
  --reference FILE    the clean reference, when you have it: PSNR, SSIM, LPIPS, the warp error and the floor need it
  --challenge ID      the challenge id: with the reference's sha256 it picks the LPIPS frames as the validator does
                      (without it the offset is 0)
  --lpips-vgg16 FILE  torchvision's VGG16 ImageNet checkpoint (vgg16-397923af.pth)
  --lpips-heads FILE  lpips 0.1.4's v0.1 linear heads (weights/v0.1/vgg.pth); without both, LPIPS is not measured
  --engine E          LPIPS engine: native (onnxruntime-node, default, falls back to wasm), wasm, twin (TypeScript)
  --threads N         LPIPS threads (native: default one per core; wasm: default 1)
  --json              print the measurement as JSON
Videos are decoded with the native ffmpeg (PREFLIGHT_FFMPEG or ffmpeg on the PATH); y4m needs none for stream 0.`;

/** Frame size of one video stream (ffprobe); null when the file has no such stream. */
function probeStream(path: string, stream: number): { width: number; height: number } | null {
  const probe = process.env.PREFLIGHT_FFPROBE || 'ffprobe';
  const r = spawnSync(probe, ['-v', 'error', '-select_streams', `v:${stream}`, '-show_entries', 'stream=width,height', '-of', 'csv=p=0', path], {
    encoding: 'utf8',
  });
  if (r.error) throw new CliError(`cannot run ffprobe (needed to read ${path}): ${r.error.message}`);
  if (r.status !== 0) throw new CliError(`${path}: ffprobe cannot read it: ${r.stderr.trim().split('\n').pop() || 'unknown error'}`);
  const m = /^(\d+),(\d+)/.exec(r.stdout.trim());
  return m ? { width: Number(m[1]), height: Number(m[2]) } : null;
}

/** Stream 0 of a video as a re-openable source of I420 frames. */
async function videoSource(path: string, what: RemovalFileRole): Promise<FrameSource> {
  let info;
  try {
    info = await openVideo(path).check();
  } catch (err) {
    if (err instanceof VideoInputError) throw new CliError(`${what}: ${err.message}`);
    throw err;
  }
  let width = info.width,
    height = info.height;
  if (width === null || height === null) {
    const s = probeStream(path, 0);
    if (!s) throw new CliError(`${what}: ${path} has no video stream`);
    ({ width, height } = s);
  }
  return {
    width,
    height,
    open(): AsyncIterator<I420> {
      const it = openVideo(path).frames[Symbol.asyncIterator]();
      return {
        next: async () => {
          try {
            const r = await it.next();
            return r.done ? { done: true, value: undefined } : { done: false, value: { y: r.value.y, u: r.value.u, v: r.value.v } };
          } catch (err) {
            if (err instanceof VideoInputError) throw new RemovalInputError(what, err.message);
            throw err;
          }
        },
        return: async () => {
          await it.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
}

/** One video stream decoded as raw 8-bit gray (upstream's mask decode), re-openable; frames carry only `y`. */
function grayStreamSource(path: string, stream: number, width: number, height: number): FrameSource {
  const size = width * height;
  return {
    width,
    height,
    open(): AsyncIterator<I420> {
      async function* frames(): AsyncGenerator<I420> {
        const child = spawn(ffmpegPath(), ['-nostdin', '-v', 'error', '-i', path, '-map', `0:v:${stream}`, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.setEncoding('utf8');
        child.stderr.on('data', (s: string) => {
          if (stderr.length < 16384) stderr += s;
        });
        const exited = new Promise<number | null>((resolve) => {
          child.on('error', () => resolve(null));
          child.on('close', (c) => resolve(c));
        });
        let finished = false;
        try {
          let buf = new Uint8Array(size),
            fill = 0;
          for await (const chunk of child.stdout as AsyncIterable<Uint8Array>) {
            let at = 0;
            while (at < chunk.length) {
              const take = Math.min(size - fill, chunk.length - at);
              buf.set(chunk.subarray(at, at + take), fill);
              fill += take;
              at += take;
              if (fill === size) {
                yield { y: buf, u: new Uint8Array(0), v: new Uint8Array(0) };
                buf = new Uint8Array(size);
                fill = 0;
              }
            }
          }
          const code = await exited;
          if (code !== 0)
            throw new RemovalInputError(
              'mask',
              `${path}: ffmpeg could not decode video stream ${stream} as gray (exit ${code}): ${stderr.trim().split('\n').pop() || 'no message'}`,
            );
          if (fill !== 0) throw new RemovalInputError('mask', `${path}: the last mask frame is truncated (${fill} of ${size} bytes)`);
          finished = true;
        } finally {
          if (!finished && child.exitCode === null) child.kill('SIGKILL');
        }
      }
      return frames();
    },
  };
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

const fmt = (v: number | null, digits: number) => (v === null ? 'n/a' : v.toFixed(digits));

/** The human report: each number against its floor or bound, the verdict and its reasons, what is missing. */
export function formatRemoval(m: RemovalMeasurement, files: { input: string; mask: string; output: string; reference?: string }): string {
  const lines: string[] = [];
  lines.push(`removal: ${files.output} for ${files.input} (mask: ${files.mask}${files.reference ? `; reference: ${files.reference}` : ''})`);
  lines.push(`frames scored ${m.frames} (${m.maskedFrames} masked), ${m.width}x${m.height}`);
  if (m.candidate.psnrDb !== null) {
    const need = m.floor.psnrDb! + REMOVAL_PSNR_MARGIN_DB;
    lines.push(
      `PSNR in mask    ${fmt(m.candidate.psnrDb, 3)} dB  floor ${fmt(m.floor.psnrDb, 3)} dB (median fill ${fmt(m.medianFill.psnrDb, 3)}, unchanged input ${fmt(m.unchanged.psnrDb, 3)}); needs ≥ ${need.toFixed(3)} dB: ${m.candidate.psnrDb < need ? 'NOT beaten' : 'beaten'}`,
    );
    lines.push(`SSIM in mask    ${fmt(m.candidate.ssim, 4)}  floor ${fmt(m.floor.ssim, 4)} (reported, not scored)`);
  }
  if (m.candidate.lpipsVgg !== null)
    lines.push(
      `LPIPS-VGG       ${fmt(m.candidate.lpipsVgg, 4)}  floor ${fmt(m.floor.lpipsVgg, 4)} on frames ${m.lpipsFrames.join(', ')} (${m.lpipsEngine}; lower is better, not required to beat the floor)`,
    );
  if (m.candidate.warpError !== null) {
    const cap = REMOVAL_WARP_CAP_FACTOR * Math.max(m.warpReference!, REMOVAL_WARP_FLOOR);
    lines.push(
      `warp error      ${fmt(m.candidate.warpError, 4)}  bound ${cap.toFixed(4)} (${REMOVAL_WARP_CAP_FACTOR} × max(reference's ${fmt(m.warpReference, 4)}, ${REMOVAL_WARP_FLOOR})): ${m.candidate.warpError > cap ? 'EXCEEDED' : 'within'}`,
    );
  }
  lines.push(
    `outside change  ${m.outside.change.toFixed(4)}  bound ${REMOVAL_OUTSIDE_TOLERANCE.toFixed(1)}${m.outside.worstFrame >= 0 ? ` (worst frame ${m.outside.worstFrame})` : ''}: ${m.outside.passed ? 'pass' : 'FAIL (OUTSIDE_REGION_MODIFIED)'}`,
  );
  if (!m.outside.passed) lines.push('verdict: 0 (OUTSIDE_REGION_MODIFIED: the output changes pixels outside the mask)');
  else if (m.score) {
    lines.push(
      m.score.zeroReason
        ? `verdict: 0 (${m.score.zeroReason})`
        : `verdict: score ${m.score.final.toFixed(4)} = 0.6 × s_psnr ${m.score.sPsnr.toFixed(4)} + 0.4 × s_lpips ${m.score.sLpips.toFixed(4)}`,
    );
  } else if (m.psnrBelowFloorMargin) lines.push('verdict: 0 (REGION_BASELINE_NOT_BEATEN: PSNR < floor + 1.5 dB)');
  else lines.push('verdict: not known yet (see partial)');
  if (m.partial) lines.push(`partial: ${m.missing.join('; ')}`);
  for (const n of m.notes) lines.push(`note: ${n}`);
  return lines.join('\n') + '\n';
}

/** The files of one removal item, as paths. */
export interface RemovalFilePaths {
  /** The served input (stream 0: content; stream 1: the mask unless `mask` is given). */
  input: string;
  mask?: string;
  output: string;
  reference?: string;
}

/**
 * Measures one removal item from files (native ffmpeg decoding, re-openable sources): the measurement of
 * src/core/metrics/removal/pipeline.ts, with input problems as CliErrors naming the file. Used by `preflight removal`
 * and by `preflight competition` for removal entries.
 */
export async function measureRemovalFiles(
  files: RemovalFilePaths,
  options: { challengeId?: string; lpips?: LpipsEngine; lpipsWeightsLabel?: string } = {},
): Promise<{ measurement: RemovalMeasurement; maskLabel: string }> {
  const { input, output, mask: maskPath, reference: refPath } = files;
  const served = await videoSource(input, 'served input');
  let mask: FrameSource;
  let maskLabel: string;
  if (maskPath) {
    const s = probeStream(maskPath, 0);
    if (!s) throw new CliError(`mask: ${maskPath} has no video stream`);
    mask = grayStreamSource(maskPath, 0, s.width, s.height);
    maskLabel = maskPath;
  } else {
    const s = probeStream(input, 1);
    if (!s) throw new CliError(`mask: ${input} has no second video stream (the mask stream is missing); give the mask with --mask FILE`);
    mask = grayStreamSource(input, 1, s.width, s.height);
    maskLabel = `stream 1 of ${input}`;
  }
  const candidate = await videoSource(output, 'candidate');
  const reference = refPath ? await videoSource(refPath, 'reference') : undefined;
  const sources: RemovalSources = { served, mask, candidate, ...(reference ? { reference } : {}) };
  const { challengeId } = options;
  const referenceSha256Hex = refPath && challengeId !== undefined ? await sha256File(refPath) : undefined;
  try {
    const measurement = await measureRemoval(sources, options.lpips ? { lpips: options.lpips } : {}, {
      ...(challengeId !== undefined ? { challengeId } : {}),
      ...(referenceSha256Hex ? { referenceSha256Hex } : {}),
    });
    return { measurement, maskLabel };
  } catch (err) {
    if (err instanceof RemovalInputError) {
      const file = { reference: refPath, 'served input': input, mask: maskLabel, candidate: output, 'lpips weights': options.lpipsWeightsLabel }[err.file];
      throw new CliError(`${err.message}${file && !err.message.includes(file) ? ` (${file})` : ''}`);
    }
    throw err;
  }
}

export async function run(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['input', 'mask', 'output', 'reference', 'challenge', 'lpips-vgg16', 'lpips-heads', 'engine', 'threads'], ['json']);
  if (args.positional.length) throw new CliError(`unexpected argument ${args.positional[0]}\nusage: ${usage}`);
  const input = flag(args, 'input'),
    output = flag(args, 'output'),
    maskPath = flag(args, 'mask'),
    refPath = flag(args, 'reference');
  if (!input || !output) throw new CliError(`--input and --output are required\nusage: ${usage}`);
  const engine = (flag(args, 'engine') ?? 'auto') as LpipsEngineChoice;
  if (!['auto', 'native', 'wasm', 'twin'].includes(engine)) throw new CliError(`--engine must be native, wasm or twin, got ${engine}`);
  const vgg = flag(args, 'lpips-vgg16'),
    heads = flag(args, 'lpips-heads');
  if ((vgg === undefined) !== (heads === undefined))
    throw new CliError('--lpips-vgg16 and --lpips-heads go together (the VGG16 trunk and the lpips v0.1 heads)');
  const threadsText = flag(args, 'threads');
  const threads = threadsText === undefined ? undefined : Number(threadsText);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) throw new CliError(`--threads must be a positive integer, got ${threadsText}`);

  const lpips = vgg && heads ? await createCliLpipsEngine({ engine, vgg16Path: vgg, headsPath: heads, ...(threads ? { threads } : {}) }) : undefined;
  const challengeId = flag(args, 'challenge');
  const { measurement: m, maskLabel } = await measureRemovalFiles(
    { input, output, ...(maskPath ? { mask: maskPath } : {}), ...(refPath ? { reference: refPath } : {}) },
    { ...(challengeId !== undefined ? { challengeId } : {}), ...(lpips ? { lpips } : {}), ...(vgg ? { lpipsWeightsLabel: vgg } : {}) },
  );
  const files = { input, mask: maskLabel, output, ...(refPath ? { reference: refPath } : {}) };
  if (flag(args, 'json')) process.stdout.write(JSON.stringify({ files, ...m }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 1) + '\n');
  else process.stdout.write(formatRemoval(m, files));
  return 0;
}
