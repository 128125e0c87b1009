/**
 * Unit tests for the detector prediction-table helpers: validation errors name the row and field; confusion matrix,
 * per-class accuracy and reliability bins are checked on hand-computed examples (exact counts, 1e-12 for means).
 */
import { describe, expect, it } from 'vitest';
import { accuracyByClass, aiProbabilityOf, confusionMatrix, parsePredictionTable, predictedClass, reliabilityBins } from './detector-data.ts';

describe('parsePredictionTable', () => {
  it('accepts string and numeric labels and 1-, 2- and 3-entry probabilities', () => {
    const out = parsePredictionTable([
      { id: 'a', modality: 'image', label: 'real', probabilities: [0.7, 0.2, 0.1] },
      { id: 2, modality: 'video', label: 'semi-synthetic', probabilities: [0.4, 0.6] },
      { id: 'c', modality: 'image', label: 1, probabilities: [0.8] },
      { id: 'd', modality: 'image', label: 'synthetic', probabilities: [0.3333333, 0.3333333, 0.3333333] },
    ]);
    expect(out.ok).toBe(true);
    expect(out.rows.map((r) => [r.id, r.label])).toEqual([
      ['a', 0],
      ['2', 2],
      ['c', 1],
      ['d', 1],
    ]);
  });

  it('names the row and field of every error and keeps the valid rows', () => {
    const out = parsePredictionTable([
      { id: 'ok', modality: 'image', label: 0, probabilities: [1, 0, 0] },
      { id: 'badLabel', modality: 'image', label: 'fake', probabilities: [0.5, 0.5] },
      { id: 'badSum', modality: 'video', label: 'real', probabilities: [0.5, 0.5, 0.1] },
      { id: 'neg', modality: 'image', label: 3, probabilities: [-0.1, 1.1] },
      { id: 'ok', modality: 'audio', label: 0, probabilities: [] },
      'not a row',
    ]);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.rows.map((r) => r.id)).toEqual(['ok']);
    const where = out.errors.map((e) => `${e.index}:${e.field}`);
    expect(where).toEqual([
      '1:label',
      '2:probabilities',
      '3:label',
      '3:probabilities[0]',
      '3:probabilities[1]',
      '4:id',
      '4:modality',
      '4:probabilities',
      '5:row',
    ]);
    expect(out.errors[1]!.message).toMatch(/sum to 1\.1/);
    expect(out.errors[3]!.message).toMatch(/negative/);
    expect(out.errors[5]!.message).toMatch(/duplicate id "ok" \(first used in row 0\)/);
    expect(out.errors[1]!.id).toBe('badSum');
  });

  it('rejects a sum off by more than 1e-6 but accepts one off by 1e-7', () => {
    expect(parsePredictionTable([{ id: 1, modality: 'image', label: 0, probabilities: [0.5, 0.500002] }]).ok).toBe(false);
    expect(parsePredictionTable([{ id: 1, modality: 'image', label: 0, probabilities: [0.5, 0.5000001] }]).ok).toBe(true);
  });

  it('rejects non-arrays, missing ids, non-finite values and unknown fields', () => {
    expect(parsePredictionTable({}).ok).toBe(false);
    const out = parsePredictionTable([{ modality: 'image', label: 0, probabilities: [NaN], extra: true }]);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.errors.map((e) => e.field)).toEqual(['id', 'extra', 'probabilities[0]']);
  });
});

describe('predictions, confusion matrix and accuracy', () => {
  it('predictedClass and aiProbabilityOf follow the argmax / P(AI) rules', () => {
    expect(predictedClass([0.5, 0.5, 0])).toBe(0);
    expect(predictedClass([0.1, 0.3, 0.6])).toBe(2);
    expect(predictedClass([0.4, 0.6])).toBe(1);
    expect(predictedClass([0.5])).toBe(0);
    expect(predictedClass([0.51])).toBe(1);
    expect(aiProbabilityOf([0.7, 0.2, 0.1])).toBeCloseTo(0.3, 12);
    expect(aiProbabilityOf([0.25, 0.75])).toBe(0.75);
    expect(aiProbabilityOf([0.4])).toBe(0.4);
  });

  it('confusionMatrix counts true (rows) against predicted (columns)', () => {
    const labels = [0, 1, 2, 0, 1, 2, 0, 1];
    const preds = [0, 1, 2, 0, 0, 1, 1, 2];
    expect(confusionMatrix(labels, preds)).toEqual([
      [2, 1, 0],
      [1, 1, 1],
      [0, 1, 1],
    ]);
    expect(confusionMatrix([0, 1], [1, 1])).toEqual([
      [0, 1],
      [0, 1],
    ]);
    expect(() => confusionMatrix([0], [0, 1])).toThrow(RangeError);
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(/outside/);
  });

  it('accuracyByClass gives recall per class and null for an empty class', () => {
    const acc = accuracyByClass([0, 1, 2, 0, 1, 2, 0, 1], [0, 1, 2, 0, 0, 1, 1, 2]);
    expect(acc.map((a) => [a.count, a.correct])).toEqual([
      [3, 2],
      [3, 1],
      [2, 1],
    ]);
    expect(acc[0]!.accuracy).toBeCloseTo(2 / 3, 12);
    expect(accuracyByClass([0, 0], [0, 1], 3)[2]).toEqual({ classId: 2, count: 0, correct: 0, accuracy: null });
  });
});

describe('reliabilityBins', () => {
  it('bins P(AI) into equal-width bins with mean prediction and AI fraction (1e-12)', () => {
    const bins = reliabilityBins([0.05, 0.15, 0.12, 0.95, 1.0, 0.5], [0, 1, 0, 1, 2, 0], 10);
    expect(bins).toHaveLength(10);
    expect(bins.map((b) => b.count)).toEqual([1, 2, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(bins[1]!.meanPredicted!).toBeCloseTo(0.135, 12);
    expect(bins[1]!.fractionPositive).toBe(0.5);
    expect(bins[9]!.fractionPositive).toBe(1); // label 2 (semi-synthetic) counts as AI; p = 1 falls in the last bin
    expect(bins[2]).toEqual({ lower: 0.2, upper: 0.3, count: 0, meanPredicted: null, fractionPositive: null });
    expect(reliabilityBins([0.2, 0.8], [0, 1], 2).map((b) => [b.lower, b.upper, b.count])).toEqual([
      [0, 0.5, 1],
      [0.5, 1, 1],
    ]);
  });

  it('rejects out-of-range probabilities, mismatched lengths and bad bin counts', () => {
    expect(() => reliabilityBins([1.2], [1])).toThrow(/outside/);
    expect(() => reliabilityBins([NaN], [1])).toThrow(/outside/);
    expect(() => reliabilityBins([0.2], [1, 0])).toThrow(RangeError);
    expect(() => reliabilityBins([0.2], [1], 0)).toThrow(/bins/);
  });
});
