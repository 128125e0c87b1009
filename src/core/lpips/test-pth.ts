/**
 * Test helper: writes a float32 state dict as torch.save's zip layout (`archive/data.pkl`, `archive/data/<key>`,
 * `archive/version`, `archive/byteorder`; pickle protocol 2 naming `collections.OrderedDict`,
 * `torch._utils._rebuild_tensor_v2` and `torch.FloatStorage` with persistent ids, as pytorch
 * torch/serialization.py writes them). Used by the LPIPS unit tests and the Settings e2e to make small or
 * full-size synthetic weight files; torch.load of Debian's torch 1.13 reads its output (checked when written).
 */
import { zipSync } from 'fflate';

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

/** The bytes of a `.pth` (zip layout) holding `tensors` (row-major float32) under their names, in order. */
export function writeTorchZip(tensors: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>): Uint8Array {
  const p = new Pickle().op(0x80, 2).global('collections', 'OrderedDict').op(0x29, 0x52).op(0x28);
  const files: Record<string, Uint8Array> = {};
  let key = 0;
  for (const [name, t] of tensors) {
    const k = String(key++);
    const stride: number[] = [];
    let s = 1;
    for (let d = t.shape.length - 1; d >= 0; d--) {
      stride.unshift(s);
      s *= t.shape[d]!;
    }
    p.str(name).global('torch._utils', '_rebuild_tensor_v2').op(0x28);
    p.op(0x28).str('storage').global('torch', 'FloatStorage').str(k).str('cpu').int(t.data.length).op(0x74, 0x51);
    p.int(0).tuple(t.shape).tuple(stride).op(0x89).global('collections', 'OrderedDict').op(0x29, 0x52).op(0x74, 0x52);
    files[`archive/data/${k}`] = new Uint8Array(t.data.buffer.slice(t.data.byteOffset, t.data.byteOffset + t.data.byteLength));
  }
  p.op(0x75, 0x2e);
  return zipSync({ 'archive/data.pkl': p.result(), ...files, 'archive/version': enc.encode('3\n'), 'archive/byteorder': enc.encode('little') }, { level: 0 });
}
