#!/usr/bin/python3
"""The full Python reference of the synthetic object-removal cases (src/core/metrics/removal/), from an independent
implementation, for the streaming pipeline's test (removal-pipeline.test.ts) and the LPIPS crop test.

Run with Debian's interpreter (python3-opencv 4.6.0, numpy): /usr/bin/python3 scripts/removal/make-case-reference.py
It writes src/core/metrics/removal/fixtures/removal-reference.json (numbers and digests only).

The cases, frames, masks, candidates, median fill, PSNR/SSIM and outside change come from make-fixtures.py (imported,
so both files describe the same bytes). Added here, following ../shared/reference/rules/vidaio-v3.md §2 (written
from that description, not copied from upstream):
- warp error (§2.5): cv2.DISOpticalFlow_create(DISOPTICAL_FLOW_PRESET_MEDIUM) on the reference's luma crops of the
  box bbox(mask[i-1] | mask[i]) + 48 for every frame pair whose masks overlap, map = grid + flow, cv2.remap
  (INTER_LINEAR, BORDER_REFLECT) of frame i's RGB crop, mean |warped - RGB[i-1] crop| over the overlap pixels and 3
  channels; for the candidate, the median fill and the reference;
- LPIPS frame sampling with the offset of a fixed (reference sha256, challenge id), the crop pairs (pad 32, the
  measured video's pixels outside the mask replaced by the reference's), their SHA-256 digests;
- cv2.resize INTER_AREA on odd sizes and scales of RGB crops of the shared clip (digests), and `_bound_pair` sizes;
- LPIPS-VGG with synthetic weights (seed 1) when scripts/removal/lpips_torch.py is importable (written by the LPIPS
  work: `synthetic_weights(seed)`, `lpips_distance(weights, a_uint8_hwc, b_uint8_hwc) -> float`), else null;
- the verdict: OUTSIDE_REGION_MODIFIED when the outside change > 3.0, else REGION_BASELINE_NOT_BEATEN when PSNR <
  floor + 1.5 dB, else WARP_ERROR_EXCEEDED when warp > 5 * max(warp_ref, 0.5), else the score (needs LPIPS).
"""
import hashlib
import importlib.util
import json
import os
import sys

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, 'src', 'core', 'metrics', 'removal', 'fixtures', 'removal-reference.json')

_spec = importlib.util.spec_from_file_location('make_fixtures', os.path.join(HERE, 'make-fixtures.py'))
mf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mf)

sys.path.insert(0, HERE)
try:
    import lpips_torch  # noqa: E402  (optional: another piece of work provides it)
except Exception as exc:  # pragma: no cover - depends on the checkout
    lpips_torch = None
    LPIPS_UNAVAILABLE = f'{type(exc).__name__}: {exc}'
else:
    LPIPS_UNAVAILABLE = None

# The LPIPS offset inputs of every case (removal.lpipsOffset = sha256(ref hex || 0x00 || id) mod 4).
REF_SHA = 'ab' * 32
CHALLENGE = 'removal-case'
STRIDE = 4
PSNR_MARGIN, PSNR_SPAN, WARP_FACTOR, WARP_FLOOR, OUTSIDE_TOL = 1.5, 8.0, 5.0, 0.5, 3.0


def lpips_offset(ref_hex, challenge):
    d = hashlib.sha256(ref_hex.encode() + b'\x00' + challenge.encode()).digest()
    return int.from_bytes(d, 'big') % STRIDE


def bound_size(w, h, max_side=256):
    long = max(w, h)
    if long <= max_side:
        return w, h
    s = max_side / long
    return max(1, round(w * s)), max(1, round(h * s))


def warp_errors(ref, seqs_rgb, masks):
    """Mean e_i per sequence over frame pairs with a non-empty overlap, and e_i per pair (frame index i)."""
    dis = cv2.DISOpticalFlow_create(cv2.DISOPTICAL_FLOW_PRESET_MEDIUM)
    per = [[] for _ in seqs_rgb]
    frames = []
    for i in range(1, len(masks)):
        m = masks[i - 1] & masks[i]
        if not m.any():
            continue
        y0, y1, x0, x1 = mf.bbox(masks[i - 1] | masks[i], 48)
        prev_y = np.ascontiguousarray(ref[i - 1][0][y0:y1, x0:x1])
        cur_y = np.ascontiguousarray(ref[i][0][y0:y1, x0:x1])
        flow = dis.calc(prev_y, cur_y, None)
        h, w = prev_y.shape
        gx, gy = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
        mx, my = gx + flow[..., 0], gy + flow[..., 1]
        mc = m[y0:y1, x0:x1]
        for k, rgb in enumerate(seqs_rgb):
            cur = np.ascontiguousarray(rgb[i][y0:y1, x0:x1])
            warped = cv2.remap(cur, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
            d = np.abs(warped.astype(np.float32) - rgb[i - 1][y0:y1, x0:x1].astype(np.float32))
            per[k].append(float(d[mc].mean()))
        frames.append(i)
    means = [float(np.mean(p)) if p else 0.0 for p in per]
    return means, per, frames


def crop_pair(measured, reference, m):
    y0, y1, x0, x1 = mf.bbox(m, 32)
    a = reference[y0:y1, x0:x1].copy()
    b = measured[y0:y1, x0:x1].copy()
    cm = m[y0:y1, x0:x1]
    b[~cm] = a[~cm]
    h, w = a.shape[:2]
    tw, th = bound_size(w, h)
    if (tw, th) != (w, h):
        a = cv2.resize(a, (tw, th), interpolation=cv2.INTER_AREA)
        b = cv2.resize(b, (tw, th), interpolation=cv2.INTER_AREA)
    return a, b


def digest(a):
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()


def lpips_block(seqs_rgb, ref_rgb, masks, weights):
    offset = lpips_offset(REF_SHA, CHALLENGE)
    sampled, count, first = [], 0, None
    for i, m in enumerate(masks):
        if not m.any():
            continue
        if first is None:
            first = i
        if (count + offset) % STRIDE == 0:
            sampled.append(i)
        count += 1
    if not sampled:
        sampled = [first]
    pairs, values = [], [[] for _ in seqs_rgb]
    for i in sampled:
        for k, rgb in enumerate(seqs_rgb):
            a, b = crop_pair(rgb[i], ref_rgb[i], masks[i])
            pairs.append({'frame': i, 'seq': k, 'width': int(a.shape[1]), 'height': int(a.shape[0]), 'a': digest(a), 'b': digest(b)})
            if weights is not None:
                values[k].append(float(lpips_torch.lpips_distance(weights, a, b)))
    means = [float(np.mean(v)) if v else None for v in values]
    return {'offset': offset, 'frames': sampled, 'pairs': pairs, 'values': means if weights is not None else None}


def inter_area_cases(src):
    """cv2.resize INTER_AREA of RGB crops of the clip to odd sizes and scales (general and integer paths)."""
    y, u, v = src[0]
    h, w = y.shape
    rgb = cv2.cvtColor(np.concatenate([y.ravel(), u.ravel(), v.ravel()]).reshape(h * 3 // 2, w), cv2.COLOR_YUV2RGB_I420)
    specs = [
        # (x, y, sw, sh, dw, dh)
        (3, 5, 300, 200, 256, 171), (0, 0, 320, 240, 256, 192), (11, 7, 287, 131, 256, 117), (1, 2, 299, 233, 255, 199),
        (0, 0, 320, 240, 160, 120), (0, 0, 318, 237, 106, 79), (5, 9, 257, 64, 256, 64), (2, 2, 301, 3, 256, 3),
        (0, 1, 270, 97, 256, 92), (4, 4, 100, 200, 33, 67), (0, 0, 99, 99, 33, 33), (7, 3, 311, 229, 1, 1),
        (0, 0, 320, 240, 320, 120), (0, 0, 316, 228, 79, 57), (6, 0, 313, 240, 130, 100),
    ]
    out = []
    for x0, y0, sw, sh, dw, dh in specs:
        crop = np.ascontiguousarray(rgb[y0:y0 + sh, x0:x0 + sw])
        res = cv2.resize(crop, (dw, dh), interpolation=cv2.INTER_AREA)
        out.append({'x': x0, 'y': y0, 'sw': sw, 'sh': sh, 'dw': dw, 'dh': dh, 'digest': digest(res), 'sum': int(res.astype(np.int64).sum())})
    bounds = [[w_, h_, *bound_size(w_, h_)] for w_, h_ in ((257, 100), (300, 200), (1000, 3), (3, 1000), (640, 641), (256, 256), (385, 129), (2001, 1))]
    return out, bounds


def main():
    src = mf.read_y4m(mf.CLIP)
    ref = mf.reference_frames(src)
    ref_rgb = [mf.to_rgb(f) for f in ref]
    weights = lpips_torch.synthetic_weights(1) if lpips_torch is not None else None
    per_mask = {}
    for mask_name in mf.MASKS:
        masks = mf.make_masks(mf.MASKS[mask_name])
        served = mf.composite(ref, masks)
        fill, _ = mf.median_fill(served, masks)
        per_mask[mask_name] = (masks, served, [mf.to_rgb(f) for f in served], [mf.to_rgb(f) for f in fill])
    cases = []
    for name, mask_name, kind in mf.CASES:
        masks, served, served_rgb, fill_rgb = per_mask[mask_name]
        cand = mf.candidate(kind, ref, served, masks)
        cand_rgb = [mf.to_rgb(f) for f in cand]
        cr, mr, ur = mf.region(cand_rgb, ref_rgb, masks), mf.region(fill_rgb, ref_rgb, masks), mf.region(served_rgb, ref_rgb, masks)
        outside = mf.outside(cand_rgb, served_rgb, masks)
        (wc, wm, wr), (pc, pm, pr), wframes = warp_errors(ref, [cand_rgb, fill_rgb, ref_rgb], masks)
        lp = lpips_block([cand_rgb, fill_rgb, served_rgb], ref_rgb, masks, weights)
        floor_psnr = max(mr['psnrDb'], ur['psnrDb'])
        floor_ssim = max(mr['ssim'], ur['ssim'])
        warp_cap = WARP_FACTOR * max(wr, WARP_FLOOR)
        s_psnr = min(1.0, max(0.0, (cr['psnrDb'] - floor_psnr) / PSNR_SPAN))
        verdict = {'zeroReason': None, 'score': None, 'sPsnr': s_psnr, 'sLpips': None, 'warpCap': warp_cap}
        if outside['max'] > OUTSIDE_TOL:
            verdict['zeroReason'] = 'OUTSIDE_REGION_MODIFIED'
        elif cr['psnrDb'] < floor_psnr + PSNR_MARGIN:
            verdict['zeroReason'] = 'REGION_BASELINE_NOT_BEATEN'
        elif wc > warp_cap:
            verdict['zeroReason'] = 'WARP_ERROR_EXCEEDED'
        elif lp['values'] is not None:
            lc, floor_l = lp['values'][0], min(lp['values'][1], lp['values'][2])
            s_l = min(1.0, max(0.0, (floor_l - lc) / floor_l)) if floor_l > 0 else 0.0
            verdict['sLpips'] = s_l
            verdict['score'] = min(1.0, max(0.0, 0.6 * s_psnr + 0.4 * s_l))
        if verdict['zeroReason'] is not None:
            verdict['score'] = 0.0
        cases.append({
            'name': name, 'masks': mask_name, 'candidate': kind,
            'psnrDb': cr['psnrDb'], 'ssim': cr['ssim'], 'maskedPixels': cr['maskedPixels'],
            'medianFill': {'psnrDb': mr['psnrDb'], 'ssim': mr['ssim']}, 'unchanged': {'psnrDb': ur['psnrDb'], 'ssim': ur['ssim']},
            'floor': {'psnrDb': floor_psnr, 'ssim': floor_ssim, 'warpError': wm},
            'outside': outside,
            'warp': {'candidate': wc, 'medianFill': wm, 'reference': wr, 'frames': wframes, 'perPair': [pc, pm, pr]},
            'lpips': lp,
            'verdict': verdict,
        })
    area, bounds = inter_area_cases(src)
    fixture = {
        'generator': 'scripts/removal/make-case-reference.py',
        'versions': {'python': sys.version.split()[0], 'opencv': cv2.__version__, 'numpy': np.__version__},
        'lpips': {'referenceSha256': REF_SHA, 'challengeId': CHALLENGE, 'weights': 'lpips_torch.synthetic_weights(1)',
                  'unavailable': LPIPS_UNAVAILABLE},
        'cases': cases,
        'interArea': area,
        'boundedSizes': bounds,
    }
    with open(OUT, 'w') as fh:
        json.dump(fixture, fh, indent=1)
        fh.write('\n')
    for c in cases:
        v = c['verdict']
        print(f"{c['name']:22s} psnr {c['psnrDb']:8.4f} floor {c['floor']['psnrDb']:8.4f} warp {c['warp']['candidate']:.4f}"
              f" ref {c['warp']['reference']:.4f} outside {c['outside']['max']:.4f} -> {v['zeroReason'] or v['score']}")


if __name__ == '__main__':
    main()
