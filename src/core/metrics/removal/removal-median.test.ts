/**
 * Telea inpainting (telea.ts) and the temporal-median baseline (median-fill.ts) against Debian's OpenCV 4.6.0 /
 * numpy 1.24.2 (scripts/removal/make-fixtures.py → fixtures/removal-cases.json): `cv2.inpaint(…, 3, INPAINT_TELEA)`
 * outputs on five luma crops of ../shared/reference/clips/tiny_vtest_320x240__ref.y4m (holes in the middle, on the
 * top-left and bottom-right edges, thin and large), the median images and filled frames of the three synthetic mask
 * sets (SHA-256, bit-exact), the floor's PSNR (median fill vs unchanged input, the PSNR part of `best_baseline`)
 * and the PSNR zero rule's verdict on every case.
 */
import { describe, expect, it } from 'vitest';
import { RegionAccumulator } from './region.ts';
import { inpaintTelea } from './telea.ts';
import { applyMedianFill, medianFillImages } from './median-fill.ts';
import { composite, type I420 } from './synthetic-cases.ts';
import { REMOVAL_PSNR_MARGIN_DB, bestBaseline } from '../../rules/vidaio/v3-removal.ts';
import { removalFixture, sha256 as sha, synthetic, type SyntheticCases } from '../../../../test-support/removal-cases.ts';

const { reference: ref, rgb: toRgb, source: s } = synthetic;

interface TeleaRef {
  name: string;
  frame: number;
  x: number;
  y: number;
  w: number;
  h: number;
  ellipses: number[][];
  rects: number[][];
  holePixels: number;
  digest: string;
}
interface Stats {
  psnrDb: number;
  ssim: number;
  maskedPixels: number;
}
interface FloorRef {
  medianFill: { box: number[]; holes: { luma: number; chroma: number }; digests: { y: string; u: string; v: string }; frameDigest: string };
  median: Stats;
  unchanged: Stats;
  floorPsnrDb: number;
}
interface Fixture extends SyntheticCases {
  cases: { name: string; masks: string; region: Stats; psnrBelowFloorMargin: boolean }[];
  floors: Record<string, FloorRef>;
  telea: TeleaRef[];
}

const fixture = removalFixture<Fixture>('removal-cases.json');

/** A Telea case's luma crop of the source clip and its hole (the case's ellipses and rectangles). */
function teleaInput(t: TeleaRef): { img: Uint8Array; hole: Uint8Array } {
  const { src, srcWidth } = synthetic.clip;
  const img = new Uint8Array(t.w * t.h),
    hole = new Uint8Array(t.w * t.h);
  for (let r = 0; r < t.h; r++) img.set(src[t.frame]!.y.subarray((t.y + r) * srcWidth + t.x, (t.y + r) * srcWidth + t.x + t.w), r * t.w);
  for (let r = 0; r < t.h; r++)
    for (let c = 0; c < t.w; c++) {
      for (const [cx, cy, rx, ry] of t.ellipses) if ((c - cx!) ** 2 * ry! * ry! + (r - cy!) ** 2 * rx! * rx! <= rx! * rx! * ry! * ry!) hole[r * t.w + c] = 1;
      for (const [x0, y0, x1, y1] of t.rects) if (c >= x0! && c < x1! && r >= y0! && r < y1!) hole[r * t.w + c] = 1;
    }
  return { img, hole };
}

describe('Telea inpainting = cv2.inpaint(INPAINT_TELEA, radius 3) of OpenCV 4.6.0 (bit-exact)', () => {
  for (const t of fixture.telea) {
    it(`${t.name} (${t.holePixels} hole pixels)`, () => {
      const { img, hole } = teleaInput(t);
      expect(hole.reduce((a, b) => a + b, 0)).toBe(t.holePixels);
      expect(sha(inpaintTelea(img, hole, t.w, t.h, 3))).toBe(t.digest);
    });
  }
});

describe("Telea 'opencv-4.10' variant (read from OpenCV >= 4.10 source, no such build here: a property check, not a reference)", () => {
  it('differs from the verified 4.6 output only where holes touch the top or left image border (the only place k−1 ≠ km, l−1 ≠ lm)', () => {
    const differing = fixture.telea.filter((t) => {
      const { img, hole } = teleaInput(t);
      return sha(inpaintTelea(img, hole, t.w, t.h, 3, 'opencv-4.10')) !== t.digest;
    });
    expect(differing.map((t) => t.name)).toEqual(['rect_top_left_edge']);
  });
});

describe('temporal-median baseline and floor PSNR vs the Python reference (bit-exact fill; PSNR ≤ 1e-3 dB, seen exact; identical verdicts)', () => {
  const refRgb = ref.map(toRgb);
  for (const [name, want] of Object.entries(fixture.floors)) {
    it(`mask set ${name}: median images, filled frames, floor`, () => {
      const masks = synthetic.masks(name);
      const served = composite(ref, masks, s);
      const fill = medianFillImages(served, masks, s.width, s.height);
      const b = fill.box!;
      expect([b.y0, b.y1, b.x0, b.x1]).toEqual(want.medianFill.box);
      expect(fill.holes).toEqual(want.medianFill.holes);
      expect({ y: sha(fill.y), u: sha(fill.u), v: sha(fill.v) }).toEqual(want.medianFill.digests);
      const frames = served.map((f, i) => applyMedianFill(fill, f, masks[i]!, s.width));
      expect(sha(...frames.flatMap((f) => [f.y, f.u, f.v]))).toBe(want.medianFill.frameDigest);
      const measure = (fs: I420[]) => {
        const acc = new RegionAccumulator();
        fs.forEach((f, i) => acc.add(toRgb(f), refRgb[i]!, masks[i]!, s.width, s.height));
        return acc.result();
      };
      const median = measure(frames),
        unchanged = measure(served);
      for (const [got, exp] of [
        [median, want.median],
        [unchanged, want.unchanged],
      ] as const) {
        expect(Math.abs(got.psnrDb - exp.psnrDb)).toBeLessThanOrEqual(1e-3);
        expect(got.psnrDb).toBe(exp.psnrDb);
        expect(Math.abs(got.ssim - exp.ssim)).toBeLessThanOrEqual(1e-12);
        expect(got.maskedPixels).toBe(exp.maskedPixels);
      }
      // The pack's best_baseline (LPIPS and warp error are not measured yet: placeholders that do not enter the PSNR term).
      const floor = bestBaseline([
        { psnrDb: median.psnrDb, ssim: median.ssim, lpipsVgg: 0, warpError: 0, maskedPixels: median.maskedPixels },
        { psnrDb: unchanged.psnrDb, ssim: unchanged.ssim, lpipsVgg: 0, warpError: 0, maskedPixels: unchanged.maskedPixels },
      ]);
      expect(floor.psnrDb).toBe(want.floorPsnrDb);
      for (const c of fixture.cases.filter((k) => k.masks === name)) {
        expect(c.region.psnrDb < floor.psnrDb + REMOVAL_PSNR_MARGIN_DB, `${c.name}: PSNR zero rule`).toBe(c.psnrBelowFloorMargin);
      }
    });
  }
  it('the cases exercise holes (Telea) in two mask sets, none in the third, and both PSNR verdicts', () => {
    expect(Object.values(fixture.floors).map((f) => f.medianFill.holes.luma > 0)).toEqual([true, false, true]);
    expect(new Set(fixture.cases.map((c) => c.psnrBelowFloorMargin))).toEqual(new Set([true, false]));
  });
});
