/** The dev-server harness loads source modules directly, and the page is cross-origin isolated. */
import { test, expect } from './fixtures.ts';

test('harness imports src modules and is cross-origin isolated', async ({ page }) => {
  await page.goto('./e2e/harness/index.html');
  const result = await page.evaluate(async () => {
    const py = await import('/src/core/math/py.ts');
    return { round: py.pyRound(0.03125, 4), isolated: self.crossOriginIsolated };
  });
  expect(result).toEqual({ round: 0.0312, isolated: true });
});
