/**
 * LPIPS-VGG engines implementing `LpipsEngine` (src/core/metrics/removal/api.ts): the ONNX graph of
 * src/core/lpips/onnx.ts on any `ModelSession` (onnxruntime-web here through session.ts, onnxruntime-node in
 * src/cli/lpips-native.ts), and the CPU twin. Consecutive pairs of one size go through the graph as one batch of
 * at most `maxBatch` pairs (activation memory of a 256×256 pair is about 2 · 5 · 64·256·256 · 4 B ≈ 168 MB at
 * relu1_2, so the default batch is 1 for crops that large and grows for small ones, within BATCH_BUDGET_BYTES).
 * Worker-friendly: no DOM, plain typed arrays; a worker creates the session with its thread plan
 * (`createWebLpipsEngine(model, { numThreads, wasmPaths })`, as the PIE-APP worker does) and exposes `distances`.
 */
import type { LpipsEngine, LpipsPair } from '../core/metrics/removal/api.ts';
import { checkLpipsImage, lpipsDistance } from '../core/lpips/network.ts';
import { LPIPS_ONNX_INPUTS, LPIPS_ONNX_OUTPUT } from '../core/lpips/onnx.ts';
import type { LpipsWeights } from '../core/lpips/weights.ts';
import { createSession, type ModelSession, type SessionOptions } from './session.ts';

/** Activation memory one batch may use (bytes). */
export const BATCH_BUDGET_BYTES = 256 * 1024 * 1024;
/** Estimated activation bytes of one pair of w×h crops: two images, ~5 live full-resolution 64-channel maps each. */
export const pairBytes = (width: number, height: number) => 2 * 5 * 64 * width * height * 4;

/** Pairs per batch for crops of this size under the budget (at least 1, at most 16). */
export function lpipsBatchSize(width: number, height: number, budget = BATCH_BUDGET_BYTES): number {
  return Math.max(1, Math.min(16, Math.floor(budget / pairBytes(width, height))));
}

function abortError(): Error {
  return new DOMException('the operation was aborted', 'AbortError');
}

/** Packed RGB uint8 → planar float32 0..255 at `offset` of `out` ([3, h, w]). */
export function rgbToPlanar(rgb: Uint8Array, width: number, height: number, out: Float32Array, offset = 0): void {
  const n = width * height;
  for (let i = 0; i < n; i++) {
    out[offset + i] = rgb[3 * i]!;
    out[offset + n + i] = rgb[3 * i + 1]!;
    out[offset + 2 * n + i] = rgb[3 * i + 2]!;
  }
}

function checkPair(p: LpipsPair, i: number): void {
  checkLpipsImage(p.a, p.width, p.height, `pair ${i} reference crop`);
  checkLpipsImage(p.b, p.width, p.height, `pair ${i} measured crop`);
}

/** An engine over a session of `buildLpipsOnnx` (inputs a, b; output distance). */
export function onnxLpipsEngine(session: ModelSession, options: { label?: string; maxBatch?: number } = {}): LpipsEngine {
  for (const name of LPIPS_ONNX_INPUTS) {
    if (!session.inputNames.includes(name))
      throw new Error(`the ONNX model is not LPIPS-VGG built by preflight (inputs ${session.inputNames.join(', ')}; expected a, b)`);
  }
  if (!session.outputNames.includes(LPIPS_ONNX_OUTPUT))
    throw new Error(`the ONNX model is not LPIPS-VGG built by preflight (outputs ${session.outputNames.join(', ')}; expected distance)`);
  const label = options.label ?? `${session.runtime} ${session.ep === 'native' ? 'cpu' : session.ep}${session.threads > 1 ? ` ×${session.threads}` : ''}`;
  return {
    label,
    async distances(pairs, signal) {
      pairs.forEach(checkPair);
      const out: number[] = [];
      let i = 0;
      while (i < pairs.length) {
        if (signal?.aborted) throw abortError();
        const { width, height } = pairs[i]!;
        const limit = Math.min(options.maxBatch ?? Infinity, lpipsBatchSize(width, height));
        let n = 1;
        while (n < limit && i + n < pairs.length && pairs[i + n]!.width === width && pairs[i + n]!.height === height) n++;
        const plane = 3 * width * height;
        const a = new Float32Array(n * plane);
        const b = new Float32Array(n * plane);
        for (let j = 0; j < n; j++) {
          rgbToPlanar(pairs[i + j]!.a, width, height, a, j * plane);
          rgbToPlanar(pairs[i + j]!.b, width, height, b, j * plane);
        }
        const dims = [n, 3, height, width];
        const res = await session.run({ a: { data: a, dims }, b: { data: b, dims } }, signal);
        const d = res[LPIPS_ONNX_OUTPUT];
        if (!d || d.data.length !== n) throw new Error(`the LPIPS model returned ${d ? d.data.length : 'no'} distances for ${n} pairs`);
        for (let j = 0; j < n; j++) out.push(d.data[j]!);
        i += n;
      }
      return out;
    },
  };
}

/** The CPU twin as an engine (slow: seconds per 256×256 pair; for tests, the CLI's `--engine twin` and fallbacks). */
export function twinLpipsEngine(weights: LpipsWeights): LpipsEngine {
  return {
    label: 'cpu twin',
    async distances(pairs, signal) {
      pairs.forEach(checkPair);
      const out: number[] = [];
      for (const p of pairs) {
        if (signal?.aborted) throw abortError();
        out.push(lpipsDistance(weights, p.a, p.b, p.width, p.height));
        // Let an abort or other work in the same realm get in between pairs.
        await new Promise((r) => setTimeout(r, 0));
      }
      return out;
    },
  };
}

/**
 * An onnxruntime-web engine for `model` (bytes of `buildLpipsOnnx`): WebGPU where a hardware adapter exists, else
 * WASM on `options.numThreads` threads (a worker passes its thread plan, as the PIE-APP worker does).
 */
export async function createWebLpipsEngine(model: Uint8Array, options: SessionOptions = {}): Promise<LpipsEngine & { session: ModelSession }> {
  const session = await createSession(model, options);
  return Object.assign(onnxLpipsEngine(session), { session });
}
