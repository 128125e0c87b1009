/**
 * Number formatting for text shown to people (reasons, messages, chart ticks): at most `decimals` decimals with
 * trailing zeros dropped, so a pooled VMAF reads "48.999" and not "48.99862902253769", an integer stays an
 * integer, and a non-finite value is spelled out. Pure; used by core rule messages and by the UI.
 */

/** `x` rounded to at most `decimals` decimals, trailing zeros (and a bare point) removed; "−0" prints as "0". */
export function formatNumber(x: number, decimals = 3): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? '∞' : '−∞';
  const fixed = x.toFixed(Math.max(0, Math.min(20, Math.floor(decimals))));
  const trimmed = fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
  return trimmed === '-0' ? '0' : trimmed;
}

/** Distinct tick labels for `values` with the fewest decimals (up to `maxDecimals`) that keeps them distinct. */
export function formatTicks(values: readonly number[], maxDecimals = 6): string[] {
  for (let d = 0; d <= maxDecimals; d++) {
    const labels = values.map((v) => formatNumber(v, d));
    if (new Set(labels).size === new Set(values).size) return labels;
  }
  return values.map((v) => formatNumber(v, maxDecimals));
}
