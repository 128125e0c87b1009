/**
 * Exact 64-bit integer helpers for the integer VMAF ports: JS numbers are exact only below 2^53, while libvmaf's
 * fixed-point code multiplies 32-bit values into int64 and accumulates uint64 sums. These helpers keep the
 * common case in plain float64 arithmetic and fall back to BigInt only when a value could leave the exact range.
 */

const TWO16 = 65536;
const TWO52 = 2 ** 52;

/**
 * floor((a·b + add) / 2^s) exactly, for integers |a| < 2^32, 0 ≤ b < 2^32, |add| ≤ 2^32 and s in [16, 52];
 * the result must be below 2^53 in magnitude (true for every use here: s ≥ 28 and |a·b| < 2^64).
 * Models `(int64)a * b + add >> s` (arithmetic shift = floor).
 */
export function mulShiftFloor(a: number, b: number, add: number, s: number): number {
  const p = a * b;
  if (p < TWO52 && p > -TWO52) return Math.floor((p + add) / 2 ** s);
  const bh = Math.floor(b / TWO16);
  const bl = b - bh * TWO16;
  return Math.floor((a * bh + Math.floor((a * bl + add) / TWO16)) / 2 ** (s - 16));
}

/**
 * Unsigned 64-bit accumulator (sum of non-negative integers) that stays a float64 while the sum is below 2^52
 * and spills into a BigInt otherwise.
 */
export class U64Acc {
  n = 0;
  b = 0n;

  reset(): void {
    this.n = 0;
    this.b = 0n;
  }

  /** add an integer 0 ≤ v < 2^53 */
  add(v: number): void {
    const t = this.n + v;
    if (t < TWO52) this.n = t;
    else {
      this.b += BigInt(this.n) + BigInt(v);
      this.n = 0;
    }
  }

  /** add floor((q·x + add) / 2^s) for integers q, x ≥ 0 (< 2^33), 0 ≤ add < 2^32, 0 ≤ s < 53 */
  addProductShift(q: number, x: number, add: number, s: number): void {
    const p = q * x;
    if (p < TWO52) this.add(Math.floor((p + add) / 2 ** s));
    else this.b += (BigInt(q) * BigInt(x) + BigInt(add)) >> BigInt(s);
  }

  /** add floor((other + add) / 2^s) (models `acc += (inner + add) >> s` on uint64) */
  addShifted(other: U64Acc, add: number, s: number): void {
    if (other.b === 0n) this.add(Math.floor((other.n + add) / 2 ** s));
    else this.b += (other.b + BigInt(other.n) + BigInt(add)) >> BigInt(s);
  }

  /** value as a double, rounded once (like a C int64 → double conversion) */
  toDouble(): number {
    return this.b === 0n ? this.n : Number(this.b + BigInt(this.n));
  }

  /** value as a float32, rounded once (like a C int64 → float conversion) */
  toFloat32(): number {
    if (this.b === 0n) return Math.fround(this.n);
    const v = this.b + BigInt(this.n);
    const len = v.toString(2).length;
    if (len <= 53) return Math.fround(Number(v));
    const sh = BigInt(len - 24);
    let q = v >> sh;
    const rem = v - (q << sh);
    const half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
    return Number(q) * 2 ** Number(sh);
  }
}
