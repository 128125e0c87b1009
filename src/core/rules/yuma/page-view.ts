/**
 * What the Yuma page shows for one stake/weights text, computed in one pure function so it can run in a worker
 * (workers/yuma.worker.ts): parse (bounded, see matrix-input.ts), then the seed's rank and incentive
 * (`incentive.rank` of yuma-seed, with the chain's κ consensus for reference) or the chain's epoch (`yuma.epoch` of
 * yuma-subtensor). For the epoch, validators and miners become one UID list (validators first, with permits; miners
 * with stake 0), and each validator row is quantised to u16 with the bittensor SDK's max-upscale (`weights.toU16` of
 * bitmind-v3.3.1, opentensor/bittensor weight_utils.py) as a validator's set_weights would store it.
 */
import { getPack } from '../index.ts';
import { callPackFunction, hasFunction } from '../call.ts';
import { bitmindV331 } from '../bitmind/bitmind-v3-3-1.ts';
import { yumaSubtensor } from './yuma-subtensor.ts';
import { MatrixInputError, MAX_MATRIX_TEXT_CHARS, parseStakeWeights, type StakeWeights } from './matrix-input.ts';
import { outOfConsensus, rowNormalize, type OutOfConsensus } from './math.ts';
import type { YumaParams } from './epoch.ts';

/** The epoch hyperparameters the page sets; the sigmoid steepness and the stake threshold stay at the pack's defaults. */
export type EpochParams = Omit<YumaParams, 'alphaSigmoidSteepness' | 'stakeThreshold'>;

export interface YumaView {
  packId: string;
  validators: number;
  miners: number;
  /** Per miner. */
  consensus: number[];
  rank: number[];
  incentive: number[];
  minerEmission?: number[];
  /** Per validator (epoch only). */
  validatorTrust?: number[];
  dividends?: number[];
  validatorEmission?: number[];
  /** Validators × miners (epoch only). */
  bonds?: number[][];
  /** Row-normalised weights (empty when the caller asked for no matrix above a size, see `yumaViewOfInput`). */
  normalizedWeights: number[][];
  out: OutOfConsensus[];
  warnings: string[];
  /** The exact input given to the pack's main function, as JSON text. */
  packInputJson: string;
  fn: string;
}

/** The epoch input for validators × miners (see the module doc). */
export function epochInput(data: StakeWeights, params: EpochParams) {
  const v = data.stake.length;
  const m = data.weights[0]!.length;
  const n = v + m;
  const emit = bitmindV331;
  const minerUids = Array.from({ length: m }, (_, j) => v + j);
  const weightsU16: (number | null)[][] = [];
  for (let i = 0; i < v; i++) {
    const row: (number | null)[] = new Array(n).fill(null);
    const q = callPackFunction(emit, 'weights.toU16', { uids: minerUids, weights: data.weights[i]! });
    q.uids.forEach((u, k) => (row[u] = q.values[k]!));
    weightsU16.push(row);
  }
  for (let j = 0; j < m; j++) weightsU16.push(new Array(n).fill(null));
  return {
    stake: [...data.stake, ...new Array(m).fill(0)],
    weightsU16,
    bondsU16: Array.from({ length: n }, () => new Array(n).fill(0)),
    validatorPermit: Array.from({ length: n }, (_, i) => i < v),
    active: new Array(n).fill(true),
    params: { ...params },
    emission: 1,
  };
}

/** Computes the page's view of already parsed stake and weights under `packId`. */
export function yumaView(data: StakeWeights, packId: string, params: EpochParams): YumaView {
  const pack = getPack(packId, 'yuma')!;
  const v = data.stake.length;
  const m = data.weights[0]!.length;
  const normalizedWeights = rowNormalize(data.weights);
  const warnings: string[] = [];
  if (hasFunction(pack, 'incentive.rank')) {
    const packInput = { stake: data.stake, weights: data.weights };
    const out = callPackFunction(pack, 'incentive.rank', packInput);
    warnings.push(...(out.warnings ?? []));
    // The seed has no consensus; the chain's κ rule is shown for reference and for the out-of-consensus check.
    const cons = callPackFunction(yumaSubtensor, 'yuma.consensus', {
      activeStake: data.stake,
      weights: normalizedWeights,
      kappaU16: params.kappaU16,
    }).consensus;
    return {
      packId: pack.id,
      validators: v,
      miners: m,
      consensus: cons,
      rank: out.rank,
      incentive: out.incentive,
      normalizedWeights,
      out: outOfConsensus(normalizedWeights, cons),
      warnings,
      packInputJson: JSON.stringify(packInput),
      fn: 'incentive.rank',
    };
  }
  const packInput = epochInput(data, params);
  const r = callPackFunction(pack, 'yuma.epoch', packInput);
  warnings.push(...(r.warnings ?? []));
  const cons = r.consensus.slice(v);
  return {
    packId: pack.id,
    validators: v,
    miners: m,
    consensus: cons,
    rank: r.rank.slice(v),
    incentive: r.incentive.slice(v),
    minerEmission: r.minerEmission.slice(v),
    validatorTrust: r.validatorTrust.slice(0, v),
    dividends: r.dividends.slice(0, v),
    validatorEmission: r.validatorEmission.slice(0, v),
    bonds: r.bonds.slice(0, v).map((row) => row.slice(v)),
    normalizedWeights,
    out: outOfConsensus(normalizedWeights, cons),
    warnings,
    packInputJson: JSON.stringify(packInput),
    fn: 'yuma.epoch',
  };
}

/** A file's contents as the worker receives them (a Blob; only what is used here). */
export interface TextSource {
  size: number;
  text(): Promise<string>;
}

/** Most stake/weights text a packed pack input is shown for (larger ones are offered for download by the page). */
export const PACK_INPUT_SHOWN_CHARS = 256 * 1024;

/**
 * Reads the text (a file is refused from its size before it is read), parses it (bounded, every error names the
 * row and cell) and computes the view.
 */
export async function yumaViewOfInput(
  input: string | TextSource,
  packId: string,
  params: EpochParams,
  onPhase?: (phase: 'parsing' | 'computing') => void,
  shown?: { maxMatrixCells: number; bondColumns: number },
): Promise<YumaView> {
  onPhase?.('parsing');
  if (typeof input !== 'string' && input.size > MAX_MATRIX_TEXT_CHARS)
    throw new MatrixInputError(`too large: ${(input.size / 1048576).toFixed(1)} MiB; at most ${MAX_MATRIX_TEXT_CHARS / 1048576} MiB are accepted`);
  const data = parseStakeWeights(typeof input === 'string' ? input : await input.text());
  onPhase?.('computing');
  const view = yumaView(data, packId, params);
  // What the page does not draw does not travel back: the weight matrix beyond the heatmap's size, bond columns.
  if (shown) {
    if (view.validators * view.miners > shown.maxMatrixCells) view.normalizedWeights = [];
    if (view.bonds) view.bonds = view.bonds.map((row) => row.slice(0, shown.bondColumns));
  }
  return view;
}
