/**
 * PIE-APP under both library conventions against an independent PyTorch forward pass
 * (scripts/fixtures/pieapp-conventions.py, Debian python3-torch, committed as scripts/fixtures/pieapp-conventions.json):
 * pyiqa 0.1.14.1 (the network sees BGR) and piq 0.8.0 (RGB), on 91×91 crops of natural frames from
 * ../shared/reference/clips (two patches), with the synthetic weights of `syntheticPieappWeights(7)` (ref_score_subtract
 * set to weight 100, bias 1 on both sides so patch scores have the size of real PieAPP values; see the script).
 * The reference is PyTorch's forward pass in float64; the float32 pass the libraries run is in the fixture too.
 * Tolerance: 1e-5 relative on the PieAPP value and on each patch weight; 3e-5 relative on each patch score, a sum of
 * 512 terms of mixed sign over features the twin keeps in float32 as the libraries do (PyTorch's own float32 pass is
 * up to 1.6e-5 from its float64 value on these pairs, the twin's value at most 5e-6). The conventions come from the
 * rule packs (`pieapp.networkChannelOrder`), so the test also pins which pack uses which.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pieappCpu, toNetworkImage, type ChannelOrder } from './patches.ts';
import { syntheticPieappWeights, type PieappWeights } from './weights.ts';
import { getPack } from '../rules/index.ts';

interface Side {
  value: number;
  patchScores: number[];
  patchWeights: number[];
}
interface Fixture {
  generator: string;
  seed: number;
  override: Record<string, number>;
  weightProbes: Record<string, number[]>;
  pairs: ({
    reference: string;
    distorted: string;
    frame: number;
    crop: [number, number, number, number];
    refRgb24Base64: string;
    distRgb24Base64: string;
  } & Record<'pyiqa-0.1.14.1' | 'piq-0.8.0', Side>)[];
}

const fixture = JSON.parse(readFileSync(new URL('../../../scripts/fixtures/pieapp-conventions.json', import.meta.url), 'utf8')) as Fixture;
const REL = 1e-5;
const REL_PATCH_SCORE = 3e-5;
const close = (actual: number, expected: number, rel = REL) => Math.abs(actual - expected) <= rel * Math.abs(expected);

let weights: PieappWeights | undefined;
/** syntheticPieappWeights(seed) with ref_score_subtract set as the fixture says (weight 100, bias 1; see the script). */
function getWeights(): PieappWeights {
  if (weights) return weights;
  weights = syntheticPieappWeights(fixture.seed);
  for (const [name, v] of Object.entries(fixture.override)) weights.get(name)!.data[0] = v;
  return weights;
}

function image(b64: string, w: number, h: number) {
  const data = new Uint8Array(Buffer.from(b64, 'base64'));
  expect(data.length).toBe(w * h * 3);
  return { width: w, height: h, channels: 3 as const, data };
}

describe(`PIE-APP conventions vs PyTorch float64 (${fixture.generator.split(';')[1]?.split(',')[0]?.trim()}), value 1e-5 relative`, () => {
  it('the rule packs carry the convention: pyiqa/BGR for vidaio-subnet, piq/RGB for validator-vidaio', () => {
    expect(getPack('vidaio-subnet@fea3779')!.pieapp).toMatchObject({ id: 'pyiqa-0.1.14.1', networkChannelOrder: 'bgr' });
    for (const id of ['validator-vidaio@b71f22d', 'validator-vidaio@f396e47', 'validator-vidaio@688b671', 'validator-vidaio@e76b503'])
      expect(getPack(id)!.pieapp, id).toMatchObject({ id: 'piq-0.8.0', networkChannelOrder: 'rgb' });
  });

  it('both sides hold the same synthetic weights (probe values)', () => {
    const w = getWeights();
    for (const [name, probes] of Object.entries(fixture.weightProbes)) {
      const data = w.get(name)!.data;
      const idx = [...new Set([0, Math.min(1, data.length - 1), data.length - 1])].sort((a, b) => a - b);
      expect(
        idx.map((i) => data[i]),
        name,
      ).toEqual(probes);
    }
  });

  for (const pair of fixture.pairs) {
    it(`${pair.reference} vs ${pair.distorted}, frame ${pair.frame}: pyiqa and piq values, patch scores and weights`, () => {
      const [, , w, h] = pair.crop;
      const ref8 = image(pair.refRgb24Base64, w, h);
      const dist8 = image(pair.distRgb24Base64, w, h);
      const results: Record<string, number> = {};
      for (const [conv, order] of [
        ['pyiqa-0.1.14.1', 'bgr'],
        ['piq-0.8.0', 'rgb'],
      ] as [keyof Fixture['pairs'][number] & string, ChannelOrder][]) {
        const want = pair[conv as 'piq-0.8.0'];
        const got = pieappCpu(getWeights(), toNetworkImage(ref8, order), toNetworkImage(dist8, order));
        expect(got.score.length).toBe(want.patchScores.length);
        got.score.forEach((s, i) =>
          expect(close(s, want.patchScores[i]!, REL_PATCH_SCORE), `${conv} patch ${i} score ${s} vs ${want.patchScores[i]}`).toBe(true),
        );
        got.weight.forEach((x, i) => expect(close(x, want.patchWeights[i]!), `${conv} patch ${i} weight ${x} vs ${want.patchWeights[i]}`).toBe(true));
        expect(close(got.value, want.value), `${conv} value ${got.value} vs ${want.value}`).toBe(true);
        results[conv] = got.value;
      }
      // Colour frames: the two conventions give different values for the same pair and weights.
      expect(results['pyiqa-0.1.14.1']).not.toBe(results['piq-0.8.0']);
    }, 240_000);
  }
});
