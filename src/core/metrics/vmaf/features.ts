/**
 * Shared by every VMAF feature extractor (float CPU, integer CPU, WebGPU): turning per-scale VIF sums and the ADM
 * result into libvmaf's features, and the motion2 rule of libvmaf's motion extractor (float_motion.c /
 * integer_motion.c @ v3.0.0): motion2[0] = 0, motion2[i] = min(motion[i], motion[i+1]), motion2[n−1] = motion[n−1].
 * motion2 of a frame needs the next frame, so features leave `Motion2Lag` one frame late. `VmafStream` is the
 * state and input check the streaming extractors have in common.
 */
import type { VmafFeatures } from './svm.ts';

/** Per-scale VIF numerators (gain limit 100 and 1.0) and denominators. */
export interface VifScaleSums {
  num: ArrayLike<number>;
  numEgl: ArrayLike<number>;
  den: ArrayLike<number>;
}

/** The features of one frame, motion2 still 0 (set by `Motion2Lag`). `_egl_1` features only with `neg`. */
export function assembleFeatures(v: VifScaleSums, adm: { adm2: number; adm2Egl: number }, motion: number, neg: boolean): VmafFeatures {
  const f: VmafFeatures = {
    vif_scale0: v.num[0]! / v.den[0]!,
    vif_scale1: v.num[1]! / v.den[1]!,
    vif_scale2: v.num[2]! / v.den[2]!,
    vif_scale3: v.num[3]! / v.den[3]!,
    adm2: adm.adm2,
    motion2: 0,
    motion,
  };
  if (neg) {
    f.vif_scale0_egl_1 = v.numEgl[0]! / v.den[0]!;
    f.vif_scale1_egl_1 = v.numEgl[1]! / v.den[1]!;
    f.vif_scale2_egl_1 = v.numEgl[2]! / v.den[2]!;
    f.vif_scale3_egl_1 = v.numEgl[3]! / v.den[3]!;
    f.adm2_egl_1 = adm.adm2Egl;
  }
  return f;
}

/** Holds one frame back until the next frame's motion is known, then sets its motion2. */
export class Motion2Lag {
  private pending: VmafFeatures | null = null;
  private count = 0;

  /** Takes the newest frame's features; returns the previous frame, now final (none for the first frame). */
  push(f: VmafFeatures): VmafFeatures[] {
    const prev = this.pending;
    this.pending = f;
    this.count++;
    if (!prev) return [];
    if (this.count > 2) prev.motion2 = Math.min(prev.motion, f.motion); // frame 0 keeps motion2 = 0
    return [prev];
  }

  /** After the last frame: returns it (motion2 = its backward motion, 0 for a single frame) and resets. */
  flush(): VmafFeatures[] {
    const last = this.pending;
    const count = this.count;
    this.pending = null;
    this.count = 0;
    if (!last) return [];
    if (count > 1) last.motion2 = last.motion;
    return [last];
  }
}

/**
 * What every streaming VMAF extractor (float CPU, integer CPU, frame-parallel integer, WebGPU) holds: the frame
 * size, whether the NEG `_egl_1` features are computed, and the motion2 lag; and its check of pushed planes.
 */
export abstract class VmafStream {
  protected readonly neg: boolean;
  protected readonly lag = new Motion2Lag();

  /** @param name the extractor's name in error messages */
  constructor(
    private readonly name: string,
    readonly width: number,
    readonly height: number,
    options: { neg?: boolean } | undefined,
  ) {
    this.neg = options?.neg === true;
  }

  /** The luma planes cut to width·height bytes (stride = width); throws when either is shorter. */
  protected lumaPlanes(refY: Uint8Array, distY: Uint8Array): [Uint8Array, Uint8Array] {
    const n = this.width * this.height;
    if (refY.length < n || distY.length < n) throw new Error(`${this.name}.push: plane smaller than width*height`);
    return [refY.length === n ? refY : refY.subarray(0, n), distY.length === n ? distY : distY.subarray(0, n)];
  }
}
