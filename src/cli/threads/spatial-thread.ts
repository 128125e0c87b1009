/**
 * One thread of the CLI's VMAF pool: computes the integer VIF/ADM features of the frame pairs it is sent.
 * Messages: {id, width, height, neg, ref, dis} in, {id, features, ref, dis} or {id, error, ref, dis} out; the plane
 * buffers are transferred both ways, so the pool reuses them.
 */
import { parentPort } from 'node:worker_threads';
import { IntegerSpatialComputer } from '../../core/metrics/vmaf/index.ts';

interface Task { id: number; width: number; height: number; neg: boolean; ref: ArrayBuffer; dis: ArrayBuffer }

let computer: IntegerSpatialComputer | null = null;
const port = parentPort!;
port.on('message', (t: Task) => {
  const back = [t.ref, t.dis];
  try {
    if (!computer || computer.width !== t.width || computer.height !== t.height) computer = new IntegerSpatialComputer(t.width, t.height);
    const features = computer.compute(new Uint8Array(t.ref), new Uint8Array(t.dis), t.neg);
    port.postMessage({ id: t.id, features, ref: t.ref, dis: t.dis }, back);
  } catch (err) {
    port.postMessage({ id: t.id, error: (err as Error)?.message ?? String(err), ref: t.ref, dis: t.dis }, back);
  }
});
