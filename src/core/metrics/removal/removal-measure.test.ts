/**
 * measureRemovalRegion (measure.ts) end to end on the nine synthetic cases of fixtures/removal-cases.json (numbers
 * from Debian's OpenCV 4.6.0 / numpy 1.24.2 via scripts/removal/make-fixtures.py): candidate PSNR, floor PSNR,
 * outside change, gate and PSNR-zero verdicts identical; and every bad input named by file role and problem.
 */
import { describe, expect, it } from 'vitest';
import { RemovalInputError, maskFromGray, measureRemovalRegion, type RemovalFrames } from './measure.ts';
import type { CandidateKind } from './synthetic-cases.ts';
import { outsideGate } from '../../rules/vidaio/v3-removal.ts';
import { removalFixture, synthetic, type SyntheticCases } from '../../../../test-support/removal-cases.ts';

const { source: s } = synthetic;

interface Fixture extends SyntheticCases {
  cases: {
    name: string;
    masks: string;
    candidate: CandidateKind;
    region: { psnrDb: number; ssim: number; maskedPixels: number };
    outside: { max: number };
    psnrBelowFloorMargin: boolean;
  }[];
  floors: Record<string, { floorPsnrDb: number; median: { psnrDb: number }; unchanged: { psnrDb: number } }>;
}
const fixture = removalFixture<Fixture>('removal-cases.json');

function item(maskSet: string, kind: CandidateKind): RemovalFrames {
  return { width: s.width, height: s.height, reference: synthetic.reference, ...synthetic.item(maskSet, kind) };
}

describe('measureRemovalRegion vs the OpenCV 4.6.0 reference (PSNR ≤ 1e-3 dB, seen exact; identical verdicts)', () => {
  for (const c of fixture.cases) {
    it(c.name, () => {
      const m = measureRemovalRegion(item(c.masks, c.candidate));
      const f = fixture.floors[c.masks]!;
      expect(m.frames).toBe(s.frames);
      expect(Math.abs(m.metrics.psnrDb - c.region.psnrDb)).toBeLessThanOrEqual(1e-3);
      expect(m.metrics.maskedPixels).toBe(c.region.maskedPixels);
      expect(Math.abs(m.floor.psnrDb - f.floorPsnrDb)).toBeLessThanOrEqual(1e-3);
      expect(Math.abs(m.medianFill.psnrDb - f.median.psnrDb)).toBeLessThanOrEqual(1e-3);
      expect(Math.abs(m.unchanged.psnrDb - f.unchanged.psnrDb)).toBeLessThanOrEqual(1e-3);
      expect(m.outsideChange).toBe(c.outside.max);
      expect(m.outsideGate.passed).toBe(outsideGate(c.outside.max).passed);
      expect(m.psnrBelowFloorMargin).toBe(c.psnrBelowFloorMargin);
      expect(m.partial).toBe(true);
      expect(m.missing).toEqual(['lpips_vgg', 'warp_error']);
    });
  }
});

describe('measureRemovalRegion: bad input gets one message naming the file and the problem', () => {
  const good = () => item('moving', 'good');
  const fails = (x: RemovalFrames, re: RegExp) => {
    let err: unknown;
    try {
      measureRemovalRegion(x);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RemovalInputError);
    expect((err as Error).message).toMatch(re);
  };
  it('mask stream missing', () => fails({ ...good(), masks: [] }, /^mask: no frames in common/));
  it('mask of another size', () =>
    fails(
      { ...good(), masks: good().masks.map((m) => m.subarray(0, m.length - s.width)) },
      /^mask: frame 0 has 15200 pixels, the reference has 160x96 = 15360/,
    ));
  it('mask empty on every frame', () =>
    fails({ ...good(), masks: good().masks.map((m) => new Uint8Array(m.length)) }, /^mask: the mask is empty on every frame/));
  it('candidate of another size', () => {
    const g = good();
    fails(
      { ...g, candidate: g.candidate.map((f) => ({ ...f, y: f.y.subarray(1) })) },
      /^candidate: frame 0 has planes of 15359\/3840\/3840 bytes, expected 15360/,
    );
  });
  it('candidate with no frames', () => fails({ ...good(), candidate: [] }, /^candidate: has no frames/));
  it('candidate shorter than every masked frame', () => {
    const g = item('jumping', 'good');
    const masks = g.masks.map((m, i) => (i < 2 ? new Uint8Array(m.length) : m));
    fails({ ...g, masks, candidate: g.candidate.slice(0, 2) }, /^candidate: is shorter \(2 frames\) than every masked frame/);
  });
  it('odd geometry', () => fails({ ...good(), width: 161 }, /^reference: geometry 161x96 is not a positive even size/));
  it('a shorter candidate is scored on the common frames, as upstream (n = min of all)', () => {
    const g = good();
    expect(measureRemovalRegion({ ...g, candidate: g.candidate.slice(0, 5) }).frames).toBe(5);
  });
  it('maskFromGray thresholds at > 127', () => {
    expect([...maskFromGray(Uint8Array.from([0, 127, 128, 255]))]).toEqual([0, 0, 1, 1]);
  });
});
