/**
 * pf-frame-viewer on the dev server: the three modes draw different canvas pixels for two different frames (side
 * by side is wider than split/diff; split shows the reference left of the split and the distorted frame right of
 * it; the keyboard moves the split), and the difference map of identical frames is all black.
 */
import { test, expect } from './fixtures.ts';

test('frame viewer: side by side, split and difference modes render; identical frames give a black diff map', async ({ page }) => {
  await page.goto('./e2e/harness/index.html');
  const result = await page.evaluate(async () => {
    await import('/src/ui/components/frame-viewer.ts');
    const { createYuvFrame } = await import('/src/core/video/frame.ts');
    const W = 32;
    const H = 16;
    const ref = createYuvFrame(0, W, H, 60);
    const dist = createYuvFrame(0, W, H, 200);
    for (let i = 0; i < W * H; i++) ref.y[i] = 40 + (i % W) * 4;
    const el = document.createElement('pf-frame-viewer') as any;
    el.style.width = '640px';
    document.body.append(el);
    el.ref = ref;
    el.dist = dist;
    const snap = async () => {
      await el.updateComplete;
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      const c = el.shadowRoot.querySelector('canvas') as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      return { w: c.width, h: c.height, px: Array.from(d), cssWidth: c.getBoundingClientRect().width };
    };
    const at = (s: { w: number; px: number[] }, x: number, y: number) => s.px.slice((y * s.w + x) * 4, (y * s.w + x) * 4 + 4);
    const side = await snap();
    const radio = (m: string) => el.shadowRoot.querySelector(`input[name=mode][value=${m}]`) as HTMLInputElement;
    radio('split').click();
    const split = await snap();
    // Keyboard: focus the slider and press End → the whole width shows the reference.
    const slider = el.shadowRoot.querySelector('input[type=range]') as HTMLInputElement;
    const sliderRole = slider.type;
    slider.focus();
    const focused = el.shadowRoot.activeElement === slider;
    radio('diff').click();
    const diff = await snap();
    const stats = el.shadowRoot.querySelector('.stats');
    const diffStats = { max: Number(stats?.getAttribute('data-max')), mean: Number(stats?.getAttribute('data-mean')) };
    // Identical frames.
    el.dist = ref;
    const same = await snap();
    const stats2 = el.shadowRoot.querySelector('.stats');
    const sameStats = { max: Number(stats2?.getAttribute('data-max')) };
    const allBlack = same.px.every((v, i) => (i % 4 === 3 ? v === 255 : v === 0));
    return {
      side: { w: side.w, h: side.h, leftPx: at(side, 2, 2), rightPx: at(side, W + 8 + 2, 2), cssWidth: side.cssWidth },
      split: { w: split.w, leftPx: at(split, 2, 2), rightPx: at(split, W - 2, 2) },
      diffDiffersFromSplit: diff.px.some((v, i) => v !== split.px[i]),
      diffStats,
      sameStats,
      allBlack,
      sliderRole,
      focused,
      W,
    };
  });
  // Side by side: reference, gap, distorted; scaled by CSS to the container.
  expect(result.side.w).toBe(result.W * 2 + 8);
  expect(result.side.h).toBe(16);
  expect(result.side.cssWidth).toBeCloseTo(640, 0);
  expect(result.side.leftPx).not.toEqual(result.side.rightPx);
  // Split: the reference's pixels left of the split, the distorted frame's right of it.
  expect(result.split.w).toBe(result.W);
  expect(result.split.leftPx).toEqual(result.side.leftPx);
  expect(result.split.rightPx.slice(0, 3)).toEqual(result.side.rightPx.slice(0, 3));
  expect(result.sliderRole).toBe('range');
  expect(result.focused).toBe(true);
  // Difference: different pixels from split, and statistics of |ΔY|: ref Y = 40 + 4x, dist Y = 200 → max 160.
  expect(result.diffDiffersFromSplit).toBe(true);
  expect(result.diffStats.max).toBe(160);
  expect(result.sameStats.max).toBe(0);
  expect(result.allBlack).toBe(true);
});

test('frame viewer: keyboard moves the split slider', async ({ page }) => {
  await page.goto('./e2e/harness/index.html');
  await page.evaluate(async () => {
    await import('/src/ui/components/frame-viewer.ts');
    const { createYuvFrame } = await import('/src/core/video/frame.ts');
    const el = document.createElement('pf-frame-viewer') as any;
    el.mode = 'split';
    el.ref = createYuvFrame(0, 20, 10, 235);
    el.dist = createYuvFrame(0, 20, 10, 16);
    document.body.append(el);
    await el.updateComplete;
  });
  const slider = page.locator('pf-frame-viewer input[type=range]');
  await slider.focus();
  await page.keyboard.press('End');
  const full = await page.evaluate(() => {
    const el = document.querySelector('pf-frame-viewer') as any;
    return el.split as number;
  });
  expect(full).toBe(1);
  await page.keyboard.press('Home');
  const pixel = await page.evaluate(async () => {
    const el = document.querySelector('pf-frame-viewer') as any;
    await el.updateComplete;
    const c = el.shadowRoot.querySelector('canvas') as HTMLCanvasElement;
    return Array.from(c.getContext('2d')!.getImageData(10, 5, 1, 1).data);
  });
  // Split at 0: the whole canvas shows the distorted frame (limited black → 0).
  expect(pixel).toEqual([0, 0, 0, 255]);
});
