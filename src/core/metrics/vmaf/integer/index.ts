/**
 * Streaming extractor of libvmaf's INTEGER (fixed-point) VMAF features on 8-bit luma — the features the
 * default models vmaf_v0.6.1, vmaf_v0.6.1neg and vmaf_4k_v0.6.1 are evaluated on. Same shape as the float
 * `VmafExtractor` (../extractor.ts), so `predictVmaf` (../svm.ts) gives libvmaf's integer-model VMAF.
 * Ports Netflix/vmaf libvmaf/src/feature/integer_vif.c, integer_adm.c, integer_motion.c @ 332dde62838d
 * (v3.0.0-124, pinned by Vidaio). motion2 rules as in integer_motion.c: motion2[0] = 0,
 * motion2[i] = min(motion[i], motion[i+1]), motion2[n−1] = motion[n−1]; results lag one frame behind.
 */
import type { VmafFeatures } from '../svm.ts';
import { IntegerAdmComputer } from './adm.ts';
import { IntegerMotionComputer } from './motion.ts';
import { IntegerVifComputer } from './vif.ts';
import { assembleFeatures, VmafStream } from '../features.ts';

/** Integer VIF gives per-scale scores (num/den already divided): feed them with unit denominators. */
const UNIT = [1, 1, 1, 1] as const;

export { IntegerAdmComputer } from './adm.ts';
export { IntegerMotionComputer } from './motion.ts';
export { IntegerVifComputer } from './vif.ts';
export {
  IntegerSpatialComputer,
  ParallelIntegerVmafExtractor,
  PlaneBuffers,
  ThreadedSpatialPool,
  inlineSpatialPool,
  spatialTaskRunner,
  type SpatialFeatures,
  type SpatialPool,
  type SpatialReply,
  type SpatialTask,
  type SpatialThread,
} from './parallel.ts';

/** Streaming integer-feature extractor: feed frame pairs in display order; results lag by one frame. */
export class IntegerVmafExtractor extends VmafStream {
  private readonly vif: IntegerVifComputer;
  private readonly adm: IntegerAdmComputer;
  private readonly motion: IntegerMotionComputer;

  /**
   * @param width luma width in pixels (> 32, libvmaf's integer ADM minimum)
   * @param height luma height in pixels (> 32)
   * @param options.neg also compute the `_egl_1` features needed by vmaf_v0.6.1neg
   */
  constructor(width: number, height: number, options?: { neg?: boolean }) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 32 || height <= 32) {
      throw new Error(`IntegerVmafExtractor: frame size ${width}x${height} must exceed 32x32`);
    }
    super('IntegerVmafExtractor', width, height, options);
    this.vif = new IntegerVifComputer(width, height);
    this.adm = new IntegerAdmComputer(width, height);
    this.motion = new IntegerMotionComputer(width, height);
  }

  /** refY/distY: 8-bit luma planes, stride = width. Returns the features of every frame that became final. */
  push(refY: Uint8Array, distY: Uint8Array): VmafFeatures[] {
    const [ref, dis] = this.lumaPlanes(refY, distY);
    const v = this.vif.compute(ref, dis, this.neg);
    const a = this.adm.compute(ref, dis, this.neg);
    const motion = this.motion.push(ref);
    return this.lag.push(assembleFeatures({ num: v.scores, numEgl: v.scoresEgl, den: UNIT }, a, motion, this.neg));
  }

  /** Call after the last frame: returns the remaining frame; the extractor then starts a new sequence. */
  flush(): VmafFeatures[] {
    this.motion.reset();
    return this.lag.flush();
  }
}
