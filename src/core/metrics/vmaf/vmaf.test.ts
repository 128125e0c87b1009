/**
 * Unit tests of the CPU VMAF engine on the raw tiny_vtest_320x240 y4m vectors (5 frames each) against
 * libvmaf v3.0.0-124 (pinned) scores in ../shared/reference/scores, plus model parsing/prediction checks.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VmafExtractor, parseVmafModel, predictVmaf, type VmafFeatures } from './index.ts';
import { parseY4m } from './test-y4m.ts';
import { sharedReferenceUrl } from '../../../../test-support/index.ts';
import { ALL_MODELS, extractFrames, loadVmafModels, readReferenceJson } from '../../../../test-support/vmaf.ts';

const REF = sharedReferenceUrl('');
const readY4m = (name: string) => parseY4m(new Uint8Array(readFileSync(new URL(`clips/${name}.y4m`, REF))));

const models = Object.fromEntries(loadVmafModels(ALL_MODELS).map(({ key, model }) => [key, model]));

function extract(dist: string, neg: boolean): VmafFeatures[] {
  const ref = readY4m('tiny_vtest_320x240__ref');
  const dis = readY4m(`tiny_vtest_320x240__${dist}`);
  return extractFrames(new VmafExtractor(ref.width, ref.height, { neg }), ref.frames, dis.frames);
}

const FEATS = ['vif_scale0', 'vif_scale1', 'vif_scale2', 'vif_scale3', 'adm2', 'motion2', 'motion'] as const;

describe('tiny_vtest_320x240 vs libvmaf pinned', () => {
  for (const dist of ['x264_crf38', 'down2_up_bicubic', 'ref']) {
    const pf = readReferenceJson(`scores/tiny_vtest_320x240__${dist}.json`).libvmaf_pinned.per_frame;
    const feats = extract(dist, true);

    it(`${dist}: float features per frame within 1e-3 (vif_scale0..3, adm2, motion2, motion)`, () => {
      expect(feats.length).toBe(5);
      for (const k of FEATS) {
        feats.forEach((f, i) => expect(Math.abs(f[k] - pf[k][i]), `${k}[${i}]`).toBeLessThanOrEqual(1e-3));
      }
    });

    it(`${dist}: vmaf_float within 0.02, vmaf and vmaf_4k within 0.2 per frame, means within 0.1`, () => {
      for (const [key, tol] of [
        ['vmaf_float', 0.02],
        ['vmaf', 0.2],
        ['vmaf_4k', 0.2],
      ] as const) {
        const ours = feats.map((f) => predictVmaf(models[key]!, f));
        ours.forEach((v, i) => expect(Math.abs(v - pf[key][i]), `${key}[${i}]`).toBeLessThanOrEqual(tol));
        const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
        expect(Math.abs(mean(ours) - mean(pf[key]))).toBeLessThanOrEqual(0.1);
      }
    });
  }

  it('identical input: frame 0 has motion2 = 0 and VMAF 97.43, later frames 100 (within 0.02)', () => {
    const feats = extract('ref', false);
    expect(feats[0]!.motion2).toBe(0);
    expect(feats[0]!.vif_scale0_egl_1).toBeUndefined();
    expect(Math.abs(predictVmaf(models.vmaf_float!, feats[0]!) - 97.4275)).toBeLessThanOrEqual(0.02);
    for (const f of feats.slice(1)) expect(Math.abs(predictVmaf(models.vmaf_float!, f) - 100)).toBeLessThanOrEqual(0.02);
  });

  it('neg features are computed in the same pass and equal the default ones when no enhancement occurs', () => {
    const feats = extract('ref', true);
    for (const f of feats) {
      expect(f.vif_scale0_egl_1).toBeCloseTo(f.vif_scale0, 12);
      expect(f.adm2_egl_1).toBeCloseTo(f.adm2, 12);
    }
  });
});

describe('model parsing and prediction', () => {
  it('reads sorted feature names, 211 / 262 support vectors and maps NEG to _egl_1 features', () => {
    expect(models.vmaf!.features).toEqual(['adm2', 'motion2', 'vif_scale0', 'vif_scale1', 'vif_scale2', 'vif_scale3']);
    expect(models.vmaf!.nSv).toBe(211);
    expect(models.vmaf_4k!.nSv).toBe(262);
    expect(models.vmaf_4k!.rho).toBeCloseTo(-2.30449, 6);
    expect(models.vmaf_neg!.features).toEqual(['adm2_egl_1', 'motion2', 'vif_scale0_egl_1', 'vif_scale1_egl_1', 'vif_scale2_egl_1', 'vif_scale3_egl_1']);
  });

  it('reproduces libvmaf from its own 6-decimal integer features within 2e-4 (no score_transform)', () => {
    const pf = readReferenceJson('scores/tiny_vtest_320x240__x264_crf38.json').libvmaf_pinned.per_frame;
    for (let i = 0; i < 5; i++) {
      const f = (suffix: string): VmafFeatures & Record<string, number> => ({
        vif_scale0: pf[`integer_vif_scale0${suffix}`][i],
        vif_scale1: pf[`integer_vif_scale1${suffix}`][i],
        vif_scale2: pf[`integer_vif_scale2${suffix}`][i],
        vif_scale3: pf[`integer_vif_scale3${suffix}`][i],
        adm2: pf[`integer_adm2${suffix}`][i],
        motion2: pf.integer_motion2[i],
        motion: pf.integer_motion[i],
      });
      const neg = f('_egl_1');
      const negFeats: VmafFeatures = {
        ...f(''),
        vif_scale0_egl_1: neg.vif_scale0,
        vif_scale1_egl_1: neg.vif_scale1,
        vif_scale2_egl_1: neg.vif_scale2,
        vif_scale3_egl_1: neg.vif_scale3,
        adm2_egl_1: neg.adm2,
      };
      expect(Math.abs(predictVmaf(models.vmaf!, f('')) - pf.vmaf[i])).toBeLessThanOrEqual(2e-4);
      expect(Math.abs(predictVmaf(models.vmaf_4k!, f('')) - pf.vmaf_4k[i])).toBeLessThanOrEqual(2e-4);
      expect(Math.abs(predictVmaf(models.vmaf_neg!, negFeats) - pf.vmaf_neg[i])).toBeLessThanOrEqual(2e-4);
    }
  });

  it('NEG prediction without _egl_1 features throws; bad JSON throws', () => {
    const f: VmafFeatures = { vif_scale0: 1, vif_scale1: 1, vif_scale2: 1, vif_scale3: 1, adm2: 1, motion2: 0, motion: 0 };
    expect(() => predictVmaf(models.vmaf_neg!, f)).toThrow(/egl_1/);
    expect(() => parseVmafModel('vmaf_v0.6.1', { model_dict: {} })).toThrow();
    expect(predictVmaf(models.vmaf!, f)).toBeLessThanOrEqual(100);
  });

  it('shipped public/models copies equal the reference model JSONs', () => {
    for (const [id] of ALL_MODELS) {
      const shipped = readFileSync(new URL(`../../../../public/models/${id}.json`, import.meta.url), 'utf8');
      expect(shipped).toBe(readFileSync(new URL(`vmaf/${id}.json`, REF), 'utf8'));
    }
  });
});

describe('VmafExtractor streaming rules', () => {
  const ref = readY4m('tiny_vtest_320x240__ref');
  const dis = readY4m('tiny_vtest_320x240__x264_crf38');

  it('single frame: motion2 = motion = 0; flush resets so a second run repeats the first exactly', () => {
    const ex = new VmafExtractor(ref.width, ref.height);
    expect(ex.push(ref.frames[2]!.y, dis.frames[2]!.y)).toEqual([]);
    const [one] = ex.flush();
    expect(one!.motion2).toBe(0);
    expect(one!.motion).toBe(0);
    expect(ex.flush()).toEqual([]);
    const run = () => {
      const out: VmafFeatures[] = [];
      for (let i = 0; i < 3; i++) out.push(...ex.push(ref.frames[i]!.y, dis.frames[i]!.y));
      return [...out, ...ex.flush()];
    };
    const a = run();
    const b = run();
    expect(b).toEqual(a);
    expect(a[0]!.motion2).toBe(0);
    expect(a[1]!.motion2).toBe(Math.min(a[1]!.motion, a[2]!.motion));
    expect(a[2]!.motion2).toBe(a[2]!.motion);
  });

  it('rejects frames below the 16x16 VIF minimum and short planes', () => {
    expect(() => new VmafExtractor(15, 240)).toThrow();
    const ex = new VmafExtractor(320, 240);
    expect(() => ex.push(new Uint8Array(10), new Uint8Array(320 * 240))).toThrow();
  });
});
