/**
 * Detector scoring outside the page: the CSV reader of prediction files and `scoreDetector` under the three BitMind
 * tables. Expected MCCs are hand-computed (perfect predictions give MCC 1; a swapped binary gives −1) and the rewards
 * follow the packs' own vectors (../shared/reference/vectors/bitmind-*.json), checked here through the same path.
 */
import { describe, expect, it } from 'vitest';
import { csvPredictionRows, detectorScoring, scoreDetector } from './detector-score.ts';
import { parsePredictionTable } from './detector-data.ts';
import { bitmindSeed } from './bitmind-seed.ts';
import { bitmindV331 } from './bitmind-v3-3-1.ts';
import { bitmindGas } from './bitmind-gas.ts';
import { callPackFunction } from '../call.ts';

const opts = { weights: { image: 0.6, video: 0.4, binary: 0.75, multiclass: 0.25 }, startScore: 0, rounds: 3 };

describe('csvPredictionRows', () => {
  it('reads quoted ids, a BOM and CRLF, and keeps the line of each row', () => {
    const { rows, lineOf } = csvPredictionRows('\ufeffid,modality,label,p_ai\r\n"a,1",image,0,0.1\r\n\r\nb,video,1,0.9\r\n');
    expect(rows).toEqual([
      { id: 'a,1', modality: 'image', label: 0, probabilities: [0.1] },
      { id: 'b', modality: 'video', label: 1, probabilities: [0.9] },
    ]);
    expect(lineOf).toEqual([2, 4]);
  });
  it('names missing columns and ragged rows', () => {
    expect(() => csvPredictionRows('id,label\n')).toThrow(
      'line 1 (header): missing columns modality; p_real,p_synthetic,p_semi_synthetic (or p_synthetic / p_ai) — found id, label',
    );
    expect(() => csvPredictionRows('id,modality,label,p_ai\na,image,0\n')).toThrow('row 1 (line 2): 3 cells where the header has 4');
    expect(() => csvPredictionRows('')).toThrow('the CSV file is empty');
  });
});

describe('scoreDetector', () => {
  const csv = ['id,modality,label,p_real,p_synthetic,p_semi_synthetic']
    .concat(
      Array.from(
        { length: 12 },
        (_, i) => `r${i},${i % 2 ? 'video' : 'image'},${i % 3},${i % 3 === 0 ? 0.8 : 0.1},${i % 3 === 1 ? 0.8 : 0.1},${i % 3 === 2 ? 0.8 : 0.1}`,
      ),
    )
    .join('\n');
  const rows = parsePredictionTable(csvPredictionRows(csv).rows).rows;

  it('tells the tables apart by their functions', () => {
    expect([detectorScoring(bitmindSeed), detectorScoring(bitmindV331), detectorScoring(bitmindGas)]).toEqual(['mcc', 'history', 'sn34']);
  });
  it('seed: perfect predictions give MCC 1 and the weighted reward 1 (exact)', () => {
    const r = scoreDetector(bitmindSeed, rows, opts);
    expect(r.scoring).toBe('mcc');
    expect(r.modalities.image).toMatchObject({ n: 6, binaryMcc: 1, multiclassMcc: 1, reward: 1 });
    expect(r.total.reward).toBe(1);
    expect(r.ema?.points.length).toBe(4);
  });
  it('v3.3.1: the reward equals detector.reward on the same histories (exact)', () => {
    const r = scoreDetector(bitmindV331, rows, opts);
    const hist = (m: string) => ({
      labels: rows.filter((x) => x.modality === m).map((x) => x.label),
      probabilities: rows.filter((x) => x.modality === m).map((x) => x.probabilities),
    });
    const want = callPackFunction(bitmindV331, 'detector.reward', { image: hist('image'), video: hist('video'), challengeModality: 'image', errored: false });
    expect(r.total.reward).toBe(want.reward);
    expect(r.modalities.video.reward).toBe(want.videoReward);
  });
  it('gas: binary MCC 1 on perfect predictions; sn34 equals sn34.score over all rows (exact)', () => {
    const r = scoreDetector(bitmindGas, rows, opts);
    expect(r.scoring).toBe('sn34');
    expect(r.total.binaryMcc).toBe(1);
    const want = callPackFunction(bitmindGas, 'sn34.score', {
      labels: rows.map((x) => (x.label > 0 ? 1 : 0)),
      probabilities: rows.map((x) => x.probabilities),
    });
    expect(r.total.sn34).toBe(want.sn34);
    expect(r.ema).toBeNull();
  });
});
