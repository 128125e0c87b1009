/**
 * One thread of the CLI's VMAF pool: computes the integer VIF/ADM features of the frame pairs it is sent, with
 * src/core's `spatialTaskRunner`, as the browser's Comlink thread does. Messages: a `SpatialTask` with a request
 * id in; the `SpatialReply` with that id, or {id, error, ref, dis}, out. The plane buffers are transferred both
 * ways, so the pool reuses them.
 */
import { parentPort } from 'node:worker_threads';
import { spatialTaskRunner, type SpatialTask } from '../../core/metrics/vmaf/index.ts';

const run = spatialTaskRunner();
const port = parentPort!;
port.on('message', (t: SpatialTask & { id: number }) => {
  const back = [t.ref, t.dis];
  try {
    port.postMessage({ id: t.id, ...run(t) }, back);
  } catch (err) {
    port.postMessage({ id: t.id, error: (err as Error)?.message ?? String(err), ref: t.ref, dis: t.dis }, back);
  }
});
