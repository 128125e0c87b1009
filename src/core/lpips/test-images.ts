/**
 * Test helper: deterministic LPIPS test pairs (a smooth colour pattern and a distorted copy: blocky brightness
 * steps plus seeded noise), packed RGB, for the engine tests (ONNX vs the CPU twin), and the image builder they and
 * the PieAPP runner test use.
 */
import { mulberry32 } from '../math/rng.ts';
import type { LpipsPair } from '../metrics/removal/api.ts';

/** A packed RGB test image whose element i (channel c of pixel (x, y)) is `value(x, y, c, i)`. */
export function rgbTestImage(width: number, height: number, value: (x: number, y: number, c: number, i: number) => number): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < 3; c++) {
        const i = (y * width + x) * 3 + c;
        out[i] = value(x, y, c, i);
      }
  return out;
}

export function lpipsTestPair(width: number, height: number, seed: number): LpipsPair {
  const rand = mulberry32(seed);
  const wave = (x: number, y: number, c: number) => 127 + 100 * Math.sin(x / (3 + c + (seed % 3)) + y / 7) * Math.cos(y / (5 + 2 * c));
  const a = rgbTestImage(width, height, (x, y, c) => Math.round(wave(x, y, c)));
  const b = rgbTestImage(width, height, (x, y, c) => {
    const step = (((x >> 2) + (y >> 2)) % 3) * 12 - 12;
    return Math.min(255, Math.max(0, Math.round(wave(x, y, c) + step + 30 * (rand() - 0.5))));
  });
  return { a, b, width, height };
}
