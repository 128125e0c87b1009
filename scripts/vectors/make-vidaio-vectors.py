#!/usr/bin/env python3
"""Writes the test vectors of the validator-vidaio packs added after the launch, and the out-of-domain cases of two
existing packs, into vectors/ (schema: ../shared/reference/vectors/README.md; one extra "source" line per case).

Expected values come from an independent Python statement of the upstream code as
../shared/reference/rules/vidaio-v3.md cites it (vidAio-subnet/validator-vidaio at e76b503, a264696, b71f22d;
vidaio-subnet at fea3779; Blyan at 56e1d0c), using Python's own hashlib, math.fsum, float min/max and round, so
that the TypeScript packs are checked against Python semantics rather than against themselves.

    python3 scripts/vectors/make-vidaio-vectors.py          # rewrites vectors/*.json (deterministic)
    python3 scripts/vectors/make-vidaio-vectors.py --check  # exit 1 if a committed file differs from what it writes
"""
import hashlib
import json
import math
import os
import sys

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'vectors')
E = 'validator-vidaio@e76b503'
A = 'validator-vidaio@a264696'
B = 'validator-vidaio@b71f22d'
GENERATOR = f'scripts/vectors/make-vidaio-vectors.py, Python {sys.version.split()[0]}'


def enc(v):
    """Non-finite floats as the schema's strings, recursively."""
    if isinstance(v, float) and not math.isfinite(v):
        return 'NaN' if math.isnan(v) else ('Infinity' if v > 0 else '-Infinity')
    if isinstance(v, dict):
        return {k: enc(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    return v


class Raises(Exception):
    pass


def require_finite(name, x):
    if not math.isfinite(x):
        raise Raises(f'ValueError: {name} must be finite')
    return x


# --- validator-vidaio: upscaling (B:vidaio/scoring/upscaling.py, B:backends.py, R:backends_real.py) --------------

def start_frame(digest_hex, challenge_id, frame_count, window=4):
    usable = max(0, frame_count - window + 1)
    if usable < 1:
        raise Raises('ValueError: usable_frames must be >= 1')
    d = hashlib.sha256(digest_hex.encode('utf-8') + b'\x00' + challenge_id.encode('utf-8')).digest()
    s = int.from_bytes(d, 'big') % usable
    return {'startFrame': s, 'usableFrames': usable, 'frames': [s, s + 1, s + 2, s + 3]}


def upscaling_score(pieapp, content_length):
    require_finite('pieapp', pieapp)
    s_q = 1.0 / (1.0 + max(0.0, pieapp))
    require_finite('content_length', content_length)
    if content_length < 0:
        raise Raises('ValueError: content_length must be >= 0')
    s_l = min(1.0, math.log1p(content_length) / math.log(321.0))
    s_pre = 0.5 * s_q + 0.5 * s_l
    require_finite('s_pre', s_pre)
    final = min(1.0, max(0.0, 0.1 * math.exp(6.979 * (s_pre - 0.5))))
    return {'pieapp': pieapp, 'sQ': s_q, 'sL': s_l, 'sPre': s_pre, 'sF': final, 'final': final}


def upscaling_from_frames(frames, content_length):
    for v in frames:
        if not math.isfinite(v):
            raise Raises('ValueError: PieAPP frame score is non-finite')
    return upscaling_score(math.fsum(frames) / len(frames), content_length)


# --- compression (B:vidaio/scoring/compression.py, constants E:config.py) -------------------------------------------

def compression_score(cand, inp, vmaf, thr=90.0):
    require_finite('vmaf', vmaf)
    require_finite('vmaf_threshold', thr)
    if inp <= 0:
        raise Raises('ValueError: reference_bytes must be > 0')
    rate = cand / inp
    comp = min(1.0, max(0.0, 1.0 - rate))
    quality = vmaf / 100.0
    reason = None
    if rate >= 0.80:
        reason = 'COMPRESSION_RATE_TOO_HIGH'
    elif vmaf < thr - 5.0:
        reason = 'VMAF_BELOW_FLOOR'
    elif vmaf < thr:
        reason = 'VMAF_BELOW_THRESHOLD'
    final = 0.0 if reason is not None else min(1.0, (0.7 * comp + 0.3 * quality) / 1.12)
    return {'compressionRate': rate, 'compressionComponent': comp, 'qualityComponent': quality, 'final': final, 'zeroReason': reason}


def compression_score_by_rate(rate, vmaf, thr):
    """The launch pack's signature (B compression.py with the rate given): zones instead of reason codes."""
    require_finite('rate', rate)
    require_finite('vmaf', vmaf)
    require_finite('threshold', thr)
    comp = min(1.0, max(0.0, 1.0 - rate))
    if rate >= 0.80:
        zone = 'no-meaningful-compression'
    elif vmaf < thr - 5:
        zone = 'below-hard-cutoff'
    elif vmaf < thr:
        zone = 'below-threshold'
    else:
        zone = 'above-threshold'
    score = min(1.0, (0.7 * comp + 0.3 * (vmaf / 100.0)) / 1.12) if zone == 'above-threshold' else 0.0
    return {'score': score, 'compressionComponent': comp, 'qualityComponent': vmaf / 100.0, 'zone': zone}


# --- gates (E:vidaio/scoring/gates.py, B:canonicalize.py validate_stream, E:scoring_worker/service.py) ---------------

def media(codec='h264', w=1920, h=1080, fps=30.0, frames=120, duration=4.0, size=1_000_000, pix='yuv420p'):
    return {'codec': codec, 'width': w, 'height': h, 'fps': fps, 'frameCount': frames, 'duration': duration, 'byteSize': size, 'pixFmt': pix}


def validate_stream(ref, cand):
    out = []
    if (cand['width'], cand['height']) != (ref['width'], ref['height']):
        out.append('STREAM_DIMENSIONS_MISMATCH')
    if cand['pixFmt'] != ref['pixFmt']:
        out.append('STREAM_PIX_FMT_MISMATCH')
    if cand['frameCount'] != ref['frameCount']:
        out.append('FRAME_COUNT_MISMATCH')
    if ref['duration'] > 0 and abs(cand['duration'] - ref['duration']) / ref['duration'] > 0.05:
        out.append('STREAM_DURATION_MISMATCH')
    if cand['fps'] > 0 and cand['duration'] > 0:
        implied = cand['frameCount'] / cand['fps']
        if abs(implied - cand['duration']) / cand['duration'] > 0.05:
            out.append('STREAM_PTS_INCONSISTENT')
    return out


def gates(x):
    track = x['track']
    ref, cand = x['reference'], x['candidate']
    inp = x.get('input') or ref
    codes = []
    if x.get('canonicalReference') and x.get('canonicalCandidate'):
        codes += validate_stream(x['canonicalReference'], x['canonicalCandidate'])
    if track == 'upscaling' and not x.get('pieappMeasured', True):
        codes.append('METRIC_MISSING')
    if track == 'removal' and x.get('outsideChange') is not None and x['outsideChange'] > 3.0:
        codes.append('OUTSIDE_REGION_MODIFIED')
    if cand['codec'].lower() not in ('h264', 'hevc', 'vp9', 'av1'):
        codes.append('ENCODING_NOT_ALLOWED')
    if cand['frameCount'] != ref['frameCount']:
        codes.append('FRAME_COUNT_MISMATCH')
    if track == 'upscaling':
        caps = {2: 8.0, 4: 20.0}
        f = x.get('upscaleFactor')
        if f is None or f not in caps:
            codes.append('UNSUPPORTED_SCALE_FACTOR')
        else:
            limit = caps[f] * inp['byteSize']
            if not math.isfinite(limit):
                codes.append('METRIC_NON_FINITE')
            elif cand['byteSize'] > limit:
                codes.append('FILE_SIZE_CAP_EXCEEDED')
    if track == 'compression':
        if inp['byteSize'] <= 0 or cand['byteSize'] / inp['byteSize'] >= 0.80:
            codes.append('COMPRESSION_RATE_TOO_HIGH')
    if track != 'removal':
        v = x.get('vmaf')
        if v is None:
            codes.append('METRIC_MISSING')
        elif not math.isfinite(v):
            codes.append('METRIC_NON_FINITE')
        else:
            floor = 50.0 if track == 'upscaling' else x.get('configVmafThreshold', 90.0) - 5.0
            if v < floor:
                codes.append('VMAF_BELOW_FLOOR')
        p, s = x.get('vmafDeltaPrimary'), x.get('vmafDeltaSecondary')
        own = []
        if p is None:
            own.append('METRIC_MISSING')
        elif not math.isfinite(p):
            own.append('METRIC_NON_FINITE')
        if s is None:
            own.append('METRIC_MISSING')
        elif not math.isfinite(s):
            own.append('METRIC_NON_FINITE')
        if own:
            codes += own
        elif abs(p - s) > 3.0:
            codes.append('VMAF_MODEL_DELTA_EXCEEDED')
        for key, code in (('tone', 'TONE_MANIPULATION'), ('grayscale', 'COLOR_GRAYSCALE'), ('chroma', 'CHROMA_UV_MANIPULATION')):
            r = x.get(key)
            if r is not None and not r['passed']:
                codes.append(code)
    return {'passed': not codes, 'codes': codes}


# --- removal (A:removal_formula.py, E:service.py step 5d, E:config.py:132-153) -----------------------------------------

def lpips_offset(digest_hex, challenge_id, stride=4):
    stride = max(1, int(stride))
    if stride <= 1:
        return {'lpipsOffset': 0}
    d = hashlib.sha256(digest_hex.encode('utf-8') + b'\x00' + challenge_id.encode('utf-8')).digest()
    return {'lpipsOffset': int.from_bytes(d, 'big') % stride}


def best_baseline(baselines):
    if not baselines:
        raise Raises('ValueError: best_baseline needs at least one baseline')
    first = baselines[0]
    return {
        'psnrDb': max(b['psnrDb'] for b in baselines),
        'ssim': max(b['ssim'] for b in baselines),
        'lpipsVgg': min(b['lpipsVgg'] for b in baselines),
        'warpError': first['warpError'],
        'maskedPixels': first['maskedPixels'],
    }


def removal_score(m, floor, warp_ref):
    for v in (m['psnrDb'], m['ssim'], m['lpipsVgg'], m['warpError'], floor['psnrDb'], floor['lpipsVgg'], warp_ref):
        require_finite('removal metric', v)
    cap = 5.0 * max(warp_ref, 0.5)
    reason = None
    if m['psnrDb'] < floor['psnrDb'] + 1.5:
        reason = 'REGION_BASELINE_NOT_BEATEN'
    elif m['warpError'] > cap:
        reason = 'WARP_ERROR_EXCEEDED'
    s_psnr = min(1.0, max(0.0, (m['psnrDb'] - floor['psnrDb']) / 8.0))
    s_lpips = min(1.0, max(0.0, (floor['lpipsVgg'] - m['lpipsVgg']) / floor['lpipsVgg'])) if floor['lpipsVgg'] > 0 else 0.0
    final = 0.0 if reason else min(1.0, max(0.0, 0.6 * s_psnr + 0.4 * s_lpips))
    return {'sPsnr': s_psnr, 'sLpips': s_lpips, 'final': final, 'zeroReason': reason, 'warpCap': cap}


def region(psnr, lp, warp=1.0, ssim=0.9, px=3000):
    return {'psnrDb': psnr, 'ssim': ssim, 'lpipsVgg': lp, 'warpError': warp, 'maskedPixels': px}


# --- the files --------------------------------------------------------------------------------------------------------

def run(f, *args):
    try:
        return f(*args)
    except Raises as e:
        return {'throws': str(e)}


class File:
    def __init__(self, pack, title, source):
        self.doc = {'pack': pack, 'title': title, 'source': source, 'generator': GENERATOR, 'cases': []}
        self.count = {}

    def add(self, fn, title, inputs, expected, source, tol=None):
        n = self.count.get(fn, 0) + 1
        self.count[fn] = n
        case = {'id': f'{fn}/{n:02d}', 'fn': fn, 'title': title, 'source': source, 'inputs': enc(inputs), 'expected': enc(expected)}
        if tol:
            case['tol'] = tol
        self.doc['cases'].append(case)

    def text(self):
        return json.dumps(self.doc, indent=1, ensure_ascii=False) + '\n'

    def write(self, name, check=False):
        path = os.path.join(OUT, name)
        if check:
            with open(path, encoding='utf-8') as fh:
                if fh.read() != self.text():
                    raise SystemExit(f'{name}: differs from what {GENERATOR.split(",")[0]} writes; rerun it')
        else:
            with open(path, 'w', encoding='utf-8') as fh:
                fh.write(self.text())
        return len(self.doc['cases'])


def v3_file():
    f = File(E, 'Vidaio SN85 tokenomics v3 (validator-vidaio 0.6.0): item functions',
             'vidAio-subnet/validator-vidaio vidaio/scoring/config.py, vidaio/scoring/gates.py, vidaio/scoring/upscaling.py, vidaio/scoring/compression.py, vidaio/scoring/backends.py, vidaio/scoring_worker/service.py, vidaio/scoring/removal.py, vidaio/tokenomics/weights.py@e76b503a75add302a7fadbf6920cfe00ccef0b52; '
             'vidAio-subnet/validator-vidaio vidaio/scoring/removal_formula.py, vidaio/scoring_worker/removal_backend.py, vidaio/scoring/result.py@a26469652d73086519ea1bb2565f862562e009c3')
    sf = f'{B} vidaio/scoring/backends.py derive_pieapp_start_frame, usable_frames; {E} vidaio/scoring_worker/service.py step 5, config.py:171'
    ref_a = hashlib.sha256(b'reference clip A').hexdigest()
    ref_b = hashlib.sha256(b'reference clip B').hexdigest()
    for title, (h, cid, n) in [
        ('120 frames: mod 117', (ref_a, 'challenge-0001', 120)),
        ('same reference, another challenge', (ref_a, 'challenge-0002', 120)),
        ('another reference', (ref_b, 'challenge-0001', 120)),
        ('4 frames: one usable start, always 0', (ref_a, 'challenge-0001', 4)),
        ('5 frames: mod 2', (ref_b, 'x', 5)),
        ('non-ASCII challenge id, UTF-8 encoded', (ref_a, 'défi-Δ-7', 600)),
        ('empty challenge id', (ref_b, '', 9000)),
        ('3 frames: no usable window, raises', (ref_a, 'challenge-0001', 3)),
        ('0 frames raises', (ref_a, 'challenge-0001', 0)),
    ]:
        f.add('upscaling.startFrame', title, {'referenceSha256Hex': h, 'challengeId': cid, 'frameCount': n}, run(start_frame, h, cid, n), sf)
    us = f'{B} vidaio/scoring/upscaling.py score_upscaling; R vidaio/scoring/backends_real.py _PiqPieAppRuntime.compute (math.fsum / 4)'
    for title, frames, L in [
        ('four frames, signed mean', [0.41, 0.37, 0.52, 0.44], 10.0),
        ('negative frames (better than reference): max(0, p) gives s_q 1', [-0.2, -0.1, -0.3, -0.05], 30.0),
        ('mixed signs: no abs, the mean may be small', [0.9, -0.8, 0.7, -0.6], 5.0),
        ('large PIE-APP: no cap at 2', [3.0, 3.5, 4.0, 2.5], 320.0),
        ('fsum of values that cancel in naive order', [1e16, 1.0, -1e16, 1.0], 60.0),
        ('content length past 320 s: s_l capped at 1', [0.1, 0.1, 0.1, 0.1], 600.0),
        ('content length 0', [0.25, 0.25, 0.25, 0.25], 0.0),
        ('a NaN frame raises (fail closed)', [0.4, float('nan'), 0.4, 0.4], 10.0),
        ('negative content length raises', [0.4, 0.4, 0.4, 0.4], -1.0),
    ]:
        f.add('upscaling.score', title, {'frameScores': frames, 'contentLengthS': L}, run(upscaling_from_frames, frames, L), us)
    for title, p, L in [('mean given directly', 0.5, 10.0), ('mean 0 and 320 s: s_pre 1, final clamped to 1', 0.0, 320.0), ('infinite mean raises', float('inf'), 10.0)]:
        f.add('upscaling.score', title, {'pieapp': p, 'contentLengthS': L}, run(upscaling_score, p, L), us)
    pp = 'photosynthesis-team/piq piq/pieapp.py:106,201@9948a52 (v0.8.0); chaofengc/IQA-PyTorch pyiqa/archs/pieapp_arch.py:120-123@b7d7df8 (v0.1.14.1); shared/reference/rules/vidaio-v3.md §3.1'

    def from_pyiqa(pixels):
        for px in pixels:
            for v in px:
                if not (0 <= v <= 1.0):
                    raise Raises('AssertionError: piq requires 0 <= x <= data_range')
        return {'networkInput': [[v / 1.0 * 255 for v in px] for px in pixels], 'pyiqaInput': [[px[2], px[1], px[0]] for px in pixels],
                'networkChannelOrderPiq': 'rgb', 'networkChannelOrderPyiqa': 'bgr'}
    for title, px in [
        ('coloured pixels: pyiqa needs B,G,R to build what piq builds', [[1.0, 0.5, 0.0], [0.2, 0.4, 0.6]]),
        ('grey pixels: both orders coincide', [[0.5, 0.5, 0.5]]),
        ('bounds 0 and 1 are accepted', [[0.0, 1.0, 0.0]]),
        ('a value above data_range raises in piq', [[1.0000001, 0.5, 0.5]]),
    ]:
        f.add('pieapp.fromPyiqa', title, {'pixels': px}, run(from_pyiqa, px), pp)
    cs = f'{B} vidaio/scoring/compression.py score_compression; {E} vidaio/scoring/config.py:52-53,106,121-123,157,162 (one stored version)'
    for title, args in [
        ('typical: rate 0.3, VMAF 93', (300_000, 1_000_000, 93.0)),
        ('default threshold 90 applies when none is given', (200_000, 1_000_000, 90.0)),
        ('rate exactly 0.80 is zero', (800_000, 1_000_000, 99.0)),
        ('rate just below 0.80 scores', (799_999, 1_000_000, 95.0)),
        ('VMAF exactly thr − 5 is the near-miss zone', (100_000, 1_000_000, 85.0)),
        ('VMAF below thr − 5 is the floor', (100_000, 1_000_000, 84.999)),
        ('VMAF exactly at the threshold scores', (100_000, 1_000_000, 90.0, 90.0)),
        ('competition threshold 93', (250_000, 1_000_000, 92.5, 93.0)),
        ('output of 0 bytes and VMAF 100: the maximum 0.893', (0, 1_000_000, 100.0)),
        ('larger output than input', (2_000_000, 1_000_000, 99.0)),
        ('threshold 100 and VMAF 100', (10_000, 1_000_000, 100.0, 100.0)),
        ('input of 0 bytes raises', (10, 0, 95.0)),
        ('NaN VMAF raises (fail closed)', (10, 1000, float('nan'))),
    ]:
        cand, inp, vmaf = args[:3]
        inputs = {'candidateBytes': cand, 'inputBytes': inp, 'vmaf': vmaf}
        if len(args) > 3:
            inputs['vmafThreshold'] = args[3]
        f.add('compression.score', title, inputs, run(compression_score, *args), cs)
    gs = f'{E} vidaio/scoring/gates.py GatePipeline.run, default_pipeline; {B} vidaio/scoring/canonicalize.py validate_stream; {E} vidaio/scoring_worker/service.py steps 5-6'
    up_ok = {'track': 'upscaling', 'reference': media(frames=120, size=50_000_000), 'candidate': media(frames=120, size=30_000_000),
             'input': media(w=960, h=540, frames=120, size=2_000_000), 'vmaf': 92.0, 'vmafDeltaPrimary': 80.0, 'vmafDeltaSecondary': 78.5,
             'upscaleFactor': 2, 'tone': {'passed': True}, 'grayscale': {'passed': True}, 'chroma': {'passed': True}}
    comp_ok = {'track': 'compression', 'reference': media(size=10_000_000), 'candidate': media(codec='hevc', size=3_000_000),
               'input': media(size=10_000_000), 'vmaf': 93.0, 'vmafDeltaPrimary': 93.0, 'vmafDeltaSecondary': 91.0,
               'tone': {'passed': True}, 'grayscale': {'passed': True}, 'chroma': {'passed': True}}
    rem_ok = {'track': 'removal', 'reference': media(), 'candidate': media(codec='av1'), 'input': media(), 'outsideChange': 1.2}

    def variant(base, **kw):
        x = json.loads(json.dumps(base))
        for k, v in kw.items():
            x[k] = v
        return x
    for title, x in [
        ('upscaling, every gate passes', up_ok),
        ('codec names are compared lower-cased', variant(up_ok, candidate=media(codec='H264', frames=120, size=30_000_000))),
        ('codec outside the allowlist', variant(up_ok, candidate=media(codec='mpeg4', frames=120, size=30_000_000))),
        ('one frame short: exact frame count', variant(up_ok, candidate=media(frames=119, size=30_000_000))),
        ('2× cap: 8 × input bytes exactly passes', variant(up_ok, candidate=media(frames=120, size=16_000_000))),
        ('2× cap: one byte over fails', variant(up_ok, candidate=media(frames=120, size=16_000_001))),
        ('4× cap is 20 × input', variant(up_ok, upscaleFactor=4, candidate=media(frames=120, size=40_000_001))),
        ('factor 3 is unsupported', variant(up_ok, upscaleFactor=3)),
        ('factor absent', variant(up_ok, upscaleFactor=None)),
        ('no input probe: the cap falls back to the reference size', variant(up_ok, input=None, candidate=media(frames=120, size=400_000_001))),
        ('upscaling VMAF floor 50: 49.999 fails', variant(up_ok, vmaf=49.999)),
        ('upscaling VMAF exactly 50 passes', variant(up_ok, vmaf=50.0)),
        ('VMAF not measured fails closed', variant(up_ok, vmaf=None)),
        ('NaN VMAF is METRIC_NON_FINITE', variant(up_ok, vmaf=float('nan'))),
        ('model delta exactly 3 passes', variant(up_ok, vmafDeltaPrimary=81.0, vmafDeltaSecondary=78.0)),
        ('model delta above 3 fails', variant(up_ok, vmafDeltaPrimary=81.5, vmafDeltaSecondary=78.0)),
        ('NEG run missing', variant(up_ok, vmafDeltaSecondary=None)),
        ('both delta runs missing: two violations', variant(up_ok, vmafDeltaPrimary=None, vmafDeltaSecondary=None)),
        ('PIE-APP not measured', variant(up_ok, pieappMeasured=False)),
        ('tone and chroma checks failed', variant(up_ok, tone={'passed': False, 'measure': 1.4, 'limit': 1.0}, chroma={'passed': False})),
        ('several failures are all reported, in pipeline order', variant(up_ok, candidate=media(codec='vp8', frames=100, size=99_000_000), vmaf=40.0)),
        ('canonical streams: dimensions, pix_fmt, duration and PTS checked first', variant(up_ok, canonicalReference=media(frames=120, duration=4.0),
                                                                                         canonicalCandidate=media(w=1280, h=720, pix='yuv444p', frames=120, fps=30.0, duration=4.5))),
        ('canonical duration exactly 5 % apart passes', variant(up_ok, canonicalReference=media(frames=315, duration=10.0), canonicalCandidate=media(frames=315, fps=30.0, duration=10.5))),
        ('compression, every gate passes', comp_ok),
        ('compression rate 0.80 fails', variant(comp_ok, candidate=media(codec='hevc', size=8_000_000))),
        ('compression input of 0 bytes fails the rate gate', variant(comp_ok, input=media(size=0))),
        ('compression floor uses the config threshold 90: 85 passes', variant(comp_ok, vmaf=85.0)),
        ('compression floor: 84.99 fails', variant(comp_ok, vmaf=84.99)),
        ('a config threshold of 93 moves the floor to 88', variant(comp_ok, vmaf=87.0, configVmafThreshold=93.0)),
        ('compression: the size cap does not apply', variant(comp_ok, candidate=media(codec='hevc', size=7_000_000), upscaleFactor=None)),
        ('removal: no VMAF or perceptual gates', rem_ok),
        ('removal: outside change exactly 3.0 passes', variant(rem_ok, outsideChange=3.0)),
        ('removal: outside change above 3.0 fails', variant(rem_ok, outsideChange=3.0001)),
        ('removal: frame count still exact', variant(rem_ok, candidate=media(codec='av1', frames=121))),
    ]:
        f.add('gates.evaluate', title, x, gates(x), gs)
    lo = f'{E} vidaio/scoring_worker/service.py step 5d (derive_pieapp_start_frame with removal_lpips_stride); {E} vidaio/scoring/config.py:148'
    for title, (h, cid, st) in [
        ('stride 4', (ref_a, 'removal-01', 4)),
        ('stride 4, another challenge', (ref_a, 'removal-02', 4)),
        ('stride 4, another reference', (ref_b, 'removal-01', 4)),
        ('stride 1: offset 0 without hashing', (ref_b, 'removal-01', 1)),
        ('stride 3', (ref_b, 'removal-03', 3)),
    ]:
        inputs = {'referenceSha256Hex': h, 'challengeId': cid}
        if st != 4:
            inputs['stride'] = st
        f.add('removal.lpipsOffset', title, inputs, run(lpips_offset, h, cid, st), lo)
    bb = f'{A} vidaio/scoring/removal_formula.py:29-45 best_baseline; {A} vidaio/scoring_worker/removal_backend.py CpuRemovalBackend.measure'
    for title, bl in [
        ('median fill and unchanged input: best of each term', [region(24.0, 0.30, warp=2.0, ssim=0.80, px=9000), region(26.5, 0.35, warp=0.5, ssim=0.85, px=9000)]),
        ('one baseline is the floor', [region(20.0, 0.5)]),
        ('warp error and pixel count come from the first', [region(30.0, 0.2, warp=3.0, px=12), region(10.0, 0.1, warp=0.1, px=99)]),
        ('NaN PSNR first stays (Python max keeps the first unless a later value is greater)', [region(float('nan'), 0.3), region(25.0, 0.2)]),
        ('NaN PSNR later is ignored', [region(25.0, 0.3), region(float('nan'), 0.2)]),
        ('no baseline raises', []),
    ]:
        f.add('removal.bestBaseline', title, {'baselines': bl}, run(best_baseline, bl), bb)
    rs = f'{A} vidaio/scoring/removal_formula.py:95-115 score_removal; {E} vidaio/scoring/config.py:88-89,135-143'
    fl = {'psnrDb': 25.0, 'lpipsVgg': 0.30}
    for title, m, flo, wr in [
        ('beats the floor by 4 dB and LPIPS by a third', region(29.0, 0.20, warp=1.0), fl, 0.8),
        ('exactly 1.5 dB above the floor scores (smallest PSNR term 0.1125)', region(26.5, 0.30, warp=1.0), fl, 0.8),
        ('1.49 dB above: REGION_BASELINE_NOT_BEATEN', region(26.49, 0.10, warp=1.0), fl, 0.8),
        ('warp error above 5 × warp_ref: WARP_ERROR_EXCEEDED', region(30.0, 0.10, warp=4.01), fl, 0.8),
        ('warp_ref below 0.5 uses 0.5: cap 2.5', region(30.0, 0.10, warp=2.5), fl, 0.1),
        ('warp_ref below 0.5 uses 0.5: 2.51 exceeds', region(30.0, 0.10, warp=2.51), fl, 0.1),
        ('8 dB above and LPIPS 0: score 1', region(33.0, 0.0, warp=0.0), fl, 0.0),
        ('LPIPS worse than the floor: soft, s_lpips 0', region(29.0, 0.45, warp=1.0), fl, 1.0),
        ('floor LPIPS 0: s_lpips 0', region(29.0, 0.0, warp=1.0), {'psnrDb': 25.0, 'lpipsVgg': 0.0}, 1.0),
        ('PSNR capped at 99 against a floor of 99: not beaten', region(99.0, 0.0, warp=0.0), {'psnrDb': 99.0, 'lpipsVgg': 0.1}, 1.0),
        ('NaN LPIPS raises', region(29.0, float('nan')), fl, 1.0),
    ]:
        f.add('removal.score', title, {'metrics': m, 'floor': flo, 'warpErrorReference': wr}, run(removal_score, m, flo, wr), rs)
    og = f'{E} vidaio/scoring_worker/service.py step 5d (outside_change > removal_outside_tolerance); {E} vidaio/scoring/config.py:146'

    def outside(c):
        failed = c > 3.0
        return {'passed': not failed, 'code': 'OUTSIDE_REGION_MODIFIED' if failed else None}
    for title, c in [('identical outside the mask', 0.0), ('exactly 3.0 passes', 3.0), ('3.0000001 fails', 3.0000001), ('NaN passes: the comparison is false', float('nan'))]:
        f.add('removal.outsideGate', title, {'outsideChange': c}, outside(c), og)
    ic = f'{A} vidaio/scoring/result.py compose_item_score, ItemScore._score_bounded'

    def compose(gate, final, shared=None, witness=True):
        if final is not None and not (0.0 <= final <= 1.0):
            raise Raises('ValueError: final must be in [0, 1]')
        score = final if (gate and final is not None) else 0.0
        source = 'breakdown' if (gate and final is not None) else 'gates-failed'
        if shared is not None:
            if not (0.0 < shared <= 1.0):
                raise Raises('ValueError: shared_score must be in (0, 1]')
            if not witness:
                raise Raises('ValueError: shared_score requires the content_duplicate_witness metric')
            score, source = shared, 'shared'
        return {'score': score, 'source': source}
    for title, args in [
        ('gates passed: the breakdown final', (True, 0.6866071428571427)),
        ('a gate failed: 0 whatever the final', (False, 0.9)),
        ('gates passed, no breakdown (metric missing): 0', (True, None)),
        ('breakdown zero reason: final 0 with gates passed', (True, 0.0)),
        ('content equal-share replaces the score even when a gate failed', (False, 0.8, 0.4)),
        ('shared score 0 is refused', (True, 0.8, 0.0)),
        ('shared score without the witness metric is refused', (True, 0.8, 0.5, False)),
        ('a final above 1 cannot exist', (True, 1.2)),
    ]:
        inputs = {'gatePassed': args[0], 'final': args[1]}
        if len(args) > 2:
            inputs['sharedScore'] = args[2]
        if len(args) > 3:
            inputs['duplicateWitness'] = args[3]
        f.add('item.compose', title, inputs, run(compose, *args), ic)
    return f


def f396e47_file():
    f = File('validator-vidaio@f396e47', 'Vidaio SN85 validator-vidaio with the 0.05 payout floor',
             'vidAio-subnet/validator-vidaio vidaio/scoring/upscaling.py, vidaio/scoring/compression.py, vidaio/tokenomics/ewma.py, vidaio/tokenomics/rank_curve.py, vidaio/tokenomics/weights.py@f396e47')
    src = f'{E} vidaio/tokenomics/weights.py:17 ("0.10 -> 0.05 on 2026-09-15"); {B} vidaio/tokenomics/rank_curve.py'

    def shares(miners, top_n, floor):
        el = [m for m in miners if m['accumulateScore'] >= floor and m['accumulateScore'] > 0]
        el.sort(key=lambda m: (-m['accumulateScore'], m['uid']))
        top = el[:top_n]
        pts = [top_n - i for i in range(len(top))]
        tot = sum(pts)
        return {'shares': {str(m['uid']): p / tot for m, p in zip(top, pts)}}
    miners = [{'uid': 3, 'accumulateScore': 0.07}, {'uid': 1, 'accumulateScore': 0.2}, {'uid': 9, 'accumulateScore': 0.05}, {'uid': 4, 'accumulateScore': 0.04}]
    f.add('weights.trackShares', 'default floor 0.05: 0.07 and exactly 0.05 are paid, 0.04 is not', {'miners': miners, 'topN': 5}, shares(miners, 5, 0.05), src)
    f.add('weights.trackShares', 'the launch floor 0.10 passed explicitly', {'miners': miners, 'topN': 5, 'minimumPayoutScore': 0.10}, shares(miners, 5, 0.10), src)
    return f


def p688_file():
    f = File('validator-vidaio@688b671', 'Vidaio SN85 validator-vidaio, compression VMAF against the served input',
             'vidAio-subnet/validator-vidaio vidaio/scoring/config.py, vidaio/scoring/compression.py, vidaio/scoring/upscaling.py, vidaio/tokenomics/ewma.py, vidaio/tokenomics/rank_curve.py@688b6716')
    src = f'{E} vidaio/scoring/config.py:130 compression_vmaf_basis (from 688b6716); {B} vidaio/scoring/compression.py score_compression'
    for title, args in [('VMAF against the served input, above threshold', (0.25, 92.0, 90.0)), ('below threshold: zero', (0.25, 88.0, 90.0)), ('rate 0.8: zero', (0.8, 99.0, 90.0))]:
        f.add('compression.score', title, {'compressionRate': args[0], 'vmaf': args[1], 'vmafThreshold': args[2]}, run(compression_score_by_rate, *args), src)
    return f


def fea_ood_file():
    f = File('vidaio-subnet@fea3779', 'vidaio-subnet@fea3779: inputs outside the documented domain that the upstream code accepts',
             'vidAio-subnet/vidaio-subnet services/scoring/server.py@fea37798e2d9a07a2af2b52da614dbc93187f52e')
    src = 'vidAio-subnet/vidaio-subnet services/scoring/server.py:2977-2982@fea3779 (rate = output/reference if reference > 0 and output < reference else 1.0)'

    def rate(r, o):
        return {'compressionRate': o / r if (r > 0 and o < r) else 1.0}
    for title, r, o in [('negative reference: 1.0', -5.0, 3.0), ('zero reference: 1.0', 0.0, 0.0), ('NaN reference: the comparison is false, 1.0', float('nan'), 3.0),
                        ('NaN output: 1.0', float('nan'), float('nan')), ('infinite reference: 0.0', float('inf'), 5.0), ('negative output under a positive reference', 100.0, -20.0)]:
        f.add('compression.rate', title, {'referenceSizeBytes': r, 'outputSizeBytes': o}, rate(r, o), src)
    return f


def fea_compression_score(rate, vmaf, thr):
    """vidaio-subnet@fea3779 services/scoring/scoring_function.py:4-213 as ../shared/reference/rules/vidaio.md §2.5
    states it (R = 1/C; weights 0.7/0.3 of server.py:54-56), written from the document, not from the TypeScript pack."""
    if rate >= 0.80:
        return {'score': 0.0, 'compressionComponent': 0.0, 'qualityComponent': 0.0, 'zone': 'no-meaningful-compression'}
    hard = thr - 5
    if vmaf < hard:
        return {'score': 0.0, 'compressionComponent': 0.0, 'qualityComponent': 0.0, 'zone': 'below-hard-cutoff'}
    r = 1.0 / rate
    if vmaf < thr:
        x = (vmaf - hard) / 5.0
        qf = 0.7 * x * x
        cc = ((r - 1) / 19) ** 1.5 if r <= 20 else 1 + 0.3 * math.log(r / 20)
        return {'score': min(1.0, cc * qf / 1.12), 'compressionComponent': cc, 'qualityComponent': qf, 'zone': 'soft-zone'}
    qc = 1.0 if thr >= 100 else 0.7 + 0.3 * min(1.0, (vmaf - thr) / (100 - thr))
    cc = ((r - 1.25) / 18.75) ** 0.9 if r <= 20 else 1 + 0.1 * math.log(r / 20)
    return {'score': min(1.0, (0.7 * cc + 0.3 * qc) / 1.12), 'compressionComponent': cc, 'qualityComponent': qc, 'zone': 'above-threshold'}


def fea_threshold_file():
    """The jump of the fea3779 compression score where VMAF reaches the threshold (soft zone just below, the
    above-threshold branch at it), over rates where it is positive, negative (20·e^1.5 < R < 20·e^3) and zero."""
    f = File('vidaio-subnet@fea3779', 'vidaio-subnet@fea3779: the compression score on both sides of VMAF = threshold',
             'vidAio-subnet/vidaio-subnet services/scoring/scoring_function.py@fea37798e2d9a07a2af2b52da614dbc93187f52e')
    src = 'vidAio-subnet/vidaio-subnet services/scoring/scoring_function.py:66-213@fea3779 (../shared/reference/rules/vidaio.md §2.5)'
    tol = {'rel': 1e-12, 'abs': 1e-12}
    for thr in (85, 89, 93):
        for r in (1.3, 4.0, 9.3, 20.0, 50.0, 100.0, 200.0, 401.0, 500.0, 1000.0):
            c = 1.0 / r
            for side, v in (('at', float(thr)), ('1e-9 below', thr - 1e-9)):
                f.add('compression.score', f'{r:g}x, VMAF {side} threshold {thr}', {'compressionRate': c, 'vmaf': v, 'vmafThreshold': thr},
                      fea_compression_score(c, v, thr), src, tol)
    return f


def b71_ood_file():
    f = File(B, 'validator-vidaio@b71f22d: inputs outside the documented domain that the upstream code accepts',
             'vidAio-subnet/validator-vidaio vidaio/scoring/compression.py@b71f22d561fa1e72ff709d5abc293998e2eaf85b')
    src = f'{B} vidaio/scoring/compression.py compression_rate, compression_score_from_rate (byte counts are ints: a negative candidate size passes)'

    def rate(ref, out):
        if ref <= 0:
            raise Raises('ValueError: reference_bytes must be > 0')
        return {'compressionRate': out / ref}
    f.add('compression.rate', 'negative output size: a negative rate', {'referenceSizeBytes': 100, 'outputSizeBytes': -10}, run(rate, 100, -10), src)
    f.add('compression.score', 'negative rate: the compression term clamps to 1', {'compressionRate': -0.5, 'vmaf': 95.0, 'vmafThreshold': 90.0}, run(compression_score_by_rate, -0.5, 95.0, 90.0), src)
    return f


def blyan_ood_file():
    f = File('blyan@56e1d0c', 'blyan@56e1d0c: NaN and infinite inputs propagate as Python computes them',
             'mnls0115/Blyan backend/rewards/policy.py@56e1d0c6d67a104217c0986c6c943c3a159beb7b')
    src = 'mnls0115/Blyan backend/rewards/policy.py@56e1d0c (the negative checks are false for NaN; round(nan, 4) is nan)'
    clamp = lambda x, lo, hi: max(lo, min(hi, x))
    for title, t, q in [('NaN tokens give NaN', float('nan'), 1.0), ('infinite tokens give infinity', float('inf'), 1.2)]:
        f.add('bly.inference', title, {'tokens': t, 'quality': q}, {'bly': round(t / 1000.0 * 1.0 * clamp(q, 0.5, 1.5), 4)}, src)
    f.add('bly.validation', 'NaN tasks give NaN', {'tasks': float('nan'), 'complexity': 2.0}, {'bly': round(float('nan') * 10.0 * 2.0, 4)}, src)
    for title, gb in [('NaN size: min(NaN, 10000) keeps NaN', float('nan')), ('infinite size is capped at 10000', float('inf'))]:
        f.add('bly.dataset', title, {'sizeGb': gb, 'quality': 1.0, 'diversity': 1.0}, {'bly': round(min(gb * 100.0 * 1.0 * 1.0, 10000.0), 4)}, src)
    imp = float('nan')
    f.add('bly.learning', 'NaN improvement gives NaN', {'basePoolDayBly': 100000.0, 'improvementPct': imp, 'difficulty': 2.0, 'applicability': 1.0, 'hourSliceShare': 1 / 24},
          {'bly': round(min(500.0 * imp * 2.0 * 1.0 * (1 / 24), 100000.0 * (1 / 24)), 4)}, src)
    return f


def main():
    check = '--check' in sys.argv[1:]
    os.makedirs(OUT, exist_ok=True)
    for name, f in [(f'{E}.json', v3_file()), ('validator-vidaio@f396e47.json', f396e47_file()), ('validator-vidaio@688b671.json', p688_file()),
                    ('vidaio-subnet@fea3779.out-of-domain.json', fea_ood_file()), ('vidaio-subnet@fea3779.threshold.json', fea_threshold_file()), (f'{B}.out-of-domain.json', b71_ood_file()), ('blyan@56e1d0c.out-of-domain.json', blyan_ood_file())]:
        n = f.write(name, check)
        per_fn = ', '.join(f'{k} {v}' for k, v in f.count.items())
        print(f'{name}: {n} cases ({per_fn})')


if __name__ == '__main__':
    main()
