/**
 * The WebAssembly SIMD backend of the integer ADM extractor (adm.ts): every per-sample pass runs in the kernel
 * wasm/adm.ts (embedded as src/core/wasm/adm.wasm.ts), which holds all the bands of the four levels in its own
 * memory; this class passes each level's constants from adm-backend.ts and reads the sums back. It must agree
 * bit for bit with the TypeScript reference adm-js.ts (wasm-kernels.test.ts).
 */
import { instantiateKernel } from '../../../wasm/load.ts';
import { ADM_WASM } from '../../../wasm/adm.wasm.ts';
import { getDivTable, type AdmBackend, type AdmLevel } from './adm-backend.ts';
import { COS1_SQ } from './adm-js.ts';

interface AdmExports {
  memory: WebAssembly.Memory;
  init(w: number, h: number): number;
  refPtr(): number;
  disPtr(): number;
  divPtr(): number;
  indYPtr(): number;
  indXPtr(): number;
  outPtr(): number;
  levelIndYPtr(s: number): number;
  levelIndXPtr(s: number): number;
  dwt8(which: number): void;
  dwtS(s: number, which: number): void;
  den0Sum(b: number, left: number, top: number, right: number, bottom: number, add: bigint, shift: number): void;
  denSSum(s: number, b: number, left: number, top: number, right: number, bottom: number, sqShift: number, cubShift: number, accShift: number): void;
  decouple0(left: number, top: number, right: number, bottom: number, egl: number, cos1sq: number): void;
  decoupleS(s: number, left: number, top: number, right: number, bottom: number, egl: number, cos1sq: number): void;
  csf0(e: number, left: number, top: number, right: number, bottom: number): void;
  csfS(s: number, e: number, left: number, top: number, right: number, bottom: number, f0: bigint, f1: bigint, f2: bigint): void;
  cm0(e: number, r0: number, r1: number, c0: number, c1: number, cubHV: number, cubD: number, innerShift: number): void;
  cmS(s: number, e: number, r0: number, r1: number, c0: number, c1: number, irfHV: bigint, irfD: bigint, cubShift: number, innerShift: number): void;
}

export class WasmAdm implements AdmBackend {
  readonly kind = 'wasm';
  private readonly x: AdmExports;
  private readonly levels: AdmLevel[];
  /** the kernel's f64 results (out[0..3]); the memory never grows after init, so the view stays valid */
  private readonly out: Float64Array;
  private readonly n: number;

  private constructor(instance: WebAssembly.Instance, levels: AdmLevel[]) {
    this.x = instance.exports as unknown as AdmExports;
    this.levels = levels;
    const L = levels[0]!;
    this.n = L.inW * L.inH;
    this.x.init(L.inW, L.inH);
    const buf = this.x.memory.buffer;
    new Int32Array(buf, this.x.divPtr(), 65537).set(getDivTable());
    new Int32Array(buf, this.x.indYPtr(), L.indY.length).set(L.indY);
    new Int32Array(buf, this.x.indXPtr(), L.indX.length).set(L.indX);
    for (let s = 1; s < 4; s++) {
      new Int32Array(buf, this.x.levelIndYPtr(s), levels[s]!.indY.length).set(levels[s]!.indY);
      new Int32Array(buf, this.x.levelIndXPtr(s), levels[s]!.indX.length).set(levels[s]!.indX);
    }
    this.out = new Float64Array(buf, this.x.outPtr(), 4);
  }

  /** The backend, or null where WebAssembly SIMD is missing (or PREFLIGHT_WASM=0). */
  static create(levels: AdmLevel[]): WasmAdm | null {
    const instance = instantiateKernel('adm', ADM_WASM);
    return instance ? new WasmAdm(instance, levels) : null;
  }

  dwt(s: number, ref: Uint8Array, dis: Uint8Array): void {
    if (s > 0) {
      this.x.dwtS(s, 0);
      this.x.dwtS(s, 1);
      return;
    }
    const buf = this.x.memory.buffer;
    new Uint8Array(buf, this.x.refPtr(), this.n).set(ref.length === this.n ? ref : ref.subarray(0, this.n));
    new Uint8Array(buf, this.x.disPtr(), this.n).set(dis.length === this.n ? dis : dis.subarray(0, this.n));
    this.x.dwt8(0);
    this.x.dwt8(1);
  }

  denSum(s: number, b: number): number {
    const { pool: p, den } = this.levels[s]!;
    if (s === 0) this.x.den0Sum(b, p.left, p.top, p.right, p.bottom, BigInt(den.rowAdd), den.rowShift);
    else this.x.denSSum(s, b, p.left, p.top, p.right, p.bottom, den.sqShift, den.cubShift, den.rowShift);
    return this.out[0]!;
  }

  decouple(s: number, withEgl: boolean): void {
    const { left, top, right, bottom } = this.levels[s]!.outer;
    if (s === 0) this.x.decouple0(left, top, right, bottom, withEgl ? 1 : 0, COS1_SQ);
    else this.x.decoupleS(s, left, top, right, bottom, withEgl ? 1 : 0, COS1_SQ);
  }

  csf(s: number, egl: boolean): void {
    const { outer: o, csf } = this.levels[s]!;
    if (s === 0) this.x.csf0(egl ? 1 : 0, o.left, o.top, o.right, o.bottom);
    else this.x.csfS(s, egl ? 1 : 0, o.left, o.top, o.right, o.bottom, BigInt(csf.f[0]), BigInt(csf.f[1]), BigInt(csf.f[2]));
  }

  cmSums(s: number, egl: boolean): [number, number, number] {
    const { cm: c, cmp } = this.levels[s]!;
    const e = egl ? 1 : 0;
    if (s === 0) this.x.cm0(e, c.top, c.bottom, c.left, c.right, cmp.cubShift[0], cmp.cubShift[2], cmp.innerShift);
    else this.x.cmS(s, e, c.top, c.bottom, c.left, c.right, BigInt(cmp.irf[0]), BigInt(cmp.irf[2]), cmp.cubShift[0], cmp.innerShift);
    return [this.out[0]!, this.out[1]!, this.out[2]!];
  }
}
