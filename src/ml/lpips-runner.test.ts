/**
 * The LPIPS-VGG ONNX graph (src/core/lpips/onnx.ts) on onnxruntime-web (wasm backend, in Node) against the CPU
 * twin (itself checked against PyTorch in src/core/lpips/lpips.test.ts), to 1e-5 absolute, with full-size synthetic
 * weights: single pairs of several sizes, a batch of same-size pairs, mixed sizes in one call, abort, and the
 * model-shape check. Speed is the benchmark's (scripts/bench/lpips.ts), not a test's.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticLpipsWeights } from '../core/lpips/synthetic.ts';
import { buildLpipsOnnx } from '../core/lpips/onnx.ts';
import { lpipsDistance } from '../core/lpips/network.ts';
import { lpipsTestPair } from '../core/lpips/test-images.ts';
import { createSession } from './session.ts';
import { createWebLpipsEngine, lpipsBatchSize, onnxLpipsEngine, twinLpipsEngine } from './lpips-runner.ts';
import type { LpipsEngine } from '../core/metrics/removal/api.ts';

const weights = syntheticLpipsWeights(11);
const pairs = [lpipsTestPair(16, 16, 1), lpipsTestPair(33, 47, 2), lpipsTestPair(40, 24, 3), lpipsTestPair(40, 24, 4), lpipsTestPair(17, 61, 5)];
const twin = pairs.map((p) => lpipsDistance(weights, p.a, p.b, p.width, p.height));

describe('LPIPS-VGG on onnxruntime-web (wasm) vs the CPU twin', () => {
  let engine: LpipsEngine;
  beforeAll(async () => {
    engine = await createWebLpipsEngine(buildLpipsOnnx(weights), { executionProviders: ['wasm'] });
  }, 120_000);

  it('gives the twin distances within 1e-5 (mixed sizes, the two 40×24 pairs as one batch)', async () => {
    expect(engine.label).toMatch(/^onnxruntime-web .*wasm/);
    const d = await engine.distances(pairs);
    expect(d).toHaveLength(pairs.length);
    d.forEach((v, i) => expect(Math.abs(v - twin[i]!), `pair ${i} (${pairs[i]!.width}×${pairs[i]!.height})`).toBeLessThanOrEqual(1e-5));
    // The distorted copies are far from their references; the numbers are not all alike.
    expect(Math.min(...twin)).toBeGreaterThan(0.01);
    expect(new Set(twin.map((v) => v.toFixed(6))).size).toBe(pairs.length);
  }, 120_000);

  it('is exactly 0 for identical crops and symmetric in its arguments', async () => {
    const p = pairs[1]!;
    const [same, swapped] = await engine.distances([
      { ...p, b: p.a },
      { ...p, a: p.b, b: p.a },
    ]);
    expect(same).toBe(0);
    expect(Math.abs(swapped! - twin[1]!)).toBeLessThanOrEqual(1e-5);
  }, 60_000);

  it('stops with an AbortError and refuses crops under 16 px, naming the pair', async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(engine.distances(pairs, ac.signal)).rejects.toMatchObject({ name: 'AbortError' });
    await expect(engine.distances([pairs[0]!, { a: new Uint8Array(15 * 15 * 3), b: new Uint8Array(15 * 15 * 3), width: 15, height: 15 }])).rejects.toThrow(
      /pair 1 reference crop is 15×15/,
    );
  });

  it('refuses a session of another model', async () => {
    // A one-node model with other names: the PIE-APP-style names check, not a crash at run time.
    const { Msg, node, valueInfo } = await import('../core/pieapp/onnx.ts');
    const g = new Msg()
      .message(1, node('Relu', ['x'], ['y'], 'r'))
      .string(2, 'g')
      .message(11, valueInfo('x', [1]))
      .message(12, valueInfo('y', [1]));
    const model = new Msg().int(1, 8).message(7, g).message(8, new Msg().string(1, '').int(2, 17)).toBytes();
    const session = await createSession(model, { executionProviders: ['wasm'] });
    expect(() => onnxLpipsEngine(session)).toThrow(/not LPIPS-VGG built by preflight \(inputs x; expected a, b\)/);
  });

  it('twin engine agrees with lpipsDistance and batches stay within the memory budget', async () => {
    expect(await twinLpipsEngine(weights).distances(pairs.slice(0, 2))).toEqual(twin.slice(0, 2));
    expect(lpipsBatchSize(256, 256)).toBe(1);
    expect(lpipsBatchSize(64, 64)).toBe(16);
  });
});
