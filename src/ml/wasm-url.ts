/**
 * Where the browser build finds onnxruntime-web's wasm binary and its Emscripten glue: Vite emits both as hashed
 * assets of this app (never a CDN). Browser-only (the `?url` import is a Vite feature); Node uses onnxruntime-web's
 * own resolution. The glue is given as a file of its own because a multi-threaded session starts its WebAssembly
 * threads as workers from the glue's URL; the copy of the glue inlined in ORT's bundle would instead start them
 * from the URL of the chunk ORT was bundled into (the PIE-APP worker itself).
 */
import ortWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import ortMjsUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.mjs?url';

/** `wasmPaths` for `createSession` in a page or worker. */
export function browserWasmPaths(): { wasm: string; mjs: string } {
  return { wasm: new URL(ortWasmUrl, self.location.href).href, mjs: new URL(ortMjsUrl, self.location.href).href };
}
