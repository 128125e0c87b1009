/**
 * Telea inpainting (fast-marching method, A. Telea, "An Image Inpainting Technique Based on the Fast Marching
 * Method", J. Graphics Tools 9(1), 2004) as OpenCV's `cv2.inpaint(img, mask, radius, cv2.INPAINT_TELEA)` computes it
 * on an 8-bit single-channel image (modules/photo/src/inpaint.cpp, read for its arithmetic; the code here is written
 * anew). validator-vidaio fills the pixels that are masked on every frame of the temporal-median baseline with it
 * (radius 3; ../shared/reference/rules/vidaio-v3.md §2.7), so the floor a miner must beat depends on its exact output.
 *
 * What OpenCV does, reproduced here on purpose:
 * - Work arrays are one pixel larger on every side; the hole is dilated by a 3x3 cross to get the narrow band
 *   (distance T = 0), and a second fast march outwards over the ring within `radius` gives the known pixels negative
 *   distances.
 * - The priority queue is a sorted list: pops take the smallest T, ties in insertion order (here a binary heap
 *   keyed by (T, insertion number), which pops in the same order).
 * - Distances, gradients and weights are float32; `FastMarching_solve` works in double and rounds its result to float.
 * - Neighbours in the first/last image row and column are read one pixel inwards (`km = k−1+(k==1)`,
 *   `kp = k−1−(k==rows−2)`), as OpenCV up to 4.9 does.
 * - The written value is `saturate_cast<uchar>(Ia/s + (Jx+Jy)/(√(Jx²+Jy²)+1e−20) + 0.5)`, i.e. round half to even of
 *   a value that already has 0.5 added.
 * Tested pixel for pixel against Debian's OpenCV 4.6.0 (removal-median.test.ts). The validator pins
 * opencv-python-headless 4.12.0.88, and OpenCV 4.10 changed this function (opencv/opencv pull 25402 for holes on
 * the top/left border, issue 25389; issue 28648 reports the changed results): see `TeleaVariant`.
 */

const KNOWN = 0;
const BAND = 1;
const INSIDE = 2;
const CHANGE = 3;
const f32 = Math.fround;

/** Stable min-priority queue on float32 T: pops the smallest T, equal T in push order. */
class MarchQueue {
  private ts: number[] = [];
  private seqs: number[] = [];
  private pos: number[] = [];
  private seq = 0;
  get size(): number {
    return this.ts.length;
  }
  private less(a: number, b: number): boolean {
    return this.ts[a]! < this.ts[b]! || (this.ts[a] === this.ts[b] && this.seqs[a]! < this.seqs[b]!);
  }
  private swap(a: number, b: number): void {
    [this.ts[a], this.ts[b]] = [this.ts[b]!, this.ts[a]!];
    [this.seqs[a], this.seqs[b]] = [this.seqs[b]!, this.seqs[a]!];
    [this.pos[a], this.pos[b]] = [this.pos[b]!, this.pos[a]!];
  }
  push(p: number, t: number): void {
    let i = this.ts.length;
    this.ts.push(t);
    this.seqs.push(this.seq++);
    this.pos.push(p);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  /** Position of the popped element, or -1 when empty. */
  pop(): number {
    const n = this.ts.length;
    if (n === 0) return -1;
    const top = this.pos[0]!;
    this.swap(0, n - 1);
    this.ts.pop();
    this.seqs.pop();
    this.pos.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1,
        r = l + 1;
      let m = i;
      if (l < n - 1 && this.less(l, m)) m = l;
      if (r < n - 1 && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
}

/** `FastMarching_solve`: the upwind solution at a pixel from two neighbours (positions p1, p2 in the work arrays). */
function solve(p1: number, p2: number, flag: Uint8Array, t: Float32Array): number {
  const a11 = t[p1]!,
    a22 = t[p2]!;
  const m12 = a11 < a22 ? a11 : a22;
  let sol: number;
  if (flag[p1] !== INSIDE) {
    if (flag[p2] !== INSIDE) sol = Math.abs(a11 - a22) >= 1.0 ? 1 + m12 : (a11 + a22 + Math.sqrt(2 - (a11 - a22) * (a11 - a22))) * 0.5;
    else sol = 1 + a11;
  } else if (flag[p2] !== INSIDE) sol = 1 + a22;
  else sol = 1 + m12;
  return f32(sol);
}

const min2 = (a: number, b: number) => (a > b ? b : a);

/** min over the four diagonal quadrants of `solve` at work-array position p (row stride `es`). */
function march(p: number, es: number, flag: Uint8Array, t: Float32Array): number {
  return min2(min2(solve(p - es, p - 1, flag, t), solve(p + es, p - 1, flag, t)), min2(solve(p - es, p + 1, flag, t), solve(p + es, p + 1, flag, t)));
}

/** Round half to even, as SSE `cvtss2si` does in `cvRound(float)`. */
function rint(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Which OpenCV arithmetic to follow. 'opencv-4.6' (verified bit-exact against Debian's 4.6.0) reads the image value
 * of each neighbour at the clamped position (`km`, `lm`) and writes `cvRound(float(value + 0.5f))`. 'opencv-4.10'
 * follows the source of OpenCV 4.10 and later (after opencv/opencv pull 25402 and the `round_cast` change for
 * issue 25404, read in the public source; the validator pins 4.12): the neighbour's own value (`k−1`, `l−1`) and
 * `cvRound(double(float(value)) + 0.5)`. No OpenCV ≥ 4.10 build was available here, so that variant is unverified.
 */
export type TeleaVariant = 'opencv-4.6' | 'opencv-4.10';

/**
 * `cv2.inpaint(src, mask, radius, INPAINT_TELEA)` for an 8-bit single-channel `width` x `height` image; mask
 * non-zero = pixel to fill. Returns a new image (the input is not modified).
 */
export function inpaintTelea(
  src: Uint8Array,
  mask: Uint8Array,
  width: number,
  height: number,
  radius: number,
  variant: TeleaVariant = 'opencv-4.6',
): Uint8Array {
  const newer = variant === 'opencv-4.10';
  if (src.length !== width * height || mask.length !== width * height) throw new RangeError(`inpaintTelea: image and mask must both be ${width}x${height}`);
  const out = src.slice();
  let range = rint(radius);
  range = Math.min(Math.max(range, 1), 100);
  const er = height + 2,
    ec = width + 2,
    es = ec;
  const n = er * ec;
  const inside = new Uint8Array(n); // `mask` work array: INSIDE in the hole, KNOWN elsewhere
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (mask[y * width + x]) inside[(y + 1) * es + x + 1] = INSIDE;
  clearBorder(inside, er, ec);
  const t = new Float32Array(n).fill(1.0e6);
  // Narrow band: 3x3-cross dilation of the hole, minus the hole, border cleared.
  const band = new Uint8Array(n);
  for (let y = 1; y < er - 1; y++)
    for (let x = 1; x < ec - 1; x++) {
      const p = y * es + x;
      if (inside[p]) continue;
      if (inside[p - es] || inside[p + es] || inside[p - 1] || inside[p + 1]) band[p] = INSIDE;
    }
  let any = false;
  for (let p = 0; p < n; p++)
    if (inside[p] || band[p]) {
      any = true;
      break;
    }
  if (!any) return out;
  const heap = new MarchQueue();
  for (let p = 0; p < n; p++) if (band[p]) heap.push(p, 0);
  for (let p = 0; p < n; p++) if (band[p]) t[p] = 0;

  // Outward march over the ring within `range` of the hole (Chebyshev dilation by a (2r+1)² square), which gives
  // the known pixels there negative distances.
  const ring = new Uint8Array(n);
  let ringCount = 0;
  for (let y = 0; y < er; y++)
    for (let x = 0; x < ec; x++) {
      const p = y * es + x;
      if (inside[p]) continue;
      let hit = false;
      for (let dy = -range; dy <= range && !hit; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= er) continue;
        for (let dx = -range; dx <= range; dx++) {
          const xx = x + dx;
          if (xx >= 0 && xx < ec && inside[yy * es + xx]) {
            hit = true;
            break;
          }
        }
      }
      if (hit) {
        ring[p] = INSIDE;
        ringCount++;
      }
    }
  if (ringCount === 0) return out;
  const outQueue = new MarchQueue();
  for (let p = 0; p < n; p++) if (band[p]) outQueue.push(p, 0);
  for (let p = 0; p < n; p++) if (band[p]) ring[p] = 0;
  clearBorder(ring, er, ec);
  for (let p = outQueue.pop(); p >= 0; p = outQueue.pop()) {
    ring[p] = CHANGE;
    for (const q of [p - es, p - 1, p + es, p + 1]) {
      const i = Math.floor(q / es),
        j = q % es;
      if (i <= 0 || j <= 0 || i > er || j > ec) continue;
      if (ring[q] === INSIDE) {
        const d = march(q, es, ring, t);
        t[q] = d;
        ring[q] = BAND;
        outQueue.push(q, d);
      }
    }
  }
  for (let p = 0; p < n; p++) if (ring[p] === CHANGE) t[p] = -t[p]!;

  // Inward march filling the hole.
  const at = (k: number, l: number) => out[k * width + l]!;
  for (let p = heap.pop(); p >= 0; p = heap.pop()) {
    inside[p] = KNOWN;
    for (const q of [p - es, p - 1, p + es, p + 1]) {
      const i = Math.floor(q / es),
        j = q % es;
      if (i <= 0 || j <= 0 || i > er - 1 || j > ec - 1) continue;
      if (inside[q] !== INSIDE) continue;
      const dist = march(q, es, inside, t);
      t[q] = dist;
      const tij = t[q]!;
      let gx: number, gy: number;
      if (inside[q + 1] !== INSIDE) gx = inside[q - 1] !== INSIDE ? f32(f32(t[q + 1]! - t[q - 1]!) * 0.5) : f32(t[q + 1]! - tij);
      else gx = inside[q - 1] !== INSIDE ? f32(tij - t[q - 1]!) : 0;
      if (inside[q + es] !== INSIDE) gy = inside[q - es] !== INSIDE ? f32(f32(t[q + es]! - t[q - es]!) * 0.5) : f32(t[q + es]! - tij);
      else gy = inside[q - es] !== INSIDE ? f32(tij - t[q - es]!) : 0;
      let ia = 0,
        jx = 0,
        jy = 0,
        s = f32(1.0e-20);
      for (let k = i - range; k <= i + range; k++) {
        const km = k - 1 + (k === 1 ? 1 : 0),
          kp = k - 1 - (k === er - 2 ? 1 : 0);
        for (let l = j - range; l <= j + range; l++) {
          const lm = l - 1 + (l === 1 ? 1 : 0),
            lp = l - 1 - (l === ec - 2 ? 1 : 0);
          if (!(k > 0 && l > 0 && k < er - 1 && l < ec - 1)) continue;
          const kl = k * es + l;
          if (inside[kl] === INSIDE || (l - j) * (l - j) + (k - i) * (k - i) > range * range) continue;
          const ry = i - k,
            rx = j - l;
          const len = ry * ry + rx * rx; // exact in float32
          const dst = f32(1 / (len * Math.sqrt(len)));
          const lev = f32(1 / f32(1 + Math.abs(f32(t[kl]! - tij))));
          let dir = f32(f32(rx * gx) + f32(ry * gy));
          if (Math.abs(dir) <= 0.01) dir = f32(0.000001);
          const w = f32(Math.abs(f32(f32(dst * lev) * dir)));
          let gix: number, giy: number;
          if (inside[kl + 1] !== INSIDE) gix = inside[kl - 1] !== INSIDE ? (at(km, lp + 1) - at(km, lm - 1)) * 2 : at(km, lp + 1) - at(km, lm);
          else gix = inside[kl - 1] !== INSIDE ? at(km, lp) - at(km, lm - 1) : 0;
          if (inside[kl + es] !== INSIDE) giy = inside[kl - es] !== INSIDE ? (at(kp + 1, lm) - at(km - 1, lm)) * 2 : at(kp + 1, lm) - at(km, lm);
          else giy = inside[kl - es] !== INSIDE ? at(kp, lm) - at(km - 1, lm) : 0;
          ia = f32(ia + f32(w * (newer ? at(k - 1, l - 1) : at(km, lm))));
          jx = f32(jx - f32(w * f32(gix * rx)));
          jy = f32(jy - f32(w * f32(giy * ry)));
          s = f32(s + w);
        }
      }
      const norm = f32(f32(Math.sqrt(f32(f32(jx * jx) + f32(jy * jy)))) + f32(1.0e-20));
      const value = f32(f32(ia / s) + f32(f32(jx + jy) / norm));
      const v = newer ? rint(value + 0.5) : rint(f32(value + 0.5));
      out[(i - 1) * width + (j - 1)] = v < 0 ? 0 : v > 255 ? 255 : v;
      inside[q] = BAND;
      heap.push(q, dist);
    }
  }
  return out;
}

/** `SET_BORDER1_C1`: zero the outermost rows and columns of an er x ec work array. */
function clearBorder(a: Uint8Array, er: number, ec: number): void {
  for (let x = 0; x < ec; x++) {
    a[x] = 0;
    a[(er - 1) * ec + x] = 0;
  }
  for (let y = 1; y < er - 1; y++) {
    a[y * ec] = 0;
    a[y * ec + ec - 1] = 0;
  }
}
