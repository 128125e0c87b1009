/**
 * PieAPP patch pipeline as the two libraries Vidaio validators use run it (metrics.md §5.2,
 * shared/reference/rules/vidaio-v3.md §3.1). Both take RGB in [0, 1] and scale it by 255; they differ only in the
 * channel order the network sees: pyiqa 0.1.14.1 (`pyiqa/archs/pieapp_arch.py:120-123`, vidaio-subnet) feeds
 * `x[:, [2, 1, 0]] · 255`, i.e. BGR, the order the weights were trained on; piq 0.8.0 (`piq/pieapp.py:106,201`,
 * validator-vidaio) feeds `x / data_range · 255` as given, i.e. RGB. The order is a parameter here (a rule pack's
 * `pieapp.networkChannelOrder`); everything after it (the ONNX graph, the CPU twin) is identical. The image is cut
 * into 64×64 patches with stride 27 and no padding (positions 0, 27, 54, … while position + 64 ≤ size; a right or
 * bottom strip of up to 26 px is never seen). Also the CPU-twin pipeline for a whole image pair, computing each
 * reference patch's features once and sharing them between the score and weight heads.
 */
import { PATCH_SIZE, PATCH_STRIDE } from './spec.ts';
import { pieappFeatures, pieappHeads, weightedAverage, type PatchScores } from './network.ts';
import type { PieappWeights } from './weights.ts';
import { InputError, type InputLocation } from '../errors.ts';

/** An 8-bit image, rows top to bottom, channels interleaved: 1 = gray, 3 = RGB, 4 = RGBA (alpha ignored). */
export interface Image8 {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Uint8Array;
}

/** Channel order of the tensor the network's first convolution sees: 'bgr' under pyiqa, 'rgb' under piq. */
export type ChannelOrder = 'bgr' | 'rgb';

/** The network's input for a whole image: planar [3, height, width] in `order`, 0..255 float32. */
export interface NetworkImage {
  width: number;
  height: number;
  order: ChannelOrder;
  planes: Float32Array;
}

/**
 * Patch origins along one axis of `size` pixels: 0, 27, … while origin + 64 ≤ size (pyiqa's `unfold` with no
 * padding). Empty when size < 64.
 */
export function patchOrigins(size: number): number[] {
  const out: number[] = [];
  for (let p = 0; p + PATCH_SIZE <= size; p += PATCH_STRIDE) out.push(p);
  return out;
}

/** A patch position (top-left corner, pixels). */
export interface PatchPosition {
  x: number;
  y: number;
}

/** All patch positions of a width × height image, row-major (y outer, x inner) like `unfold`. */
export function patchGrid(width: number, height: number): PatchPosition[] {
  const xs = patchOrigins(width);
  const out: PatchPosition[] = [];
  for (const y of patchOrigins(height)) for (const x of xs) out.push({ x, y });
  return out;
}

/**
 * Converts an 8-bit RGB image to the network input in `order` (default 'bgr', pyiqa). Each value goes through
 * float32 v/255 (the [0, 1] tensor Vidaio builds) and then ×255 in float32 (pyiqa; piq's /1.0·255 is the same), so
 * the rare 1-ulp round trip of PyTorch is reproduced.
 */
export function toNetworkImage(img: Image8, order: ChannelOrder = 'bgr'): NetworkImage {
  const { width, height, channels, data } = img;
  if (data.length < width * height * channels)
    throw new Error(`image data holds ${data.length} bytes, ${width}×${height}×${channels} needs ${width * height * channels}`);
  const plane = width * height;
  const planes = new Float32Array(3 * plane);
  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.fround(Math.fround(v / 255) * 255);
  // Plane index of red and blue: BGR puts blue first, RGB red first; green is the middle plane either way.
  const rPlane = order === 'bgr' ? 2 * plane : 0;
  const bPlane = order === 'bgr' ? 0 : 2 * plane;
  for (let i = 0; i < plane; i++) {
    const s = i * channels;
    const r = data[s]!;
    const g = channels === 1 ? r : data[s + 1]!;
    const b = channels === 1 ? r : data[s + 2]!;
    planes[bPlane + i] = lut[b]!;
    planes[plane + i] = lut[g]!;
    planes[rPlane + i] = lut[r]!;
  }
  return { width, height, order, planes };
}

/**
 * Converts float RGB in [0, 1] (planar [3, height, width], the libraries' input) to the network input in `order`
 * (×255, float32; default 'bgr', pyiqa).
 */
export function networkImageFromRgb01(width: number, height: number, rgb: Float32Array, order: ChannelOrder = 'bgr'): NetworkImage {
  const plane = width * height;
  const planes = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    const from = order === 'bgr' ? 2 - c : c;
    const src = rgb.subarray(from * plane, (from + 1) * plane);
    const dst = planes.subarray(c * plane, (c + 1) * plane);
    for (let i = 0; i < plane; i++) dst[i] = Math.fround(src[i]! * 255);
  }
  return { width, height, order, planes };
}

/** Copies the 64×64 patch at `pos` into `out` (planar [3, 64, 64]) at element offset `offset`. */
export function extractPatch(
  img: NetworkImage,
  pos: PatchPosition,
  out: Float32Array = new Float32Array(3 * PATCH_SIZE * PATCH_SIZE),
  offset = 0,
): Float32Array {
  const plane = img.width * img.height;
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < PATCH_SIZE; y++) {
      const src = c * plane + (pos.y + y) * img.width + pos.x;
      out.set(img.planes.subarray(src, src + PATCH_SIZE), offset + (c * PATCH_SIZE + y) * PATCH_SIZE);
    }
  }
  return out;
}

/** An image pair PieAPP cannot score (sizes differ, or smaller than one patch). */
export class PieappInputError extends InputError {
  override readonly name = 'PieappInputError';
  constructor(message: string, at: InputLocation = {}) {
    super(message, at);
  }
}

/** Throws a clear PieappInputError when a reference/distorted pair cannot be scored (different sizes, smaller than 64×64). */
export function checkPair(ref: { width: number; height: number }, dist: { width: number; height: number }): void {
  if (ref.width !== dist.width || ref.height !== dist.height) {
    throw new PieappInputError(
      `reference is ${ref.width}×${ref.height} but distorted is ${dist.width}×${dist.height}: PieAPP compares images of the same size`,
    );
  }
  if (ref.width < PATCH_SIZE || ref.height < PATCH_SIZE) {
    throw new PieappInputError(`images are ${ref.width}×${ref.height}: PieAPP needs at least ${PATCH_SIZE}×${PATCH_SIZE} pixels (one patch)`);
  }
}

/** Result of scoring one image pair. */
export interface PieappResult extends PatchScores {
  /** Weighted average of the patch scores: the PieAPP value (≈ 0 for identical images, larger = worse). */
  value: number;
  positions: PatchPosition[];
}

/**
 * PieAPP of a (reference, distorted) pair on the CPU twin, over `positions` (default: the whole pyiqa grid).
 * Slow (about half a second per patch pair on one core); meant for tests and small images.
 */
export function pieappCpu(weights: PieappWeights, ref: NetworkImage, dist: NetworkImage, positions?: PatchPosition[]): PieappResult {
  checkPair(ref, dist);
  if (ref.order !== dist.order)
    throw new PieappInputError(
      `reference is in ${ref.order.toUpperCase()} order but distorted in ${dist.order.toUpperCase()}: both must follow one PIE-APP convention`,
    );
  const pos = positions ?? patchGrid(ref.width, ref.height);
  const refF = pos.map((p) => pieappFeatures(weights, extractPatch(ref, p)));
  const distF = pos.map((p) => pieappFeatures(weights, extractPatch(dist, p)));
  const heads = pieappHeads(weights, refF, distF);
  return { ...heads, value: weightedAverage(heads.score, heads.weight), positions: pos };
}
