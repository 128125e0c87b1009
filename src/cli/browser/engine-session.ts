/**
 * Drives the app's video engine in headless Chromium for the CLI and the benchmark: builds dist/ when stale,
 * serves a hard-linked snapshot of it (and the input files) on 127.0.0.1, launches Debian Chromium through playwright-core with the flags of
 * ../shared/platform-notes.md §1/§6 (`--enable-unsafe-webgpu` gives the SwiftShader WebGPU adapter on machines
 * without a GPU), opens engine.html and calls `window.preflightEngine` (src/ui/engine-host.ts). Everything started
 * here is closed by `close()`, also on errors and on SIGINT/SIGTERM (then the process exits 130/143).
 */
import { existsSync, readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { AdapterReport, EngineHostApi, HostMeasureResponse, MeasureRequest } from '../../core/engine-protocol.ts';
import { nonFiniteReviver } from '../../core/json-non-finite.ts';
import { chromiumArgs, chromiumPath } from './chromium.ts';
import { DIST_DIR, ensureDist, snapshotDist } from './dist-build.ts';
import { startStaticServer, type StaticServer } from './static-server.ts';

// The shapes the page and the CLI exchange are src/core/engine-protocol.ts (the page's side is src/ui/engine-host.ts).
export type { AdapterReport, HostMeasureResponse, MeasureRequest };
export { chromiumPath };

type HostWindow = typeof globalThis & { preflightEngine?: EngineHostApi };

/** Chromium is missing, the page did not load, or similar: not the input's fault. */
export class BrowserEngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BrowserEngineError';
  }
}

export interface EngineSessionOptions {
  /** Files the page may fetch, by name (`ref`, `dist`, …). */
  inputs: Record<string, string>;
  /** Pass `--enable-unsafe-webgpu` (default true); false simulates a browser without a WebGPU adapter. */
  webgpu?: boolean;
  /** One-line messages (building, warnings); default stderr. */
  log?: (line: string) => void;
  /** Page console messages of type error are logged when true (or when PREFLIGHT_DEBUG is set). */
  debug?: boolean;
}

export interface EngineSession {
  browserVersion: string;
  adapter: AdapterReport;
  /** Same-origin URL of an input by name. */
  inputUrl(name: string): string;
  /** Runs the engine worker's measure on inputs `ref`/`dist` (names), reporting progress. */
  measure(
    request: MeasureRequest,
    onProgress?: (p: { done: number; total?: number }) => void,
    names?: { ref: string; dist: string },
  ): Promise<HostMeasureResponse>;
  /** Bytes from performance.measureUserAgentSpecificMemory, or null where unavailable. */
  uaMemory(): Promise<number | null>;
  /** Process ids of the browser's processes (browser, renderer, GPU, utilities) from CDP SystemInfo. */
  processIds(): Promise<number[]>;
  page: Page;
  close(): Promise<void>;
}

/** Strips Playwright's "page.evaluate: Error: " wrapper and stack from an error raised in the page. */
export function pageErrorMessage(err: unknown): string {
  const m = String((err as Error)?.message ?? err);
  return m
    .replace(/^page\.evaluate:\s*/, '')
    .replace(/^(\w*Error): /, '')
    .split('\n    at ')[0]!
    .trim();
}

/**
 * Opens the engine page in a fresh headless Chromium.
 * @throws BrowserEngineError when Chromium is missing or the page does not come up.
 */
export async function openEngineSession(options: EngineSessionOptions): Promise<EngineSession> {
  const log = options.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const exe = chromiumPath();
  if (!existsSync(exe)) throw new BrowserEngineError(`Chromium not found at ${exe} (install Debian's chromium or set CHROMIUM_PATH)`);
  await ensureDist(log);

  let server: StaticServer | null = null;
  let browser: Browser | null = null;
  let snapshot: { dir: string; remove(): void } | null = null;
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
    await browser?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
    snapshot?.remove();
  };
  let interrupted = false;
  const onSignal = (code: number) => {
    interrupted = true;
    process.stderr.write('\npreflight: interrupted; closing Chromium\n');
    void close().finally(() => process.exit(code));
  };
  // A call that fails because a signal closed the browser waits for the exit instead of reporting the failure.
  const unlessInterrupted = async <T>(p: Promise<T>): Promise<T> => {
    try {
      return await p;
    } catch (err) {
      if (interrupted) await new Promise<never>(() => {});
      throw err;
    }
  };
  const onSigint = () => onSignal(130);
  const onSigterm = () => onSignal(143);
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);

  try {
    snapshot = snapshotDist();
    if (!existsSync(`${snapshot.dir}/engine.html`)) throw new BrowserEngineError(`${DIST_DIR} is incomplete (another vite build running?); try again`);
    server = await startStaticServer(snapshot.dir, options.inputs);
    const args = chromiumArgs({ headless: true, webgpu: options.webgpu !== false });
    try {
      browser = await chromium.launch({ executablePath: exe, args, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
    } catch (err) {
      throw new BrowserEngineError(`could not start Chromium (${exe}): ${(err as Error).message.split('\n')[0]}`);
    }
    const page = await browser.newPage();
    const debug = options.debug ?? Boolean(process.env.PREFLIGHT_DEBUG);
    page.on('console', (msg) => {
      if (debug && (msg.type() === 'error' || msg.type() === 'warning')) log(`[chromium ${msg.type()}] ${msg.text()}`);
    });
    page.on('pageerror', (err) => {
      if (debug) log(`[chromium pageerror] ${err.message}`);
    });
    let progress: ((p: { done: number; total?: number }) => void) | undefined;
    await page.exposeFunction('preflightProgress', (p: { done: number; total?: number }) => progress?.(p));
    await page.goto(server.url + 'engine.html');
    try {
      await page.waitForFunction(() => Boolean((globalThis as HostWindow).preflightEngine), undefined, { timeout: 30_000 });
    } catch {
      throw new BrowserEngineError(`the engine page ${server.url}engine.html did not start (is ${DIST_DIR} a complete build?)`);
    }
    const adapter = await page.evaluate(() => (globalThis as HostWindow).preflightEngine!.adapter());
    const cdp = await browser.newBrowserCDPSession();
    const srv = server;
    const b = browser;
    return {
      browserVersion: b.version(),
      adapter,
      page,
      inputUrl: (name) => srv.inputUrl(name),
      async measure(request, onProgress, names = { ref: 'ref', dist: 'dist' }) {
        progress = onProgress;
        const req = { refUrl: srv.inputUrl(names.ref), distUrl: srv.inputUrl(names.dist), request };
        try {
          const text = await unlessInterrupted(page.evaluate((r) => (globalThis as HostWindow).preflightEngine!.measure(r), req));
          return JSON.parse(text, nonFiniteReviver) as HostMeasureResponse;
        } finally {
          progress = undefined;
        }
      },
      uaMemory: () => page.evaluate(() => (globalThis as HostWindow).preflightEngine!.memory()),
      async processIds() {
        const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { id: number; type: string }[] };
        return info.processInfo.map((p) => p.id).filter((id) => id > 0);
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Proportional set size (bytes) of a process from /proc (PSS counts shared pages once across processes), or 0. */
export function processPssBytes(pid: number): number {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    const m = /^Pss:\s+(\d+) kB/m.exec(text);
    if (m) return Number(m[1]) * 1024;
  } catch {
    /* fall through to VmRSS */
  }
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}
