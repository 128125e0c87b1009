/**
 * Vite build of the Preflight web app. Module workers, wasm assets imported with `?url`, no CDN.
 * COOP/COEP make the page cross-origin isolated (SharedArrayBuffer for worker pools and wasm threads).
 * The preview server also sends the Content-Security-Policy (the same policy as the meta tag of index.html and
 * engine.html, plus `frame-ancestors`, which only a header can carry) and `X-Content-Type-Options: nosniff`.
 */
import { defineConfig } from 'vite';
import { serviceWorker } from './scripts/sw-plugin.ts';

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The app's Content-Security-Policy: only this origin's scripts (and WebAssembly compilation), no inline script;
 * styles may be inline (Lit templates use style attributes; index.html has one <style>); workers from this origin
 * or blob: (onnxruntime-web, ffmpeg.wasm); fetches only to this origin (blob:/data: for in-page buffers).
 * index.html and engine.html carry the same string in a meta tag (e2e/hardening-csp.spec.ts checks they agree).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' blob: data:; media-src 'self' blob:; " +
  "font-src 'self'; connect-src 'self' blob: data:; worker-src 'self' blob:; manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'";

const previewHeaders = {
  ...isolation,
  'Content-Security-Policy': `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`,
  'X-Content-Type-Options': 'nosniff',
};

export default defineConfig({
  base: './',
  server: { headers: isolation },
  preview: { headers: previewHeaders },
  optimizeDeps: {
    exclude: ['onnxruntime-web', '@ffmpeg/ffmpeg', '@ffmpeg/util', '@ffmpeg/core'],
    // Pre-bundled at dev-server start, so a page never reloads mid-test when a module first imports one of them.
    include: ['lit', 'lit/static-html.js', 'comlink', 'idb', 'fflate', 'mp4box', 'uplot'],
  },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
    // engine.html: the headless engine host the CLI and the benchmark open (src/ui/engine-host.ts).
    rollupOptions: { input: { index: 'index.html', engine: 'engine.html' } },
  },
  plugins: [serviceWorker()],
});
