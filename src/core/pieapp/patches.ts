/**
 * PieAPP patch pipeline as pyiqa runs it (`pyiqa/archs/pieapp_arch.py@v0.1.14.1`, metrics.md §5.2): the network
 * sees BGR values in 0..255 (pyiqa takes RGB in [0, 1] and feeds `x[:, [2, 1, 0]] · 255`), and the image is cut
 * into 64×64 patches with stride 27 and no padding (positions 0, 27, 54, … while position + 64 ≤ size; a right or
 * bottom strip of up to 26 px is never seen). Also the CPU-twin pipeline for a whole image pair, computing each
 * reference patch's features once and sharing them between the score and weight heads.
 */
import { PATCH_SIZE, PATCH_STRIDE } from './spec.ts';
import { pieappFeatures, pieappHeads, weightedAverage, type PatchScores } from './network.ts';
import type { PieappWeights } from './weights.ts';

/** An 8-bit image, rows top to bottom, channels interleaved: 1 = gray, 3 = RGB, 4 = RGBA (alpha ignored). */
export interface Image8 {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  data: Uint8Array;
}

/** The network's input for a whole image: planar [3, height, width], BGR order, 0..255 float32. */
export interface NetworkImage {
  width: number;
  height: number;
  bgr: Float32Array;
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
 * Converts an 8-bit image to the network input. Each value goes through float32 v/255 (the [0, 1] tensor Vidaio
 * builds) and then ×255 in float32 (pyiqa), so the rare 1-ulp round trip of PyTorch is reproduced.
 */
export function toNetworkImage(img: Image8): NetworkImage {
  const { width, height, channels, data } = img;
  if (data.length < width * height * channels) throw new Error(`image data holds ${data.length} bytes, ${width}×${height}×${channels} needs ${width * height * channels}`);
  const plane = width * height;
  const bgr = new Float32Array(3 * plane);
  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.fround(Math.fround(v / 255) * 255);
  for (let i = 0; i < plane; i++) {
    const s = i * channels;
    const r = data[s]!;
    const g = channels === 1 ? r : data[s + 1]!;
    const b = channels === 1 ? r : data[s + 2]!;
    bgr[i] = lut[b]!;
    bgr[plane + i] = lut[g]!;
    bgr[2 * plane + i] = lut[r]!;
  }
  return { width, height, bgr };
}

/**
 * Converts float RGB in [0, 1] (planar [3, height, width], pyiqa's input) to the network input (BGR ×255, float32).
 */
export function networkImageFromRgb01(width: number, height: number, rgb: Float32Array): NetworkImage {
  const plane = width * height;
  const bgr = new Float32Array(3 * plane);
  for (let c = 0; c < 3; c++) {
    const src = rgb.subarray((2 - c) * plane, (3 - c) * plane);
    const dst = bgr.subarray(c * plane, (c + 1) * plane);
    for (let i = 0; i < plane; i++) dst[i] = Math.fround(src[i]! * 255);
  }
  return { width, height, bgr };
}

/** Copies the 64×64 patch at `pos` into `out` (planar [3, 64, 64]) at element offset `offset`. */
export function extractPatch(img: NetworkImage, pos: PatchPosition, out: Float32Array = new Float32Array(3 * PATCH_SIZE * PATCH_SIZE), offset = 0): Float32Array {
  const plane = img.width * img.height;
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < PATCH_SIZE; y++) {
      const src = c * plane + (pos.y + y) * img.width + pos.x;
      out.set(img.bgr.subarray(src, src + PATCH_SIZE), offset + (c * PATCH_SIZE + y) * PATCH_SIZE);
    }
  }
  return out;
}

/** An image pair PieAPP cannot score (sizes differ, or smaller than one patch). */
export class PieappInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PieappInputError';
  }
}

/** Throws a clear PieappInputError when a reference/distorted pair cannot be scored (different sizes, smaller than 64×64). */
export function checkPair(ref: { width: number; height: number }, dist: { width: number; height: number }): void {
  if (ref.width !== dist.width || ref.height !== dist.height) {
    throw new PieappInputError(`reference is ${ref.width}×${ref.height} but distorted is ${dist.width}×${dist.height}: PieAPP compares images of the same size`);
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
  const pos = positions ?? patchGrid(ref.width, ref.height);
  const refF = pos.map((p) => pieappFeatures(weights, extractPatch(ref, p)));
  const distF = pos.map((p) => pieappFeatures(weights, extractPatch(dist, p)));
  const heads = pieappHeads(weights, refF, distF);
  return { ...heads, value: weightedAverage(heads.score, heads.weight), positions: pos };
}
