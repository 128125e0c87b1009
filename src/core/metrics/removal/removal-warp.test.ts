/**
 * The warp error of the removal track (remap.ts, dis-flow.ts, warp.ts) against Debian's OpenCV 4.6.0 / numpy 1.24.2
 * (scripts/removal/make-flow-fixtures.py → fixtures/removal-flow.json): cv2.remap INTER_LINEAR + BORDER_REFLECT on an
 * RGB image with 1/64-px map offsets and out-of-image jumps (bit-exact); cv2.DISOpticalFlow MEDIUM on two luma crops
 * of ../shared/reference/clips/tiny_vtest_320x240__ref.y4m, one with odd sides (measured: bit-identical, max |Δ| 0 px;
 * asserted ≤ 1e-4 px and bit-identical), and a 300x220 crop by its SHA-256; on the nine synthetic removal cases of removal-cases.json (rebuilt by
 * synthetic-cases.ts) the flow of every frame pair (SHA-256 of cv2's float32 field), e_c and e_r per pair
 * (≤ 1 % relative, the issue's bound; measured exact), their means, and the e_c-vs-e_r ordering of every case.
 */
import { describe, expect, it } from 'vitest';
import { disFlow } from './dis-flow.ts';
import { maskBox, WARP_PAD } from './region.ts';
import { remapLinearU8 } from './remap.ts';
import type { CandidateKind } from './synthetic-cases.ts';
import { createWarpAccumulator } from './warp.ts';
import { removalFixture, sha256 as sha, synthetic } from '../../../../test-support/removal-cases.ts';

const { reference: ref, rgb: toRgb, source: s } = synthetic;

interface PairRef {
  frame: number;
  box: [number, number, number, number];
  overlap: number;
  flowSha256: string;
  flowMaxAbs: number;
  candidate: number;
  reference: number;
}
interface FlowFixture {
  versions: Record<string, string>;
  remap: { width: number; height: number; outputBase64: string; sha256: string };
  flows: { frames: [number, number]; x: number; y: number; w: number; h: number; flowBase64: string; maxAbs: number }[];
  flowDigests: { frames: [number, number]; x: number; y: number; w: number; h: number; sha256: string; maxAbs: number; meanAbs: number }[];
  cases: { name: string; masks: string; candidate: CandidateKind; pairs: PairRef[]; warpError: number; warpReference: number }[];
}
const fixture = removalFixture<FlowFixture>('removal-flow.json');
const f32 = (b64: string) => {
  const b = Buffer.from(b64, 'base64');
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
const rel = (got: number, want: number) => Math.abs(got - want) / Math.max(Math.abs(want), 1e-12);

describe(`cv2.remap INTER_LINEAR, BORDER_REFLECT (OpenCV ${fixture.versions.opencv})`, () => {
  it('is bit-exact on an RGB image with 1/64-px offsets (rounding ties) and jumps outside the image', () => {
    // The generator's formulas: pixel (x, y, c) = (37x + 101y + 59c + 17·(xy mod 13)) mod 256; map = grid + offsets of
    // ((29x + 17y) mod 193 − 96)/64 and ((11x + 23y) mod 157 − 78)/64, plus jumps of 9·(x mod 5 − 2) and
    // 11·(y mod 3 − 1) px where (x + y) mod 7 = 0.
    const { width: w, height: h } = fixture.remap;
    const img = new Uint8Array(w * h * 3),
      mx = new Float32Array(w * h),
      my = new Float32Array(w * h);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        for (let c = 0; c < 3; c++) img[(y * w + x) * 3 + c] = (x * 37 + y * 101 + c * 59 + ((x * y) % 13) * 17) % 256;
        const jump = (x + y) % 7 === 0;
        mx[y * w + x] = x + (((x * 29 + y * 17) % 193) - 96) / 64 + (jump ? ((x % 5) - 2) * 9 : 0);
        my[y * w + x] = y + (((x * 11 + y * 23) % 157) - 78) / 64 + (jump ? ((y % 3) - 1) * 11 : 0);
      }
    const got = remapLinearU8(img, w, h, 3, mx, my, w, h, 'reflect');
    const want = Buffer.from(fixture.remap.outputBase64, 'base64');
    let differing = 0;
    for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) differing++;
    expect(differing).toBe(0);
    expect(sha(got)).toBe(fixture.remap.sha256);
  });
});

describe(`DIS optical flow, PRESET_MEDIUM (OpenCV ${fixture.versions.opencv}; measured bit-identical, asserted ≤ 1e-4 px)`, () => {
  const { src, srcWidth } = synthetic.clip;
  const crop = (c: { x: number; y: number; w: number; h: number }, f: number) => {
    const out = new Uint8Array(c.w * c.h);
    for (let y = 0; y < c.h; y++) out.set(src[f]!.y.subarray((c.y + y) * srcWidth + c.x, (c.y + y) * srcWidth + c.x + c.w), y * c.w);
    return out;
  };
  for (const c of fixture.flows) {
    it(`${c.w}x${c.h} crop of frames ${c.frames[0]}→${c.frames[1]}`, () => {
      const got = disFlow(crop(c, c.frames[0]), crop(c, c.frames[1]), c.w, c.h);
      const want = f32(c.flowBase64);
      expect(got.length).toBe(want.length);
      let max = 0,
        differing = 0;
      for (let i = 0; i < want.length; i++) {
        const d = Math.abs(got[i]! - want[i]!);
        if (d > max) max = d;
        if (d !== 0) differing++;
      }
      expect(max).toBeLessThanOrEqual(1e-4);
      expect(differing).toBe(0);
      expect(c.maxAbs).toBeGreaterThan(0.5); // the crops really move
    });
  }
  for (const c of fixture.flowDigests) {
    it(`${c.w}x${c.h} crop of frames ${c.frames[0]}→${c.frames[1]} (3 pyramid levels; SHA-256 of the field)`, () => {
      const got = disFlow(crop(c, c.frames[0]), crop(c, c.frames[1]), c.w, c.h);
      let max = 0,
        sum = 0;
      for (const v of got) {
        max = Math.max(max, Math.abs(v));
        sum += Math.abs(v);
      }
      expect(Math.abs(max - c.maxAbs)).toBeLessThanOrEqual(1e-4);
      expect(Math.abs(sum / got.length - c.meanAbs)).toBeLessThanOrEqual(1e-4);
      expect(sha(got)).toBe(c.sha256);
    });
  }
  it('refuses crops too small for the pyramid with a clear message', () => {
    expect(() => disFlow(new Uint8Array(30 * 30), new Uint8Array(30 * 30), 30, 30)).toThrow(/30x30 crop is too small/);
    expect(() => disFlow(new Uint8Array(45 * 16), new Uint8Array(45 * 16), 45, 16)).toThrow(/too small/);
    expect(() => disFlow(new Uint8Array(46 * 15), new Uint8Array(46 * 15), 46, 15)).toThrow(/too small/);
    expect(Array.from(disFlow(new Uint8Array(46 * 16), new Uint8Array(46 * 16), 46, 16)).every((v) => v === 0)).toBe(true);
    const acc = createWarpAccumulator(40, 30, 1);
    const m = new Uint8Array(40 * 30).fill(1);
    acc.add(new Uint8Array(1200), m, [new Uint8Array(3600)]);
    expect(() => acc.add(new Uint8Array(1200), m, [new Uint8Array(3600)])).toThrow(/frames 0→1: DIS flow: a 40x30 crop is too small/);
  });
});

describe(`warp error e_c / e_r on the synthetic removal cases vs OpenCV ${fixture.versions.opencv} / numpy ${fixture.versions.numpy} (≤ 1 % relative per pair)`, () => {
  const refRgb = ref.map(toRgb);
  const flowChecked = new Set<string>();
  for (const c of fixture.cases) {
    it(c.name, () => {
      const { masks, candidate } = synthetic.item(c.masks, c.candidate);
      const cand = candidate.map(toRgb);
      if (!flowChecked.has(c.masks)) {
        // the reference flow of every pair is cv2's to the last bit (once per mask set: the flow depends on nothing else)
        flowChecked.add(c.masks);
        for (const p of c.pairs) {
          const either = masks[p.frame - 1]!.map((v, k) => v | masks[p.frame]![k]!);
          const b = maskBox(either, s.width, s.height, WARP_PAD)!;
          expect([b.y0, b.y1, b.x0, b.x1]).toEqual(p.box);
          const bw = b.x1 - b.x0,
            bh = b.y1 - b.y0;
          const crop = (y: Uint8Array) => {
            const o = new Uint8Array(bw * bh);
            for (let r = 0; r < bh; r++) o.set(y.subarray((b.y0 + r) * s.width + b.x0, (b.y0 + r) * s.width + b.x1), r * bw);
            return o;
          };
          expect(sha(disFlow(crop(ref[p.frame - 1]!.y), crop(ref[p.frame]!.y), bw, bh)), `flow of pair ${p.frame}`).toBe(p.flowSha256);
        }
      }
      const acc = createWarpAccumulator(s.width, s.height, 2);
      for (let i = 0; i < s.frames; i++) acc.add(ref[i]!.y, masks[i]!, [cand[i]!, refRgb[i]!]);
      const r = acc.result();
      expect(r.pairs).toBe(c.pairs.length);
      c.pairs.forEach((p, k) => {
        expect(rel(r.perPair[0]![k]!, p.candidate), `e_c of pair ${p.frame}`).toBeLessThanOrEqual(0.01);
        expect(rel(r.perPair[1]![k]!, p.reference), `e_r of pair ${p.frame}`).toBeLessThanOrEqual(0.01);
        expect(r.perPair[0]![k]!, `e_c of pair ${p.frame} (measured exact)`).toBe(p.candidate);
        expect(r.perPair[1]![k]!, `e_r of pair ${p.frame} (measured exact)`).toBe(p.reference);
      });
      expect(rel(r.errors[0]!, c.warpError)).toBeLessThanOrEqual(0.01);
      expect(rel(r.errors[1]!, c.warpReference)).toBeLessThanOrEqual(0.01);
      expect(r.errors[0]! > r.errors[1]!).toBe(c.warpError > c.warpReference);
    });
  }
  it('the cases include pairs without overlap, a clipped box, and both e_c > e_r and e_c < e_r', () => {
    expect(fixture.cases.find((c) => c.name === 'empty_overlap_good')!.pairs.length).toBeLessThan(s.frames - 1);
    expect(fixture.cases.find((c) => c.name === 'corner_blur')!.pairs[0]!.box[2]).toBe(0);
    expect(fixture.cases.some((c) => c.warpError > c.warpReference)).toBe(true);
    expect(fixture.cases.some((c) => c.warpError < c.warpReference)).toBe(true);
  });
  it('a mask that never overlaps gives no pair and error 0', () => {
    const acc = createWarpAccumulator(8, 8, 1);
    const m0 = new Uint8Array(64),
      m1 = new Uint8Array(64);
    m0[0] = 1;
    m1[63] = 1;
    acc.add(new Uint8Array(64), m0, [new Uint8Array(192)]);
    acc.add(new Uint8Array(64), m1, [new Uint8Array(192)]);
    expect(acc.result()).toEqual({ errors: [0], pairs: 0, perPair: [[]] });
  });
  it('names the problem on a wrong-sized frame', () => {
    const acc = createWarpAccumulator(8, 8, 2);
    expect(() => acc.add(new Uint8Array(64), new Uint8Array(64), [new Uint8Array(192)])).toThrow(/expected one per sequence/);
    expect(() => acc.add(new Uint8Array(10), new Uint8Array(64), [new Uint8Array(192), new Uint8Array(192)])).toThrow(/reference luma/);
  });
});
