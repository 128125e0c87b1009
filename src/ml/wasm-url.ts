/**
 * Where the browser build finds onnxruntime-web's wasm binary: Vite emits it as a hashed asset of this app (never a
 * CDN). Browser-only (the `?url` import is a Vite feature); Node uses onnxruntime-web's own resolution.
 */
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';

/** `wasmPaths` for `createSession` in a page or worker. */
export function browserWasmPaths(): { wasm: string } {
  return { wasm: new URL(ortWasmUrl, self.location.href).href };
}
