/**
 * WebGPU metric kernels vs their CPU twins, in the browser (Vite dev server, project `browser-unit`; software
 * WebGPU/SwiftShader in CI, a real adapter with PREFLIGHT_GPU=1). Synthetic frames (96x64 and the odd 75x53:
 * gradients, pseudo-random texture, flat areas, a sharpened region for the enhancement-gain paths, motion
 * between frames) and the first 3 frames of ../shared/reference/clips/tiny_vtest_320x240 ref vs x264 crf38.
 * Tolerances: SSIM per plane ≤ 1e-5, PSNR ≤ 1e-4 dB, VIF/ADM/motion features ≤ 1e-4 absolute. The VIF kernel's
 * integer-rounding mode is checked against its own twin (src/core/metrics/vmaf/vif-intlike.ts), also ≤ 1e-4, on the
 * same frames plus 3 frames of the down2_up_bicubic pair. SSIM is also checked against native ffmpeg's `ssim`
 * filter itself (≤ 1e-6 per frame) on tiny crops of every width class, cut and scored with ffmpeg here.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { test, expect, gpuMode } from './fixtures.ts';
import { sharedReference } from '../test-support/index.ts';

const clipDir = sharedReference('clips/');

/** First `count` frames of an 8-bit 4:2:0 y4m as one raw yuv420p byte run (base64) plus its size. */
function readY4m(name: string, count: number): { width: number; height: number; frames: number; b64: string } {
  const bytes = readFileSync(clipDir + name);
  const headerEnd = bytes.indexOf(0x0a);
  const header = bytes.subarray(0, headerEnd).toString('latin1');
  const width = Number(/ W(\d+)/.exec(header)![1]);
  const height = Number(/ H(\d+)/.exec(header)![1]);
  const frameBytes = width * height + 2 * ((width + 1) >> 1) * ((height + 1) >> 1);
  const out: Buffer[] = [];
  let pos = headerEnd + 1;
  for (let i = 0; i < count; i++) {
    const lineEnd = bytes.indexOf(0x0a, pos);
    if (bytes.subarray(pos, pos + 5).toString('latin1') !== 'FRAME') throw new Error(`${name}: frame ${i} header missing`);
    out.push(bytes.subarray(lineEnd + 1, lineEnd + 1 + frameBytes));
    pos = lineEnd + 1 + frameBytes;
  }
  return { width, height, frames: count, b64: Buffer.concat(out).toString('base64') };
}

/**
 * Deterministic synthetic 4:2:0 frame pair `index` of a 3-frame sequence, base64 of ref then dis (packed yuv420p).
 * Reference: horizontal + vertical gradients, an LCG texture block, a flat block, moving 3 px per frame.
 * Distorted: noise + quantisation in one half, a 3x3 box blur band, a sharpened band (enhancement-gain paths),
 * an untouched flat area.
 */
function synthPair(w: number, h: number, index: number): { ref: string; dis: string } {
  const cw = (w + 1) >> 1;
  const ch = (h + 1) >> 1;
  let seed = 12345 + index * 7919;
  const rnd = (): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) / 16777216;
  };
  const texture = new Float64Array((w + 16) * h);
  for (let i = 0; i < texture.length; i++) texture[i] = rnd();
  const ref = new Uint8Array(w * h + 2 * cw * ch);
  const shift = index * 3;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const xs = x + shift;
      let v = 40 + (150 * xs) / (w + 6) + (40 * y) / h;
      if (y > h / 3 && x > w / 4 && x < (3 * w) / 4) v += 60 * (texture[y * (w + 16) + ((xs * 7) % (w + 16))]! - 0.5);
      if (y > (3 * h) / 4 && x < w / 4) v = 200;
      ref[y * w + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  for (let i = 0; i < cw * ch; i++) {
    ref[w * h + i] = 128 + ((i * 13 + index * 5) % 40) - 20;
    ref[w * h + cw * ch + i] = 100 + ((i * 7) % 60);
  }
  const dis = ref.slice();
  const at = (x: number, y: number): number => ref[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))]!;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let v = ref[y * w + x]!;
      let box = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) box += at(x + dx, y + dy);
      box /= 9;
      if (x < w / 2 && y < (3 * h) / 4) v = Math.round(v / 6) * 6 + Math.round((rnd() - 0.5) * 8);
      else if (y < h / 2) v = box;
      else if (!(y > (3 * h) / 4 && x < w / 4)) v = v + 1.5 * (v - box);
      dis[y * w + x] = Math.max(0, Math.min(255, Math.round(v)));
    }
  }
  for (let i = w * h; i < dis.length; i++) dis[i] = Math.max(0, Math.min(255, dis[i]! + Math.round((rnd() - 0.5) * 10)));
  return { ref: Buffer.from(ref).toString('base64'), dis: Buffer.from(dis).toString('base64') };
}

const synthetic = (
  [
    [96, 64],
    [75, 53],
  ] as const
).map(([w, h]) => ({ w, h, frames: [0, 1, 2].map((i) => synthPair(w, h, i)) }));

const TOL = { ssim: 1e-5, psnrDb: 1e-4, feature: 1e-4 };

/**
 * `frames` frames of a w x h crop of the flower 720p ref and x264 crf38 clips (4:4:4 crop keeps odd sizes), as
 * packed yuv420p base64, with native ffmpeg's per-frame `ssim` values (one filter thread, x86 kernels).
 */
function ffmpegCrop(w: number, h: number, x: number, y: number, frames: number): { w: number; h: number; ref: string; dis: string; want: number[][] } {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-gpu-ssim-'));
  const ffmpeg = process.env.PREFLIGHT_FFMPEG ?? 'ffmpeg';
  const run = (args: string[]): Buffer => {
    const r = spawnSync(ffmpeg, ['-nostdin', '-v', 'error', ...args], { maxBuffer: 1 << 28 });
    if (r.status !== 0) throw new Error(`ffmpeg ${args.join(' ')}: ${r.stderr?.toString()}`);
    return r.stdout;
  };
  try {
    const vf = `format=yuv444p,crop=${w}:${h}:${x}:${y},format=yuv420p`;
    for (const [name, clip] of [
      ['r', 'ref'],
      ['d', 'x264_crf38'],
    ]) {
      run(['-i', `${clipDir}flower_720p__${clip}.mp4`, '-frames:v', String(frames), '-vf', vf, '-f', 'rawvideo', join(dir, `${name}.yuv`)]);
    }
    const raw = ['-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-s', `${w}x${h}`];
    run([
      '-filter_complex_threads',
      '1',
      ...raw,
      '-i',
      join(dir, 'd.yuv'),
      ...raw,
      '-i',
      join(dir, 'r.yuv'),
      '-filter_complex',
      `ssim=stats_file=${join(dir, 's.txt')}`,
      '-f',
      'null',
      '-',
    ]);
    const want = readFileSync(join(dir, 's.txt'), 'utf8')
      .trim()
      .split('\n')
      .map((line) =>
        /Y:(\S+) U:(\S+) V:(\S+) All:(\S+)/
          .exec(line)!
          .slice(1, 5)
          .map((v) => (/nan|inf/i.test(v) ? NaN : Number(v))),
      );
    return { w, h, ref: readFileSync(join(dir, 'r.yuv')).toString('base64'), dis: readFileSync(join(dir, 'd.yuv')).toString('base64'), want };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test.describe('WebGPU metric kernels agree with the CPU twins', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto('./e2e/harness/index.html');
  });

  test('device module: adapter, fallback flag, readable errors', async ({ page }) => {
    const r = await page.evaluate(async () => {
      const dev = await import('/src/gpu/device.ts');
      const err = new dev.GpuUnavailableError('no adapter');
      const gpu = await dev.acquireGpu();
      const info = { fallback: gpu.isFallbackAdapter, name: dev.describeGpu(gpu), maxStorage: gpu.limits.maxStorageBufferBindingSize };
      gpu.destroy();
      const lost = await gpu.lost;
      return { message: err.message, info, lost, lossText: dev.lossMessage(lost) };
    });
    expect(r.message).toBe('WebGPU is not available in this browser: no adapter');
    expect(r.info.maxStorage).toBeGreaterThanOrEqual(128 * 1024 * 1024);
    if (gpuMode) expect(r.info.fallback).toBe(false);
    expect(r.lost.reason).toBe('destroyed');
    expect(r.lossText).toContain('CPU engine');
    console.log(`GPU: ${r.info.name}`);
  });

  test(`ssim ≤ ${TOL.ssim} and psnr ≤ ${TOL.psnrDb} dB vs ffmpeg-filter twins (96x64, 75x53, tiny_vtest 3 frames)`, async ({ page }) => {
    const ref = readY4m('tiny_vtest_320x240__ref.y4m', 3);
    const dis = readY4m('tiny_vtest_320x240__x264_crf38.y4m', 3);
    const r = await page.evaluate(
      async ({ ref, dis, synthetic }) => {
        const { GpuSsimPsnr } = await import('/src/gpu/vmaf-gpu.ts');
        const { acquireGpu } = await import('/src/gpu/device.ts');
        const { SsimStream } = await import('/src/core/metrics/ssim.ts');
        const { psnrFrame } = await import('/src/core/metrics/psnr.ts');
        const { yuvFrameFromPacked, yuv420FrameBytes } = await import('/src/core/video/frame.ts');
        const unb64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
        const gpu = await acquireGpu();
        type Frame = ReturnType<typeof yuvFrameFromPacked>;
        const cases: Array<{ name: string; w: number; h: number; pairs: Array<[Frame, Frame]> }> = [];
        for (const sc of synthetic) {
          const pairs = sc.frames.map((f, i): [Frame, Frame] => [
            yuvFrameFromPacked(i, sc.w, sc.h, unb64(f.dis)),
            yuvFrameFromPacked(i, sc.w, sc.h, unb64(f.ref)),
          ]);
          cases.push({ name: `synthetic ${sc.w}x${sc.h}`, w: sc.w, h: sc.h, pairs });
        }
        {
          const rb = unb64(ref.b64);
          const db = unb64(dis.b64);
          const n = yuv420FrameBytes(ref.width, ref.height);
          const pairs = [0, 1, 2].map((i): [Frame, Frame] => [
            yuvFrameFromPacked(i, dis.width, dis.height, db.subarray(i * n, (i + 1) * n)),
            yuvFrameFromPacked(i, ref.width, ref.height, rb.subarray(i * n, (i + 1) * n)),
          ]);
          cases.push({ name: 'tiny_vtest crf38', w: ref.width, h: ref.height, pairs });
          // identical frames: psnr Infinity, ssim 1
          cases.push({ name: 'tiny_vtest identical', w: ref.width, h: ref.height, pairs: [[pairs[0]![1], pairs[0]![1]]] });
        }
        const out = [];
        for (const c of cases) {
          const k = new GpuSsimPsnr(gpu.device, c.w, c.h);
          // One stream per case, like the GPU object: on some widths (75x53 here) ffmpeg's luma SSIM reads state left
          // by the previous frame.
          const twin = new SsimStream(c.w, c.h);
          let dSsim = 0;
          let dPsnr = 0;
          let dMse = 0;
          const samples = [];
          for (const [d, rf] of c.pairs) {
            const g = await k.frame(d, rf);
            const s = twin.frame(d, rf);
            const p = psnrFrame(d, rf);
            for (const key of ['y', 'u', 'v', 'all'] as const) dSsim = Math.max(dSsim, Math.abs(g.ssim[key] - s[key]));
            for (const key of ['y', 'u', 'v', 'avg'] as const) {
              const a = g.psnr[key];
              const b = p[key];
              dPsnr = Math.max(dPsnr, a === b ? 0 : Math.abs(a - b));
            }
            for (const key of ['mseY', 'mseU', 'mseV', 'mseAvg'] as const) dMse = Math.max(dMse, Math.abs(g.psnr[key] - p[key]));
            samples.push({ gpuY: g.ssim.y, cpuY: s.y, gpuPsnrY: g.psnr.y, cpuPsnrY: p.y });
          }
          k.destroy();
          out.push({ name: c.name, dSsim, dPsnr, dMse, first: samples[0] });
        }
        gpu.destroy();
        return out;
      },
      { ref, dis, synthetic },
    );
    for (const c of r) {
      console.log(
        `${c.name}: max|Δssim| ${c.dSsim.toExponential(2)}, max|Δpsnr| ${c.dPsnr.toExponential(2)} dB, max|Δmse| ${c.dMse}; frame 0 Y ssim ${c.first!.gpuY}, psnr ${c.first!.gpuPsnrY}`,
      );
      expect(c.dSsim, c.name).toBeLessThanOrEqual(TOL.ssim);
      expect(c.dPsnr, c.name).toBeLessThanOrEqual(TOL.psnrDb);
      expect(c.dMse, c.name).toBe(0);
    }
    const ident = r.find((c) => c.name === 'tiny_vtest identical')!;
    expect(ident.first!.gpuPsnrY).toBe(Infinity);
    expect(ident.first!.gpuY).toBe(1);
  });

  test('ssim ≤ 1e-6 vs native ffmpeg on every width class (8x8, 17x13, 40x40, 43x37, 26x20, 73x34, 342x22; 2–3 frames)', async ({ page }) => {
    // Luma tails (floor(W/4) ≡ 2 mod 4): 8, 40, 43, 26, 73; a chroma tail: 342 (171 → 42 blocks); W ≡ 0..3, H ≡ 0..3.
    const crops = [
      [8, 8, 300, 200, 2],
      [17, 13, 77, 93, 2],
      [40, 40, 500, 300, 3],
      [43, 37, 13, 411, 3],
      [26, 20, 640, 64, 2],
      [73, 34, 201, 301, 2],
      [342, 22, 5, 600, 2],
    ].map(([w, h, x, y, n]) => ffmpegCrop(w!, h!, x!, y!, n!));
    const r = await page.evaluate(
      async ({ crops }) => {
        const { GpuSsimPsnr } = await import('/src/gpu/vmaf-gpu.ts');
        const { acquireGpu } = await import('/src/gpu/device.ts');
        const { SsimStream } = await import('/src/core/metrics/ssim.ts');
        const { yuvFrameFromPacked, yuv420FrameBytes } = await import('/src/core/video/frame.ts');
        const unb64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
        const gpu = await acquireGpu();
        const out = [];
        for (const c of crops) {
          const n = yuv420FrameBytes(c.w, c.h);
          const rb = unb64(c.ref);
          const db = unb64(c.dis);
          const k = new GpuSsimPsnr(gpu.device, c.w, c.h);
          const twin = new SsimStream(c.w, c.h);
          const frames = [];
          for (let i = 0; i < c.want.length; i++) {
            const d = yuvFrameFromPacked(i, c.w, c.h, db.subarray(i * n, (i + 1) * n));
            const rf = yuvFrameFromPacked(i, c.w, c.h, rb.subarray(i * n, (i + 1) * n));
            const g = (await k.frame(d, rf)).ssim;
            const t = twin.frame(d, rf);
            frames.push({ gpu: [g.y, g.u, g.v, g.all], twin: [t.y, t.u, t.v, t.all] });
          }
          k.destroy();
          out.push({ name: `${c.w}x${c.h}`, frames, want: c.want });
        }
        gpu.destroy();
        return out;
      },
      { crops },
    );
    for (const c of r) {
      let dFfmpeg = 0;
      let dTwin = 0;
      c.frames.forEach((f, i) =>
        f.gpu.forEach((g, k) => {
          const label = `${c.name} frame ${i} ${['Y', 'U', 'V', 'All'][k]}: GPU ${g}, twin ${f.twin[k]}, ffmpeg ${c.want[i]![k]}`;
          // page.evaluate returns NaN as null; a plane under 8x8 has no SSIM (ffmpeg prints nan or -0 there).
          if (g === null || Number.isNaN(g)) {
            expect(f.twin[k] === null || Number.isNaN(f.twin[k]!), label).toBe(true);
            return;
          }
          dFfmpeg = Math.max(dFfmpeg, Math.abs(g - c.want[i]![k]!));
          dTwin = Math.max(dTwin, Math.abs(g - f.twin[k]!));
          expect(Math.abs(g - c.want[i]![k]!), label).toBeLessThanOrEqual(1e-6);
        }),
      );
      console.log(`${c.name}: max|GPU − ffmpeg| ${dFfmpeg.toExponential(2)}, max|GPU − twin| ${dTwin.toExponential(2)}`);
    }
  });

  test(`vmaf features ≤ ${TOL.feature} vs the CPU VmafExtractor, neg on (96x64, 75x53, tiny_vtest 3 frames)`, async ({ page }) => {
    const ref = readY4m('tiny_vtest_320x240__ref.y4m', 3);
    const dis = readY4m('tiny_vtest_320x240__x264_crf38.y4m', 3);
    const r = await page.evaluate(
      async ({ ref, dis, synthetic }) => {
        const { GpuVmafExtractor } = await import('/src/gpu/vmaf-gpu.ts');
        const { acquireGpu } = await import('/src/gpu/device.ts');
        const { VmafExtractor } = await import('/src/core/metrics/vmaf/index.ts');
        const unb64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
        const gpu = await acquireGpu();
        type Case = { name: string; w: number; h: number; frames: Array<[Uint8Array, Uint8Array]> };
        const cases: Case[] = [];
        for (const sc of synthetic) {
          cases.push({
            name: `synthetic ${sc.w}x${sc.h}`,
            w: sc.w,
            h: sc.h,
            frames: sc.frames.map((f): [Uint8Array, Uint8Array] => [unb64(f.ref).subarray(0, sc.w * sc.h), unb64(f.dis).subarray(0, sc.w * sc.h)]),
          });
        }
        const rb = unb64(ref.b64);
        const db = unb64(dis.b64);
        const n = ref.width * ref.height * 1.5;
        cases.push({
          name: 'tiny_vtest crf38',
          w: ref.width,
          h: ref.height,
          frames: [0, 1, 2].map(
            (i) => [rb.subarray(i * n, i * n + ref.width * ref.height), db.subarray(i * n, i * n + ref.width * ref.height)] as [Uint8Array, Uint8Array],
          ),
        });
        const out = [];
        for (const c of cases) {
          const g = new GpuVmafExtractor(gpu.device, c.w, c.h, { neg: true });
          const cpu = new VmafExtractor(c.w, c.h, { neg: true });
          const gf = [];
          const cf = [];
          const gpuMs: number[] = [];
          let cpuMs = 0;
          for (const [rf, ds] of c.frames) {
            const t0 = performance.now();
            gf.push(...(await g.push(rf, ds)));
            gpuMs.push(performance.now() - t0);
            const t1 = performance.now();
            cf.push(...cpu.push(rf, ds));
            cpuMs += performance.now() - t1;
          }
          gf.push(...(await g.flush()));
          cf.push(...cpu.flush());
          g.destroy();
          const keys = Object.keys(cf[0]!) as Array<keyof (typeof cf)[0]>;
          const maxDiff: Record<string, number> = {};
          for (const key of keys) {
            maxDiff[key] = 0;
            for (let i = 0; i < cf.length; i++) maxDiff[key] = Math.max(maxDiff[key]!, Math.abs((gf[i]![key] as number) - (cf[i]![key] as number)));
          }
          out.push({ name: c.name, count: [gf.length, cf.length], maxDiff, gpuMs, cpuMsPerFrame: cpuMs / c.frames.length, gpu0: gf[1], cpu0: cf[1] });
        }
        gpu.destroy();
        return out;
      },
      { ref, dis, synthetic },
    );
    for (const c of r) {
      const worst = Object.entries(c.maxDiff).sort((a, b) => b[1] - a[1]);
      console.log(
        `${c.name}: frames ${c.count.join('/')}, GPU ms/frame ${c.gpuMs.map((t) => t.toFixed(1)).join(', ')} (CPU twin ${c.cpuMsPerFrame.toFixed(1)}); max|Δ| ${worst.map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', ')}`,
      );
      expect(c.count[0]).toBe(c.count[1]);
      expect(c.count[0]).toBe(3);
      for (const [k, v] of Object.entries(c.maxDiff)) expect(v, `${c.name} ${k}`).toBeLessThanOrEqual(TOL.feature);
    }
    // the comparison must not be vacuous: the clip frames are far from perfect and moving
    const clip = r.find((c) => c.name === 'tiny_vtest crf38')!;
    expect(clip.gpu0!.vif_scale0).toBeLessThan(0.9);
    expect(clip.gpu0!.motion2).toBeGreaterThan(0);
    expect(clip.gpu0!.adm2_egl_1).toBeLessThan(clip.gpu0!.adm2 + 1e-12);
  });

  test(`integer-rounding VIF ≤ ${TOL.feature} vs the intlike CPU twin (96x64, 75x53, tiny_vtest crf38 + bicubic 3 frames)`, async ({ page }) => {
    const ref = readY4m('tiny_vtest_320x240__ref.y4m', 3);
    const dists = [readY4m('tiny_vtest_320x240__x264_crf38.y4m', 3), readY4m('tiny_vtest_320x240__down2_up_bicubic.y4m', 3)];
    const r = await page.evaluate(
      async ({ ref, dists, synthetic }) => {
        const { GpuVmafExtractor } = await import('/src/gpu/vmaf-gpu.ts');
        const { acquireGpu } = await import('/src/gpu/device.ts');
        const { IntlikeVifComputer } = await import('/src/core/metrics/vmaf/vif-intlike.ts');
        const unb64 = (s: string): Uint8Array => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
        const gpu = await acquireGpu();
        type Case = { name: string; w: number; h: number; frames: Array<[Uint8Array, Uint8Array]> };
        const cases: Case[] = synthetic.map((sc) => ({
          name: `synthetic ${sc.w}x${sc.h}`,
          w: sc.w,
          h: sc.h,
          frames: sc.frames.map((f): [Uint8Array, Uint8Array] => [unb64(f.ref).subarray(0, sc.w * sc.h), unb64(f.dis).subarray(0, sc.w * sc.h)]),
        }));
        const rb = unb64(ref.b64);
        const n = ref.width * ref.height * 1.5;
        dists.forEach((dis, d) => {
          const db = unb64(dis.b64);
          cases.push({
            name: `tiny_vtest ${d === 0 ? 'crf38' : 'bicubic'}`,
            w: ref.width,
            h: ref.height,
            frames: [0, 1, 2].map(
              (i) => [rb.subarray(i * n, i * n + ref.width * ref.height), db.subarray(i * n, i * n + ref.width * ref.height)] as [Uint8Array, Uint8Array],
            ),
          });
        });
        const keys = [0, 1, 2, 3].flatMap((k) => [`vif_scale${k}`, `vif_scale${k}_egl_1`]);
        const out = [];
        for (const c of cases) {
          const g = new GpuVmafExtractor(gpu.device, c.w, c.h, { neg: true, integerRounding: true });
          const twin = new IntlikeVifComputer(c.w, c.h);
          const gf = [];
          const cf: Record<string, number>[] = [];
          for (const [rf, ds] of c.frames) {
            gf.push(...(await g.push(rf, ds)));
            const s = twin.compute(rf, ds);
            const f: Record<string, number> = {};
            for (let k = 0; k < 4; k++) {
              f[`vif_scale${k}`] = s.num[k]! / s.den[k]!;
              f[`vif_scale${k}_egl_1`] = s.numEgl[k]! / s.den[k]!;
            }
            cf.push(f);
          }
          gf.push(...(await g.flush()));
          g.destroy();
          const maxDiff: Record<string, number> = {};
          for (const key of keys) {
            maxDiff[key] = 0;
            for (let i = 0; i < cf.length; i++)
              maxDiff[key] = Math.max(maxDiff[key]!, Math.abs((gf[i] as unknown as Record<string, number>)[key]! - cf[i]![key]!));
          }
          out.push({ name: c.name, count: [gf.length, cf.length], maxDiff, gpu0: gf[0]!.vif_scale0 });
        }
        gpu.destroy();
        return out;
      },
      { ref, dists, synthetic },
    );
    for (const c of r) {
      const worst = Object.entries(c.maxDiff).sort((a, b) => b[1] - a[1]);
      console.log(`${c.name} (integer rounding): max|Δ| vs twin ${worst.map(([k, v]) => `${k} ${v.toExponential(2)}`).join(', ')}`);
      expect(c.count[0]).toBe(c.count[1]);
      expect(c.count[0]).toBe(3);
      for (const [k, v] of Object.entries(c.maxDiff)) expect(v, `${c.name} ${k}`).toBeLessThanOrEqual(TOL.feature);
    }
    expect(r.find((c) => c.name === 'tiny_vtest bicubic')!.gpu0).toBeLessThan(0.9);
  });
});
