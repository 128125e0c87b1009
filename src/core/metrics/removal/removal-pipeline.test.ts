/**
 * `measureRemoval` (pipeline.ts, the MeasureRemoval contract of api.ts) over re-openable array sources, on the
 * synthetic cases of fixtures/removal-cases.json (numbers from Debian's OpenCV 4.6.0 / numpy via
 * scripts/removal/make-fixtures.py): candidate PSNR, floor, outside change and the PSNR-zero verdict agree with the
 * reference (PSNR ≤ 1e-3 dB), per-frame series are consistent with the pooled values, LPIPS is reported missing
 * without an engine, and a source of another size is named.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FrameSource } from './api.ts';
import type { I420 } from './color.ts';
import { measureRemoval } from './pipeline.ts';
import { maskedPsnr } from './region.ts';
import { candidateFrames, composite, makeMasks, referenceFrames, sourceFromY4m, type CandidateKind, type MaskSpec, type SyntheticSource } from './synthetic-cases.ts';

const REF = fileURLToPath(new URL('../../../../../shared/reference/', import.meta.url));
interface Fixture {
  source: SyntheticSource & { clip: string };
  masks: Record<string, MaskSpec>;
  cases: { name: string; masks: string; candidate: CandidateKind; region: { psnrDb: number; maskedPixels: number }; outside: { max: number }; psnrBelowFloorMargin: boolean }[];
  floors: Record<string, { floorPsnrDb: number }>;
}
const fixture = JSON.parse(readFileSync(new URL('./fixtures/removal-cases.json', import.meta.url), 'utf8')) as Fixture;
const s = fixture.source;
const { src, srcWidth } = sourceFromY4m(readFileSync(REF + 'clips/' + s.clip));
const ref = referenceFrames(src, srcWidth, s);

/** An array as a FrameSource that counts how often it was opened. */
function source(frames: I420[], width = s.width, height = s.height): FrameSource & { opened: number } {
  return {
    width, height, frames: frames.length, opened: 0,
    open() {
      this.opened++;
      return (async function* () { yield* frames; })();
    },
  };
}
/** A mask as the gray stream a decoder yields: 255 where masked, 0 elsewhere. */
function graySource(masks: Uint8Array[]) {
  const c = (s.width / 2) * (s.height / 2);
  return source(masks.map((m) => ({ y: m.map((v) => (v ? 255 : 0)), u: new Uint8Array(c).fill(128), v: new Uint8Array(c).fill(128) })));
}

describe('measureRemoval over frame sources vs the OpenCV 4.6.0 reference (PSNR ≤ 1e-3 dB; identical verdicts)', () => {
  for (const c of fixture.cases.slice(0, 4)) {
    it(c.name, async () => {
      const masks = makeMasks(fixture.masks[c.masks]!, s);
      const served = composite(ref, masks, s);
      const stages = new Set<string>();
      const m = await measureRemoval(
        { served: source(served), mask: graySource(masks), candidate: source(candidateFrames(c.candidate, ref, served, masks, s)), reference: source(ref) },
        {},
        { onProgress: (p) => stages.add(p.stage) },
      );
      expect(m.frames).toBe(s.frames);
      expect(Math.abs(m.candidate.psnrDb! - c.region.psnrDb)).toBeLessThanOrEqual(1e-3);
      expect(m.candidate.maskedPixels).toBe(c.region.maskedPixels);
      expect(Math.abs(m.floor.psnrDb! - fixture.floors[c.masks]!.floorPsnrDb)).toBeLessThanOrEqual(1e-3);
      expect(m.outside.change).toBe(c.outside.max);
      expect(m.psnrBelowFloorMargin).toBe(c.psnrBelowFloorMargin);
      expect(m.partial).toBe(true);
      expect(m.score).toBeNull();
      expect(m.missing.some((x) => x.startsWith('lpips_vgg'))).toBe(true);
      // Per-frame series: the pooled PSNR is the PSNR of the summed squared error; the worst frame is the max.
      const se = m.perFrame.candidateSquaredError.reduce((a, b) => a + b, 0), el = m.perFrame.maskedElements.reduce((a, b) => a + b, 0);
      expect(Math.abs(maskedPsnr(se, el) - m.candidate.psnrDb!)).toBeLessThanOrEqual(1e-3);
      expect(Math.max(...m.perFrame.outsideChange.filter(Number.isFinite))).toBe(m.outside.change);
      expect(stages.has('masks')).toBe(true);
    });
  }

  it('without a reference: only the outside-mask gate, PSNR and floor reported missing', async () => {
    const c = fixture.cases.find((x) => x.outside.max > 3)!;
    const masks = makeMasks(fixture.masks[c.masks]!, s);
    const served = composite(ref, masks, s);
    const m = await measureRemoval({ served: source(served), mask: graySource(masks), candidate: source(candidateFrames(c.candidate, ref, served, masks, s)) }, {});
    expect(m.candidate.psnrDb).toBeNull();
    expect(m.floor.psnrDb).toBeNull();
    expect(m.outside.change).toBe(c.outside.max);
    expect(m.outside.passed).toBe(false);
    expect(m.missing[0]).toMatch(/no clean reference/);
  });

  it('a candidate of another size is named', async () => {
    const masks = makeMasks(Object.values(fixture.masks)[0]!, s);
    const served = composite(ref, masks, s);
    await expect(measureRemoval({ served: source(served), mask: graySource(masks), candidate: source(served, s.width + 2, s.height) }, {}))
      .rejects.toThrow(/^candidate: is 162x96, the served input is 160x96/);
  });
});
