/**
 * Main-thread side of the object-removal worker, a WorkerBridge (./worker-bridge.ts): the worker starts on first use,
 * every call takes an AbortSignal first, aborting terminates the worker (decoding and the metrics cannot be
 * interrupted otherwise) and rejects with an AbortError, and an idle worker is shut down after a minute. Also says
 * whether LPIPS-VGG weights are installed (absent is the normal state: the measurement is then partial).
 */
import * as Comlink from 'comlink';
import type { RemovalApi, RemovalRequest, RemovalRunResult, RemovalViewFrames } from '../../workers/removal.worker.ts';
import type { RemovalFiles, RemovalInputFacts } from '../media/removal-sources.ts';
import type { LpipsEngine, LpipsPair, RemovalMeasurement, RemovalProgress } from '../core/metrics/removal/api.ts';
import { getModel } from '../storage/models.repo.ts';
import { progress, WorkerBridge } from './worker-bridge.ts';

export type { RemovalFiles, RemovalInputFacts, RemovalMeasurement, RemovalProgress, RemovalRequest, RemovalRunResult, RemovalViewFrames };

/** The models-store name the LPIPS-VGG weights are installed under (Settings). */
export const LPIPS_MODEL_ID = 'lpips-vgg';

export class RemovalBridge {
  private readonly bridge = new WorkerBridge<RemovalApi>({
    create: () => new Worker(new URL('../../workers/removal.worker.ts', import.meta.url), { type: 'module', name: 'preflight-removal' }),
    what: 'The removal check',
  });

  /** Terminates the worker now (pending calls reject). */
  stop(): void {
    this.bridge.stop();
  }

  /**
   * Checks the files and measures the item; rejects with the input problem (message names the file) or an AbortError.
   * `lpips` (src/bridge/lpips.ts's engine, running in the LPIPS worker) is handed to the removal worker as a Comlink
   * proxy: the pipeline's crop pairs come back through this thread to the LPIPS worker.
   */
  measure(
    signal: AbortSignal | undefined,
    files: RemovalFiles,
    request: RemovalRequest,
    onProgress?: (p: RemovalProgress) => void,
    lpips?: LpipsEngine | null,
  ): Promise<RemovalRunResult> {
    // Comlink proxies only travel as top-level arguments: the label goes beside the proxy.
    const engine = lpips ? Comlink.proxy({ distances: (pairs: LpipsPair[]) => lpips.distances(pairs, signal) }) : undefined;
    return this.bridge.call(signal, (api) => api.measure(files, request, progress(onProgress), lpips?.label, engine));
  }

  /** Frame `index` of every input, for the frame viewer. */
  readFrames(signal: AbortSignal | undefined, files: RemovalFiles, index: number): Promise<RemovalViewFrames> {
    return this.bridge.call(signal, (api) => api.readFrames(files, index));
  }
}

export interface LpipsStatus {
  installed: boolean;
  message: string;
}

/** Whether LPIPS-VGG weights are installed; a storage failure reads as "not installed" with the reason. */
export async function lpipsStatus(): Promise<LpipsStatus> {
  try {
    const m = await getModel(LPIPS_MODEL_ID);
    return m
      ? { installed: true, message: `LPIPS-VGG weights installed from ${m.meta.sourceFile}` }
      : { installed: false, message: 'LPIPS-VGG weights not installed (Settings)' };
  } catch (e) {
    return { installed: false, message: `LPIPS-VGG weights could not be read (${(e as Error).message})` };
  }
}

/** The app's one removal worker. */
export const removal = new RemovalBridge();
