/**
 * The shape shared by the integer VMAF extractors (VIF, and ADM / motion as they adopt it): each has one
 * TypeScript reference implementation, written for clarity, and one WebAssembly SIMD kernel (wasm/*.ts) that must
 * agree with it bit for bit. The implementation is chosen once, when the extractor is built for a frame size, and
 * the algorithm never asks which one runs: both sit behind a `FeatureBackend`.
 */

/** Which implementation computes: 'wasm' (WebAssembly SIMD kernel) or 'js' (the TypeScript reference). */
export type BackendName = 'wasm' | 'js';

/** What a caller may ask for: 'auto' takes WebAssembly SIMD where the engine has it, else TypeScript. */
export type BackendChoice = 'auto' | BackendName;

/** One implementation of a feature for frames of a fixed size: 8-bit luma planes in, `Result` out. */
export interface FeatureBackend<Result> {
  readonly name: BackendName;
  /** ref/dis: 8-bit luma planes of exactly width·height bytes (stride = width). */
  compute(ref: Uint8Array, dis: Uint8Array, withEgl: boolean): Result;
}

/**
 * Picks the backend once. `makeWasm` returns null where WebAssembly SIMD is missing (or PREFLIGHT_WASM=0 in Node);
 * asking for 'wasm' there throws, naming `what`.
 */
export function selectBackend<B extends FeatureBackend<unknown>>(
  choice: BackendChoice | undefined,
  what: string,
  makeWasm: () => B | null,
  makeTs: () => B,
): B {
  const want = choice ?? 'auto';
  if (want === 'js') return makeTs();
  const wasm = makeWasm();
  if (wasm) return wasm;
  if (want === 'wasm') throw new Error(`${what}: WebAssembly SIMD is not available here (or PREFLIGHT_WASM=0)`);
  return makeTs();
}
