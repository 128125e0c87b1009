/**
 * Thin wrapper of vif.wgsl: VIF at four scales with the NEG (gain limit 1) numerator computed in the same pass,
 * in one of two modes fixed at construction: libvmaf's float extractor (vif.c / vif_tools.c @ v3.0.0;
 * ../shared/reference/metrics.md §1.1; CPU twin src/core/metrics/vmaf/vif.ts), or `integerRounding`: the
 * moments and pyramid of libvmaf's integer extractor (integer_vif.c @ 332dde62838d), exact in u32, with the float
 * statistic (CPU twin src/core/metrics/vmaf/vif-intlike.ts), which reproduces libvmaf's `integer_vif_*` features.
 * The pyramid (scales 1–3, ref and dis) and the moment planes stay on the GPU; only three f32 partials per
 * workgroup and scale are read back.
 */
import shaderSource from './vif.wgsl?raw';
import mirrorSource from './mirror.wgsl?raw';
import reduceSource from './reduce.wgsl?raw';
import planesSource from './planes.wgsl?raw';
import { VIF_INT_TAPS } from '../../core/metrics/vmaf/vif-intlike.ts';
import { paramsBuffer, storageBuffer, sumF32, type PartialSlots, type PlaneLayout } from '../buffers.ts';
import { computePipeline, dispatchOf, encodeDispatches, type Dispatch, REDUCE_TILE, TILE } from '../dispatch.ts';

/** Gaussian taps per scale, σ = N/5 (libvmaf vif_tools.c vif_filter1d_table_s; metrics.md §1.1). */
const HALF_TAPS: number[][] = [
  [0.00745626912, 0.0142655009, 0.0250313189, 0.0402820669, 0.0594526194, 0.0804751068, 0.0999041125, 0.113746084, 0.118773937],
  [0.0189780835, 0.0558981746, 0.120920904, 0.192116052, 0.224173605],
  [0.054488685, 0.244201347, 0.402619958],
  [0.166378498, 0.667243004],
];
const TAPS = HALF_TAPS.map((half) => [...half, ...half.slice(0, -1).reverse()]);

/** Per-scale sums of one frame: den, num (gain limit 100), numEgl (gain limit 1). */
export interface GpuVifSums {
  num: Float64Array;
  den: Float64Array;
  numEgl: Float64Array;
}

interface Scale {
  w: number;
  h: number;
  statParams: GPUBuffer;
  decimParams?: GPUBuffer;
  pyr?: GPUBuffer;
  gx: number;
  gy: number;
  base: number;
}

/** Four-scale VIF of one frame pair per `encode`. */
export class VifKernel {
  private readonly pipes: Record<'momentsU8' | 'momentsF32' | 'stat' | 'decimVU8' | 'decimVF32' | 'decimH', GPUComputePipeline>;
  private readonly scales: Scale[] = [];
  /** Per scale: decim_v, decim_h (scales 1–3), moments, stat; set by `bind`. */
  private dispatches: Dispatch[] = [];
  private readonly mom: GPUBuffer;
  private readonly tmp: GPUBuffer;

  /** Binding numbers of the scratch buffers in vif.wgsl (f32 views, or the u32 views of the integer mode). */
  private readonly bnd: { mom: number; momIn: number; tmp: number; tmpIn: number; dst: number };

  /**
   * Reserves partial slots in `slots`; call `bind` once the partials buffer exists.
   * @param integerRounding compute libvmaf's integer-path moments (see the file header) instead of its float ones
   */
  constructor(
    private readonly device: GPUDevice,
    layout: PlaneLayout,
    slots: PartialSlots,
    readonly integerRounding = false,
  ) {
    const module = device.createShaderModule({ label: 'vif.wgsl', code: mirrorSource + planesSource + reduceSource + shaderSource });
    const u8 = { SRC_U8: 1 };
    const sfx = integerRounding ? '_int' : '';
    this.pipes = {
      momentsU8: computePipeline(device, module, `moments${sfx}`, u8),
      momentsF32: computePipeline(device, module, `moments${sfx}`),
      stat: computePipeline(device, module, `stat${sfx}`),
      decimVU8: computePipeline(device, module, `decim_v${sfx}`, u8),
      decimVF32: computePipeline(device, module, `decim_v${sfx}`),
      decimH: computePipeline(device, module, `decim_h${sfx}`),
    };
    this.bnd = integerRounding ? { mom: 8, momIn: 9, tmp: 10, tmpIn: 11, dst: 12 } : { mom: 2, momIn: 3, tmp: 5, tmpIn: 6, dst: 7 };
    const tapsOf = (s: number): number[] => (integerRounding ? [...VIF_INT_TAPS[s]!] : TAPS[s]!);
    let w = layout.width;
    let h = layout.height;
    this.mom = storageBuffer(device, 'vif moments', 5 * w * h * 4);
    this.tmp = storageBuffer(device, 'vif decimation tmp', 2 * w * (h >> 1) * 4);
    for (let s = 0; s < 4; s++) {
      const pw = w;
      const ph = h;
      if (s > 0) {
        w >>= 1;
        h >>= 1;
      }
      const taps = tapsOf(s);
      const gx = Math.ceil(w / REDUCE_TILE.x);
      const gy = Math.ceil(h / REDUCE_TILE.y);
      const base = slots.reserve(3 * gx * gy);
      // scale 0 reads bytes of the uploaded frames; scale s ≥ 1 reads planes [ref | dis] of its pyramid buffer
      // (f32 pixels − 128, or Q8 u32 in the integer mode)
      const refOff = s === 0 ? layout.yByte : 0;
      const disOff = s === 0 ? layout.yByte : w * h;
      const statParams = paramsBuffer(
        device,
        `vif stat ${s}`,
        [
          ['u', w],
          ['u', h],
          ['u', taps.length],
          ['u', base],
          ['u', refOff],
          ['u', disOff],
          ['u', w * h],
          ['u', gx],
          ['u', 0],
          ['u', 0],
          ['u', 0],
          ['u', 0],
        ],
        taps,
        20,
      );
      const scale: Scale = { w, h, statParams, gx, gy, base };
      if (s > 0) {
        const prevRef = s === 1 ? layout.yByte : 0;
        const prevDis = s === 1 ? layout.yByte : pw * ph;
        scale.decimParams = paramsBuffer(
          device,
          `vif decimate ${s}`,
          [
            ['u', pw],
            ['u', ph],
            ['u', taps.length],
            ['u', 0],
            ['u', prevRef],
            ['u', prevDis],
            ['u', pw * (ph >> 1)],
            ['u', 0],
            ['u', 0],
            ['u', w * h],
            ['u', 0],
            ['u', 0],
          ],
          taps,
          20,
        );
        scale.pyr = storageBuffer(device, `vif scale ${s}`, 2 * w * h * 4);
      }
      this.scales.push(scale);
    }
  }

  /** Creates every bind group (all buffers are fixed for the kernel's life). */
  bind(refFrame: GPUBuffer, disFrame: GPUBuffer, partials: GPUBuffer): void {
    const d = this.device;
    const p = this.pipes;
    const b = this.bnd;
    this.dispatches = this.scales.flatMap((sc, s) => {
      const out: Dispatch[] = [];
      if (s > 0) {
        const prev = this.scales[s - 1]!;
        const pr = s === 1 ? refFrame : prev.pyr!;
        const pd = s === 1 ? disFrame : prev.pyr!;
        const vp = s === 1 ? p.decimVU8 : p.decimVF32;
        out.push(dispatchOf(d, vp, sc.decimParams!, { 0: pr, 1: pd, [b.tmp]: this.tmp }, Math.ceil(prev.w / TILE), Math.ceil((prev.h >> 1) / TILE)));
        out.push(dispatchOf(d, p.decimH, sc.decimParams!, { [b.tmpIn]: this.tmp, [b.dst]: sc.pyr! }, Math.ceil(sc.w / TILE), Math.ceil(sc.h / TILE)));
      }
      const srcRef = s === 0 ? refFrame : sc.pyr!;
      const srcDis = s === 0 ? disFrame : sc.pyr!;
      const mp = s === 0 ? p.momentsU8 : p.momentsF32;
      out.push(dispatchOf(d, mp, sc.statParams, { 0: srcRef, 1: srcDis, [b.mom]: this.mom }, Math.ceil(sc.w / TILE), Math.ceil(sc.h / TILE)));
      out.push(dispatchOf(d, p.stat, sc.statParams, { [b.momIn]: this.mom, 4: partials }, sc.gx, sc.gy));
      return out;
    });
  }

  encode(pass: GPUComputePassEncoder): void {
    encodeDispatches(pass, this.dispatches);
  }

  /** Per-scale sums (f64) from the read-back partials (f32 view). vif_scale_s = num[s] / den[s]. */
  sums(partials: Float32Array): GpuVifSums {
    const out: GpuVifSums = { num: new Float64Array(4), den: new Float64Array(4), numEgl: new Float64Array(4) };
    this.scales.forEach((sc, s) => {
      const n = sc.gx * sc.gy;
      out.num[s] = sumF32(partials, sc.base, n, 3, 0);
      out.den[s] = sumF32(partials, sc.base, n, 3, 1);
      out.numEgl[s] = sumF32(partials, sc.base, n, 3, 2);
    });
    return out;
  }

  destroy(): void {
    this.mom.destroy();
    this.tmp.destroy();
    for (const sc of this.scales) {
      sc.statParams.destroy();
      sc.decimParams?.destroy();
      sc.pyr?.destroy();
    }
  }
}
