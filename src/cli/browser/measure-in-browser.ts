/**
 * `preflight metrics --engine cpu|webgpu`: measures in the app's engine worker inside headless Chromium (see
 * engine-session.ts) and returns a `MeasureResult` plus the probe object the CLI prints, so the output is the same
 * as the node-cpu engine's. `webgpu` requires a WebGPU adapter (else `NoWebGpuError`) and warns when the adapter
 * is a software one (SwiftShader); `cpu` runs the CPU twins in the browser worker. The app's media errors name the
 * file by its base name; they come back as `BrowserInputError`s naming the path the user gave.
 */
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { MeasureOptions, MeasureResult } from '../../core/metrics/measure.ts';
import { BrowserEngineError, openEngineSession, pageErrorMessage, type AdapterReport } from './engine-session.ts';
import type { MediaProbe } from '../../core/engine-protocol.ts';

/** `--engine webgpu` on a browser without a WebGPU adapter. */
export class NoWebGpuError extends Error {
  constructor(reason: string) {
    super(`--engine webgpu needs a WebGPU adapter, and this Chromium has none (${reason}); use --engine cpu or node-cpu`);
    this.name = 'NoWebGpuError';
  }
}

/** An input file the browser engine cannot read or decode (missing file, not a video, sizes differ…). */
export class BrowserInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrowserInputError';
  }
}

export interface BrowserMeasureOptions {
  refPath: string;
  distPath: string;
  engine: 'cpu' | 'webgpu';
  /** Measure options without model JSON (the worker loads the models from the build). */
  request: Omit<MeasureOptions, 'modelJson'>;
  onProgress?: (p: { done: number; total?: number }) => void;
  log?: (line: string) => void;
  /** Test hook: launch Chromium without WebGPU. */
  webgpu?: boolean;
}

export interface BrowserMeasureOutput {
  result: MeasureResult;
  /** `{ ref, dist, browser }` in the CLI's probe layout. */
  probe: Record<string, unknown>;
  adapter: AdapterReport;
  engineNote: string | null;
  seconds: number;
}

/** A one-line adapter name, e.g. "google swiftshader". */
export function adapterName(a: AdapterReport): string {
  return [a.vendor, a.architecture, a.device || a.description].filter((s) => s).join(' ') || 'unknown adapter';
}

function probeOf(path: string, p: MediaProbe | null, frames: number | null) {
  return {
    path,
    via: p ? `browser-${p.source}` : 'browser',
    width: p?.width,
    height: p?.height,
    fps: p && Number.isFinite(p.fps) ? p.fps : null,
    colorspace: p?.colorSpace ?? undefined,
    frames,
  };
}

const INPUT_ERROR =
  /frame sizes differ|no frames|no frame pair|must be an integer|not a video|could not read the|cannot decode|not supported|truncated|10-bit|MediaError|Y4mError|y4m/i;

/**
 * Runs the measurement in headless Chromium.
 * @throws BrowserInputError (unreadable input), NoWebGpuError, BrowserEngineError (no Chromium, page failure).
 */
export async function measureInBrowser(o: BrowserMeasureOptions): Promise<BrowserMeasureOutput> {
  const log = o.log ?? ((l: string) => process.stderr.write(l + '\n'));
  for (const p of [o.refPath, o.distPath]) {
    try {
      if (!statSync(p).isFile()) throw new BrowserInputError(`${p} is not a file`);
    } catch (err) {
      if (err instanceof BrowserInputError) throw err;
      throw new BrowserInputError(`cannot read ${p}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  const session = await openEngineSession({ inputs: { ref: o.refPath, dist: o.distPath }, webgpu: o.webgpu, log });
  try {
    const a = session.adapter;
    if (o.engine === 'webgpu') {
      if (!a.available) throw new NoWebGpuError(a.reason ?? 'no adapter');
      if (!a.isFallbackAdapter) log(`preflight: WebGPU adapter: ${adapterName(a)}`);
      else
        log(
          `warning: the WebGPU adapter (${adapterName(a)}) is a software adapter (SwiftShader, runs on the CPU): results are correct but slower than --engine cpu`,
        );
    }
    let response;
    try {
      response = await session.measure({ ...o.request, engine: o.engine }, o.onProgress);
    } catch (err) {
      // Decoder logs arrive whole: drop ffmpeg's "[h264 @ 0x…]" prefixes and "Last message repeated" lines.
      const msg = pageErrorMessage(err)
        .replace(/\s*Last message repeated \d+ times/g, '')
        .replace(/\[[\w-]+ @ 0x[0-9a-f]+\]\s*/g, '');
      if (/WebGPU is not available/.test(msg)) throw new NoWebGpuError(msg);
      // The app's media errors start with the file's name (MediaError): name the file by the path given instead.
      for (const path of [o.refPath, o.distPath]) {
        const name = basename(path);
        if (msg.startsWith(`${name}: `)) throw new BrowserInputError(`${path}: ${msg.slice(name.length + 2)}`);
      }
      if (INPUT_ERROR.test(msg)) throw new BrowserInputError(msg);
      throw new BrowserEngineError(`the browser engine failed: ${msg}`);
    }
    const { result: r, probes } = response;
    const { engineNote, seconds, threads, ...rest } = r;
    const result: MeasureResult = { ...rest, engine: r.engine };
    const probe = {
      ref: probeOf(o.refPath, probes.ref, r.refFrameCount),
      dist: probeOf(o.distPath, probes.dist, r.distFrameCount),
      browser: {
        chromium: session.browserVersion,
        engine: r.engine,
        adapter: a.available ? { name: adapterName(a), isFallbackAdapter: a.isFallbackAdapter } : null,
        engineNote,
        threads,
        seconds,
      },
    };
    return { result, probe, adapter: a, engineNote, seconds };
  } finally {
    await session.close();
  }
}
