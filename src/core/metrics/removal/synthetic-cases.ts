/**
 * Synthetic object-removal cases, the TypeScript twin of scripts/removal/make-fixtures.py: a panning reference cut
 * from a small yuv420p clip, elliptic occluder masks, the served input (occluder composited as flat Y/U/V), and
 * candidate outputs made by small integer rules (reference with a ±2 luma ripple, unchanged input, 3x3 box blur,
 * horizontal shift, a ±10 luma flicker that breaks the warp gate, outside-mask edits). Tests and benchmarks rebuild the fixture's frames from these rules instead
 * of storing them; the fixture carries SHA-256 digests of the masks and candidate planes to prove both sides built
 * the same bytes. Pure: takes decoded source planes, returns planes.
 */
import { Y4mParser } from '../../video/y4m.ts';

import type { I420 } from './color.ts';

export type { I420 };

export interface SyntheticSource {
  width: number;
  height: number;
  frames: number;
  cropX: number;
  cropY: number;
  panX: number;
  panY: number;
  occluder: [number, number, number];
}

export interface MaskSpec {
  cx: number;
  cy: number;
  dx: number;
  dy: number;
  rx: number;
  ry: number;
  empty?: number[];
  jump?: [number, number, number][];
}

export type CandidateKind = 'good' | 'copy' | 'blur' | 'shifted' | 'flicker' | 'outside_frame3' | 'outside_all_small';

/** Every frame of a yuv420p y4m file's bytes as I420 planes, with the luma width. */
export function sourceFromY4m(bytes: Uint8Array): { src: I420[]; srcWidth: number } {
  const p = new Y4mParser();
  const frames = p.push(bytes);
  p.end();
  if (frames.length === 0) throw new RangeError('synthetic removal source: the y4m holds no frame');
  return { src: frames.map((f) => ({ y: f.y, u: f.u, v: f.v })), srcWidth: frames[0]!.width };
}

/** Frame i = source frame i mod count, cropped at (cropX + panX·i, cropY + panY·i). */
export function referenceFrames(src: I420[], srcWidth: number, s: SyntheticSource): I420[] {
  const { width: w, height: h } = s;
  const out: I420[] = [];
  for (let i = 0; i < s.frames; i++) {
    const f = src[i % src.length]!;
    const x0 = s.cropX + s.panX * i,
      y0 = s.cropY + s.panY * i;
    const y = new Uint8Array(w * h),
      u = new Uint8Array((w * h) / 4),
      v = new Uint8Array((w * h) / 4);
    for (let r = 0; r < h; r++) y.set(f.y.subarray((y0 + r) * srcWidth + x0, (y0 + r) * srcWidth + x0 + w), r * w);
    const scw = srcWidth / 2;
    for (let r = 0; r < h / 2; r++) {
      const at = (y0 / 2 + r) * scw + x0 / 2;
      u.set(f.u.subarray(at, at + w / 2), (r * w) / 2);
      v.set(f.v.subarray(at, at + w / 2), (r * w) / 2);
    }
    out.push({ y, u, v });
  }
  return out;
}

/** Elliptic masks: masked iff (x−cx)²·ry² + (y−cy)²·rx² ≤ rx²·ry², centre (cx + dx·i, cy + dy·i) unless jumped/empty. */
export function makeMasks(spec: MaskSpec, s: SyntheticSource): Uint8Array[] {
  const { width: w, height: h } = s;
  const masks: Uint8Array[] = [];
  for (let i = 0; i < s.frames; i++) {
    const m = new Uint8Array(w * h);
    masks.push(m);
    if (spec.empty?.includes(i)) continue;
    let cx = spec.cx + spec.dx * i,
      cy = spec.cy + spec.dy * i;
    for (const [f, jx, jy] of spec.jump ?? [])
      if (f === i) {
        cx = jx;
        cy = jy;
      }
    const rx2 = spec.rx * spec.rx,
      ry2 = spec.ry * spec.ry;
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) m[y * w + x] = (x - cx) ** 2 * ry2 + (y - cy) ** 2 * rx2 <= rx2 * ry2 ? 1 : 0;
  }
  return masks;
}

/** Is chroma sample (cx, cy) under the mask (mask[2cy, 2cx], as `mask[::2, ::2]`)? */
const chromaMasked = (m: Uint8Array, w: number, i: number) => m[2 * Math.floor(i / (w / 2)) * w + 2 * (i % (w / 2))]!;

/** The served input: the occluder's flat Y/U/V over the masked luma and chroma samples. */
export function composite(ref: I420[], masks: Uint8Array[], s: SyntheticSource): I420[] {
  const [oy, ou, ov] = s.occluder;
  return ref.map((f, i) => {
    const m = masks[i]!;
    const y = f.y.slice(),
      u = f.u.slice(),
      v = f.v.slice();
    for (let p = 0; p < y.length; p++) if (m[p]) y[p] = oy;
    for (let p = 0; p < u.length; p++)
      if (chromaMasked(m, s.width, p)) {
        u[p] = ou;
        v[p] = ov;
      }
    return { y, u, v };
  });
}

const clamp8 = (x: number) => (x < 0 ? 0 : x > 255 ? 255 : x);

/** 3x3 box mean floor(sum/9) with replicated edges. */
function box3(p: Uint8Array, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const yy = Math.min(h - 1, Math.max(0, y + dy)),
            xx = Math.min(w - 1, Math.max(0, x + dx));
          s += p[yy * w + xx]!;
        }
      out[y * w + x] = Math.floor(s / 9);
    }
  return out;
}

/** p[y, min(x + k, w − 1)]. */
function shiftX(p: Uint8Array, w: number, h: number, k: number): Uint8Array {
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = p[y * w + Math.min(x + k, w - 1)]!;
  return out;
}

/** A candidate output of `kind` (see scripts/removal/make-fixtures.py `candidate`). */
export function candidateFrames(kind: CandidateKind, ref: I420[], served: I420[], masks: Uint8Array[], s: SyntheticSource): I420[] {
  const { width: w, height: h } = s;
  const cw = w / 2,
    ch = h / 2;
  return ref.map((r, i) => {
    const sv = served[i]!,
      m = masks[i]!;
    const y = sv.y.slice(),
      u = sv.u.slice(),
      v = sv.v.slice();
    if (kind === 'copy') return { y, u, v };
    let fy: Uint8Array, fu: Uint8Array, fv: Uint8Array;
    if (kind === 'blur') {
      fy = box3(r.y, w, h);
      fu = box3(r.u, cw, ch);
      fv = box3(r.v, cw, ch);
    } else if (kind === 'shifted') {
      fy = shiftX(r.y, w, h, 6);
      fu = shiftX(r.u, cw, ch, 3);
      fv = shiftX(r.v, cw, ch, 3);
    } else if (kind === 'flicker') {
      const off = i % 2 === 0 ? 10 : -10;
      fy = r.y.map((p) => clamp8(p + off));
      fu = r.u;
      fv = r.v;
    } else {
      fy = new Uint8Array(w * h);
      for (let yy = 0; yy < h; yy++) for (let x = 0; x < w; x++) fy[yy * w + x] = clamp8(r.y[yy * w + x]! + ((x * 7 + yy * 13 + i * 5) % 5) - 2);
      fu = r.u;
      fv = r.v;
    }
    for (let p = 0; p < y.length; p++) if (m[p]) y[p] = fy[p]!;
    for (let p = 0; p < u.length; p++)
      if (chromaMasked(m, w, p)) {
        u[p] = fu[p]!;
        v[p] = fv[p]!;
      }
    if ((kind === 'outside_frame3' && i === 3) || kind === 'outside_all_small') {
      const add = kind === 'outside_frame3' ? 5 : 1;
      for (let p = 0; p < y.length; p++) if (!m[p]) y[p] = clamp8(y[p]! + add);
    }
    return { y, u, v };
  });
}
