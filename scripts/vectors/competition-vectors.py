#!/usr/bin/env python3
"""Writes vectors/validator-vidaio-competition.json: the competition functions of the validator-vidaio v3 pack.

An independent transcription (Python 3.11, standard library only: math.fsum, decimal, ipaddress, datetime) of what
../shared/reference/rules/vidaio-v3.md §1.3-§1.7 cites from vidAio-subnet/validator-vidaio @ e76b503 / a264696:
A:vidaio/scoring/result.py compose_item_score, E:vidaio/competition/economic_result.py aggregate_subject_scores and
competition_dedup_losers, E:vidaio/tokenomics/rank_curve.py dedup_ip_key, E:vidaio/tokenomics/state.py (ranking and
rule validation), E:vidaio/tokenomics/breakthrough.py:43-77 (payout policy, place_shares), :118-233 (crown, podium,
decision baseline, winner), :236- resolve_reward_window, window_active, emission_shares; defaults
E:vidaio/tokenomics/config.py:31-46 with competition_emissions_enabled true (E:config/default.yaml).
The TypeScript port (src/core/rules/vidaio/competition.ts) is checked against this file; neither imports the other.

Run: python3 scripts/vectors/competition-vectors.py          # writes vectors/validator-vidaio-competition.json
     python3 scripts/vectors/competition-vectors.py --check  # exit 1 if the committed file differs
"""
import ipaddress
import json
import math
import sys
from datetime import datetime, timedelta, timezone
from decimal import Decimal

SRC = 'vidAio-subnet/validator-vidaio'
E = 'e76b503'
A = 'a264696'

CONFIG = dict(
    idle_inference_share=0.0, idle_burn_share=1.0, podium_inference_share=0.0, podium_competition_share=1.0,
    crown_inference_share=0.0, crown_competition_share=1.0, crown_split=(0.90, 0.04, 0.03, 0.02, 0.01),
    podium_split=(0.50, 0.24, 0.13, 0.08, 0.05), redistribute_empty_places=True, no_qualifier_closes_window=True,
    breakthrough_margin_floor=0.05, result_window_hours=168.0, competition_emissions_enabled=True,
)


class Raises(Exception):
    pass


# ---- item.compose (A:result.py compose_item_score + ItemScore score validator)
def compose(gate_passed, final, shared=None):
    if shared is not None:
        score = shared
    elif gate_passed and final is not None:
        score = final
    else:
        score = 0.0
    if not math.isfinite(score) or not 0.0 <= score <= 1.0:
        raise Raises('ValueError: score')
    return {'score': score}


# ---- competition.entryScore (E:economic_result.py aggregate_subject_scores)
def entry(scores):
    for s in scores:
        if not math.isfinite(s) or not 0.0 <= s <= 1.0:
            raise Raises('CompetitionEconomicResultError')
    if not scores:
        raise Raises('ZeroDivisionError')
    return {'score': math.fsum(scores) / len(scores), 'n': len(scores)}


# ---- competition.dedup (E:economic_result.py competition_dedup_losers, rank_curve.py dedup_ip_key)
def ip_key(ip):
    value = ip.strip()
    if not value:
        return None
    try:
        parsed = ipaddress.ip_address(value)
    except ValueError:
        return value
    if parsed.is_unspecified:
        return None
    if isinstance(parsed, ipaddress.IPv6Address):
        mapped = parsed.ipv4_mapped
        if mapped is not None and mapped.is_unspecified:
            return None
        if mapped is not None:
            return str(mapped)
    return str(parsed)


def dedup(cands):
    seen_ip, seen_ck, seen_out, losers = set(), set(), set(), []
    for c in sorted(cands, key=lambda c: c['uid']):
        if not c['outputDigests']:
            raise Raises('CompetitionEconomicResultError: no output matrix')
        k = ip_key(c['ip'])
        out = tuple(c['outputDigests'])
        if (k is not None and k in seen_ip) or c['coldkey'] in seen_ck or out in seen_out:
            losers.append(c['subjectId'])
            continue
        if k is not None:
            seen_ip.add(k)
        seen_ck.add(c['coldkey'])
        seen_out.add(out)
    return {'excluded': losers}


# ---- competition.rank (E:state.py ContenderResult / CompetitionResult)
def rank(cs):
    for c in cs:
        if not c['hotkey']:
            raise Raises('ValueError: hotkey')
        if not isinstance(c['uid'], int) or c['uid'] < 0:
            raise Raises('ValueError: uid')
        if not math.isfinite(c['score']) or not 0.0 <= c['score'] <= 1.0:
            raise Raises('ValueError: score')
    if len({c['hotkey'] for c in cs}) != len(cs) or len({c['uid'] for c in cs}) != len(cs):
        raise Raises('ValueError: unique')
    return sorted(cs, key=lambda c: (-c['score'], c['hotkey'], c['uid']))


# ---- competition.placeShares (E:breakthrough.py:68-77)
def place_shares(split, filled, redistribute):
    if filled <= 0:
        return []
    head = [Decimal(str(x)) for x in split[:filled]]
    if redistribute:
        total = sum(head)
        if total > 0:
            head = [x / total for x in head]
    return [float(x) for x in head]


# ---- competition.place
def validate_rules(r):
    cm = r['crownMargin']
    if not math.isfinite(cm) or not 0.0 < cm <= 10.0:
        raise Raises('ValueError: crown_margin')
    for k in ('crownMinScore', 'podiumMinScore', 'crownCompetitionShare', 'podiumCompetitionShare'):
        v = r.get(k)
        if v is not None and (not math.isfinite(v) or not 0.0 <= v <= 1.0):
            raise Raises('ValueError: ' + k)
    pm = r.get('podiumMinMargin')
    if pm is not None and (not math.isfinite(pm) or not -1.0 <= pm <= 10.0):
        raise Raises('ValueError: podium_min_margin')
    if pm is not None and pm > cm:
        raise Raises('ValueError: podium_min_margin cannot exceed crown_margin')
    for k in ('crownSplit', 'podiumSplit'):
        s = r.get(k)
        if s is None:
            continue
        if not 1 <= len(s) <= 5 or any(not math.isfinite(x) or not 0 <= x <= 1 for x in s) or abs(sum(s) - 1.0) > 1e-9:
            raise Raises('ValueError: ' + k)


def crown_ok(baseline, score, rules):
    if baseline is None or score is None or not math.isfinite(baseline) or not math.isfinite(score) or baseline < 0:
        return False
    s = Decimal(str(score))
    if baseline == 0.0:
        if rules is None or rules.get('crownMinScore') is None:
            return False
        return s >= Decimal(str(rules['crownMinScore']))
    b = Decimal(str(baseline))
    floor = Decimal(str(CONFIG['breakthrough_margin_floor'] if rules is None else rules['crownMargin']))
    if rules is not None and rules.get('crownMinScore') is not None and s < Decimal(str(rules['crownMinScore'])):
        return False
    return s >= b * (Decimal(1) + floor)


def podium_ok(rules, baseline, score):
    if rules is None or (rules.get('podiumMinMargin') is None and rules.get('podiumMinScore') is None):
        return True
    if score is None or not math.isfinite(score):
        return False
    s = Decimal(str(score))
    if rules.get('podiumMinScore') is not None and s < Decimal(str(rules['podiumMinScore'])):
        return False
    if rules.get('podiumMinMargin') is not None:
        if baseline is None or not math.isfinite(baseline) or baseline < 0.0:
            return False
        if baseline == 0.0:
            return rules.get('podiumMinScore') is not None
        if s < Decimal(str(baseline)) * (Decimal(1) + Decimal(str(rules['podiumMinMargin']))):
            return False
    return True


def margin_of(baseline, score):
    if baseline == 0.0:
        return float(Decimal(str(score)))
    b = Decimal(str(baseline))
    return float((Decimal(str(score)) - b) / b)


def iso(t):
    return t.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.') + f'{t.microsecond // 1000:03d}Z'


def place(inp):
    rules = inp['rules']
    if rules is not None:
        validate_rules(rules)
    applied = datetime.fromisoformat(inp['appliedAt'].replace('Z', '+00:00'))
    if applied.tzinfo is None:
        raise Raises('ValueError: applied_at must be timezone-aware')
    now = datetime.fromisoformat(inp.get('now', inp['appliedAt']).replace('Z', '+00:00'))
    ranked = rank(inp['contenders'])
    baseline = inp['baselineScore'] if inp['hasBaseline'] else 0.0
    quals = [c for c in ranked if podium_ok(rules, baseline, c['score'])]
    best = quals[0] if quals else None
    idle_em = {'inference': CONFIG['idle_inference_share'], 'competition': 0.0, 'burn': CONFIG['idle_burn_share']}

    def idle(outcome):
        return {'kind': 'IDLE', 'outcome': outcome, 'qualifiers': [c['hotkey'] for c in quals], 'winnerHotkey': None,
                'paidHotkeys': [], 'placeShares': [], 'windowStart': None, 'windowEnd': None, 'active': False,
                'emission': idle_em, 'emissionByHotkey': {}}

    if baseline is None or baseline < 0.0:
        return idle('baseline-failed')
    if best is None:
        closes = CONFIG['no_qualifier_closes_window']
        if rules is not None and rules.get('noQualifierClosesWindow') is not None:
            closes = rules['noQualifierClosesWindow']
        return idle('no-qualifier-closes-window' if closes else 'no-qualifier-prior-continues')
    if baseline == 0.0 and not (rules is not None and (rules.get('crownMinScore') is not None or rules.get('podiumMinScore') is not None)):
        return idle('zero-baseline-no-bars')
    margin = margin_of(baseline, best['score'])
    crown = crown_ok(baseline, best['score'], rules)
    share = CONFIG['crown_competition_share'] if crown else CONFIG['podium_competition_share']
    split = CONFIG['crown_split'] if crown else CONFIG['podium_split']
    redistribute = CONFIG['redistribute_empty_places']
    if rules is not None:
        o = rules.get('crownCompetitionShare' if crown else 'podiumCompetitionShare')
        if o is not None:
            share = float(o)
        o = rules.get('crownSplit' if crown else 'podiumSplit')
        if o is not None:
            split = tuple(o)
        if rules.get('redistributeEmptyPlaces') is not None:
            redistribute = rules['redistributeEmptyPlaces']
    split = split[:5]
    paid = [c['hotkey'] for c in quals[: len(split)]]
    shares = place_shares(split, len(paid), redistribute)
    end = applied + timedelta(hours=CONFIG['result_window_hours'])
    active = applied <= now < end
    em = idle_em
    if active and CONFIG['competition_emissions_enabled']:
        inf_cfg = CONFIG['crown_inference_share'] if crown else CONFIG['podium_inference_share']
        inference = min(inf_cfg, max(0.0, 1.0 - share))
        burn = float(Decimal(1) - Decimal(str(inference)) - Decimal(str(share)))
        em = {'inference': inference, 'competition': share, 'burn': max(0.0, burn)}
    return {'kind': 'CROWN' if crown else 'PODIUM', 'outcome': 'crown' if crown else 'podium',
            'qualifiers': [c['hotkey'] for c in quals], 'winnerHotkey': best['hotkey'], 'winnerMargin': margin,
            'paidHotkeys': paid, 'placeShares': shares, 'competitionShare': share, 'windowStart': iso(applied),
            'windowEnd': iso(end), 'active': active, 'emission': em,
            'emissionByHotkey': {h: em['competition'] * s for h, s in zip(paid, shares)}}


# ---- weights.compose (E:weights.py build_weight_vector; rank_curve.py inference_shares; breakthrough.py emission_shares)
V2 = dict(CONFIG, idle_inference_share=0.80, idle_burn_share=0.20, podium_inference_share=0.60, podium_competition_share=0.40,
          crown_inference_share=0.10, crown_competition_share=0.90, crown_split=(0.70, 0.20, 0.10), podium_split=(0.70, 0.20, 0.10),
          redistribute_empty_places=False, no_qualifier_closes_window=False)
TRACKS = {'compression': 0.8, 'upscaling': 0.2}


def neumaier(xs):
    s = c = 0.0
    for x in xs:
        t = s + x
        c += (s - t) + x if abs(s) >= abs(x) else (x - t) + s
        s = t
    return s + c


def inference_shares(miners):
    cands = sorted((m for m in miners if not m.get('excluded', False) and m['accumulateScore'] != -1.0
                    and m['accumulateScore'] >= 0.05 and m['accumulateScore'] > 0.0), key=lambda m: m['uid'])
    seen_ip, seen_ck, elig = set(), set(), []
    for m in cands:
        k = ip_key(m['ip'])
        if (k is not None and k in seen_ip) or m['coldkey'] in seen_ck:
            continue
        if k is not None:
            seen_ip.add(k)
        seen_ck.add(m['coldkey'])
        elig.append(m)
    shares = {}
    for track, pool in TRACKS.items():
        ranked = sorted((m for m in elig if m['track'] == track), key=lambda m: (-m['accumulateScore'], m['uid']))[:5]
        weighted = {m['uid']: float(5 - r) for r, m in enumerate(ranked)}
        total = sum(weighted.values())
        if not ranked or total <= 0.0:
            continue
        for uid, w in weighted.items():
            shares[uid] = shares.get(uid, 0.0) + pool * (w / total)
    return shares


def parse_t(s):
    t = datetime.fromisoformat(s.replace('Z', '+00:00'))
    if t.tzinfo is None:
        raise Raises('ValueError: timezone-aware')
    return t


def compose_weights(inp):
    cfg = dict(V2 if inp['profile'] == 'v2' else CONFIG, competition_emissions_enabled=inp.get('competitionEmissionsEnabled', True))
    miners = sorted(inp['miners'], key=lambda m: m['uid'])
    if len({m['uid'] for m in miners}) != len(miners) or len({m['hotkey'] for m in miners}) != len(miners):
        raise Raises('ValueError: duplicate uids or hotkeys')
    burn_uid = inp['burnUid']
    if burn_uid is not None and (not isinstance(burn_uid, int) or burn_uid < 0):
        raise Raises('ValueError: burn_uid')
    w = inp['window'] or {'kind': 'IDLE', 'startsAt': None, 'endsAt': None, 'podiumHotkeys': [], 'competitionShare': None, 'placeShares': []}
    if cfg['competition_emissions_enabled'] and inp['now'] is None:
        raise Raises('ValueError: now is required')
    active = 'IDLE'
    if cfg['competition_emissions_enabled'] and w['kind'] != 'IDLE':
        now = parse_t(inp['now'])
        if parse_t(w['startsAt']) <= now < parse_t(w['endsAt']):
            active = w['kind']
    if active != 'IDLE':
        crown = active == 'CROWN'
        comp = cfg['crown_competition_share'] if crown else cfg['podium_competition_share']
        if w['competitionShare'] is not None:
            comp = float(w['competitionShare'])
        inf = cfg['crown_inference_share'] if crown else cfg['podium_inference_share']
        inf = min(inf, max(0.0, 1.0 - comp))
        burn = float(Decimal(1) - Decimal(str(inf)) - Decimal(str(comp)))
        pools = {'inference': inf, 'competition': comp, 'burn': max(0.0, burn)}
    else:
        pools = {'inference': cfg['idle_inference_share'], 'competition': 0.0, 'burn': cfg['idle_burn_share']}
    vec = {m['uid']: 0.0 for m in miners}
    for uid, share in inference_shares(miners).items():
        vec[uid] += pools['inference'] * share
    by_hotkey = {m['hotkey']: m['uid'] for m in miners}
    if w['placeShares']:
        ph = dict(zip(w['podiumHotkeys'], w['placeShares']))
    elif w['kind'] == 'IDLE':
        ph = {}
    else:
        split = cfg['crown_split'] if w['kind'] == 'CROWN' else cfg['podium_split']
        ph = dict(zip(w['podiumHotkeys'], place_shares(split, len(w['podiumHotkeys']), cfg['redistribute_empty_places'])))
    for hk, share in ph.items():
        uid = by_hotkey.get(hk)
        if uid is not None:
            vec[uid] += pools['competition'] * share
    total = sum(vec.values())
    # Python 3.12+ sum() is compensated; the two totals must agree far inside the vectors' 1e-12 tolerance.
    assert abs(total - neumaier(vec.values())) <= 1e-15, 'Python 3.11 and 3.12 sum() differ on this case: pick other values'
    withheld = max(0.0, 1.0 - total)
    if withheld > 1e-12 and burn_uid is None:
        raise Raises('ValueError: canonical burn_uid is required')
    if withheld > 1e-12:
        if burn_uid in {m['uid'] for m in miners}:
            raise Raises('ValueError: burn_uid overlaps an economic miner snapshot')
        vec[burn_uid] = vec.get(burn_uid, 0.0) + withheld
    return {'weights': {str(k): v for k, v in vec.items()}, 'pools': pools, 'withheld': withheld, 'activeState': active}


# ---------------------------------------------------------------------------------------------------------------
cases = []


def case(fn_name, title, inputs, compute, source, tol=None):
    n = sum(1 for c in cases if c['fn'] == fn_name) + 1
    try:
        expected = compute(inputs)
    except Raises as exc:
        expected = {'throws': str(exc)}
    c = {'id': f'{fn_name}/{n:02d}', 'fn': fn_name, 'title': title, 'source': source, 'inputs': inputs, 'expected': expected}
    if tol:
        c['tol'] = tol
    cases.append(c)


def enc(v):
    if isinstance(v, float) and not math.isfinite(v):
        return 'NaN' if v != v else ('Infinity' if v > 0 else '-Infinity')
    if isinstance(v, list):
        return [enc(x) for x in v]
    if isinstance(v, dict):
        return {k: enc(x) for k, x in v.items()}
    return v


RES = f'{SRC} vidaio/scoring/result.py compose_item_score@{A}'
comp = lambda i: compose(i['gatePassed'], i['final'], i.get('sharedScore'))
case('item.compose', 'every gate passed: the breakdown final', {'gatePassed': True, 'final': 0.7421}, comp, RES)
case('item.compose', 'a gate failed: 0 however good the metrics', {'gatePassed': False, 'final': 0.89}, comp, RES)
case('item.compose', 'no breakdown (no metrics): 0', {'gatePassed': True, 'final': None}, comp, RES)
case('item.compose', 'breakdown zero reason (VMAF_BELOW_THRESHOLD) with the gates passed: 0', {'gatePassed': True, 'final': 0.0}, comp, RES)
case('item.compose', 'content equal-share score overrides', {'gatePassed': True, 'final': 0.7, 'sharedScore': 0.35}, comp, RES)
case('item.compose', 'non-finite final with the gates passed raises (ItemScore validator)', {'gatePassed': True, 'final': float('nan')}, comp, RES)
case('item.compose', 'non-finite final with a failed gate is a clean 0', {'gatePassed': False, 'final': float('nan')}, comp, RES)
case('item.compose', 'final above 1 raises', {'gatePassed': True, 'final': 1.2}, comp, RES)

AGG = f'{SRC} vidaio/competition/economic_result.py aggregate_subject_scores@{E}'
ent = lambda i: entry(i['scores'])
case('competition.entryScore', 'ten items of 0.1: fsum gives exactly 1, so the mean is 0.1 (a naive sum gives 0.09999999999999999)', {'scores': [0.1] * 10}, ent, AGG)
case('competition.entryScore', 'failed gates count as 0 in the full matrix', {'scores': [0.8631, 0.0, 0.8712, 0.8544, 0.0, 0.8809, 0.8677, 0.8702, 0.0, 0.8750]}, ent, AGG)
case('competition.entryScore', 'tiny scores are not lost next to 1 (fsum is exact)', {'scores': [1.0] + [1e-16] * 10}, ent, AGG)
case('competition.entryScore', 'one item', {'scores': [0.456]}, ent, AGG)
case('competition.entryScore', 'thirds: correctly rounded sum', {'scores': [1 / 3, 1 / 3, 1 / 3, 0.7, 0.2]}, ent, AGG)
case('competition.entryScore', 'no items raises (division by zero)', {'scores': []}, ent, AGG)
case('competition.entryScore', 'a score above 1 raises', {'scores': [0.5, 1.5]}, ent, AGG)
case('competition.entryScore', 'a NaN score raises', {'scores': [0.5, float('nan')]}, ent, AGG)

DED = f'{SRC} vidaio/competition/economic_result.py competition_dedup_losers, vidaio/tokenomics/rank_curve.py dedup_ip_key@{E}'
d = lambda i: dedup(i['candidates'])
def cand(s, uid, ck, ip, outs):
    return {'subjectId': s, 'uid': uid, 'coldkey': ck, 'ip': ip, 'outputDigests': outs}
case('competition.dedup', 'shared coldkey: the lower UID wins whatever the input order', {'candidates': [cand('s9', 9, 'ck1', '10.0.0.9', ['a', 'b']), cand('s4', 4, 'ck1', '10.0.0.4', ['c', 'd'])]}, d, DED)
case('competition.dedup', 'shared advertised IP, different coldkeys', {'candidates': [cand('s1', 1, 'ck1', '1.2.3.4', ['a']), cand('s2', 2, 'ck2', '1.2.3.4', ['b'])]}, d, DED)
case('competition.dedup', 'unspecified 0.0.0.0, :: and blank are not a shared identity', {'candidates': [cand('s1', 1, 'ck1', '0.0.0.0', ['a']), cand('s2', 2, 'ck2', '0.0.0.0', ['b']), cand('s3', 3, 'ck3', '::', ['c']), cand('s5', 5, 'ck5', '', ['e']), cand('s6', 6, 'ck6', '  ', ['f'])]}, d, DED)
case('competition.dedup', 'IPv4-mapped IPv6 is the IPv4 address', {'candidates': [cand('s1', 1, 'ck1', '1.2.3.4', ['a']), cand('s2', 2, 'ck2', '::ffff:1.2.3.4', ['b'])]}, d, DED)
case('competition.dedup', 'IPv6 spellings canonicalised', {'candidates': [cand('s1', 1, 'ck1', '2001:db8::1', ['a']), cand('s2', 2, 'ck2', '2001:0DB8:0:0:0:0:0:0001', ['b'])]}, d, DED)
case('competition.dedup', 'byte-identical full output matrix', {'candidates': [cand('s1', 1, 'ck1', '1.1.1.1', ['aa', 'bb', 'cc']), cand('s2', 2, 'ck2', '2.2.2.2', ['aa', 'bb', 'cc'])]}, d, DED)
case('competition.dedup', 'same digests in another order are a different matrix', {'candidates': [cand('s1', 1, 'ck1', '1.1.1.1', ['aa', 'bb']), cand('s2', 2, 'ck2', '2.2.2.2', ['bb', 'aa'])]}, d, DED)
case('competition.dedup', 'a malformed IP is compared verbatim; a leading-zero octet is not 1.2.3.4', {'candidates': [cand('s1', 1, 'ck1', 'miner.example', ['a']), cand('s2', 2, 'ck2', 'miner.example', ['b']), cand('s3', 3, 'ck3', '1.2.3.4', ['c']), cand('s4', 4, 'ck4', '01.2.3.4', ['d'])]}, d, DED)
case('competition.dedup', 'a loser does not claim its slots: a third contender sharing only the loser\'s IP stays', {'candidates': [cand('s1', 1, 'ck1', '5.5.5.5', ['a']), cand('s2', 2, 'ck1', '6.6.6.6', ['b']), cand('s3', 3, 'ck3', '6.6.6.6', ['c'])]}, d, DED)
case('competition.dedup', 'a contender without an output matrix raises', {'candidates': [cand('s1', 1, 'ck1', '1.1.1.1', [])]}, d, DED)

RNK = f'{SRC} vidaio/tokenomics/state.py CompetitionResult, ContenderResult@{E}'
r = lambda i: {'ranked': rank(i['contenders'])}
def ct(h, u, s):
    return {'hotkey': h, 'uid': u, 'score': s}
case('competition.rank', 'score descending', {'contenders': [ct('5Ca', 3, 0.81), ct('5Cb', 1, 0.86990), ct('5Cc', 7, 0.8106)]}, r, RNK)
case('competition.rank', 'equal scores: hotkey ascending (code points: uppercase first), UID never reached', {'contenders': [ct('bob', 2, 0.9), ct('alice', 7, 0.9), ct('Zed', 9, 0.9), ct('carol', 1, 0.95)]}, r, RNK)
case('competition.rank', 'zero scores are ranked too', {'contenders': [ct('x', 1, 0.0), ct('y', 2, 0.5)]}, r, RNK)
case('competition.rank', 'duplicate hotkeys raise', {'contenders': [ct('x', 1, 0.5), ct('x', 2, 0.6)]}, r, RNK)
case('competition.rank', 'duplicate UIDs raise', {'contenders': [ct('x', 1, 0.5), ct('y', 1, 0.6)]}, r, RNK)
case('competition.rank', 'a score above 1 raises', {'contenders': [ct('x', 1, 1.01)]}, r, RNK)
case('competition.rank', 'an empty hotkey raises', {'contenders': [ct('', 1, 0.5)]}, r, RNK)

PS = f'{SRC} vidaio/tokenomics/breakthrough.py place_shares, vidaio/tokenomics/config.py@{E}'
ps = lambda i: {'shares': place_shares(i['split'], i['filled'], i['redistribute'])}
for k in range(1, 6):
    case('competition.placeShares', f'crown split 90/4/3/2/1, {k} place(s) filled, redistributed', {'split': [0.9, 0.04, 0.03, 0.02, 0.01], 'filled': k, 'redistribute': True}, ps, PS)
for k in range(1, 6):
    case('competition.placeShares', f'podium split 50/24/13/8/5, {k} place(s) filled, redistributed', {'split': [0.5, 0.24, 0.13, 0.08, 0.05], 'filled': k, 'redistribute': True}, ps, PS)
case('competition.placeShares', 'no redistribution: the unfilled shares go to the sink', {'split': [0.9, 0.04, 0.03, 0.02, 0.01], 'filled': 3, 'redistribute': False}, ps, PS)
case('competition.placeShares', 'no place filled', {'split': [0.5, 0.24, 0.13, 0.08, 0.05], 'filled': 0, 'redistribute': True}, ps, PS)
case('competition.placeShares', 'v2 launch split 70/20/10, two places, not redistributed', {'split': [0.7, 0.2, 0.1], 'filled': 2, 'redistribute': False}, ps, PS)
case('competition.placeShares', 'more filled than the split names: the whole split', {'split': [0.6, 0.4], 'filled': 3, 'redistribute': True}, ps, PS)

PL = f'{SRC} vidaio/tokenomics/breakthrough.py, vidaio/tokenomics/state.py, vidaio/tokenomics/config.py@{E}'
p = place
R001C = {'crownMargin': 0.05, 'crownMinScore': 0.869, 'podiumMinMargin': 0.0, 'podiumMinScore': 0.86}
field = [ct('5A', 11, 0.8699), ct('5B', 12, 0.865), ct('5C', 13, 0.861), ct('5D', 14, 0.8106), ct('5E', 15, 0.859)]
T0 = '2026-09-27T00:00:00Z'
case('competition.place', '001c rules: winner reaches crown_min_score 0.869 and 1.05 x baseline: CROWN, three podium qualifiers, 90/4/3 redistributed',
     {'contenders': field, 'baselineScore': 0.25595025, 'hasBaseline': True, 'rules': R001C, 'appliedAt': T0}, p, PL)
field2 = [dict(c) for c in field]
field2[0]['score'] = 0.8685
case('competition.place', '001c rules: winner 0.8685 < crown_min_score 0.869: PODIUM, 50/24/13 redistributed',
     {'contenders': field2, 'baselineScore': 0.25595025, 'hasBaseline': True, 'rules': R001C, 'appliedAt': T0}, p, PL)
case('competition.place', 'protocol defaults: score exactly baseline x 1.05 crowns (inclusive); no podium conditions, so every contender qualifies and five are paid',
     {'contenders': [ct('a', 1, 0.525), ct('b', 2, 0.4), ct('c', 3, 0.3), ct('d', 4, 0.2), ct('e', 5, 0.1), ct('f', 6, 0.0)], 'baselineScore': 0.5, 'hasBaseline': True, 'rules': None, 'appliedAt': T0}, p, PL)
case('competition.place', 'protocol defaults: one ulp below the crown bar is PODIUM',
     {'contenders': [ct('a', 1, 0.5249999999999999), ct('b', 2, 0.4)], 'baselineScore': 0.5, 'hasBaseline': True, 'rules': None, 'appliedAt': T0}, p, PL)
case('competition.place', 'Decimal, not float: 0.105 >= Decimal(0.1) x 1.05 = 0.105 crowns (float 0.1*1.05 = 0.10500000000000001 would not)',
     {'contenders': [ct('a', 1, 0.105)], 'baselineScore': 0.1, 'hasBaseline': True, 'rules': None, 'appliedAt': T0}, p, PL)
case('competition.place', 'nobody reaches podium_min_score: the result closes the window (IDLE, burn)',
     {'contenders': [ct('a', 1, 0.85), ct('b', 2, 0.7)], 'baselineScore': 0.25595025, 'hasBaseline': True, 'rules': R001C, 'appliedAt': T0}, p, PL)
case('competition.place', 'nobody qualifies and the rules keep the prior window',
     {'contenders': [ct('a', 1, 0.85)], 'baselineScore': 0.25595025, 'hasBaseline': True, 'rules': dict(R001C, noQualifierClosesWindow=False), 'appliedAt': T0}, p, PL)
case('competition.place', 'no executable baseline: decided as baseline 0 by the absolute bars; the margin is the score',
     {'contenders': [ct('a', 1, 0.87), ct('b', 2, 0.862), ct('c', 3, 0.5)], 'baselineScore': None, 'hasBaseline': False, 'rules': {'crownMargin': 0.05, 'crownMinScore': 0.869, 'podiumMinScore': 0.86}, 'appliedAt': T0}, p, PL)
case('competition.place', 'no baseline and no rules: nothing is granted (IDLE)',
     {'contenders': [ct('a', 1, 0.9)], 'baselineScore': None, 'hasBaseline': False, 'rules': None, 'appliedAt': T0}, p, PL)
case('competition.place', 'baseline measured at 0 with only a relative margin: no-op (IDLE)',
     {'contenders': [ct('a', 1, 0.9)], 'baselineScore': 0.0, 'hasBaseline': True, 'rules': {'crownMargin': 0.05}, 'appliedAt': T0}, p, PL)
case('competition.place', 'failed baseline rerun (no score): no-op (IDLE)',
     {'contenders': [ct('a', 1, 0.9)], 'baselineScore': None, 'hasBaseline': True, 'rules': None, 'appliedAt': T0}, p, PL)
case('competition.place', 'window is active one minute before applied_at + 168 h',
     {'contenders': [ct('a', 1, 0.9)], 'baselineScore': 0.5, 'hasBaseline': True, 'rules': None, 'appliedAt': T0, 'now': '2026-10-03T23:59:00Z'}, p, PL)
case('competition.place', 'window is half-open: at applied_at + 168 h it is over (IDLE emission, burn 1)',
     {'contenders': [ct('a', 1, 0.9)], 'baselineScore': 0.5, 'hasBaseline': True, 'rules': None, 'appliedAt': T0, 'now': '2026-10-04T00:00:00Z'}, p, PL)
case('competition.place', 'per-competition payout policy: podium share 0.75, split 60/40, three qualifiers: 0.45, 0.30, burn 0.25',
     {'contenders': [ct('a', 1, 0.6), ct('b', 2, 0.58), ct('c', 3, 0.55)], 'baselineScore': 0.5, 'hasBaseline': True,
      'rules': {'crownMargin': 0.5, 'podiumMinMargin': 0.0, 'podiumCompetitionShare': 0.75, 'podiumSplit': [0.6, 0.4]}, 'appliedAt': T0}, p, PL)
case('competition.place', 'redistribution off: two crown places keep 0.90 and 0.04 (the rest is burned by the weight vector)',
     {'contenders': [ct('a', 1, 0.9), ct('b', 2, 0.7)], 'baselineScore': 0.5, 'hasBaseline': True,
      'rules': {'crownMargin': 0.05, 'podiumMinScore': 0.6, 'redistributeEmptyPlaces': False}, 'appliedAt': T0}, p, PL)
case('competition.place', 'applied_at with an offset; equal scores ranked by hotkey',
     {'contenders': [ct('bob', 2, 0.9), ct('alice', 7, 0.9)], 'baselineScore': 0.5, 'hasBaseline': True, 'rules': None, 'appliedAt': '2026-09-27T02:00:00+02:00'}, p, PL)
case('competition.place', 'crown_margin 0 is invalid (CompetitionRules)',
     {'contenders': [ct('a', 1, 0.9)], 'baselineScore': 0.5, 'hasBaseline': True, 'rules': {'crownMargin': 0.0}, 'appliedAt': T0}, p, PL)
case('competition.place', 'podium_min_margin above crown_margin is invalid',
     {'contenders': [ct('a', 1, 0.9)], 'baselineScore': 0.5, 'hasBaseline': True, 'rules': {'crownMargin': 0.05, 'podiumMinMargin': 0.1}, 'appliedAt': T0}, p, PL)
case('competition.place', 'a split that does not sum to 1 is invalid',
     {'contenders': [ct('a', 1, 0.9)], 'baselineScore': 0.5, 'hasBaseline': True, 'rules': {'crownMargin': 0.05, 'crownSplit': [0.5, 0.4]}, 'appliedAt': T0}, p, PL)
case('competition.place', 'applied_at without a time zone raises',
     {'contenders': [ct('a', 1, 0.9)], 'baselineScore': 0.5, 'hasBaseline': True, 'rules': None, 'appliedAt': '2026-09-27T00:00:00'}, p, PL)

WT = f'{SRC} vidaio/tokenomics/weights.py build_weight_vector, vidaio/tokenomics/breakthrough.py emission_shares, vidaio/tokenomics/rank_curve.py inference_shares@{E}'
def miner(uid, hk, ck, ip, track, acc, excluded=False):
    m = {'uid': uid, 'hotkey': hk, 'coldkey': ck, 'ip': ip, 'track': track, 'accumulateScore': acc}
    if excluded:
        m['excluded'] = True
    return m
MINERS = [miner(1, 'h1', 'c1', '1.1.1.1', 'compression', 0.6), miner(2, 'h2', 'c2', '2.2.2.2', 'compression', 0.5),
          miner(3, 'h3', 'c3', '3.3.3.3', 'upscaling', 0.09), miner(4, 'h4', 'c4', '4.4.4.4', 'compression', 0.04),
          miner(5, 'h5', 'c5', '5.5.5.5', 'upscaling', 0.08)]
CROWN_W = {'kind': 'CROWN', 'startsAt': '2026-09-27T00:00:00Z', 'endsAt': '2026-10-04T00:00:00Z', 'podiumHotkeys': ['h2', 'h1', 'h5'],
           'competitionShare': 1.0, 'placeShares': [0.9278350515463918, 0.041237113402061855, 0.030927835051546393]}
case('weights.compose', 'v3, active crown window: competition x place share per paid hotkey, inference earns nothing', {'profile': 'v3', 'window': CROWN_W, 'now': '2026-09-30T12:00:00Z', 'miners': MINERS, 'burnUid': 0}, compose_weights, WT)
case('weights.compose', 'v3, window over (half-open end): IDLE, everything to the burn UID', {'profile': 'v3', 'window': CROWN_W, 'now': '2026-10-04T00:00:00Z', 'miners': MINERS, 'burnUid': 0}, compose_weights, WT)
case('weights.compose', 'v3, no window: IDLE burns 1', {'profile': 'v3', 'window': None, 'now': '2026-09-30T00:00:00Z', 'miners': MINERS, 'burnUid': 0}, compose_weights, WT)
case('weights.compose', 'v3, podium share 0.75 with 60/40: 0.45, 0.30, burn 0.25 (the E-tree test)', {'profile': 'v3', 'window': {'kind': 'PODIUM', 'startsAt': '2026-09-27T00:00:00Z', 'endsAt': '2026-10-04T00:00:00Z', 'podiumHotkeys': ['h1', 'h2'], 'competitionShare': 0.75, 'placeShares': [0.6, 0.4]}, 'now': '2026-09-28T00:00:00Z', 'miners': MINERS, 'burnUid': 0}, compose_weights, WT)
case('weights.compose', 'a paid hotkey no longer in the metagraph: its share goes to the burn UID', {'profile': 'v3', 'window': dict(CROWN_W, podiumHotkeys=['gone', 'h1', 'h5']), 'now': '2026-09-30T00:00:00Z', 'miners': MINERS, 'burnUid': 0}, compose_weights, WT)
case('weights.compose', 'v2 launch, idle: inference 0.80 over compression 0.8 / upscaling 0.2 top-5 (5:4 and 5:4), payout floor 0.05, burn 0.20', {'profile': 'v2', 'window': None, 'now': '2026-09-10T00:00:00Z', 'miners': MINERS, 'burnUid': 0}, compose_weights, WT)
case('weights.compose', 'v2 launch, crown window without place shares (pre-v18 window): 0.10 inference, 0.90 x 70/20/10', {'profile': 'v2', 'window': dict(CROWN_W, competitionShare=None, placeShares=[]), 'now': '2026-09-28T00:00:00Z', 'miners': MINERS, 'burnUid': 0}, compose_weights, WT)
case('weights.compose', 'v2: shared coldkey and the -1 sentinel are not paid inference', {'profile': 'v2', 'window': None, 'now': '2026-09-10T00:00:00Z', 'miners': [miner(1, 'h1', 'c1', '1.1.1.1', 'compression', 0.6), miner(2, 'h2', 'c1', '2.2.2.2', 'compression', 0.7), miner(3, 'h3', 'c3', '3.3.3.3', 'compression', -1.0), miner(6, 'h6', 'c6', '0.0.0.0', 'compression', 0.3, excluded=True)], 'burnUid': 0}, compose_weights, WT)
case('weights.compose', 'competition emissions disabled: IDLE whatever the window', {'profile': 'v3', 'competitionEmissionsEnabled': False, 'window': CROWN_W, 'now': None, 'miners': MINERS, 'burnUid': 0}, compose_weights, WT)
case('weights.compose', 'a remainder without a burn UID raises', {'profile': 'v3', 'window': None, 'now': '2026-09-30T00:00:00Z', 'miners': MINERS, 'burnUid': None}, compose_weights, WT)
case('weights.compose', 'a burn UID that is a miner raises', {'profile': 'v3', 'window': None, 'now': '2026-09-30T00:00:00Z', 'miners': MINERS, 'burnUid': 3}, compose_weights, WT)
case('weights.compose', 'now is required while competition emissions are enabled', {'profile': 'v3', 'window': CROWN_W, 'now': None, 'miners': MINERS, 'burnUid': 0}, compose_weights, WT)

out = {
    'pack': 'validator-vidaio@e76b503',
    'title': 'Vidaio SN85 validator-vidaio v3 (tokenomics v3): competition item score, entry score, dedup, ranking, places and shares',
    'source': f'{SRC} vidaio/scoring/result.py@{A}; {SRC} vidaio/competition/economic_result.py, vidaio/tokenomics/rank_curve.py, vidaio/tokenomics/state.py, vidaio/tokenomics/breakthrough.py, vidaio/tokenomics/config.py, vidaio/tokenomics/weights.py@{E}',
    'cases': enc(cases),
}
import os
text = json.dumps(out, indent=1, ensure_ascii=False) + '\n'
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'vectors', 'validator-vidaio-competition.json')
if '--check' in sys.argv[1:]:
    with open(path, encoding='utf-8') as fh:
        if fh.read() != text:
            sys.exit(f'{path} differs from what scripts/vectors/competition-vectors.py writes')
else:
    with open(path, 'w', encoding='utf-8') as fh:
        fh.write(text)
    print(f'wrote {len(cases)} cases to vectors/validator-vidaio-competition.json')
