/**
 * A thread of the CPU engine's VMAF pool (started by the engine worker, see ./spatial-pool.ts): the integer
 * VIF/ADM features of one frame pair at a time. Exposed with Comlink; the arithmetic is src/core's.
 */
import * as Comlink from 'comlink';
import { IntegerSpatialComputer, type SpatialFeatures } from '../src/core/metrics/vmaf/index.ts';

let computer: IntegerSpatialComputer | null = null;

const api = {
  spatial(width: number, height: number, neg: boolean, ref: Uint8Array, dis: Uint8Array): SpatialFeatures {
    if (!computer || computer.width !== width || computer.height !== height) {
      computer = null; // let the old buffers go before allocating the new size
      computer = new IntegerSpatialComputer(width, height);
    }
    return computer.compute(ref, dis, neg);
  },
};

export type VmafSpatialApi = typeof api;
Comlink.expose(api);
