/**
 * JSON that keeps NaN and ±Infinity: `nonFiniteReplacer` (a JSON.stringify replacer) writes them as tagged strings
 * ("\u0000num:NaN") and `nonFiniteReviver` (a JSON.parse reviver) turns those back into numbers. engine.html encodes
 * its results so (src/ui/engine-host.ts) and the CLI decodes them (src/cli/browser/engine-session.ts); a metric that
 * is NaN must arrive as NaN, not as null.
 */

/** Prefix of a non-finite number encoded as a string. */
export const NON_FINITE_TAG = '\u0000num:';

/** JSON.stringify replacer keeping NaN / ±Infinity as tagged strings. */
export function nonFiniteReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? NON_FINITE_TAG + String(value) : value;
}

/** JSON.parse reviver turning tagged strings back into NaN / ±Infinity. */
export function nonFiniteReviver(_key: string, value: unknown): unknown {
  return typeof value === 'string' && value.startsWith(NON_FINITE_TAG) ? Number(value.slice(NON_FINITE_TAG.length)) : value;
}
