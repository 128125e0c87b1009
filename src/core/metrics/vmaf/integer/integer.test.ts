/**
 * Integer (fixed-point) VMAF features vs libvmaf v3.0.0-124 (pinned, commit 332dde62) on the raw
 * tiny_vtest_320x240 y4m vectors (5 frames × 3 pairs): every per-frame integer feature must match the
 * 6-decimal reference (|Δ| ≤ 1e-6) and vmaf / vmaf_neg / vmaf_4k computed from them must match to ≤ 1e-4.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { predictVmaf, type VmafFeatures } from '../index.ts';
import { parseY4m } from '../test-y4m.ts';
import { IntegerVmafExtractor } from './index.ts';
import { mulShiftFloor, U64Acc } from './int64.ts';
import { sharedReferenceUrl } from '../../../../../test-support/index.ts';
import { INTEGER_FEATURES, INTEGER_MODELS, extractFrames, loadVmafModels, readReferenceJson } from '../../../../../test-support/vmaf.ts';

const REF = sharedReferenceUrl('');
const readY4m = (name: string) => parseY4m(new Uint8Array(readFileSync(new URL(`clips/${name}.y4m`, REF))));

const FEATS: [keyof VmafFeatures, string][] = [...INTEGER_FEATURES, ['motion', 'integer_motion']];
const models = loadVmafModels(INTEGER_MODELS);

describe('integer VMAF features vs libvmaf pinned on tiny_vtest_320x240 (features ≤ 1e-6, vmaf/neg/4k ≤ 1e-4)', () => {
  const ref = readY4m('tiny_vtest_320x240__ref');
  for (const dist of ['x264_crf38', 'down2_up_bicubic', 'ref']) {
    it(dist, () => {
      const pf = readReferenceJson(`scores/tiny_vtest_320x240__${dist}.json`).libvmaf_pinned.per_frame;
      const dis = readY4m(`tiny_vtest_320x240__${dist}`);
      const feats = extractFrames(new IntegerVmafExtractor(ref.width, ref.height, { neg: true }), ref.frames, dis.frames);
      expect(feats.length).toBe(5);
      for (const [k, rk] of FEATS) {
        feats.forEach((f, i) => expect(Math.abs((f[k] as number) - pf[rk][i]), `${k}[${i}]`).toBeLessThanOrEqual(1e-6));
      }
      for (const { key, model } of models) {
        feats.forEach((f, i) => expect(Math.abs(predictVmaf(model, f) - pf[key][i]), `${key}[${i}]`).toBeLessThanOrEqual(1e-4));
      }
    });
  }

  it('rejects frames of 32 px or less (libvmaf integer ADM minimum)', () => {
    expect(() => new IntegerVmafExtractor(32, 64)).toThrow();
  });
});

describe('int64 helpers', () => {
  it('mulShiftFloor equals BigInt floor((a·b + add) >> s) beyond 2^53', () => {
    const cases: [number, number, number, number][] = [
      [2147483647, 4294967295, 2147483648, 32],
      [-2147483648, 286331153, -2147483648, 32],
      [1234567891, 1234567891, 268435456, 29],
      [-987654321, 143165577, 134217728, 28],
      [5, 7, 0, 16],
    ];
    for (const [a, b, add, s] of cases) {
      const want = Number((BigInt(a) * BigInt(b) + BigInt(add)) >> BigInt(s));
      expect(mulShiftFloor(a, b, add, s)).toBe(want);
    }
  });

  it('U64Acc spills to BigInt exactly and rounds once to float32', () => {
    const acc = new U64Acc();
    acc.addProductShift(2 ** 31 - 1, 2 ** 31 - 1, 8, 4); // > 2^53
    acc.add(2 ** 52 - 1);
    const want = (((2n ** 31n - 1n) * (2n ** 31n - 1n) + 8n) >> 4n) + 2n ** 52n - 1n;
    expect(acc.b + BigInt(acc.n)).toBe(want);
    expect(acc.toDouble()).toBe(Number(want));
    expect(acc.toFloat32()).toBe(Math.fround(Number(want)));
  });
});
