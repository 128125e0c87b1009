/**
 * The decoded-frame type shared by the video helpers and the metrics: one 8-bit 4:2:0 frame with tightly packed
 * planes (stride = plane width), as ffmpeg writes `-pix_fmt yuv420p`. Chroma planes are ceil(W/2) x ceil(H/2),
 * the `AV_CEIL_RSHIFT` sizes ffmpeg and libvmaf use. Also small constructors and size helpers.
 */

/** One decoded 8-bit 4:2:0 frame, planes tightly packed (stride = plane width). */
export interface YuvFrame {
  /** Frame number in the source, 0-based. */
  index: number;
  /** Luma size in pixels. */
  width: number;
  height: number;
  /** Chroma plane size: ceil(width/2) x ceil(height/2). */
  chromaWidth: number;
  chromaHeight: number;
  y: Uint8Array;
  u: Uint8Array;
  v: Uint8Array;
}

/** Chroma plane size of a 4:2:0 frame of `width` x `height` luma pixels. */
export function chromaSize(width: number, height: number): { chromaWidth: number; chromaHeight: number } {
  return { chromaWidth: (width + 1) >> 1, chromaHeight: (height + 1) >> 1 };
}

/** Bytes of one packed yuv420p frame (Y + U + V). */
export function yuv420FrameBytes(width: number, height: number): number {
  const { chromaWidth, chromaHeight } = chromaSize(width, height);
  return width * height + 2 * chromaWidth * chromaHeight;
}

/**
 * Wraps one packed yuv420p buffer (Y then U then V, `yuv420FrameBytes` long) as a frame without copying.
 * @throws RangeError when the buffer is shorter than one frame.
 */
export function yuvFrameFromPacked(index: number, width: number, height: number, data: Uint8Array): YuvFrame {
  const { chromaWidth, chromaHeight } = chromaSize(width, height);
  const ySize = width * height;
  const cSize = chromaWidth * chromaHeight;
  if (data.length < ySize + 2 * cSize)
    throw new RangeError(`frame ${index}: buffer has ${data.length} bytes, a ${width}x${height} yuv420p frame needs ${ySize + 2 * cSize}`);
  return {
    index,
    width,
    height,
    chromaWidth,
    chromaHeight,
    y: data.subarray(0, ySize),
    u: data.subarray(ySize, ySize + cSize),
    v: data.subarray(ySize + cSize, ySize + 2 * cSize),
  };
}

/** A new frame with every plane filled with `fill` values (default: mid-grey 128 chroma, luma `lumaFill`). */
export function createYuvFrame(index: number, width: number, height: number, lumaFill = 0, chromaFill = 128): YuvFrame {
  const data = new Uint8Array(yuv420FrameBytes(width, height));
  const f = yuvFrameFromPacked(index, width, height, data);
  f.y.fill(lumaFill);
  f.u.fill(chromaFill);
  f.v.fill(chromaFill);
  return f;
}
