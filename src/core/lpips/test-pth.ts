/**
 * Test helper: writes a float32 state dict as torch.save's zip layout (`archive/data.pkl`, `archive/data/<key>`,
 * `archive/version`, `archive/byteorder`; pickle protocol 2 naming `collections.OrderedDict`,
 * `torch._utils._rebuild_tensor_v2` and `torch.FloatStorage` with persistent ids, as pytorch
 * torch/serialization.py writes them). Used by the LPIPS unit tests and the Settings e2e to make small or
 * full-size synthetic weight files; torch.load of Debian's torch 1.13 reads its output (checked when written).
 */
import { zipSync } from 'fflate';
import { concatBytes } from '../bytes.ts';

const enc = new TextEncoder();

class Pickle {
  private bytes: number[] = [];
  op(...b: number[]): this {
    this.bytes.push(...b);
    return this;
  }
  str(s: string): this {
    const b = enc.encode(s);
    this.op(0x58, b.length & 0xff, (b.length >> 8) & 0xff, (b.length >> 16) & 0xff, b.length >>> 24);
    for (const x of b) this.bytes.push(x);
    return this;
  }
  int(v: number): this {
    return this.op(0x4a, v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff);
  }
  global(module: string, name: string): this {
    this.op(0x63);
    for (const x of enc.encode(`${module}\n${name}\n`)) this.bytes.push(x);
    return this;
  }
  tuple(values: readonly number[]): this {
    this.op(0x28);
    for (const v of values) this.int(v);
    return this.op(0x74);
  }
  result(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

type Tensors = ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>;

/** The state-dict pickle and each storage's raw bytes (keys "0", "1", …). `legacy`: 6-item persistent ids. */
function statePickle(tensors: Tensors, legacy: boolean): { pickle: Uint8Array; storages: [string, Uint8Array][] } {
  const p = new Pickle().op(0x80, 2).global('collections', 'OrderedDict').op(0x29, 0x52).op(0x28);
  const storages: [string, Uint8Array][] = [];
  for (const [name, t] of tensors) {
    const k = String(storages.length);
    const stride: number[] = [];
    let s = 1;
    for (let d = t.shape.length - 1; d >= 0; d--) {
      stride.unshift(s);
      s *= t.shape[d]!;
    }
    p.str(name).global('torch._utils', '_rebuild_tensor_v2').op(0x28);
    p.op(0x28).str('storage').global('torch', 'FloatStorage').str(k).str('cpu').int(t.data.length);
    if (legacy) p.op(0x4e); // view_metadata None
    p.op(0x74, 0x51);
    p.int(0).tuple(t.shape).tuple(stride).op(0x89).global('collections', 'OrderedDict').op(0x29, 0x52).op(0x74, 0x52);
    storages.push([k, new Uint8Array(t.data.buffer.slice(t.data.byteOffset, t.data.byteOffset + t.data.byteLength))]);
  }
  p.op(0x75, 0x2e);
  return { pickle: p.result(), storages };
}

/** The bytes of a `.pth` (zip layout) holding `tensors` (row-major float32) under their names, in order. */
export function writeTorchZip(tensors: Tensors): Uint8Array {
  const { pickle, storages } = statePickle(tensors, false);
  const files: Record<string, Uint8Array> = { 'archive/data.pkl': pickle };
  for (const [k, b] of storages) files[`archive/data/${k}`] = b;
  return zipSync({ ...files, 'archive/version': enc.encode('3\n'), 'archive/byteorder': enc.encode('little') }, { level: 0 });
}

/**
 * The same in torch.save's legacy stream layout (what torchvision's 2017 `vgg16-397923af.pth` uses): pickled magic
 * number 0x1950a86a20f9469cfc6c, pickled protocol version 1001, pickled sys info, the state-dict pickle, the
 * pickled storage key list, then per storage an int64 element count and the raw bytes.
 */
export function writeTorchLegacy(tensors: Tensors): Uint8Array {
  const { pickle, storages } = statePickle(tensors, true);
  const magic = [0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19]; // 0x1950a86a20f9469cfc6c, little-endian
  const parts: Uint8Array[] = [
    Uint8Array.of(0x80, 2, 0x8a, magic.length, ...magic, 0x2e),
    Uint8Array.of(0x80, 2, 0x4d, 0xe9, 0x03, 0x2e),
    new Pickle().op(0x80, 2, 0x7d, 0x28).str('protocol_version').int(1001).str('little_endian').op(0x88, 0x75, 0x2e).result(),
    pickle,
  ];
  const keys = new Pickle().op(0x80, 2, 0x28);
  for (const [k] of storages) keys.str(k);
  parts.push(keys.op(0x6c, 0x2e).result());
  for (const [, b] of storages) {
    const n = new Uint8Array(8);
    new DataView(n.buffer).setBigInt64(0, BigInt(b.byteLength / 4), true);
    parts.push(n, b);
  }
  return concatBytes(parts);
}
