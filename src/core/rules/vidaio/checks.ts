/**
 * The Vidaio SN85 validator's media checks as pure data and functions, so the app can tell a miner why a file
 * would score 0 before any metric is computed. Facts from vidAio-subnet/vidaio-subnet@fea37798e2d9a07a2af2b52da614dbc93187f52e
 * as read in shared/reference/rules/vidaio.md §1.2 (upscaling) and §2.3 (compression); every failure carries the
 * upstream `file:line` it comes from. Inputs are probe facts (what ffprobe, mp4box or WebCodecs report), never media.
 */
import { formatNumber } from '../../math/format.ts';

/** What a probe reports about one video file (ffprobe's names in brackets). */
export interface MediaFacts {
  /** Codec name (`codec_name`), e.g. `hevc`, `av1`, `h264`. */
  codec: string;
  /** Codec profile (`profile`), e.g. `Main`, `Main 10`; null when the probe gives none. */
  profile: string | null;
  /** Container (`format_name`), e.g. `mov,mp4,m4a,3gp,3g2,mj2`. */
  container: string;
  /** Pixel format (`pix_fmt`), e.g. `yuv420p`. */
  pixFmt: string;
  /** Sample aspect ratio (`sample_aspect_ratio`), `1:1` for square pixels. */
  sar: string;
  /** Average frame rate in frames per second (`avg_frame_rate` evaluated). */
  avgFps: number;
  /** Frame count (`nb_frames`, or counted). */
  frameCount: number;
  /** Width and height in pixels. */
  width: number;
  height: number;
  /** Colour tags (`color_space`, `color_transfer`, `color_primaries`); null or `unknown` when untagged. */
  colorSpace: string | null;
  colorTransfer: string | null;
  colorPrimaries: string | null;
  /** File size in bytes. */
  sizeBytes: number;
  /** Bit rate in bits per second (stream `bit_rate`, else format `bit_rate`); null when neither is known. */
  bitRate: number | null;
}

export type CheckId =
  | 'file-size'
  | 'valid-video'
  | 'resolution'
  | 'reference-frames'
  | 'codec'
  | 'container'
  | 'profile'
  | 'sar'
  | 'pix-fmt'
  | 'fps'
  | 'color'
  | 'bitrate'
  | 'frame-count'
  | 'vmaf-gate'
  | 'vmaf-model-delta';

export interface CheckFailure {
  check: CheckId;
  /** Plain-language reason with the numbers. */
  message: string;
  /** Upstream location, `file:lines` at fea3779. */
  line: string;
  /** `zero`: the miner scores 0. `void`: a validator-side problem, scored −100 (recorded, not folded). */
  outcome: 'zero' | 'void';
}

export interface CheckResult {
  ok: boolean;
  failures: CheckFailure[];
}

// ---- facts (fea3779) ----
/** Output size cap relative to the payload, by scale factor (server.py:63-66 `UPSCALING_FILE_SIZE_MULTIPLIERS`). */
export const UPSCALING_FILE_SIZE_MULTIPLIERS = { 2: 8, 4: 20 } as const;
/** Allowed codec families for upscaling (server.py:2034-2045: hevc or av1, although the log line says "AV1"). */
export const UPSCALING_CODECS = ['hevc', 'av1'] as const;
/** Compression target codecs the validator draws (validator.py:1475-1479). */
export const COMPRESSION_CODECS = ['av1', 'hevc'] as const;
/** Accepted containers (`format_name`), server.py:1918-2172. IVF is refused explicitly. */
export const ALLOWED_CONTAINERS = ['mov,mp4,m4a,3gp,3g2,mj2', 'mp4', 'isom'] as const;
/** Accepted profiles per codec family. */
export const ALLOWED_PROFILES = { av1: ['Main'], hevc: ['Main', 'Main 10'] } as const;
export const REQUIRED_PIX_FMT = 'yuv420p';
export const REQUIRED_SAR = '1:1';
/** |fps(output) − fps(reference)| must be ≤ 0.3 (server.py:2022-2024). */
export const FPS_TOLERANCE = 0.3;
/** |frames(output) − frames(reference)| must be ≤ 5 (server.py:62 `FRAME_TOLERANCE`). */
export const FRAME_TOLERANCE = 5;
/** A reference with fewer frames is a validator-side failure (−100), server.py:2556-2564, 2871-2902. */
export const MIN_REFERENCE_FRAMES = 10;
/** Upscaling VMAF gate: VMAF/100 < 0.5 scores 0; exactly 50 passes (server.py:2702-2709, configs/score.py:13). */
export const UPSCALING_VMAF_GATE = 50;
/** Compression VMAF thresholds the validator draws per round (validator.py:98-101). */
export const COMPRESSION_VMAF_THRESHOLDS = [85, 89, 93] as const;
/** |base VMAF − NEG VMAF| above this scores 0 (server.py:57 `MAX_VMAF_MODEL_DELTA`, 3069-3084). */
export const MAX_VMAF_MODEL_DELTA = 3.0;
/** In VBR/CBR mode the bit rate may be at most 1.10 × the target (no lower bound), server.py:2001-2017. */
export const BITRATE_TOLERANCE = 1.1;
/** Compression target bit rates in Mbps (VBR only), validator.py:1475-1479. */
export const COMPRESSION_TARGET_BITRATES_MBPS = [5, 8, 10] as const;

export interface UpscalingTask {
  /** 2 for HD24K, 4 for SD24K (server.py:2456-2458). */
  scaleFactor: 2 | 4;
}

export interface CompressionTask {
  /** The codec family the round asks for. */
  codec: 'av1' | 'hevc';
  /** Rate-control mode; the bit-rate cap applies to VBR and CBR only. */
  mode: 'CRF' | 'VBR' | 'CBR';
  /** Target bit rate in Mbps (10⁶ bit/s), needed for VBR/CBR. */
  targetBitrateMbps?: number | null;
}

/** Maps encoder and decoder names to a codec family (`libaom-av1` → `av1`, `h265`/`libx265` → `hevc`). */
export function codecFamily(codec: string): string {
  const c = codec.trim().toLowerCase();
  if (c.includes('av1') || c === 'av01' || c.includes('dav1d')) return 'av1';
  if (c.includes('hevc') || c.includes('265')) return 'hevc';
  if (c.includes('264') || c === 'avc' || c === 'avc1') return 'h264';
  if (c.includes('vp9')) return 'vp9';
  return c;
}

const isTagged = (v: string | null) => v !== null && v !== '' && v !== 'unknown' && v !== 'unspecified';

const fail = (check: CheckId, message: string, line: string, outcome: 'zero' | 'void' = 'zero'): CheckFailure => ({
  check,
  message,
  line,
  outcome,
});

const ENCODING_LINES = 'services/scoring/server.py:1918-2172';

/** The shared part of `validate_dist_encoding_settings`: container, profile, SAR, pix_fmt, fps and colour tags. */
function encodingChecks(out: MediaFacts, ref: MediaFacts, family: string): CheckFailure[] {
  const f: CheckFailure[] = [];
  if (out.container.toLowerCase().includes('ivf') || !(ALLOWED_CONTAINERS as readonly string[]).includes(out.container))
    f.push(fail('container', `Container must be MP4, got "${out.container}".`, ENCODING_LINES));
  const profiles = (ALLOWED_PROFILES as Record<string, readonly string[]>)[family];
  if (profiles && !profiles.includes(out.profile ?? ''))
    f.push(
      fail(
        'profile',
        `${family.toUpperCase()} profile must be ${profiles.join(' or ')}, got ${out.profile === null ? 'none' : `"${out.profile}"`}.`,
        ENCODING_LINES,
      ),
    );
  if (out.sar !== REQUIRED_SAR) f.push(fail('sar', `Sample aspect ratio must be ${REQUIRED_SAR}, got "${out.sar}".`, ENCODING_LINES));
  if (out.pixFmt !== REQUIRED_PIX_FMT) f.push(fail('pix-fmt', `Pixel format must be ${REQUIRED_PIX_FMT}, got "${out.pixFmt}".`, ENCODING_LINES));
  if (!(Math.abs(out.avgFps - ref.avgFps) <= FPS_TOLERANCE))
    f.push(
      fail(
        'fps',
        `Frame rate ${formatNumber(out.avgFps, 3)} fps differs from the reference's ${formatNumber(ref.avgFps, 3)} fps by more than ${FPS_TOLERANCE}.`,
        'services/scoring/server.py:2022-2024',
      ),
    );
  const tags: [string, string | null, string | null][] = [
    ['color_space', out.colorSpace, ref.colorSpace],
    ['color_transfer', out.colorTransfer, ref.colorTransfer],
    ['color_primaries', out.colorPrimaries, ref.colorPrimaries],
  ];
  for (const [name, o, r] of tags)
    if (isTagged(o) && isTagged(r) && o !== r)
      f.push(
        fail(
          'color',
          `${name} is "${o}" but the reference's is "${r}" (a hard failure, although the upstream comment says otherwise).`,
          'services/scoring/server.py:2084-2096',
        ),
      );
  return f;
}

function frameChecks(out: MediaFacts, ref: MediaFacts, line: string): CheckFailure[] {
  const d = Math.abs(out.frameCount - ref.frameCount);
  return d > FRAME_TOLERANCE || Number.isNaN(d)
    ? [fail('frame-count', `Frame count ${out.frameCount} differs from the reference's ${ref.frameCount} by ${d} (at most ${FRAME_TOLERANCE} allowed).`, line)]
    : [];
}

function validVideo(out: MediaFacts, line: string): CheckFailure[] {
  return out.width > 0 && out.height > 0 ? [] : [fail('valid-video', `Not a valid video: ${out.width}×${out.height}.`, line)];
}

function referenceFrames(ref: MediaFacts, line: string): CheckFailure[] {
  return ref.frameCount < MIN_REFERENCE_FRAMES
    ? [
        fail(
          'reference-frames',
          `The reference has ${ref.frameCount} frames (fewer than ${MIN_REFERENCE_FRAMES}): the validator voids the result (−100).`,
          line,
          'void',
        ),
      ]
    : [];
}

const result = (failures: CheckFailure[]): CheckResult => ({ ok: failures.length === 0, failures });

/**
 * Upscaling media checks in the validator's order (vidaio.md §1.2 rows 5–11): size cap against the payload (×8 for
 * 2×, ×20 for 4×), valid video, exact resolution payload × scale, reference ≥ 10 frames, encoding (hevc/av1, MP4,
 * profile, SAR 1:1, yuv420p, fps ±0.3 against the 4K reference, colour tags), frame count ±5 against the reference.
 * All failures are reported (the validator stops at the first).
 */
export function checkUpscalingMedia(out: MediaFacts, ref: MediaFacts, payload: MediaFacts, task: UpscalingTask): CheckResult {
  const f: CheckFailure[] = [];
  const cap = payload.sizeBytes * UPSCALING_FILE_SIZE_MULTIPLIERS[task.scaleFactor];
  if (out.sizeBytes > cap)
    f.push(
      fail(
        'file-size',
        `Output is ${out.sizeBytes} bytes, more than ${UPSCALING_FILE_SIZE_MULTIPLIERS[task.scaleFactor]}× the payload (${cap} bytes).`,
        'services/scoring/server.py:63-66, 226-239, 2495-2512',
      ),
    );
  f.push(...validVideo(out, 'services/scoring/server.py:2517-2527'));
  const w = payload.width * task.scaleFactor;
  const h = payload.height * task.scaleFactor;
  if (out.width !== w || out.height !== h)
    f.push(
      fail(
        'resolution',
        `Output is ${out.width}×${out.height}; it must be exactly ${w}×${h} (payload × ${task.scaleFactor}).`,
        'services/scoring/server.py:2529-2545',
      ),
    );
  f.push(...referenceFrames(ref, 'services/scoring/server.py:2556-2564'));
  const family = codecFamily(out.codec);
  if (!(UPSCALING_CODECS as readonly string[]).includes(family))
    f.push(fail('codec', `Codec "${out.codec}" is not HEVC or AV1.`, 'services/scoring/server.py:2034-2045'));
  f.push(...encodingChecks(out, ref, family));
  f.push(...frameChecks(out, ref, 'services/scoring/server.py:62, 2622-2634'));
  return result(f);
}

/**
 * Compression media checks in the validator's order (vidaio.md §2.3 rows 2–5): reference ≥ 10 frames, valid video,
 * encoding (codec family = task codec, MP4, profile, SAR 1:1, yuv420p, resolution = reference, fps ±0.3, colour tags,
 * and in VBR/CBR a bit rate ≤ 1.10 × target, a missing bit rate failing), frame count ±5.
 */
export function checkCompressionMedia(out: MediaFacts, ref: MediaFacts, task: CompressionTask): CheckResult {
  const f: CheckFailure[] = [];
  f.push(...referenceFrames(ref, 'services/scoring/server.py:2871-2902'));
  f.push(...validVideo(out, 'services/scoring/server.py:2908-2926'));
  const family = codecFamily(out.codec);
  if (family !== task.codec) f.push(fail('codec', `Codec "${out.codec}" is not the requested ${task.codec}.`, 'services/scoring/server.py:2034-2045'));
  if (out.width !== ref.width || out.height !== ref.height)
    f.push(
      fail(
        'resolution',
        `Output is ${out.width}×${out.height}; compression must keep the reference's ${ref.width}×${ref.height}.`,
        'services/scoring/server.py:2932-2949',
      ),
    );
  f.push(...encodingChecks(out, ref, family));
  if (task.mode === 'VBR' || task.mode === 'CBR') {
    const line = 'services/scoring/server.py:2001-2017, 2026-2029';
    const target = task.targetBitrateMbps;
    if (target === null || target === undefined || !Number.isFinite(target))
      f.push(fail('bitrate', `${task.mode} mode needs a target bit rate to check against.`, line));
    else if (out.bitRate === null) f.push(fail('bitrate', `${task.mode} mode: the file reports no bit rate, so the cap cannot be met.`, line));
    else if (out.bitRate / 1e6 > target * BITRATE_TOLERANCE)
      f.push(fail('bitrate', `Bit rate ${(out.bitRate / 1e6).toFixed(2)} Mbps is above ${BITRATE_TOLERANCE} × ${target} Mbps.`, line));
  }
  f.push(...frameChecks(out, ref, 'services/scoring/server.py:2960-2970'));
  return result(f);
}

/** Upscaling VMAF gate (VMAF 0–100): VMAF/100 < 0.5 scores 0; exactly 50 passes, and so does NaN (as in Python). */
export function checkUpscalingVmaf(vmaf: number): CheckResult {
  return result(
    vmaf / 100 < UPSCALING_VMAF_GATE / 100
      ? [fail('vmaf-gate', `VMAF ${formatNumber(vmaf, 3)} is below ${UPSCALING_VMAF_GATE}.`, 'services/scoring/server.py:2702-2709; configs/score.py:13')]
      : [],
  );
}

/** Compression base/NEG model agreement (VMAF 0–100): |base − NEG| > 3.0 scores 0 (the compression rate is kept). */
export function checkCompressionVmaf(vmafNeg: number, vmafBase: number): CheckResult {
  const d = Math.abs(vmafBase - vmafNeg);
  return result(
    d > MAX_VMAF_MODEL_DELTA
      ? [
          fail(
            'vmaf-model-delta',
            `Base VMAF ${formatNumber(vmafBase, 3)} and NEG VMAF ${formatNumber(vmafNeg, 3)} differ by ${formatNumber(d, 3)} (more than ${MAX_VMAF_MODEL_DELTA}).`,
            'services/scoring/server.py:57, 3069-3084',
          ),
        ]
      : [],
  );
}

// ---- validator-vidaio@b71f22d (vidaio.md §7; the file-level lines are not in the research note) ----
const NEXT = 'validator-vidaio@b71f22d (shared/reference/rules/vidaio.md §7)';
/** Codecs the newer validator accepts for either task. */
export const NEXT_CODECS = ['h264', 'hevc', 'vp9', 'av1'] as const;

function nextCommon(out: MediaFacts, ref: MediaFacts): CheckFailure[] {
  const f: CheckFailure[] = [...validVideo(out, NEXT)];
  if (!(NEXT_CODECS as readonly string[]).includes(codecFamily(out.codec)))
    f.push(fail('codec', `Codec "${out.codec}" is not one of ${NEXT_CODECS.join(', ')}.`, NEXT));
  if (out.frameCount !== ref.frameCount)
    f.push(
      fail('frame-count', `Frame count ${out.frameCount} differs from the reference's ${ref.frameCount}; this validator requires them to match exactly.`, NEXT),
    );
  return f;
}

/** Compression checks of validator-vidaio: codec allowlist, same resolution, exact frame count. */
export function checkCompressionMediaNext(out: MediaFacts, ref: MediaFacts): CheckResult {
  const f = nextCommon(out, ref);
  if (out.width !== ref.width || out.height !== ref.height)
    f.push(fail('resolution', `Output is ${out.width}×${out.height}; compression must keep the reference's ${ref.width}×${ref.height}.`, NEXT));
  return result(f);
}

/** Upscaling checks of validator-vidaio: size caps (×8 / ×20 of the payload), resolution payload × scale, codec allowlist, exact frame count. */
export function checkUpscalingMediaNext(out: MediaFacts, ref: MediaFacts, payload: MediaFacts, task: UpscalingTask): CheckResult {
  const f = nextCommon(out, ref);
  const cap = payload.sizeBytes * UPSCALING_FILE_SIZE_MULTIPLIERS[task.scaleFactor];
  if (out.sizeBytes > cap)
    f.push(
      fail('file-size', `Output is ${out.sizeBytes} bytes, more than ${UPSCALING_FILE_SIZE_MULTIPLIERS[task.scaleFactor]}× the payload (${cap} bytes).`, NEXT),
    );
  const w = payload.width * task.scaleFactor;
  const h = payload.height * task.scaleFactor;
  if (out.width !== w || out.height !== h)
    f.push(fail('resolution', `Output is ${out.width}×${out.height}; it must be exactly ${w}×${h} (payload × ${task.scaleFactor}).`, NEXT));
  return result(f);
}
