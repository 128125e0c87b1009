/**
 * Thin wrapper of adm.wgsl: float ADM2 (libvmaf adm.c / adm_tools.c @ v3.0.0; ../shared/reference/metrics.md
 * §1.2) and the NEG `adm2_egl_1` from the same DWT bands. A bands of each level stay on the GPU (two buffers
 * ping-pong); nine f32 partials per pooling workgroup are read back and combined here in f64 (cube roots,
 * area terms, the near-zero guard). CPU twin: src/core/metrics/vmaf/adm.ts.
 */
import shaderSource from './adm.wgsl?raw';
import mirrorSource from './mirror.wgsl?raw';
import reduceSource from './reduce.wgsl?raw';
import planesSource from './planes.wgsl?raw';
import { paramsBuffer, storageBuffer, sumF32, type PartialSlots, type PlaneLayout } from '../buffers.ts';
import { computePipeline, dispatchOf, encodeDispatches, type Dispatch, REDUCE_TILE, TILE } from '../dispatch.ts';

/** 1/Q CSF factors per level for H/V (θ = 1) and D (θ = 2): metrics.md §1.2 (Watson et al. 1997). */
const RFACTOR_HV = [0.017381534, 0.031984814, 0.043372665, 0.04567341];
const RFACTOR_D = [0.005890687, 0.014299067, 0.024396913, 0.031312735];
const BORDER_FACTOR = 0.1;

/** adm2 (gain limit 100) and adm2_egl_1 (gain limit 1) of one frame, in [0, ~1]. */
export interface GpuAdmResult {
  adm2: number;
  adm2Egl: number;
  numScale: Float64Array;
  denScale: Float64Array;
  numScaleEgl: Float64Array;
}

interface Level {
  w: number;
  h: number;
  params: GPUBuffer;
  gx: number;
  gy: number;
  base: number;
  area: number;
}

/** Four-level ADM of one frame pair per `encode`. */
export class AdmKernel {
  private readonly dwtU8: GPUComputePipeline;
  private readonly dwtF32: GPUComputePipeline;
  private readonly pool: GPUComputePipeline;
  private readonly levels: Level[] = [];
  /** Per level: dwt, then pool (set by `bind`). */
  private dispatches: Dispatch[] = [];
  private readonly aBuf: [GPUBuffer, GPUBuffer];
  private readonly bands: GPUBuffer;
  private readonly csum: GPUBuffer;

  /** Reserves partial slots in `slots`; call `bind` once the partials buffer exists. */
  constructor(
    private readonly device: GPUDevice,
    private readonly layout: PlaneLayout,
    slots: PartialSlots,
  ) {
    const module = device.createShaderModule({ label: 'adm.wgsl', code: mirrorSource + planesSource + reduceSource + shaderSource });
    this.dwtU8 = computePipeline(device, module, 'dwt', { SRC_U8: 1 });
    this.dwtF32 = computePipeline(device, module, 'dwt');
    this.pool = computePipeline(device, module, 'pool');
    let sw = layout.width;
    let sh = layout.height;
    const n0 = ((sw + 1) >> 1) * ((sh + 1) >> 1);
    this.aBuf = [storageBuffer(device, 'adm A 0', 2 * n0 * 4), storageBuffer(device, 'adm A 1', 2 * n0 * 4)];
    this.bands = storageBuffer(device, 'adm bands', 6 * n0 * 4);
    this.csum = storageBuffer(device, 'adm masking sums', 2 * n0 * 4);
    let prevN = 0;
    for (let s = 0; s < 4; s++) {
      const w = (sw + 1) >> 1;
      const h = (sh + 1) >> 1;
      const left = Math.trunc(w * BORDER_FACTOR - 0.5);
      const top = Math.trunc(h * BORDER_FACTOR - 0.5);
      const right = w - left;
      const bottom = h - top;
      const gx = Math.max(1, Math.ceil((right - left) / REDUCE_TILE.x));
      const gy = Math.max(1, Math.ceil((bottom - top) / REDUCE_TILE.y));
      const base = slots.reserve(9 * gx * gy);
      const refOff = s === 0 ? layout.yByte : 0;
      const disOff = s === 0 ? layout.yByte : prevN;
      const params = paramsBuffer(device, `adm level ${s}`, [
        ['u', w],
        ['u', h],
        ['u', sw],
        ['u', sh],
        ['u', refOff],
        ['u', disOff],
        ['u', w * h],
        ['u', 0],
        ['u', w * h],
        ['u', top],
        ['u', left],
        ['u', bottom],
        ['u', right],
        ['u', gx],
        ['u', base],
        ['u', 0],
        ['f', RFACTOR_HV[s]!],
        ['f', RFACTOR_D[s]!],
        ['u', 0],
        ['u', 0],
      ]);
      this.levels.push({ w, h, params, gx, gy, base, area: (bottom - top) * (right - left) });
      prevN = w * h;
      sw = w;
      sh = h;
    }
  }

  /** Creates every bind group (all buffers are fixed for the kernel's life). */
  bind(refFrame: GPUBuffer, disFrame: GPUBuffer, partials: GPUBuffer): void {
    const d = this.device;
    this.dispatches = this.levels.flatMap((lv, s) => {
      const srcRef = s === 0 ? refFrame : this.aBuf[(s - 1) & 1];
      const srcDis = s === 0 ? disFrame : this.aBuf[(s - 1) & 1];
      const dwtBuffers = { 0: srcRef, 1: srcDis, 2: this.aBuf[s & 1], 3: this.bands, 4: this.csum };
      return [
        dispatchOf(d, s === 0 ? this.dwtU8 : this.dwtF32, lv.params, dwtBuffers, Math.ceil(lv.w / TILE), Math.ceil(lv.h / TILE)),
        dispatchOf(d, this.pool, lv.params, { 5: this.bands, 6: this.csum, 7: partials }, lv.gx, lv.gy),
      ];
    });
  }

  encode(pass: GPUComputePassEncoder): void {
    encodeDispatches(pass, this.dispatches);
  }

  /** adm2 / adm2_egl_1 from the read-back partials (f32 view), combined in f64 as libvmaf does per scale. */
  result(partials: Float32Array): GpuAdmResult {
    const res: GpuAdmResult = { adm2: 0, adm2Egl: 0, numScale: new Float64Array(4), denScale: new Float64Array(4), numScaleEgl: new Float64Array(4) };
    let numTot = 0;
    let denTot = 0;
    let numTotEgl = 0;
    this.levels.forEach((lv, s) => {
      const n = lv.gx * lv.gy;
      const f = (k: number): number => Math.cbrt(sumF32(partials, lv.base, n, 9, k));
      const areaTerm = Math.cbrt(lv.area / 32);
      res.numScale[s] = f(0) + f(1) + f(2) + 3 * areaTerm;
      res.numScaleEgl[s] = f(3) + f(4) + f(5) + 3 * areaTerm;
      res.denScale[s] = f(6) + f(7) + f(8) + 3 * areaTerm;
      numTot += res.numScale[s]!;
      numTotEgl += res.numScaleEgl[s]!;
      denTot += res.denScale[s]!;
    });
    const limit = (1e-10 * this.layout.width * this.layout.height) / (1920 * 1080);
    if (numTot < limit) numTot = 0;
    if (denTot < limit) denTot = 0;
    if (numTotEgl < limit) numTotEgl = 0;
    res.adm2 = denTot === 0 ? 1 : numTot / denTot;
    res.adm2Egl = denTot === 0 ? 1 : numTotEgl / denTot;
    return res;
  }

  destroy(): void {
    this.aBuf[0].destroy();
    this.aBuf[1].destroy();
    this.bands.destroy();
    this.csum.destroy();
    for (const lv of this.levels) lv.params.destroy();
  }
}
