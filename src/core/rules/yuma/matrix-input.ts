/**
 * Parses a stake vector and a weight matrix (validators × miners) that a user pastes or drops into the app, from
 * CSV or JSON text, for the Yuma packs (`incentive.rank`, `yuma.consensus`). Every error names the row and cell
 * (1-based, as a spreadsheet shows them) so the user can fix the input.
 *
 * CSV: one line per validator, `stake, w1, w2, …`; an optional first line of column names (every cell non-numeric)
 * is skipped; commas, semicolons or tabs separate cells; blank lines are ignored.
 * JSON: `{"stake": [..], "weights": [[..], ..]}`.
 *
 * Work is bounded before it starts: the text is at most `MAX_MATRIX_TEXT_CHARS` characters and validators + miners
 * at most `MAX_YUMA_UIDS` (the chain's epoch works on a UIDs × UIDs matrix), checked from the row and column counts
 * before any cell is parsed. A total stake or a weight row whose sum overflows to Infinity is refused (every
 * normalised value would become 0, a silently wrong consensus), naming the row.
 */
import { readCsv } from '../../text/csv.ts';
import { InputError } from '../../errors.ts';

export interface StakeWeights {
  /** Stake per validator (stake units, ≥ 0). */
  stake: number[];
  /** Weights, rows = validators, columns = miners (each ≥ 0, rows as given). */
  weights: number[][];
}

/** A parse error; `row` and `cell` (= `column`) are 1-based when known. */
export class MatrixInputError extends InputError {
  override readonly name = 'MatrixInputError';
  readonly cell?: number;
  constructor(message: string, row?: number, cell?: number) {
    super(message, { row, column: cell });
    this.cell = cell;
  }
}

/** Most UIDs (validators + miners) one input may have: the epoch's UIDs × UIDs matrices stay ≤ 1 M cells. */
export const MAX_YUMA_UIDS = 1024;
/** Most characters of stake/weights text (16 Mi: a 1024-UID matrix with 16-character cells fits). */
export const MAX_MATRIX_TEXT_CHARS = 16 * 1024 * 1024;

function checkBounds(validators: number, miners: number): void {
  if (validators + miners > MAX_YUMA_UIDS)
    throw new MatrixInputError(
      `too large: ${validators} validators × ${miners} miners is ${validators + miners} UIDs; at most ${MAX_YUMA_UIDS} UIDs (validators + miners) are accepted, so the epoch's UIDs × UIDs matrices stay bounded`,
    );
}

function checkTextSize(text: string): void {
  if (text.length > MAX_MATRIX_TEXT_CHARS)
    throw new MatrixInputError(`too large: ${(text.length / 1048576).toFixed(1)} MiB of text; at most ${MAX_MATRIX_TEXT_CHARS / 1048576} MiB are accepted`);
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseCell(text: string, row: number, cell: number, what: string): number {
  const t = text.trim();
  if (!NUMBER.test(t)) throw new MatrixInputError(`row ${row}, cell ${cell}: ${what} ${JSON.stringify(t)} is not a number`, row, cell);
  return Number(t);
}

function check(stake: number[], weights: number[][], label: (i: number) => string): StakeWeights {
  if (stake.length === 0) throw new MatrixInputError('no validators: the stake vector is empty');
  if (weights.length !== stake.length) throw new MatrixInputError(`size mismatch: ${stake.length} stake values but ${weights.length} weight rows`);
  const cols = weights[0]!.length;
  if (cols === 0) throw new MatrixInputError(`${label(0)}: no weights (expected at least one miner column)`, 1);
  weights.forEach((r, i) => {
    if (r.length !== cols) throw new MatrixInputError(`${label(i)}: ragged row, ${r.length} weights where row 1 has ${cols}`, i + 1);
  });
  stake.forEach((s, i) => {
    if (!Number.isFinite(s)) throw new MatrixInputError(`${label(i)}: stake ${s} is not a finite number`, i + 1, 1);
    if (s < 0) throw new MatrixInputError(`${label(i)}: negative stake ${s}`, i + 1, 1);
  });
  weights.forEach((r, i) =>
    r.forEach((w, j) => {
      if (!Number.isFinite(w)) throw new MatrixInputError(`${label(i)}, weight ${j + 1}: ${w} is not a finite number`, i + 1, j + 2);
      if (w < 0) throw new MatrixInputError(`${label(i)}, weight ${j + 1}: negative weight ${w}`, i + 1, j + 2);
    }),
  );
  // Sums that overflow make every normalised value 0 (stake / Infinity): refuse instead of a silent all-zero result.
  let total = 0;
  let largest = 0;
  stake.forEach((s, i) => {
    total += s;
    if (s > stake[largest]!) largest = i;
  });
  if (!Number.isFinite(total))
    throw new MatrixInputError(
      `${label(largest)}: stake ${stake[largest]} makes the total stake overflow to Infinity, so every normalised stake would be 0; scale all stakes down by the same factor`,
      largest + 1,
      1,
    );
  weights.forEach((r, i) => {
    let sum = 0;
    for (const w of r) sum += w;
    if (!Number.isFinite(sum))
      throw new MatrixInputError(`${label(i)}: the weights sum to Infinity (overflow), so the row cannot be normalised; scale the row down`, i + 1);
  });
  return { stake, weights };
}

/**
 * Parses CSV text: one line per validator, first cell stake, then one weight per miner.
 * @throws MatrixInputError naming the line and cell (non-numeric cells, ragged rows, negative stake or weights)
 */
export function parseStakeWeightsCsv(text: string): StakeWeights {
  checkTextSize(text);
  let lines;
  try {
    // Every cell is a number, so a semicolon or tab can only be a separator: pasted text may mix them with commas.
    lines = readCsv(text.replace(/[;\t]/g, ','));
  } catch (err) {
    throw new MatrixInputError((err as Error).message);
  }
  if (lines.length > 0 && lines[0]!.cells.every((c) => !NUMBER.test(c.trim()))) lines.shift();
  if (lines.length > 0) checkBounds(lines.length, lines[0]!.cells.length - 1);
  const stake: number[] = [];
  const weights: number[][] = [];
  const lineOf: number[] = [];
  for (const { line, cells } of lines) {
    stake.push(parseCell(cells[0]!, line, 1, 'stake'));
    weights.push(cells.slice(1).map((c, j) => parseCell(c, line, j + 2, 'weight')));
    lineOf.push(line);
  }
  if (stake.length === 0) throw new MatrixInputError('no data rows in the CSV text');
  try {
    return check(stake, weights, (i) => `row ${lineOf[i]}`);
  } catch (err) {
    // Re-number rows to text lines so the message and the fields agree.
    if (err instanceof MatrixInputError && err.row !== undefined) throw new MatrixInputError(err.message, lineOf[err.row - 1], err.cell);
    throw err;
  }
}

/**
 * Parses JSON text `{"stake": number[], "weights": number[][]}` (rows = validators).
 * @throws MatrixInputError naming the row and cell of a bad value
 */
export function parseStakeWeightsJson(text: string): StakeWeights {
  checkTextSize(text);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new MatrixInputError(`not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new MatrixInputError('expected an object {"stake": [...], "weights": [[...], ...]}');
  const { stake, weights } = data as { stake?: unknown; weights?: unknown };
  if (!Array.isArray(stake)) throw new MatrixInputError('"stake" must be an array of numbers');
  if (!Array.isArray(weights)) throw new MatrixInputError('"weights" must be an array of rows');
  checkBounds(Math.max(stake.length, weights.length), Array.isArray(weights[0]) ? weights[0].length : 0);
  const s = stake.map((v, i) => {
    if (typeof v !== 'number') throw new MatrixInputError(`stake ${i + 1}: ${JSON.stringify(v)} is not a number`, i + 1, 1);
    return v;
  });
  const w = weights.map((row, i) => {
    if (!Array.isArray(row)) throw new MatrixInputError(`row ${i + 1}: expected an array of weights`, i + 1);
    return row.map((v, j) => {
      if (typeof v !== 'number') throw new MatrixInputError(`row ${i + 1}, weight ${j + 1}: ${JSON.stringify(v)} is not a number`, i + 1, j + 2);
      return v;
    });
  });
  return check(s, w, (i) => `row ${i + 1}`);
}

/** Parses CSV or JSON (JSON when the text starts with `{` or `[`). */
export function parseStakeWeights(text: string): StakeWeights {
  return /^\s*[{[]/.test(text) ? parseStakeWeightsJson(text) : parseStakeWeightsCsv(text);
}
