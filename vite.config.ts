/**
 * Vite build of the Preflight web app. Module workers, wasm assets imported with `?url`, no CDN.
 * COOP/COEP make the page cross-origin isolated (SharedArrayBuffer for worker pools and wasm threads).
 */
import { defineConfig } from 'vite';
import { serviceWorker } from './scripts/sw-plugin.ts';

const isolation = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  base: './',
  server: { headers: isolation },
  preview: { headers: isolation },
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
