/** Unit tests for the stake/weight text parser and `outOfConsensus` (exact values). */
import { describe, expect, it } from 'vitest';
import { parseStakeWeights, parseStakeWeightsCsv, parseStakeWeightsJson } from './matrix-input.ts';
import { consensus, outOfConsensus } from './math.ts';

/** Matches a thrown MatrixInputError whose message matches `message` and that names `at` (row, cell). */
const matrixError = (message: RegExp | string, at: { row?: number; cell?: number } = {}) =>
  expect.objectContaining({ name: 'MatrixInputError', message: typeof message === 'string' ? message : expect.stringMatching(message), ...at });

describe('parseStakeWeightsCsv', () => {
  it('parses rows with a header, blank lines and semicolons', () => {
    expect(parseStakeWeightsCsv('stake,m0,m1\n600, 0.4, 0.6\n\n300;1;0\n')).toEqual({
      stake: [600, 300],
      weights: [
        [0.4, 0.6],
        [1, 0],
      ],
    });
  });
  it.each([
    { what: 'the line and cell of a non-numeric cell', text: '1,0.5,abc', message: /row 1, cell 3.*"abc"/, at: { row: 1, cell: 3 } },
    { what: 'a ragged row', text: '1,0.5,0.5\n2,1', message: /ragged/, at: { row: 2 } },
    { what: 'a negative stake with its cell', text: '1,1\n-2,1', message: /negative stake/, at: { row: 2, cell: 1 } },
    { what: 'a negative weight with its cell', text: '1,1,-0.1', message: /negative weight/, at: { row: 1, cell: 3 } },
  ])('names $what', ({ text, message, at }) => {
    expect(() => parseStakeWeightsCsv(text)).toThrow(matrixError(message, at));
  });
  it('rejects a row with no weights and empty text', () => {
    expect(() => parseStakeWeightsCsv('5')).toThrow(/no weights/);
    expect(() => parseStakeWeightsCsv('\n\n')).toThrow(/no data rows/);
  });
});

describe('parseStakeWeightsJson', () => {
  it('parses an object, auto-detected, as the same rows in CSV', () => {
    expect(parseStakeWeights(' {"stake":[1,2],"weights":[[1,0],[0.5,0.5]]}')).toEqual(parseStakeWeightsCsv('1,1,0\n2,0.5,0.5'));
  });
  it('reports size mismatch between stake and rows', () => {
    expect(() => parseStakeWeightsJson('{"stake":[1,2,3],"weights":[[1],[1]]}')).toThrow(/size mismatch: 3 stake values but 2 weight rows/);
  });
  it('names non-numeric and negative cells, ragged rows', () => {
    expect(() => parseStakeWeightsJson('{"stake":[1],"weights":[[1,"x"]]}')).toThrow(matrixError(/./, { row: 1, cell: 3 }));
    expect(() => parseStakeWeightsJson('{"stake":[1,-1],"weights":[[1],[1]]}')).toThrow(/row 2: negative stake -1/);
    expect(() => parseStakeWeightsJson('{"stake":[1,1],"weights":[[1],[1,2]]}')).toThrow(/row 2: ragged/);
    expect(() => parseStakeWeightsJson('{"stake":[1],"weights":[[-3]]}')).toThrow(/negative weight -3/);
    expect(() => parseStakeWeightsJson('[1]')).toThrow(/expected an object/);
    expect(() => parseStakeWeightsJson('{oops')).toThrow(/not valid JSON/);
  });
});

describe('outOfConsensus', () => {
  it('ranks validators by clipped mass Σ(W − min(W, C))', () => {
    const w = [
      [0.4, 0.3, 0.2, 0.1],
      [0.4, 0.3, 0.2, 0.1],
      [0, 0, 0, 1],
    ];
    const c = consensus([0.6, 0.3, 0.1], w, 32767 / 65535);
    expect(c).toEqual([0.4, 0.3, 0.2, 0.1]);
    const out = outOfConsensus(w, c);
    expect(out).toHaveLength(1);
    expect(out[0]!.validator).toBe(2);
    expect(out[0]!.worstMiner).toBe(3);
    expect(out[0]!.clippedMass).toBeCloseTo(0.9, 15);
  });
  it('orders by mass, ties by index, and omits validators fully in consensus', () => {
    const out = outOfConsensus(
      [
        [0.5, 0.5],
        [1, 0],
        [0, 1],
        [0.2, 0.2],
      ],
      [0.5, 0.5],
    );
    expect(out.map((o) => [o.validator, o.clippedMass])).toEqual([
      [1, 0.5],
      [2, 0.5],
    ]);
  });
});

describe('bounds and overflow (issue 13 items 8 and 9)', () => {
  const csv = (v: number, m: number) => Array.from({ length: v }, () => ['1', ...new Array(m).fill('0.5')].join(',')).join('\n');
  it('refuses 1000 × 1000 before parsing a cell, naming the size', () => {
    const big = csv(1000, 1000).replace(/^1,0.5/, '1,x'); // a bad cell that would be reported if cells were parsed first
    expect(() => parseStakeWeightsCsv(big)).toThrow('too large: 1000 validators × 1000 miners is 2000 UIDs; at most 1024');
    expect(() => parseStakeWeightsJson(JSON.stringify({ stake: new Array(600).fill(1), weights: [new Array(600).fill(0)] }))).toThrow('1200 UIDs');
  });
  it('accepts 512 + 512 UIDs (the limit)', () => {
    expect(parseStakeWeightsCsv(csv(512, 512)).weights[511]).toHaveLength(512);
  });
  it('refuses text over 16 MiB', () => {
    expect(() => parseStakeWeights(' '.repeat(16 * 1024 * 1024 + 1))).toThrow('too large: 16.0 MiB of text');
  });
  it('reads text starting with [ as JSON (and says an object is expected)', () => {
    expect(() => parseStakeWeights('[1,2]')).toThrow('expected an object {"stake"');
  });
  it('refuses stakes whose total overflows (1e308 twice), naming the row', () => {
    expect(() => parseStakeWeightsCsv('stake,m1\n1,1\n1e308,1\n1e308,1\n')).toThrow(
      matrixError(
        'row 3: stake 1e+308 makes the total stake overflow to Infinity, so every normalised stake would be 0; scale all stakes down by the same factor',
        { row: 3 },
      ),
    );
    expect(() => parseStakeWeightsJson('{"stake":[1e308,1e308],"weights":[[1],[1]]}')).toThrow('row 1: stake 1e+308');
  });
  it('refuses a weight row whose sum overflows', () => {
    expect(() => parseStakeWeightsCsv('1,1e308,1e308\n1,1,1\n')).toThrow('row 1: the weights sum to Infinity');
  });
  it('still accepts a single 1e308 stake (its total is finite and normalises exactly)', () => {
    expect(parseStakeWeightsCsv('1e308,1\n300,1\n').stake).toEqual([1e308, 300]);
  });
});
