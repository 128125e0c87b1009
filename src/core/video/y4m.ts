/**
 * Streaming YUV4MPEG2 (y4m) parser: bytes arrive in arbitrary `Uint8Array` chunks (a file read stream, an ffmpeg
 * pipe, a browser `ReadableStream`) and complete frames come out as `YuvFrame`s, so a clip never has to be whole
 * in memory. Format: the stream header line `YUV4MPEG2 W.. H.. F.. A.. I.. C.. X..`, then per frame a `FRAME`
 * line (parameters ignored) followed by the raw planes. Only 8-bit 4:2:0 (C420, C420jpeg, C420paldv, C420mpeg2;
 * the default when C is absent is 420jpeg) and Cmono (luma only; chroma is synthesised as 128) are accepted;
 * everything else (10-bit, 4:2:2, 4:4:4, alpha) is rejected with an error naming the colour space.
 *
 * Reading: `y4mFramesAt` reads a file with random access (a Blob's `slice().arrayBuffer()`, a Node file handle),
 * one read per frame sized so that each frame's FRAME line and payload arrive whole, and jumps over skipped
 * frames without reading them; `y4mFrames` takes whatever chunks a stream gives (an ffmpeg pipe).
 *
 * Frame ownership: a yielded frame's planes are views into either the chunk that carried the whole payload (no
 * copy) or a buffer of the frame's own (a payload split across chunks is copied). Either way the parser never
 * writes that memory again, so consumers may keep frames as long as they like (measure() holding a frame pair,
 * the motion feature's previous frame, a frame viewer). Two rules follow: a chunk must not be reused or written
 * once pushed (stream reads and `arrayBuffer()` give fresh buffers; copy a reused one before pushing), and
 * several frames (and a few header bytes) may share one ArrayBuffer, so whoever transfers plane buffers to
 * another thread (postMessage) detaches every frame on that buffer: transfer only frames that all go along (as the
 * workers' readFrames do) or copy (as the VMAF thread pool does). Nobody writes into a yielded frame's planes.
 */
import { chromaSize, type YuvFrame } from './frame.ts';
import { PreflightError } from '../errors.ts';

/** Parsed stream header. */
export interface Y4mHeader {
  width: number;
  height: number;
  /** Frame rate as a fraction (F tag), e.g. 24/1; 0/0 when absent. */
  fpsNum: number;
  fpsDen: number;
  /** Pixel aspect ratio (A tag), 0:0 = unknown. */
  aspectNum: number;
  aspectDen: number;
  /** Interlacing (I tag): p, t, b, m or ? */
  interlace: string;
  /** Colour space as written (C tag), default `420jpeg`. */
  colorspace: string;
  /** True for Cmono: the file carries luma only. */
  mono: boolean;
  /** X tags, verbatim without the X. */
  extensions: string[];
}

/** A malformed, unsupported or truncated y4m stream. */
export class Y4mError extends PreflightError {
  override readonly name = 'Y4mError';
}

const ACCEPTED_420 = new Set(['420', '420jpeg', '420paldv', '420mpeg2']);
const MAX_LINE_BYTES = 4096;

/** Largest frame side accepted (twice 8K UHD's width); a header beyond it is refused before anything is allocated. */
export const Y4M_MAX_SIDE = 16384;
/** Largest frame area accepted: 8192 x 8192 luma pixels (96 MiB per 4:2:0 frame). */
export const Y4M_MAX_PIXELS = 8192 * 8192;

function parseRatio(text: string, tag: string): [number, number] {
  const m = /^(\d{1,10}):(\d{1,10})$/.exec(text);
  if (!m) throw new Y4mError(`y4m: bad ${tag} value "${text}" (expected num:den, each at most 10 digits)`);
  return [Number(m[1]), Number(m[2])];
}

/** A W or H tag value: decimal digits only (no sign, exponent or hex), read as an exact integer. */
function parseSide(text: string, tag: string): number {
  if (!/^\d{1,10}$/.test(text)) throw new Y4mError(`y4m: bad frame size ${tag}${text} (expected a positive whole number)`);
  return Number(text);
}

/** Parses the text of a y4m stream header line (without the newline). */
export function parseY4mHeader(line: string): Y4mHeader {
  const parts = line.split(' ').filter((p) => p.length > 0);
  if (parts[0] !== 'YUV4MPEG2') throw new Y4mError('not a y4m stream: it does not start with "YUV4MPEG2 "');
  const h: Y4mHeader = {
    width: 0,
    height: 0,
    fpsNum: 0,
    fpsDen: 0,
    aspectNum: 0,
    aspectDen: 0,
    interlace: '?',
    colorspace: '420jpeg',
    mono: false,
    extensions: [],
  };
  for (const p of parts.slice(1)) {
    const tag = p[0]!;
    const value = p.slice(1);
    switch (tag) {
      case 'W':
        h.width = parseSide(value, 'W');
        break;
      case 'H':
        h.height = parseSide(value, 'H');
        break;
      case 'F':
        [h.fpsNum, h.fpsDen] = parseRatio(value, 'F');
        break;
      case 'A':
        [h.aspectNum, h.aspectDen] = parseRatio(value, 'A');
        break;
      case 'I':
        h.interlace = value;
        break;
      case 'C':
        h.colorspace = value;
        break;
      case 'X':
        h.extensions.push(value);
        break;
      default:
        throw new Y4mError(`y4m: unknown header tag "${p}"`);
    }
  }
  if (!Number.isInteger(h.width) || !Number.isInteger(h.height) || h.width <= 0 || h.height <= 0) {
    throw new Y4mError(`y4m: missing or invalid frame size W${h.width} H${h.height}`);
  }
  // Bounds before any size arithmetic: within them every product below is an exact small integer (no int32 wrap).
  if (h.width > Y4M_MAX_SIDE || h.height > Y4M_MAX_SIDE || h.width * h.height > Y4M_MAX_PIXELS) {
    throw new Y4mError(
      `y4m: frame size ${h.width}x${h.height} is beyond what Preflight accepts (at most ${Y4M_MAX_SIDE} per side and ${Y4M_MAX_PIXELS} pixels, e.g. 8192x8192)`,
    );
  }
  if (h.colorspace === 'mono') h.mono = true;
  else if (!ACCEPTED_420.has(h.colorspace)) {
    throw new Y4mError(
      `y4m: colour space C${h.colorspace} is not supported; only 8-bit 4:2:0 (C420, C420jpeg, C420paldv, C420mpeg2) and Cmono are (convert with ffmpeg -pix_fmt yuv420p)`,
    );
  }
  return h;
}

/** Bytes of one frame's payload (after the FRAME line) for this header. */
export function y4mFramePayloadBytes(h: Y4mHeader): number {
  const { chromaWidth, chromaHeight } = chromaSize(h.width, h.height);
  return h.width * h.height + (h.mono ? 0 : 2 * chromaWidth * chromaHeight);
}

const enum State {
  StreamHeader,
  FrameHeader,
  FramePayload,
}

/**
 * Incremental parser. Feed chunks with `push` (returns the frames completed by that chunk, in order), then call
 * `end()` once the input is exhausted: it throws a `Y4mError` naming the frame index when the last frame is
 * truncated. A frame whose payload lies whole in one chunk is handed out as a view into that chunk (no copy);
 * a frame split across chunks is copied into a buffer of its own. See "Frame ownership" in the file header.
 * `wantBytes()` says how large the next read should be for each frame to arrive whole in one chunk.
 */
export class Y4mParser {
  header: Y4mHeader | null = null;
  /** Complete frames produced (or skipped) so far. */
  frameCount = 0;
  private state = State.StreamHeader;
  private line: number[] = [];
  private frameBuf: Uint8Array | null = null;
  private filled = 0;
  private payloadBytes = 0;
  /** Length of the last FRAME line with its newline (a plain "FRAME\n" until one is seen). */
  private frameLineBytes = 6;
  private onHeader: ((h: Y4mHeader) => void) | undefined;

  constructor(onHeader?: (h: Y4mHeader) => void) {
    this.onHeader = onHeader;
  }

  /**
   * Bytes the next chunk should hold so that the next frame's payload lies whole in it and the chunk ends where
   * that payload ends: the rest of the current payload, or (between frames) a FRAME line as long as the last one
   * plus a payload. Before the stream header is parsed: its longest accepted length plus one.
   */
  wantBytes(): number {
    switch (this.state) {
      case State.StreamHeader:
        return MAX_LINE_BYTES + 1 - this.line.length;
      case State.FrameHeader:
        return Math.max(1, this.frameLineBytes - this.line.length) + this.payloadBytes;
      case State.FramePayload:
        return this.payloadBytes - this.filled;
    }
  }

  /** As `wantBytes`, but between frames only the rest of the FRAME line (to skip the payload after it). */
  wantLineBytes(): number {
    return this.state === State.FrameHeader ? Math.max(1, this.frameLineBytes - this.line.length) : this.wantBytes();
  }

  /** True between a frame's FRAME line and the end of its payload (where `skipPayload` may be called). */
  get inPayload(): boolean {
    return this.state === State.FramePayload;
  }

  /**
   * Skips the rest of the current frame's payload (random-access readers jumping over frames that are not wanted):
   * counts the frame, drops what was copied of it and returns the payload bytes the caller must skip in its input.
   * Only valid when `inPayload`.
   */
  skipPayload(): number {
    if (this.state !== State.FramePayload) throw new Error('Y4mParser.skipPayload: not inside a frame payload');
    const rest = this.payloadBytes - this.filled;
    this.frameBuf = null;
    this.filled = 0;
    this.frameCount++;
    this.state = State.FrameHeader;
    return rest;
  }

  /** Consumes one chunk; returns the frames it completed. The chunk must not be written to afterwards. */
  push(chunk: Uint8Array): YuvFrame[] {
    const out: YuvFrame[] = [];
    let pos = 0;
    const n = chunk.length;
    while (pos < n) {
      if (this.state === State.FramePayload) {
        if (this.filled === 0 && n - pos >= this.payloadBytes) {
          // The whole payload is in this chunk: hand out a view.
          out.push(this.finishFrame(chunk.subarray(pos, pos + this.payloadBytes)));
          pos += this.payloadBytes;
          this.state = State.FrameHeader;
          continue;
        }
        this.frameBuf ??= new Uint8Array(this.payloadBytes);
        const take = Math.min(this.payloadBytes - this.filled, n - pos);
        this.frameBuf.set(chunk.subarray(pos, pos + take), this.filled);
        this.filled += take;
        pos += take;
        if (this.filled === this.payloadBytes) {
          const buf = this.frameBuf;
          this.frameBuf = null;
          this.filled = 0;
          out.push(this.finishFrame(buf));
          this.state = State.FrameHeader;
        }
        continue;
      }
      // Header lines: collect bytes up to '\n'.
      const nl = chunk.indexOf(10, pos);
      const end = nl < 0 ? n : nl;
      for (let i = pos; i < end; i++) this.line.push(chunk[i]!);
      if (this.line.length > MAX_LINE_BYTES) {
        throw new Y4mError(
          this.state === State.StreamHeader
            ? 'not a y4m stream: no header line in the first 4 KiB'
            : `y4m: frame ${this.frameCount}: FRAME line longer than 4 KiB (corrupt stream)`,
        );
      }
      if (nl < 0) {
        if (this.state === State.StreamHeader && this.line.length >= 10 && String.fromCharCode(...this.line.slice(0, 10)) !== 'YUV4MPEG2 ') {
          throw new Y4mError('not a y4m stream: it does not start with "YUV4MPEG2 "');
        }
        pos = n;
        continue;
      }
      pos = nl + 1;
      const text = String.fromCharCode(...this.line);
      this.line = [];
      if (this.state === State.StreamHeader) {
        this.header = parseY4mHeader(text);
        this.payloadBytes = y4mFramePayloadBytes(this.header);
        this.state = State.FrameHeader;
        this.onHeader?.(this.header);
      } else {
        if (!text.startsWith('FRAME'))
          throw new Y4mError(`y4m: frame ${this.frameCount}: expected a FRAME line, got "${text.slice(0, 40)}" (corrupt stream or wrong frame size)`);
        this.frameLineBytes = text.length + 1;
        this.filled = 0;
        this.state = State.FramePayload;
      }
    }
    return out;
  }

  /** Call after the last chunk. @throws Y4mError for an empty stream or a truncated frame. */
  end(): void {
    if (this.state === State.StreamHeader) {
      throw new Y4mError(this.line.length === 0 ? 'y4m: empty stream' : 'y4m: stream header line is truncated');
    }
    if (this.state === State.FramePayload) {
      throw new Y4mError(`y4m: frame ${this.frameCount} is truncated: ${this.filled} of ${this.payloadBytes} bytes`);
    }
    if (this.line.length > 0) throw new Y4mError(`y4m: frame ${this.frameCount} is truncated inside its FRAME line`);
  }

  private finishFrame(buf: Uint8Array): YuvFrame {
    const h = this.header!;
    const { chromaWidth, chromaHeight } = chromaSize(h.width, h.height);
    const ySize = h.width * h.height;
    const cSize = chromaWidth * chromaHeight;
    let u: Uint8Array;
    let v: Uint8Array;
    if (h.mono) {
      u = new Uint8Array(cSize).fill(128);
      v = new Uint8Array(cSize).fill(128);
    } else {
      u = buf.subarray(ySize, ySize + cSize);
      v = buf.subarray(ySize + cSize, ySize + 2 * cSize);
    }
    return { index: this.frameCount++, width: h.width, height: h.height, chromaWidth, chromaHeight, y: buf.subarray(0, ySize), u, v };
  }
}

/**
 * Frames of a y4m byte stream, decoded as the chunks arrive. `onHeader` is called once, before the first frame.
 * Ending the iteration early (break / return) stops reading the chunk source.
 * @throws Y4mError for unsupported colour spaces, corrupt streams and truncated frames (naming the frame index).
 */
export async function* y4mFrames(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, onHeader?: (h: Y4mHeader) => void): AsyncGenerator<YuvFrame> {
  const parser = new Y4mParser(onHeader);
  for await (const chunk of chunks) {
    for (const f of parser.push(chunk)) yield f;
  }
  parser.end();
}

/** A y4m file with random access: its size and reads of byte ranges. */
export interface Y4mSource {
  /** Bytes in the file. */
  size: number;
  /**
   * Bytes [offset, offset + length) (length ≥ 1, offset + length ≤ size), in a buffer that nothing writes
   * afterwards (each read a fresh one).
   */
  read(offset: number, length: number): Promise<Uint8Array>;
}

export interface Y4mReadOptions {
  /** Called once, before the first frame. */
  onHeader?: (h: Y4mHeader) => void;
  /** Frames to jump over at the start: their payloads are not read (their FRAME lines are). Default 0. */
  skip?: number;
  /** Frames wanted after the skipped ones (default: to the end): nothing beyond them is read. */
  count?: number;
  /**
   * Smallest read in bytes (default 0): after the first wanted frame, a read holds as many whole frames as fit (at
   * least one), for sources whose every read has a high fixed cost (a browser Blob). The frames of one read share
   * its buffer.
   */
  minReadBytes?: number;
}

/**
 * Frames of a y4m file read with random access: the header line on its own, then reads that each hold whole frames
 * (FRAME line + payload; one frame, or several up to `minReadBytes`), so frames are views into those reads and
 * nothing is copied; payloads of the first `skip` frames are jumped over. One read is always in flight ahead of the
 * consumer (started before the frames of the previous one are handed out), so reading overlaps the consumer's work
 * where the source reads in the background (a Blob, a Node file handle); that holds at most one more read's bytes
 * in memory. Ending the iteration early stops reading.
 * @throws Y4mError as `y4mFrames` does (a frame cut short by the end of the file, skipped or not, is "truncated").
 */
export async function* y4mFramesAt(source: Y4mSource, options: Y4mReadOptions = {}): AsyncGenerator<YuvFrame> {
  const parser = new Y4mParser(options.onHeader);
  const skip = options.skip ?? 0;
  const last = skip + (options.count ?? Infinity);
  const minRead = options.minReadBytes ?? 0;
  const size = source.size;
  let pos = 0;
  if (size > 0) {
    // The stream header line alone, so that the first frame starts a read of its own.
    const head = await source.read(0, Math.min(size, MAX_LINE_BYTES + 1));
    const nl = head.indexOf(10);
    const first = nl >= 0 ? head.subarray(0, nl + 1) : head;
    parser.push(first);
    pos = first.length;
  }
  /** Starts the next read (after jumping over skipped payloads); null at the end of the file or of the wanted frames. */
  const nextRead = (): { length: number; bytes: Promise<Uint8Array> } | null => {
    while (pos < size && parser.frameCount < skip && parser.inPayload) {
      const frame = parser.frameCount;
      const payload = y4mFramePayloadBytes(parser.header!);
      const bytes = parser.skipPayload();
      if (pos + bytes > size) throw new Y4mError(`y4m: frame ${frame} is truncated: ${payload - bytes + size - pos} of ${payload} bytes`);
      pos += bytes;
    }
    if (pos >= size || (parser.frameCount >= last && !parser.inPayload)) return null;
    let want = parser.frameCount < skip ? parser.wantLineBytes() : parser.wantBytes();
    if (parser.frameCount > skip && !parser.inPayload && minRead > want) {
      // At a frame boundary after the first wanted frame (read alone, so that the first frame comes as soon as it
      // can): as many whole frames (FRAME line as long as the last one) as minRead holds.
      want *= Math.max(1, Math.min(Math.floor(minRead / want), last - parser.frameCount));
    }
    const length = Math.min(size - pos, want);
    const bytes = source.read(pos, length);
    pos += length;
    return { length, bytes };
  };
  let pending = nextRead();
  try {
    while (pending) {
      const chunk = await pending.bytes;
      const short = chunk.length < pending.length; // the file shrank under us: end() names what is missing
      const frames = parser.push(chunk);
      pending = short ? null : nextRead();
      for (const f of frames) yield f;
    }
    // Stopping after the wanted frames is not the end of the file: only a file read to its end is checked.
    if (parser.frameCount < last) parser.end();
  } finally {
    pending?.bytes.catch(() => undefined); // a read left in flight when the consumer stops early
  }
}
