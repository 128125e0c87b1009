/**
 * Parses a stake vector and a weight matrix (validators × miners) that a user pastes or drops into the app, from
 * CSV or JSON text, for the Yuma packs (`incentive.rank`, `yuma.consensus`). Every error names the row and cell
 * (1-based, as a spreadsheet shows them) so the user can fix the input.
 *
 * CSV: one line per validator, `stake, w1, w2, …`; an optional first line of column names (every cell non-numeric)
 * is skipped; commas, semicolons or tabs separate cells; blank lines are ignored.
 * JSON: `{"stake": [..], "weights": [[..], ..]}`.
 */

export interface StakeWeights {
  /** Stake per validator (stake units, ≥ 0). */
  stake: number[];
  /** Weights, rows = validators, columns = miners (each ≥ 0, rows as given). */
  weights: number[][];
}

/** A parse error; `row` and `cell` are 1-based when known. */
export class MatrixInputError extends Error {
  readonly row?: number;
  readonly cell?: number;
  constructor(message: string, row?: number, cell?: number) {
    super(message);
    this.name = 'MatrixInputError';
    this.row = row;
    this.cell = cell;
  }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseCell(text: string, row: number, cell: number, what: string): number {
  const t = text.trim();
  if (!NUMBER.test(t)) throw new MatrixInputError(`row ${row}, cell ${cell}: ${what} ${JSON.stringify(t)} is not a number`, row, cell);
  return Number(t);
}

function check(stake: number[], weights: number[][], label: (i: number) => string): StakeWeights {
  if (stake.length === 0) throw new MatrixInputError('no validators: the stake vector is empty');
  if (weights.length !== stake.length)
    throw new MatrixInputError(`size mismatch: ${stake.length} stake values but ${weights.length} weight rows`);
  const cols = weights[0]!.length;
  if (cols === 0) throw new MatrixInputError(`${label(0)}: no weights (expected at least one miner column)`, 1);
  weights.forEach((r, i) => {
    if (r.length !== cols)
      throw new MatrixInputError(`${label(i)}: ragged row, ${r.length} weights where row 1 has ${cols}`, i + 1);
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
  return { stake, weights };
}

/**
 * Parses CSV text: one line per validator, first cell stake, then one weight per miner.
 * @throws MatrixInputError naming the line and cell (non-numeric cells, ragged rows, negative stake or weights)
 */
export function parseStakeWeightsCsv(text: string): StakeWeights {
  const lines = text
    .split(/\r?\n/)
    .map((l, i) => ({ line: i + 1, cells: l.split(/[,;\t]/) }))
    .filter((l) => l.cells.some((c) => c.trim() !== ''));
  if (lines.length > 0 && lines[0]!.cells.every((c) => !NUMBER.test(c.trim()))) lines.shift();
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
    if (err instanceof MatrixInputError && err.row !== undefined)
      throw new MatrixInputError(err.message, lineOf[err.row - 1], err.cell);
    throw err;
  }
}

/**
 * Parses JSON text `{"stake": number[], "weights": number[][]}` (rows = validators).
 * @throws MatrixInputError naming the row and cell of a bad value
 */
export function parseStakeWeightsJson(text: string): StakeWeights {
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
  const s = stake.map((v, i) => {
    if (typeof v !== 'number') throw new MatrixInputError(`stake ${i + 1}: ${JSON.stringify(v)} is not a number`, i + 1, 1);
    return v;
  });
  const w = weights.map((row, i) => {
    if (!Array.isArray(row)) throw new MatrixInputError(`row ${i + 1}: expected an array of weights`, i + 1);
    return row.map((v, j) => {
      if (typeof v !== 'number')
        throw new MatrixInputError(`row ${i + 1}, weight ${j + 1}: ${JSON.stringify(v)} is not a number`, i + 1, j + 2);
      return v;
    });
  });
  return check(s, w, (i) => `row ${i + 1}`);
}

/** Parses CSV or JSON (JSON when the text starts with `{`). */
export function parseStakeWeights(text: string): StakeWeights {
  return text.trimStart().startsWith('{') ? parseStakeWeightsJson(text) : parseStakeWeightsCsv(text);
}
