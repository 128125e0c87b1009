/**
 * Python and numpy semantics that the upstream validators depend on, reproduced exactly in TypeScript:
 * `min`/`max` with NaN, `round` (ties to even on the exact binary value), `numpy.argmax` (first maximum, NaN wins),
 * float32 and float16 storage. See `shared/reference/vectors/README.md`, "Semantics that code packs inherit".
 */

/** Python `min(a, b)`: returns `a` unless `b < a` (so `min(1, NaN) = 1`, `min(NaN, 2) = NaN`). */
export function pyMin(a: number, b: number): number {
  return b < a ? b : a;
}

/** Python `max(a, b)`: returns `a` unless `b > a` (so `max(0, NaN) = 0`, `max(NaN, 0) = NaN`). */
export function pyMax(a: number, b: number): number {
  return b > a ? b : a;
}

/** `max(lo, min(hi, x))` as Python evaluates it: NaN maps to `hi`. */
export function pyClamp(x: number, lo: number, hi: number): number {
  return pyMax(lo, pyMin(hi, x));
}

/** numpy `clip(x, lo, hi)`: NaN stays NaN. */
export function npClip(x: number, lo: number, hi: number): number {
  if (Number.isNaN(x)) return x;
  return x < lo ? lo : x > hi ? hi : x;
}

/** Python `round(x)` on a float: nearest integer, ties to even. */
export function pyRoundInt(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** numpy `round(x)` / `rint`: identical to Python's for 0 decimals. */
export const npRound = pyRoundInt;

const TWO = 2n;
const pow10 = (n: number) => 10n ** BigInt(n);

/** Splits a finite non-zero |x| into an odd-or-any BigInt mantissa and binary exponent: |x| = m·2^e. */
function decompose(x: number): { m: bigint; e: number } {
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, Math.abs(x));
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const exp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (exp === 0) e = -1074;
  else {
    m |= 1n << 52n;
    e = exp - 1075;
  }
  return { m, e };
}

/**
 * Python `round(x, n)` for n ≥ 0: rounds the exact binary value of `x` to `n` decimals, ties to even, then converts
 * the decimal back to the nearest double. `round(0.03125, 4) = 0.0312`, `round(0.00275, 4) = 0.0027`.
 */
export function pyRound(x: number, n: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const { m, e } = decompose(x);
  let num = m * pow10(n);
  let den = 1n;
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  let q = num / den;
  const r = num - q * den;
  const twice = r * TWO;
  if (twice > den || (twice === den && q % TWO === 1n)) q += 1n;
  const value = Number(`${q}e-${n}`);
  return x < 0 ? -value : value;
}

/** `numpy.argmax`: index of the first maximum; the first NaN wins. Returns -1 for an empty array. */
export function npArgmax(values: readonly number[]): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) return i;
    if (best < 0 || v > bestValue) {
      best = i;
      bestValue = v;
    }
  }
  return best;
}

/** Rounds to the nearest float32 (numpy `astype(float32)`). */
export const f32 = Math.fround;

/** Rounds to the nearest float16 (round half to even, overflow to ±Infinity) and returns it as a number. */
export function f16(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  if (a >= 65520) return sign * Infinity; // 65504 + half an ulp rounds up to infinity
  let exp = Math.floor(Math.log2(a));
  if (2 ** exp > a) exp -= 1;
  if (2 ** (exp + 1) <= a) exp += 1;
  // Subnormals share the exponent of the smallest normal (2^-14) with a quantum of 2^-24.
  const quantumExp = Math.max(exp, -14) - 10;
  const scaled = a / 2 ** quantumExp;
  const rounded = pyRoundInt(scaled);
  return sign * rounded * 2 ** quantumExp;
}

/** Sum left to right (Python `sum` over a list), which is what the upstream code does. */
export function pySum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
