/**
 * `weights.compose` of the validator-vidaio v3 pack: the weight vector a validator sets from the inference standing and
 * the active competition window, with the unassigned remainder routed to the burn UID
 * (../shared/reference/rules/vidaio-v3.md §1.7; vidAio-subnet/validator-vidaio@e76b503a75add302a7fadbf6920cfe00ccef0b52
 * vidaio/tokenomics/weights.py `build_weight_vector` and the two profiles `ensure_locked_levers` accepts (:26-50),
 * breakthrough.py `emission_shares`, `window_active`, `podium_hotkey_shares`, rank_curve.py `inference_shares`,
 * `eligible_for_ranking`, `dedup_losers`, `track_shares`, ewma.py `is_excluded`). Python's `sum()` is a plain
 * left-to-right sum up to 3.11 and compensated from 3.12 (upstream requires ≥ 3.11); this port sums left to right, and
 * the vectors' generator checks both totals agree within 1e-15 on every case (far inside the 1e-12 tolerance).
 */
import { UpstreamError } from '../types.ts';
import { decFromFloat, decSub, decToNumber, DEC_ONE } from './competition-decimal.ts';
import { dedupIpKey, placeShares, V3_CONFIG, type TokenomicsConfig } from './competition.ts';

/** v2 launch profile (2026-09-04 … 09-27), weights.py `_V2_PROFILE`. */
export const V2_CONFIG: TokenomicsConfig = {
  ...V3_CONFIG,
  idleInferenceShare: 0.8,
  idleBurnShare: 0.2,
  podiumInferenceShare: 0.6,
  podiumCompetitionShare: 0.4,
  crownInferenceShare: 0.1,
  crownCompetitionShare: 0.9,
  crownSplit: [0.7, 0.2, 0.1],
  podiumSplit: [0.7, 0.2, 0.1],
  redistributeEmptyPlaces: false,
  noQualifierClosesWindow: false,
};

/** config.py: top 5 per track, payout floor 0.05 (weights.py:17), compression 0.8 / upscaling 0.2, in this order. */
const TOP_N = 5;
const MINIMUM_PAYOUT_SCORE = 0.05;
const TRACK_WEIGHTS: [string, number][] = [
  ['compression', 0.8],
  ['upscaling', 0.2],
];
const EXCLUDED_SCORE = -1;

export interface MinerSnapshot {
  uid: number;
  hotkey: string;
  coldkey: string;
  ip: string;
  track: string;
  accumulateScore: number;
  excluded?: boolean;
}

export interface WindowState {
  kind: 'IDLE' | 'PODIUM' | 'CROWN';
  startsAt: string | null;
  endsAt: string | null;
  podiumHotkeys: string[];
  competitionShare: number | null;
  placeShares: number[];
}

export interface ComposeInput {
  profile: 'v3' | 'v2';
  competitionEmissionsEnabled?: boolean;
  window: WindowState | null;
  now: string | null;
  miners: MinerSnapshot[];
  burnUid: number | null;
}

function time(iso: string, name: string): number {
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(iso.trim())) throw new UpstreamError(`ValueError: ${name} must be timezone-aware`);
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) throw new UpstreamError(`ValueError: ${name} is not an ISO 8601 time`);
  return t;
}

/** rank_curve.py `inference_shares`: eligibility, IP/coldkey dedup (lowest UID wins), top 5 per track 5:4:3:2:1. */
export function inferenceShares(miners: readonly MinerSnapshot[]): Map<number, number> {
  const candidates = miners
    .filter((m) => !m.excluded && m.accumulateScore !== EXCLUDED_SCORE && m.accumulateScore >= MINIMUM_PAYOUT_SCORE && m.accumulateScore > 0)
    .sort((a, b) => a.uid - b.uid);
  const ips = new Set<string>();
  const coldkeys = new Set<string>();
  const eligible: MinerSnapshot[] = [];
  for (const m of candidates) {
    const ip = dedupIpKey(m.ip);
    if ((ip !== null && ips.has(ip)) || coldkeys.has(m.coldkey)) continue;
    if (ip !== null) ips.add(ip);
    coldkeys.add(m.coldkey);
    eligible.push(m);
  }
  const shares = new Map<number, number>();
  for (const [track, pool] of TRACK_WEIGHTS) {
    const ranked = eligible
      .filter((m) => m.track === track)
      .sort((a, b) => (a.accumulateScore !== b.accumulateScore ? b.accumulateScore - a.accumulateScore : a.uid - b.uid));
    const top = ranked.slice(0, TOP_N);
    const weighted = top.map((_, rank) => TOP_N - rank);
    let total = 0;
    for (const w of weighted) total += w;
    if (!(total > 0)) continue;
    top.forEach((m, i) => shares.set(m.uid, (shares.get(m.uid) ?? 0) + pool * (weighted[i]! / total)));
  }
  return shares;
}

/** weights.py `build_weight_vector` under profile v3 or v2. */
export function composeWeights(input: ComposeInput) {
  const config: TokenomicsConfig = {
    ...(input.profile === 'v2' ? V2_CONFIG : V3_CONFIG),
    competitionEmissionsEnabled: input.competitionEmissionsEnabled ?? true,
  };
  const miners = [...input.miners].sort((a, b) => a.uid - b.uid);
  if (new Set(miners.map((m) => m.uid)).size !== miners.length) throw new UpstreamError('ValueError: miner snapshot contains duplicate uids');
  if (new Set(miners.map((m) => m.hotkey)).size !== miners.length) throw new UpstreamError('ValueError: miner snapshot contains duplicate hotkeys');
  if (input.burnUid !== null && (!Number.isInteger(input.burnUid) || input.burnUid < 0))
    throw new UpstreamError('ValueError: burn_uid must be a non-negative integer');
  const state: WindowState = input.window ?? { kind: 'IDLE', startsAt: null, endsAt: null, podiumHotkeys: [], competitionShare: null, placeShares: [] };
  if (config.competitionEmissionsEnabled && input.now === null) throw new UpstreamError('ValueError: now is required while competition emissions are enabled');

  // emission_shares with window_active ([starts_at, ends_at), half-open).
  let active: WindowState['kind'] = 'IDLE';
  if (config.competitionEmissionsEnabled && state.kind !== 'IDLE') {
    const now = time(input.now!, 'now');
    if (time(state.startsAt!, 'starts_at') <= now && now < time(state.endsAt!, 'ends_at')) active = state.kind;
  }
  let pools = { inference: config.idleInferenceShare, competition: 0, burn: config.idleBurnShare };
  if (active !== 'IDLE') {
    const crown = active === 'CROWN';
    const competition = state.competitionShare ?? (crown ? config.crownCompetitionShare : config.podiumCompetitionShare);
    const inferenceCfg = crown ? config.crownInferenceShare : config.podiumInferenceShare;
    const inference = Math.min(inferenceCfg, Math.max(0, 1 - competition));
    const burn = decToNumber(decSub(decSub(DEC_ONE, decFromFloat(inference)), decFromFloat(competition)));
    pools = { inference, competition, burn: Math.max(0, burn) };
  }

  const vector = new Map<number, number>(miners.map((m) => [m.uid, 0]));
  for (const [uid, share] of inferenceShares(miners)) vector.set(uid, vector.get(uid)! + pools.inference * share);
  // podium_hotkey_shares: the window's own place shares, else (a window folded before v18) the config's policy.
  const byHotkey = new Map(miners.map((m) => [m.hotkey, m.uid]));
  const shares = state.placeShares.length
    ? state.placeShares
    : state.kind === 'IDLE'
      ? []
      : placeShares(state.kind === 'CROWN' ? config.crownSplit : config.podiumSplit, state.podiumHotkeys.length, config.redistributeEmptyPlaces);
  state.podiumHotkeys.slice(0, shares.length).forEach((hotkey, i) => {
    const uid = byHotkey.get(hotkey);
    if (uid !== undefined) vector.set(uid, vector.get(uid)! + pools.competition * shares[i]!);
  });
  let total = 0;
  for (const w of vector.values()) total += w;
  const withheld = Math.max(0, 1 - total);
  if (withheld > 1e-12) {
    if (input.burnUid === null)
      throw new UpstreamError(`ValueError: canonical burn_uid is required whenever fixed allocation remains unassigned (withheld=${withheld})`);
    if (vector.has(input.burnUid) && miners.some((m) => m.uid === input.burnUid))
      throw new UpstreamError(`ValueError: burn_uid ${input.burnUid} overlaps an economic miner snapshot`);
    vector.set(input.burnUid, (vector.get(input.burnUid) ?? 0) + withheld);
  }
  const weights: Record<string, number> = {};
  for (const [uid, w] of vector) weights[String(uid)] = w;
  return { weights, pools, withheld, activeState: active };
}
