/**
 * PieAPP weights in memory: a map from PyTorch state-dict name to a float32 tensor with its shape, a validator that
 * checks every name and shape against `spec.ts` (naming the first wrong tensor), and a deterministic synthetic
 * generator (seeded PRNG, He-style scaling) used to test the plumbing without the official 273 MB file, which no
 * registry here ships (metrics.md §5.4).
 */
import { TENSOR_SPECS, elementCount, type TensorSpec } from './spec.ts';
import { mulberry32 } from '../math/rng.ts';
import { PreflightError } from '../errors.ts';

/** One tensor: row-major (C-contiguous) float32 values and their shape. */
export interface WeightTensor {
  shape: number[];
  data: Float32Array;
}

/** A state dict by tensor name, without the `module.` prefix that DataParallel puts on every key of a saved model. */
export function stateDictByName(tensors: ReadonlyMap<string, WeightTensor>): Map<string, WeightTensor> {
  const entries = [...tensors.entries()];
  const wrapped = entries.length > 0 && entries.every(([k]) => k.startsWith('module.'));
  return new Map(wrapped ? entries.map(([k, v]) => [k.slice('module.'.length), v]) : entries);
}

/** "tensor NAME SHAPE is missing (the file has N tensors, e.g. …)", naming up to `examples` of the file's tensors. */
export function missingTensorText(name: string, shape: string, byName: ReadonlyMap<string, unknown>, examples: number): string {
  const sample = [...byName.keys()].slice(0, examples).join(', ');
  return `tensor ${name} ${shape} is missing (the file has ${byName.size} tensors${sample ? `, e.g. ${sample}` : ''})`;
}

/** The PieAPP state dict: name (e.g. `conv1.weight`) → tensor. */
export type PieappWeights = Map<string, WeightTensor>;

/** Thrown when a set of tensors is not a PieAPP state dict. */
export class PieappWeightsError extends PreflightError {
  override readonly name = 'PieappWeightsError';
}

const shapeText = (s: readonly number[]) => `[${s.join(', ')}]`;

/**
 * Checks that `weights` holds exactly the PieAPP tensors with the right shapes, and returns it normalised:
 * a `module.` prefix on every key (DataParallel) is dropped and `ref_score_subtract.weight` of shape [1, 1]
 * (piq's unsqueezed copy) becomes [1]. Throws PieappWeightsError naming the first missing, misshapen or unexpected
 * tensor.
 */
export function validatePieappWeights(weights: ReadonlyMap<string, WeightTensor>): PieappWeights {
  const byName = stateDictByName(weights);
  const out: PieappWeights = new Map();
  for (const spec of TENSOR_SPECS) {
    const t = byName.get(spec.name);
    if (!t) throw new PieappWeightsError(`not PieAPP weights: ${missingTensorText(spec.name, shapeText(spec.shape), byName, 5)}`);
    let shape = t.shape;
    if (spec.name === 'ref_score_subtract.weight' && shape.length === 2 && shape[0] === 1 && shape[1] === 1) shape = [1];
    if (shape.length !== spec.shape.length || shape.some((d, i) => d !== spec.shape[i])) {
      throw new PieappWeightsError(`not PieAPP weights: tensor ${spec.name} has shape ${shapeText(t.shape)}, expected ${shapeText(spec.shape)}`);
    }
    if (t.data.length !== elementCount(spec.shape)) {
      throw new PieappWeightsError(`tensor ${spec.name} holds ${t.data.length} values, its shape ${shapeText(spec.shape)} needs ${elementCount(spec.shape)}`);
    }
    out.set(spec.name, { shape: [...spec.shape], data: t.data });
  }
  for (const k of byName.keys()) {
    if (!out.has(k)) throw new PieappWeightsError(`not PieAPP weights: unexpected tensor ${k} ${shapeText(byName.get(k)!.shape)}`);
  }
  return out;
}

/** Gets a tensor's values, throwing PieappWeightsError when it is absent. */
export function tensor(weights: ReadonlyMap<string, WeightTensor>, name: string): Float32Array {
  const t = weights.get(name);
  if (!t) throw new PieappWeightsError(`tensor ${name} is missing`);
  return t.data;
}

function fanIn(spec: TensorSpec): number {
  return spec.shape.length === 4 ? spec.shape[1]! * 9 : spec.shape.length === 2 ? spec.shape[1]! : 1;
}

/**
 * Deterministic synthetic PieAPP weights for a seed (full architecture, 68,376,580 float32 values ≈ 273 MB).
 * Weights are uniform in ±√(6/fan_in) (He scaling, variance 2/fan_in) so activations keep the magnitude of the
 * 0..255 input through the ReLU stack; biases are uniform in ±0.05. `fc2_weight.weight` is drawn non-negative and
 * `fc2_weight.bias` positive, so every patch weight is > 0 and the weighted average is well conditioned;
 * `ref_score_subtract` gets weight in [0.5, 1.5) and bias in [−0.1, 0.1). `only` restricts generation to some
 * names (others are skipped), for tests that need a few tensors.
 */
export function syntheticPieappWeights(seed: number, only?: ReadonlySet<string>): PieappWeights {
  const rand = mulberry32(seed);
  const out: PieappWeights = new Map();
  for (const spec of TENSOR_SPECS) {
    // Each tensor gets its own stream derived from the seed, so `only` subsets give the same values.
    const tensorRand = mulberry32(Math.floor(rand() * 4294967296));
    if (only && !only.has(spec.name)) continue;
    const n = elementCount(spec.shape);
    const data = new Float32Array(n);
    const isBias = spec.name.endsWith('.bias');
    if (spec.name === 'ref_score_subtract.weight') data[0] = 0.5 + tensorRand();
    else if (spec.name === 'ref_score_subtract.bias') data[0] = 0.2 * tensorRand() - 0.1;
    else if (spec.name === 'fc2_weight.bias') data[0] = 0.5 + tensorRand();
    else if (isBias) for (let i = 0; i < n; i++) data[i] = 0.1 * tensorRand() - 0.05;
    else {
      const a = Math.sqrt(6 / fanIn(spec));
      if (spec.name === 'fc2_weight.weight') for (let i = 0; i < n; i++) data[i] = a * tensorRand();
      else for (let i = 0; i < n; i++) data[i] = a * (2 * tensorRand() - 1);
    }
    out.set(spec.name, { shape: [...spec.shape], data });
  }
  return out;
}
