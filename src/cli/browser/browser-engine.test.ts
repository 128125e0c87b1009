/**
 * `preflight metrics --engine cpu|webgpu` in headless Chromium against `--engine node-cpu` on the tiny y4m pair
 * (first 3 frames): the browser CPU engine runs the same code (every pooled metric within 1e-9), the WebGPU engine
 * (SwiftShader here) agrees within VMAF 0.02 (vmaf_neg 0.25: float features, see docs/accuracy.md) and SSIM 1e-5;
 * a Chromium without a WebGPU adapter makes
 * `--engine webgpu` fail with exit status 2.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../commands/metrics.ts';
import { ensureDist } from './dist-build.ts';
import { measureInBrowser, NoWebGpuError } from './measure-in-browser.ts';
import { sharedReference } from '../../../test-support/index.ts';

const C = sharedReference('clips/');
const REF = C + 'tiny_vtest_320x240__ref.y4m';
const DIST = C + 'tiny_vtest_320x240__x264_crf38.y4m';

interface Json {
  frames: { frameNum: number; metrics: Record<string, number> }[];
  pooled_metrics: Record<string, { mean: number; harmonic_mean: number }>;
  preflight: { engine: string; probe: { browser?: { adapter: { isFallbackAdapter: boolean } | null } } };
}

let stderr = '';
async function metricsJson(engine: string): Promise<Json> {
  let out = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  });
  try {
    expect(await run(['--ref', REF, '--dist', DIST, '--frames', '0:3', '--engine', engine, '--json'])).toBe(0);
  } finally {
    vi.restoreAllMocks();
  }
  return JSON.parse(out) as Json;
}
afterEach(() => vi.restoreAllMocks());

let node: Json;
beforeAll(async () => {
  await ensureDist(); // a vite build (~10 s) only when dist/ is older than the sources
  node = await metricsJson('node-cpu');
}, 120_000);

describe('preflight metrics in headless Chromium', () => {
  it('--engine cpu (browser worker) equals node-cpu: every pooled metric (vmaf, vmaf_neg, features, ssim, psnr) within 1e-9', async () => {
    const j = await metricsJson('cpu');
    expect(j.preflight.engine).toBe('cpu');
    expect(j.frames.length).toBe(3);
    expect(Object.keys(j.pooled_metrics).sort()).toEqual(Object.keys(node.pooled_metrics).sort());
    expect(Object.keys(node.pooled_metrics)).toEqual(expect.arrayContaining(['vmaf', 'vmaf_neg', 'ssim_all', 'psnr_avg']));
    for (const k of Object.keys(node.pooled_metrics)) {
      expect(Math.abs(j.pooled_metrics[k]!.mean - node.pooled_metrics[k]!.mean), k).toBeLessThanOrEqual(1e-9);
    }
  }, 60_000);

  // The WebGPU engine has float VMAF features only; the CPU engine feeds vmaf/vmaf_neg integer features (libvmaf's),
  // so vmaf_neg may differ by up to 0.25 (docs/accuracy.md); vmaf agrees within 0.02.
  it('--engine webgpu agrees with node-cpu: pooled VMAF within 0.02 (vmaf_neg 0.25, float features), SSIM within 1e-5; software adapter warned', async () => {
    const j = await metricsJson('webgpu');
    expect(j.preflight.engine).toBe('webgpu');
    expect(j.frames.length).toBe(3);
    expect(Math.abs(j.pooled_metrics['vmaf']!.mean - node.pooled_metrics['vmaf']!.mean)).toBeLessThanOrEqual(0.02);
    expect(Math.abs(j.pooled_metrics['vmaf_neg']!.mean - node.pooled_metrics['vmaf_neg']!.mean)).toBeLessThanOrEqual(0.25);
    for (const k of ['ssim_all', 'ssim_y']) expect(Math.abs(j.pooled_metrics[k]!.mean - node.pooled_metrics[k]!.mean), k).toBeLessThanOrEqual(1e-5);
    const adapter = j.preflight.probe.browser?.adapter;
    expect(adapter).not.toBeNull();
    if (adapter!.isFallbackAdapter) expect(stderr).toMatch(/software adapter/);
  }, 60_000);

  it('--engine webgpu without a WebGPU adapter fails with a clear message and exit status 2', async () => {
    const err = await measureInBrowser({
      refPath: REF,
      distPath: DIST,
      engine: 'webgpu',
      request: { models: [], frameRange: { start: 0, count: 1 } },
      webgpu: false,
      log: () => {},
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoWebGpuError);
    expect((err as Error).message).toMatch(/needs a WebGPU adapter.*none/);
    // metrics.ts maps NoWebGpuError to CliError (exit 2); unknown engines exit 2 too.
    await expect(run(['--ref', REF, '--dist', DIST, '--engine', 'gpu'])).rejects.toMatchObject({ exitCode: 2 });
  }, 30_000);
});
