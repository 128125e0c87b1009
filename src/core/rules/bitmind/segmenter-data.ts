/**
 * Pure helpers for a BitMind (SN34) segmenter miner's own masks, as the app loads them before scoring them with a
 * rule pack's `iou.mask`: pairing dropped files by name (`<key>.pred.png|json` with `<key>.gt.png|json`), parsing a
 * JSON confidence mask, turning decoded grey levels into the pack's input arrays, and checking that the two masks
 * of a pair have one shape. Every problem names the file, and where it applies the row and column.
 */
import { InputError, type InputLocation } from '../../errors.ts';

/** A decoded mask: row-major values, `width × height`. */
export interface MaskData {
  width: number;
  height: number;
  /** Row-major values; grey levels 0…1 for PNGs, confidences for JSON. */
  values: ArrayLike<number>;
}

export interface MaskPair {
  /** The shared file-name stem, e.g. `x` for `x.pred.png` + `x.gt.png`. */
  key: string;
  pred: string;
  gt: string;
}

export interface PairingResult {
  /** Complete pairs, sorted by key (the order taken as the chronological history). */
  pairs: MaskPair[];
  /** One message per file that could not be paired or whose name does not follow the convention. */
  errors: string[];
}

const NAME = /^(.+)\.(pred|gt)\.(png|json)$/i;

/**
 * Pairs file names by the convention `<key>.pred.(png|json)` (predicted confidence mask) and `<key>.gt.(png|json)`
 * (ground-truth mask). Names are matched case-insensitively on the suffix; keys are compared exactly. Returns the
 * pairs sorted by key (code-point order) and an error for every unmatched, duplicated or unrecognised name.
 */
export function pairMaskFiles(names: readonly string[]): PairingResult {
  const preds = new Map<string, string>();
  const gts = new Map<string, string>();
  const errors: string[] = [];
  for (const name of names) {
    const m = NAME.exec(name);
    if (!m) {
      errors.push(`${name}: the name does not follow <name>.pred.png|json or <name>.gt.png|json`);
      continue;
    }
    const key = m[1]!;
    const side = m[2]!.toLowerCase() === 'pred' ? preds : gts;
    const prior = side.get(key);
    if (prior !== undefined) errors.push(`${name}: a second ${m[2]!.toLowerCase()} mask for "${key}" (${prior} came first)`);
    else side.set(key, name);
  }
  const pairs: MaskPair[] = [];
  for (const [key, pred] of preds) {
    const gt = gts.get(key);
    if (gt === undefined) errors.push(`${pred}: no ground-truth mask ${key}.gt.png for this prediction`);
    else pairs.push({ key, pred, gt });
  }
  for (const [key, gt] of gts) if (!preds.has(key)) errors.push(`${gt}: no prediction ${key}.pred.png for this ground truth`);
  pairs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { pairs, errors };
}

/** A mask file that cannot be used; the message names the file and, where known, the row and column (1-based). */
export class MaskInputError extends InputError {
  override readonly name = 'MaskInputError';
  constructor(message: string, at: InputLocation = {}) {
    super(message, at);
  }
}

/**
 * Parses a JSON mask: a non-empty array of equally long non-empty rows of finite numbers (confidences, normally
 * 0…1; values outside are kept so the pack can judge them). Throws `MaskInputError` naming the file, row and column
 * (1-based) of the first problem.
 */
export function parseMaskJson(text: string, fileName: string): MaskData {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new MaskInputError(`${fileName}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!Array.isArray(data) || data.length === 0) throw new MaskInputError(`${fileName}: expected a non-empty array of rows (a 2-D array of numbers)`);
  const height = data.length;
  const first = data[0];
  if (!Array.isArray(first) || first.length === 0) throw new MaskInputError(`${fileName}: row 1 is not a non-empty array of numbers`);
  const width = first.length;
  const values = new Float64Array(width * height);
  data.forEach((row: unknown, y: number) => {
    if (!Array.isArray(row)) throw new MaskInputError(`${fileName}: row ${y + 1} is not an array of numbers`);
    if (row.length !== width) throw new MaskInputError(`${fileName}: row ${y + 1} has ${row.length} values, row 1 has ${width} (ragged mask)`);
    row.forEach((v: unknown, x: number) => {
      if (typeof v !== 'number' || !Number.isFinite(v))
        throw new MaskInputError(`${fileName}: row ${y + 1}, column ${x + 1}: ${JSON.stringify(v) ?? String(v)} is not a finite number`);
      values[y * width + x] = v;
    });
  });
  return { width, height, values };
}

/**
 * Checks that a prediction and its ground truth have one shape; throws `MaskInputError` naming both files and
 * their sizes otherwise (the app rejects such a pair before scoring).
 */
export function checkSameShape(pair: MaskPair, pred: MaskData, gt: MaskData): void {
  if (pred.width !== gt.width || pred.height !== gt.height)
    throw new MaskInputError(
      `pair "${pair.key}": ${pair.pred} is ${pred.width}×${pred.height} but ${pair.gt} is ${gt.width}×${gt.height} (masks of one pair must have the same size)`,
    );
}

/** Row-major values → rows (`number[][]`, `height` rows of `width`), the shape `iou.mask` takes. */
export function toRows(mask: MaskData): number[][] {
  const rows: number[][] = new Array(mask.height);
  for (let y = 0; y < mask.height; y++) {
    const row = new Array<number>(mask.width);
    for (let x = 0; x < mask.width; x++) row[x] = mask.values[y * mask.width + x]!;
    rows[y] = row;
  }
  return rows;
}

/**
 * Ground-truth rows for `iou.mask`: 1 where the value is non-zero, else 0 (the seed's "truth non-zero"; a 0/255
 * PNG gives 0/1). Throws `MaskInputError` for a negative or non-finite value (row/column 1-based).
 */
export function truthRows(mask: MaskData, fileName: string): number[][] {
  const rows: number[][] = new Array(mask.height);
  for (let y = 0; y < mask.height; y++) {
    const row = new Array<number>(mask.width);
    for (let x = 0; x < mask.width; x++) {
      const v = mask.values[y * mask.width + x]!;
      if (!Number.isFinite(v) || v < 0)
        throw new MaskInputError(`${fileName}: row ${y + 1}, column ${x + 1}: ground-truth value ${v} is not a non-negative number`);
      row[x] = v !== 0 ? 1 : 0;
    }
    rows[y] = row;
  }
  return rows;
}

/**
 * 8-bit grey levels (RGBA bytes, the red channel is read) → 0…1 values `g/255`, row-major. `rgba.length` must be
 * `4·width·height`.
 */
export function greyFromRgba(rgba: ArrayLike<number>, width: number, height: number): Float64Array {
  const n = width * height;
  if (rgba.length !== 4 * n) throw new RangeError(`greyFromRgba: ${rgba.length} bytes for ${width}×${height} pixels`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rgba[4 * i]! / 255;
  return out;
}
