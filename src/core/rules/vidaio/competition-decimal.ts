/**
 * The two pieces of Python arithmetic the validator-vidaio competition economics depend on, reproduced exactly:
 * `math.fsum` (CPython Modules/mathmodule.c `math_fsum`: Shewchuk's exact partials with the final half-even
 * correction, OverflowError on intermediate overflow, ValueError for −inf + inf), used for the entry mean
 * (vidAio-subnet/validator-vidaio vidaio/competition/economic_result.py `aggregate_subject_scores`@e76b503), and
 * `decimal.Decimal` built from `str(float)` under the default context (28 significant digits, ROUND_HALF_EVEN), used
 * by every crown/podium comparison, the winner margin, `place_shares` and the burn share
 * (vidaio/tokenomics/breakthrough.py@e76b503, which says so: "canonical decimal spellings, with no threshold drift").
 * JavaScript's `String(x)` gives the same shortest round-trip digits as Python's `str(float)`, so the decimal values
 * are identical; only the exponent spelling differs, which the parser accepts.
 */
import { UpstreamError } from '../types.ts';

/** Python `math.fsum`: the correctly rounded sum of `values` (also the 4-frame PIE-APP mean of validator-vidaio@e76b503's upscaling score). */
export function fsum(values: readonly number[]): number {
  const p: number[] = [];
  let specialSum = 0;
  let infSum = 0;
  for (const value of values) {
    let x = value;
    let i = 0;
    for (let j = 0; j < p.length; j++) {
      let y = p[j]!;
      if (Math.abs(x) < Math.abs(y)) {
        const t = x;
        x = y;
        y = t;
      }
      const hi = x + y;
      const lo = y - (hi - x);
      if (lo !== 0) p[i++] = lo;
      x = hi;
    }
    p.length = i;
    if (x !== 0) {
      if (!Number.isFinite(x)) {
        if (Number.isFinite(value)) throw new UpstreamError('OverflowError: intermediate overflow in fsum');
        if (value === Infinity || value === -Infinity) infSum += value;
        specialSum += value;
        p.length = 0;
      } else p.push(x);
    }
  }
  if (specialSum !== 0) {
    if (Number.isNaN(infSum)) throw new UpstreamError('ValueError: -inf + inf in fsum');
    return specialSum;
  }
  let hi = 0;
  let n = p.length;
  if (n > 0) {
    hi = p[--n]!;
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n]!;
      hi = x + y;
      const yr = hi - x;
      lo = y - yr;
      if (lo !== 0) break;
    }
    if (n > 0 && ((lo < 0 && p[n - 1]! < 0) || (lo > 0 && p[n - 1]! > 0))) {
      const y = lo * 2;
      const x = hi + y;
      const yr = x - hi;
      if (y === yr) hi = x;
    }
  }
  return hi;
}

/** A finite decimal c·10^e (c a signed BigInt), as Python's `Decimal` holds it. */
export interface Dec {
  c: bigint;
  e: number;
}

/** Python's default decimal context precision. */
export const DEC_PRECISION = 28;

const TEN = 10n;
const pow10 = (k: number): bigint => TEN ** BigInt(k);
const digits = (c: bigint): number => (c < 0n ? -c : c).toString().length;

/** `Decimal(str(x))` for a finite float; non-finite values throw (every caller checks finiteness first, as upstream). */
export function decFromFloat(x: number): Dec {
  if (!Number.isFinite(x)) throw new UpstreamError(`ValueError: ${x} has no canonical decimal spelling here`);
  return decParse(String(x));
}

/** Parses a decimal literal (`-0.0123`, `1e-7`, `1.5e+21`). */
export function decParse(text: string): Dec {
  const m = /^([+-]?)(\d+)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text.trim());
  if (!m) throw new Error(`not a decimal number: ${JSON.stringify(text)}`);
  const frac = m[3] ?? '';
  const c = BigInt(m[2]! + frac) * (m[1] === '-' ? -1n : 1n);
  return { c, e: Number(m[4] ?? 0) - frac.length };
}

/** Rounds to `DEC_PRECISION` significant digits, half to even (the context rounding after every operation). */
function roundContext(d: Dec): Dec {
  const extra = digits(d.c) - DEC_PRECISION;
  if (extra <= 0) return d;
  const neg = d.c < 0n;
  const abs = neg ? -d.c : d.c;
  const div = pow10(extra);
  let q = abs / div;
  const r = abs % div;
  const twice = 2n * r;
  if (twice > div || (twice === div && q % 2n === 1n)) q += 1n;
  return { c: neg ? -q : q, e: d.e + extra };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const e = Math.min(a.e, b.e);
  return [a.c * pow10(a.e - e), b.c * pow10(b.e - e), e];
}

export function decAdd(a: Dec, b: Dec): Dec {
  const [x, y, e] = align(a, b);
  return roundContext({ c: x + y, e });
}

export function decSub(a: Dec, b: Dec): Dec {
  return decAdd(a, { c: -b.c, e: b.e });
}

export function decMul(a: Dec, b: Dec): Dec {
  return roundContext({ c: a.c * b.c, e: a.e + b.e });
}

/** a / b rounded to 28 significant digits, half to even; b = 0 throws (decimal.DivisionByZero). */
export function decDiv(a: Dec, b: Dec): Dec {
  if (b.c === 0n) throw new UpstreamError('decimal.DivisionByZero');
  if (a.c === 0n) return { c: 0n, e: 0 };
  const neg = a.c < 0n !== b.c < 0n;
  const na = a.c < 0n ? -a.c : a.c;
  const nb = b.c < 0n ? -b.c : b.c;
  // Enough extra digits that the integer quotient carries more than the precision; the remainder is the sticky bit.
  const k = Math.max(0, DEC_PRECISION + 2 + digits(nb) - digits(na));
  const num = na * pow10(k);
  let q = num / nb;
  const r = num % nb;
  let e = a.e - b.e - k;
  const extra = digits(q) - DEC_PRECISION;
  if (extra > 0) {
    const div = pow10(extra);
    let qq = q / div;
    const rr = q % div;
    const twice = 2n * rr;
    // The discarded part is rr + r/nb (r/nb < 1 unit of the last place kept by q).
    if (twice > div || (twice === div && (r > 0n || qq % 2n === 1n))) qq += 1n;
    q = qq;
    e += extra;
  }
  return { c: neg ? -q : q, e };
}

/** −1, 0 or 1 as a < b, a = b, a > b. */
export function decCmp(a: Dec, b: Dec): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** `float(Decimal)`: correctly rounded, as JavaScript's number parsing is. */
export function decToNumber(d: Dec): number {
  return Number(`${d.c}e${d.e}`);
}

export const DEC_ONE: Dec = { c: 1n, e: 0 };
