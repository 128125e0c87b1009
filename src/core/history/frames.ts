/**
 * Per-frame data of a stored run, kept compactly: one Float32Array per metric (VMAF, VMAF NEG, SSIM, PSNR…) and
 * one Int32Array of frame numbers, so a 10-second clip costs a few kilobytes and a run can be reopened with its
 * plot. IndexedDB stores typed arrays as they are (structured clone). Float32 keeps about 7 significant digits:
 * enough to redraw a plot and re-pool within 1e-4 VMAF, not a replacement for the pooled numbers stored with the run.
 * Pure: the IndexedDB side is `src/storage/runs.repo.ts`.
 */

/** Per-frame series of one run, stored beside the run record under the same id. */
export interface RunFrames {
  runId: string;
  /** Processed-frame numbers as libvmaf numbers them (x axis of the plot). */
  frameNums: Int32Array;
  /** Display index of each scored frame in the distorted clip (the frame to decode when the files are dropped again). */
  distIndex: Int32Array;
  /** One value per frame and metric (libvmaf names: vmaf, vmaf_neg, ssim_all, psnr_y…); NaN where a frame lacks it. */
  series: Record<string, Float32Array>;
}

/** What a run record says about its per-frame data: null when none was kept (e.g. runs stored before v3). */
export interface RunFramesSummary {
  count: number;
  keys: string[];
}

/** The metrics kept per frame by default: what the plots and the reports show. */
export const FRAME_KEYS = ['vmaf', 'vmaf_neg', 'ssim_all', 'psnr_y', 'pieapp'] as const;

/** Builds the compact per-frame record from measured frames; keeps only the keys that occur in some frame. */
export function compactFrames(
  runId: string,
  frames: readonly { frameNum: number; distIndex: number; metrics: Readonly<Record<string, number>> }[],
  keys: readonly string[] = FRAME_KEYS,
): RunFrames {
  const present = keys.filter((k) => frames.some((f) => typeof f.metrics[k] === 'number'));
  const series: Record<string, Float32Array> = {};
  for (const k of present) series[k] = Float32Array.from(frames, (f) => (typeof f.metrics[k] === 'number' ? f.metrics[k]! : NaN));
  return {
    runId,
    frameNums: Int32Array.from(frames, (f) => f.frameNum),
    distIndex: Int32Array.from(frames, (f) => f.distIndex),
    series,
  };
}

export function summarizeFrames(frames: RunFrames): RunFramesSummary {
  return { count: frames.frameNums.length, keys: Object.keys(frames.series) };
}

/** A series as plain numbers (for plots and pooling). */
export function seriesOf(frames: RunFrames, key: string): number[] | null {
  const s = frames.series[key];
  return s ? Array.from(s) : null;
}

/** Bytes the per-frame data occupies (typed-array payloads only). */
export function framesBytes(frames: RunFrames): number {
  return frames.frameNums.byteLength + frames.distIndex.byteLength + Object.values(frames.series).reduce((a, s) => a + s.byteLength, 0);
}

/**
 * Checks a per-frame record read back from storage (a damaged or foreign record must not break the page): every
 * series as long as the frame numbers. Throws an Error naming the field.
 */
export function checkFrames(v: unknown, runId: string): RunFrames {
  const where = `per-frame data of run ${runId}`;
  if (typeof v !== 'object' || v === null) throw new Error(`${where}: missing`);
  const o = v as Record<string, unknown>;
  if (!(o.frameNums instanceof Int32Array)) throw new Error(`${where}.frameNums: expected an Int32Array`);
  if (!(o.distIndex instanceof Int32Array) || o.distIndex.length !== o.frameNums.length)
    throw new Error(`${where}.distIndex: expected an Int32Array of ${o.frameNums.length} frames`);
  if (typeof o.series !== 'object' || o.series === null) throw new Error(`${where}.series: expected an object`);
  for (const [k, s] of Object.entries(o.series))
    if (!(s instanceof Float32Array) || s.length !== o.frameNums.length)
      throw new Error(`${where}.series.${k}: expected a Float32Array of ${o.frameNums.length} frames`);
  return { runId, frameNums: o.frameNums, distIndex: o.distIndex, series: o.series as Record<string, Float32Array> };
}

/** Per-frame data in the history JSON file (`frames` beside `runs`): plain arrays, null where a value is NaN. */
export interface FramesJson {
  runId: string;
  frameNums: number[];
  distIndex: number[];
  series: Record<string, (number | null)[]>;
}

export function framesToJson(f: RunFrames): FramesJson {
  return {
    runId: f.runId,
    frameNums: Array.from(f.frameNums),
    distIndex: Array.from(f.distIndex),
    series: Object.fromEntries(Object.entries(f.series).map(([k, s]) => [k, Array.from(s, (v) => (Number.isFinite(v) ? v : null))])),
  };
}

/**
 * Reads the optional `frames` section of a history file; every entry is checked (integers, equal lengths, a run
 * of that id in the file) and an Error names the entry and field. Absent section: [].
 */
export function framesFromHistoryJson(data: unknown, runIds: ReadonlySet<string>): RunFrames[] {
  if (typeof data !== 'object' || data === null || !('frames' in data)) return [];
  const section = (data as { frames: unknown }).frames;
  if (!Array.isArray(section)) throw new Error('file.frames: expected an array');
  return section.map((v, i) => {
    const where = `frames[${i}]`;
    if (typeof v !== 'object' || v === null) throw new Error(`${where}: expected an object`);
    const o = v as Record<string, unknown>;
    if (typeof o.runId !== 'string' || !runIds.has(o.runId)) throw new Error(`${where}.runId: expected the id of a run in this file`);
    const ints = (k: string) => {
      const a = o[k];
      if (!Array.isArray(a) || a.some((x) => !Number.isInteger(x))) throw new Error(`${where}.${k}: expected an array of whole numbers`);
      return Int32Array.from(a as number[]);
    };
    const frameNums = ints('frameNums');
    const distIndex = ints('distIndex');
    if (distIndex.length !== frameNums.length) throw new Error(`${where}.distIndex: expected ${frameNums.length} entries like frameNums`);
    if (typeof o.series !== 'object' || o.series === null || Array.isArray(o.series)) throw new Error(`${where}.series: expected an object`);
    const series: Record<string, Float32Array> = {};
    for (const [k, s] of Object.entries(o.series)) {
      if (!Array.isArray(s) || s.length !== frameNums.length || s.some((x) => x !== null && typeof x !== 'number'))
        throw new Error(`${where}.series.${k}: expected ${frameNums.length} numbers (null for a missing value)`);
      series[k] = Float32Array.from(s as (number | null)[], (x) => (x === null ? NaN : x));
    }
    return { runId: o.runId, frameNums, distIndex, series };
  });
}
