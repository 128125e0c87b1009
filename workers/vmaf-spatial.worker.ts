/**
 * A thread of the CPU engine's VMAF pool (started by the engine worker, see ./spatial-pool.ts): the integer
 * VIF/ADM features of one frame pair at a time. Exposed with Comlink; the arithmetic is src/core's.
 */
import * as Comlink from 'comlink';
import { IntegerSpatialComputer, type SpatialFeatures } from '../src/core/metrics/vmaf/index.ts';

let computer: IntegerSpatialComputer | null = null;

const api = {
  /** The features of one pair; the two plane buffers go back to the pool (transferred) for reuse. */
  spatial(width: number, height: number, neg: boolean, ref: ArrayBuffer, dis: ArrayBuffer): { features: SpatialFeatures; ref: ArrayBuffer; dis: ArrayBuffer } {
    if (!computer || computer.width !== width || computer.height !== height) {
      computer = null; // let the old buffers go before allocating the new size
      computer = new IntegerSpatialComputer(width, height);
    }
    const features = computer.compute(new Uint8Array(ref), new Uint8Array(dis), neg);
    return Comlink.transfer({ features, ref, dis }, [ref, dis]);
  },
};

export type VmafSpatialApi = typeof api;
Comlink.expose(api);
