/**
 * Frame-parallel integer VMAF: with a pool that finishes frames out of order, the features and every measured
 * metric must be *identical* (===, not within a tolerance) to the single-threaded CPU engine's, subsampling and
 * offset included; a failing thread fails the measurement with its own error; more frames are kept in flight.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { y4mFrames } from '../../../video/y4m.ts';
import { cpuEngine, measure, pooledCpuEngine, type MeasureOptions } from '../../measure.ts';
import {
  IntegerSpatialComputer,
  IntegerVmafExtractor,
  ParallelIntegerVmafExtractor,
  PlaneBuffers,
  ThreadedSpatialPool,
  type SpatialPool,
  type SpatialThread,
} from './index.ts';
import { sharedReference } from '../../../../../test-support/index.ts';

const REF = sharedReference('');
const clip = (d: string) => new Uint8Array(readFileSync(REF + `clips/tiny_vtest_320x240__${d}.y4m`));
const REF_Y4M = clip('ref');
const modelJson = Object.fromEntries(
  (['vmaf_v0.6.1', 'vmaf_v0.6.1neg', 'vmaf_4k_v0.6.1', 'vmaf_float_v0.6.1'] as const).map((id) => [
    id,
    JSON.parse(readFileSync(REF + `vmaf/${id}.json`, 'utf8')),
  ]),
) as MeasureOptions['modelJson'];

/** A pool of `size` fake threads whose tasks finish after pseudo-random delays, i.e. out of submission order. */
function shufflingPool(size: number, failAt = -1): SpatialPool & { maxBusy: number; calls: number } {
  const computer = new Map<string, IntegerSpatialComputer>();
  let busy = 0;
  let seed = 7;
  const pool = {
    size,
    maxBusy: 0,
    calls: 0,
    async spatial(width: number, height: number, neg: boolean, refIn: Uint8Array, disIn: Uint8Array) {
      // The contract: read the planes before returning; the work happens later, so on copies.
      const ref = refIn.slice();
      const dis = disIn.slice();
      const call = pool.calls++;
      busy++;
      pool.maxBusy = Math.max(pool.maxBusy, busy);
      seed = (seed * 1103515245 + 12345) >>> 0;
      await new Promise((r) => setTimeout(r, (seed >>> 24) % 12));
      busy--;
      if (call === failAt) throw new Error(`thread ${call % size} crashed`);
      const key = `${width}x${height}`;
      if (!computer.has(key)) computer.set(key, new IntegerSpatialComputer(width, height));
      return computer.get(key)!.compute(ref, dis, neg);
    },
  };
  return pool;
}

describe('frame-parallel integer VMAF (pooled CPU engine)', () => {
  it('ParallelIntegerVmafExtractor gives the same features as IntegerVmafExtractor, in order, whatever order frames finish in', async () => {
    const ref = [];
    const dis = [];
    for await (const f of y4mFrames([REF_Y4M])) ref.push(f);
    for await (const f of y4mFrames([clip('down2_up_bicubic')])) dis.push(f);
    const serial = new IntegerVmafExtractor(320, 240, { neg: true });
    const pool = shufflingPool(3);
    const parallel = new ParallelIntegerVmafExtractor(320, 240, { neg: true }, pool);
    const want = [];
    const got: Promise<unknown[]>[] = [];
    for (let i = 0; i < ref.length; i++) {
      want.push(...serial.push(ref[i]!.y, dis[i]!.y));
      got.push(parallel.push(ref[i]!.y, dis[i]!.y));
    }
    want.push(...serial.flush());
    got.push(parallel.flush());
    const flat = (await Promise.all(got)).flat();
    expect(flat).toEqual(want);
    expect(flat.length).toBe(5);
    expect(pool.maxBusy).toBeGreaterThan(1);
  });

  for (const [name, opts] of [
    ['all models, every frame', {}],
    ['subsample 2 (exact motion2), offset 1', { subsample: 2, offset: 1 }],
  ] as const) {
    it(`measure(): pooled engine === CPU engine on every metric of every frame (${name})`, async () => {
      const options: MeasureOptions = { models: ['vmaf_v0.6.1', 'vmaf_v0.6.1neg', 'vmaf_4k_v0.6.1', 'vmaf_float_v0.6.1'], modelJson, ...opts };
      const a = await measure(y4mFrames([REF_Y4M]), y4mFrames([clip('x264_crf38')]), options, {}, cpuEngine);
      const pool = shufflingPool(2);
      const b = await measure(y4mFrames([REF_Y4M]), y4mFrames([clip('x264_crf38')]), options, {}, pooledCpuEngine(pool));
      expect(b.frames).toEqual(a.frames);
      expect(b.pooled).toEqual(a.pooled);
      expect(b.warnings).toEqual(a.warnings);
      expect(a.frames[0]!.metrics.vmaf_neg).toBeGreaterThan(0);
      expect(pool.calls).toBeGreaterThan(0);
    });
  }

  it('a thread that fails fails the measurement with its error', async () => {
    const options: MeasureOptions = { models: ['vmaf_v0.6.1'], modelJson };
    await expect(measure(y4mFrames([REF_Y4M]), y4mFrames([clip('x264_crf38')]), options, {}, pooledCpuEngine(shufflingPool(2, 2)))).rejects.toThrow(
      'thread 0 crashed',
    );
  });

  it('keeps about two frames per thread in flight, at least the default', () => {
    expect(pooledCpuEngine(shufflingPool(1)).maxInflight).toBe(4);
    expect(pooledCpuEngine(shufflingPool(8)).maxInflight).toBe(16);
  });

  it('IntegerSpatialComputer refuses planes of the wrong size, naming both sizes', () => {
    const c = new IntegerSpatialComputer(64, 48);
    expect(() => c.compute(new Uint8Array(64 * 48), new Uint8Array(10), false)).toThrow(/planes of 3072 and 10 bytes, expected 3072 \(64x48\)/);
  });

  it('PlaneBuffers: copies into recycled buffers of the plane size, keeps at most `keep` per size', () => {
    const pool = new PlaneBuffers(2);
    const plane = new Uint8Array([1, 2, 3, 4]);
    const a = pool.copy(plane);
    expect([...new Uint8Array(a)]).toEqual([1, 2, 3, 4]);
    pool.release(a);
    const b = pool.copy(new Uint8Array([5, 6, 7, 8]));
    expect(b).toBe(a);
    expect([...new Uint8Array(b)]).toEqual([5, 6, 7, 8]);
    expect(pool.copy(new Uint8Array(3)).byteLength).toBe(3);
    const many = [pool.copy(plane), pool.copy(plane), pool.copy(plane)];
    many.forEach((m) => pool.release(m));
    const again = [pool.copy(plane), pool.copy(plane), pool.copy(plane)];
    expect(again.filter((x) => many.includes(x)).length).toBe(2);
    pool.release(new ArrayBuffer(0)); // a detached buffer is ignored
    pool.release(undefined);
  });

  it('ThreadedSpatialPool: least-queued thread, buffers come back for reuse, a failed thread is skipped, then the reason', async () => {
    const computer = new IntegerSpatialComputer(64, 48);
    const runs: number[] = [];
    const sent: ArrayBuffer[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const threads: (SpatialThread & { failed: Error | null })[] = [];
    const pool = new ThreadedSpatialPool(3, (i) => {
      const t = {
        failed: null as Error | null,
        async run(_w: number, _h: number, neg: boolean, ref: ArrayBuffer, dis: ArrayBuffer) {
          runs.push(i);
          sent.push(ref, dis);
          if (t.failed) throw t.failed;
          await gate;
          return { features: computer.compute(new Uint8Array(ref), new Uint8Array(dis), neg), ref, dis };
        },
        close() {},
      };
      threads.push(t);
      return t;
    });
    const [a, b] = [new Uint8Array(64 * 48).fill(90), new Uint8Array(64 * 48).fill(100)];
    const first = [pool.spatial(64, 48, false, a, b), pool.spatial(64, 48, false, a, b), pool.spatial(64, 48, false, a, b), pool.spatial(64, 48, false, a, b)];
    expect(runs).toEqual([0, 1, 2, 0]); // one each, then the least queued (ties: the first)
    release();
    const want = computer.compute(a, b, false);
    for (const f of await Promise.all(first)) expect(f).toEqual(want);
    await pool.spatial(64, 48, false, a, b);
    expect(sent.length).toBe(10);
    expect(sent.slice(0, 8)).toContain(sent[8]); // returned buffers were reused
    expect(sent.slice(0, 8)).toContain(sent[9]);
    threads[0]!.failed = new Error('thread 0 crashed');
    runs.length = 0;
    await pool.spatial(64, 48, false, a, b);
    expect(runs).toEqual([1]);
    threads[1]!.failed = new Error('thread 1 crashed');
    threads[2]!.failed = new Error('thread 2 crashed');
    await expect(pool.spatial(64, 48, false, a, b)).rejects.toThrow('thread 0 crashed');
    await pool.close();
    await expect(pool.spatial(64, 48, false, a, b)).rejects.toThrow('VMAF pool is closed');
    expect(() => new ThreadedSpatialPool(0, () => threads[0]!)).toThrow(/whole number ≥ 1, got 0/);
  });
});
