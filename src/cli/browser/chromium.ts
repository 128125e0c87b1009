/**
 * The Chromium that Preflight drives (Debian's, or `CHROMIUM_PATH`) and its command-line flags, in one place for
 * the CLI's browser engine (./engine-session.ts), the e2e tests (playwright.config.ts) and the screenshot script.
 * The flags follow ../shared/platform-notes.md §1/§6: `--enable-unsafe-webgpu` is the one that matters (it gives
 * the SwiftShader WebGPU adapter on machines without a GPU); on a GPU runner Vulkan and the blocklist override
 * give the hardware adapter. Node-only module (reads process.env).
 */

/** Flags every launch uses (Playwright adds `--headless` itself; `chromiumArgs({ headless: true })` adds it for a bare launch). */
const BASE_ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

export interface ChromiumArgOptions {
  /** Pass `--enable-unsafe-webgpu` (default true); false simulates a browser without a WebGPU adapter. */
  webgpu?: boolean;
  /** Use the machine's GPU (Vulkan, GPU blocklist ignored): the GPU runner (PREFLIGHT_GPU=1). */
  gpu?: boolean;
  /** Add `--headless` (for launches that do not add it themselves). */
  headless?: boolean;
}

/** The Chromium flags for one launch. */
export function chromiumArgs(options: ChromiumArgOptions = {}): string[] {
  return [
    ...(options.headless ? ['--headless'] : []),
    ...BASE_ARGS,
    ...(options.webgpu === false ? [] : ['--enable-unsafe-webgpu']),
    ...(options.gpu ? ['--enable-features=Vulkan', '--ignore-gpu-blocklist'] : []),
  ];
}

/** The Chromium executable: `CHROMIUM_PATH`, else Debian's /usr/bin/chromium. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}
