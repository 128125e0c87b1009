/**
 * Node-only video input for the CLI: y4m files are parsed directly (streamed from disk), anything else is decoded
 * by a native ffmpeg (`PREFLIGHT_FFMPEG`, else `ffmpeg` on PATH) as `-f yuv4mpegpipe` in its own pixel format (never
 * converted: a 10-bit or 4:4:4 file is refused by the y4m parser with its colour space named, as in the browser) on a pipe
 * and parsed by the same streaming y4m parser, so frames arrive as they are decoded and memory stays bounded.
 * Stopping the iteration early kills ffmpeg. Decode problems that ffmpeg reports without failing (a truncated
 * mp4 decodes up to the damage and exits 0) are collected in `warnings`.
 */
import { spawn } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import { y4mFrames, type Y4mHeader } from '../../core/video/y4m.ts';
import type { YuvFrame } from '../../core/video/frame.ts';

/** A video being read. `header` resolves with the y4m header (size, rate) before the first frame. */
export interface VideoSource {
  path: string;
  /** `y4m` = read directly, `ffmpeg` = decoded by the native ffmpeg. */
  via: 'y4m' | 'ffmpeg';
  frames: AsyncIterable<YuvFrame>;
  header: Promise<Y4mHeader>;
  /** Filled while/after reading: decode errors ffmpeg printed without failing. */
  warnings: string[];
}

/** The ffmpeg executable used: `PREFLIGHT_FFMPEG` or `ffmpeg`. */
export function ffmpegPath(): string {
  return process.env.PREFLIGHT_FFMPEG || 'ffmpeg';
}

/** An input the CLI cannot read: missing file, missing ffmpeg, undecodable or truncated video. */
export class VideoInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VideoInputError';
  }
}

function lastLines(text: string, n = 4): string {
  return text.trim().split('\n').slice(-n).join(' | ');
}

/**
 * Opens a video file for streaming frames.
 * @throws VideoInputError synchronously when the file cannot be read; the frame iterator throws VideoInputError
 *   for a missing ffmpeg, a non-video file or a decode failure, and Y4mError for bad y4m files.
 */
export function openVideo(path: string): VideoSource {
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new VideoInputError(`${path} is not a file`);
  } catch (err) {
    if (err instanceof VideoInputError) throw err;
    throw new VideoInputError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let resolveHeader!: (h: Y4mHeader) => void;
  let rejectHeader!: (e: unknown) => void;
  const header = new Promise<Y4mHeader>((res, rej) => { resolveHeader = res; rejectHeader = rej; });
  header.catch(() => undefined);
  const warnings: string[] = [];
  const isY4m = /\.y4m$/i.test(path);

  async function* fromY4m(): AsyncGenerator<YuvFrame> {
    const stream = createReadStream(path, { highWaterMark: 1 << 20 });
    try {
      yield* y4mFrames(stream as AsyncIterable<Uint8Array>, resolveHeader);
      rejectHeader(new VideoInputError(`${path}: no y4m header`));
    } catch (err) {
      rejectHeader(err);
      throw err;
    } finally {
      stream.destroy();
    }
  }

  async function* fromFfmpeg(): AsyncGenerator<YuvFrame> {
    const exe = ffmpegPath();
    const child = spawn(exe, ['-nostdin', '-v', 'error', '-i', path, '-f', 'yuv4mpegpipe', '-strict', '-1', '-'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => { if (stderr.length < 65536) stderr += s; });
    let spawnError: NodeJS.ErrnoException | null = null;
    const exited = new Promise<number | null>((resolve) => {
      child.on('error', (e: NodeJS.ErrnoException) => { spawnError = e; resolve(null); });
      child.on('close', (code) => resolve(code));
    });
    const failure = (code: number | null): VideoInputError => {
      const e = spawnError as NodeJS.ErrnoException | null;
      if (e) {
        return new VideoInputError(e.code === 'ENOENT'
          ? `ffmpeg not found (tried "${exe}"): install ffmpeg or set PREFLIGHT_FFMPEG to its path; y4m files need no ffmpeg`
          : `cannot run ffmpeg "${exe}": ${e.message}`);
      }
      return new VideoInputError(`ffmpeg could not decode ${path} (exit ${code}): ${lastLines(stderr) || 'no message'}`);
    };
    let finished = false;
    try {
      try {
        yield* y4mFrames(child.stdout as AsyncIterable<Uint8Array>, resolveHeader);
      } catch (err) {
        const code = await exited;
        if (code !== 0) throw failure(code);
        throw err;
      }
      const code = await exited;
      if (code !== 0) throw failure(code);
      if (stderr.trim()) warnings.push(`ffmpeg reported decode errors for ${path} (truncated or corrupt file?): ${lastLines(stderr)}`);
      finished = true;
    } catch (err) {
      rejectHeader(err);
      throw err;
    } finally {
      if (!finished && child.exitCode === null) child.kill('SIGKILL');
    }
  }

  return { path, via: isY4m ? 'y4m' : 'ffmpeg', frames: isY4m ? fromY4m() : fromFfmpeg(), header, warnings };
}
