/**
 * Checks a video input of the CLI before any frame is computed, so a bad file fails at once with one line naming
 * it and the problem, with the messages the app gives for the same files (src/media/probe.ts, mp4.ts, errors.ts):
 * empty, plain text, not a video, no video stream, 10-bit or non-4:2:0, sizes beyond bounds, and truncation.
 *
 * Truncation policy (the same for every engine, stated in README.md): a file cut short is refused, naming the
 * frame where it ends. y4m: the FRAME headers are walked (a few bytes read per frame) and a frame the file ends in
 * is reported as the streaming parser would. MP4/MOV: the top-level boxes are walked by their headers, as the
 * app's MP4 reader does; a box that runs past the end (the usual cut: `mdat`), a missing `moov` or stray bytes
 * refuse the file, and ffprobe's packet list names the first incomplete video frame (decode order).
 * Other containers are probed by ffprobe; their damage shows during decoding (see native-ffmpeg.ts).
 *
 * ffprobe is `PREFLIGHT_FFPROBE`, else the `ffprobe` next to `PREFLIGHT_FFMPEG`, else `ffprobe` on PATH; when it
 * cannot be run the ffprobe checks are skipped and the decoder's own errors are reported instead.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseY4mHeader, y4mFramePayloadBytes, Y4mError, Y4M_MAX_PIXELS, Y4M_MAX_SIDE, type Y4mHeader } from '../../core/video/y4m.ts';
import { sniffBytes, type SniffedKind } from '../../core/video/sniff.ts';
import { PreflightError } from '../../core/errors.ts';

/** An input the CLI cannot read: missing file, missing ffmpeg, not a video, unsupported, truncated or undecodable. */
export class VideoInputError extends PreflightError {
  override readonly name = 'VideoInputError';
}

/** A short printable preview of bytes for messages: `"hello wor…"`. */
export function preview(head: Uint8Array, max = 24): string {
  const s = String.fromCharCode(...head.subarray(0, max)).replace(/[^\x20-\x7e]/g, '.');
  return JSON.stringify(head.length > max ? s + '…' : s);
}

function readAt(fd: number, position: number, length: number): Uint8Array {
  const buf = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const n = readSync(fd, buf, got, length - got, position + got);
    if (n === 0) break;
    got += n;
  }
  return buf.subarray(0, got);
}

/** A y4m file checked end to end: header and frame count. */
export interface Y4mScan {
  header: Y4mHeader;
  frames: number;
}

/**
 * Walks a y4m file's FRAME headers (reads ≤ 256 bytes per frame, never the pictures).
 * @throws VideoInputError naming the file: bad header, unsupported colour space, a FRAME line missing (wrong
 *   size or corrupt), or the file ending inside frame N ("frame N is truncated: X of Y bytes").
 */
export function scanY4m(path: string): Y4mScan {
  const fd = openSync(path, 'r');
  try {
    const size = statSync(path).size;
    const head = readAt(fd, 0, 4096);
    const nl = head.indexOf(10);
    if (String.fromCharCode(...head.subarray(0, 10)) !== 'YUV4MPEG2 ') throw new Y4mError('not a y4m stream: it does not start with "YUV4MPEG2 "');
    if (nl < 0) throw new Y4mError(head.length < 4096 ? 'the stream header line is truncated' : 'no header line in the first 4 KiB');
    const header = parseY4mHeader(String.fromCharCode(...head.subarray(0, nl)));
    const payload = y4mFramePayloadBytes(header);
    let pos = nl + 1;
    let frames = 0;
    while (pos < size) {
      const line = readAt(fd, pos, 256);
      const end = line.indexOf(10);
      const text = String.fromCharCode(...line.subarray(0, end < 0 ? line.length : end));
      const isFrameLine = text.startsWith('FRAME') || (end < 0 && line.length < 256 && 'FRAME'.startsWith(text));
      if (!isFrameLine)
        throw new Y4mError(
          `frame ${frames}: expected a FRAME line at byte ${pos}, got ${preview(line, 16)} (corrupt stream, or the header's size W${header.width} H${header.height} is not the frames' size)`,
        );
      if (end < 0) {
        if (line.length < 256) throw new Y4mError(`frame ${frames} is truncated inside its FRAME line (the file ends at byte ${size})`);
        throw new Y4mError(`frame ${frames}: FRAME line longer than 256 bytes (corrupt stream)`);
      }
      const start = pos + end + 1;
      if (start + payload > size) throw new Y4mError(`frame ${frames} is truncated: ${size - start} of ${payload} bytes (the file ends inside it)`);
      pos = start + payload;
      frames++;
    }
    if (frames === 0) throw new Y4mError('no frames (the file holds only the stream header)');
    return { header, frames };
  } catch (err) {
    if (err instanceof Y4mError) throw new VideoInputError(`${path}: ${err.message.replace(/^y4m: /, '')}`);
    throw err;
  } finally {
    closeSync(fd);
  }
}

/** One top-level box of an ISO BMFF file. */
export interface Box {
  type: string;
  offset: number;
  size: number;
}

/** What the top-level box walk found: the boxes, or the problem that makes the file truncated or invalid. */
export interface Mp4Scan {
  boxes: Box[];
  /** Set when the file is cut short or malformed (a message without the file name). */
  problem: string | null;
  /** True when `problem` is a truncation (data missing at the end). */
  truncated: boolean;
}

/** Walks the top-level boxes of an MP4/MOV by their 8/16-byte headers (nothing else is read). */
export function scanMp4(path: string): Mp4Scan {
  const fd = openSync(path, 'r');
  const boxes: Box[] = [];
  try {
    const fileSize = statSync(path).size;
    let pos = 0;
    while (pos < fileSize) {
      if (fileSize - pos < 8)
        return {
          boxes,
          truncated: true,
          problem: `truncated MP4: ${fileSize - pos} stray bytes at offset ${pos} after the last complete box (file cut short?)`,
        };
      const h = readAt(fd, pos, 16);
      const v = new DataView(h.buffer, h.byteOffset, h.byteLength);
      let size = v.getUint32(0);
      const type = String.fromCharCode(h[4]!, h[5]!, h[6]!, h[7]!);
      if (!/^[\x20-\x7e]{4}$/.test(type)) return { boxes, truncated: false, problem: `not a valid MP4: garbage box header at offset ${pos} (corrupt file)` };
      if (size === 1) {
        if (h.length < 16) return { boxes, truncated: true, problem: `truncated MP4: the 64-bit header of box '${type}' at offset ${pos} is cut` };
        const big = v.getBigUint64(8);
        size = big > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(big);
      } else if (size === 0) size = fileSize - pos;
      if (size < 8) return { boxes, truncated: false, problem: `not a valid MP4: box '${type}' at offset ${pos} declares ${size} bytes (corrupt file)` };
      if (pos + size > fileSize) {
        return {
          boxes,
          truncated: true,
          problem: `truncated MP4: box '${type}' at offset ${pos} declares ${size} bytes but only ${fileSize - pos} remain (the file is ${fileSize} bytes; it was cut short${type === 'mdat' ? ', media data is missing' : ''})`,
        };
      }
      boxes.push({ type, offset: pos, size });
      pos += size;
    }
    if (!boxes.some((b) => b.type === 'moov') && !boxes.some((b) => b.type === 'moof')) {
      return {
        boxes,
        truncated: true,
        problem: `truncated or incomplete MP4: no 'moov' box (the index) was found; top-level boxes: ${boxes.map((b) => b.type).join(', ') || 'none'}. The file was probably cut short before its index was written`,
      };
    }
    return { boxes, truncated: false, problem: null };
  } finally {
    closeSync(fd);
  }
}

/** The ffprobe executable: PREFLIGHT_FFPROBE, else the ffprobe beside PREFLIGHT_FFMPEG, else `ffprobe`. */
export function ffprobePath(): string {
  if (process.env.PREFLIGHT_FFPROBE) return process.env.PREFLIGHT_FFPROBE;
  const ff = process.env.PREFLIGHT_FFMPEG;
  if (ff && ff.includes('/')) return join(dirname(ff), basename(ff).replace(/ffmpeg/, 'ffprobe'));
  return 'ffprobe';
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  missing: boolean;
}

function runTool(exe: string, args: string[], timeoutMs = 60_000): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(exe, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      if (stdout.length < 64 << 20) stdout += s;
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      if (stderr.length < 65536) stderr += s;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr: e.message, missing: e.code === 'ENOENT' || e.code === 'EACCES' });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, missing: false });
    });
  });
}

/** The last meaningful line of a tool's log, without the `[demuxer @ 0x…]` prefix and the file path. */
export function lastLogLine(text: string, path: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/, '').trim())
    .filter((l) => l && !/^Last message repeated/.test(l));
  const last = lines[lines.length - 1] ?? '';
  return last.startsWith(path + ': ') ? last.slice(path.length + 2) : last;
}

interface ProbeStream {
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  pix_fmt?: string;
  width?: number;
  height?: number;
  nb_frames?: string;
  bits_per_raw_sample?: string;
  disposition?: Record<string, number>;
}
interface ProbeJson {
  streams?: ProbeStream[];
  format?: { format_name?: string };
}

/** What the checks learned about an input that passed them. */
export interface InputInfo {
  kind: SniffedKind;
  width: number | null;
  height: number | null;
  /** Frames the container declares (y4m: counted), when known. */
  frames: number | null;
  /** True when ffprobe ran (so the colour space and the video stream were checked before decoding). */
  probed: boolean;
}

function bitDepth(s: ProbeStream): number {
  const raw = Number(s.bits_per_raw_sample);
  if (Number.isFinite(raw) && raw > 0) return raw;
  const m = /p(\d+)(le|be)$/.exec(s.pix_fmt ?? '');
  return m ? Number(m[1]) : 8;
}

/** Counts the complete video packets of a truncated MP4 (ffprobe reads up to the end of the file). */
async function completeVideoPackets(path: string, fileSize: number): Promise<{ read: number; complete: number } | null> {
  const r = await runTool(ffprobePath(), ['-v', 'quiet', '-select_streams', 'v:0', '-show_entries', 'packet=pos,size', '-of', 'csv=p=0', path]);
  if (r.missing) return null;
  let read = 0;
  let complete = 0;
  for (const line of r.stdout.split('\n')) {
    const m = /^(\d+),(\d+)/.exec(line.trim());
    if (!m) continue;
    read++;
    // The data stops at the end of the file, so the packet that reaches it is the one cut.
    if (Number(m[1]) + Number(m[2]) < fileSize) complete++;
  }
  return { read, complete };
}

/**
 * Checks an input video before decoding (see the file comment).
 * @throws VideoInputError naming the file and the problem.
 */
export async function inspectVideo(path: string): Promise<InputInfo> {
  let size: number;
  let head: Uint8Array;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new VideoInputError(`${path}: it is a directory, not a video file`);
    if (!st.isFile()) throw new VideoInputError(`${path} is not a regular file`);
    size = st.size;
    const fd = openSync(path, 'r');
    try {
      head = readAt(fd, 0, 4096);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    if (err instanceof VideoInputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new VideoInputError(
      `cannot read ${path}: ${code === 'ENOENT' ? 'no such file (ENOENT)' : code === 'EACCES' ? 'permission denied (EACCES)' : (code ?? (err as Error).message)}`,
    );
  }
  const kind = sniffBytes(head);
  if (kind === 'empty') throw new VideoInputError(`${path}: not a video: the file is empty (0 bytes)`);
  if (kind === 'text')
    throw new VideoInputError(`${path}: not a video: the file contains plain text (it starts with ${preview(head)}), not MP4, WebM or Y4M data`);
  if (kind === 'y4m' || /\.y4m$/i.test(path)) {
    const y = scanY4m(path);
    return { kind: 'y4m', width: y.header.width, height: y.header.height, frames: y.frames, probed: true };
  }
  let mp4: Mp4Scan | null = null;
  if (kind === 'mp4') {
    mp4 = scanMp4(path);
    if (mp4.problem && !mp4.truncated) throw new VideoInputError(`${path}: ${mp4.problem}`);
  }
  const r = await runTool(ffprobePath(), [
    '-v',
    'error',
    '-show_entries',
    'stream=codec_type,codec_name,profile,pix_fmt,width,height,nb_frames,bits_per_raw_sample:stream_disposition=attached_pic:format=format_name',
    '-of',
    'json',
    path,
  ]);
  if (r.missing) {
    if (mp4?.problem) throw new VideoInputError(`${path}: ${mp4.problem}`);
    return { kind, width: null, height: null, frames: null, probed: false };
  }
  let json: ProbeJson | null = null;
  try {
    json = JSON.parse(r.stdout) as ProbeJson;
  } catch {
    json = null;
  }
  if (mp4?.problem) {
    // Truncated MP4: name the frame where the data ends when ffprobe can still read the index.
    const declared = Number(json?.streams?.find((s) => s.codec_type === 'video')?.nb_frames);
    const packets = Number.isFinite(declared) && declared > 0 ? await completeVideoPackets(path, size) : null;
    if (packets && packets.complete < declared) {
      throw new VideoInputError(
        `${path}: truncated MP4: the file ends inside video frame ${packets.complete} (${packets.complete} of ${declared} frames complete, decode order); ${mp4.problem.replace(/^truncated MP4: /, '')}`,
      );
    }
    throw new VideoInputError(`${path}: ${mp4.problem}`);
  }
  if (r.code !== 0 || !json || !Array.isArray(json.streams)) {
    throw new VideoInputError(
      `${path}: not a recognised video (first bytes ${preview(head, 12)}); ffprobe: ${lastLogLine(r.stderr, path) || `exit ${r.code}`}`,
    );
  }
  const format = json.format?.format_name ?? 'unknown';
  const video = json.streams.find((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  if (!video || format === 'tty') {
    if (format === 'tty') throw new VideoInputError(`${path}: not a video: the file contains text (it starts with ${preview(head)})`);
    const found = json.streams.map((s) => `${s.codec_type ?? 'unknown'} (${s.codec_name ?? '?'})`).join(', ') || 'no streams';
    throw new VideoInputError(`${path}: not a video: no video stream (found ${found}; format ${format})`);
  }
  const pix = video.pix_fmt ?? null;
  if (pix !== null && bitDepth(video) > 8) {
    throw new VideoInputError(
      `${path}: 10-bit input is not supported: the Vidaio validator requires yuv420p (found ${[video.codec_name, video.profile, pix].filter(Boolean).join(' ')})`,
    );
  }
  if (pix !== null && pix !== 'yuv420p' && pix !== 'yuvj420p' && pix !== 'gray') {
    throw new VideoInputError(`${path}: pix_fmt ${pix} is not supported: the Vidaio validator requires yuv420p (convert with ffmpeg -pix_fmt yuv420p)`);
  }
  if (pix === null)
    throw new VideoInputError(
      `${path}: ffprobe finds no pixel format for its ${video.codec_name ?? 'unknown'} video stream (unsupported codec or corrupt file)`,
    );
  const width = typeof video.width === 'number' ? video.width : null;
  const height = typeof video.height === 'number' ? video.height : null;
  if (width !== null && height !== null && (width > Y4M_MAX_SIDE || height > Y4M_MAX_SIDE || width * height > Y4M_MAX_PIXELS)) {
    throw new VideoInputError(
      `${path}: frame size ${width}x${height} is beyond what Preflight accepts (at most ${Y4M_MAX_SIDE} per side and ${Y4M_MAX_PIXELS} pixels)`,
    );
  }
  const n = Number(video.nb_frames);
  return { kind, width, height, frames: Number.isFinite(n) && n > 0 ? n : null, probed: true };
}
