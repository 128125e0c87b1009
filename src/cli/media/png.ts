/**
 * Minimal PNG reader (and writer, for tests and fixtures) for the CLI, on node:zlib: 8-bit gray, gray+alpha, RGB,
 * RGBA and palette images, non-interlaced, all five scanline filters (PNG spec, ISO/IEC 15948 §9). Anything else
 * (16-bit samples, Adam7 interlacing, a damaged file) is refused with a message saying what the file is.
 */
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import type { Image8 } from '../../core/pieapp/patches.ts';
import { PreflightError } from '../../core/errors.ts';

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

/** Thrown for files this reader does not handle. */
export class PngError extends PreflightError {
  override readonly name = 'PngError';
}

const COLOR_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Decodes a PNG file to 8-bit gray (1 channel), RGB (3) or RGBA (4); gray+alpha drops alpha, palettes expand to RGB (transparency does not matter to PieAPP). */
export function decodePng(bytes: Uint8Array, name = 'PNG'): Image8 {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw new PngError(`${name} is not a PNG file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 8;
  let width = 0,
    height = 0,
    bitDepth = 0,
    colorType = -1,
    interlace = 0;
  let palette: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  let ended = false;
  while (p + 8 <= bytes.length) {
    const len = view.getUint32(p);
    const type = String.fromCharCode(...bytes.subarray(p + 4, p + 8));
    if (p + 12 + len > bytes.length) throw new PngError(`${name} is truncated inside its ${type} chunk`);
    const data = bytes.subarray(p + 8, p + 8 + len);
    p += 12 + len;
    if (type === 'IHDR') {
      width = view.getUint32(data.byteOffset - bytes.byteOffset);
      height = view.getUint32(data.byteOffset - bytes.byteOffset + 4);
      bitDepth = data[8]!;
      colorType = data[9]!;
      interlace = data[12]!;
    } else if (type === 'PLTE') palette = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') {
      ended = true;
      break;
    }
  }
  if (colorType < 0) throw new PngError(`${name} has no IHDR chunk`);
  if (!ended) throw new PngError(`${name} is truncated (no IEND chunk)`);
  const srcChannels = COLOR_CHANNELS[colorType];
  if (srcChannels === undefined) throw new PngError(`${name} has an invalid color type ${colorType}`);
  if (bitDepth !== 8)
    throw new PngError(`${name} has ${bitDepth}-bit samples; only 8-bit PNGs are supported (convert with: ffmpeg -i in.png -pix_fmt rgb24 out.png)`);
  if (interlace !== 0) throw new PngError(`${name} is interlaced (Adam7); only non-interlaced PNGs are supported`);
  if (colorType === 3 && !palette) throw new PngError(`${name} is a palette image without a PLTE chunk`);
  let raw: Uint8Array;
  try {
    raw = inflateSync(Buffer.concat(idat));
  } catch (err) {
    throw new PngError(`${name} has damaged image data: ${(err as Error).message}`);
  }
  const stride = width * srcChannels;
  if (raw.length < height * (stride + 1)) throw new PngError(`${name} holds ${raw.length} bytes of pixels, ${height * (stride + 1)} expected: truncated`);
  const px = new Uint8Array(height * stride);
  const bpp = srcChannels;
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = px.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? px.subarray((y - 1) * stride, y * stride) : undefined;
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[i - bpp]! : 0;
      const b = prev ? prev[i]! : 0;
      const c = prev && i >= bpp ? prev[i - bpp]! : 0;
      let v = src[i]!;
      switch (filter) {
        case 0:
          break;
        case 1:
          v += a;
          break;
        case 2:
          v += b;
          break;
        case 3:
          v += (a + b) >> 1;
          break;
        case 4: {
          const pa = Math.abs(b - c),
            pb = Math.abs(a - c),
            pc = Math.abs(a + b - 2 * c);
          v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default:
          throw new PngError(`${name} uses an unknown scanline filter ${filter} (row ${y})`);
      }
      out[i] = v & 0xff;
    }
  }
  if (colorType === 0 || colorType === 2 || colorType === 6) return { width, height, channels: srcChannels as 1 | 3 | 4, data: px };
  if (colorType === 4) {
    const g = new Uint8Array(width * height);
    for (let i = 0; i < g.length; i++) g[i] = px[2 * i]!;
    return { width, height, channels: 1, data: g };
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const k = px[i]!;
    if (3 * k + 2 >= palette!.length) throw new PngError(`${name} refers to palette entry ${k} beyond its PLTE chunk`);
    rgb.set(palette!.subarray(3 * k, 3 * k + 3), 3 * i);
  }
  return { width, height, channels: 3, data: rgb };
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes an 8-bit gray/RGB/RGBA image as PNG (filter 0 on every row). */
export function encodePng(img: Image8): Uint8Array {
  const colorType = img.channels === 1 ? 0 : img.channels === 3 ? 2 : 6;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(img.width, 0);
  ihdr.writeUInt32BE(img.height, 4);
  ihdr[8] = 8;
  ihdr[9] = colorType;
  const stride = img.width * img.channels;
  const raw = Buffer.alloc(img.height * (stride + 1));
  for (let y = 0; y < img.height; y++) raw.set(img.data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  return Buffer.concat([Buffer.from(SIGNATURE), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}
