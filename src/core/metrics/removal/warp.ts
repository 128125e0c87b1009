/**
 * The warp error of the object-removal track (../shared/reference/rules/vidaio-v3.md §2.5; validator-vidaio
 * vidaio/scoring/removal.py `region_metrics`@a26469652d73086519ea1bb2565f862562e009c3), fed one frame at a time.
 *
 * For frame i ≥ 1 whose mask overlaps the previous one (m = mask[i−1] ∧ mask[i] non-empty): box = bbox(mask[i−1] ∨
 * mask[i]) grown by WARP_PAD (48) and clipped (region.ts `maskBox`); flow = DIS MEDIUM of the reference luma crops
 * (i−1 → i, dis-flow.ts), computed once per pair and shared by every sequence; map = pixel grid + flow (float32);
 * warped = `cv2.remap(RGB[i] crop, INTER_LINEAR, BORDER_REFLECT)` (remap.ts); e_i = mean over the m pixels of the
 * box and the 3 channels of |warped − RGB[i−1] crop|. The arithmetic follows numpy: float32 differences, numpy's
 * float32 pairwise sum, the float32 mean (sum / count rounded to float32), and the final mean over pairs in float64.
 *
 * Memory: one previous frame (its reference luma, mask and one RGB frame per sequence), copied because callers may
 * reuse their buffers; the box of a pair depends on both masks, so the previous frame is kept whole, not cropped.
 */
import type { WarpAccumulator, WarpAccumulatorFactory } from './api.ts';
import { disFlow } from './dis-flow.ts';
import { maskBox, numpyMeanF64, numpySumF32, WARP_PAD } from './region.ts';
import { remapLinearU8 } from './remap.ts';

/** e_i of one sequence on one box: mean |remap(cur, map) − prev| over the selected pixels and 3 channels (float32). */
export function warpPairError(
  prevCrop: Uint8Array,
  curCrop: Uint8Array,
  mapX: Float32Array,
  mapY: Float32Array,
  sel: Uint8Array,
  bw: number,
  bh: number,
): number {
  const warped = remapLinearU8(curCrop, bw, bh, 3, mapX, mapY, bw, bh, 'reflect');
  let count = 0;
  for (let p = 0; p < bw * bh; p++) if (sel[p]) count++;
  const d = new Float32Array(count * 3);
  let k = 0;
  for (let p = 0; p < bw * bh; p++) {
    if (!sel[p]) continue;
    for (let c = 0; c < 3; c++) d[k++] = Math.abs(warped[3 * p + c]! - prevCrop[3 * p + c]!);
  }
  return Math.fround(numpySumF32(d) / d.length);
}

function cropPlane(src: Uint8Array, width: number, x0: number, y0: number, bw: number, bh: number, cn: number): Uint8Array {
  const out = new Uint8Array(bw * bh * cn);
  for (let y = 0; y < bh; y++) out.set(src.subarray(((y0 + y) * width + x0) * cn, ((y0 + y) * width + x0 + bw) * cn), y * bw * cn);
  return out;
}

export const createWarpAccumulator: WarpAccumulatorFactory = (width: number, height: number, sequences: number): WarpAccumulator => {
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) throw new RangeError(`warp error: bad frame size ${width}x${height}`);
  if (!(Number.isInteger(sequences) && sequences > 0)) throw new RangeError(`warp error: need at least one sequence (got ${sequences})`);
  const n = width * height;
  const perPair: number[][] = Array.from({ length: sequences }, () => []);
  // The previous frame, copied into buffers allocated once (callers may reuse theirs).
  const prevY = new Uint8Array(n),
    prevMask = new Uint8Array(n);
  const prevRgb = Array.from({ length: sequences }, () => new Uint8Array(3 * n));
  let frame = 0;
  return {
    add(refY: Uint8Array, mask: Uint8Array, rgb: readonly Uint8Array[]): void {
      if (refY.length < n) throw new RangeError(`warp error: frame ${frame}: reference luma has ${refY.length} bytes, expected ${n} (${width}x${height})`);
      if (mask.length < n) throw new RangeError(`warp error: frame ${frame}: mask has ${mask.length} bytes, expected ${n} (${width}x${height})`);
      if (rgb.length !== sequences)
        throw new RangeError(`warp error: frame ${frame}: ${rgb.length} RGB frames given, expected one per sequence (${sequences})`);
      rgb.forEach((f, s) => {
        if (f.length < 3 * n) throw new RangeError(`warp error: frame ${frame}: RGB frame of sequence ${s} has ${f.length} bytes, expected ${3 * n}`);
      });
      if (frame > 0) {
        const both = new Uint8Array(n),
          either = new Uint8Array(n);
        let overlap = false;
        for (let p = 0; p < n; p++) {
          const a = prevMask[p] !== 0,
            b = mask[p] !== 0;
          if (a && b) {
            both[p] = 1;
            overlap = true;
          }
          if (a || b) either[p] = 1;
        }
        if (overlap) {
          const box = maskBox(either, width, height, WARP_PAD)!;
          const bw = box.x1 - box.x0,
            bh = box.y1 - box.y0;
          let flow: Float32Array;
          try {
            flow = disFlow(cropPlane(prevY, width, box.x0, box.y0, bw, bh, 1), cropPlane(refY, width, box.x0, box.y0, bw, bh, 1), bw, bh);
          } catch (e) {
            throw new RangeError(`warp error: frames ${frame - 1}→${frame}: ${(e as Error).message}`);
          }
          const mapX = new Float32Array(bw * bh),
            mapY = new Float32Array(bw * bh);
          for (let y = 0; y < bh; y++)
            for (let x = 0; x < bw; x++) {
              const p = y * bw + x;
              mapX[p] = Math.fround(x + flow[2 * p]!);
              mapY[p] = Math.fround(y + flow[2 * p + 1]!);
            }
          const sel = cropPlane(both, width, box.x0, box.y0, bw, bh, 1);
          for (let s = 0; s < sequences; s++) {
            const prevCrop = cropPlane(prevRgb[s]!, width, box.x0, box.y0, bw, bh, 3);
            const curCrop = cropPlane(rgb[s]!, width, box.x0, box.y0, bw, bh, 3);
            perPair[s]!.push(warpPairError(prevCrop, curCrop, mapX, mapY, sel, bw, bh));
          }
        }
      }
      prevY.set(refY.subarray(0, n));
      prevMask.set(mask.subarray(0, n));
      rgb.forEach((f, s) => prevRgb[s]!.set(f.subarray(0, 3 * n)));
      frame++;
    },
    result() {
      return {
        errors: perPair.map((e) => (e.length ? numpyMeanF64(e) : 0)),
        pairs: perPair[0]!.length,
        perPair: perPair.map((e) => e.slice()),
      };
    },
  };
};
