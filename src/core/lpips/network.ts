/**
 * LPIPS-VGG (lpips 0.1.4, version 0.1, linear heads on, spatial off) on the CPU in float32: the CPU twin of the
 * ONNX graph of `onnx.ts`. Steps (../shared/reference/rules/vidaio-v3.md §2.4, lpips `lpips/lpips.py` LPIPS.forward,
 * `ScalingLayer`, `lpips/__init__.py` `normalize_tensor`):
 *   x = uint8 / 127.5 − 1;  x = (x − shift) / scale, shift (−.030, −.088, −.188), scale (.458, .448, .450);
 *   VGG16 features to relu1_2, relu2_2, relu3_3, relu4_3, relu5_3 (3×3 convs, pad 1, ReLU; 2×2/2 max-pools,
 *   floor mode, so odd sides drop their last row/column);
 *   per tap: f̂ = f / (√(Σ_c f²) + 1e−10) per position; d = Σ_c w_c (f̂₀ − f̂₁)² (the 1×1 head, no bias);
 *   mean over positions; sum over the five taps.
 * Activations live in zero-padded planes (C × (H+2) × (W+2)) so the 3×3 convolution is a branch-free sweep of
 * 9 multiply-adds per output value, row by row, two output channels per sweep (each input row loaded once for both:
 * about 30% faster than one channel in V8, same results bit for bit). One input channel's nine products are summed
 * in float64 and added to the float32 output, as every activation is float32; the head sums run in float64.
 */
import { LPIPS_CHANNELS, VGG16_CONVS, lpipsTensor, type LpipsWeights } from './weights.ts';

/** lpips ScalingLayer constants (lpips.py:147-154). */
export const LPIPS_SHIFT: readonly number[] = [-0.03, -0.088, -0.188];
export const LPIPS_SCALE: readonly number[] = [0.458, 0.448, 0.45];
/** normalize_tensor's epsilon. */
export const LPIPS_EPS = 1e-10;
/** Smallest side the network accepts: relu5_3 comes after four 2×2 pools. */
export const LPIPS_MIN_SIDE = 16;

/** One tap: C channels of an H×W map in a zero-padded plane layout (row stride W+2, plane stride (H+2)(W+2)). */
export interface LpipsTap {
  channels: number;
  width: number;
  height: number;
  data: Float32Array;
}

/** Throws a RangeError unless `rgb` is a packed width×height RGB image the network can take. */
export function checkLpipsImage(rgb: Uint8Array, width: number, height: number, what = 'image'): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < LPIPS_MIN_SIDE || height < LPIPS_MIN_SIDE) {
    throw new RangeError(`LPIPS: ${what} is ${width}×${height}; VGG16's four max-pools need both sides ≥ ${LPIPS_MIN_SIDE}`);
  }
  if (rgb.length !== width * height * 3) throw new RangeError(`LPIPS: ${what} holds ${rgb.length} bytes, ${width}×${height} RGB needs ${width * height * 3}`);
}

/** Network input: packed RGB uint8 → 3 padded planes after x/127.5 − 1 and the scaling layer. */
export function lpipsInput(rgb: Uint8Array, width: number, height: number): Float32Array {
  const pw = width + 2;
  const plane = (height + 2) * pw;
  const out = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    const shift = LPIPS_SHIFT[c]!;
    const scale = LPIPS_SCALE[c]!;
    for (let y = 0; y < height; y++) {
      const o = c * plane + (y + 1) * pw + 1;
      for (let x = 0; x < width; x++) out[o + x] = (rgb[(y * width + x) * 3 + c]! / 127.5 - 1 - shift) / scale;
    }
  }
  return out;
}

/**
 * 3×3 convolution (pad 1) + ReLU, padded planes in and out. Output channels go in pairs: each input row triple is
 * loaded once for two output rows (18 multiply-adds per 9 loads).
 */
function conv3x3Relu(input: Float32Array, cin: number, cout: number, width: number, height: number, weight: Float32Array, bias: Float32Array): Float32Array {
  const pw = width + 2;
  const plane = (height + 2) * pw;
  const out = new Float32Array(cout * plane);
  for (let co = 0; co < cout; co += 2) {
    const two = co + 1 < cout;
    const oa = co * plane;
    const ob = two ? oa + plane : oa;
    for (let y = 0; y < height; y++) {
      const o = (y + 1) * pw + 1;
      for (let x = 0; x < width; x++) {
        out[oa + o + x] = bias[co]!;
        if (two) out[ob + o + x] = bias[co + 1]!;
      }
    }
    for (let ci = 0; ci < cin; ci++) {
      const k = (co * cin + ci) * 9;
      const a0 = weight[k]!,
        a1 = weight[k + 1]!,
        a2 = weight[k + 2]!,
        a3 = weight[k + 3]!,
        a4 = weight[k + 4]!;
      const a5 = weight[k + 5]!,
        a6 = weight[k + 6]!,
        a7 = weight[k + 7]!,
        a8 = weight[k + 8]!;
      const kb = two ? k + cin * 9 : k;
      const s = two ? 1 : 0;
      const b0 = s * weight[kb]!,
        b1 = s * weight[kb + 1]!,
        b2 = s * weight[kb + 2]!,
        b3 = s * weight[kb + 3]!,
        b4 = s * weight[kb + 4]!;
      const b5 = s * weight[kb + 5]!,
        b6 = s * weight[kb + 6]!,
        b7 = s * weight[kb + 7]!,
        b8 = s * weight[kb + 8]!;
      const ib = ci * plane;
      for (let y = 0; y < height; y++) {
        const r0 = ib + y * pw;
        const r1 = r0 + pw;
        const r2 = r1 + pw;
        const o = (y + 1) * pw + 1;
        const pa = oa + o;
        const pb = ob + o;
        for (let x = 0; x < width; x++) {
          const p0 = input[r0 + x]!,
            p1 = input[r0 + x + 1]!,
            p2 = input[r0 + x + 2]!;
          const p3 = input[r1 + x]!,
            p4 = input[r1 + x + 1]!,
            p5 = input[r1 + x + 2]!;
          const p6 = input[r2 + x]!,
            p7 = input[r2 + x + 1]!,
            p8 = input[r2 + x + 2]!;
          out[pa + x] += a0 * p0 + a1 * p1 + a2 * p2 + a3 * p3 + a4 * p4 + a5 * p5 + a6 * p6 + a7 * p7 + a8 * p8;
          if (two) out[pb + x] += b0 * p0 + b1 * p1 + b2 * p2 + b3 * p3 + b4 * p4 + b5 * p5 + b6 * p6 + b7 * p7 + b8 * p8;
        }
      }
    }
    for (const ob2 of two ? [oa, ob] : [oa]) {
      for (let y = 0; y < height; y++) {
        const o = ob2 + (y + 1) * pw + 1;
        for (let x = 0; x < width; x++) if (out[o + x]! < 0) out[o + x] = 0;
      }
    }
  }
  return out;
}

/** 2×2 max-pool, stride 2, floor mode (PyTorch's default), padded planes in and out. */
function maxPool2(input: Float32Array, channels: number, width: number, height: number): { data: Float32Array; width: number; height: number } {
  const w2 = width >> 1;
  const h2 = height >> 1;
  const ipw = width + 2;
  const iplane = (height + 2) * ipw;
  const opw = w2 + 2;
  const oplane = (h2 + 2) * opw;
  const out = new Float32Array(channels * oplane);
  for (let c = 0; c < channels; c++) {
    for (let y = 0; y < h2; y++) {
      const r0 = c * iplane + (2 * y + 1) * ipw + 1;
      const r1 = r0 + ipw;
      const o = c * oplane + (y + 1) * opw + 1;
      for (let x = 0; x < w2; x++) {
        out[o + x] = Math.max(input[r0 + 2 * x]!, input[r0 + 2 * x + 1]!, input[r1 + 2 * x]!, input[r1 + 2 * x + 1]!);
      }
    }
  }
  return { data: out, width: w2, height: h2 };
}

/** The five taps (relu1_2 … relu5_3) of one packed RGB image. */
export function lpipsFeatures(weights: LpipsWeights, rgb: Uint8Array, width: number, height: number): LpipsTap[] {
  checkLpipsImage(rgb, width, height);
  let x = lpipsInput(rgb, width, height);
  let w = width;
  let h = height;
  let c = 3;
  const taps: LpipsTap[] = [];
  for (const layer of VGG16_CONVS) {
    if (layer.poolBefore) {
      const p = maxPool2(x, c, w, h);
      x = p.data;
      w = p.width;
      h = p.height;
    }
    x = conv3x3Relu(x, c, layer.cout, w, h, lpipsTensor(weights, `features.${layer.index}.weight`), lpipsTensor(weights, `features.${layer.index}.bias`));
    c = layer.cout;
    if (layer.tap) taps.push({ channels: c, width: w, height: h, data: x });
  }
  return taps;
}

/** Per-tap distances (head k applied to the squared difference of unit-normalised taps, spatial mean). */
export function lpipsLayerDistances(weights: LpipsWeights, a: readonly LpipsTap[], b: readonly LpipsTap[]): number[] {
  const out: number[] = [];
  for (let k = 0; k < LPIPS_CHANNELS.length; k++) {
    const ta = a[k]!;
    const tb = b[k]!;
    const head = lpipsTensor(weights, `lin${k}.model.1.weight`);
    const { channels, width, height } = ta;
    const pw = width + 2;
    const plane = (height + 2) * pw;
    let sum = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const p = (y + 1) * pw + x + 1;
        let na = 0;
        let nb = 0;
        for (let c = 0; c < channels; c++) {
          const va = ta.data[c * plane + p]!;
          const vb = tb.data[c * plane + p]!;
          na += va * va;
          nb += vb * vb;
        }
        const ia = 1 / (Math.sqrt(na) + LPIPS_EPS);
        const ib = 1 / (Math.sqrt(nb) + LPIPS_EPS);
        let d = 0;
        for (let c = 0; c < channels; c++) {
          const diff = ta.data[c * plane + p]! * ia - tb.data[c * plane + p]! * ib;
          d += head[c]! * diff * diff;
        }
        sum += d;
      }
    }
    out.push(sum / (width * height));
  }
  return out;
}

/**
 * LPIPS-VGG distance of two packed RGB uint8 images of the same size (both sides ≥ 16), as lpips.LPIPS(net='vgg')
 * with inputs uint8/127.5 − 1.
 */
export function lpipsDistance(weights: LpipsWeights, a: Uint8Array, b: Uint8Array, width: number, height: number): number {
  checkLpipsImage(a, width, height, 'first image');
  checkLpipsImage(b, width, height, 'second image');
  const layers = lpipsLayerDistances(weights, lpipsFeatures(weights, a, width, height), lpipsFeatures(weights, b, width, height));
  return layers.reduce((s, v) => s + v, 0);
}
