/**
 * LPIPS-VGG on onnxruntime-web in headless Chromium: the WebGPU execution provider (SwiftShader here, the software
 * adapter, forced with allowFallbackAdapter) agrees with the WASM one, and both with the CPU twin, on the graph
 * built from full-size synthetic weights in the page: a 17×23 pair (odd sides: floor-mode pooling) and a batch of
 * two 16×16 pairs. Tolerance 1e-5 absolute (the ONNX-vs-twin bound of src/ml/lpips-runner.test.ts). Measured:
 * WebGPU vs twin ≤ 3e-8, WASM vs twin ≤ 2.4e-8; software WebGPU took 126 s for the three pairs (WASM 8 s).
 */
import { test, expect } from './fixtures.ts';

test.setTimeout(480_000);

test('ORT WebGPU EP vs ORT WASM EP vs the CPU twin on the LPIPS-VGG graph (1e-5 abs)', async ({ page }) => {
  await page.goto('./e2e/harness/index.html');
  const r = await page.evaluate(async () => {
    const { syntheticLpipsWeights } = await import('/src/core/lpips/synthetic.ts');
    const { buildLpipsOnnx } = await import('/src/core/lpips/onnx.ts');
    const { lpipsDistance } = await import('/src/core/lpips/network.ts');
    const { lpipsTestPair } = await import('/src/core/lpips/test-images.ts');
    const { createSession } = await import('/src/ml/session.ts');
    const { browserWasmPaths } = await import('/src/ml/wasm-url.ts');
    const { onnxLpipsEngine } = await import('/src/ml/lpips-runner.ts');
    const weights = syntheticLpipsWeights(21);
    const model = buildLpipsOnnx(weights);
    const pairs = [lpipsTestPair(17, 23, 1), lpipsTestPair(16, 16, 2), lpipsTestPair(16, 16, 3)];
    const twin = pairs.map((p) => lpipsDistance(weights, p.a, p.b, p.width, p.height));
    const run = async (ep: 'wasm' | 'webgpu') => {
      const s = await createSession(model, { executionProviders: [ep], wasmPaths: browserWasmPaths(), allowFallbackAdapter: true });
      const t = performance.now();
      const d = await onnxLpipsEngine(s).distances(pairs);
      const ms = performance.now() - t;
      await s.release();
      return { ep: s.ep, d, ms };
    };
    return { twin, wasm: await run('wasm'), webgpu: await run('webgpu') };
  });
  expect(r.wasm.ep).toBe('wasm');
  expect(r.webgpu.ep).toBe('webgpu');
  r.twin.forEach((t, i) => {
    expect(Math.abs(r.wasm.d[i]! - t), JSON.stringify(r)).toBeLessThanOrEqual(1e-5);
    expect(Math.abs(r.webgpu.d[i]! - t), JSON.stringify(r)).toBeLessThanOrEqual(1e-5);
  });
  console.log(
    `LPIPS: twin ${r.twin.join(', ')}; wasm ${r.wasm.d.join(', ')} (${r.wasm.ms.toFixed(0)} ms); webgpu ${r.webgpu.d.join(', ')} (${r.webgpu.ms.toFixed(0)} ms)`,
  );
});
