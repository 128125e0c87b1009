/** Unit tests for the stake/weight text parser and `outOfConsensus` (exact values). */
import { describe, expect, it } from 'vitest';
import { MatrixInputError, parseStakeWeights, parseStakeWeightsCsv, parseStakeWeightsJson } from './matrix-input.ts';
import { consensus, outOfConsensus } from './math.ts';

function errorOf(f: () => unknown): MatrixInputError {
  try {
    f();
  } catch (err) {
    if (err instanceof MatrixInputError) return err;
    throw err;
  }
  throw new Error('expected a MatrixInputError');
}

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
  it('names the line and cell of a non-numeric cell', () => {
    const e = errorOf(() => parseStakeWeightsCsv('1,0.5,abc'));
    expect([e.row, e.cell]).toEqual([1, 3]);
    expect(e.message).toMatch(/row 1, cell 3.*"abc"/);
  });
  it('names a ragged row', () => {
    const e = errorOf(() => parseStakeWeightsCsv('1,0.5,0.5\n2,1'));
    expect(e.row).toBe(2);
    expect(e.message).toMatch(/ragged/);
  });
  it('rejects negative stake and negative weights with their cell', () => {
    const s = errorOf(() => parseStakeWeightsCsv('1,1\n-2,1'));
    expect([s.row, s.cell]).toEqual([2, 1]);
    expect(s.message).toMatch(/negative stake/);
    const w = errorOf(() => parseStakeWeightsCsv('1,1,-0.1'));
    expect([w.row, w.cell]).toEqual([1, 3]);
    expect(w.message).toMatch(/negative weight/);
  });
  it('rejects a row with no weights and empty text', () => {
    expect(() => parseStakeWeightsCsv('5')).toThrow(/no weights/);
    expect(() => parseStakeWeightsCsv('\n\n')).toThrow(/no data rows/);
  });
});

describe('parseStakeWeightsJson', () => {
  it('parses an object and auto-detects JSON', () => {
    expect(parseStakeWeights(' {"stake":[1,2],"weights":[[1,0],[0.5,0.5]]}')).toEqual({ stake: [1, 2], weights: [[1, 0], [0.5, 0.5]] });
  });
  it('reports size mismatch between stake and rows', () => {
    expect(() => parseStakeWeightsJson('{"stake":[1,2,3],"weights":[[1],[1]]}')).toThrow(/size mismatch: 3 stake values but 2 weight rows/);
  });
  it('names non-numeric and negative cells, ragged rows', () => {
    const e = errorOf(() => parseStakeWeightsJson('{"stake":[1],"weights":[[1,"x"]]}'));
    expect([e.row, e.cell]).toEqual([1, 3]);
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
