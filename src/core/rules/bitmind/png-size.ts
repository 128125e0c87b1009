/**
 * Image size of a PNG from its first 33 bytes (signature + IHDR, PNG spec §5.2–5.3, §11.2.2), so a mask can be
 * refused before it is decoded: a 16000 × 16000 PNG of a few hundred KB decodes to 1 GB of RGBA and crashes a tab.
 * Also the mask size limit the segmenter page applies.
 */

/** Most pixels of one mask (4096 × 4096): decoding takes RGBA plus float copies, about 56 bytes per pixel per mask. */
export const MAX_MASK_PIXELS = 4096 * 4096;
/** Bytes of a PNG needed to read its size. */
export const PNG_HEADER_BYTES = 33;

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk; throws an Error naming the file when the bytes are not a PNG header. */
export function pngSize(head: Uint8Array, fileName: string): { width: number; height: number } {
  if (head.length < PNG_HEADER_BYTES || SIGNATURE.some((b, i) => head[i] !== b))
    throw new Error(`${fileName}: not a PNG image (it does not start with the PNG signature)`);
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  if (view.getUint32(8) !== 13 || String.fromCharCode(...head.subarray(12, 16)) !== 'IHDR')
    throw new Error(`${fileName}: damaged PNG (the first chunk is not a 13-byte IHDR)`);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Throws an Error naming the file when a mask of this size is empty or larger than `MAX_MASK_PIXELS`. */
export function checkMaskSize(width: number, height: number, fileName: string): void {
  if (width === 0 || height === 0) throw new Error(`${fileName}: the image is ${width} × ${height} pixels (empty)`);
  if (width * height > MAX_MASK_PIXELS)
    throw new Error(
      `${fileName}: the image is ${width} × ${height} pixels; masks of at most ${MAX_MASK_PIXELS.toLocaleString('en-US')} pixels (4096 × 4096) are read, so it was not decoded`,
    );
}
