/**
 * Test helper: deterministic LPIPS test pairs (a smooth colour pattern and a distorted copy: blocky brightness
 * steps plus seeded noise), packed RGB, for the engine tests (ONNX vs the CPU twin).
 */
import { mulberry32 } from '../math/rng.ts';
import type { LpipsPair } from '../metrics/removal/api.ts';

export function lpipsTestPair(width: number, height: number, seed: number): LpipsPair {
  const rand = mulberry32(seed);
  const a = new Uint8Array(width * height * 3);
  const b = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        const i = (y * width + x) * 3 + c;
        const v = 127 + 100 * Math.sin(x / (3 + c + (seed % 3)) + y / 7) * Math.cos(y / (5 + 2 * c));
        a[i] = Math.round(v);
        const step = (((x >> 2) + (y >> 2)) % 3) * 12 - 12;
        b[i] = Math.min(255, Math.max(0, Math.round(v + step + 30 * (rand() - 0.5))));
      }
    }
  }
  return { a, b, width, height };
}
