/**
 * Deterministic synthetic LPIPS-VGG weights (full VGG16 trunk to relu5_3 plus v0.1-shaped heads) from a seed, for
 * tests without the user's 528 MB checkpoint. scripts/removal/lpips_torch.py `synthetic_weights(seed)` re-implements
 * this exactly (same mulberry32, same draw order, float64 values rounded once to float32), so the PyTorch reference
 * and the TypeScript code run the same network.
 *
 * Draw order: a master mulberry32(seed); for each tensor of LPIPS_TENSORS in order, a tensor stream
 * mulberry32(floor(master() · 2³²)); values in row-major order. Conv weights uniform in ±√(6 / (cin·9)) (He-uniform,
 * variance 2/fan_in, so activations stay O(1) through the ReLU stack); biases uniform in [−0.05, 0.05); heads
 * uniform in [0, 1) (lpips's heads are non-negative).
 */
import { mulberry32 } from '../math/rng.ts';
import { LPIPS_TENSORS, type LpipsWeights } from './weights.ts';

export function syntheticLpipsWeights(seed: number): LpipsWeights {
  const master = mulberry32(seed);
  const out: LpipsWeights = new Map();
  for (const spec of LPIPS_TENSORS) {
    const rand = mulberry32(Math.floor(master() * 4294967296));
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    if (spec.name.startsWith('lin')) {
      for (let i = 0; i < n; i++) data[i] = rand();
    } else if (spec.name.endsWith('.bias')) {
      for (let i = 0; i < n; i++) data[i] = 0.1 * rand() - 0.05;
    } else {
      const a = Math.sqrt(6 / (spec.shape[1]! * 9));
      for (let i = 0; i < n; i++) data[i] = a * (2 * rand() - 1);
    }
    out.set(spec.name, { shape: [...spec.shape], data });
  }
  return out;
}
