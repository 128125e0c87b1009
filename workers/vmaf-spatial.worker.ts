/**
 * A thread of the CPU engine's VMAF pool (started by the engine worker, see ./spatial-pool.ts): the integer
 * VIF/ADM features of one frame pair at a time. Exposed with Comlink; the arithmetic, and the task and reply
 * shapes the CLI's threads share, are src/core's (`spatialTaskRunner`).
 */
import * as Comlink from 'comlink';
import { spatialTaskRunner, type SpatialReply, type SpatialTask } from '../src/core/metrics/vmaf/index.ts';

const run = spatialTaskRunner();

const api = {
  /** The features of one pair; the two plane buffers go back to the pool (transferred) for reuse. */
  spatial(task: SpatialTask): SpatialReply {
    const reply = run(task);
    return Comlink.transfer(reply, [reply.ref, reply.dis]);
  },
};

export type VmafSpatialApi = typeof api;
Comlink.expose(api);
