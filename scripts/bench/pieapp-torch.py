#!/usr/bin/env python3
"""PieAPP forward pass in PyTorch on the CPU, the independent peer of the benchmark's PIE-APP rows
(scripts/bench/pieapp.ts). The network is written here from ../shared/reference/metrics.md section 5.1 (eleven
3x3 convolutions with padding 1 and ReLU, 2x2 max-pools after conv2/4/6/8/10, multi-scale features x3, x5, x7,
x9, x11 flattened C,H,W; score head on F(ref) - F(dist); weight head on x11(ref) - x11(dist)); it shares no code
with the TypeScript graph builder. Weights: a PieAPP state dict (.pth) read with torch.load. Patches: raw
little-endian float32 files of [N, 3, 64, 64] (BGR 0..255, the network's input space), the same patches the
ORT rows score.

  pieapp-torch.py --pth W.pth --ref REF.f32 --dist DIST.f32 --count N [--batch B] [--threads T]

Prints one JSON line: torch version, threads, patch pairs, seconds (forward passes only, after one warm-up
batch), pairs per second, and the per-patch scores and weights (for the benchmark's agreement check).
"""
import argparse
import json
import time

import numpy as np
import torch
import torch.nn.functional as F

CONVS = [('conv1', False, False), ('conv2', True, False), ('conv3', False, True), ('conv4', True, False),
         ('conv5', False, True), ('conv6', True, False), ('conv7', False, True), ('conv8', True, False),
         ('conv9', False, True), ('conv10', True, False), ('conv11', False, True)]  # (name, pool after, tap)


def features(sd, x):
    taps = []
    for name, pool, tap in CONVS:
        x = F.relu(F.conv2d(x, sd[name + '.weight'], sd[name + '.bias'], padding=1))
        if pool:
            x = F.max_pool2d(x, 2)
        if tap:
            taps.append(torch.flatten(x, 1))
    return torch.cat(taps, 1), taps[-1]


def pieapp(sd, ref, dist):
    fr, x11r = features(sd, ref)
    fd, x11d = features(sd, dist)
    h = F.relu(F.linear(fr - fd, sd['fc1_score.weight'], sd['fc1_score.bias']))
    s = F.linear(h, sd['fc2_score.weight'], sd['fc2_score.bias'])
    score = sd['ref_score_subtract.weight'].reshape(()) * (0.01 * s[:, 0]) + sd['ref_score_subtract.bias'].reshape(())
    g = F.relu(F.linear(x11r - x11d, sd['fc1_weight.weight'], sd['fc1_weight.bias']))
    weight = F.linear(g, sd['fc2_weight.weight'], sd['fc2_weight.bias'])[:, 0] + 1e-6
    return score, weight


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--pth', required=True)
    ap.add_argument('--ref', required=True)
    ap.add_argument('--dist', required=True)
    ap.add_argument('--count', type=int, required=True)
    ap.add_argument('--batch', type=int, default=26)
    ap.add_argument('--threads', type=int, default=0)
    a = ap.parse_args()
    if a.threads > 0:
        torch.set_num_threads(a.threads)
    sd = torch.load(a.pth, map_location='cpu', weights_only=True)
    sd = {k[len('module.'):] if k.startswith('module.') else k: v.float() for k, v in sd.items()}
    n = a.count
    ref = torch.from_numpy(np.fromfile(a.ref, dtype='<f4', count=n * 3 * 64 * 64).reshape(n, 3, 64, 64).copy())
    dist = torch.from_numpy(np.fromfile(a.dist, dtype='<f4', count=n * 3 * 64 * 64).reshape(n, 3, 64, 64).copy())
    scores, weights = [], []
    with torch.inference_mode():
        pieapp(sd, ref[:1], dist[:1])  # warm-up (allocator, kernels)
        t0 = time.perf_counter()
        for i in range(0, n, a.batch):
            s, w = pieapp(sd, ref[i:i + a.batch], dist[i:i + a.batch])
            scores += s.tolist()
            weights += w.tolist()
        seconds = time.perf_counter() - t0
    print(json.dumps({'torch': torch.__version__, 'threads': torch.get_num_threads(), 'pairs': n, 'seconds': seconds,
                      'pairsPerSecond': n / seconds, 'score': scores, 'weight': weights}))


if __name__ == '__main__':
    main()
