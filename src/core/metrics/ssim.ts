/**
 * CPU twin of ffmpeg's `ssim` filter (libavfilter/vf_ssim.c, x264's SSIM by Loren Merritt; FFmpeg 5.1; formula and
 * constants from ../shared/reference/metrics.md §4.1) on every frame size. Not the Gaussian SSIM of Wang et al.:
 * per plane, 4x4 block sums (Σa, Σb, Σa²+Σb², Σab) are combined into unweighted 8x8 windows on a 4-pixel grid
 * (n = floor(W/4)−1 windows per row, floor(H/4)−1 rows; pixels past the last whole 4x4 block ignored), with integer
 * sums, c1 = (int)(0.01²·255²·64 + 0.5) = 416 and c2 = (int)(0.03²·255²·64·63 + 0.5) = 235963, each window's ratio in
 * float32, summed in double. Plane score = sum / (n · rows); All = Σ plane·(plane pixels / total pixels).
 * `a` is the distorted ("main") frame, `b` the reference.
 *
 * What x86-64 builds really compute (read in libavfilter/x86/vf_ssim.asm and checked against ffmpeg 5.1.9 on every
 * width class, see ssim-sizes.test.ts): the SSE4 `ssim_end_line` sums a row's windows four at a time and takes back
 * the lanes it added past the row's end. When n ≡ 1 (mod 4) its tail takes back the wrong lanes: it drops the row's
 * last real window (n−1) and keeps the window two past it (n+1), whose block sums are whatever lies in the filter's
 * scratch buffer at block indices w4 and w4+1 of both row buffers (w4 = floor(W/4)). Those slots are never written
 * by the plane itself: they hold block sums that earlier planes of the same slice job left there (luma blocks for
 * the chroma planes, the previous frame's chroma blocks for luma, zeros before anything was written). So the result
 * depends on the scratch layout, on how rows are split between slice jobs (min((chroma H + 3)/4, filter threads)
 * jobs, each with its own scratch; ffmpeg's default thread count is CPU count + 1) and, for luma, on the previous
 * frame. `SsimStream` reproduces this exactly: it tracks, per job, only the scratch slots such tails read.
 * ARM builds and `-cpuflags 0` run the portable C code, which has no such tail (`kernels: 'c'`).
 */
import type { YuvFrame } from '../video/frame.ts';

const C1 = 416;
const C2 = 235963;
const f32 = Math.fround;

/** Per-plane and weighted SSIM of one frame pair (values in [-1, 1]; NaN for planes under 8x8 pixels). */
export interface SsimResult {
  y: number;
  u: number;
  v: number;
  all: number;
}

/** Which ffmpeg build to reproduce. */
export interface SsimOptions {
  /**
   * The filter's slice threads (`-filter_complex_threads N` for `-lavfi`/`-filter_complex`, `-filter_threads N` for
   * `-vf`); ffmpeg's default is the CPU count + 1 (1 on a single CPU). Only matters for 'x86' on widths whose
   * floor(W/4) or floor(ceil(W/2)/4) is ≡ 2 (mod 4). Default 1.
   */
  threads?: number;
  /** 'x86' (default): the SSSE3/SSE4 kernels of x86-64 builds; 'c': the portable C kernels (ARM, `-cpuflags 0`). */
  kernels?: 'x86' | 'c';
}

/** ffmpeg's ssim_end1 for 8-bit sums of one 8x8 window: integer moments, float32 ratio. */
export function ssimEnd1(s1: number, s2: number, ss: number, s12: number): number {
  const vars = ss * 64 - s1 * s1 - s2 * s2;
  const covar = s12 * 64 - s1 * s2;
  const num = f32(f32(2 * s1 * s2 + C1) * f32(2 * covar + C2));
  const den = f32(f32(s1 * s1 + s2 * s2 + C1) * f32(vars + C2));
  return f32(num / den);
}

/** Scratch rows of 4x4 block sums, reused between calls of the same width. */
let scratchBlocks = -1;
let rowA: Int32Array = new Int32Array(0);
let rowB: Int32Array = new Int32Array(0);

/** Fills `out` (4 ints per block) with the 4x4 block sums of block row `by` (s1, s2, ss, s12). */
function blockRow(a: Uint8Array, b: Uint8Array, stride: number, by: number, blocks: number, out: Int32Array): void {
  out.fill(0, 0, blocks * 4);
  const y0 = by * 4;
  for (let dy = 0; dy < 4; dy++) {
    const rowOff = (y0 + dy) * stride;
    for (let bx = 0; bx < blocks; bx++) {
      let s1 = 0,
        s2 = 0,
        ss = 0,
        s12 = 0;
      const o = rowOff + bx * 4;
      for (let dx = 0; dx < 4; dx++) {
        const pa = a[o + dx]!;
        const pb = b[o + dx]!;
        s1 += pa;
        s2 += pb;
        ss += pa * pa + pb * pb;
        s12 += pa * pb;
      }
      const k = bx * 4;
      out[k] += s1;
      out[k + 1] += s2;
      out[k + 2] += ss;
      out[k + 3] += s12;
    }
  }
}

/**
 * Sum over all rows of the window values of one plane (double), windows 0 … `windows`−1 of each row. `a` =
 * distorted, `b` = reference, `width` x `height`, stride = width; needs floor(W/4) ≥ 2 and floor(H/4) ≥ 2.
 */
export function ssimWindowSum(a: Uint8Array, b: Uint8Array, width: number, height: number, windows: number): number {
  const w4 = width >> 2;
  const h4 = height >> 2;
  if (scratchBlocks < w4) {
    rowA = new Int32Array(w4 * 4);
    rowB = new Int32Array(w4 * 4);
    scratchBlocks = w4;
  }
  let prev = rowA;
  let cur = rowB;
  blockRow(a, b, width, 0, w4, prev);
  let total = 0;
  for (let by = 1; by < h4; by++) {
    blockRow(a, b, width, by, w4, cur);
    let line = 0;
    for (let x = 0; x < windows; x++) {
      const k = x * 4;
      line += ssimEnd1(
        prev[k]! + prev[k + 4]! + cur[k]! + cur[k + 4]!,
        prev[k + 1]! + prev[k + 5]! + cur[k + 1]! + cur[k + 5]!,
        prev[k + 2]! + prev[k + 6]! + cur[k + 2]! + cur[k + 6]!,
        prev[k + 3]! + prev[k + 7]! + cur[k + 3]! + cur[k + 7]!,
      );
    }
    total += line;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return total;
}

/**
 * SSIM of one 8-bit plane by ffmpeg's C code (no x86 tail effect). `a` = distorted, `b` = reference, both
 * `width` x `height` with stride = width. Returns a value in [-1, 1] (1 = identical); NaN when the plane has fewer
 * than 8x8 pixels (no window: ffmpeg prints nan, inf or -0 there).
 */
export function ssimPlane(a: Uint8Array, b: Uint8Array, width: number, height: number): number {
  const w4 = width >> 2;
  const h4 = height >> 2;
  if (w4 < 2 || h4 < 2) return NaN;
  return ssimWindowSum(a, b, width, height, w4 - 1) / ((h4 - 1) * (w4 - 1));
}

/** ffmpeg's `All`: planes weighted by their pixel share (double weights, as vf_ssim.c stores them). */
export function ssimAll(y: number, u: number, v: number, width: number, height: number, chromaWidth: number, chromaHeight: number): number {
  const ly = width * height;
  const lc = chromaWidth * chromaHeight;
  const sum = ly + 2 * lc;
  return (ly / sum) * y + (lc / sum) * u + (lc / sum) * v;
}

interface PlaneGeometry {
  w: number;
  w4: number;
  h4: number;
  /** Scratch entries per row buffer (vf_ssim.c SUM_LEN): w4 + 3; row buffer B starts there. */
  sumLen: number;
  /** Entries the SSSE3 line kernel writes per row: whole pairs of blocks, at least one pair. */
  written: number;
  /** x86 tail case: n = w4 − 1 ≡ 1 (mod 4) with at least one window row. */
  tail: boolean;
}

/**
 * ffmpeg's `ssim` filter over a stream of frames of one size, as one filter instance computes it (state carries
 * from frame to frame like the filter's scratch buffers). `frame` gives the scores; `tailSums` gives only the x86
 * tail terms, for engines that compute the ordinary windows themselves (the WebGPU kernel).
 */
export class SsimStream {
  readonly kernels: 'x86' | 'c';
  /** Slice jobs ffmpeg runs per frame. */
  readonly jobs: number;
  private readonly planes: PlaneGeometry[];
  /** Scratch indices whose contents a tail reads (carried from frame to frame). */
  private readonly keys: number[];
  /** Per job: block sums at `keys` (4 ints each) and whether a slot holds bytes from outside the plane. */
  private readonly slots: Int32Array[];
  private readonly unknown: Uint8Array[];

  constructor(
    readonly width: number,
    readonly height: number,
    options: SsimOptions = {},
  ) {
    const threads = options.threads ?? 1;
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`ssim: threads must be a positive integer, got ${threads}`);
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new RangeError(`ssim: frame size must be positive integers, got ${width}x${height}`);
    }
    this.kernels = options.kernels ?? 'x86';
    const cw = (width + 1) >> 1;
    const ch = (height + 1) >> 1;
    this.jobs = Math.min((ch + 3) >> 2, threads);
    this.planes = [
      [width, height],
      [cw, ch],
      [cw, ch],
    ].map(([w, h]) => {
      const w4 = w! >> 2;
      const h4 = h! >> 2;
      return {
        w: w!,
        w4,
        h4,
        sumLen: w4 + 3,
        written: Math.max(2, w4 + (w4 & 1)),
        tail: this.kernels === 'x86' && w4 >= 2 && h4 >= 2 && (w4 - 1) % 4 === 1,
      };
    });
    const keys = new Set<number>();
    for (const g of this.planes) if (g.tail) for (const k of [g.w4, g.w4 + 1, g.sumLen + g.w4, g.sumLen + g.w4 + 1]) keys.add(k);
    this.keys = [...keys];
    this.slots = Array.from({ length: this.jobs }, () => new Int32Array(this.keys.length * 4));
    this.unknown = Array.from({ length: this.jobs }, () => new Uint8Array(this.keys.length));
  }

  /** True when plane `p` (0 = Y, 1 = U, 2 = V) drops its last window per row and gets a tail term instead. */
  hasTail(p: number): boolean {
    return this.planes[p]!.tail;
  }

  /** Windows per row that are summed as computed (n, or n − 1 for a tail plane). */
  summedWindows(p: number): number {
    const g = this.planes[p]!;
    return g.tail ? g.w4 - 2 : g.w4 - 1;
  }

  /**
   * The x86 tail terms of one frame pair per plane (Σ over rows of the stray window value; 0 for planes without a
   * tail), and advances the carried scratch state. Call once per frame, in stream order. NaN for a plane whose
   * stray window would read bytes outside the frame (never seen on 4:2:0 sizes; kept as a guard).
   */
  tailSums(dist: YuvFrame, ref: YuvFrame): [number, number, number] {
    this.check(dist, ref);
    const sums: [number, number, number] = [0, 0, 0];
    if (this.keys.length === 0) return sums;
    const planeData = (q: number): [Uint8Array, Uint8Array] => (q === 0 ? [dist.y, ref.y] : q === 1 ? [dist.u, ref.u] : [dist.v, ref.v]);
    const block = new Int32Array(4);
    const acc = new Int32Array(4);
    for (let j = 0; j < this.jobs; j++) {
      /** This frame's row writes in job j so far: plane, last block row in buffer A and in buffer B (−1: none). */
      const writes: { q: number; za: number; zb: number }[] = [];
      /** Contents of scratch index k now: fills `block`; false when it holds bytes from outside the plane. */
      const resolve = (k: number): boolean => {
        for (let i = writes.length - 1; i >= 0; i--) {
          const { q, za, zb } = writes[i]!;
          const g = this.planes[q]!;
          let z = -1;
          let bx = -1;
          if (za >= 0 && k < g.written) {
            z = za;
            bx = k;
          } else if (zb >= 0 && k >= g.sumLen && k < g.sumLen + g.written) {
            z = zb;
            bx = k - g.sumLen;
          }
          if (z < 0) continue;
          if (bx >= g.w4) return false;
          const [a, b] = planeData(q);
          // the one block (bx, z): block row z of the planes seen from column 4·bx
          blockRow(a.subarray(4 * bx), b.subarray(4 * bx), g.w, z, 1, block);
          return true;
        }
        const i = this.keys.indexOf(k);
        block.set(this.slots[j]!.subarray(i * 4, i * 4 + 4));
        return this.unknown[j]![i] === 0;
      };
      for (let p = 0; p < 3; p++) {
        const g = this.planes[p]!;
        const start = Math.floor((g.h4 * j) / this.jobs);
        const end = Math.floor((g.h4 * (j + 1)) / this.jobs);
        const ystart = Math.max(1, start);
        if (ystart >= end) continue;
        if (g.tail) {
          acc.fill(0);
          let known = true;
          for (const k of [g.w4, g.w4 + 1, g.sumLen + g.w4, g.sumLen + g.w4 + 1]) {
            known = resolve(k) && known;
            for (let c = 0; c < 4; c++) acc[c] += block[c]!;
          }
          const v = known ? ssimEnd1(acc[0]!, acc[1]!, acc[2]!, acc[3]!) : NaN;
          for (let y = ystart; y < end; y++) sums[p] += v;
        }
        // Rows ystart−1 … end−1 go alternately to buffer B (first) and A.
        const first = ystart - 1;
        const last = end - 1;
        const rows = last - first + 1;
        const zb = (rows - 1) % 2 === 0 ? last : last - 1;
        const za = rows >= 2 ? ((rows - 1) % 2 === 1 ? last : last - 1) : -1;
        writes.push({ q: p, za, zb });
      }
      const slots = this.slots[j]!;
      const unknown = this.unknown[j]!;
      this.keys.forEach((k, i) => {
        const known = resolve(k);
        slots.set(block, i * 4);
        unknown[i] = known ? 0 : 1;
      });
    }
    return sums;
  }

  /** Scores of the next frame pair of the stream (dist = ffmpeg's `[main]`, ref = `[reference]`). */
  frame(dist: YuvFrame, ref: YuvFrame): SsimResult {
    const tails = this.tailSums(dist, ref);
    const pairs: [Uint8Array, Uint8Array][] = [
      [dist.y, ref.y],
      [dist.u, ref.u],
      [dist.v, ref.v],
    ];
    const scores = pairs.map(([a, b], p) => {
      const g = this.planes[p]!;
      if (g.w4 < 2 || g.h4 < 2) return NaN;
      const h = p === 0 ? this.height : dist.chromaHeight;
      return (ssimWindowSum(a, b, g.w, h, this.summedWindows(p)) + tails[p]!) / ((g.h4 - 1) * (g.w4 - 1));
    });
    const [y, u, v] = scores as [number, number, number];
    return { y, u, v, all: ssimAll(y, u, v, dist.width, dist.height, dist.chromaWidth, dist.chromaHeight) };
  }

  private check(dist: YuvFrame, ref: YuvFrame): void {
    for (const [name, f] of [
      ['distorted', dist],
      ['reference', ref],
    ] as const) {
      if (f.width !== this.width || f.height !== this.height) {
        throw new RangeError(`ssim: ${name} frame ${f.index} is ${f.width}x${f.height}, the stream is ${this.width}x${this.height}`);
      }
    }
  }
}

/**
 * ffmpeg `ssim` filter scores of one frame pair as the first frame of a stream (dist = `[main]`, ref =
 * `[reference]`): per-plane SSIM and `all` weighted by plane pixel counts (4:2:0: Y 2/3, U 1/6, V 1/6 for even
 * sizes). For a whole clip use one `SsimStream`: on some widths ffmpeg's luma score depends on the previous frame.
 * @throws RangeError when the frames differ in size.
 */
export function ssimFrame(dist: YuvFrame, ref: YuvFrame, options?: SsimOptions): SsimResult {
  if (dist.width !== ref.width || dist.height !== ref.height) {
    throw new RangeError(`ssim: frame sizes differ: distorted ${dist.width}x${dist.height}, reference ${ref.width}x${ref.height}`);
  }
  return new SsimStream(dist.width, dist.height, options).frame(dist, ref);
}

/** ffmpeg's SSIM in dB: 10·log10(1/(1 − ssim)); Infinity for ssim = 1. */
export function ssimDb(ssim: number): number {
  return 10 * Math.log10(1 / (1 - ssim));
}
