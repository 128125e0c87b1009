/**
 * The removal-track colour conversion and region metrics (color.ts, region.ts) against Debian's OpenCV 4.6.0 and
 * numpy 1.24.2 (scripts/removal/make-fixtures.py → fixtures/removal-cases.json): the I420→RGB and RGB→gray
 * conversions on every input triple (SHA-256 of cv2's output), and on nine synthetic removal cases cut from
 * ../shared/reference/clips/tiny_vtest_320x240__ref.y4m the padded boxes, per-frame float32 squared error, masked
 * PSNR, SSIM, the outside-mask change and the outside gate's verdict.
 */
import { describe, expect, it } from 'vitest';
import { i420ToRgb, rgbToGray } from './color.ts';
import { OutsideChangeAccumulator, RegionAccumulator, maskBox, REGION_PAD } from './region.ts';
import type { CandidateKind } from './synthetic-cases.ts';
import { outsideGate } from '../../rules/vidaio/v3-removal.ts';
import { removalFixture, sha256 as sha, synthetic, type SyntheticCases } from '../../../../test-support/removal-cases.ts';

const { reference: ref, rgb: toRgb, source: s } = synthetic;

interface FrameRef {
  box: [number, number, number, number];
  squaredError: number;
  elements: number;
  ssim: number;
}
interface CaseRef {
  name: string;
  masks: string;
  candidate: CandidateKind;
  maskDigest: string;
  candidateDigest: string;
  region: { psnrDb: number; ssim: number; maskedPixels: number; frames: (FrameRef | null)[] };
  outside: { max: number; frames: (number | null)[] };
}
interface Fixture extends SyntheticCases {
  versions: Record<string, string>;
  colour: { i420ToRgbAllTriples: string; rgbToGrayAllTriples: string };
  cases: CaseRef[];
}

const fixture = removalFixture<Fixture>('removal-cases.json');

describe('removal colour conversion = OpenCV 4.6.0 on every input triple (bit-exact)', () => {
  it('COLOR_YUV2RGB_I420 over all 2^24 (Y, U, V)', () => {
    // 4096² luma; chroma sample k (2048² of them) carries (U, V) = (k mod 256, (k mod 65536) div 256), and its 2x2
    // luma block the values 4·(k div 65536) + {0, 1, 2, 3} in raster order: every triple appears once.
    const side = 4096,
      cs = 2048;
    const y = new Uint8Array(side * side),
      u = new Uint8Array(cs * cs),
      v = new Uint8Array(cs * cs);
    for (let k = 0; k < cs * cs; k++) {
      u[k] = k & 255;
      v[k] = (k >> 8) & 255;
      const base = 4 * (k >> 16),
        r = (k / cs) | 0,
        c = k % cs;
      y[2 * r * side + 2 * c] = base;
      y[2 * r * side + 2 * c + 1] = base + 1;
      y[(2 * r + 1) * side + 2 * c] = base + 2;
      y[(2 * r + 1) * side + 2 * c + 1] = base + 3;
    }
    expect(sha(i420ToRgb(y, u, v, side, side))).toBe(fixture.colour.i420ToRgbAllTriples);
  });
  it('COLOR_RGB2GRAY over all 2^24 (R, G, B)', () => {
    const rgb = new Uint8Array(3 << 24);
    for (let a = 0; a < 1 << 24; a++) {
      rgb[3 * a] = a & 255;
      rgb[3 * a + 1] = (a >> 8) & 255;
      rgb[3 * a + 2] = a >> 16;
    }
    expect(sha(rgbToGray(rgb, 1 << 24))).toBe(fixture.colour.rgbToGrayAllTriples);
  });
});

describe(`removal region metrics vs OpenCV ${fixture.versions.opencv} / numpy ${fixture.versions.numpy} (PSNR ≤ 1e-3 dB, seen exact; SSIM ≤ 1e-12; outside change exact; identical gate verdicts)`, () => {
  const refRgb = ref.map(toRgb);
  for (const c of fixture.cases) {
    it(c.name, () => {
      const { masks, served, candidate: cand } = synthetic.item(c.masks, c.candidate);
      expect(sha(...masks), 'mask bytes rebuilt like the generator').toBe(c.maskDigest);
      expect(sha(...cand.flatMap((f) => [f.y, f.u, f.v])), 'candidate planes rebuilt like the generator').toBe(c.candidateDigest);
      const region = new RegionAccumulator();
      const outside = new OutsideChangeAccumulator();
      cand.forEach((f, i) => {
        const rgb = toRgb(f);
        const fr = region.add(rgb, refRgb[i]!, masks[i]!, s.width, s.height);
        const want = c.region.frames[i]!;
        if (want === null) expect(fr).toBeNull();
        else {
          expect(fr).not.toBeNull();
          expect([fr!.box.y0, fr!.box.y1, fr!.box.x0, fr!.box.x1]).toEqual(want.box);
          expect(fr!.squaredError).toBe(want.squaredError);
          expect(fr!.elements).toBe(want.elements);
          expect(Math.abs(fr!.ssim - want.ssim)).toBeLessThanOrEqual(1e-12);
        }
        expect(outside.add(rgb, toRgb(served[i]!), masks[i]!, s.width * s.height)).toBe(c.outside.frames[i]);
      });
      const got = region.result();
      expect(Math.abs(got.psnrDb - c.region.psnrDb)).toBeLessThanOrEqual(1e-3);
      expect(got.psnrDb).toBe(c.region.psnrDb);
      expect(Math.abs(got.ssim - c.region.ssim)).toBeLessThanOrEqual(1e-12);
      expect(got.maskedPixels).toBe(c.region.maskedPixels);
      expect(outside.worst).toBe(c.outside.max);
      expect(outsideGate(outside.worst).passed).toBe(outsideGate(c.outside.max).passed);
    });
  }
  it('the cases cover both outside-gate verdicts and masks clipped by the frame edge', () => {
    expect(fixture.cases.filter((c) => !outsideGate(c.outside.max).passed).map((c) => c.name)).toEqual(['outside_edit_frame3']);
    const corner = synthetic.masks('corner')[0]!;
    const b = maskBox(corner, s.width, s.height, REGION_PAD)!;
    expect(b.x0 === 0 && b.y1 === s.height).toBe(true);
  });
});
