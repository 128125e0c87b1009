/**
 * Node-only video input for the CLI: y4m files are parsed directly (read from disk a frame at a time), anything else is decoded
 * by a native ffmpeg (`PREFLIGHT_FFMPEG`, else `ffmpeg` on PATH) as `-f yuv4mpegpipe` in its own pixel format (never
 * converted: a 10-bit or 4:4:4 file is refused by the y4m parser with its colour space named, as in the browser) on a pipe
 * and parsed by the same streaming y4m parser, so frames arrive as they are decoded and memory stays bounded.
 * Stopping the iteration early kills ffmpeg.
 *
 * `check()` inspects the file before any frame is computed (./inspect.ts: not a video, no video stream, colour
 * space, truncation); the frame iterator runs it first too. Every error names the file. Truncated files are
 * refused (README "Truncation policy"): up front for y4m and MP4; for other containers when ffmpeg reports decode
 * errors and delivers fewer frames than the container declares. Decode errors ffmpeg reports on a file that
 * still yields every frame are collected in `warnings`.
 */
import { spawn } from 'node:child_process';
import { open, type FileHandle } from 'node:fs/promises';
import { y4mFrames, y4mFramesAt, Y4mError, type Y4mHeader, type Y4mSource } from '../../core/video/y4m.ts';
import type { YuvFrame } from '../../core/video/frame.ts';
import { inspectVideo, lastLogLine, VideoInputError, type InputInfo } from './inspect.ts';

export { VideoInputError } from './inspect.ts';

/** A video being read. `header` resolves with the y4m header (size, rate) before the first frame. */
export interface VideoSource {
  path: string;
  /** `y4m` = read directly, `ffmpeg` = decoded by the native ffmpeg. */
  via: 'y4m' | 'ffmpeg';
  /** Checks the file (once) before decoding; the frame iterator awaits it too. @throws VideoInputError */
  check(): Promise<InputInfo>;
  frames: AsyncIterable<YuvFrame>;
  header: Promise<Y4mHeader>;
  /** Filled while/after reading: decode errors ffmpeg printed on a file that still gave every frame. */
  warnings: string[];
}

/** The ffmpeg executable used: `PREFLIGHT_FFMPEG` or `ffmpeg`. */
export function ffmpegPath(): string {
  return process.env.PREFLIGHT_FFMPEG || 'ffmpeg';
}

function lastLines(text: string, n = 4): string {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/^\[[^\]]*@ 0x[0-9a-f]+\]\s*/, '').trim())
    .filter((l) => l && !/^Last message repeated/.test(l));
  return [...new Set(lines)].slice(-n).join(' | ');
}

/** ffmpeg stopped because the reading side closed the pipe (our parser refused the stream), not on its own. */
function diedOfClosedPipe(stderr: string): boolean {
  return /Broken pipe|Connection reset by peer|EPIPE/i.test(stderr);
}

/** A y4m parser error with the file named (the parser's "y4m: " prefix dropped). */
function namedY4mError(path: string, err: Y4mError): VideoInputError {
  return new VideoInputError(`${path}: ${err.message.replace(/^y4m: /, '')}`);
}

/** Bytes [offset, offset + length) of an open file in a fresh, unzeroed buffer (shorter only at the end of the file). */
async function readFully(file: FileHandle, offset: number, length: number): Promise<Uint8Array> {
  const buf = Buffer.allocUnsafeSlow(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await file.read(buf, got, length - got, offset + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return new Uint8Array(buf.buffer, buf.byteOffset, got);
}

/**
 * Opens a video file for streaming frames. Nothing is read until `check()` or the first frame.
 * @throws nothing; `check()` and the frame iterator throw VideoInputError naming the file (missing file or ffmpeg,
 *   not a video, unsupported colour space, truncated or undecodable data).
 */
export function openVideo(path: string): VideoSource {
  let resolveHeader!: (h: Y4mHeader) => void;
  let rejectHeader!: (e: unknown) => void;
  const header = new Promise<Y4mHeader>((res, rej) => {
    resolveHeader = res;
    rejectHeader = rej;
  });
  header.catch(() => undefined);
  const warnings: string[] = [];
  let checked: Promise<InputInfo> | null = null;
  const check = () =>
    (checked ??= inspectVideo(path).then((info) => {
      source.via = info.kind === 'y4m' ? 'y4m' : 'ffmpeg';
      return info;
    }));

  async function* fromY4m(): AsyncGenerator<YuvFrame> {
    // One read per frame into a fresh buffer (y4mFramesAt): the frames are views into those reads, never copied.
    const file = await open(path, 'r');
    try {
      const source: Y4mSource = { size: (await file.stat()).size, read: (offset, length) => readFully(file, offset, length) };
      yield* y4mFramesAt(source, { onHeader: resolveHeader });
      rejectHeader(new VideoInputError(`${path}: no y4m header`));
    } catch (err) {
      const e = err instanceof Y4mError ? namedY4mError(path, err) : err;
      rejectHeader(e);
      throw e;
    } finally {
      await file.close();
    }
  }

  async function* fromFfmpeg(info: InputInfo): AsyncGenerator<YuvFrame> {
    const exe = ffmpegPath();
    const child = spawn(exe, ['-nostdin', '-v', 'error', '-i', path, '-map', '0:v:0', '-f', 'yuv4mpegpipe', '-strict', '-1', '-'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => {
      if (stderr.length < 65536) stderr += s;
    });
    let spawnError: NodeJS.ErrnoException | null = null;
    const exited = new Promise<number | null>((resolve) => {
      child.on('error', (e: NodeJS.ErrnoException) => {
        spawnError = e;
        resolve(null);
      });
      child.on('close', (code) => resolve(code));
    });
    const failure = (code: number | null, decoded: number): VideoInputError => {
      const e = spawnError as NodeJS.ErrnoException | null;
      if (e) {
        return new VideoInputError(
          e.code === 'ENOENT'
            ? `ffmpeg not found (tried "${exe}"): install ffmpeg or set PREFLIGHT_FFMPEG to its path; y4m files need no ffmpeg`
            : `cannot run ffmpeg "${exe}": ${e.message}`,
        );
      }
      const at = decoded > 0 ? ` after ${decoded} frame(s)` : '';
      return new VideoInputError(
        `${path}: ffmpeg could not decode it${at} (exit ${code}; corrupt or unsupported file?): ${lastLogLine(stderr, path) || 'no message'}`,
      );
    };
    let finished = false;
    let decoded = 0;
    try {
      try {
        for await (const f of y4mFrames(child.stdout as AsyncIterable<Uint8Array>, resolveHeader)) {
          decoded++;
          yield f;
        }
      } catch (err) {
        const code = await exited;
        // Our parser's verdict on what ffmpeg sent (a 10-bit or 4:4:4 stream) wins over the broken pipe it caused.
        if (err instanceof Y4mError && (code === 0 || diedOfClosedPipe(stderr)) && !/is truncated/.test(err.message)) throw namedY4mError(path, err);
        if (code !== 0) throw failure(code, decoded);
        throw err instanceof Y4mError ? namedY4mError(path, err) : err;
      }
      const code = await exited;
      if (code !== 0) throw failure(code, decoded);
      if (stderr.trim()) {
        if (info.frames !== null && decoded < info.frames) {
          throw new VideoInputError(
            `${path}: the video ends at frame ${decoded} of the ${info.frames} its container declares (truncated or corrupt file); ffmpeg: ${lastLogLine(stderr, path)}`,
          );
        }
        warnings.push(`ffmpeg reported decode errors for ${path} but decoded every frame: ${lastLines(stderr)}`);
      }
      finished = true;
    } catch (err) {
      rejectHeader(err);
      throw err;
    } finally {
      if (!finished && child.exitCode === null) child.kill('SIGKILL');
    }
  }

  async function* frames(): AsyncGenerator<YuvFrame> {
    let info: InputInfo;
    try {
      info = await check();
    } catch (err) {
      rejectHeader(err);
      throw err;
    }
    if (info.kind === 'y4m') yield* fromY4m();
    else yield* fromFfmpeg(info);
  }

  const source: VideoSource = { path, via: /\.y4m$/i.test(path) ? 'y4m' : 'ffmpeg', check, frames: frames(), header, warnings };
  return source;
}
