/**
 * The PIE-APP thread plan: every core up to 8 when the page is cross-origin isolated and WebAssembly threads
 * work, one thread (with the reason) otherwise, and an explicit request honoured within those limits.
 */
import { describe, expect, it } from 'vitest';
import { PIEAPP_MAX_THREADS, pieappThreadPlan } from './threads.ts';

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
