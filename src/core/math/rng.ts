/**
 * A tiny seeded pseudo-random generator (mulberry32, Tommy Ettinger's public-domain 32-bit mixer) so frame
 * sampling plans are reproducible from a seed. Not cryptographic, and not numpy's Mersenne Twister: Preflight
 * cannot predict the validator's draws, only reproduce its *distributions* deterministically.
 */

/** A function returning uniform floats in [0, 1). */
export type Rng = () => number;

/** mulberry32 generator seeded with a 32-bit integer (other numbers are truncated to 32 bits). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [low, high) like numpy's `randint(low, high)`. @throws RangeError when high <= low. */
export function randInt(rng: Rng, low: number, high: number): number {
  if (!(high > low)) throw new RangeError(`randInt: empty range [${low}, ${high})`);
  return low + Math.floor(rng() * (high - low));
}
