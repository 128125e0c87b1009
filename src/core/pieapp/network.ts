/**
 * CPU twin of the PieAPP network (pyiqa `pyiqa/archs/pieapp_arch.py@v0.1.14.1`, metrics.md §5.1): the feature
 * extractor (3×3 convolutions with padding 1 + ReLU, 2×2 max-pools, multi-scale features x3, x5, x7, x9, x11
 * flattened C,H,W and concatenated), the score head on F(ref) − F(dist), the weight head on x11(ref) − x11(dist),
 * and the weighted average of patch scores. Convolutions are direct loops over Float32Array planes
 * (output-channel-major; the nine taps of an interior pixel in one pass, border pixels with explicit padding
 * checks), so no im2col buffer is needed; sums are accumulated in float64 (convolutions and heads) and stored as
 * float32 between layers. This is the reference the ONNX graph and any GPU kernel are tested against.
 */
import { CONV_LAYERS, FEATURE_MS_SIZE, HIDDEN, PATCH_SIZE, SCORE_SCALE, WEIGHT_EPSILON, X11_SIZE } from './spec.ts';
import { tensor, type PieappWeights } from './weights.ts';

/**
 * 3×3 convolution, padding 1, stride 1, plus bias and ReLU. `input` is planar [inC, size, size]; weights are
 * PyTorch's [outC, inC, 3, 3]. Returns planar [outC, size, size].
 */
export function conv3x3Relu(input: Float32Array, inC: number, size: number, weight: Float32Array, bias: Float32Array, outC: number): Float32Array {
  const plane = size * size;
  const out = new Float32Array(outC * plane);
  // Sums are kept in float64 so the twin is closer to exact than any float32 implementation it is compared with.
  const acc = new Float64Array(plane);
  const last = size - 1;
  for (let oc = 0; oc < outC; oc++) {
    acc.fill(bias[oc]!);
    for (let ic = 0; ic < inC; ic++) {
      const src = input.subarray(ic * plane, (ic + 1) * plane);
      const k = (oc * inC + ic) * 9;
      const w0 = weight[k]!,
        w1 = weight[k + 1]!,
        w2 = weight[k + 2]!;
      const w3 = weight[k + 3]!,
        w4 = weight[k + 4]!,
        w5 = weight[k + 5]!;
      const w6 = weight[k + 6]!,
        w7 = weight[k + 7]!,
        w8 = weight[k + 8]!;
      // Interior: all nine taps inside the image, one pass per output pixel.
      for (let y = 1; y < last; y++) {
        const r = y * size;
        for (let x = 1; x < last; x++) {
          const a = r - size + x;
          const b = r + x;
          const c = r + size + x;
          acc[b] =
            acc[b]! +
            w0 * src[a - 1]! +
            w1 * src[a]! +
            w2 * src[a + 1]! +
            w3 * src[b - 1]! +
            w4 * src[b]! +
            w5 * src[b + 1]! +
            w6 * src[c - 1]! +
            w7 * src[c]! +
            w8 * src[c + 1]!;
        }
      }
      // Border pixels: taps outside the image read the zero padding.
      for (let y = 0; y < size; y++) {
        const step = y === 0 || y === last ? 1 : last;
        for (let x = 0; x < size; x += step) {
          let sum = 0;
          for (let ky = 0; ky < 3; ky++) {
            const yy = y + ky - 1;
            if (yy < 0 || yy > last) continue;
            for (let kx = 0; kx < 3; kx++) {
              const xx = x + kx - 1;
              if (xx < 0 || xx > last) continue;
              sum += weight[k + ky * 3 + kx]! * src[yy * size + xx]!;
            }
          }
          acc[y * size + x] = acc[y * size + x]! + sum;
        }
      }
    }
    const dst = out.subarray(oc * plane, (oc + 1) * plane);
    for (let i = 0; i < plane; i++) dst[i] = acc[i]! > 0 ? acc[i]! : 0;
  }
  return out;
}

/** 2×2 max-pool with stride 2 over planar [channels, size, size] (size even). Returns [channels, size/2, size/2]. */
export function maxPool2(input: Float32Array, channels: number, size: number): Float32Array {
  const half = size >> 1;
  const out = new Float32Array(channels * half * half);
  for (let c = 0; c < channels; c++) {
    const ib = c * size * size;
    const ob = c * half * half;
    for (let y = 0; y < half; y++) {
      for (let x = 0; x < half; x++) {
        const i = ib + 2 * y * size + 2 * x;
        out[ob + y * half + x] = Math.max(input[i]!, input[i + 1]!, input[i + size]!, input[i + size + 1]!);
      }
    }
  }
  return out;
}

/**
 * Multi-scale features of one patch: `patch` is planar [3, 64, 64] in the network's input space (BGR, 0..255).
 * Returns the 120,832 concatenated values x3, x5, x7, x9, x11 (each flattened C,H,W); flatten(x11) is the last
 * 2,048 values.
 */
export function pieappFeatures(weights: PieappWeights, patch: Float32Array): Float32Array {
  if (patch.length !== 3 * PATCH_SIZE * PATCH_SIZE) throw new Error(`a patch has ${3 * PATCH_SIZE * PATCH_SIZE} values, got ${patch.length}`);
  const features = new Float32Array(FEATURE_MS_SIZE);
  let x = patch;
  let size = PATCH_SIZE;
  let offset = 0;
  for (const layer of CONV_LAYERS) {
    x = conv3x3Relu(x, layer.inChannels, size, tensor(weights, `${layer.name}.weight`), tensor(weights, `${layer.name}.bias`), layer.outChannels);
    if (layer.poolAfter) {
      x = maxPool2(x, layer.outChannels, size);
      size >>= 1;
    }
    if (layer.tap) {
      features.set(x, offset);
      offset += x.length;
    }
  }
  return features;
}

/** y = W·x + b for one row-major [outF, inF] matrix and several inputs; returns one Float64Array per input. */
function linearBatch(
  w: Float32Array,
  b: Float32Array,
  inputs: readonly Float32Array[] | readonly Float64Array[],
  inF: number,
  outF: number,
  inOffset = 0,
): Float64Array[] {
  const outs = inputs.map(() => new Float64Array(outF));
  for (let j = 0; j < outF; j++) {
    const row = w.subarray(j * inF, (j + 1) * inF);
    for (let p = 0; p < inputs.length; p++) {
      const v = inputs[p]!;
      let s = 0;
      for (let k = 0; k < inF; k++) s += row[k]! * v[inOffset + k]!;
      outs[p]![j] = s + b[j]!;
    }
  }
  return outs;
}

/** Per-patch outputs of the two heads. */
export interface PatchScores {
  /** ref_score_subtract(0.01·fc2_score(relu(fc1_score(ΔF)))) per patch. */
  score: Float64Array;
  /** fc2_weight(relu(fc1_weight(Δx11))) + 1e-6 per patch. */
  weight: Float64Array;
}

/**
 * Score and weight heads for matched patches: `refFeatures[i]` and `distFeatures[i]` come from `pieappFeatures` on
 * the same patch position. The difference is reference minus distorted (pyiqa).
 */
export function pieappHeads(weights: PieappWeights, refFeatures: readonly Float32Array[], distFeatures: readonly Float32Array[]): PatchScores {
  if (refFeatures.length !== distFeatures.length) throw new Error('pieappHeads: as many reference as distorted patches are needed');
  const diffs = refFeatures.map((r, i) => {
    const d = distFeatures[i]!;
    const out = new Float32Array(FEATURE_MS_SIZE);
    for (let k = 0; k < FEATURE_MS_SIZE; k++) out[k] = r[k]! - d[k]!;
    return out;
  });
  const relu = (a: Float64Array) => {
    for (let i = 0; i < a.length; i++) if (a[i]! < 0) a[i] = 0;
    return a;
  };
  const h1 = linearBatch(tensor(weights, 'fc1_score.weight'), tensor(weights, 'fc1_score.bias'), diffs, FEATURE_MS_SIZE, HIDDEN).map(relu);
  const s2 = linearBatch(tensor(weights, 'fc2_score.weight'), tensor(weights, 'fc2_score.bias'), h1, HIDDEN, 1);
  const g1 = linearBatch(tensor(weights, 'fc1_weight.weight'), tensor(weights, 'fc1_weight.bias'), diffs, X11_SIZE, HIDDEN, FEATURE_MS_SIZE - X11_SIZE).map(
    relu,
  );
  const w2 = linearBatch(tensor(weights, 'fc2_weight.weight'), tensor(weights, 'fc2_weight.bias'), g1, HIDDEN, 1);
  const wSub = tensor(weights, 'ref_score_subtract.weight')[0]!;
  const bSub = tensor(weights, 'ref_score_subtract.bias')[0]!;
  const n = diffs.length;
  const score = new Float64Array(n);
  const weight = new Float64Array(n);
  for (let p = 0; p < n; p++) {
    score[p] = wSub * (SCORE_SCALE * s2[p]![0]!) + bSub;
    weight[p] = w2[p]![0]! + WEIGHT_EPSILON;
  }
  return { score, weight };
}

/** Σ w·s / Σ w: the PieAPP value of an image from its patch scores and weights (pyiqa's weighted mean). */
export function weightedAverage(score: ArrayLike<number>, weight: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < score.length; i++) {
    num += weight[i]! * score[i]!;
    den += weight[i]!;
  }
  return num / den;
}
