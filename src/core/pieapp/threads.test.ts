/**
 * The PIE-APP thread plan of one session: every core up to 8 when the page is cross-origin isolated and
 * WebAssembly threads work, one thread (with the reason) otherwise, and an explicit request honoured within those
 * limits. The pool plan the app runs: a single-thread worker per core as far as memory allows, the remaining
 * threads spread over the workers where WebAssembly threads exist, the reason whenever a limit applies.
 */
import { describe, expect, it } from 'vitest';
import { PIEAPP_MAX_THREADS, PIEAPP_MAX_WORKERS, pieappPoolPlan, pieappThreadPlan } from './threads.ts';

describe('pieappThreadPlan', () => {
  it('one thread per core when isolated with WebAssembly threads', () => {
    expect(pieappThreadPlan({ cores: 2, crossOriginIsolated: true, wasmThreads: true })).toEqual({ threads: 2, cores: 2, limit: 'none', reason: '' });
    expect(pieappThreadPlan({ cores: 8, crossOriginIsolated: true, wasmThreads: true }).threads).toBe(8);
  });

  it('capped at 8 on bigger machines, and says so', () => {
    const p = pieappThreadPlan({ cores: 24, crossOriginIsolated: true, wasmThreads: true });
    expect(PIEAPP_MAX_THREADS).toBe(8);
    expect(p).toMatchObject({ threads: 8, cores: 24, limit: 'capped' });
    expect(p.reason).toMatch(/capped at 8 threads/);
  });

  it('one thread, with the reason, when not isolated or without WebAssembly threads', () => {
    const a = pieappThreadPlan({ cores: 4, crossOriginIsolated: false, wasmThreads: false });
    expect(a).toMatchObject({ threads: 1, cores: 4, limit: 'not-isolated' });
    expect(a.reason).toMatch(/not cross-origin isolated/);
    const b = pieappThreadPlan({ cores: 4, crossOriginIsolated: true, wasmThreads: false });
    expect(b).toMatchObject({ threads: 1, limit: 'no-wasm-threads' });
    expect(b.reason).toMatch(/does not support WebAssembly threads/);
    // Isolation is checked first: a request cannot get threads the page cannot have.
    expect(pieappThreadPlan({ cores: 4, crossOriginIsolated: false, wasmThreads: true, requested: 4 }).threads).toBe(1);
  });

  it('a request is honoured up to the cap; a hidden core count counts as 1', () => {
    expect(pieappThreadPlan({ cores: 4, crossOriginIsolated: true, wasmThreads: true, requested: 1 })).toMatchObject({
      threads: 1,
      limit: 'requested',
      reason: '1 thread requested',
    });
    expect(pieappThreadPlan({ cores: 2, crossOriginIsolated: true, wasmThreads: true, requested: 2 })).toMatchObject({ threads: 2, limit: 'none' });
    expect(pieappThreadPlan({ cores: 4, crossOriginIsolated: true, wasmThreads: true, requested: 32 }).threads).toBe(8);
    expect(pieappThreadPlan({ cores: undefined, crossOriginIsolated: true, wasmThreads: true })).toMatchObject({ threads: 1, cores: 1, limit: 'none' });
    expect(pieappThreadPlan({ cores: 0, crossOriginIsolated: true, wasmThreads: true }).threads).toBe(1);
  });
});

describe('pieappPoolPlan', () => {
  const isolated = { crossOriginIsolated: true, wasmThreads: true };
  it('one single-thread worker per core while memory allows (3 GB each)', () => {
    expect(pieappPoolPlan({ cores: 2, ...isolated, deviceMemoryGiB: 8 })).toEqual({ threads: 2, cores: 2, limit: 'none', reason: '', workers: [1, 1] });
    expect(pieappPoolPlan({ cores: 4, ...isolated, deviceMemoryGiB: 16 }).workers).toEqual([1, 1, 1, 1]);
    expect(pieappPoolPlan({ cores: 1, ...isolated, deviceMemoryGiB: 8 }).workers).toEqual([1]);
  });

  it('memory bounds the workers; the other threads go to them as WASM threads', () => {
    expect(PIEAPP_MAX_WORKERS).toBe(4);
    expect(pieappPoolPlan({ cores: 8, ...isolated, deviceMemoryGiB: 8 })).toMatchObject({ threads: 8, limit: 'none', workers: [4, 4] });
    expect(pieappPoolPlan({ cores: 8, ...isolated, deviceMemoryGiB: 32 })).toMatchObject({ threads: 8, limit: 'none', workers: [2, 2, 2, 2] });
    expect(pieappPoolPlan({ cores: 7, ...isolated, deviceMemoryGiB: 8 }).workers).toEqual([4, 3]);
    expect(pieappPoolPlan({ cores: 6, ...isolated, deviceMemoryGiB: 4 })).toMatchObject({ threads: 6, limit: 'none', workers: [6] });
    expect(pieappPoolPlan({ cores: 4, ...isolated, deviceMemoryGiB: 0.5 }).workers).toEqual([4]);
    // Hidden memory (Firefox, Safari): one worker.
    expect(pieappPoolPlan({ cores: 8, ...isolated, deviceMemoryGiB: undefined }).workers).toEqual([8]);
  });

  it('capped at 8 threads on bigger machines, and says so', () => {
    const p = pieappPoolPlan({ cores: 24, ...isolated, deviceMemoryGiB: 8 });
    expect(p).toMatchObject({ threads: 8, cores: 24, limit: 'capped', workers: [4, 4] });
    expect(p.reason).toMatch(/capped at 8 threads/);
  });

  it('without WebAssembly threads every worker runs one thread, and the reason names memory when it bounds the pool', () => {
    const a = pieappPoolPlan({ cores: 2, crossOriginIsolated: false, wasmThreads: false, deviceMemoryGiB: 8 });
    expect(a).toMatchObject({ threads: 2, cores: 2, limit: 'not-isolated', workers: [1, 1] });
    expect(a.reason).toMatch(/not cross-origin isolated, so each PIE-APP worker runs one thread/);
    const b = pieappPoolPlan({ cores: 8, crossOriginIsolated: false, wasmThreads: true, deviceMemoryGiB: 8 });
    expect(b).toMatchObject({ threads: 2, limit: 'not-isolated', workers: [1, 1] });
    expect(b.reason).toMatch(/not cross-origin isolated .*each PIE-APP worker runs one thread, and this device's 8 GB of memory allow 2 workers/);
    const c = pieappPoolPlan({ cores: 8, crossOriginIsolated: true, wasmThreads: false, deviceMemoryGiB: undefined });
    expect(c).toMatchObject({ threads: 1, limit: 'no-wasm-threads', workers: [1] });
    expect(c.reason).toMatch(/does not support WebAssembly threads.*does not say how much memory the device has, so PIE-APP starts one worker/);
  });

  it('a request is honoured up to the cap; a hidden core count counts as 1', () => {
    expect(pieappPoolPlan({ cores: 4, ...isolated, deviceMemoryGiB: 8, requested: 1 })).toMatchObject({
      threads: 1,
      limit: 'requested',
      reason: '1 thread requested',
      workers: [1],
    });
    expect(pieappPoolPlan({ cores: 4, ...isolated, deviceMemoryGiB: 8, requested: 32 })).toMatchObject({ threads: 8, workers: [4, 4] });
    expect(pieappPoolPlan({ cores: undefined, ...isolated, deviceMemoryGiB: 8 })).toMatchObject({ threads: 1, cores: 1, limit: 'none', workers: [1] });
  });
});
