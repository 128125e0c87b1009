/**
 * The temporal-median baseline (median-fill.ts, validator-vidaio `temporal_median_fill`; ../shared/reference/rules/
 * vidaio-v3.md §2.7) computed from a stream without holding whole frames: pass 1 over the masks keeps each frame's
 * mask as a bit set cropped to its own bounding box (`PackedMask`); pass 2 over the served input keeps, per frame,
 * only the Y/U/V values of the pixels the fill can depend on (`FillStore`): the pixels masked on some frame, grown by
 * 8 luma pixels so that Telea inpainting (radius 3, which reads known pixels within radius + 1 of a hole pixel) sees
 * every neighbour it reads; holes ⊆ pixels masked on some frame. Everything else in the even-aligned union box
 * (pad 16) is never written into a frame and never read by Telea, so it is left 0 in the median images. The result
 * is the `MedianFill` that median-fill.ts's `applyMedianFill` writes into each served frame, identical to
 * `medianFillImages` over whole frames (removal-pipeline.test.ts compares them).
 */
import { inpaintTelea, type TeleaVariant } from './telea.ts';
import { maskBox, type Box } from './region.ts';
import { MEDIAN_PAD, TELEA_RADIUS, type MedianFill } from './median-fill.ts';
import type { I420 } from './color.ts';

/** Grow of the stored pixel set around pixels masked on some frame (≥ Telea radius + 1, in luma pixels, even). */
export const FILL_REACH = 8;

/** One frame's mask as a bit set over its own bounding box (null box = empty mask). */
export class PackedMask {
  readonly box: Box | null;
  private readonly bits: Uint8Array;
  readonly count: number;

  constructor(
    mask: Uint8Array,
    readonly width: number,
    readonly height: number,
  ) {
    this.box = maskBox(mask, width, height, 0);
    let count = 0;
    if (!this.box) {
      this.bits = new Uint8Array(0);
      this.count = 0;
      return;
    }
    const { y0, y1, x0, x1 } = this.box,
      bw = x1 - x0;
    this.bits = new Uint8Array(Math.ceil(((y1 - y0) * bw) / 8));
    for (let y = y0; y < y1; y++)
      for (let x = x0; x < x1; x++) {
        if (!mask[y * width + x]) continue;
        const i = (y - y0) * bw + (x - x0);
        this.bits[i >> 3]! |= 1 << (i & 7);
        count++;
      }
    this.count = count;
  }

  /** Is luma pixel (x, y) masked? */
  at(x: number, y: number): boolean {
    const b = this.box;
    if (!b || y < b.y0 || y >= b.y1 || x < b.x0 || x >= b.x1) return false;
    const i = (y - b.y0) * (b.x1 - b.x0) + (x - b.x0);
    return (this.bits[i >> 3]! & (1 << (i & 7))) !== 0;
  }

  /** The full-frame mask (1 = masked) written into `out`. */
  unpack(out: Uint8Array): Uint8Array {
    out.fill(0);
    const b = this.box;
    if (!b) return out;
    const bw = b.x1 - b.x0;
    for (let y = b.y0; y < b.y1; y++)
      for (let x = b.x0; x < b.x1; x++) {
        const i = (y - b.y0) * bw + (x - b.x0);
        if (this.bits[i >> 3]! & (1 << (i & 7))) out[y * this.width + x] = 1;
      }
    return out;
  }

  get bytes(): number {
    return this.bits.length;
  }
}

/** The pixels the fill depends on and their served values, frame by frame. */
export class FillStore {
  /** Even-aligned union box (pad 16) of every mask; null when no frame is masked. */
  readonly box: Box | null;
  /** Luma indices (frame coordinates) of the stored pixels, and chroma indices (chroma-plane coordinates). */
  readonly lumaIdx: Int32Array;
  readonly chromaIdx: Int32Array;
  private readonly y: Uint8Array[] = [];
  private readonly u: Uint8Array[] = [];
  private readonly v: Uint8Array[] = [];

  constructor(
    readonly masks: readonly PackedMask[],
    readonly width: number,
    readonly height: number,
  ) {
    const ever = new Uint8Array(width * height);
    for (const m of masks) {
      const b = m.box;
      if (!b) continue;
      for (let y = b.y0; y < b.y1; y++) for (let x = b.x0; x < b.x1; x++) if (m.at(x, y)) ever[y * width + x] = 1;
    }
    const u = maskBox(ever, width, height, MEDIAN_PAD);
    if (!u) {
      this.box = null;
      this.lumaIdx = new Int32Array(0);
      this.chromaIdx = new Int32Array(0);
      return;
    }
    const y0 = u.y0 - (u.y0 % 2),
      x0 = u.x0 - (u.x0 % 2);
    const box = { y0, x0, y1: Math.min(height, u.y1 + (u.y1 % 2)), x1: Math.min(width, u.x1 + (u.x1 % 2)) };
    this.box = box;
    // Square dilation of `ever` by FILL_REACH within the box: rows, then columns.
    const rw = box.x1 - box.x0,
      rh = box.y1 - box.y0,
      R = FILL_REACH;
    const rowGrown = new Uint8Array(rw * rh),
      grown = new Uint8Array(rw * rh);
    for (let r = 0; r < rh; r++) {
      // two sweeps: distance to the nearest set pixel on the left and on the right
      let last = -1e9;
      for (let c = 0; c < rw; c++) {
        if (ever[(box.y0 + r) * width + box.x0 + c]) last = c;
        if (c - last <= R) rowGrown[r * rw + c] = 1;
      }
      last = 1e9;
      for (let c = rw - 1; c >= 0; c--) {
        if (ever[(box.y0 + r) * width + box.x0 + c]) last = c;
        if (last - c <= R) rowGrown[r * rw + c] = 1;
      }
    }
    for (let c = 0; c < rw; c++) {
      let last = -1e9;
      for (let r = 0; r < rh; r++) {
        if (rowGrown[r * rw + c]) last = r;
        if (r - last <= R) grown[r * rw + c] = 1;
      }
      last = 1e9;
      for (let r = rh - 1; r >= 0; r--) {
        if (rowGrown[r * rw + c]) last = r;
        if (last - r <= R) grown[r * rw + c] = 1;
      }
    }
    const li: number[] = [],
      ci: number[] = [];
    for (let r = 0; r < rh; r++) for (let c = 0; c < rw; c++) if (grown[r * rw + c]) li.push((box.y0 + r) * width + box.x0 + c);
    const cw = width >> 1;
    for (let r = 0; r < rh; r += 2) for (let c = 0; c < rw; c += 2) if (grown[r * rw + c]) ci.push(((box.y0 + r) >> 1) * cw + ((box.x0 + c) >> 1));
    this.lumaIdx = Int32Array.from(li);
    this.chromaIdx = Int32Array.from(ci);
  }

  /** Keep the next frame's values of the stored pixels (frames in display order). */
  push(f: I420): void {
    const y = new Uint8Array(this.lumaIdx.length),
      u = new Uint8Array(this.chromaIdx.length),
      v = new Uint8Array(this.chromaIdx.length);
    for (let i = 0; i < y.length; i++) y[i] = f.y[this.lumaIdx[i]!]!;
    for (let i = 0; i < u.length; i++) {
      u[i] = f.u[this.chromaIdx[i]!]!;
      v[i] = f.v[this.chromaIdx[i]!]!;
    }
    this.y.push(y);
    this.u.push(u);
    this.v.push(v);
  }

  get frames(): number {
    return this.y.length;
  }
  /** Bytes held for the values (the masks are held by their PackedMask). */
  get bytes(): number {
    return this.y.length * (this.lumaIdx.length + 2 * this.chromaIdx.length);
  }

  /** The median fill over the first `n` frames (n ≤ frames and ≤ masks), as median-fill.ts `medianFillImages`. */
  fill(n: number, variant: TeleaVariant = 'opencv-4.6'): MedianFill {
    const none: MedianFill = { box: null, y: new Uint8Array(0), u: new Uint8Array(0), v: new Uint8Array(0), holes: { luma: 0, chroma: 0 } };
    const b = this.box;
    if (!b || n === 0) return none;
    // The union box over the first n frames must be this one (same masks); with fewer frames it can shrink.
    const sub = n === this.masks.length ? this : new FillStore(this.masks.slice(0, n), this.width, this.height);
    if (sub !== this) {
      if (!sub.box) return none;
      for (let f = 0; f < n; f++) sub.push(this.frameAt(f));
      return sub.fill(n, variant);
    }
    const w = this.width,
      cw = w >> 1;
    const rw = b.x1 - b.x0,
      rh = b.y1 - b.y0,
      crw = (b.x1 >> 1) - (b.x0 >> 1),
      crh = rh >> 1;
    const hist = new Int32Array(256);
    const median = (values: Uint8Array[], at: number, masked: (f: number) => boolean): number => {
      hist.fill(0);
      let cnt = 0;
      for (let f = 0; f < n; f++)
        if (!masked(f)) {
          hist[values[f]![at]!]!++;
          cnt++;
        }
      if (cnt === 0) return -1;
      // float32 nanmedian truncated to uint8: the middle value, or floor of the mean of the two middle ones
      const kth = (k: number) => {
        let s = 0;
        for (let i = 0; i < 256; i++) {
          s += hist[i]!;
          if (s > k) return i;
        }
        return 255;
      };
      return cnt % 2 ? kth((cnt - 1) >> 1) : Math.floor((kth(cnt / 2 - 1) + kth(cnt / 2)) / 2);
    };
    const planeY = new Uint8Array(rw * rh),
      holeY = new Uint8Array(rw * rh);
    let holesY = 0;
    for (let i = 0; i < this.lumaIdx.length; i++) {
      const p = this.lumaIdx[i]!,
        x = p % w,
        y = (p - x) / w;
      const m = median(this.y, i, (f) => this.masks[f]!.at(x, y));
      const at = (y - b.y0) * rw + (x - b.x0);
      if (m < 0) {
        holeY[at] = 1;
        holesY++;
      } else planeY[at] = m;
    }
    const planeU = new Uint8Array(crw * crh),
      planeV = new Uint8Array(crw * crh),
      holeC = new Uint8Array(crw * crh);
    planeU.fill(0);
    planeV.fill(0);
    let holesC = 0;
    for (let i = 0; i < this.chromaIdx.length; i++) {
      const p = this.chromaIdx[i]!,
        cx = p % cw,
        cy = (p - cx) / cw;
      const masked = (f: number) => this.masks[f]!.at(2 * cx, 2 * cy);
      const mu = median(this.u, i, masked);
      const at = (cy - (b.y0 >> 1)) * crw + (cx - (b.x0 >> 1));
      if (mu < 0) {
        holeC[at] = 1;
        holesC++;
        planeU[at] = 128;
        planeV[at] = 128;
      } else {
        planeU[at] = mu;
        planeV[at] = median(this.v, i, masked);
      }
    }
    const spatial = (plane: Uint8Array, hole: Uint8Array, holes: number, cols: number, rows: number) =>
      holes === 0 || holes === cols * rows ? plane : inpaintTelea(plane, hole, cols, rows, TELEA_RADIUS, variant);
    return {
      box: b,
      y: spatial(planeY, holeY, holesY, rw, rh),
      u: spatial(planeU, holeC, holesC, crw, crh),
      v: spatial(planeV, holeC, holesC, crw, crh),
      holes: { luma: holesY, chroma: holesC },
    };
  }

  /** Frame f's stored values as a sparse I420 (zeros elsewhere), for a store over fewer frames, whose pixels are a subset. */
  private frameAt(f: number): I420 {
    const y = new Uint8Array(this.width * this.height),
      u = new Uint8Array((this.width * this.height) >> 2),
      v = new Uint8Array(u.length);
    for (let i = 0; i < this.lumaIdx.length; i++) y[this.lumaIdx[i]!] = this.y[f]![i]!;
    for (let i = 0; i < this.chromaIdx.length; i++) {
      u[this.chromaIdx[i]!] = this.u[f]![i]!;
      v[this.chromaIdx[i]!] = this.v[f]![i]!;
    }
    return { y, u, v };
  }
}
