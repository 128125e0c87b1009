#!/usr/bin/python3
"""Independent float64 PyTorch LPIPS-VGG forward (lpips 0.1.4, version 0.1, net="vgg", linear heads, no spatial
output) for Preflight's test fixtures. Written from the steps of ../shared/reference/rules/vidaio-v3.md §2.4 and the
lpips / torchvision architecture facts (VGG16 cfg "D" features to relu5_3; ScalingLayer shift/scale;
normalize_tensor with eps 1e-10; 1x1 heads without bias; spatial mean; sum of five layers), using torch's own conv2d,
max_pool2d and relu in float64, not the TypeScript code it checks.

Exposes, for other fixture scripts (`import lpips_torch`):
  synthetic_weights(seed) -> dict[str, np.ndarray]   the same float32 values as src/core/lpips/synthetic.ts
  lpips_distance(weights, a_uint8_hwc, b_uint8_hwc) -> float

Run as a script (with Debian's /usr/bin/python3: torch 1.13, OpenCV 4.6) it writes
src/core/lpips/fixtures/lpips-cases.json: distances of crop pairs from the shared tiny y4m clips, stored as how to
rebuild the crops (clip, frame, box; RGB by cv2.COLOR_YUV2RGB_I420, which src/core/metrics/removal/color.ts matches
bit for bit), never as pixels.
"""
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

M32 = 0xFFFFFFFF

# (features index, cin, cout, max-pool before, tap after) — torchvision vgg16 cfg "D"; lpips slices [0:4] [4:9]
# [9:16] [16:23] [23:30].
VGG16 = [
    (0, 3, 64, False, False), (2, 64, 64, False, True),
    (5, 64, 128, True, False), (7, 128, 128, False, True),
    (10, 128, 256, True, False), (12, 256, 256, False, False), (14, 256, 256, False, True),
    (17, 256, 512, True, False), (19, 512, 512, False, False), (21, 512, 512, False, True),
    (24, 512, 512, True, False), (26, 512, 512, False, False), (28, 512, 512, False, True),
]
CHANNELS = [64, 128, 256, 512, 512]
SHIFT = [-0.030, -0.088, -0.188]
SCALE = [0.458, 0.448, 0.450]
EPS = 1e-10


def tensor_specs():
    specs = []
    for idx, cin, cout, _, _ in VGG16:
        specs.append((f"features.{idx}.weight", (cout, cin, 3, 3)))
        specs.append((f"features.{idx}.bias", (cout,)))
    for k, c in enumerate(CHANNELS):
        specs.append((f"lin{k}.model.1.weight", (1, c, 1, 1)))
    return specs


def _mix(a):
    """mulberry32's output mixer on uint64 arrays holding 32-bit states; returns floats in [0, 1)."""
    t = a.copy()
    t = ((t ^ (t >> np.uint64(15))) * (t | np.uint64(1))) & np.uint64(M32)
    t = t ^ ((t + (((t ^ (t >> np.uint64(7))) * (t | np.uint64(61))) & np.uint64(M32))) & np.uint64(M32))
    t = (t ^ (t >> np.uint64(14))) & np.uint64(M32)
    return t.astype(np.float64) / 4294967296.0


def mulberry32_stream(seed, n, start=0):
    """Values start..start+n-1 of mulberry32(seed): the state after k calls is seed + k·0x6d2b79f5 mod 2^32."""
    k = np.arange(start + 1, start + n + 1, dtype=np.uint64)
    a = (np.uint64(seed & M32) + k * np.uint64(0x6D2B79F5)) & np.uint64(M32)
    return _mix(a)


def synthetic_weights(seed):
    specs = tensor_specs()
    master = mulberry32_stream(seed, len(specs))
    out = {}
    for i, (name, shape) in enumerate(specs):
        sub = int(math.floor(master[i] * 4294967296.0))
        n = int(np.prod(shape))
        r = mulberry32_stream(sub, n)
        if name.startswith("lin"):
            v = r
        elif name.endswith(".bias"):
            v = 0.1 * r - 0.05
        else:
            a = math.sqrt(6 / (shape[1] * 9))
            v = a * (2 * r - 1)
        out[name] = v.astype(np.float32).reshape(shape)
    return out


def _features(weights, x):
    taps = []
    for idx, _, _, pool, tap in VGG16:
        if pool:
            x = F.max_pool2d(x, kernel_size=2, stride=2)
        w = torch.from_numpy(weights[f"features.{idx}.weight"].astype(np.float64))
        b = torch.from_numpy(weights[f"features.{idx}.bias"].astype(np.float64))
        x = F.relu(F.conv2d(x, w, b, padding=1))
        if tap:
            taps.append(x)
    return taps


def _prepare(img):
    img = np.asarray(img)
    if img.dtype != np.uint8 or img.ndim != 3 or img.shape[2] != 3:
        raise ValueError("expected an H x W x 3 uint8 RGB image")
    x = torch.from_numpy(img.astype(np.float64)).permute(2, 0, 1).unsqueeze(0)
    x = x / 127.5 - 1.0
    shift = torch.tensor(SHIFT, dtype=torch.float64).view(1, 3, 1, 1)
    scale = torch.tensor(SCALE, dtype=torch.float64).view(1, 3, 1, 1)
    return (x - shift) / scale


def lpips_layers(weights, a, b):
    with torch.no_grad():
        fa = _features(weights, _prepare(a))
        fb = _features(weights, _prepare(b))
        out = []
        for k in range(5):
            na = fa[k] / (torch.sqrt(torch.sum(fa[k] ** 2, dim=1, keepdim=True)) + EPS)
            nb = fb[k] / (torch.sqrt(torch.sum(fb[k] ** 2, dim=1, keepdim=True)) + EPS)
            head = torch.from_numpy(weights[f"lin{k}.model.1.weight"].astype(np.float64))
            d = F.conv2d((na - nb) ** 2, head)
            out.append(float(d.mean(dim=(2, 3)).item()))
        return out


def lpips_distance(weights, a, b):
    return float(sum(lpips_layers(weights, a, b)))


# ---------------------------------------------------------------------------------------------------------------
# Fixture

CLIPS = "../shared/reference/clips"


def read_y4m(path):
    data = open(path, "rb").read()
    nl = data.index(b"\n")
    header = data[:nl].decode().split(" ")
    w = int(next(t[1:] for t in header if t.startswith("W")))
    h = int(next(t[1:] for t in header if t.startswith("H")))
    size = w * h * 3 // 2
    frames = []
    p = nl + 1
    while p < len(data):
        q = data.index(b"\n", p)
        frames.append(np.frombuffer(data[q + 1:q + 1 + size], dtype=np.uint8))
        p = q + 1 + size
    return w, h, frames


def frame_rgb(clip, frame):
    import cv2
    w, h, frames = read_y4m(os.path.join(CLIPS, clip))
    return cv2.cvtColor(frames[frame].reshape(h * 3 // 2, w), cv2.COLOR_YUV2RGB_I420)


CASES = [
    # (clip a, clip b, frame, x, y, width, height)
    ("tiny_vtest_320x240__ref.y4m", "tiny_vtest_320x240__x264_crf38.y4m", 0, 100, 60, 16, 16),
    ("tiny_vtest_320x240__ref.y4m", "tiny_vtest_320x240__down2_up_bicubic.y4m", 2, 37, 81, 47, 33),
    ("tiny_vtest_320x240__ref.y4m", "tiny_vtest_320x240__x264_crf38.y4m", 4, 128, 96, 64, 64),
    ("tiny_vtest_320x240__ref.y4m", "tiny_vtest_320x240__down2_up_bicubic.y4m", 1, 40, 150, 208, 24),
    ("tiny_vtest_320x240__x264_crf38.y4m", "tiny_vtest_320x240__down2_up_bicubic.y4m", 3, 0, 0, 24, 20),
    ("tiny_vtest_320x240__ref.y4m", "tiny_vtest_320x240__ref.y4m", 1, 200, 180, 31, 17),
]
SEED = 20261205


def main():
    import cv2
    here = os.path.dirname(os.path.abspath(__file__))
    os.chdir(os.path.join(here, "..", ".."))
    torch.set_num_threads(1)
    weights = synthetic_weights(SEED)
    cases = []
    for ca, cb, frame, x, y, w, h in CASES:
        a = np.ascontiguousarray(frame_rgb(ca, frame)[y:y + h, x:x + w])
        b = np.ascontiguousarray(frame_rgb(cb, frame)[y:y + h, x:x + w])
        layers = lpips_layers(weights, a, b)
        cases.append({"a": ca, "b": cb, "frame": frame, "box": [x, y, w, h], "distance": sum(layers), "layers": layers})
        print(f"{ca} vs {cb} frame {frame} {w}x{h}: {sum(layers):.9f}", file=sys.stderr)
    # A few synthetic values so the TypeScript generator is checked element by element.
    probe = {name: [float(v[0].flat[0]), float(v.flat[-1]), float(np.float64(v).sum())] for name, v in weights.items()
             if name in ("features.0.weight", "features.0.bias", "features.28.weight", "lin4.model.1.weight")}
    out = {
        "about": "LPIPS-VGG (lpips 0.1.4 v0.1 steps) on synthetic weights, float64 PyTorch; scripts/removal/lpips_torch.py",
        "torch": torch.__version__,
        "opencv": cv2.__version__,
        "numpy": np.__version__,
        "seed": SEED,
        "rgb": "cv2.cvtColor(frame, COLOR_YUV2RGB_I420), crop rows y..y+h-1, columns x..x+w-1",
        "weightProbe": probe,
        "cases": cases,
    }
    path = os.path.join("src", "core", "lpips", "fixtures", "lpips-cases.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
