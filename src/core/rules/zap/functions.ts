/**
 * The Zap mechanism's function table: the input and result type of every function a Zap rule pack offers, declared
 * once. Packs (`zap-seed.ts`) implement it; callers get typed results from `callPackFunction(pack, 'zap.score', …)`.
 */
import type { PackFunction, RulePack } from '../types.ts';
import type { LatencyTier } from './zap-seed.ts';

export type ZapFunctions = {
  'zap.latencyMultiplier': PackFunction<{ rttMs: number }, { multiplier: number; tier: LatencyTier }>;
  'zap.quality': PackFunction<{ vmaf: number; ssim: number; jitterMs: number }, { q: number; jitterFactor: number; tier1: boolean }>;
  'zap.availability': PackFunction<{ uptime: number; sessionCompletion: number; challengeResponse: number }, { a: number }>;
  'zap.score': PackFunction<
    { vmaf: number; ssim: number; jitterMs: number; rttMs: number; uptime: number; sessionCompletion: number; challengeResponse: number },
    { q: number; l: number; a: number; s: number }
  >;
  'zap.scarcityBounty': PackFunction<{ zeroNode: boolean; minersPer100Km2: number }, { multiplier: number; status: string }>;
  'zap.maxDistanceKm': PackFunction<{ rttMs: number }, { maxDistanceKm: number }>;
};

export type ZapPack = RulePack<ZapFunctions, 'zap'>;
