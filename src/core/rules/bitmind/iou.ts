/**
 * Mask intersection-over-union for the BitMind (SN34) segmenter rule packs.
 *
 * - `literalIou`: the seed document read literally: foreground = confidence > 0.5, truth non-zero, same shape,
 *   IoU = |P ∧ G| / |P ∨ G|, NaN (with a warning) for an empty union.
 * - `v331Iou`: BitMind-AI/bitmind-subnet bitmind/scoring/eval_engine.py `_get_segmentation_rewards`
 *   (l.167–244)@736c035c2c945cc5f6be30475b8577797daa8b39 and the float16 mask parsing in bitmind/epistula.py.
 *   Values are stored as float16; any value outside [0, 1] rejects the response; a mask with a non-integer value is,
 *   when its shape differs from the truth, truncated to uint8 and resized with OpenCV's bilinear `cv2.resize`
 *   (half-pixel centres, edge clamp, 11-bit fixed-point coefficients, round to nearest), then `np.round`ed (ties
 *   to even); the masks are combined with numpy broadcasting, whose failure is the "exception" status.
 */
import { f16, pyRoundInt } from '../../math/py.ts';
import { InputError } from '../types.ts';
import { arr, int, num, obj } from '../schema.ts';

export type Mask = readonly (readonly number[])[];

/** The input of `iou.mask` in both segmenter packs: a confidence mask and the 0/1 truth, each at least 1×1. */
export const maskPairInput = obj({
  prediction: arr(arr(num(), { minLength: 1 }), { minLength: 1 }),
  groundTruth: arr(arr(int({ min: 0, max: 1 }), { minLength: 1 }), { minLength: 1 }),
});

/** Shape of a rectangular 2-D array; throws `InputError` on ragged rows. */
export function maskShape(mask: Mask, path: string): [number, number] {
  const rows = mask.length;
  const cols = rows > 0 ? mask[0]!.length : 0;
  mask.forEach((row, i) => {
    if (row.length !== cols) throw new InputError(`${path}[${i}]`, `row has ${row.length} values, row 0 has ${cols}`);
  });
  return [rows, cols];
}

const EMPTY_UNION = 'IoU is undefined: both masks are empty (union 0), so 0/0 gives NaN';

/**
 * Seed IoU: prediction confidences > 0.5 are foreground, truth values ≠ 0 are foreground; masks must have the same
 * shape (the seed does not say what happens otherwise). Returns IoU in [0, 1], or NaN with a warning for an empty
 * union.
 */
export function literalIou(prediction: Mask, groundTruth: Mask): { iou: number; warnings?: string[] } {
  const [hp, wp] = maskShape(prediction, 'inputs.prediction');
  const [hg, wg] = maskShape(groundTruth, 'inputs.groundTruth');
  if (hp !== hg || wp !== wg)
    throw new InputError(
      'inputs.prediction',
      `shape ${hp}×${wp} differs from the ground truth's ${hg}×${wg}; the seed defines IoU only for masks of one shape`,
    );
  let inter = 0;
  let union = 0;
  for (let y = 0; y < hp; y++)
    for (let x = 0; x < wp; x++) {
      const p = prediction[y]![x]! > 0.5;
      const g = groundTruth[y]![x]! !== 0;
      if (p && g) inter++;
      if (p || g) union++;
    }
  if (union === 0) return { iou: NaN, warnings: [EMPTY_UNION] };
  return { iou: inter / union };
}

const COEF_BITS = 11;
const COEF_SCALE = 1 << COEF_BITS;

/** Source index and 11-bit fixed-point weights for one destination coordinate (OpenCV INTER_LINEAR). */
function linearTaps(srcSize: number, dstSize: number): { i0: number; i1: number; a0: number; a1: number }[] {
  const scale = srcSize / dstSize;
  const taps = [];
  for (let d = 0; d < dstSize; d++) {
    let f = Math.fround((d + 0.5) * scale - 0.5);
    let s = Math.floor(f);
    f = Math.fround(f - s);
    if (s < 0) {
      f = 0;
      s = 0;
    }
    if (s >= srcSize - 1) {
      f = 0;
      s = srcSize - 1;
    }
    // saturate_cast<short>(x * 2048) rounds to nearest, ties to even (cvRound).
    taps.push({ i0: s, i1: Math.min(s + 1, srcSize - 1), a0: pyRoundInt((1 - f) * COEF_SCALE), a1: pyRoundInt(f * COEF_SCALE) });
  }
  return taps;
}

/**
 * OpenCV `cv2.resize(src_uint8, (width, height))` with the default INTER_LINEAR: half-pixel centres, edge clamp,
 * 11-bit fixed-point weights, result (Σ + 2^21) >> 22 saturated to 0…255. Exact except possibly where a value sits
 * within one fixed-point step of a .5 tie (OpenCV's vectorised rows truncate slightly differently there).
 */
export function resizeBilinearU8(src: Mask, height: number, width: number): number[][] {
  const [hs, ws] = maskShape(src, 'src');
  const xs = linearTaps(ws, width);
  const ys = linearTaps(hs, height);
  const rowBuf = src.map((row) => xs.map((t) => row[t.i0]! * t.a0 + row[t.i1]! * t.a1));
  const out: number[][] = [];
  for (const t of ys) {
    const r0 = rowBuf[t.i0]!;
    const r1 = rowBuf[t.i1]!;
    out.push(
      r0.map((v, x) => {
        const acc = v * t.a0 + r1[x]! * t.a1;
        const value = Math.floor((acc + (1 << (2 * COEF_BITS - 1))) / 2 ** (2 * COEF_BITS));
        return value < 0 ? 0 : value > 255 ? 255 : value;
      }),
    );
  }
  return out;
}

/** numpy `astype(np.uint8)` of a float: truncation toward zero, modulo 256; NaN becomes 0 (x86 behaviour). */
function toUint8(v: number): number {
  if (!Number.isFinite(v)) return 0;
  return ((Math.trunc(v) % 256) + 256) % 256;
}

export interface V331IouResult {
  /** `ok`: an IoU was computed (possibly NaN); `exception`: numpy could not broadcast the shapes (the validator
   * pays 0 and stores nothing); `rejected`: a float16 value lies outside [0, 1], so the response is an error. */
  status: 'ok' | 'exception' | 'rejected';
  iou: number | null;
  warnings?: string[];
}

/**
 * BitMind v3.3.1 segmenter IoU of a float16 confidence mask against a 0/1 truth mask. Returns IoU in [0, 1],
 * NaN for an empty union, or `iou: null` with status `exception` / `rejected` (see `V331IouResult`).
 */
export function v331Iou(prediction: Mask, groundTruth: Mask): V331IouResult {
  const [hp, wp] = maskShape(prediction, 'inputs.prediction');
  const [hg, wg] = maskShape(groundTruth, 'inputs.groundTruth');
  const warnings: string[] = [];
  let changed = 0;
  const half = prediction.map((row) =>
    row.map((v) => {
      const h = f16(v);
      if (h !== v && !(Number.isNaN(h) && Number.isNaN(v))) changed++;
      return h;
    }),
  );
  if (changed > 0)
    warnings.push(`${changed} prediction value(s) are not float16 numbers; they were rounded to float16 as the validator reads the mask as float16`);
  let outside = 0;
  let fractional = false;
  for (const row of half)
    for (const v of row) {
      if (v < 0 || v > 1) outside++;
      if (!(v % 1 === 0)) fractional = true;
    }
  if (outside > 0)
    return {
      status: 'rejected',
      iou: null,
      warnings: [...warnings, `${outside} prediction value(s) lie outside [0, 1]: the validator treats the response as an error (reward 0, nothing stored)`],
    };
  let mask: number[][] = half;
  let h = hp;
  let w = wp;
  if (fractional) {
    if (hp !== hg || wp !== wg) {
      mask = resizeBilinearU8(
        half.map((row) => row.map(toUint8)),
        hg,
        wg,
      );
      h = hg;
      w = wg;
      warnings.push(
        `prediction shape ${hp}×${wp} differs from the truth's ${hg}×${wg}: the validator truncates the confidences to uint8 (only exact 1.0 survives) before a bilinear resize`,
      );
    }
    mask = mask.map((row) => row.map((v) => pyRoundInt(v)));
  }
  const outH = h === hg ? h : h === 1 ? hg : hg === 1 ? h : -1;
  const outW = w === wg ? w : w === 1 ? wg : wg === 1 ? w : -1;
  if (outH < 0 || outW < 0)
    return {
      status: 'exception',
      iou: null,
      warnings: [
        ...warnings,
        `ValueError: operands could not be broadcast together with shapes (${h},${w}) (${hg},${wg}); the validator pays 0 and stores nothing`,
      ],
    };
  let inter = 0;
  let union = 0;
  for (let y = 0; y < outH; y++)
    for (let x = 0; x < outW; x++) {
      const p = mask[h === 1 ? 0 : y]![w === 1 ? 0 : x]! !== 0;
      const g = groundTruth[hg === 1 ? 0 : y]![wg === 1 ? 0 : x]! !== 0;
      if (p && g) inter++;
      if (p || g) union++;
    }
  if (union === 0) return { status: 'ok', iou: NaN, warnings: [...warnings, EMPTY_UNION] };
  return warnings.length > 0 ? { status: 'ok', iou: inter / union, warnings } : { status: 'ok', iou: inter / union };
}
