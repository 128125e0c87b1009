import { describe, expect, it } from 'vitest';
import { yuvToRgb } from './rgb.ts';

const frame = (y: number, u: number, v: number) => ({
  index: 0,
  width: 2,
  height: 2,
  chromaWidth: 1,
  chromaHeight: 1,
  y: new Uint8Array([y, y, y, y]),
  u: new Uint8Array([u]),
  v: new Uint8Array([v]),
});

describe('yuv420p → RGB (BT.601 limited range, as OpenCV/swscale)', () => {
  it('maps limited-range black, white and grey', () => {
    expect([...yuvToRgb(frame(16, 128, 128)).slice(0, 3)]).toEqual([0, 0, 0]);
    expect([...yuvToRgb(frame(235, 128, 128)).slice(0, 3)]).toEqual([255, 255, 255]);
    expect([...yuvToRgb(frame(126, 128, 128)).slice(0, 3)]).toEqual([128, 128, 128]);
  });
  it('maps saturated red within 1 LSB of the BT.601 definition', () => {
    // BT.601 limited red (255, 0, 0) is Y 81, U 90, V 240.
    const [r, g, b] = yuvToRgb(frame(81, 90, 240));
    expect(Math.abs(r! - 255)).toBeLessThanOrEqual(1);
    expect(g).toBeLessThanOrEqual(1);
    expect(b).toBeLessThanOrEqual(1);
  });
});
