/**
 * The validator-vidaio competition economics (tokenomics v3), pure: how an item's packet score is composed, the entry
 * score (mean over the full item matrix), contender dedup, the ranking, the place shares and the resulting reward
 * window (IDLE / PODIUM / CROWN, paid hotkeys, share of emission, the 168-hour window). Derived in
 * ../shared/reference/rules/vidaio-v3.md §1.3–§1.7 from vidAio-subnet/validator-vidaio at
 * e76b503a75add302a7fadbf6920cfe00ccef0b52 (E) and a26469652d73086519ea1bb2565f862562e009c3 (A):
 * - item.compose: A:vidaio/scoring/result.py `compose_item_score` (breakdown.final only when every gate passed; a
 *   content equal-share score overrides; `ItemScore` refuses a score outside [0, 1] or non-finite).
 * - competition.entryScore: E:vidaio/competition/economic_result.py `aggregate_subject_scores` (math.fsum/n; scores
 *   must be finite and in [0, 1]).
 * - competition.dedup: E:economic_result.py `competition_dedup_losers` with E:vidaio/tokenomics/rank_curve.py
 *   `dedup_ip_key` (uid ascending; a shared advertised IP, coldkey or identical output matrix loses).
 * - competition.rank: E:vidaio/tokenomics/state.py `CompetitionResult.__post_init__` (−score, hotkey, uid).
 * - competition.placeShares: E:vidaio/tokenomics/breakthrough.py:68-77 `place_shares`.
 * - competition.place: E:breakthrough.py:118-233 (crown/podium tests, decision baseline, winner), :236- `resolve_reward_window`
 *   folded onto an empty prior window, `emission_shares` and `podium_hotkey_shares`; defaults from
 *   E:vidaio/tokenomics/config.py:31-46 with `competition_emissions_enabled: true` (E:config/default.yaml).
 * Every comparison and share goes through `Decimal(str(float))` as upstream does (./competition-decimal.ts).
 */
import { UpstreamError } from '../types.ts';
import { decAdd, decCmp, decDiv, decFromFloat, decMul, decSub, decToNumber, DEC_ONE, fsum, type Dec } from './competition-decimal.ts';

export { fsum } from './competition-decimal.ts';

// ---------------------------------------------------------------------------------------------------------------
// Item and entry

export interface ItemComposeInput {
  gatePassed: boolean;
  /** `breakdown.final` (0–1), or null when there is no breakdown (no metrics were produced). */
  final: number | null;
  /** Content equal-share score (duplicate content in one dispatch, inference rounds); null when none. */
  sharedScore?: number | null;
}

/** A:result.py `compose_item_score`: score = shared score if any, else final when every gate passed, else 0. */
export function composeItem({ gatePassed, final, sharedScore = null }: ItemComposeInput): { score: number } {
  const score = sharedScore !== null && sharedScore !== undefined ? sharedScore : gatePassed && final !== null ? final : 0;
  if (!Number.isFinite(score)) throw new UpstreamError(`ValueError: score must be finite, got ${score}`);
  if (!(score >= 0 && score <= 1)) throw new UpstreamError(`ValueError: score must be in [0, 1], got ${score}`);
  return { score };
}

/** E:economic_result.py `aggregate_subject_scores`: fsum(scores)/n over the full item matrix (gate failures are 0s). */
export function entryScore(scores: readonly number[]): { score: number; n: number; sum: number } {
  scores.forEach((s, i) => {
    if (!Number.isFinite(s) || !(s >= 0 && s <= 1))
      throw new UpstreamError(`CompetitionEconomicResultError: packet ${i} score must be finite and within [0, 1], got ${s}`);
  });
  if (scores.length === 0) throw new UpstreamError('ZeroDivisionError: an entry with no items has no mean');
  const sum = fsum(scores);
  return { score: sum / scores.length, n: scores.length, sum };
}

// ---------------------------------------------------------------------------------------------------------------
// Dedup

/**
 * rank_curve.py `dedup_ip_key` (Python `ipaddress`): blank or unspecified (0.0.0.0, ::, ::ffff:0.0.0.0) → null;
 * valid addresses canonicalised (IPv4-mapped IPv6 → the IPv4 address); anything unparseable kept verbatim.
 */
export function dedupIpKey(ip: string): string | null {
  const value = ip.trim();
  if (!value) return null;
  const v4 = parseIpv4(value);
  if (v4) return v4.every((o) => o === 0) ? null : v4.join('.');
  const v6 = parseIpv6(value);
  if (!v6) return value;
  const { groups, scope } = v6;
  if (groups.every((g) => g === 0)) return null;
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) {
    const o = [groups[6]! >> 8, groups[6]! & 255, groups[7]! >> 8, groups[7]! & 255];
    return o.every((x) => x === 0) ? null : o.join('.');
  }
  return compressIpv6(groups) + (scope ? `%${scope}` : '');
}

/** Python's strict IPv4: four decimal octets ≤ 255, no leading zeros. */
function parseIpv4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return null;
    const n = Number(p);
    if (n > 255) return null;
    out.push(n);
  }
  return out;
}

function parseIpv6(s: string): { groups: number[]; scope: string | null } | null {
  let addr = s;
  let scope: string | null = null;
  const pct = s.indexOf('%');
  if (pct >= 0) {
    scope = s.slice(pct + 1);
    addr = s.slice(0, pct);
    if (!scope || scope.includes('%') || scope.includes('/')) return null;
  }
  if (!addr.includes(':')) return null;
  let tail: number[] = [];
  const lastColon = addr.lastIndexOf(':');
  const last = addr.slice(lastColon + 1);
  if (last.includes('.')) {
    const v4 = parseIpv4(last);
    if (!v4) return null;
    tail = [(v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!];
    addr = addr.slice(0, lastColon + 1);
    if (!addr.endsWith('::')) addr = addr.slice(0, -1);
  }
  const max = 8 - tail.length;
  const halves = addr.split('::');
  if (halves.length > 2) return null;
  const hex = (part: string) => (part === '' ? [] : part.split(':'));
  const parse = (xs: string[]) => {
    const out: number[] = [];
    for (const x of xs) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(x)) return null;
      out.push(parseInt(x, 16));
    }
    return out;
  };
  let groups: number[];
  if (halves.length === 2) {
    const a = parse(hex(halves[0]!));
    const b = parse(hex(halves[1]!));
    if (!a || !b || a.length + b.length > max - 1) return null;
    groups = [...a, ...new Array<number>(max - a.length - b.length).fill(0), ...b];
  } else {
    const a = parse(hex(addr));
    if (!a || a.length !== max) return null;
    groups = a;
  }
  return { groups: [...groups, ...tail], scope };
}

/** Python's `IPv6Address.compressed`: lowercase, no leading zeros, the first longest run (≥ 2) of zeros as `::`. */
function compressIpv6(groups: number[]): string {
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const h = groups.map((g) => g.toString(16));
  if (bestLen < 2) return h.join(':');
  return `${h.slice(0, best).join(':')}::${h.slice(best + bestLen).join(':')}`;
}

export interface DedupCandidate {
  subjectId: string;
  uid: number;
  coldkey: string;
  ip: string;
  /** sha256 of each item's output, in item order (the full output matrix). */
  outputDigests: string[];
}

/** E:economic_result.py `competition_dedup_losers`: the subject ids excluded, in uid order of the scan. */
export function dedup(candidates: readonly DedupCandidate[]): { excluded: string[] } {
  const ips = new Set<string>();
  const coldkeys = new Set<string>();
  const outputs = new Set<string>();
  const excluded: string[] = [];
  const sorted = [...candidates].sort((a, b) => a.uid - b.uid);
  for (const c of sorted) {
    if (c.outputDigests.length === 0)
      throw new UpstreamError(`CompetitionEconomicResultError: competition contender ${JSON.stringify(c.subjectId)} has no output matrix`);
    const ip = dedupIpKey(c.ip);
    const matrix = JSON.stringify(c.outputDigests);
    if ((ip !== null && ips.has(ip)) || coldkeys.has(c.coldkey) || outputs.has(matrix)) {
      excluded.push(c.subjectId);
      continue;
    }
    if (ip !== null) ips.add(ip);
    coldkeys.add(c.coldkey);
    outputs.add(matrix);
  }
  return { excluded };
}

// ---------------------------------------------------------------------------------------------------------------
// Ranking

export interface Contender {
  hotkey: string;
  uid: number;
  /** Entry score, 0–1. */
  score: number;
}

/** Python str ordering: by code point (JavaScript's `<` compares UTF-16 units, which differs above U+FFFF). */
function cmpStr(a: string, b: string): number {
  const x = Array.from(a, (ch) => ch.codePointAt(0)!);
  const y = Array.from(b, (ch) => ch.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** state.py `ContenderResult` and `CompetitionResult` checks, then the sort by (−score, hotkey, uid). */
export function rank(contenders: readonly Contender[]): Contender[] {
  for (const c of contenders) {
    if (!c.hotkey) throw new UpstreamError('ValueError: contender hotkey must be non-empty');
    if (!Number.isInteger(c.uid) || c.uid < 0) throw new UpstreamError('ValueError: contender uid must be a non-negative integer');
    if (!Number.isFinite(c.score) || !(c.score >= 0 && c.score <= 1))
      throw new UpstreamError(`ValueError: contender score must be finite and in [0, 1] (${c.hotkey}: ${c.score})`);
  }
  if (new Set(contenders.map((c) => c.hotkey)).size !== contenders.length)
    throw new UpstreamError('ValueError: competition contenders must have unique hotkeys');
  if (new Set(contenders.map((c) => c.uid)).size !== contenders.length) throw new UpstreamError('ValueError: competition contenders must have unique uids');
  return [...contenders].sort((a, b) => (a.score !== b.score ? b.score - a.score : cmpStr(a.hotkey, b.hotkey) || a.uid - b.uid));
}

// ---------------------------------------------------------------------------------------------------------------
// Place shares, rules, config

/** breakthrough.py:68-77: the first `filled` shares of the split (Decimal of str), divided by their sum when redistributing. */
export function placeShares(split: readonly number[], filled: number, redistribute: boolean): number[] {
  if (filled <= 0) return [];
  let head: Dec[] = split.slice(0, filled).map(decFromFloat);
  if (redistribute) {
    const total = head.reduce((s, x) => decAdd(s, x), { c: 0n, e: 0 } as Dec);
    if (total.c > 0n) head = head.map((x) => decDiv(x, total));
  }
  return head.map(decToNumber);
}

export const MAX_PODIUM_PLACES = 5;

/** Per-competition result rules (manifest `result_rules`; state.py `CompetitionRules`). Absent keys = no condition / default. */
export interface CompetitionRules {
  crownMargin: number;
  crownMinScore?: number | null;
  podiumMinMargin?: number | null;
  podiumMinScore?: number | null;
  crownCompetitionShare?: number | null;
  podiumCompetitionShare?: number | null;
  crownSplit?: number[] | null;
  podiumSplit?: number[] | null;
  redistributeEmptyPlaces?: boolean | null;
  noQualifierClosesWindow?: boolean | null;
}

/** The protocol values that matter here (TokenomicsConfig). */
export interface TokenomicsConfig {
  idleInferenceShare: number;
  idleBurnShare: number;
  podiumInferenceShare: number;
  podiumCompetitionShare: number;
  crownInferenceShare: number;
  crownCompetitionShare: number;
  crownSplit: number[];
  podiumSplit: number[];
  redistributeEmptyPlaces: boolean;
  noQualifierClosesWindow: boolean;
  breakthroughMarginFloor: number;
  resultWindowHours: number;
  competitionEmissionsEnabled: boolean;
}

/** Tokenomics v3 defaults: E:tokenomics/config.py:31-46, with competition emissions on as E:config/default.yaml sets them. */
export const V3_CONFIG: TokenomicsConfig = {
  idleInferenceShare: 0,
  idleBurnShare: 1,
  podiumInferenceShare: 0,
  podiumCompetitionShare: 1,
  crownInferenceShare: 0,
  crownCompetitionShare: 1,
  crownSplit: [0.9, 0.04, 0.03, 0.02, 0.01],
  podiumSplit: [0.5, 0.24, 0.13, 0.08, 0.05],
  redistributeEmptyPlaces: true,
  noQualifierClosesWindow: true,
  breakthroughMarginFloor: 0.05,
  resultWindowHours: 168,
  competitionEmissionsEnabled: true,
};

function unit(name: string, v: number | null | undefined): void {
  if (v === null || v === undefined) return;
  if (!Number.isFinite(v) || !(v >= 0 && v <= 1)) throw new UpstreamError(`ValueError: ${name} must be finite and in [0, 1]`);
}

function validSplit(name: string, split: number[] | null | undefined): void {
  if (split === null || split === undefined) return;
  if (split.length < 1 || split.length > MAX_PODIUM_PLACES) throw new UpstreamError(`ValueError: ${name} must name 1 to ${MAX_PODIUM_PLACES} places`);
  for (const s of split) if (!Number.isFinite(s) || !(s >= 0 && s <= 1)) throw new UpstreamError(`ValueError: ${name} shares must be finite and in [0, 1]`);
  // Python's sum() of floats (3.12+ compensated; the tolerance 1e-9 dwarfs the difference).
  if (Math.abs(fsum(split) - 1) > 1e-9) throw new UpstreamError(`ValueError: ${name} shares must sum to 1.0`);
}

/** state.py `CompetitionRules.__post_init__`. */
export function validateRules(r: CompetitionRules): void {
  if (!Number.isFinite(r.crownMargin) || !(r.crownMargin > 0 && r.crownMargin <= 10))
    throw new UpstreamError('ValueError: crown_margin must be finite and in (0, 10]');
  unit('crown_min_score', r.crownMinScore);
  unit('podium_min_score', r.podiumMinScore);
  const pm = r.podiumMinMargin;
  if (pm !== null && pm !== undefined && (!Number.isFinite(pm) || !(pm >= -1 && pm <= 10)))
    throw new UpstreamError('ValueError: podium_min_margin must be finite and in [-1, 10]');
  if (pm !== null && pm !== undefined && pm > r.crownMargin) throw new UpstreamError('ValueError: podium_min_margin cannot exceed crown_margin');
  unit('crown_competition_share', r.crownCompetitionShare);
  unit('podium_competition_share', r.podiumCompetitionShare);
  validSplit('crown_split', r.crownSplit);
  validSplit('podium_split', r.podiumSplit);
}

const given = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined;
const D = decFromFloat;

/** breakthrough.py:118-152 `qualifies_for_crown`, inclusive, in Decimal. */
export function qualifiesForCrown(config: TokenomicsConfig, baseline: number | null, score: number | null, rules: CompetitionRules | null): boolean {
  if (baseline === null || score === null || !Number.isFinite(baseline) || !Number.isFinite(score) || baseline < 0) return false;
  const s = D(score);
  if (baseline === 0) {
    if (!rules || !given(rules.crownMinScore)) return false;
    return decCmp(s, D(rules.crownMinScore)) >= 0;
  }
  const floor = D(rules ? rules.crownMargin : config.breakthroughMarginFloor);
  if (rules && given(rules.crownMinScore) && decCmp(s, D(rules.crownMinScore)) < 0) return false;
  return decCmp(s, decMul(D(baseline), decAdd(DEC_ONE, floor))) >= 0;
}

/** breakthrough.py:155-188 `qualifies_for_podium`, inclusive, in Decimal; no podium conditions → everybody. */
export function qualifiesForPodium(rules: CompetitionRules | null, baseline: number | null, score: number | null): boolean {
  if (!rules || (!given(rules.podiumMinMargin) && !given(rules.podiumMinScore))) return true;
  if (score === null || !Number.isFinite(score)) return false;
  const s = D(score);
  if (given(rules.podiumMinScore) && decCmp(s, D(rules.podiumMinScore)) < 0) return false;
  if (given(rules.podiumMinMargin)) {
    if (baseline === null || !Number.isFinite(baseline) || baseline < 0) return false;
    if (baseline === 0) return given(rules.podiumMinScore);
    if (decCmp(s, decMul(D(baseline), decAdd(DEC_ONE, D(rules.podiumMinMargin)))) < 0) return false;
  }
  return true;
}

/** breakthrough.py `contender_margin`: (score − baseline)/baseline in Decimal; the score itself against a zero baseline. */
export function contenderMargin(baseline: number | null, score: number | null): number | null {
  if (baseline === null || score === null || !Number.isFinite(baseline) || !Number.isFinite(score) || baseline < 0) return null;
  if (baseline === 0) return decToNumber(D(score));
  const b = D(baseline);
  return decToNumber(decDiv(decSub(D(score), b), b));
}

// ---------------------------------------------------------------------------------------------------------------
// Place

export type EmissionState = 'IDLE' | 'PODIUM' | 'CROWN';

export interface PlaceInput {
  contenders: Contender[];
  /** The baseline's entry score; null with `hasBaseline` = a failed baseline rerun (no-op). */
  baselineScore: number | null;
  /** False: the competition has no executable baseline and decides as baseline = 0 (breakthrough.py:191-198). */
  hasBaseline: boolean;
  rules: CompetitionRules | null;
  /** Chain time the result is applied (ISO 8601 with a zone). */
  appliedAt: string;
  /** When to evaluate the window (ISO 8601); default `appliedAt`. */
  now?: string;
  config?: Partial<TokenomicsConfig>;
}

export interface PlaceResult {
  /** The window state after folding the result onto an empty prior window. */
  kind: EmissionState;
  /** Why: `crown`, `podium`, `no-qualifier-closes-window`, `no-qualifier-prior-continues`, `zero-baseline-no-bars`, `baseline-failed`. */
  outcome: string;
  ranked: Contender[];
  /** Hotkeys meeting the podium conditions, in rank order (a prefix of the ranking). */
  qualifiers: string[];
  winnerHotkey: string | null;
  winnerMargin: number | null;
  decisionBaseline: number | null;
  /** Crown bar baseline·(1 + margin) and podium bar, as numbers for display (null when the rule does not apply). */
  crownBar: number | null;
  podiumBar: number | null;
  paidHotkeys: string[];
  placeShares: number[];
  /** Fraction of all miner emission paid to the competition while the window is active. */
  competitionShare: number | null;
  windowStart: string | null;
  windowEnd: string | null;
  /** Active window at `now` (half-open [start, end)). */
  active: boolean;
  emission: { inference: number; competition: number; burn: number };
  /** Share of all miner emission per paid hotkey = competition · place share. */
  emissionByHotkey: Record<string, number>;
}

function zoneAware(iso: string, name: string): number {
  if (!/(Z|[+-]\d{2}:?\d{2})$/i.test(iso.trim())) throw new UpstreamError(`ValueError: ${name} must be timezone-aware`);
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) throw new UpstreamError(`ValueError: ${name} is not an ISO 8601 time: ${iso}`);
  return t;
}

/** The reward window a result would open, with shares of emission (see the file comment for the sources). */
export function place(input: PlaceInput): PlaceResult {
  const config: TokenomicsConfig = { ...V3_CONFIG, ...(input.config ?? {}) };
  const rules = input.rules;
  if (rules) validateRules(rules);
  if (!input.hasBaseline && input.baselineScore !== null)
    throw new UpstreamError('ValueError: a result without a baseline carries no baseline version, artifact or score');
  if (input.baselineScore !== null && (!Number.isFinite(input.baselineScore) || !(input.baselineScore >= 0 && input.baselineScore <= 1)))
    throw new UpstreamError('ValueError: baseline_score must be None or finite and in [0, 1]');
  const appliedAt = zoneAware(input.appliedAt, 'applied_at');
  const now = input.now === undefined ? appliedAt : zoneAware(input.now, 'now');
  const ranked = rank(input.contenders);
  const baseline = input.hasBaseline ? input.baselineScore : 0;
  const qualifiers = ranked.filter((c) => qualifiesForPodium(rules, baseline, c.score));
  const best = qualifiers[0] ?? null;
  const bars = displayBars(config, baseline, rules);
  const idle = (outcome: string): PlaceResult => ({
    kind: 'IDLE',
    outcome,
    ranked,
    qualifiers: qualifiers.map((c) => c.hotkey),
    winnerHotkey: null,
    winnerMargin: null,
    decisionBaseline: baseline,
    crownBar: bars.crown,
    podiumBar: bars.podium,
    paidHotkeys: [],
    placeShares: [],
    competitionShare: null,
    windowStart: null,
    windowEnd: null,
    active: false,
    emission: { inference: config.idleInferenceShare, competition: 0, burn: config.idleBurnShare },
    emissionByHotkey: {},
  });
  if (baseline === null || baseline < 0) return idle('baseline-failed');
  if (!best) {
    const closes = given(rules?.noQualifierClosesWindow) ? rules!.noQualifierClosesWindow! : config.noQualifierClosesWindow;
    return idle(closes ? 'no-qualifier-closes-window' : 'no-qualifier-prior-continues');
  }
  if (baseline === 0 && !(rules && (given(rules.crownMinScore) || given(rules.podiumMinScore)))) return idle('zero-baseline-no-bars');
  const margin = contenderMargin(baseline, best.score);
  if (margin === null) return idle('baseline-failed');
  const kind: EmissionState = qualifiesForCrown(config, baseline, best.score, rules) ? 'CROWN' : 'PODIUM';
  const crown = kind === 'CROWN';
  let share = crown ? config.crownCompetitionShare : config.podiumCompetitionShare;
  let split = crown ? config.crownSplit : config.podiumSplit;
  let redistribute = config.redistributeEmptyPlaces;
  if (rules) {
    const s = crown ? rules.crownCompetitionShare : rules.podiumCompetitionShare;
    if (given(s)) share = s;
    const sp = crown ? rules.crownSplit : rules.podiumSplit;
    if (given(sp)) split = sp;
    if (given(rules.redistributeEmptyPlaces)) redistribute = rules.redistributeEmptyPlaces;
  }
  split = split.slice(0, MAX_PODIUM_PLACES);
  const paid = qualifiers.slice(0, split.length).map((c) => c.hotkey);
  const shares = placeShares(split, paid.length, redistribute);
  const end = appliedAt + config.resultWindowHours * 3600_000;
  const active = appliedAt <= now && now < end;
  let emission = { inference: config.idleInferenceShare, competition: 0, burn: config.idleBurnShare };
  if (active && config.competitionEmissionsEnabled) {
    const inferenceCfg = crown ? config.crownInferenceShare : config.podiumInferenceShare;
    const inference = Math.min(inferenceCfg, Math.max(0, 1 - share));
    const burn = decToNumber(decSub(decSub(DEC_ONE, D(inference)), D(share)));
    emission = { inference, competition: share, burn: Math.max(0, burn) };
  }
  const emissionByHotkey: Record<string, number> = {};
  paid.forEach((h, i) => (emissionByHotkey[h] = emission.competition * shares[i]!));
  return {
    kind,
    outcome: crown ? 'crown' : 'podium',
    ranked,
    qualifiers: qualifiers.map((c) => c.hotkey),
    winnerHotkey: best.hotkey,
    winnerMargin: margin,
    decisionBaseline: baseline,
    crownBar: bars.crown,
    podiumBar: bars.podium,
    paidHotkeys: paid,
    placeShares: shares,
    competitionShare: share,
    windowStart: new Date(appliedAt).toISOString(),
    windowEnd: new Date(end).toISOString(),
    active,
    emission,
    emissionByHotkey,
  };
}

/** The bars as plain numbers for display: crown = max(crown_min_score, baseline·(1 + margin)); podium likewise. */
function displayBars(config: TokenomicsConfig, baseline: number | null, rules: CompetitionRules | null): { crown: number | null; podium: number | null } {
  if (baseline === null || baseline < 0) return { crown: null, podium: null };
  const rel = (m: number) => decToNumber(decMul(D(baseline), decAdd(DEC_ONE, D(m))));
  let crown: number | null = null;
  if (baseline === 0) crown = rules && given(rules.crownMinScore) ? rules.crownMinScore : null;
  else {
    crown = rel(rules ? rules.crownMargin : config.breakthroughMarginFloor);
    if (rules && given(rules.crownMinScore)) crown = Math.max(crown, rules.crownMinScore);
  }
  let podium: number | null = null;
  if (rules && (given(rules.podiumMinMargin) || given(rules.podiumMinScore))) {
    podium = given(rules.podiumMinScore) ? rules.podiumMinScore : 0;
    if (given(rules.podiumMinMargin) && baseline > 0) podium = Math.max(podium, rel(rules.podiumMinMargin));
  }
  return { crown, podium };
}
