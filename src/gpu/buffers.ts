/**
 * Small WebGPU helpers shared by the metric kernels: the packed-u32 frame layout (each plane starts on a word
 * boundary, 4 pixels per word, one spare word at the end for unaligned 4-byte reads), uniform/storage buffer
 * creation, and the per-frame partial-sum read-back (f32/u32 partials summed in f64 on the CPU so results do not
 * depend on GPU reduction order). Pipelines, bind groups and dispatches: dispatch.ts.
 */

/** Byte layout of one uploaded frame: planes tightly packed rows (stride = width), each plane word-aligned. */
export interface PlaneLayout {
  width: number;
  height: number;
  chromaWidth: number;
  chromaHeight: number;
  /** Byte offsets of the planes (multiples of 4); u/v are -1 for a luma-only layout. */
  yByte: number;
  uByte: number;
  vByte: number;
  /** Buffer size in bytes (multiple of 4, includes one spare word). */
  totalBytes: number;
}

const align4 = (n: number): number => (n + 3) & ~3;

/**
 * Layout of a frame of `width` x `height` luma pixels (4:2:0 chroma when `withChroma`).
 * @param width luma width in pixels (≥ 1)
 * @param height luma height in pixels (≥ 1)
 */
export function planeLayout(width: number, height: number, withChroma: boolean): PlaneLayout {
  const chromaWidth = (width + 1) >> 1;
  const chromaHeight = (height + 1) >> 1;
  const yByte = 0;
  let end = align4(width * height);
  let uByte = -1;
  let vByte = -1;
  if (withChroma) {
    uByte = end;
    end = align4(uByte + chromaWidth * chromaHeight);
    vByte = end;
    end = align4(vByte + chromaWidth * chromaHeight);
  }
  return { width, height, chromaWidth, chromaHeight, yByte, uByte, vByte, totalBytes: end + 4 };
}

/** Copies planes into `scratch` (length `layout.totalBytes`) at the layout's offsets; padding bytes stay 0. */
export function packPlanes(layout: PlaneLayout, scratch: Uint8Array, y: Uint8Array, u?: Uint8Array, v?: Uint8Array): Uint8Array {
  const ny = layout.width * layout.height;
  const nc = layout.chromaWidth * layout.chromaHeight;
  if (y.length < ny) throw new RangeError(`luma plane has ${y.length} bytes, ${layout.width}x${layout.height} needs ${ny}`);
  scratch.set(y.length === ny ? y : y.subarray(0, ny), layout.yByte);
  if (layout.uByte >= 0) {
    if (!u || !v || u.length < nc || v.length < nc) throw new RangeError(`chroma planes need ${nc} bytes each`);
    scratch.set(u.length === nc ? u : u.subarray(0, nc), layout.uByte);
    scratch.set(v.length === nc ? v : v.subarray(0, nc), layout.vByte);
  }
  return scratch;
}

/** A storage buffer of `bytes` (rounded up to 4, at least 16). */
export function storageBuffer(device: GPUDevice, label: string, bytes: number, extraUsage = 0): GPUBuffer {
  return device.createBuffer({ label, size: Math.max(16, align4(bytes)), usage: GPUBufferUsage.STORAGE | extraUsage });
}

/** Field of a params uniform: `u` = u32, `f` = f32. */
export type ParamField = ['u' | 'f', number];

/**
 * A uniform buffer holding `fields` in order (4 bytes each), then optionally `taps` as f32 starting at the next
 * 16-byte boundary (WGSL `array<vec4<f32>, N>`), padded to `tapSlots` floats.
 */
export function paramsBuffer(device: GPUDevice, label: string, fields: ParamField[], taps?: ArrayLike<number>, tapSlots = 0): GPUBuffer {
  const head = align16(fields.length * 4);
  const size = align16(head + tapSlots * 4);
  const data = new ArrayBuffer(size);
  const dv = new DataView(data);
  fields.forEach(([kind, value], i) => {
    if (kind === 'u') dv.setUint32(i * 4, value >>> 0, true);
    else dv.setFloat32(i * 4, value, true);
  });
  if (taps) for (let k = 0; k < taps.length; k++) dv.setFloat32(head + k * 4, taps[k]!, true);
  const buf = device.createBuffer({ label, size, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(buf, 0, data);
  return buf;
}

function align16(n: number): number {
  return (n + 15) & ~15;
}

/** Hands out ranges of 4-byte partial slots in one shared partials buffer. */
export class PartialSlots {
  private next = 0;
  /** Reserves `count` slots and returns the index of the first. */
  reserve(count: number): number {
    const base = this.next;
    this.next += count;
    return base;
  }
  /** Slots reserved so far. */
  get count(): number {
    return this.next;
  }
}

/**
 * The partials storage buffer plus a MAP_READ staging copy. `read` copies after the given command encoder's
 * work and resolves with the raw words (use f32 or u32 views of the returned buffer).
 */
export class PartialReadback {
  readonly buffer: GPUBuffer;
  private readonly staging: GPUBuffer;
  private readonly bytes: number;

  constructor(device: GPUDevice, label: string, slots: number) {
    this.bytes = Math.max(16, slots * 4);
    this.buffer = device.createBuffer({ label, size: this.bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    this.staging = device.createBuffer({ label: `${label} staging`, size: this.bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
  }

  /** Appends the copy to `encoder`, submits it, and resolves with a copy of the partials. */
  async submitAndRead(device: GPUDevice, encoder: GPUCommandEncoder): Promise<ArrayBuffer> {
    encoder.copyBufferToBuffer(this.buffer, 0, this.staging, 0, this.bytes);
    device.queue.submit([encoder.finish()]);
    await this.staging.mapAsync(GPUMapMode.READ);
    const out = this.staging.getMappedRange().slice(0);
    this.staging.unmap();
    return out;
  }

  destroy(): void {
    this.buffer.destroy();
    this.staging.destroy();
  }
}

/** f64 sum of `count` f32 partials starting at `base`, taking every `stride`-th value from offset `field`. */
export function sumF32(view: Float32Array, base: number, count: number, stride = 1, field = 0): number {
  let s = 0;
  for (let k = 0; k < count; k++) s += view[base + k * stride + field]!;
  return s;
}
