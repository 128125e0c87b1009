/**
 * Streaming float VMAF feature extractor: VIF (4 scales), ADM2, motion/motion2 on 8-bit luma, with the
 * libvmaf first/last-frame motion2 rules (Netflix/vmaf libvmaf/src/feature/float_motion.c @ v3.0.0):
 * motion2[0] = 0, motion2[i] = min(motion[i], motion[i+1]), motion2[n-1] = motion[n-1].
 * Results therefore lag one frame behind the input.
 */
import { AdmComputer } from './adm.ts';
import { MotionComputer } from './motion.ts';
import type { VmafFeatures } from './svm.ts';
import { VifComputer } from './vif.ts';
import { assembleFeatures, VmafStream } from './features.ts';

/** Streaming extractor: feed frame pairs in display order; motion2 of frame i needs frame i+1, so results lag by one frame. */
export class VmafExtractor extends VmafStream {
  private readonly ref: Float32Array;
  private readonly dis: Float32Array;
  private readonly vif: VifComputer;
  private readonly adm: AdmComputer;
  private readonly motion: MotionComputer;

  /**
   * @param width luma width in pixels (≥ 16)
   * @param height luma height in pixels (≥ 16)
   * @param options.neg also compute the `_egl_1` features needed by vmaf_v0.6.1neg
   */
  constructor(width: number, height: number, options?: { neg?: boolean }) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 16 || height < 16) {
      throw new Error(`VmafExtractor: frame size ${width}x${height} is below the 16x16 VIF minimum`);
    }
    super('VmafExtractor', width, height, options);
    this.ref = new Float32Array(width * height);
    this.dis = new Float32Array(width * height);
    this.vif = new VifComputer(width, height, this.neg);
    this.adm = new AdmComputer(width, height, this.neg);
    this.motion = new MotionComputer(width, height);
  }

  /** refY/distY: luma planes, 8-bit, stride = width. Returns the features of every frame that became final (in order). */
  push(refY: Uint8Array, distY: Uint8Array): VmafFeatures[] {
    const [refIn, disIn] = this.lumaPlanes(refY, distY);
    const ref = this.ref;
    const dis = this.dis;
    for (let i = 0; i < refIn.length; i++) {
      ref[i] = refIn[i]! - 128;
      dis[i] = disIn[i]! - 128;
    }
    const v = this.vif.compute(ref, dis);
    const a = this.adm.compute(ref, dis);
    return this.lag.push(assembleFeatures(v, a, this.motion.push(ref), this.neg));
  }

  /**
   * Call after the last frame: returns the remaining frame(s). The extractor is then reset, so a later
   * `push` starts a new sequence (its first frame gets motion2 = 0 again).
   */
  flush(): VmafFeatures[] {
    this.motion.reset();
    return this.lag.flush();
  }
}
