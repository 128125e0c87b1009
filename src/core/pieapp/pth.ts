/**
 * Reads PyTorch `.pth` files without Python, in the browser or Node: the zip layout of `torch.save` (PyTorch ≥ 1.6:
 * `<folder>/data.pkl` plus one raw storage per key in `<folder>/data/<key>`, whatever the folder is called; read with
 * fflate) and the older stream layout (pickled magic number 0x1950a86a20f9469cfc6c, protocol version 1001, sys info,
 * the object pickle, the pickled list of storage keys, then per key an int64 element count and the raw bytes; facts
 * from pytorch `torch/serialization.py`). A small pickle virtual machine covers the opcodes a state dict uses
 * (protocols 2–5) and rebuilds tensors from `torch._utils._rebuild_tensor_v2` / `_rebuild_tensor` with their storage
 * offset, sizes and strides (non-contiguous tensors are copied into row-major order) and storage dtype
 * (float32, float16, bfloat16, float64 → float32). `collections.OrderedDict` becomes a Map; a wrapping dict
 * (`{'state_dict': …}` and the like) is looked through. Nothing is ever executed: unknown globals are inert records.
 */
import { unzipSync } from 'fflate';
import { validatePieappWeights, type PieappWeights, type WeightTensor } from './weights.ts';
import { elementCount, TENSOR_SPECS } from './spec.ts';
import { PreflightError } from '../errors.ts';

/** A damaged or unsupported file. */
export class PthError extends PreflightError {
  override readonly name = 'PthError';
}

// ---------------------------------------------------------------------------------------------------------------
// Pickle values

class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get qualified(): string {
    return `${this.module}.${this.name}`;
  }
}
class PyTuple {
  constructor(readonly items: unknown[]) {}
}
/** An object we do not interpret (NEWOBJ or REDUCE of an unknown callable); BUILD state lands in `state`. */
class PyObject {
  state: unknown = undefined;
  constructor(
    readonly cls: PyGlobal,
    readonly args: unknown[],
  ) {}
}
interface StorageRef {
  kind: 'storage';
  key: string;
  dtype: StorageDtype;
  numel: number;
}
type StorageDtype = 'float32' | 'float16' | 'bfloat16' | 'float64';
/** A tensor as pickled: a view (offset, sizes, strides in elements) into a storage. */
class TensorRef {
  constructor(
    readonly storage: StorageRef,
    readonly offset: number,
    readonly size: number[],
    readonly stride: number[],
  ) {}
}

const STORAGE_DTYPES: Record<string, StorageDtype> = {
  FloatStorage: 'float32',
  HalfStorage: 'float16',
  BFloat16Storage: 'bfloat16',
  DoubleStorage: 'float64',
};
const DTYPE_BYTES: Record<StorageDtype, number> = { float32: 4, float16: 2, bfloat16: 2, float64: 8 };

function asInt(v: unknown, what: string): number {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  throw new PthError(`${what} is not an integer`);
}
function asIntList(v: unknown, what: string): number[] {
  if (v instanceof PyTuple) return v.items.map((x) => asInt(x, what));
  if (Array.isArray(v)) return v.map((x) => asInt(x, what));
  throw new PthError(`${what} is not a tuple of integers`);
}

function persistentLoad(pid: unknown): StorageRef {
  const items = pid instanceof PyTuple ? pid.items : Array.isArray(pid) ? pid : null;
  if (!items || items[0] !== 'storage') throw new PthError('unsupported persistent id in the pickle (not a torch storage)');
  const type = items[1];
  const typeName = type instanceof PyGlobal ? type.name : String(type);
  const dtype = STORAGE_DTYPES[typeName];
  if (!dtype)
    throw new PthError(
      `unsupported storage type ${type instanceof PyGlobal ? type.qualified : typeName}: only float32, float16, bfloat16 and float64 weights can be read`,
    );
  return { kind: 'storage', key: String(items[2]), dtype, numel: asInt(items[4], 'storage size') };
}

function callGlobal(fn: unknown, args: unknown[]): unknown {
  if (!(fn instanceof PyGlobal)) throw new PthError('the pickle calls something that is not a global');
  switch (fn.qualified) {
    case 'collections.OrderedDict':
      return new Map();
    case 'torch._utils._rebuild_tensor_v2':
    case 'torch._utils._rebuild_tensor': {
      const storage = args[0] as StorageRef;
      if (!storage || storage.kind !== 'storage') throw new PthError(`${fn.name} without a storage`);
      return new TensorRef(storage, asInt(args[1], 'storage offset'), asIntList(args[2], 'tensor size'), asIntList(args[3], 'tensor stride'));
    }
    case 'torch._utils._rebuild_parameter':
    case 'torch._utils._rebuild_parameter_with_state':
      return args[0];
    default:
      return new PyObject(fn, args);
  }
}

/** Runs one pickle starting at `pos`; returns the value and the position after STOP. */
function unpickle(bytes: Uint8Array, pos: number): { value: unknown; end: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dec = new TextDecoder('utf-8');
  let stack: unknown[] = [];
  const marks: unknown[][] = [];
  const memo = new Map<number, unknown>();
  let p = pos;
  const need = (n: number) => {
    if (p + n > bytes.length) throw new PthError('unexpected end of file inside the pickle: the file is truncated (incomplete download?)');
  };
  const u8 = () => {
    need(1);
    return bytes[p++]!;
  };
  /** Reads `n` bytes at the position with `get` and moves past them. */
  const read = <T>(n: number, get: (at: number) => T): T => {
    need(n);
    const v = get(p);
    p += n;
    return v;
  };
  const u16 = () => read(2, (at) => view.getUint16(at, true));
  const i32 = () => read(4, (at) => view.getInt32(at, true));
  const u32 = () => read(4, (at) => view.getUint32(at, true));
  const u64 = () => read(8, (at) => Number(view.getBigUint64(at, true)));
  const take = (n: number) => read(n, (at) => bytes.subarray(at, at + n));
  const line = () => {
    const start = p;
    while (p < bytes.length && bytes[p] !== 0x0a) p++;
    need(1);
    const s = dec.decode(bytes.subarray(start, p));
    p++;
    return s;
  };
  const pop = () => {
    if (stack.length === 0) throw new PthError('corrupt pickle: stack underflow');
    return stack.pop();
  };
  const popMark = () => {
    const items = stack;
    const prev = marks.pop();
    if (!prev) throw new PthError('corrupt pickle: no MARK');
    stack = prev;
    return items;
  };
  const top = () => stack[stack.length - 1];
  const setItems = (target: unknown, kv: unknown[]) => {
    if (!(target instanceof Map)) {
      if (target instanceof PyObject) return; // dict items of an object we do not interpret
      throw new PthError('corrupt pickle: SETITEM on a non-dict');
    }
    for (let i = 0; i + 1 < kv.length; i += 2) target.set(kv[i], kv[i + 1]);
  };
  const longFrom = (b: Uint8Array) => {
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    if (b.length > 0 && b[b.length - 1]! & 0x80) v -= 1n << BigInt(8 * b.length);
    return Number.isSafeInteger(Number(v)) ? Number(v) : v;
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80:
        u8();
        break; // PROTO
      case 0x95:
        u64();
        break; // FRAME (framing is advisory)
      case 0x2e:
        return { value: pop(), end: p }; // STOP
      case 0x28:
        marks.push(stack);
        stack = [];
        break; // MARK
      case 0x7d:
        stack.push(new Map());
        break; // EMPTY_DICT
      case 0x5d:
        stack.push([]);
        break; // EMPTY_LIST
      case 0x29:
        stack.push(new PyTuple([]));
        break; // EMPTY_TUPLE
      case 0x8f:
        stack.push(new Set());
        break; // EMPTY_SET
      case 0x4e:
        stack.push(null);
        break; // NONE
      case 0x88:
        stack.push(true);
        break; // NEWTRUE
      case 0x89:
        stack.push(false);
        break; // NEWFALSE
      case 0x4a:
        stack.push(i32());
        break; // BININT
      case 0x4b:
        stack.push(u8());
        break; // BININT1
      case 0x4d:
        stack.push(u16());
        break; // BININT2
      case 0x8a:
        stack.push(longFrom(take(u8())));
        break; // LONG1
      case 0x8b:
        stack.push(longFrom(take(i32())));
        break; // LONG4
      case 0x47: {
        need(8);
        stack.push(view.getFloat64(p, false));
        p += 8;
        break;
      } // BINFLOAT (big-endian)
      case 0x58:
        stack.push(dec.decode(take(u32())));
        break; // BINUNICODE
      case 0x8c:
        stack.push(dec.decode(take(u8())));
        break; // SHORT_BINUNICODE
      case 0x8d:
        stack.push(dec.decode(take(u64())));
        break; // BINUNICODE8
      case 0x54:
        stack.push(dec.decode(take(i32())));
        break; // BINSTRING (Python 2 str)
      case 0x55:
        stack.push(dec.decode(take(u8())));
        break; // SHORT_BINSTRING
      case 0x42:
        stack.push(take(u32()));
        break; // BINBYTES
      case 0x43:
        stack.push(take(u8()));
        break; // SHORT_BINBYTES
      case 0x8e:
        stack.push(take(u64()));
        break; // BINBYTES8
      case 0x74: {
        const items = popMark();
        stack.push(new PyTuple(items));
        break;
      } // TUPLE (popMark replaces `stack`)
      case 0x85:
        stack.push(new PyTuple([pop()]));
        break; // TUPLE1
      case 0x86: {
        const b = pop();
        const a = pop();
        stack.push(new PyTuple([a, b]));
        break;
      } // TUPLE2
      case 0x87: {
        const c = pop();
        const b = pop();
        const a = pop();
        stack.push(new PyTuple([a, b, c]));
        break;
      } // TUPLE3
      case 0x6c: {
        const items = popMark();
        stack.push(items);
        break;
      } // LIST
      case 0x64: {
        const kv = popMark();
        const d = new Map();
        setItems(d, kv);
        stack.push(d);
        break;
      } // DICT
      case 0x61: {
        const v = pop();
        const l = top();
        if (Array.isArray(l)) l.push(v);
        break;
      } // APPEND
      case 0x65: {
        const items = popMark();
        const l = top();
        if (Array.isArray(l)) l.push(...items);
        break;
      } // APPENDS
      case 0x90: {
        const items = popMark();
        const s = top();
        if (s instanceof Set) for (const i of items) s.add(i);
        break;
      } // ADDITEMS
      case 0x73: {
        const v = pop();
        const k = pop();
        setItems(top(), [k, v]);
        break;
      } // SETITEM
      case 0x75: {
        const kv = popMark();
        setItems(top(), kv);
        break;
      } // SETITEMS
      case 0x63: {
        const module = line();
        const name = line();
        stack.push(new PyGlobal(module, name));
        break;
      } // GLOBAL
      case 0x93: {
        const name = pop();
        const module = pop();
        stack.push(new PyGlobal(String(module), String(name)));
        break;
      } // STACK_GLOBAL
      case 0x52: // REDUCE (a callable and its argument tuple)
      case 0x81: {
        const args = pop();
        const fn = pop();
        stack.push(callGlobal(fn, args instanceof PyTuple ? args.items : []));
        break;
      } // NEWOBJ (a class and its argument tuple: built the same way here)
      case 0x62: {
        const state = pop();
        const obj = top();
        if (obj instanceof PyObject) obj.state = state;
        break;
      } // BUILD (dict attributes such as _metadata are ignored)
      case 0x51:
        stack.push(persistentLoad(pop()));
        break; // BINPERSID
      case 0x71:
        memo.set(u8(), top());
        break; // BINPUT
      case 0x72:
        memo.set(u32(), top());
        break; // LONG_BINPUT
      case 0x94:
        memo.set(memo.size, top());
        break; // MEMOIZE
      case 0x68:
      case 0x6a: {
        // BINGET, LONG_BINGET
        const idx = op === 0x68 ? u8() : u32();
        if (!memo.has(idx)) throw new PthError(`corrupt pickle: memo ${idx} is empty`);
        stack.push(memo.get(idx));
        break;
      }
      case 0x30:
        pop();
        break; // POP
      case 0x31:
        popMark();
        break; // POP_MARK
      case 0x32:
        stack.push(top());
        break; // DUP
      default:
        throw new PthError(`unsupported pickle opcode 0x${op.toString(16).padStart(2, '0')} at byte ${p - 1}: not a plain PyTorch state dict`);
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Storages and tensors

function decodeStorage(raw: Uint8Array, dtype: StorageDtype, numel: number, key: string): Float32Array {
  const need = numel * DTYPE_BYTES[dtype];
  if (raw.length < need) throw new PthError(`storage ${key} holds ${raw.length} bytes, ${need} expected: the file is truncated or damaged`);
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (dtype === 'float32') {
    // Zero-copy when aligned (fflate returns each zip entry in a buffer of its own; a legacy file is viewed in place).
    if (raw.byteOffset % 4 === 0) return new Float32Array(raw.buffer, raw.byteOffset, numel);
    const out = new Float32Array(numel);
    for (let i = 0; i < numel; i++) out[i] = view.getFloat32(4 * i, true);
    return out;
  }
  const out = new Float32Array(numel);
  if (dtype === 'float64') {
    for (let i = 0; i < numel; i++) out[i] = view.getFloat64(8 * i, true);
  } else if (dtype === 'bfloat16') {
    const u = new Uint32Array(out.buffer);
    for (let i = 0; i < numel; i++) u[i] = view.getUint16(2 * i, true) << 16;
  } else {
    for (let i = 0; i < numel; i++) out[i] = halfToFloat(view.getUint16(2 * i, true));
  }
  return out;
}

/** IEEE 754 binary16 bits → number. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Copies a strided view into a new row-major array (or returns a subarray when already contiguous). */
function materialise(t: TensorRef, storage: Float32Array, name: string): Float32Array {
  const { size, stride, offset } = t;
  if (size.length !== stride.length) throw new PthError(`tensor ${name}: ${size.length} sizes but ${stride.length} strides`);
  const numel = size.reduce((a, b) => a * b, 1);
  if (numel === 0) return new Float32Array(0);
  let maxIndex = offset;
  for (let d = 0; d < size.length; d++) maxIndex += (size[d]! - 1) * stride[d]!;
  if (offset < 0 || maxIndex >= storage.length)
    throw new PthError(`tensor ${name} reaches element ${maxIndex} of a storage of ${storage.length}: the file is damaged`);
  let contiguous = true;
  for (let d = size.length - 1, expect = 1; d >= 0; d--) {
    if (size[d] !== 1 && stride[d] !== expect) contiguous = false;
    expect *= size[d]!;
  }
  if (contiguous) return offset === 0 && numel === storage.length ? storage : storage.slice(offset, offset + numel);
  const out = new Float32Array(numel);
  const idx = new Array<number>(size.length).fill(0);
  for (let i = 0; i < numel; i++) {
    let s = offset;
    for (let d = 0; d < size.length; d++) s += idx[d]! * stride[d]!;
    out[i] = storage[s]!;
    for (let d = size.length - 1; d >= 0; d--) {
      if (++idx[d]! < size[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

const WRAPPER_KEYS = ['state_dict', 'model', 'params', 'params_ema', 'net', 'network', 'module'];

/** Finds the dict of tensors: the top object itself, or one nested under a wrapping key (two levels at most). */
function findStateDict(obj: unknown, depth = 0): Map<string, TensorRef> | null {
  if (!(obj instanceof Map)) return null;
  const tensors = [...obj.entries()].filter(([k, v]) => typeof k === 'string' && v instanceof TensorRef);
  if (tensors.length > 0 && tensors.length === obj.size) return new Map(tensors as [string, TensorRef][]);
  if (depth >= 2) return null;
  const keys = [...obj.keys()].sort((a, b) => (WRAPPER_KEYS.indexOf(String(b)) >= 0 ? 1 : 0) - (WRAPPER_KEYS.indexOf(String(a)) >= 0 ? 1 : 0));
  for (const k of keys) {
    const inner = findStateDict(obj.get(k), depth + 1);
    if (inner) return inner;
  }
  if (tensors.length > 0) return new Map(tensors as [string, TensorRef][]);
  return null;
}

function resolveTensors(top: unknown, readStorage: (s: StorageRef) => Uint8Array, select?: (name: string) => boolean): Map<string, WeightTensor> {
  const dict = findStateDict(top);
  if (!dict) throw new PthError('the file holds no dict of tensors (is it a PyTorch state dict?)');
  const storages = new Map<string, Float32Array>();
  const out = new Map<string, WeightTensor>();
  for (const [name, t] of dict) {
    if (select && !select(name)) continue;
    let data = storages.get(t.storage.key);
    if (!data) {
      data = decodeStorage(readStorage(t.storage), t.storage.dtype, t.storage.numel, t.storage.key);
      storages.set(t.storage.key, data);
    }
    out.set(name, { shape: [...t.size], data: materialise(t, data, name) });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// File layouts

function isZip(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
}

function hasEndOfCentralDirectory(b: Uint8Array): boolean {
  const stop = Math.max(0, b.length - 22 - 65535);
  for (let i = b.length - 22; i >= stop; i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) return true;
  }
  return false;
}

const sizeText = (n: number) => (n >= 1048576 ? `${(n / 1048576).toFixed(0)} MiB` : `${n} bytes`);

function readZip(bytes: Uint8Array, maxUncompressedBytes = Infinity, select?: (name: string) => boolean): Map<string, WeightTensor> {
  if (!hasEndOfCentralDirectory(bytes)) {
    throw new PthError(`the zip archive is truncated (${bytes.length} bytes, no end-of-central-directory record): the download is incomplete`);
  }
  if (select) return readZipSelected(bytes, maxUncompressedBytes, select);
  let files: Record<string, Uint8Array>;
  // The central directory's declared sizes are summed before any entry is inflated (fflate calls the filter for
  // every entry first), so a zip bomb is refused without the memory it would take.
  let declared = 0;
  const filter = (f: { name: string; originalSize: number }) => {
    declared += f.originalSize;
    if (declared > maxUncompressedBytes)
      throw new PthError(
        `the zip archive declares ${sizeText(declared)} or more of content (at entry ${f.name}); these weights need at most ${sizeText(maxUncompressedBytes)}, so it was not unpacked`,
      );
    return true;
  };
  try {
    files = unzipSync(bytes, { filter });
  } catch (err) {
    if (err instanceof PthError) throw err;
    throw new PthError(`the zip archive is damaged: ${(err as Error).message}`);
  }
  const pkl = Object.keys(files)
    .filter((n) => n === 'data.pkl' || n.endsWith('/data.pkl'))
    .sort((a, b) => a.length - b.length)[0];
  if (!pkl) throw new PthError(`the zip archive has no data.pkl: not a PyTorch file (entries: ${Object.keys(files).slice(0, 5).join(', ')})`);
  const prefix = pkl.slice(0, pkl.length - 'data.pkl'.length);
  const byteorder = files[`${prefix}byteorder`];
  if (byteorder && new TextDecoder().decode(byteorder).trim() !== 'little') throw new PthError('big-endian PyTorch files are not supported');
  const { value } = unpickle(files[pkl]!, 0);
  return resolveTensors(value, (s) => {
    const raw = files[`${prefix}data/${s.key}`];
    if (!raw) throw new PthError(`storage ${prefix}data/${s.key} is missing from the zip archive`);
    return raw;
  });
}

function unzipEntries(bytes: Uint8Array, want: (name: string) => boolean, maxUncompressedBytes: number): Record<string, Uint8Array> {
  let declared = 0;
  try {
    return unzipSync(bytes, {
      filter: (f) => {
        if (!want(f.name)) return false;
        declared += f.originalSize;
        if (declared > maxUncompressedBytes)
          throw new PthError(
            `the zip archive declares ${sizeText(declared)} or more of content (at entry ${f.name}); these weights need at most ${sizeText(maxUncompressedBytes)}, so it was not unpacked`,
          );
        return true;
      },
    });
  } catch (err) {
    if (err instanceof PthError) throw err;
    throw new PthError(`the zip archive is damaged: ${(err as Error).message}`);
  }
}

/**
 * The zip layout read in two passes when only some tensors are wanted: data.pkl (and byteorder) first, then only
 * the storages those tensors use, so a large unwanted part (VGG16's classifier, 470 MB) is never inflated.
 */
function readZipSelected(bytes: Uint8Array, maxUncompressedBytes: number, select: (name: string) => boolean): Map<string, WeightTensor> {
  const meta = unzipEntries(bytes, (n) => n === 'data.pkl' || n.endsWith('/data.pkl') || n === 'byteorder' || n.endsWith('/byteorder'), maxUncompressedBytes);
  const pkl = Object.keys(meta)
    .filter((n) => n.endsWith('data.pkl'))
    .sort((a, b) => a.length - b.length)[0];
  if (!pkl) throw new PthError('the zip archive has no data.pkl: not a PyTorch file');
  const prefix = pkl.slice(0, pkl.length - 'data.pkl'.length);
  const byteorder = meta[`${prefix}byteorder`];
  if (byteorder && new TextDecoder().decode(byteorder).trim() !== 'little') throw new PthError('big-endian PyTorch files are not supported');
  const { value } = unpickle(meta[pkl]!, 0);
  const dict = findStateDict(value);
  if (!dict) throw new PthError('the file holds no dict of tensors (is it a PyTorch state dict?)');
  const keys = new Set([...dict].filter(([name]) => select(name)).map(([, t]) => `${prefix}data/${t.storage.key}`));
  const files = unzipEntries(bytes, (n) => keys.has(n), maxUncompressedBytes);
  return resolveTensors(
    value,
    (s) => {
      const raw = files[`${prefix}data/${s.key}`];
      if (!raw) throw new PthError(`storage ${prefix}data/${s.key} is missing from the zip archive`);
      return raw;
    },
    select,
  );
}

const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;

function readLegacy(bytes: Uint8Array, select?: (name: string) => boolean): Map<string, WeightTensor> {
  let r = unpickle(bytes, 0);
  if (r.value !== LEGACY_MAGIC) {
    throw new PthError('a pickle file, but not one written by torch.save (wrong magic number)');
  }
  r = unpickle(bytes, r.end);
  if (r.value !== 1001) throw new PthError(`unsupported legacy PyTorch protocol version ${String(r.value)} (1001 expected)`);
  r = unpickle(bytes, r.end); // sys_info
  r = unpickle(bytes, r.end);
  const top = r.value;
  r = unpickle(bytes, r.end);
  const keys = r.value;
  if (!Array.isArray(keys)) throw new PthError('legacy PyTorch file: the storage key list is missing');
  // After the key list: per key an int64 element count and the raw bytes, in list order.
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = new Map<string, { at: number; count: number }>();
  let p = r.end;
  const sizes = new Map<string, number>();
  // Element sizes are known only from the persistent ids, so collect them first.
  const collect = (o: unknown, seen = new Set<unknown>()): void => {
    if (seen.has(o)) return;
    seen.add(o);
    if (o instanceof TensorRef) sizes.set(o.storage.key, DTYPE_BYTES[o.storage.dtype]);
    else if (o instanceof Map) for (const v of o.values()) collect(v, seen);
  };
  collect(top);
  for (const k of keys.map(String)) {
    if (p + 8 > bytes.length) throw new PthError('legacy PyTorch file is truncated (storage data missing): incomplete download?');
    const count = Number(view.getBigInt64(p, true));
    p += 8;
    const elem = sizes.get(k) ?? 4;
    found.set(k, { at: p, count });
    p += count * elem;
    if (p > bytes.length) throw new PthError(`legacy PyTorch file is truncated inside storage ${k}: incomplete download?`);
  }
  return resolveTensors(
    top,
    (s) => {
      const f = found.get(s.key);
      if (!f) throw new PthError(`storage ${s.key} is missing from the legacy PyTorch file`);
      return bytes.subarray(f.at, f.at + f.count * DTYPE_BYTES[s.dtype]);
    },
    select,
  );
}

/**
 * Every tensor of a PyTorch file (zip or legacy layout) as row-major float32 with its shape. Throws PthError with a
 * clear message for truncated, non-PyTorch or unsupported files. `select` keeps only the tensors whose names it
 * accepts; the others' storages are then neither inflated (zip) nor decoded.
 */
export function readTorchTensors(
  bytes: Uint8Array,
  options: { maxUncompressedBytes?: number; select?: (name: string) => boolean } = {},
): Map<string, WeightTensor> {
  if (bytes.length === 0) throw new PthError('the file is empty');
  if (isZip(bytes)) return readZip(bytes, options.maxUncompressedBytes, options.select);
  if (bytes[0] === 0x80) return readLegacy(bytes, options.select);
  if (bytes.length > 262 && String.fromCharCode(...bytes.subarray(257, 262)) === 'ustar') {
    throw new PthError('a tar-format PyTorch file (PyTorch < 0.4) is not supported: re-save it with a recent PyTorch');
  }
  throw new PthError('not a PyTorch file: neither a zip archive (PyTorch ≥ 1.6) nor a pickle stream (older torch.save)');
}

/**
 * Most bytes a PieAPP zip may unpack to: every tensor of the state dict as float64 (the widest dtype read) plus
 * 64 MiB for the pickle and any extra entries.
 */
export const PIEAPP_MAX_UNZIPPED_BYTES = TENSOR_SPECS.reduce((n, t) => n + 8 * elementCount(t.shape), 0) + 64 * 1048576;

/** Reads a `.pth` file and validates it as PieAPP weights (see `validatePieappWeights`). */
export function loadPieappPth(bytes: Uint8Array): PieappWeights {
  return validatePieappWeights(readTorchTensors(bytes, { maxUncompressedBytes: PIEAPP_MAX_UNZIPPED_BYTES }));
}
