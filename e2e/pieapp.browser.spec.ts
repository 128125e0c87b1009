/**
 * PIE-APP on onnxruntime-web in headless Chromium: the WebGPU execution provider agrees with the WASM one on the
 * full PieAPP graph (synthetic weights of the real architecture, generated from a seed in the page) for a few
 * patches. Software WebGPU is about 500× slower than WASM here, so the input is one 64×64 patch pair. Tolerances:
 * the patch score (a PieAPP error value, typically 0…5, here near 0 where a relative bound is meaningless) within
 * 1e-4 absolute, the patch weight within 1e-4 relative. Measured: |Δscore| 5.2e-6, weight 1.6e-6 relative.
 */
import { test, expect } from './fixtures.ts';

test.setTimeout(300_000);

test('ORT WebGPU EP vs ORT WASM EP on the PieAPP graph (one patch pair; score 1e-4 abs, weight 1e-4 rel)', async ({ page }) => {
  await page.goto('./e2e/harness/index.html');
  const r = await page.evaluate(async () => {
    const { syntheticPieappWeights } = await import('/src/core/pieapp/weights.ts');
    const { buildPieappOnnx } = await import('/src/core/pieapp/onnx.ts');
    const { createSession } = await import('/src/ml/session.ts');
    const { browserWasmPaths } = await import('/src/ml/wasm-url.ts');
    const { onnxPatchScorer } = await import('/src/ml/pieapp-runner.ts');
    const model = buildPieappOnnx(syntheticPieappWeights(11));
    const n = 3 * 64 * 64;
    const ref = new Float32Array(n);
    const dist = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      ref[i] = (i * 37) % 256;
      dist[i] = Math.min(255, ref[i]! + ((i * 13) % 17) - 8 + 8);
    }
    const run = async (ep: 'wasm' | 'webgpu') => {
      const s = await createSession(model, { executionProviders: [ep], wasmPaths: browserWasmPaths(), allowFallbackAdapter: true });
      const t = performance.now();
      const out = await onnxPatchScorer(s).score(ref, dist, 1);
      const ms = performance.now() - t;
      await s.release();
      return { ep: s.ep, score: Array.from(out.score), weight: Array.from(out.weight), ms };
    };
    return { wasm: await run('wasm'), webgpu: await run('webgpu') };
  });
  expect(r.wasm.ep).toBe('wasm');
  expect(r.webgpu.ep).toBe('webgpu');
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-12, Math.abs(b));
  expect(Math.abs(r.webgpu.score[0]! - r.wasm.score[0]!), JSON.stringify(r)).toBeLessThanOrEqual(1e-4);
  expect(rel(r.webgpu.weight[0]!, r.wasm.weight[0]!), JSON.stringify(r)).toBeLessThanOrEqual(1e-4);
  console.log(`PieAPP patch: wasm ${r.wasm.score[0]} (${r.wasm.ms.toFixed(0)} ms), webgpu ${r.webgpu.score[0]} (${r.webgpu.ms.toFixed(0)} ms)`);
});
