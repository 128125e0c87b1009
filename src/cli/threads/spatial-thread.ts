/**
 * One thread of the CLI's VMAF pool: computes the integer VIF/ADM features of the frame pairs it is sent.
 * Messages: {id, width, height, neg, ref, dis} in (planes transferred), {id, features} or {id, error} out.
 */
import { parentPort } from 'node:worker_threads';
import { IntegerSpatialComputer } from '../../core/metrics/vmaf/index.ts';

interface Task { id: number; width: number; height: number; neg: boolean; ref: Uint8Array; dis: Uint8Array }

let computer: IntegerSpatialComputer | null = null;
const port = parentPort!;
port.on('message', (t: Task) => {
  try {
    if (!computer || computer.width !== t.width || computer.height !== t.height) computer = new IntegerSpatialComputer(t.width, t.height);
    port.postMessage({ id: t.id, features: computer.compute(t.ref, t.dis, t.neg) });
  } catch (err) {
    port.postMessage({ id: t.id, error: (err as Error)?.message ?? String(err) });
  }
});
