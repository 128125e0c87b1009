/**
 * The BitMind mechanism's function tables, declared once. Three generations score detectors differently: the seed
 * document from MCCs (`detector.reward` takes the MCCs and weights), v3.3.1 from each modality's stored prediction
 * history (`detector.reward` takes the histories; `detector.parsePrediction` validates a response), and today's
 * sn34 from a labelled set of probability vectors (`sn34.score`). A pack implements one table; callers tell them
 * apart by the functions a pack has (`hasFunction(pack, 'sn34.score')`), never by its id.
 */
import type { PackFunction, RulePack } from '../types.ts';
import type { V331IouResult } from './iou.ts';
import type { Sn34Result } from './sn34.ts';

type Warned = { warnings?: string[] };
type BinaryMulti<T> = { binary: T; multiclass: T };
type Modalities<T> = { image: T; video: T };
export type MinerType = 'DETECTOR' | 'SEGMENTER';

/** One modality's reward under v3.3.1 (`detector.modalityReward`). */
export interface ModalityResult {
  reward: number;
  binaryMcc: number;
  multiclassMcc: number;
  warnings?: string[];
}

/** A modality's prediction history: labels 0 real / 1 synthetic / 2 semi-synthetic, one probability vector each. */
export type PredictionHistory = { labels: number[]; probabilities: number[][] };

type MccFunctions = {
  'mcc.binary': PackFunction<{ labels: number[]; predictions: number[] }, { mcc: number } & Warned>;
  'mcc.multiclass': PackFunction<{ labels: number[]; predictions: number[] }, { mcc: number } & Warned>;
};

type RewardSplit = { reward: number; imageReward: number; videoReward: number };

export type BitmindSeedFunctions = MccFunctions & {
  'detector.reward': PackFunction<
    { mcc: Modalities<BinaryMulti<number>>; modalityWeights: Modalities<number>; mccWeights: BinaryMulti<number> },
    RewardSplit & Warned
  >;
  'iou.mask': PackFunction<{ prediction: number[][]; groundTruth: number[][] }, { iou: number } & Warned>;
  'segmenter.reward': PackFunction<{ ious: number[] }, { reward: number } & Warned>;
  'ema.update': PackFunction<{ score: number; reward: number }, { score: number } & Warned>;
  'weights.normalize': PackFunction<{ scores: number[]; minerTypes: MinerType[] }, { weights: number[] } & Warned>;
};

export type BitmindV331Functions = MccFunctions & {
  'detector.parsePrediction': PackFunction<{ prediction: number[] }, { valid: boolean; probabilities: number[] | null } & Warned>;
  'detector.modalityReward': PackFunction<{ labels: number[]; probabilities: number[][]; erroredNow: boolean }, ModalityResult>;
  'detector.reward': PackFunction<
    { image: PredictionHistory; video: PredictionHistory; challengeModality: 'image' | 'video'; errored: boolean },
    RewardSplit & Modalities<{ binaryMcc: number; multiclassMcc: number }> & Warned
  >;
  'iou.mask': PackFunction<{ prediction: number[][]; groundTruth: number[][] }, V331IouResult>;
  'segmenter.reward': PackFunction<{ ious: number[] }, { reward: number; emaInput: number } & Warned>;
  'ema.update': PackFunction<{ score: number; reward: number }, { score: number } & Warned>;
  'ema.round': PackFunction<
    { scores: number[]; rewards: Record<string, number>; hasHistory: boolean[]; isValidator: boolean[] },
    { scores: number[]; emaInputs?: number[] }
  >;
  'weights.normalize': PackFunction<{ scores: number[]; minerTypes: (MinerType | null)[] }, { weights: number[] }>;
  'weights.process': PackFunction<{ weights: number[]; minAllowedWeights: number; maxWeightLimit: number }, { uids: number[]; weights: number[] } & Warned>;
  'weights.toU16': PackFunction<{ uids: number[]; weights: number[] }, { uids: number[]; values: number[] }>;
};

export type BitmindSn34Functions = {
  'sn34.score': PackFunction<{ labels: number[]; probabilities: number[][]; sampleWeights?: number[] }, Sn34Result & Warned>;
  'sn34.processLogits': PackFunction<{ logits: number[] }, { label: 0 | 1; probabilities: number[] }>;
  'sn34.aiProbability': PackFunction<{ probabilities: number[] }, { pAi: number }>;
};

export type BitmindFunctions = BitmindSeedFunctions | BitmindV331Functions | BitmindSn34Functions;
export type BitmindPack = RulePack<BitmindSeedFunctions, 'bitmind'> | RulePack<BitmindV331Functions, 'bitmind'> | RulePack<BitmindSn34Functions, 'bitmind'>;
