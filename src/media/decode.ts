/**
 * `decodeFrames(file)`: an async iterable of 8-bit yuv420p `YuvFrame`s in display order, streamed with bounded
 * memory. Paths:
 * - MP4 with H.264/VP9/AV1 (and any codec WebCodecs accepts): mp4box index (`mp4.ts`) + WebCodecs `VideoDecoder`,
 *   sample payloads read from the Blob through a 4 MiB window, at most `MAX_DECODE_QUEUE` chunks queued in the
 *   decoder, and decoded `VideoFrame`s copied out (`copyTo`, I420/I420A/NV12 handled) and closed as they are yielded.
 * - Y4M: `y4mFramesAt` of `src/core/video/y4m.ts` over `blob.slice().arrayBuffer()`, one read per frame.
 * - Everything else (HEVC, WebM/MKV, fragmented MP4, ...): ffmpeg.wasm, decoding segments of at most
 *   `FFMPEG_SEGMENT_BYTES` of raw output at a time (each segment re-decodes from the start of the stream and selects
 *   its frames by number, so long clips cost O(n²/segment) decode work on this fallback).
 * Works in dedicated workers and on the main thread. Consumers may keep yielded frames; a frame's planes may share
 * their ArrayBuffer with other frames (y4m reads; see the frame-ownership rule in src/core/video/y4m.ts).
 */
import type { Sample } from 'mp4box';
import { yuvFrameFromPacked, yuv420FrameBytes, chromaSize, type YuvFrame } from '../core/video/frame.ts';
import { y4mFramesAt, Y4mError, type Y4mSource } from '../core/video/y4m.ts';
import { MediaError, blobName, tenBitError, throwIfAborted } from './errors.ts';
import { readHead, sniffBytes, previewText } from './sniff.ts';
import { readMp4Index, readSamples, type Mp4Index } from './mp4.ts';
import { ffmpegDecodeSegment } from './ffmpeg.ts';
import { probe, probeFromMp4Index } from './probe.ts';

/** Options of `decodeFrames`. */
export interface DecodeOptions {
  /** First display frame to yield (0-based, default 0). */
  start?: number;
  /** Maximum number of frames to yield (default: to the end). */
  count?: number;
  signal?: AbortSignal;
  /** Name used in error messages (default: File.name). */
  name?: string;
  /** Force a path (tests, benchmarks). Default 'auto'. */
  path?: 'auto' | 'webcodecs' | 'ffmpeg';
  /** WebCodecs hardware preference (default 'prefer-software': I420 output, identical on every machine). */
  hardwareAcceleration?: HardwareAcceleration;
  /** Which video stream (0-based, default 0): a removal item's served input carries its mask as stream 1. */
  videoStream?: number;
  /**
   * Decode as gray, as `ffmpeg -pix_fmt gray` does (a mask stream): the yielded frames' Y plane holds the gray
   * values (limited-range luma expanded to full range, `grayFromLimitedLuma`), U and V are 128. Gray-format streams
   * are accepted.
   */
  gray?: boolean;
  /**
   * Reads bytes [offset, offset + length) of a Blob (default: `blob.slice().arrayBuffer()` on this thread). The
   * engine worker passes a reader on a thread of its own, so y4m reads progress while it computes.
   */
  readBlob?: (blob: Blob, offset: number, length: number) => Promise<Uint8Array>;
}

/** Encoded chunks allowed in the VideoDecoder's queue before feeding waits (back-pressure). */
export const MAX_DECODE_QUEUE = 4;
/**
 * High-water marks of the last WebCodecs decode (diagnostics for the memory bound): decoded VideoFrames held at
 * once before being copied out, and encoded chunks queued in the decoder.
 */
export const webCodecsStats = { maxHeldFrames: 0, maxQueuedChunks: 0 };

/** Upper bound of raw yuv420p bytes one ffmpeg.wasm segment writes into MEMFS. */
export const FFMPEG_SEGMENT_BYTES = 48 << 20;

/**
 * Decodes a video into yuv420p frames, in display order, streaming.
 * @throws MediaError (10-bit or non-4:2:0 input, undecodable or truncated files); the signal's reason when aborted.
 */
export async function* decodeFrames(file: Blob, options: DecodeOptions = {}): AsyncGenerator<YuvFrame> {
  const fileName = blobName(file, options.name);
  const start = Math.max(0, Math.floor(options.start ?? 0));
  const count = options.count === undefined ? Infinity : Math.max(0, Math.floor(options.count));
  const signal = options.signal;
  const stream = Math.max(0, Math.floor(options.videoStream ?? 0));
  throwIfAborted(signal);
  if (count === 0) return;
  if (options.gray) {
    yield* decodeGray(file, fileName, { ...options, gray: false, name: fileName, videoStream: stream, start, count });
    return;
  }
  const head = await readHead(file);
  const kind = sniffBytes(head);
  if (kind === 'empty') throw new MediaError(fileName, 'not a video: the file is empty (0 bytes)');
  if (kind === 'text') throw new MediaError(fileName, `not a video: the file contains plain text (it starts with ${previewText(head)})`);
  if (kind === 'y4m' && stream > 0) throw new MediaError(fileName, `a Y4M file has one video stream, no video stream ${stream}`);
  if (kind === 'y4m' && options.path !== 'ffmpeg') {
    yield* decodeY4m(file, fileName, start, count, signal, options.readBlob);
    return;
  }
  if (kind === 'mp4' && options.path !== 'ffmpeg') {
    let idx: Mp4Index | null = null;
    try {
      idx = await readMp4Index(file, fileName, stream);
    } catch (e) {
      // Fragmented MP4 goes to ffmpeg; every other index error (truncation, no video) is final.
      if (!(e instanceof MediaError && /fragmented/.test(e.message))) throw e;
    }
    if (idx) {
      const p = probeFromMp4Index(file, fileName, idx);
      if (p.bitDepth !== null && p.bitDepth > 8) throw tenBitError(fileName, `${p.codec} ${p.profile ?? ''} ${p.pixFmt ?? ''}`.replace(/\s+/g, ' ').trim());
      if (p.pixFmt !== null && p.pixFmt !== 'yuv420p' && p.pixFmt !== 'yuvj420p') {
        throw new MediaError(fileName, `pix_fmt ${p.pixFmt} is not supported: the Vidaio validator requires yuv420p`);
      }
      const config = await webCodecsConfig(idx, options.hardwareAcceleration ?? 'prefer-software');
      if (config) {
        yield* decodeWebCodecs(file, fileName, idx, config, start, count, signal);
        return;
      }
      if (options.path === 'webcodecs') throw new MediaError(fileName, `WebCodecs cannot decode ${idx.track.codec} here`);
    }
  }
  if (options.path === 'webcodecs') throw new MediaError(fileName, 'WebCodecs path requested but the file is not an MP4 WebCodecs can decode');
  yield* decodeFfmpeg(file, fileName, start, count, signal, stream);
}

/**
 * swscale's limited → full range luma for 8 bits, as `ffmpeg -pix_fmt gray` converts a yuv420p (tv range) frame:
 * clamp(round((Y − 16) · 255 / 219)). Checked against native ffmpeg 5.1 for all 256 values (decode-gray.test.ts).
 */
export function grayFromLimitedLuma(y: Uint8Array): Uint8Array {
  const out = new Uint8Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = GRAY_LUT[y[i]!]!;
  return out;
}
const GRAY_LUT = Uint8Array.from({ length: 256 }, (_, v) => Math.min(255, Math.max(0, Math.floor(((v - 16) * 255) / 219 + 0.5))));

/** `decodeFrames(…, { gray: true })`: 4:2:0 streams decoded as usual and their luma converted; anything else through ffmpeg's gray output. */
async function* decodeGray(
  file: Blob,
  fileName: string,
  options: DecodeOptions & { videoStream: number; start: number; count: number },
): AsyncGenerator<YuvFrame> {
  const p = await probe(file, fileName, options.videoStream);
  if (p.bitDepth !== null && p.bitDepth > 8) throw tenBitError(fileName, `pix_fmt ${p.pixFmt}`);
  const fullRange = p.pixFmt === 'yuvj420p' || p.colorRange === 'pc';
  if (p.pixFmt === null || p.pixFmt === 'yuv420p' || p.pixFmt === 'yuvj420p') {
    for await (const f of decodeFrames(file, options)) yield fullRange ? f : { ...f, y: grayFromLimitedLuma(f.y) };
    return;
  }
  yield* decodeFfmpeg(file, fileName, options.start, options.count, options.signal, options.videoStream, true);
}

// ---------------------------------------------------------------------------------------------------- Y4M

/**
 * Smallest Blob read of the y4m path. Every `slice().arrayBuffer()` costs a few ms beside the bytes in Chromium
 * (measured in a worker on a 75 MB fetched Blob: 1 MiB reads ≈ 100 MB/s, 4 MiB ≈ 145, 12 MiB ≈ 180, 32 MiB ≈ 215;
 * its 64 KiB stream ≈ 250 MB/s, but that cannot read ahead nor skip): at 540p a read then holds 10 frames.
 */
export const Y4M_BLOB_READ_BYTES = 8 << 20;

async function* decodeY4m(
  file: Blob,
  fileName: string,
  start: number,
  count: number,
  signal?: AbortSignal,
  readBlob: (blob: Blob, offset: number, length: number) => Promise<Uint8Array> = async (blob, offset, length) =>
    new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()),
): AsyncGenerator<YuvFrame> {
  // Blob reads of whole frames, at least Y4M_BLOB_READ_BYTES each, the next one in flight while the frames of the
  // last are measured (y4mFramesAt); the frames before `start` are jumped over unread.
  const source: Y4mSource = {
    size: file.size,
    read: async (offset, length) => {
      throwIfAborted(signal);
      return readBlob(file, offset, length);
    },
  };
  let yielded = 0;
  try {
    for await (const f of y4mFramesAt(source, { skip: start, count, minReadBytes: Y4M_BLOB_READ_BYTES })) {
      if (f.index < start) continue;
      yield f;
      if (++yielded >= count) return;
    }
  } catch (e) {
    if (e instanceof Y4mError) {
      if (/C420p1\d|p1[026]/.test(e.message)) throw tenBitError(fileName, e.message);
      throw new MediaError(fileName, e.message, { cause: e });
    }
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------------- WebCodecs

async function webCodecsConfig(idx: Mp4Index, hardwareAcceleration: HardwareAcceleration): Promise<VideoDecoderConfig | null> {
  if (typeof VideoDecoder === 'undefined') return null;
  const config: VideoDecoderConfig = {
    codec: idx.track.codec,
    codedWidth: idx.sampleEntry.width,
    codedHeight: idx.sampleEntry.height,
    hardwareAcceleration,
    optimizeForLatency: false,
  };
  if (idx.description) config.description = idx.description;
  try {
    const support = await VideoDecoder.isConfigSupported(config);
    return support.supported ? config : null;
  } catch {
    return null;
  }
}

/** Copies a decoded VideoFrame out as a packed yuv420p frame (visible rect), then the caller closes it. */
async function copyFrame(frame: VideoFrame, index: number, fileName: string): Promise<YuvFrame> {
  const rect = frame.visibleRect!;
  const w = rect.width;
  const h = rect.height;
  const { chromaWidth: cw, chromaHeight: ch } = chromaSize(w, h);
  const ySize = w * h;
  const cSize = cw * ch;
  const fmt = frame.format as string | null; // string: the DOM lib lacks the high-bit-depth formats
  const out = new Uint8Array(yuv420FrameBytes(w, h));
  // Packed yuv420p: Y, then U, then V, rows without padding.
  const i420: PlaneLayout[] = [
    { offset: 0, stride: w },
    { offset: ySize, stride: cw },
    { offset: ySize + cSize, stride: cw },
  ];
  switch (fmt) {
    case 'I420':
      await frame.copyTo(out, { rect, layout: i420 });
      break;
    case 'I420A': {
      const tmp = new Uint8Array(ySize * 2 + cSize * 2);
      await frame.copyTo(tmp, { rect, layout: [...i420, { offset: ySize + 2 * cSize, stride: w }] });
      out.set(tmp.subarray(0, ySize + 2 * cSize));
      break;
    }
    case 'NV12': {
      const tmp = new Uint8Array(ySize + 2 * cSize);
      await frame.copyTo(tmp, {
        rect,
        layout: [
          { offset: 0, stride: w },
          { offset: ySize, stride: 2 * cw },
        ],
      });
      out.set(tmp.subarray(0, ySize));
      for (let i = 0; i < cSize; i++) {
        out[ySize + i] = tmp[ySize + 2 * i]!;
        out[ySize + cSize + i] = tmp[ySize + 2 * i + 1]!;
      }
      break;
    }
    case 'I420P10':
    case 'I420AP10':
    case 'I420P12':
    case 'I420AP12':
    case 'I422P10':
    case 'I422P12':
    case 'I444P10':
    case 'I444P12':
      throw tenBitError(fileName, `decoder output ${fmt}`);
    case null:
      throw new MediaError(
        fileName,
        'the decoder returned an opaque (GPU-only) frame that cannot be read back; retry with hardwareAcceleration "prefer-software"',
      );
    default:
      throw new MediaError(
        fileName,
        `the decoder returned ${fmt} frames; only 8-bit 4:2:0 (I420, I420A, NV12) is supported: the Vidaio validator requires yuv420p`,
      );
  }
  return yuvFrameFromPacked(index, w, h, out);
}

async function* decodeWebCodecs(
  file: Blob,
  fileName: string,
  idx: Mp4Index,
  config: VideoDecoderConfig,
  start: number,
  count: number,
  signal?: AbortSignal,
): AsyncGenerator<YuvFrame> {
  const samples = idx.samples; // decode order
  // Display index of every sample: rank of its composition time.
  const byCts = samples.map((s, i) => [s.cts, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const displayOf = new Int32Array(samples.length);
  byCts.forEach(([, i], d) => {
    displayOf[i] = d;
  });
  if (start >= samples.length) return;
  // Start at the last sync sample (in decode order) at or before the first sample whose display index >= start.
  let firstNeeded = samples.length;
  for (let i = 0; i < samples.length; i++)
    if (displayOf[i]! >= start) {
      firstNeeded = i;
      break;
    }
  let from = 0;
  for (let i = firstNeeded; i >= 0; i--)
    if (samples[i]!.is_sync) {
      from = i;
      break;
    }
  const end = Math.min(samples.length, start + count);

  webCodecsStats.maxHeldFrames = 0;
  webCodecsStats.maxQueuedChunks = 0;
  const ready = new Map<number, VideoFrame>(); // display index -> frame, waiting to be yielded in order
  const tsToDisplay = new Map<number, number>();
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const waitEvent = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
    });

  const decoder = new VideoDecoder({
    output: (frame) => {
      const d = tsToDisplay.get(frame.timestamp);
      tsToDisplay.delete(frame.timestamp);
      if (d === undefined || d < start || d >= end || ready.has(d)) frame.close();
      else {
        ready.set(d, frame);
        webCodecsStats.maxHeldFrames = Math.max(webCodecsStats.maxHeldFrames, ready.size);
      }
      notify();
    },
    error: (e) => {
      failure = e;
      notify();
    },
  });
  decoder.addEventListener('dequeue', notify);
  try {
    decoder.configure(config);
  } catch (e) {
    decoder.close();
    throw new MediaError(fileName, `WebCodecs refused the decoder configuration for ${config.codec}: ${(e as Error).message}`, { cause: e });
  }
  let next = start; // next display index to yield
  const fail = (e: unknown): never => {
    if (e instanceof MediaError) throw e;
    throw new MediaError(fileName, `WebCodecs decode error (${config.codec}): ${(e as Error)?.message ?? String(e)}`, { cause: e });
  };
  async function* drain(): AsyncGenerator<YuvFrame> {
    for (let f = ready.get(next); f; f = ready.get(next)) {
      ready.delete(next);
      let yf: YuvFrame;
      try {
        yf = await copyFrame(f, next, fileName);
      } finally {
        f.close();
      }
      next++;
      yield yf;
    }
  }
  // Stop feeding once every sample that can hold a display index < end has been fed: in decode order that is past
  // the last sample whose display index < end (later samples only display later).
  let lastNeeded = 0;
  for (let i = 0; i < samples.length; i++) if (displayOf[i]! < end) lastNeeded = i;
  const toFeed: Sample[] = samples.slice(from, lastNeeded + 1);
  try {
    let i = from;
    for await (const [s, bytes] of readSamples(file, toFeed)) {
      throwIfAborted(signal);
      if (failure) fail(failure);
      const timestamp = Math.round((s.cts * 1e6) / s.timescale);
      tsToDisplay.set(timestamp, displayOf[i]!);
      decoder.decode(
        new EncodedVideoChunk({ type: s.is_sync ? 'key' : 'delta', timestamp, duration: Math.round((s.duration * 1e6) / s.timescale), data: bytes }),
      );
      webCodecsStats.maxQueuedChunks = Math.max(webCodecsStats.maxQueuedChunks, decoder.decodeQueueSize);
      i++;
      yield* drain();
      if (next >= end) return;
      while (decoder.decodeQueueSize >= MAX_DECODE_QUEUE && !failure) {
        await waitEvent();
        yield* drain();
        if (next >= end) return;
      }
    }
    const flushed = decoder.flush();
    flushed.catch(() => undefined);
    let done = false;
    void flushed.then(
      () => {
        done = true;
        notify();
      },
      (e) => {
        failure ??= e;
        done = true;
        notify();
      },
    );
    while (next < end) {
      yield* drain();
      if (next >= end) break;
      if (failure) fail(failure);
      if (done) {
        yield* drain();
        if (next < end) {
          const missing = next;
          throw new MediaError(
            fileName,
            `WebCodecs produced no frame for display index ${missing} (${samples.length} samples; stream corrupt or timestamps not unique)`,
          );
        }
        break;
      }
      throwIfAborted(signal);
      await waitEvent();
    }
  } finally {
    for (const f of ready.values()) f.close();
    ready.clear();
    if (decoder.state !== 'closed') decoder.close();
  }
}

// ---------------------------------------------------------------------------------------------------- ffmpeg.wasm

async function* decodeFfmpeg(
  file: Blob,
  fileName: string,
  start: number,
  count: number,
  signal?: AbortSignal,
  stream = 0,
  gray = false,
): AsyncGenerator<YuvFrame> {
  const p = await probe(file, fileName, stream).catch((e: unknown) => {
    throw e instanceof MediaError ? e : new MediaError(fileName, `cannot probe: ${(e as Error).message}`, { cause: e });
  });
  if (p.bitDepth !== null && p.bitDepth > 8) throw tenBitError(fileName, `pix_fmt ${p.pixFmt}`);
  if (!gray && p.pixFmt !== null && p.pixFmt !== 'yuv420p' && p.pixFmt !== 'yuvj420p') {
    throw new MediaError(fileName, `pix_fmt ${p.pixFmt} is not supported: the Vidaio validator requires yuv420p`);
  }
  const { width, height } = p;
  const { chromaWidth, chromaHeight } = chromaSize(width, height);
  const frameBytes = gray ? width * height : yuv420FrameBytes(width, height);
  const perSegment = Math.max(1, Math.floor(FFMPEG_SEGMENT_BYTES / frameBytes));
  let index = start;
  let remaining = count;
  while (remaining > 0) {
    throwIfAborted(signal);
    const n = Math.min(perSegment, remaining);
    const raw = await ffmpegDecodeSegment(file, fileName, index, n, signal, { index: stream, pixFmt: gray ? 'gray' : 'yuv420p' });
    const got = Math.floor(raw.length / frameBytes);
    for (let k = 0; k < got; k++) {
      // Each frame gets its own buffer so the segment can be released once its frames are consumed.
      if (gray) {
        const c = chromaWidth * chromaHeight;
        yield {
          index,
          width,
          height,
          chromaWidth,
          chromaHeight,
          y: raw.slice(k * frameBytes, (k + 1) * frameBytes),
          u: new Uint8Array(c).fill(128),
          v: new Uint8Array(c).fill(128),
        };
      } else yield yuvFrameFromPacked(index, width, height, raw.slice(k * frameBytes, (k + 1) * frameBytes));
      index++;
      remaining--;
    }
    if (got < n) return; // end of stream
  }
}
