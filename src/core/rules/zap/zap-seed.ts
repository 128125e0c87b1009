/**
 * Rule pack `zap-seed`: the Zap edge cloud-gaming mechanism as its seed document (003) states it, S = Q × L × A.
 * No upstream code exists (MeaCulpitt/Zap has design documents only), so the pack follows the seed's tables where
 * its worked examples disagree with them; see shared/reference/rules/bitmind-yuma-zap-bly.md part C.
 */
import { bool, num, obj } from '../schema.ts';
import { fn } from '../types.ts';
import { seedPack } from '../common.ts';
import type { ZapPack } from './functions.ts';

export type LatencyTier = 'Edge' | 'Regional' | 'Standard' | 'Degraded' | 'Disqualified';

/**
 * Latency multiplier L by round-trip time: < 15 ms → 2.0 (Edge), 15–30 → 1.5, 30–50 → 1.0, 50–100 (100 included)
 * → 0.5, > 100 → 0.1 (Disqualified).
 * @param rttMs round-trip time in milliseconds, ≥ 0
 */
export function latencyMultiplier(rttMs: number): { multiplier: number; tier: LatencyTier } {
  if (rttMs < 15) return { multiplier: 2.0, tier: 'Edge' };
  if (rttMs < 30) return { multiplier: 1.5, tier: 'Regional' };
  if (rttMs < 50) return { multiplier: 1.0, tier: 'Standard' };
  if (rttMs <= 100) return { multiplier: 0.5, tier: 'Degraded' };
  return { multiplier: 0.1, tier: 'Disqualified' };
}

/**
 * Quality Q = (0.7·VMAF/100 + 0.3·SSIM)·jitterFactor, jitterFactor = 2 ms/jitter when jitter > 2 ms, else 1.
 * Tier 1 = VMAF > 90 and SSIM > 0.95.
 * @param vmaf 0–100
 * @param ssim 0–1
 * @param jitterMs standard deviation of frame arrival times, milliseconds ≥ 0
 * @returns q in 0–1
 */
export function quality(vmaf: number, ssim: number, jitterMs: number): { q: number; jitterFactor: number; tier1: boolean } {
  const jitterFactor = jitterMs > 2 ? 2 / jitterMs : 1.0;
  const q = ((0.7 * vmaf) / 100 + 0.3 * ssim) * jitterFactor;
  return { q, jitterFactor, tier1: vmaf > 90 && ssim > 0.95 };
}

/**
 * Availability A = 0.5·uptime + 0.3·session completion + 0.2·challenge response (all fractions 0–1).
 */
export function availability(uptime: number, sessionCompletion: number, challengeResponse: number): number {
  return 0.5 * uptime + 0.3 * sessionCompletion + 0.2 * challengeResponse;
}

const frac = () => num({ min: 0, max: 1, finite: true, unit: 'fraction' });
const vmafS = () => num({ min: 0, max: 100, finite: true, unit: 'VMAF 0-100' });
const ssimS = () => num({ min: 0, max: 1, finite: true, unit: 'SSIM 0-1' });
const ms = () => num({ min: 0, finite: true, unit: 'ms' });

export const zapSeed: ZapPack = {
  ...seedPack('zap', '003_7dc0021485ee0c80.txt'),
  title: 'Zap edge cloud gaming: S = Q x L x A as stated in the seed document',
  notes: [
    {
      kind: 'dates',
      text: 'Undated: the seed document carries no date and no Zap validator code exists (MeaCulpitt/Zap holds design documents only, HEAD e7087a5 of 2026-02-09). It is the only Zap pack, so it is shown for every date, labelled undated.',
    },
    {
      kind: 'contradiction',
      text:
        'The seed\'s worked example uses L = 1.5× for 12 ms ("sub-15ms tier") and 0.3× for 120 ms, while its table gives 2.0× ' +
        'below 15 ms and 0.1× above 100 ms. The pack follows the table: the example scores 0.94 × 1.5 × 0.998 = 1.41 and ' +
        '0.94 × 0.3 × 0.998 = 0.28 become 1.8762 and 0.0938, and the "5× more TAO" becomes 20×.',
    },
    {
      kind: 'contradiction',
      text:
        'The worked example sets Q = VMAF/100 = 0.94 (dropping the 30 % SSIM weight) and A = uptime = 0.998 (dropping the ' +
        '50/30/20 availability weights). The pack uses the tables: with SSIM 0.97, session completion 0.995 and challenge ' +
        'response 1.0, S = 0.949 × 2.0 × 0.9975 = 1.8933.',
    },
    {
      kind: 'gap',
      text:
        'The latency table does not say which side of 15, 30, 50 and 100 ms each edge belongs to. The pack puts 15, 30 and ' +
        '50 ms in the slower bucket and keeps 100 ms in the 50–100 ms bucket (0.5×), since "Disqualified" is "> 100 ms".',
    },
    {
      kind: 'contradiction',
      text:
        'The jitter penalty is announced for "variance > 2ms" but computed from the standard deviation; the pack treats ' +
        'jitterMs as the standard deviation and multiplies Q by 2 ms/jitter when it exceeds 2 ms (4 ms halves Q).',
    },
    {
      kind: 'contradiction',
      text:
        'The speed-of-light check computes a 1,200 km radius for 12 ms and then flags a miner whose RTT "suggests > 5,000 km", ' +
        'which inverts the test (a larger RTT allows a larger distance). The pack only computes the radius, RTT·200,000 km/s/2.',
    },
    {
      kind: 'gap',
      text:
        'The seed does not say where the scarcity bounty (zero-node 2.5×, < 3 miners/100 km² 1.5×, > 10 0.8×, else 1.0×) ' +
        'multiplies S, nor what Tier 1 (VMAF > 90 and SSIM > 0.95) changes; both are reported separately and change nothing.',
    },
  ],
  functions: {
    'zap.latencyMultiplier': fn(
      'Latency multiplier L and tier from the round-trip time (ms).',
      obj({ rttMs: ms() }),
      /** See `latencyMultiplier`. */
      (input) => latencyMultiplier(input.rttMs),
    ),
    'zap.quality': fn(
      'Stream quality Q = (0.7·VMAF/100 + 0.3·SSIM)·jitter factor, in 0–1, and the Tier 1 flag.',
      obj({ vmaf: vmafS(), ssim: ssimS(), jitterMs: ms() }),
      /** See `quality`. */
      (input) => quality(input.vmaf, input.ssim, input.jitterMs),
    ),
    'zap.availability': fn(
      'Availability A = 0.5·uptime + 0.3·session completion + 0.2·challenge response, in 0–1.',
      obj({ uptime: frac(), sessionCompletion: frac(), challengeResponse: frac() }),
      /** See `availability`. */
      (input) => ({ a: availability(input.uptime, input.sessionCompletion, input.challengeResponse) }),
    ),
    'zap.score': fn(
      'Miner score S = Q × L × A (0–2; validators would normalise across miners).',
      obj({
        vmaf: vmafS(),
        ssim: ssimS(),
        jitterMs: ms(),
        rttMs: ms(),
        uptime: frac(),
        sessionCompletion: frac(),
        challengeResponse: frac(),
      }),
      /** S = Q·L·A with the three functions above. */
      (input) => {
        const { q } = quality(input.vmaf, input.ssim, input.jitterMs);
        const l = latencyMultiplier(input.rttMs).multiplier;
        const a = availability(input.uptime, input.sessionCompletion, input.challengeResponse);
        return { q, l, a, s: q * l * a };
      },
    ),
    'zap.scarcityBounty': fn(
      'Scarcity bounty multiplier from miner density (miners per 100 km²).',
      obj({ zeroNode: bool(), minersPer100Km2: num({ min: 0, finite: true, unit: 'miners per 100 km²' }) }),
      /** Zero-node 2.5; else density < 3 → 1.5, density > 10 → 0.8, otherwise 1.0. */
      (input) => {
        if (input.zeroNode) return { multiplier: 2.5, status: 'zero-node' };
        if (input.minersPer100Km2 < 3) return { multiplier: 1.5, status: 'low-density' };
        if (input.minersPer100Km2 > 10) return { multiplier: 0.8, status: 'high-density' };
        return { multiplier: 1.0, status: 'standard' };
      },
    ),
    'zap.maxDistanceKm': fn(
      'Largest distance (km) a round trip of rttMs allows at 200,000 km/s in fibre.',
      obj({ rttMs: ms() }),
      /** maxDistanceKm = (rttMs/1000 s)·200,000 km/s / 2. */
      (input) => ({ maxDistanceKm: ((input.rttMs / 1000) * 200_000) / 2 }),
    ),
  },
};
