/**
 * The two integer ADM backends (adm-backend.ts) against each other on content that drives the coarse levels:
 * black/white blocks of 2–32 pixels, gradients and their mixtures make the level 1–3 bands large (the
 * reciprocal-table shift path of the decouple, int32 wrap-arounds of the enhancement, 64-bit cube sums), where
 * wasm-kernels.test.ts's pixel-scale patterns keep them small. WebAssembly SIMD (adm-wasm.ts) === TypeScript
 * reference (adm-js.ts) on both gain limits; libvmaf agreement is integer.test.ts / integer.clips.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { IntegerAdmComputer } from './adm.ts';
import { wasmSimdSupported } from '../../../wasm/load.ts';

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) >>> 24;
}

/** A frame of random black/white blocks of size `block` (0: a diagonal gradient), with a random shift. */
function blocks(w: number, h: number, block: number, seed: number): Uint8Array {
  const r = lcg(seed);
  const cells = new Uint8Array(Math.ceil(w / Math.max(block, 1)) * Math.ceil(h / Math.max(block, 1)) + 1).map(() => (r() & 1) * 255);
  const cw = Math.ceil(w / Math.max(block, 1));
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      out[y * w + x] = block === 0 ? ((x + y) * 255) / (w + h) : cells[Math.floor(y / block) * cw + Math.floor(x / block)]!;
    }
  }
  return out;
}

describe.runIf(wasmSimdSupported())('integer ADM: WebAssembly backend === TypeScript reference on coarse-level content', () => {
  for (const [w, h] of [
    [130, 97],
    [333, 187],
  ] as const) {
    it(`${w}x${h}: blocks of 2–32 pixels against each other, gradients and inverted blocks`, () => {
      const js = new IntegerAdmComputer(w, h, { backend: 'js' });
      const wa = new IntegerAdmComputer(w, h, { backend: 'wasm' });
      expect([js.backend, wa.backend]).toEqual(['js', 'wasm']);
      const sizes = [0, 2, 3, 5, 8, 13, 32];
      for (const a of sizes) {
        for (const b of sizes) {
          const ref = blocks(w, h, a, a * 31 + b);
          const dis = a === b ? ref.map((v) => 255 - v) : blocks(w, h, b, b * 17 + a + 1);
          const want = js.compute(ref, dis, true);
          expect(wa.compute(ref, dis, true), `blocks ${a} vs ${b}`).toEqual(want);
          expect(Number.isFinite(want.adm2) && Number.isFinite(want.adm2Egl), `blocks ${a} vs ${b} finite`).toBe(true);
        }
      }
    });
  }
});
