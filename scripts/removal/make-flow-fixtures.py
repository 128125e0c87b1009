#!/usr/bin/python3
"""Reference numbers for the removal warp error (src/core/metrics/removal/{dis-flow,remap,warp}.ts) from OpenCV.

Run with Debian's interpreter (python3-opencv 4.6.0, numpy): /usr/bin/python3 scripts/removal/make-flow-fixtures.py
It writes src/core/metrics/removal/fixtures/removal-flow.json (about 0.3 MB).

1. remap: cv2.remap of a 37x29 RGB image made by an integer formula, with float32 maps = grid + offsets in steps
   of 1/64 px (so x*32 hits the round-half-to-even ties) and some jumps outside the image (BORDER_REFLECT), INTER_LINEAR.
   The TypeScript test rebuilds image and maps from the same formulas (documented in removal-warp.test.ts).
2. DIS: cv2.DISOpticalFlow_create(DISOPTICAL_FLOW_PRESET_MEDIUM).calc on two luma crops of the shared clip
   ../shared/reference/clips/tiny_vtest_320x240__ref.y4m (one even-sized, one odd-sized so the pyramid takes
   OpenCV's fractional INTER_AREA path); the flow is stored whole (float32, base64); a 300x220 crop's flow by its
   SHA-256 and mean/max |flow| only.
3. Warp error on the synthetic removal cases of scripts/removal/make-fixtures.py (same clip, masks and candidates),
   following validator-vidaio's removal.py `region_metrics` (../shared/reference/rules/vidaio-v3.md §2.5,
   vidaio/scoring/removal.py@a26469652d73086519ea1bb2565f862562e009c3; written from the reference document, not
   copied): per frame pair with a non-empty mask overlap, the padded box (48), the DIS flow of the reference luma
   crops (its SHA-256 stored), the float32 map, cv2.remap BORDER_REFLECT of the candidate and of the reference RGB
   crop, e_i = float32 mean of |warped - previous| over the overlap pixels and 3 channels; means over pairs.
"""
import base64
import hashlib
import importlib.util
import json
import os
import sys

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, 'src', 'core', 'metrics', 'removal', 'fixtures', 'removal-flow.json')

_spec = importlib.util.spec_from_file_location('make_fixtures', os.path.join(HERE, 'make-fixtures.py'))
mf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(mf)

RW, RH = 37, 29
FLOW_CROPS = [
    # source frames (i0, i1) of the clip, crop x, y, w, h
    {'frames': [0, 1], 'x': 100, 'y': 80, 'w': 96, 'h': 80},
    {'frames': [2, 3], 'x': 40, 'y': 60, 'w': 131, 'h': 97},
]
# a larger crop (pyramid of 3 levels), stored as SHA-256 and summary statistics only
FLOW_DIGESTS = [{'frames': [0, 1], 'x': 10, 'y': 10, 'w': 300, 'h': 220}]


def remap_inputs():
    ys, xs = np.mgrid[0:RH, 0:RW].astype(np.int64)
    img = np.stack([(xs * 37 + ys * 101 + c * 59 + (xs * ys) % 13 * 17) % 256 for c in range(3)], -1).astype(np.uint8)
    off_x = ((xs * 29 + ys * 17) % 193 - 96) / 64.0
    off_y = ((xs * 11 + ys * 23) % 157 - 78) / 64.0
    jump = (xs + ys) % 7 == 0
    off_x = off_x + np.where(jump, (xs % 5 - 2) * 9, 0)
    off_y = off_y + np.where(jump, (ys % 3 - 1) * 11, 0)
    return img, (xs + off_x).astype(np.float32), (ys + off_y).astype(np.float32)


def b64(a):
    return base64.b64encode(np.ascontiguousarray(a).tobytes()).decode('ascii')


def dis_flow(a, b):
    dis = cv2.DISOpticalFlow_create(cv2.DISOPTICAL_FLOW_PRESET_MEDIUM)
    return dis.calc(np.ascontiguousarray(a), np.ascontiguousarray(b), None)


def warp_case(ref, ref_rgb, cand_rgb, masks):
    pairs = []
    for i in range(1, len(masks)):
        mm = masks[i - 1] & masks[i]
        if not mm.any():
            continue
        y0, y1, x0, x1 = mf.bbox(masks[i - 1] | masks[i], 48)
        flow = dis_flow(ref[i - 1][0][y0:y1, x0:x1], ref[i][0][y0:y1, x0:x1])
        gy, gx = np.mgrid[0:y1 - y0, 0:x1 - x0].astype(np.float32)
        mx, my = gx + flow[..., 0], gy + flow[..., 1]
        sel = mm[y0:y1, x0:x1]
        errs = []
        for seq in (cand_rgb, ref_rgb):
            wc = cv2.remap(seq[i][y0:y1, x0:x1], mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
            errs.append(float(np.abs(wc.astype(np.float32) - seq[i - 1][y0:y1, x0:x1].astype(np.float32))[sel].mean()))
        pairs.append({'frame': i, 'box': [y0, y1, x0, x1], 'overlap': int(sel.sum()),
                      'flowSha256': hashlib.sha256(flow.astype(np.float32).tobytes()).hexdigest(),
                      'flowMaxAbs': float(np.abs(flow).max()), 'candidate': errs[0], 'reference': errs[1]})
    ec = [p['candidate'] for p in pairs]
    er = [p['reference'] for p in pairs]
    return {'pairs': pairs, 'warpError': float(np.mean(ec)) if ec else 0.0, 'warpReference': float(np.mean(er)) if er else 0.0}


def main():
    img, mx, my = remap_inputs()
    remapped = cv2.remap(img, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    src = mf.read_y4m(mf.CLIP)
    flows = []
    for c in FLOW_CROPS:
        a = src[c['frames'][0]][0][c['y']:c['y'] + c['h'], c['x']:c['x'] + c['w']]
        b = src[c['frames'][1]][0][c['y']:c['y'] + c['h'], c['x']:c['x'] + c['w']]
        fl = dis_flow(a, b).astype(np.float32)
        flows.append(dict(c, flowBase64=b64(fl), maxAbs=float(np.abs(fl).max())))
    digests = []
    for c in FLOW_DIGESTS:
        a = src[c['frames'][0]][0][c['y']:c['y'] + c['h'], c['x']:c['x'] + c['w']]
        b = src[c['frames'][1]][0][c['y']:c['y'] + c['h'], c['x']:c['x'] + c['w']]
        fl = dis_flow(a, b).astype(np.float32)
        digests.append(dict(c, sha256=hashlib.sha256(fl.tobytes()).hexdigest(), maxAbs=float(np.abs(fl).max()),
                            meanAbs=float(np.abs(fl.astype(np.float64)).mean())))
    ref = mf.reference_frames(src)
    ref_rgb = [mf.to_rgb(f) for f in ref]
    cases = []
    for name, mask_name, kind in mf.CASES:
        masks = mf.make_masks(mf.MASKS[mask_name])
        served = mf.composite(ref, masks)
        cand = mf.candidate(kind, ref, served, masks)
        w = warp_case(ref, ref_rgb, [mf.to_rgb(f) for f in cand], masks)
        cases.append(dict(name=name, masks=mask_name, candidate=kind, **w))
    fixture = {
        'generator': 'scripts/removal/make-flow-fixtures.py',
        'versions': {'python': sys.version.split()[0], 'opencv': cv2.__version__, 'numpy': np.__version__},
        'remap': {'width': RW, 'height': RH, 'border': 'reflect', 'outputBase64': b64(remapped),
                  'sha256': hashlib.sha256(remapped.tobytes()).hexdigest()},
        'flows': flows,
        'flowDigests': digests,
        'source': {'clip': os.path.basename(mf.CLIP), 'width': mf.W, 'height': mf.H, 'frames': mf.N},
        'cases': cases,
    }
    with open(OUT, 'w') as fh:
        json.dump(fixture, fh, indent=1)
        fh.write('\n')
    for c in cases:
        print(f"{c['name']:22s} pairs {len(c['pairs'])} e_c {c['warpError']:.6f} e_r {c['warpReference']:.6f}")


if __name__ == '__main__':
    main()
