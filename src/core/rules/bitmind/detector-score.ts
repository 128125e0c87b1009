/**
 * What a BitMind rule pack makes of a detector's predictions, for the detector page and any other caller: the CSV
 * reader for prediction files and the scoring of parsed rows by the selected pack (binary and multiclass MCC and the
 * per-modality and total reward for bitmind-seed and bitmind-v3.3.1, Brier and sn34 for bitmind-gas), accuracy by
 * class, a confusion matrix, reliability bins and the score EMA over future rounds. Which scoring applies is read from
 * the functions the pack has (`detectorScoring`), never from its id.
 */
import { callPackFunction, hasFunction } from '../call.ts';
import { readCsv } from '../../text/csv.ts';
import type { BitmindPack } from './functions.ts';
import {
  accuracyByClass,
  aiProbabilityOf,
  confusionMatrix,
  predictedClass,
  reliabilityBins,
  type ClassAccuracy,
  type PredictionRow,
  type ReliabilityBin,
} from './detector-data.ts';

export const MODALITIES = ['image', 'video'] as const;
export type ModalityName = (typeof MODALITIES)[number];

/** Probability column sets a CSV may carry (first match wins). */
const PROB_COLUMNS: string[][] = [['p_real', 'p_synthetic', 'p_semi_synthetic'], ['p_real', 'p_ai'], ['p_synthetic'], ['p_ai']];

/**
 * CSV → row objects for `parsePredictionTable`: header `id,modality,label` plus one probability column set
 * (`p_real,p_synthetic,p_semi_synthetic`, `p_real,p_ai`, `p_synthetic` or `p_ai`). Throws with the missing column
 * named. Non-numeric cells are passed on as text so the table parser names them.
 */
export function csvPredictionRows(text: string): { rows: unknown[]; lineOf: number[] } {
  const lines = readCsv(text);
  if (lines.length === 0) throw new Error('the CSV file is empty');
  const header = lines[0]!.cells.map((h) => h.toLowerCase().replace(/-/g, '_'));
  const missing = ['id', 'modality', 'label'].filter((c) => !header.includes(c));
  const probCols = PROB_COLUMNS.find((set) => set.every((c) => header.includes(c)));
  if (!probCols) missing.push('p_real,p_synthetic,p_semi_synthetic (or p_synthetic / p_ai)');
  if (missing.length)
    throw new Error(`line ${lines[0]!.line} (header): missing column${missing.length > 1 ? 's' : ''} ${missing.join('; ')} — found ${header.join(', ')}`);
  const idx = (c: string) => header.indexOf(c);
  const rows: unknown[] = [];
  const lineOf: number[] = [];
  for (const { line, cells } of lines.slice(1)) {
    if (cells.length !== header.length) throw new Error(`row ${rows.length + 1} (line ${line}): ${cells.length} cells where the header has ${header.length}`);
    const numOrText = (c: string) => (c !== '' && Number.isFinite(Number(c)) ? Number(c) : c);
    const label = cells[idx('label')]!;
    rows.push({
      id: cells[idx('id')],
      modality: cells[idx('modality')],
      label: /^[012]$/.test(label) ? Number(label) : label,
      probabilities: probCols!.map((c) => numOrText(cells[idx(c)]!)),
    });
    lineOf.push(line);
  }
  return { rows, lineOf };
}

export interface ModalityScores {
  n: number;
  binaryMcc: number;
  multiclassMcc: number;
  reward: number | null;
  brier?: number;
  sn34?: number;
}

/** How a pack scores detectors: `sn34` (gasbench), `history` (v3.3.1's stored predictions), `mcc` (the seed's MCC weights). */
export type DetectorScoring = 'sn34' | 'history' | 'mcc';

export function detectorScoring(pack: BitmindPack): DetectorScoring {
  if (hasFunction(pack, 'sn34.score')) return 'sn34';
  if (hasFunction(pack, 'detector.parsePrediction')) return 'history';
  return 'mcc';
}

export interface DetectorResult {
  packId: string;
  scoring: DetectorScoring;
  n: number;
  modalities: Record<ModalityName, ModalityScores>;
  total: { reward: number | null; binaryMcc?: number; multiclassMcc?: number; brier?: number; sn34?: number };
  warnings: string[];
  matrix: number[][];
  accuracy: ClassAccuracy[];
  bins: ReliabilityBin[];
  ema: { alpha: string; points: number[] } | null;
}

export interface DetectorOptions {
  /** The seed's weights (it leaves them configurable). */
  weights: { image: number; video: number; binary: number; multiclass: number };
  /** EMA projection: start score and number of rounds at this reward. */
  startScore: number;
  rounds: number;
}

/** Runs `pack` on the rows. Throws the pack's error on bad input. */
export function scoreDetector(pack: BitmindPack, rows: PredictionRow[], opts: DetectorOptions): DetectorResult {
  const warnings: string[] = [];
  const by = (m: ModalityName) => rows.filter((r) => r.modality === m);
  const labels = rows.map((r) => r.label);
  const predicted = rows.map((r) => predictedClass(r.probabilities));
  const modalities = {} as Record<ModalityName, ModalityScores>;
  const total: DetectorResult['total'] = { reward: null };
  let ema: DetectorResult['ema'] = null;
  if (hasFunction(pack, 'sn34.score')) {
    const score = (rs: PredictionRow[]) =>
      callPackFunction(pack, 'sn34.score', { labels: rs.map((r) => (r.label > 0 ? 1 : 0)), probabilities: rs.map((r) => r.probabilities) });
    for (const m of MODALITIES) {
      const s = score(by(m));
      modalities[m] = { n: by(m).length, binaryMcc: s.mcc, multiclassMcc: NaN, reward: null, brier: s.brier, sn34: s.sn34 };
      for (const w of s.warnings ?? []) warnings.push(`${m}: ${w}`);
    }
    const all = score(rows);
    Object.assign(total, { binaryMcc: all.mcc, brier: all.brier, sn34: all.sn34 });
  } else if (hasFunction(pack, 'detector.parsePrediction')) {
    const history = (m: ModalityName) => {
      const rs = by(m);
      return {
        labels: rs.map((r) => r.label),
        probabilities: rs.map((r) => {
          // A lone P(AI) becomes [P(real), P(AI)]; the validator then appends 0 for semi-synthetic.
          const given = r.probabilities.length === 1 ? [1 - r.probabilities[0]!, r.probabilities[0]!] : r.probabilities;
          const parsed = callPackFunction(pack, 'detector.parsePrediction', { prediction: given });
          if (!parsed.valid || !parsed.probabilities) throw new Error(`row id ${JSON.stringify(r.id)}: ${(parsed.warnings ?? []).join('; ')}`);
          return parsed.probabilities;
        }),
      };
    };
    if (rows.some((r) => r.probabilities.length === 1))
      warnings.push('rows with a single P(AI) were sent to the v3.3.1 validator as [1 − p, p, 0] (it scores class vectors)');
    const out = callPackFunction(pack, 'detector.reward', { image: history('image'), video: history('video'), challengeModality: 'image', errored: false });
    for (const m of MODALITIES)
      modalities[m] = {
        n: by(m).length,
        binaryMcc: out[m].binaryMcc,
        multiclassMcc: out[m].multiclassMcc,
        reward: m === 'image' ? out.imageReward : out.videoReward,
      };
    total.reward = out.reward;
    warnings.push(...(out.warnings ?? []));
    const windowed = MODALITIES.filter((m) => by(m).length > 200);
    if (windowed.length) warnings.push(`${windowed.join(' and ')}: only the last 200 predictions count (the validator's window)`);
  } else {
    for (const m of MODALITIES) {
      const rs = by(m);
      const l = rs.map((r) => r.label);
      const p = rs.map((r) => predictedClass(r.probabilities));
      const b = callPackFunction(pack, 'mcc.binary', { labels: l.map((v) => (v > 0 ? 1 : 0)), predictions: p.map((v) => (v > 0 ? 1 : 0)) });
      const mc = callPackFunction(pack, 'mcc.multiclass', { labels: l, predictions: p });
      for (const w of [...(b.warnings ?? []), ...(mc.warnings ?? [])]) warnings.push(`${m}: ${w}`);
      modalities[m] = { n: rs.length, binaryMcc: b.mcc, multiclassMcc: mc.mcc, reward: null };
    }
    const w = opts.weights;
    const out = callPackFunction(pack, 'detector.reward', {
      mcc: {
        image: { binary: modalities.image.binaryMcc, multiclass: modalities.image.multiclassMcc },
        video: { binary: modalities.video.binaryMcc, multiclass: modalities.video.multiclassMcc },
      },
      modalityWeights: { image: w.image, video: w.video },
      mccWeights: { binary: w.binary, multiclass: w.multiclass },
    });
    modalities.image.reward = out.imageReward;
    modalities.video.reward = out.videoReward;
    total.reward = out.reward;
    warnings.push(...(out.warnings ?? []));
  }
  if (hasFunction(pack, 'ema.update') && total.reward !== null) {
    const points = [opts.startScore];
    let score = opts.startScore;
    for (let i = 0; i < opts.rounds; i++) {
      score = callPackFunction(pack, 'ema.update', { score, reward: total.reward }).score;
      points.push(score);
    }
    ema = { alpha: pack.functions['ema.update'].summary, points };
  }
  return {
    packId: pack.id,
    scoring: detectorScoring(pack),
    n: rows.length,
    modalities,
    total,
    warnings,
    matrix: confusionMatrix(labels, predicted, 3),
    accuracy: accuracyByClass(labels, predicted, 3),
    bins: reliabilityBins(
      rows.map((r) => aiProbabilityOf(r.probabilities)),
      labels,
      10,
    ),
    ema,
  };
}
