/**
 * The Vidaio (SN85) mechanism's function tables, declared once. Four generations of rules share function names but
 * not always their inputs: the seed document, vidaio-subnet@fea3779 (PIE-APP aggregate, VMAF-gated upscaling score,
 * multipliers), validator-vidaio from b71f22d (EWMA accumulation, track shares) and its v3 release e76b503 (bytes in,
 * gates, removal, competition). Every pack implements one table; callers tell them apart by the functions a pack
 * has (`hasFunction(pack, 'upscaling.pieappAggregate')`) or by its `metrics` policy, never by its id.
 */
import type { PackFunction, RulePack } from '../types.ts';
import type { competitionFunctions } from './competition-functions.ts';
import type { evaluateGates, gatesInput } from './v3-gates.ts';
import type { RegionMetrics, RemovalZeroReason } from './v3-removal.ts';
import type { CompressionZeroReason } from './validator-vidaio-e76b503.ts';
import type { MetricPolicy } from './metric-policy.ts';

type Warned = { warnings?: string[] };
type ParsedBy<S> = S extends { parse(value: unknown, path: string): infer T } ? T : never;

/** Where a compression result falls: the zone names the branch of the formula that scored it. */
export type CompressionZone = 'no-meaningful-compression' | 'below-hard-cutoff' | 'below-threshold' | 'soft-zone' | 'above-threshold';
type Rate = PackFunction<{ referenceSizeBytes: number; outputSizeBytes: number }, { compressionRate: number } & Warned>;
type ByRate<O> = PackFunction<{ compressionRate: number; vmaf: number; vmafThreshold: number }, O>;
type Components = { score: number; compressionComponent: number; qualityComponent: number; zone: CompressionZone } & Warned;
type Upscaling = {
  'upscaling.lengthScore': PackFunction<{ contentLengthS: number }, { sL: number } & Warned>;
  'upscaling.finalScore': PackFunction<{ sPre: number }, { sF: number } & Warned>;
};
type Combine = PackFunction<{ sQ: number; contentLengthS: number }, { sL: number; sPre: number; sF: number } & Warned>;
type MultiplierState<T> = { updated: boolean; bonusCount: T; penaltyFCount: T; bonus: T; penaltyF: T; total: T };
type Trajectory = { trajectory: { multiplier: number; accumulateScore: number }[] } & Warned;

/** The seed document: formulas only, no PIE-APP mapping, no media checks. */
export type VidaioSeedFunctions = Upscaling & {
  'upscaling.combine': Combine;
  'compression.rate': Rate;
  'compression.score': ByRate<{ score: number; zone: CompressionZone } & Warned>;
  'multiplier.upscaling': PackFunction<{ history: { sF: number; sQ: number }[] }, MultiplierState<number> & { penaltyQCount: number; penaltyQ: number }>;
  'multiplier.compression': PackFunction<
    { history: { score: number; vmaf: number; vmafThreshold: number }[] },
    MultiplierState<number> & { penaltyQCount: number; penaltyQ: number }
  >;
  'weights.allocate': PackFunction<
    {
      poolTao: number;
      compression: { uid: number; accumulateScore: number; multiplier: number }[];
      upscaling: { uid: number; accumulateScore: number; multiplier: number }[];
    },
    { baseTao: Record<string, number>; finalTao: Record<string, number> } & Warned
  >;
};

/** vidaio-subnet@fea3779, the subnet repository's validator. */
export type VidaioSubnetFunctions = Upscaling & {
  'upscaling.pieappAggregate': PackFunction<{ frameScores: number[] }, { pieapp: number } & Warned>;
  'upscaling.qualityScore': PackFunction<{ pieapp: number }, { sQ: number } & Warned>;
  'upscaling.combine': Combine;
  'upscaling.score': PackFunction<
    { vmaf: number; pieapp: number; contentLengthS: number },
    { sQ: number; sL: number; sPre: number | null; sF: number; reason: 'vmaf-too-low' | 'success' } & Warned
  >;
  'compression.rate': Rate;
  'compression.score': ByRate<Components>;
  'vmaf.poolValidator': PackFunction<{ frameVmafs: number[] }, { vmaf: number }>;
  'vmaf.poolLibvmafHarmonic': PackFunction<{ frameVmafs: number[] }, { vmaf: number } & Warned>;
  'multiplier.upscaling': PackFunction<
    { history: { sF: number; sQ: number }[] },
    MultiplierState<number | null> & { penaltyQCount: number | null; penaltyQ: number | null }
  >;
  'multiplier.compression': PackFunction<{ history: { score: number }[] }, MultiplierState<number | null>>;
  'accumulate.upscaling': PackFunction<
    { results: { sF: number; sQ: number }[]; accumulateScore: number; history: { sF: number; sQ: number }[]; newMiner: boolean },
    Trajectory
  >;
  'accumulate.compression': PackFunction<
    { results: { score: number; compressionRate: number }[]; accumulateScore: number; history: { score: number }[]; newMiner: boolean },
    Trajectory
  >;
  'weights.allocate': PackFunction<
    {
      compression: { uid: number; accumulateScore: number }[];
      upscaling: { uid: number; accumulateScore: number }[];
      podium: { uid: number; rank: number }[] | null;
      retained: Record<string, number>;
    },
    { weights: Record<string, number> } & Warned
  >;
};

type ValidatorCommon = Upscaling & {
  'upscaling.qualityScore': PackFunction<{ pieapp: number }, { sQ: number } & Warned>;
  'compression.rate': Rate;
  'accumulate.ewma': PackFunction<{ accumulateScore: number; score: number }, { accumulateScore: number } & Warned>;
  'weights.trackShares': PackFunction<
    { miners: { uid: number; accumulateScore: number }[]; topN: number; minimumPayoutScore?: number },
    { shares: Record<string, number> }
  >;
};

/** validator-vidaio b71f22d, f396e47 and 688b671. */
export type ValidatorVidaioFunctions = ValidatorCommon & {
  'upscaling.score': PackFunction<{ pieapp: number; contentLengthS: number }, { sQ: number; sL: number; sPre: number; sF: number }>;
  'compression.score': ByRate<Components>;
};

/** validator-vidaio e76b503 (v3): bytes in, gates, removal and the competition. */
export type ValidatorVidaioV3Functions = ValidatorCommon &
  typeof competitionFunctions & {
    'upscaling.startFrame': PackFunction<
      { referenceSha256Hex: string; challengeId: string; frameCount: number },
      { startFrame: number; usableFrames: number; frames: number[] }
    >;
    /** Give `frameScores` (the 4 frame values) or their mean `pieapp`, not both. */
    'upscaling.score': PackFunction<
      { frameScores?: number[]; pieapp?: number; contentLengthS: number },
      { pieapp: number; sQ: number; sL: number; sPre: number; sF: number; final: number } & Warned
    >;
    'compression.score': PackFunction<
      { candidateBytes: number; inputBytes: number; vmaf: number; vmafThreshold?: number },
      {
        compressionRate: number;
        compressionComponent: number;
        qualityComponent: number;
        vmafThreshold: number;
        final: number;
        score: number;
        zeroReason: CompressionZeroReason | null;
        zone: string;
      }
    >;
    'pieapp.fromPyiqa': PackFunction<
      { pixels: number[][] },
      { networkInput: number[][]; pyiqaInput: number[][]; networkChannelOrderPiq: string; networkChannelOrderPyiqa: string }
    >;
    'gates.evaluate': PackFunction<ParsedBy<typeof gatesInput>, ReturnType<typeof evaluateGates> & Warned>;
    'removal.lpipsOffset': PackFunction<{ referenceSha256Hex: string; challengeId: string; stride?: number }, { lpipsOffset: number }>;
    'removal.bestBaseline': PackFunction<{ baselines: RegionMetrics[] }, RegionMetrics>;
    'removal.score': PackFunction<
      {
        metrics: RegionMetrics;
        floor: { psnrDb: number; lpipsVgg: number; ssim?: number; warpError?: number; maskedPixels?: number };
        warpErrorReference: number;
      },
      { sPsnr: number; sLpips: number; final: number; score: number; zeroReason: RemovalZeroReason | null; warpCap: number; psnrMarginDb: number }
    >;
    'removal.outsideGate': PackFunction<{ outsideChange: number }, { passed: boolean; code: string | null; limit: number } & Warned>;
    'item.compose': PackFunction<
      { gatePassed: boolean; final: number | null; sharedScore?: number | null; duplicateWitness?: boolean },
      { score: number; source: string }
    >;
  };

export type VidaioFunctions = VidaioSeedFunctions | VidaioSubnetFunctions | ValidatorVidaioFunctions | ValidatorVidaioV3Functions;

/** A Vidaio pack also says how its validator measures (VMAF model and pooling, checks, PIE-APP): see ./evaluate.ts. */
type Vidaio<F extends object> = RulePack<F, 'vidaio'> & { metrics: MetricPolicy };
export type VidaioPack = Vidaio<VidaioSeedFunctions> | Vidaio<VidaioSubnetFunctions> | Vidaio<ValidatorVidaioFunctions> | Vidaio<ValidatorVidaioV3Functions>;
export type { Vidaio as VidaioPackOf };
