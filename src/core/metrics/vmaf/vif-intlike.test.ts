/**
 * The integer-rounding VIF twin (vif-intlike.ts) against libvmaf's integer VIF features (`integer_vif_scale0..3`
 * and `_egl_1`, libvmaf v3.0.0 pinned) on every frame of the three tiny_vtest_320x240 pairs, and the VMAF models
 * that libvmaf evaluates on integer features when its VIF is combined with the float ADM/motion of the CPU
 * `VmafExtractor` (what the WebGPU engine computes with `integerRounding`).
 * Tolerances: features ≤ 2e-5 absolute (measured ≤ 5.6e-6); vmaf, vmaf_neg, vmaf_4k ≤ 0.05 per frame.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseY4m } from './test-y4m.ts';
import { IntlikeVifComputer } from './vif-intlike.ts';
import { VmafExtractor, predictVmaf, type VmafFeatures } from './index.ts';
import { sharedReferenceUrl } from '../../../../test-support/index.ts';
import { INTEGER_MODELS, loadVmafModels } from '../../../../test-support/vmaf.ts';

const REF = sharedReferenceUrl('');
const readJson = (rel: string): any =>
  JSON.parse(
    readFileSync(new URL(rel, REF), 'utf8')
      .replace(/\bNaN\b/g, 'null')
      .replace(/-?Infinity/g, 'null'),
  );
const readClip = (name: string) => parseY4m(new Uint8Array(readFileSync(new URL(`clips/${name}.y4m`, REF))));

const models = loadVmafModels(INTEGER_MODELS);
const refClip = readClip('tiny_vtest_320x240__ref');

describe('integer-rounding VIF twin vs libvmaf integer_vif (tiny_vtest_320x240, all frames)', () => {
  for (const dist of ['x264_crf38', 'down2_up_bicubic', 'ref']) {
    it(`${dist}: integer_vif_scale0..3 and _egl_1 ≤ 2e-5, vmaf/vmaf_neg/vmaf_4k ≤ 0.05`, () => {
      const disClip = readClip(`tiny_vtest_320x240__${dist}`);
      const lib = readJson(`scores/tiny_vtest_320x240__${dist}.json`).libvmaf_pinned.per_frame as Record<string, number[]>;
      const { width, height } = refClip;
      const vif = new IntlikeVifComputer(width, height);
      const floatEx = new VmafExtractor(width, height, { neg: true });
      const feats: VmafFeatures[] = [];
      const worst: Record<string, number> = {};
      const note = (name: string, d: number) => (worst[name] = Math.max(worst[name] ?? 0, d));
      const vifFrames: { v: number[]; e: number[] }[] = [];
      const n = Math.min(refClip.frames.length, disClip.frames.length);
      for (let i = 0; i < n; i++) {
        const ry = refClip.frames[i]!.y;
        const dy = disClip.frames[i]!.y;
        const s = vif.compute(ry, dy);
        const v = [0, 1, 2, 3].map((k) => s.num[k]! / s.den[k]!);
        const e = [0, 1, 2, 3].map((k) => s.numEgl[k]! / s.den[k]!);
        vifFrames.push({ v, e });
        for (let k = 0; k < 4; k++) {
          const dv = Math.abs(v[k]! - lib[`integer_vif_scale${k}`]![i]!);
          const de = Math.abs(e[k]! - lib[`integer_vif_scale${k}_egl_1`]![i]!);
          note(`integer_vif_scale${k}`, dv);
          note(`integer_vif_scale${k}_egl_1`, de);
          expect(dv, `frame ${i} integer_vif_scale${k}`).toBeLessThanOrEqual(2e-5);
          expect(de, `frame ${i} integer_vif_scale${k}_egl_1`).toBeLessThanOrEqual(2e-5);
        }
        feats.push(...floatEx.push(ry, dy));
      }
      feats.push(...floatEx.flush());
      expect(feats.length).toBe(n);
      for (let i = 0; i < n; i++) {
        const { v, e } = vifFrames[i]!;
        const f: VmafFeatures = {
          ...feats[i]!,
          vif_scale0: v[0]!,
          vif_scale1: v[1]!,
          vif_scale2: v[2]!,
          vif_scale3: v[3]!,
          vif_scale0_egl_1: e[0]!,
          vif_scale1_egl_1: e[1]!,
          vif_scale2_egl_1: e[2]!,
          vif_scale3_egl_1: e[3]!,
        };
        for (const { key, model } of models) {
          const d = Math.abs(predictVmaf(model, f) - lib[key]![i]!);
          note(key, d);
          expect(d, `frame ${i} ${key}`).toBeLessThanOrEqual(0.05);
        }
      }
      // not vacuous: the distorted clips are far from their reference
      if (dist !== 'ref') expect(vifFrames[0]!.v[0]!).toBeLessThan(0.9);
      console.log(
        `${dist}: max |Δ| ${Object.entries(worst)
          .map(([k, d]) => `${k} ${d.toExponential(2)}`)
          .join(', ')}`,
      );
    });
  }
});
