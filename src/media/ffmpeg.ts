/**
 * ffmpeg.wasm fallback (single-thread @ffmpeg/core 0.12.10; core and wasm URLs come from Vite `?url` imports, never
 * a CDN). The input Blob is mounted read-only with WORKERFS, so it is never copied into MEMFS; probing runs
 * `ffprobe -of json`, and decoding writes raw yuv420p in segments of a bounded size to MEMFS, reads the segment
 * back and deletes it. One FFmpeg instance per JS realm is created lazily and reused; calls are serialised.
 */
import { FFmpeg, FFFSType } from '@ffmpeg/ffmpeg';
import coreURL from '@ffmpeg/core?url';
import wasmURL from '@ffmpeg/core/wasm?url';
import { MediaError, throwIfAborted } from './errors.ts';

let instance: Promise<FFmpeg> | null = null;
let chain: Promise<unknown> = Promise.resolve();
let mountCounter = 0;

/** The shared, loaded FFmpeg instance (first call loads the core: ~0.3–0.6 s). */
export function getFFmpeg(): Promise<FFmpeg> {
  instance ??= (async () => {
    const ff = new FFmpeg();
    // Resolve against this module, not self.location: a blob: worker's location cannot be a base URL.
    await ff.load({ coreURL: new URL(coreURL, import.meta.url).href, wasmURL: new URL(wasmURL, import.meta.url).href });
    return ff;
  })();
  instance.catch(() => {
    instance = null;
  });
  return instance;
}

/** Runs `fn` with the Blob mounted at a path, one job at a time; the mount is removed afterwards. */
export function withMountedFile<T>(file: Blob, fn: (ff: FFmpeg, path: string) => Promise<T>): Promise<T> {
  const job = chain.then(async () => {
    const ff = await getFFmpeg();
    const dir = `/in${mountCounter++}`;
    await ff.createDir(dir);
    await ff.mount(FFFSType.WORKERFS, { blobs: [{ name: 'input', data: file }] }, dir);
    try {
      return await fn(ff, `${dir}/input`);
    } finally {
      await ff.unmount(dir).catch(() => undefined);
      await ff.deleteDir(dir).catch(() => undefined);
    }
  });
  chain = job.catch(() => undefined);
  return job;
}

/** Subset of ffprobe's JSON output that the probe reads. */
export interface FfprobeJson {
  streams?: Array<Record<string, string | number | undefined>>;
  format?: Record<string, string | number | undefined>;
}

/** Runs ffprobe (streams + format + packet count) on a Blob and parses its JSON. */
export async function ffprobeJson(file: Blob, fileName: string): Promise<FfprobeJson> {
  return withMountedFile(file, async (ff, path) => {
    const logs: string[] = [];
    const onLog = ({ message }: { message: string }) => {
      if (logs.length < 20) logs.push(message);
    };
    ff.on('log', onLog);
    try {
      // The 0.12 wrapper's ffprobe() resolves -1 even on success, so the JSON output is what counts.
      const rc = await ff.ffprobe(['-v', 'error', '-count_packets', '-show_streams', '-show_format', '-of', 'json', path, '-o', '/probe.json']);
      let json: FfprobeJson | null = null;
      try {
        json = JSON.parse((await ff.readFile('/probe.json', 'utf8')) as string) as FfprobeJson;
        await ff.deleteFile('/probe.json');
      } catch {
        /* no or bad output file */
      }
      if (!json?.format || !json.streams?.length)
        throw new MediaError(fileName, `ffprobe could not read the file as media (${logs.join(' ').trim() || `ffprobe exit code ${rc}, no streams`})`);
      return json;
    } finally {
      ff.off('log', onLog);
    }
  });
}

/**
 * Decodes display frames [start, start + count) of the first video stream (or video stream `stream.index`) to packed
 * yuv420p (or `gray`: one luma byte per pixel, swscale's conversion as `ffmpeg -pix_fmt gray`), in one ffmpeg run
 * (`select` by display frame number, passthrough timing so no frame is duplicated or dropped).
 * Returns the raw bytes (count × frame bytes, fewer at end of stream).
 */
export async function ffmpegDecodeSegment(
  file: Blob,
  fileName: string,
  start: number,
  count: number,
  signal?: AbortSignal,
  stream: { index?: number; pixFmt?: 'yuv420p' | 'gray' } = {},
): Promise<Uint8Array> {
  throwIfAborted(signal);
  return withMountedFile(file, async (ff, path) => {
    const out = '/segment.yuv';
    const logs: string[] = [];
    const onLog = ({ message }: { message: string }) => {
      if (logs.length < 20) logs.push(message);
    };
    ff.on('log', onLog);
    try {
      const args = ['-nostdin', '-v', 'error', '-threads', '1', '-i', path, '-map', `0:v:${stream.index ?? 0}`, '-an', '-sn'];
      if (start > 0) args.push('-vf', `select=gte(n\\,${start})`);
      args.push('-fps_mode', 'passthrough', '-frames:v', String(count), '-f', 'rawvideo', '-pix_fmt', stream.pixFmt ?? 'yuv420p', '-y', out);
      let rc: number;
      try {
        rc = await ff.exec(args, -1, { signal });
      } catch (e) {
        // An aborted exec keeps running inside the ffmpeg worker: kill it so the next call starts clean.
        if (signal?.aborted) {
          ff.terminate();
          instance = null;
        }
        throw e;
      }
      if (rc !== 0)
        throw new MediaError(fileName, `ffmpeg.wasm failed to decode frames ${start}..${start + count - 1}: ${logs.join(' ').trim() || `exit code ${rc}`}`);
      const data = (await ff.readFile(out)) as Uint8Array;
      await ff.deleteFile(out);
      return data;
    } finally {
      ff.off('log', onLog);
    }
  });
}
