/**
 * Unit tests for the segmenter mask helpers: pairing by file name, JSON mask parsing with row/column errors, shape
 * checks, truth binarisation and grey-level conversion (exact values), and the path into `iou.mask` of both packs.
 */
import { describe, expect, it } from 'vitest';
import { callPackFunction } from '../call.ts';
import { bitmindSeed } from './bitmind-seed.ts';
import { bitmindV331 } from './bitmind-v3-3-1.ts';
import { MaskInputError, checkSameShape, greyFromRgba, pairMaskFiles, parseMaskJson, toRows, truthRows } from './segmenter-data.ts';

describe('pairMaskFiles', () => {
  it('pairs <key>.pred.* with <key>.gt.* and sorts by key', () => {
    const out = pairMaskFiles(['b.gt.png', 'a.pred.json', 'b.pred.png', 'a.GT.png']);
    expect(out.errors).toEqual([]);
    expect(out.pairs).toEqual([
      { key: 'a', pred: 'a.pred.json', gt: 'a.GT.png' },
      { key: 'b', pred: 'b.pred.png', gt: 'b.gt.png' },
    ]);
  });
  it('names unmatched, duplicated and unrecognised files', () => {
    const out = pairMaskFiles(['x.pred.png', 'y.gt.png', 'z.png', 'w.pred.png', 'w.pred.json', 'w.gt.png']);
    expect(out.pairs.map((p) => p.key)).toEqual(['w']);
    expect(out.errors).toHaveLength(4);
    expect(out.errors.join('\n')).toMatch(/z\.png: the name does not follow/);
    expect(out.errors.join('\n')).toMatch(/w\.pred\.json: a second pred mask for "w"/);
    expect(out.errors.join('\n')).toMatch(/x\.pred\.png: no ground-truth mask x\.gt\.png/);
    expect(out.errors.join('\n')).toMatch(/y\.gt\.png: no prediction y\.pred\.png/);
  });
});

describe('parseMaskJson', () => {
  it('reads a rectangular array row-major', () => {
    const m = parseMaskJson('[[0, 0.25], [0.75, 1], [0.5, 0.5]]', 'm.pred.json');
    expect(m.width).toBe(2);
    expect(m.height).toBe(3);
    expect(Array.from(m.values)).toEqual([0, 0.25, 0.75, 1, 0.5, 0.5]);
    expect(toRows(m)).toEqual([
      [0, 0.25],
      [0.75, 1],
      [0.5, 0.5],
    ]);
  });
  it('names the row of a ragged mask and the cell of a bad value', () => {
    expect(() => parseMaskJson('[[0, 1], [1]]', 'r.pred.json')).toThrow(/r\.pred\.json: row 2 has 1 values, row 1 has 2/);
    expect(() => parseMaskJson('[[0, 1], [1, "x"]]', 'c.pred.json')).toThrow(/row 2, column 2: "x" is not a finite number/);
    expect(() => parseMaskJson('{"a":1}', 'o.pred.json')).toThrow(MaskInputError);
    expect(() => parseMaskJson('[[0,', 'j.pred.json')).toThrow(/not valid JSON/);
  });
});

describe('shapes, truth and grey levels', () => {
  const pair = { key: 'k', pred: 'k.pred.png', gt: 'k.gt.png' };
  it('rejects masks of different sizes naming both files', () => {
    const a = { width: 4, height: 4, values: new Float64Array(16) };
    const b = { width: 4, height: 3, values: new Float64Array(12) };
    expect(() => checkSameShape(pair, a, b)).toThrow(/pair "k": k\.pred\.png is 4×4 but k\.gt\.png is 4×3/);
    expect(() => checkSameShape(pair, a, a)).not.toThrow();
  });
  it('binarises the truth (non-zero → 1) and converts RGBA grey to g/255 exactly', () => {
    const grey = greyFromRgba([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 1, 1, 1, 255], 2, 2);
    expect([...grey]).toEqual([0, 128 / 255, 1, 1 / 255]);
    expect(truthRows({ width: 2, height: 2, values: grey }, 't.gt.png')).toEqual([
      [0, 1],
      [1, 1],
    ]);
    expect(() => truthRows({ width: 1, height: 1, values: [-1] }, 'n.gt.json')).toThrow(/n\.gt\.json: row 1, column 1/);
    expect(() => greyFromRgba([0, 0, 0], 1, 1)).toThrow(RangeError);
  });
  it('feeds iou.mask of both packs (exact: 2 of 3 foreground pixels agree)', () => {
    const pred = toRows({ width: 2, height: 2, values: [0.9, 128 / 255, 127 / 255, 0.1] });
    const gt = truthRows({ width: 2, height: 2, values: [1, 0, 1, 0] }, 'g.gt.png');
    // pred > 0.5: (0,0) and (0,1); truth: (0,0) and (1,0) → intersection 1, union 3.
    const seed = callPackFunction(bitmindSeed, 'iou.mask', { prediction: pred, groundTruth: gt }) as { iou: number };
    expect(seed.iou).toBe(1 / 3);
    const v331 = callPackFunction(bitmindV331, 'iou.mask', { prediction: pred, groundTruth: gt }) as { iou: number; status: string };
    expect(v331.status).toBe('ok');
    expect(v331.iou).toBe(1 / 3);
  });
});
