#!/usr/bin/python3
"""Reference numbers for the object-removal metrics (src/core/metrics/removal/), from an independent implementation.

Run with Debian's interpreter (it has python3-opencv and numpy): /usr/bin/python3 scripts/removal/make-fixtures.py
It writes src/core/metrics/removal/fixtures/removal-cases.json (small: only generation parameters and numbers).

Frames: the decoder-free clip ../shared/reference/clips/tiny_vtest_320x240__ref.y4m (5 frames, yuv420p). A
synthetic panning "reference" of N frames of W x H is cut from it: frame i = source frame i % 5 cropped at
(x = CROP_X + PAN_X*i, y = CROP_Y + PAN_Y*i), all even. An elliptic occluder (integer test
(x-cx)^2*ry^2 + (y-cy)^2*rx^2 <= rx^2*ry^2, centre moving per frame) is composited as flat Y/U/V values (a chroma
sample is occluded iff mask[2cy, 2cx]) to make the served input. Candidate outputs are built from the reference and
the served input by small integer rules (documented per case below) that removal-region.test.ts re-implements in
TypeScript to rebuild the same I420 frames. The metrics then follow validator-vidaio's removal.py
(../shared/reference/rules/vidaio-v3.md §2; vidaio/scoring/removal.py@a26469652d73086519ea1bb2565f862562e009c3):
cv2.cvtColor(I420 -> RGB), padded boxes, float32 squared error summed by numpy, cv2.GaussianBlur SSIM on
cv2.COLOR_RGB2GRAY luma, cv2.absdiff + cv2.mean for the outside-mask change. This script is written from the
reference document's description, not copied from upstream.
"""
import hashlib
import json
import math
import os
import sys

import cv2
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CLIP = os.path.join(ROOT, '..', 'shared', 'reference', 'clips', 'tiny_vtest_320x240__ref.y4m')
OUT = os.path.join(ROOT, 'src', 'core', 'metrics', 'removal', 'fixtures', 'removal-cases.json')

W, H, N = 160, 96, 8
CROP_X, CROP_Y, PAN_X, PAN_Y = 40, 60, 4, 2
OCC = (200, 90, 170)  # occluder Y, U, V


def read_y4m(path):
    data = open(path, 'rb').read()
    header, rest = data.split(b'\n', 1)
    fields = header.split()
    w = int([f for f in fields if f.startswith(b'W')][0][1:])
    h = int([f for f in fields if f.startswith(b'H')][0][1:])
    size = w * h * 3 // 2
    frames = []
    pos = 0
    while pos < len(rest):
        assert rest[pos:pos + 6] == b'FRAME\n', 'bad y4m frame marker'
        pos += 6
        buf = np.frombuffer(rest[pos:pos + size], np.uint8)
        pos += size
        y = buf[:w * h].reshape(h, w)
        u = buf[w * h:w * h + size // 6].reshape(h // 2, w // 2)
        v = buf[w * h + size // 6:].reshape(h // 2, w // 2)
        frames.append((y, u, v))
    return frames


def reference_frames(src):
    out = []
    for i in range(N):
        y, u, v = src[i % len(src)]
        x0, y0 = CROP_X + PAN_X * i, CROP_Y + PAN_Y * i
        out.append((y[y0:y0 + H, x0:x0 + W].copy(), u[y0 // 2:(y0 + H) // 2, x0 // 2:(x0 + W) // 2].copy(),
                    v[y0 // 2:(y0 + H) // 2, x0 // 2:(x0 + W) // 2].copy()))
    return out


def make_masks(spec):
    """spec: {cx, cy, dx, dy, rx, ry, empty: [frames], jump: [[frame, cx, cy]...]}"""
    ys, xs = np.mgrid[0:H, 0:W].astype(np.int64)
    masks = np.zeros((N, H, W), bool)
    for i in range(N):
        if i in spec.get('empty', []):
            continue
        cx, cy = spec['cx'] + spec['dx'] * i, spec['cy'] + spec['dy'] * i
        for f, jx, jy in spec.get('jump', []):
            if f == i:
                cx, cy = jx, jy
        rx, ry = spec['rx'], spec['ry']
        masks[i] = (xs - cx) ** 2 * ry * ry + (ys - cy) ** 2 * rx * rx <= rx * rx * ry * ry
    return masks


def composite(ref, masks):
    out = []
    for (y, u, v), m in zip(ref, masks):
        cm = m[::2, ::2]
        y2, u2, v2 = y.copy(), u.copy(), v.copy()
        y2[m], u2[cm], v2[cm] = OCC
        out.append((y2, u2, v2))
    return out


def box3(p):
    """3x3 box mean, floor(sum/9), edges replicated."""
    q = np.pad(p.astype(np.int64), 1, mode='edge')
    s = sum(q[dy:dy + p.shape[0], dx:dx + p.shape[1]] for dy in range(3) for dx in range(3))
    return (s // 9).astype(np.uint8)


def shift_x(p, k):
    """p[y, min(x + k, w - 1)]."""
    idx = np.minimum(np.arange(p.shape[1]) + k, p.shape[1] - 1)
    return p[:, idx]


def candidate(kind, ref, served, masks):
    out = []
    ys, xs = np.mgrid[0:H, 0:W].astype(np.int64)
    for i, ((y, u, v), (sy, su, sv), m) in enumerate(zip(ref, served, masks)):
        cm = m[::2, ::2]
        if kind == 'copy':
            out.append((sy.copy(), su.copy(), sv.copy()))
            continue
        ny, nu, nv = sy.copy(), su.copy(), sv.copy()
        if kind in ('good', 'outside_frame3', 'outside_all_small'):
            # reference pixels under the mask with a deterministic +-2 luma ripple
            ripple = (xs * 7 + ys * 13 + i * 5) % 5 - 2
            ny[m] = np.clip(y.astype(np.int64) + ripple, 0, 255).astype(np.uint8)[m]
            nu[cm], nv[cm] = u[cm], v[cm]
        elif kind == 'blur':
            ny[m] = box3(y)[m]
            nu[cm], nv[cm] = box3(u)[cm], box3(v)[cm]
        elif kind == 'shifted':
            ny[m] = shift_x(y, 6)[m]
            nu[cm], nv[cm] = shift_x(u, 3)[cm], shift_x(v, 3)[cm]
        elif kind == 'flicker':
            # reference under the mask, luma +10 on even frames and -10 on odd ones: breaks the warp (temporal) gate
            ny[m] = np.clip(y.astype(np.int64) + (10 if i % 2 == 0 else -10), 0, 255).astype(np.uint8)[m]
            nu[cm], nv[cm] = u[cm], v[cm]
        else:
            raise ValueError(kind)
        if kind == 'outside_frame3' and i == 3:
            ny[~m] = np.clip(ny.astype(np.int64) + 5, 0, 255).astype(np.uint8)[~m]
        if kind == 'outside_all_small':
            ny[~m] = np.clip(ny.astype(np.int64) + 1, 0, 255).astype(np.uint8)[~m]
        out.append((ny, nu, nv))
    return out


def to_rgb(f):
    y, u, v = f
    i420 = np.concatenate([y.ravel(), u.ravel(), v.ravel()]).reshape(H * 3 // 2, W)
    return cv2.cvtColor(i420, cv2.COLOR_YUV2RGB_I420)


def bbox(m, pad):
    ys, xs = np.where(m)
    h, w = m.shape
    return max(0, int(ys.min()) - pad), min(h, int(ys.max()) + pad + 1), max(0, int(xs.min()) - pad), min(w, int(xs.max()) + pad + 1)


def ssim_map(a, b):
    a, b = a.astype(np.float64), b.astype(np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    g = lambda x: cv2.GaussianBlur(x, (11, 11), 1.5)
    ma, mb = g(a), g(b)
    saa, sbb, sab = g(a * a) - ma * ma, g(b * b) - mb * mb, g(a * b) - ma * mb
    return ((2 * ma * mb + c1) * (2 * sab + c2)) / ((ma * ma + mb * mb + c1) * (saa + sbb + c2))


def region(cand, ref, masks):
    sq, count, ssims, frames = 0.0, 0, [], []
    for c, r, m in zip(cand, ref, masks):
        if not m.any():
            frames.append(None)
            continue
        y0, y1, x0, x1 = bbox(m, 32)
        cm, cc, cr = m[y0:y1, x0:x1], c[y0:y1, x0:x1], r[y0:y1, x0:x1]
        d = cc[cm].astype(np.float32) - cr[cm].astype(np.float32)
        fsq = float((d * d).sum())
        sq += fsq
        count += int(d.size)
        s = float(ssim_map(cv2.cvtColor(cc, cv2.COLOR_RGB2GRAY), cv2.cvtColor(cr, cv2.COLOR_RGB2GRAY))[cm].mean())
        ssims.append(s)
        frames.append({'box': [y0, y1, x0, x1], 'squaredError': fsq, 'elements': int(d.size), 'ssim': s})
    mse = sq / count
    psnr = 10.0 * math.log10(255.0 ** 2 / mse) if mse > 0 else 99.0
    return {'psnrDb': min(psnr, 99.0), 'ssim': float(np.mean(ssims)), 'maskedPixels': count, 'frames': frames}


def outside(cand, served, masks):
    worst, per = 0.0, []
    for c, s, m in zip(cand, served, masks):
        om = (~m).astype(np.uint8)
        if not om.any():
            per.append(None)
            continue
        means = cv2.mean(cv2.absdiff(c, s), mask=om)
        v = float(sum(means[:3]) / 3.0)
        per.append(v)
        worst = max(worst, v)
    return {'max': worst, 'frames': per}


def colour_digests():
    """SHA-256 of cv2's output over every (Y, U, V) and every (R, G, B) triple (layout documented in the test)."""
    side, cside = 4096, 2048
    idx = np.arange(cside * cside, dtype=np.int64)
    uv, yblk = idx % 65536, (idx // 65536).reshape(cside, cside)
    u, v = (uv % 256).astype(np.uint8), (uv // 256).astype(np.uint8)
    y = np.zeros((side, side), np.uint8)
    for dy in range(2):
        for dx in range(2):
            y[dy::2, dx::2] = (yblk * 4 + dy * 2 + dx).astype(np.uint8)
    rgb = cv2.cvtColor(np.concatenate([y.ravel(), u, v]).reshape(side * 3 // 2, side), cv2.COLOR_YUV2RGB_I420)
    a = np.arange(1 << 24, dtype=np.int64)
    img = np.stack([a & 255, (a >> 8) & 255, a >> 16], -1).astype(np.uint8).reshape(4096, 4096, 3)
    gray = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
    return {'i420ToRgbAllTriples': hashlib.sha256(rgb.tobytes()).hexdigest(), 'rgbToGrayAllTriples': hashlib.sha256(gray.tobytes()).hexdigest()}


MASKS = {
    'moving': {'cx': 70, 'cy': 45, 'dx': 3, 'dy': 1, 'rx': 17, 'ry': 12},
    # frames 2 and 5 without occluder, frame 4 jumps far away: pairs (1,2),(2,3),(3,4),(4,5),(5,6) have no overlap
    'jumping': {'cx': 40, 'cy': 40, 'dx': 2, 'dy': 0, 'rx': 11, 'ry': 9, 'empty': [2, 5], 'jump': [[4, 130, 70]]},
    # touches the frame corner: the padded box is clipped on two sides
    'corner': {'cx': 6, 'cy': 88, 'dx': 1, 'dy': 0, 'rx': 14, 'ry': 10},
}
CASES = [
    ('good_fill', 'moving', 'good'), ('copy_of_input', 'moving', 'copy'), ('blurred_fill', 'moving', 'blur'),
    ('shifted_fill', 'moving', 'shifted'), ('outside_edit_frame3', 'moving', 'outside_frame3'),
    ('outside_small_all', 'moving', 'outside_all_small'), ('empty_overlap_good', 'jumping', 'good'),
    ('empty_overlap_copy', 'jumping', 'copy'), ('corner_blur', 'corner', 'blur'), ('flicker_fill', 'corner', 'flicker'),
]


def median_fill(served, masks):
    """The temporal-median baseline as §2.7 describes it: per-pixel float32 nanmedian over the unmasked frames inside
    the union box (pad 16, even-aligned), Telea radius 3 for pixels masked on every frame (seed 0 for Y, 128 for
    U/V), truncation to uint8, written into each frame's masked pixels (chroma where mask[::2, ::2])."""
    import warnings
    any_mask = masks.any(axis=0)
    y0, y1, x0, x1 = bbox(any_mask, 16)
    y0 -= y0 % 2
    x0 -= x0 % 2
    y1, x1 = min(H, y1 + y1 % 2), min(W, x1 + x1 % 2)
    info = {'box': [y0, y1, x0, x1]}

    def plane_median(stack, m, seed):
        band = stack.astype(np.float32)
        band[m] = np.nan
        with warnings.catch_warnings():
            warnings.simplefilter('ignore', RuntimeWarning)
            med = np.nanmedian(band, axis=0)
        hole = np.isnan(med)
        med = np.nan_to_num(med, nan=float(seed))
        if not hole.any():
            return med.astype(np.uint8), 0
        filled = np.where(hole, seed, med).astype(np.uint8)
        if hole.all():
            return filled, int(hole.sum())
        return cv2.inpaint(filled, hole.astype(np.uint8), 3, cv2.INPAINT_TELEA), int(hole.sum())

    rm = masks[:, y0:y1, x0:x1]
    my, hy = plane_median(np.stack([f[0][y0:y1, x0:x1] for f in served]), rm, 0)
    cm = rm[:, ::2, ::2]
    mu, hu = plane_median(np.stack([f[1][y0 // 2:y1 // 2, x0 // 2:x1 // 2] for f in served]), cm, 128)
    mv, _ = plane_median(np.stack([f[2][y0 // 2:y1 // 2, x0 // 2:x1 // 2] for f in served]), cm, 128)
    info['holes'] = {'luma': hy, 'chroma': hu}
    info['digests'] = {k: hashlib.sha256(a.tobytes()).hexdigest() for k, a in (('y', my), ('u', mu), ('v', mv))}
    out = []
    for (sy, su, sv), m in zip(served, masks):
        ny, nu, nv = sy.copy(), su.copy(), sv.copy()
        sel = m[y0:y1, x0:x1]
        ny[y0:y1, x0:x1][sel] = my[sel]
        csel = sel[::2, ::2]
        nu[y0 // 2:y1 // 2, x0 // 2:x1 // 2][csel] = mu[csel]
        nv[y0 // 2:y1 // 2, x0 // 2:x1 // 2][csel] = mv[csel]
        out.append((ny, nu, nv))
    info['frameDigest'] = hashlib.sha256(b''.join(p.tobytes() for f in out for p in f)).hexdigest()
    return out, info


TELEA = [
    # luma crops of source frame `frame` at (x, y, w, h); holes as ellipses [cx, cy, rx, ry] and rects [x0, y0, x1, y1)
    {'name': 'ellipse_centre', 'frame': 0, 'x': 100, 'y': 80, 'w': 64, 'h': 48, 'ellipses': [[30, 22, 9, 7]], 'rects': []},
    {'name': 'rect_top_left_edge', 'frame': 1, 'x': 0, 'y': 0, 'w': 64, 'h': 48, 'ellipses': [], 'rects': [[0, 0, 12, 9]]},
    {'name': 'rect_bottom_right_edge', 'frame': 2, 'x': 200, 'y': 150, 'w': 60, 'h': 40, 'ellipses': [], 'rects': [[45, 28, 60, 40]]},
    {'name': 'thin_line_and_blob', 'frame': 3, 'x': 150, 'y': 20, 'w': 80, 'h': 56, 'ellipses': [[60, 40, 14, 10]], 'rects': [[5, 20, 70, 22]]},
    {'name': 'large_hole', 'frame': 4, 'x': 20, 'y': 100, 'w': 96, 'h': 72, 'ellipses': [[48, 36, 30, 24]], 'rects': []},
]


def telea_case(src, spec):
    y = src[spec['frame']][0][spec['y']:spec['y'] + spec['h'], spec['x']:spec['x'] + spec['w']].copy()
    ys, xs = np.mgrid[0:spec['h'], 0:spec['w']].astype(np.int64)
    hole = np.zeros((spec['h'], spec['w']), bool)
    for cx, cy, rx, ry in spec['ellipses']:
        hole |= (xs - cx) ** 2 * ry * ry + (ys - cy) ** 2 * rx * rx <= rx * rx * ry * ry
    for x0, y0, x1, y1 in spec['rects']:
        hole[y0:y1, x0:x1] = True
    out = cv2.inpaint(y, hole.astype(np.uint8), 3, cv2.INPAINT_TELEA)
    return dict(spec, holePixels=int(hole.sum()), digest=hashlib.sha256(out.tobytes()).hexdigest(),
                changed=int((out != y).sum()))


def main():
    src = read_y4m(CLIP)
    ref = reference_frames(src)
    ref_rgb = [to_rgb(f) for f in ref]
    floors = {}
    for mask_name in MASKS:
        masks = make_masks(MASKS[mask_name])
        served = composite(ref, masks)
        fill, info = median_fill(served, masks)
        med = region([to_rgb(f) for f in fill], ref_rgb, masks)
        unchanged = region([to_rgb(f) for f in served], ref_rgb, masks)
        floors[mask_name] = {'medianFill': info, 'median': {k: med[k] for k in ('psnrDb', 'ssim', 'maskedPixels')},
                             'unchanged': {k: unchanged[k] for k in ('psnrDb', 'ssim', 'maskedPixels')},
                             'floorPsnrDb': max(med['psnrDb'], unchanged['psnrDb'])}
    cases = []
    for name, mask_name, kind in CASES:
        masks = make_masks(MASKS[mask_name])
        served = composite(ref, masks)
        cand = candidate(kind, ref, served, masks)
        cand_rgb, served_rgb = [to_rgb(f) for f in cand], [to_rgb(f) for f in served]
        cases.append({'name': name, 'masks': mask_name, 'candidate': kind,
                      'maskDigest': hashlib.sha256(masks.astype(np.uint8).tobytes()).hexdigest(),
                      'candidateDigest': hashlib.sha256(b''.join(p.tobytes() for f in cand for p in f)).hexdigest(),
                      'region': region(cand_rgb, ref_rgb, masks), 'outside': outside(cand_rgb, served_rgb, masks)})
        c = cases[-1]
        c['psnrBelowFloorMargin'] = c['region']['psnrDb'] < floors[mask_name]['floorPsnrDb'] + 1.5
    fixture = {
        'generator': 'scripts/removal/make-fixtures.py',
        'versions': {'python': sys.version.split()[0], 'opencv': cv2.__version__, 'numpy': np.__version__},
        'source': {'clip': 'tiny_vtest_320x240__ref.y4m', 'width': W, 'height': H, 'frames': N, 'cropX': CROP_X,
                   'cropY': CROP_Y, 'panX': PAN_X, 'panY': PAN_Y, 'occluder': OCC},
        'masks': MASKS,
        'colour': colour_digests(),
        'cases': cases,
        'floors': floors,
        'telea': [telea_case(src, t) for t in TELEA],
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as fh:
        json.dump(fixture, fh, indent=1)
        fh.write('\n')
    for c in cases:
        print(f"{c['name']:22s} psnr {c['region']['psnrDb']:.6f} ssim {c['region']['ssim']:.6f} outside {c['outside']['max']:.4f} below-floor {c['psnrBelowFloorMargin']}")
    for k, f in floors.items():
        print(k, 'median', f['median']['psnrDb'], 'unchanged', f['unchanged']['psnrDb'], 'holes', f['medianFill']['holes'])
    for t in fixture['telea']:
        print(t['name'], t['holePixels'], t['changed'])


if __name__ == '__main__':
    main()
