/**
 * Failure propagation of the CLI's VMAF thread pool (issue 13, item 1): when an input fails mid-stream (a y4m
 * truncated inside frame 15) while pairs are still running on the threads, the caller sees that failure, and
 * closing the pool afterwards raises nothing of its own (before the fix, the pairs that `close` rejected became
 * unhandled rejections: "VMAF pool is closed" killed the process in 8 runs of 10 and the real message was lost).
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { measure, pooledCpuEngine } from '../../core/metrics/measure.ts';
import { ParallelIntegerVmafExtractor, ThreadedSpatialPool, type SpatialThread } from '../../core/metrics/vmaf/index.ts';
import { concatBytes } from '../../core/bytes.ts';
import { y4mFrames } from '../../core/video/y4m.ts';
import { createNodeSpatialPool } from './spatial-pool.ts';

const W = 320;
const H = 240;
const FRAME = (W * H * 3) / 2;

/** A y4m of `frames` textured frames, cut `cut` bytes into the payload of frame `truncateAt`. */
function truncatedY4m(frames: number, truncateAt: number, cut: number): Uint8Array {
  const header = new TextEncoder().encode(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`);
  const frameLine = new TextEncoder().encode('FRAME\n');
  const parts: Uint8Array[] = [header];
  for (let f = 0; f < frames; f++) {
    const p = new Uint8Array(FRAME);
    for (let i = 0; i < W * H; i++) p[i] = (((i % W) * 3 + Math.floor(i / W) * 5 + f * 7) ^ ((i * 2654435761) >>> 27)) & 255;
    p.fill(128, W * H);
    parts.push(frameLine, f === truncateAt ? p.subarray(0, cut) : p);
    if (f === truncateAt) break;
  }
  return concatBytes(parts);
}

/** Chunks of 64 KiB, as a file stream delivers them. */
function* chunks(bytes: Uint8Array): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += 65536) yield bytes.subarray(i, i + 65536);
}

const model = JSON.parse(readFileSync(new URL('../../../public/models/vmaf_v0.6.1.json', import.meta.url), 'utf8'));

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => {
  unhandled.push(reason);
};
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
});

/** Lets every pending rejection surface (the unhandled-rejection check runs after the microtask queue drains). */
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('VMAF pool failure propagation', () => {
  it('pairs rejected by close() while earlier pairs still run are not unhandled rejections (fake threads, deterministic)', async () => {
    // Thread 0 holds pair 0; thread 1 holds pair 1. close() ends thread 1 first (its pair rejects while pair 0 is
    // still pending, so nothing awaits pair 1 yet), then thread 0 one macrotask later: what two worker_threads do.
    const pending: ((e: Error) => void)[] = [];
    const pool = new ThreadedSpatialPool(2, () => {
      let reject: ((e: Error) => void) | null = null;
      const t: SpatialThread = {
        failed: null,
        run: () =>
          new Promise((_, rej) => {
            reject = rej;
            pending.push(rej);
          }),
        close: () =>
          new Promise<void>((done) =>
            setTimeout(
              () => {
                reject?.(new Error('VMAF pool is closed'));
                done();
              },
              pending.indexOf(reject!) === 0 ? 20 : 0,
            ),
          ),
      };
      return t;
    });
    const x = new ParallelIntegerVmafExtractor(64, 48, undefined, pool);
    const plane = new Uint8Array(64 * 48).fill(100);
    const results = [x.push(plane, plane), x.push(plane, plane)];
    for (const p of results) p.catch(() => undefined); // what measure() does once it has failed for another reason
    expect(pending.length).toBe(2);
    await pool.close();
    await settle();
    expect(unhandled).toEqual([]);
    await expect(results[0]).rejects.toThrow('VMAF pool is closed');
  });

  it('a y4m truncated inside frame 15, with 2 worker threads: "frame 15 is truncated", 10 runs in a row, nothing unhandled', async () => {
    const good = truncatedY4m(30, -1, 0);
    const bad = truncatedY4m(30, 15, 1000);
    for (let run = 0; run < 10; run++) {
      const pool = createNodeSpatialPool(2);
      const asDist = run % 2 === 0;
      const ref = y4mFrames(chunks(asDist ? good : bad));
      const dist = y4mFrames(chunks(asDist ? bad : good));
      let error: unknown = null;
      try {
        await measure(ref, dist, { models: ['vmaf_v0.6.1'], modelJson: { 'vmaf_v0.6.1': model } }, {}, pooledCpuEngine(pool));
      } catch (err) {
        error = err;
      } finally {
        await pool.close();
      }
      await settle();
      expect(String(error), `run ${run}`).toMatch(/frame 15 is truncated: 1000 of 115200 bytes/);
      expect(unhandled.map(String), `run ${run}`).toEqual([]);
    }
  });
});
