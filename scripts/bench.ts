/**
 * `npm run bench`: frames per second of every metric engine at 540p, 1080p and 4K, with peak memory, plus
 * reference speeds measured in the same run (native ffmpeg decode and its `ssim`/`psnr` filters; native libvmaf with
 * `--libvmaf PATH` to its `vmaf` tool, on the same decoded frames, see scripts/bench/libvmaf.ts) and PieAPP patches
 * per second. Engines: the CPU twins in Node, the CPU
 * twins in the browser engine worker, the WebGPU engine in the browser (headless Chromium; on machines without a
 * GPU that is the SwiftShader software adapter), and decode alone (WebCodecs in the page, native ffmpeg).
 * The in-process VMAF rows are timed as libvmaf is: start-up and the first frame excluded; the integer engine and
 * native libvmaf take turns over three rounds (best of each kept, so a slow spell of the machine hits both), the
 * float engine is the best of two passes. Frames per clip (40 at 540p, 20 at 1080p, 12 at 4K) keep libvmaf's
 * t(n) − t(1) well above its process start-up jitter. The
 * engine-only rows run the whole CPU engine (VMAF + NEG, SSIM, PSNR) on the same frames written as y4m, in a fresh
 * Node process and in a fresh engine worker, timed the same way ((n − 1) / (t(n) − t(1)); the two sides take turns
 * over three rounds, best of each), so
 * their ratio compares the engines without the two decoders (WebCodecs in the worker, native ffmpeg processes beside
 * Node) and without the start-up (module compilation) that the end-to-end rows include.
 * Prints a table; it is not a test. Flags: `--quick` (few frames, CI smoke), `--only cpu,webgpu,decode,pieapp,removal`
 * (`y4m`: only the engine-only y4m rows, which `cpu` includes),
 * `--libvmaf PATH` (the ratio rows need it; without it they say n/a),
 * `--torch` (PIE-APP rows add Debian's python3-torch on the same weights; scripts/bench/pieapp.ts).
 * `removal`: a 10-s 1080p object-removal item on the app's removal page (scripts/bench/removal.ts).
 * Inputs: the 540p/1080p shared clips; the 4K pair is made at run time by native ffmpeg (skipped without it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntegerVmafExtractor, VmafExtractor, type VmafModelId } from '../src/core/metrics/vmaf/index.ts';
import { SsimStream } from '../src/core/metrics/ssim.ts';
import { psnrFrame } from '../src/core/metrics/psnr.ts';
import type { YuvFrame } from '../src/core/video/frame.ts';
import { openVideo } from '../src/cli/media/native-ffmpeg.ts';
import { openEngineSession, processPssBytes, type EngineSession } from '../src/cli/browser/engine-session.ts';
import { adapterName } from '../src/cli/browser/measure-in-browser.ts';
import { AsyncPeakSampler, mib, RssSampler } from './bench/memory.ts';
import { findFfmpeg, loopClip, make4k, timeFfmpeg } from './bench/native-ffmpeg.ts';
import { LIBVMAF_MASKS, libvmafRate, libvmafSeconds, libvmafVersion, timeLibvmaf, writeY4m } from './bench/libvmaf.ts';
import { benchPieapp } from './bench/pieapp.ts';
import { benchRemoval } from './bench/removal.ts';
import { sharedReference } from '../test-support/index.ts';

/** Threads of the pooled CPU rows: the CLI's and the browser's default, one per core (at most 8 in the browser). */
const THREADS = Math.min(8, availableParallelism());
const MODELS: VmafModelId[] = ['vmaf_v0.6.1', 'vmaf_v0.6.1neg'];
const CLIPS = sharedReference('clips/');

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const onlyArg = argv.find((a) => a.startsWith('--only'));
const onlyValue = onlyArg?.includes('=') ? onlyArg.split('=')[1] : onlyArg ? argv[argv.indexOf(onlyArg) + 1] : undefined;
const only = new Set((onlyValue ?? 'cpu,webgpu,decode,pieapp,removal').split(',').map((s) => s.trim()));
/** The engine-only y4m rows (Node and browser worker in turn): part of `cpu`, or alone with `--only y4m`. */
const y4mRows = only.has('cpu') || only.has('y4m');
for (const o of only)
  if (!['cpu', 'y4m', 'webgpu', 'decode', 'pieapp', 'removal'].includes(o))
    throw new Error(`--only: unknown part ${o} (cpu, y4m, webgpu, decode, pieapp, removal)`);
const libvmafArg = argv.find((a) => a.startsWith('--libvmaf'));
const libvmafExe = libvmafArg?.includes('=') ? libvmafArg.split('=')[1] : libvmafArg ? argv[argv.indexOf(libvmafArg) + 1] : undefined;
if (libvmafArg && !libvmafExe) throw new Error('--libvmaf: give the path of the vmaf tool (see docs/libvmaf-bench.md)');
/** Row name of the measured libvmaf speed (per-frame, start-up excluded). */
const LIBVMAF_ROW = 'native libvmaf (vmaf tool, vmaf_v0.6.1 integer features, 1 thread, same frames as y4m)';
const INTEGER_ROW = 'Node CPU: VMAF integer features (IntegerVmafExtractor; vmaf_v0.6.1, 1 thread)';
const FLOAT_ROW = 'Node CPU: VMAF float features (VmafExtractor; vmaf_float, 1 thread)';
/** Rounds of the integer engine and native libvmaf taking turns (best of each kept). */
const VMAF_ROUNDS = quick ? 1 : 3;
/** Rounds of the Node and browser engines taking turns on the y4m frames (best of each kept). */
const Y4M_ROUNDS = quick ? 1 : 3;
/** The engine alone on the same frames in Node and in the browser's engine worker (y4m input: no decoder in the time). */
const Y4M_NODE_ROW = 'Node CPU engine on the y4m frames, start-up excluded (parse + vmaf, vmaf_neg, ssim, psnr; main thread)';
const Y4M_BROWSER_ROW = 'CPU engine in the browser worker on the y4m frames, start-up excluded (parse + vmaf, vmaf_neg, ssim, psnr)';
const Y4M_NODE_READ_ROW = 'Node: reading the y4m frames alone, start-up excluded (file reads of whole frames + parse)';
const Y4M_BROWSER_READ_ROW = 'browser engine worker: reading the y4m frames alone, start-up excluded (Blob reads on a reader thread + parse)';

interface Clip {
  label: string;
  ref: string;
  dist: string;
  frames: number;
  decodeFrames: number;
  /** y4m copies of the frames the Node rows decoded (written by benchNode): the engine-only rows read them. */
  y4m?: { ref: string; dist: string };
}
interface Cell {
  fps: number | null;
  memBytes?: number | null;
  text?: string;
  rawFps?: number;
}
const RES = ['540p', '1080p', '4K'];
const rows = new Map<string, Map<string, Cell>>();
const notes: string[] = [];
const set = (row: string, res: string, cell: Cell) => {
  if (!rows.has(row)) rows.set(row, new Map());
  rows.get(row)!.set(res, cell);
};
const t00 = performance.now();
const log = (s: string) => process.stderr.write(`bench [${((performance.now() - t00) / 1000).toFixed(0)} s]: ${s}\n`);
const fpsText = (v: number | null) => (v === null ? 'n/a' : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

const tmp = mkdtempSync(join(tmpdir(), 'preflight-bench-'));
const ffmpeg = findFfmpeg();
const clips: Clip[] = [
  {
    label: '540p',
    ref: CLIPS + 'megamind_540p__ref.mp4',
    dist: CLIPS + 'megamind_540p__x264_crf28.mp4',
    frames: quick ? 5 : 40,
    decodeFrames: quick ? 10 : 48,
  },
  { label: '1080p', ref: CLIPS + 'flower_1080p__ref.mp4', dist: CLIPS + 'flower_1080p__x264_crf28.mp4', frames: quick ? 3 : 20, decodeFrames: quick ? 5 : 48 },
];
let looped: { ref: string; dist: string } | null = null;

async function collect(path: string, n: number): Promise<YuvFrame[]> {
  const out: YuvFrame[] = [];
  for await (const f of openVideo(path).frames) {
    out.push(f);
    if (out.length >= n) break;
  }
  return out;
}

/** Node end-to-end measure in a fresh process (scripts/bench/node-e2e.ts), so its RSS peak is its own. */
function nodeEndToEnd(
  ref: string,
  dist: string,
  frames: number,
  threads = 0,
  mode: 'measure' | 'decode' = 'measure',
): { fps: number; mem: number; seconds: number } {
  const script = fileURLToPath(new URL('./bench/node-e2e.ts', import.meta.url));
  const args = ['--import', 'tsx', script, ref, dist, String(frames), String(threads), mode];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`node-e2e failed: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' | ')}`);
  const o = JSON.parse(r.stdout.trim().split('\n').pop()!) as { frames: number; seconds: number; peakRssBytes: number };
  return { fps: o.frames / o.seconds, mem: o.peakRssBytes, seconds: o.seconds };
}

/**
 * The decoded frames of a clip, written once as y4m: native libvmaf reads them, and so do the engine-only rows
 * (Node and the browser's engine worker, in benchBrowser), where decoding is a plain parse on both sides.
 */
function writeClipY4m(c: Clip, ref: YuvFrame[], dist: YuvFrame[], n: number): { ref: string; dist: string } {
  c.y4m = { ref: join(tmp, `${c.label}-frames-ref.y4m`), dist: join(tmp, `${c.label}-frames-dist.y4m`) };
  writeY4m(c.y4m.ref, ref.slice(0, n));
  writeY4m(c.y4m.dist, dist.slice(0, n));
  return c.y4m;
}

async function benchNode(): Promise<void> {
  if (!ffmpeg) {
    notes.push('Node CPU rows skipped: decoding the mp4 clips in Node needs a native ffmpeg on PATH.');
    return;
  }
  for (const c of clips) {
    log(`node cpu ${c.label} (${c.frames} frames)`);
    const [ref, dist] = await Promise.all([collect(c.ref, c.frames), collect(c.dist, c.frames)]);
    const n = Math.min(ref.length, dist.length);
    const { ref: ry, dist: dy } = writeClipY4m(c, ref, dist, n);
    // The CPU engine evaluates vmaf/vmaf_neg on libvmaf's integer features and vmaf_float on the float ones. Each
    // pass is timed as libvmaf is (scripts/bench/libvmaf.ts): start-up and the first frame (module instantiation,
    // V8's tier-up) excluded, (n − 1) / (t(n) − t(1)); the whole pass's rate is in brackets.
    const pass = (Extractor: typeof IntegerVmafExtractor | typeof VmafExtractor, rss: RssSampler) => {
      const t0 = performance.now();
      const x = new Extractor(ref[0]!.width, ref[0]!.height, { neg: false });
      let t1 = t0;
      for (let i = 0; i < n; i++) {
        x.push(ref[i]!.y, dist[i]!.y);
        if (i === 0) t1 = performance.now();
        rss.sample();
      }
      x.flush();
      const t2 = performance.now();
      return { fps: n > 1 ? (n - 1) / ((t2 - t1) / 1000) : n / ((t2 - t0) / 1000), whole: n / ((t2 - t0) / 1000) };
    };
    // The integer engine and native libvmaf take turns, VMAF_ROUNDS rounds of (engine pass, libvmaf over n frames,
    // libvmaf over 1 frame), and each keeps its best: a slow spell of this shared machine then hits both sides
    // rather than one, and the ratio is printed from one run. The float passes and the masked libvmaf runs go
    // between the rounds, which spreads them over half a minute or more (one idle run had all three rounds of a
    // 26-s block slowed alike, ours to 0.73× of its usual speed).
    log(`node cpu ${c.label}: integer VMAF${libvmafExe ? ' and native libvmaf (1 thread) in turn' : ''}, ${VMAF_ROUNDS} rounds of ${n} frames`);
    const best = { fps: 0, whole: 0, lvAll: Infinity, lvOne: Infinity, mem: 0 };
    const vmafRound = () => {
      const rss = new RssSampler().start();
      const p = pass(IntegerVmafExtractor, rss);
      best.mem = Math.max(best.mem, rss.stop());
      best.fps = Math.max(best.fps, p.fps);
      best.whole = Math.max(best.whole, p.whole);
      if (libvmafExe) {
        best.lvAll = Math.min(best.lvAll, libvmafSeconds(libvmafExe, ry, dy, n));
        best.lvOne = Math.min(best.lvOne, libvmafSeconds(libvmafExe, ry, dy, 1));
      }
    };
    const floats: ReturnType<typeof pass>[] = [];
    let floatMem = 0;
    const floatPass = () => {
      const rss = new RssSampler().start();
      floats.push(pass(VmafExtractor, rss));
      floatMem = Math.max(floatMem, rss.stop());
    };
    const masked = (m: (typeof LIBVMAF_MASKS)[number]) => () => {
      if (!libvmafExe) return;
      log(`native libvmaf ${c.label}, ${m.label}`);
      const r = timeLibvmaf(libvmafExe, ry, dy, n, m.cpumask);
      set(`native libvmaf, ${m.label}, --cpumask ${m.cpumask}`, c.label, { fps: r.fps, text: `${fpsText(r.fps)} (${fpsText(r.wholeFps)} whole process)` });
    };
    // Between rounds: a float pass; the second float pass and libvmaf with AVX-512 masked; libvmaf in C.
    const interludes = [floatPass, () => (floatPass(), masked(LIBVMAF_MASKS[0])()), masked(LIBVMAF_MASKS[1])];
    for (let round = 0; round < Math.max(VMAF_ROUNDS, interludes.length); round++) {
      if (round < VMAF_ROUNDS) vmafRound();
      interludes[round]?.();
    }
    set(INTEGER_ROW, c.label, { fps: best.fps, memBytes: best.mem, text: `${fpsText(best.fps)} (${fpsText(best.whole)} whole pass)` });
    if (libvmafExe) {
      const lv = libvmafRate(n, best.lvAll, best.lvOne);
      set(LIBVMAF_ROW, c.label, { fps: lv.fps, text: `${fpsText(lv.fps)} (${fpsText(lv.wholeFps)} whole process)` });
    }
    const fl = { fps: Math.max(...floats.map((x) => x.fps)), whole: Math.max(...floats.map((x) => x.whole)) };
    set(FLOAT_ROW, c.label, { fps: fl.fps, memBytes: floatMem, text: `${fpsText(fl.fps)} (${fpsText(fl.whole)} whole pass)` });
    let t0 = performance.now();
    const ssim = new SsimStream(ref[0]!.width, ref[0]!.height);
    for (let i = 0; i < n; i++) ssim.frame(dist[i]!, ref[i]!);
    set('Node CPU: SSIM (ffmpeg ssim twin)', c.label, { fps: n / ((performance.now() - t0) / 1000) });
    t0 = performance.now();
    for (let i = 0; i < n; i++) psnrFrame(dist[i]!, ref[i]!);
    set('Node CPU: PSNR (ffmpeg psnr twin)', c.label, { fps: n / ((performance.now() - t0) / 1000) });
    ref.length = 0;
    dist.length = 0;
    const e2e = nodeEndToEnd(c.ref, c.dist, c.frames);
    set('Node CPU end to end, main thread only (ffmpeg decode + vmaf, vmaf_neg, ssim, psnr)', c.label, { fps: e2e.fps, memBytes: e2e.mem });
    // Enough frames that every thread gets a few (the pool's start-up is included in the time).
    const pooled = nodeEndToEnd(c.ref, c.dist, Math.max(c.frames, 4 * THREADS), THREADS);
    set(`Node CPU end to end, VIF/ADM on ${THREADS} worker threads (preflight metrics default)`, c.label, { fps: pooled.fps, memBytes: pooled.mem });

    // Native ffmpeg filters (1 filter thread) on raw y4m copies of the same frames, so decoding is not timed; the
    // baseline (read both y4m inputs, no filter) is subtracted. The frames are looped ×10 (×4 quick): ffmpeg is fast.
    const nf = c.decodeFrames;
    const fr = join(tmp, `${c.label}-ref.y4m`);
    const fd = join(tmp, `${c.label}-dist.y4m`);
    timeFfmpeg(ffmpeg, ['-y', '-i', c.ref, '-frames:v', String(nf), '-pix_fmt', 'yuv420p', '-strict', '-1', fr]);
    timeFfmpeg(ffmpeg, ['-y', '-i', c.dist, '-frames:v', String(nf), '-pix_fmt', 'yuv420p', '-strict', '-1', fd]);
    const loops = quick ? 4 : 10;
    const inputs = ['-stream_loop', String(loops - 1), '-i', fd, '-stream_loop', String(loops - 1), '-i', fr];
    const base = Math.min(...[0, 1].map(() => timeFfmpeg(ffmpeg, [...inputs, '-map', '0:v', '-map', '1:v', '-f', 'null', '-'])));
    for (const f of ['ssim', 'psnr'] as const) {
      const total = Math.min(...[0, 1].map(() => timeFfmpeg(ffmpeg, [...inputs, '-filter_threads', '1', '-lavfi', `[0:v][1:v]${f}`, '-f', 'null', '-'])));
      const filterOnly = total - base;
      set(`native ffmpeg ${f} filter, 1 thread, y4m input (raw incl. read+startup)`, c.label, {
        fps: filterOnly > 0.01 ? (nf * loops) / filterOnly : null,
        rawFps: (nf * loops) / total,
        text: `${filterOnly > 0.01 ? fpsText((nf * loops) / filterOnly) : 'too fast'} (${fpsText((nf * loops) / total)})`,
      });
    }
    rmSync(fr, { force: true });
    rmSync(fd, { force: true });
  }
}

/**
 * A rate with start-up and the first frame excluded, as libvmaf's is measured (scripts/bench/libvmaf.ts):
 * (n − 1) / (t(n) − t(1)) from two runs of the same engine from a cold start; the whole run's rate in brackets.
 */
function startupExcluded(n: number, tn: number, t1: number): Cell {
  const fps = n > 1 && tn > t1 ? (n - 1) / (tn - t1) : n / tn;
  return { fps, text: `${fpsText(fps)} (${fpsText(n / tn)} whole run)` };
}

async function browserRun(
  session: EngineSession,
  engine: 'cpu' | 'webgpu',
  names: { ref: string; dist: string },
  frames: number,
  threads?: number,
  decodeOnly = false,
): Promise<{ fps: number; mem: number; note: string | null; threads: number; seconds: number }> {
  const sampler = new AsyncPeakSampler(async () => (await session.processIds()).reduce((s, pid) => s + processPssBytes(pid), 0)).start();
  const t0 = performance.now();
  const what = decodeOnly ? { models: [], features: { ssim: false, psnr: false } } : { models: MODELS };
  const { result } = await session.measure({ ...what, frameRange: { start: 0, count: frames }, engine, threads }, undefined, names);
  const wall = (performance.now() - t0) / 1000;
  const mem = await sampler.stop();
  // fps over the worker's own time (fetch of the inputs excluded; decode included).
  const seconds = Math.min(wall, result.seconds);
  return { fps: result.frames.length / seconds, mem, note: result.engineNote, threads: result.threads, seconds };
}

async function benchBrowser(): Promise<void> {
  const inputs: Record<string, string> = {};
  for (const c of clips) {
    inputs[`${c.label}-ref`] = c.ref;
    inputs[`${c.label}-dist`] = c.dist;
    if (c.y4m) {
      inputs[`${c.label}-y4m-ref`] = c.y4m.ref;
      inputs[`${c.label}-y4m-dist`] = c.y4m.dist;
    }
  }
  if (looped) {
    inputs['loop-ref'] = looped.ref;
    inputs['loop-dist'] = looped.dist;
  }
  log('starting headless Chromium');
  const session = await openEngineSession({ inputs, log });
  try {
    const a = session.adapter;
    const gpuLabel = a.available ? `WebGPU in the browser (${adapterName(a)}${a.isFallbackAdapter ? ', software adapter' : ''})` : 'WebGPU in the browser';
    notes.push(
      `Chromium ${session.browserVersion}; WebGPU adapter: ${a.available ? `${adapterName(a)}${a.isFallbackAdapter ? ' — a software adapter (SwiftShader on the CPU): a correctness backend, not a GPU speed' : ''}` : `none (${a.reason})`}.`,
    );
    for (const c of clips) {
      const names = { ref: `${c.label}-ref`, dist: `${c.label}-dist` };
      if (only.has('decode')) {
        log(`browser decode ${c.label}`);
        // A measure with no model and no feature decodes both clips in the engine worker and computes nothing.
        const t0 = performance.now();
        const { result } = await session.measure(
          { models: [], features: { ssim: false, psnr: false }, frameRange: { start: 0, count: c.decodeFrames }, engine: 'cpu' },
          undefined,
          names,
        );
        const n = result.frames.length;
        set('decode alone: WebCodecs in the engine worker (ref + dist, frame pairs/s)', c.label, {
          fps: n / Math.min((performance.now() - t0) / 1000, result.seconds),
        });
        if (ffmpeg) {
          const s = ['-frames:v', String(n), '-f', 'null', '-'];
          const t = timeFfmpeg(ffmpeg, ['-i', c.dist, ...s]) + timeFfmpeg(ffmpeg, ['-i', c.ref, ...s]);
          set('decode alone: native ffmpeg, reference (ref + dist, auto threads)', c.label, { fps: n / t });
        }
      }
      if (only.has('cpu')) {
        log(`browser cpu ${c.label}`);
        const r = await browserRun(session, 'cpu', names, c.frames, 0);
        set('CPU engine in the browser, engine worker only (WebCodecs decode + vmaf, vmaf_neg, ssim, psnr)', c.label, { fps: r.fps, memBytes: r.mem });
        const p = await browserRun(session, 'cpu', names, Math.max(c.frames, 4 * THREADS));
        set(`CPU engine in the browser, VIF/ADM on the default pool (navigator.hardwareConcurrency = ${THREADS} here)`, c.label, {
          fps: p.fps,
          memBytes: p.mem,
        });
        if (p.threads !== THREADS) notes.push(`the browser's default pool had ${p.threads} threads at ${c.label}, not ${THREADS}`);
      }
      if (only.has('webgpu')) {
        if (!a.available) {
          set(gpuLabel, c.label, { fps: null, text: 'no adapter' });
        } else {
          const frames = a.isFallbackAdapter ? Math.min(c.frames, c.label === '4K' ? 3 : c.label === '1080p' ? 10 : 20) : c.frames;
          log(`browser webgpu ${c.label} (${frames} frames)`);
          const r = await browserRun(session, 'webgpu', names, frames);
          set(gpuLabel, c.label, { fps: r.fps, memBytes: r.mem });
        }
      }
    }
    if (only.has('cpu') && looped) {
      const n = clips[0]!.frames;
      log(`bounded memory: browser cpu 540p ×1 (${n} frames) and ×4 (${4 * n} frames)`);
      const one = await browserRun(session, 'cpu', { ref: '540p-ref', dist: '540p-dist' }, n);
      const four = await browserRun(session, 'cpu', { ref: 'loop-ref', dist: 'loop-dist' }, 4 * n);
      memoryRows.push(['CPU engine in the browser worker (Chromium PSS, all processes)', one.mem, four.mem]);
      const ua = await Promise.race([session.uaMemory(), new Promise<null>((r) => setTimeout(() => r(null), 8000))]);
      notes.push(
        `performance.measureUserAgentSpecificMemory() after the runs: ${ua === null ? 'unavailable (or no answer within 8 s)' : mib(ua)}; the browser memory column is the summed PSS of Chromium's processes (CDP SystemInfo.getProcessInfo + /proc).`,
      );
    }
    // The engine alone on the y4m frames, Node and the browser's engine worker in turn. After the memory rows, whose
    // peaks these runs' large y4m Blobs would inflate. Each run starts cold (a fresh Node process, a fresh engine
    // worker: engine.html stops it after each), over n frames and 1 frame; each side keeps its best time over
    // Y4M_ROUNDS rounds, and a round visits every clip before the next begins, so the rounds of one clip are a
    // minute or more apart and a slow spell of the machine cannot land on all of them, nor on one side only.
    const y4mClips = y4mRows ? clips.filter((c) => c.y4m) : [];
    const y4mTimes = new Map(
      y4mClips.map((c) => [
        c,
        { node: [Infinity, Infinity], nodeRead: [Infinity, Infinity], browser: [Infinity, Infinity], browserRead: [Infinity, Infinity] },
      ]),
    );
    for (let round = 0; round < Y4M_ROUNDS && y4mClips.length; round++) {
      for (const c of y4mClips) {
        log(`cpu ${c.label}, engine on the y4m frames: Node and the browser's engine worker in turn (round ${round + 1} of ${Y4M_ROUNDS})`);
        const y4mNames = { ref: `${c.label}-y4m-ref`, dist: `${c.label}-y4m-dist` };
        const t = y4mTimes.get(c)!;
        for (const [i, k] of [c.frames, 1].entries()) {
          t.node[i] = Math.min(t.node[i]!, nodeEndToEnd(c.y4m!.ref, c.y4m!.dist, k).seconds);
          t.browser[i] = Math.min(t.browser[i]!, (await browserRun(session, 'cpu', y4mNames, k, 0)).seconds);
          t.nodeRead[i] = Math.min(t.nodeRead[i]!, nodeEndToEnd(c.y4m!.ref, c.y4m!.dist, k, 0, 'decode').seconds);
          t.browserRead[i] = Math.min(t.browserRead[i]!, (await browserRun(session, 'cpu', y4mNames, k, 0, true)).seconds);
        }
      }
    }
    for (const [c, t] of y4mTimes) {
      set(Y4M_NODE_ROW, c.label, startupExcluded(c.frames, t.node[0]!, t.node[1]!));
      set(Y4M_NODE_READ_ROW, c.label, startupExcluded(c.frames, t.nodeRead[0]!, t.nodeRead[1]!));
      set(Y4M_BROWSER_ROW, c.label, startupExcluded(c.frames, t.browser[0]!, t.browser[1]!));
      set(Y4M_BROWSER_READ_ROW, c.label, startupExcluded(c.frames, t.browserRead[0]!, t.browserRead[1]!));
    }
  } finally {
    await session.close();
  }
}

const memoryRows: [string, number, number][] = [];

async function main(): Promise<void> {
  const started = performance.now();
  log(`${quick ? 'quick run' : 'full run'}; parts: ${[...only].join(', ')}; native ffmpeg: ${ffmpeg ?? 'not on PATH'}`);
  if (libvmafExe)
    notes.push(
      `libvmaf: ${libvmafExe} (${libvmafVersion(libvmafExe)}); its rate excludes start-up and the first frame (t(N) − t(1)), the whole-process rate is in brackets.`,
    );
  else notes.push('No --libvmaf PATH given: the libvmaf rows and ratios are n/a (docs/libvmaf-bench.md says how to build the tool).');
  if (ffmpeg && (y4mRows || only.has('webgpu') || only.has('decode'))) {
    const n4k = quick ? 2 : 12;
    log(`making the 4K pair (native ffmpeg, ${Math.max(n4k, 10)} frames, x264 ultrafast)`);
    const ref = make4k(ffmpeg, CLIPS + 'flower_1080p__ref.mp4', tmp, 'flower_4k__ref', Math.max(n4k, 10), 12);
    const dist = make4k(ffmpeg, CLIPS + 'flower_1080p__x264_crf28.mp4', tmp, 'flower_4k__x264', Math.max(n4k, 10), 28);
    clips.push({ label: '4K', ref, dist, frames: n4k, decodeFrames: 10 });
    looped = { ref: loopClip(ffmpeg, clips[0]!.ref, tmp, 'loop4_ref', 4), dist: loopClip(ffmpeg, clips[0]!.dist, tmp, 'loop4_dist', 4) };
  } else if (!ffmpeg) notes.push('4K skipped: making the 4K clip needs a native ffmpeg on PATH. Bounded-memory runs skipped too (looping needs ffmpeg).');

  if (only.has('cpu')) {
    await benchNode();
    if (looped) {
      const n = clips[0]!.frames;
      log(`bounded memory: Node end to end 540p ×1 (${n} frames) and ×4 (${4 * n} frames)`);
      const one = nodeEndToEnd(clips[0]!.ref, clips[0]!.dist, n);
      const four = nodeEndToEnd(looped.ref, looped.dist, 4 * n);
      memoryRows.push(['Node CPU end to end (Node RSS)', one.mem, four.mem]);
    }
  } else if (y4mRows && ffmpeg) {
    for (const c of clips) {
      log(`y4m frames of ${c.label} (${c.frames} frames)`);
      const [ref, dist] = await Promise.all([collect(c.ref, c.frames), collect(c.dist, c.frames)]);
      writeClipY4m(c, ref, dist, Math.min(ref.length, dist.length));
    }
  }
  if (y4mRows || only.has('webgpu') || only.has('decode')) await benchBrowser();
  const pieLines = only.has('pieapp') ? await benchPieapp({ quick, torch: argv.includes('--torch'), browser: true, tmp, log }) : [];
  const removalLines = only.has('removal')
    ? await benchRemoval({ quick, tmp, ffmpeg, log }).catch((e: unknown) => [`Object removal: failed: ${(e as Error).message}`])
    : [];

  // ---- print
  const labels = RES.filter((r) => clips.some((c) => c.label === r));
  const w0 = Math.max(...[...rows.keys()].map((k) => k.length), 10);
  const cellText = (c: Cell | undefined) => (!c ? '-' : (c.text ?? `${fpsText(c.fps)}`) + (c.memBytes ? ` [${mib(c.memBytes)}]` : ''));
  const widths = labels.map((l) => Math.max(l.length, ...[...rows.values()].map((r) => cellText(r.get(l)).length)));
  const line = (cells: string[]) => process.stdout.write(cells.map((c, i) => (i === 0 ? c.padEnd(w0) : c.padStart(widths[i - 1]!))).join(' | ') + '\n');
  // Parts without frame rows (--only pieapp, --only removal) print no empty frame table.
  if (rows.size > 0) {
    process.stdout.write(
      `\nPreflight bench${quick ? ' (--quick)' : ''}: frames per second [peak memory]; frames per clip: ${clips.map((c) => `${c.label} ${c.frames}`).join(', ')}\n\n`,
    );
    line([
      'engine',
      ...labels.map((l) => `${l} (${clips.find((c) => c.label === l)!.ref.includes('4k') ? '3840x2160' : l === '540p' ? '960x540' : '1920x1080'})`),
    ]);
    line(['-'.repeat(w0), ...widths.map((w) => '-'.repeat(w))]);
    for (const [name, cells] of rows) line([name, ...labels.map((l) => cellText(cells.get(l)))]);

    process.stdout.write('\nRatios vs native libvmaf measured in this run (row above; 1 thread, start-up excluded):\n');
    for (const l of labels) {
      const lv = rows.get(LIBVMAF_ROW)?.get(l)?.fps ?? null;
      for (const [name, cells] of rows) {
        if (name === LIBVMAF_ROW || (!/VMAF|vmaf|VIF/.test(name) && !name.startsWith('WebGPU'))) continue;
        const f = cells.get(l)?.fps;
        if (!f) continue;
        const pooled = /threads|pool/.test(name);
        const masked = LIBVMAF_MASKS.map((m) => ({ m, fps: rows.get(`native libvmaf, ${m.label}, --cpumask ${m.cpumask}`)?.get(l)?.fps ?? null }));
        const vsMasked = masked
          .filter((x) => x.fps && !name.startsWith('native libvmaf'))
          .map((x) => `; ${(f / x.fps!).toFixed(3)}× libvmaf with ${x.m.label}`)
          .join('');
        const text =
          lv === null
            ? 'n/a (no --libvmaf)'
            : `${(f / lv).toFixed(3)}× libvmaf on 1 thread${pooled ? `, ${(f / (lv * THREADS)).toFixed(3)}× libvmaf on ${THREADS} threads (its linear scaling assumed)` : ''}${vsMasked}`;
        process.stdout.write(`  ${l} ${name}: ${text}\n`);
      }
    }
  }
  const nodeE2e = (l: string) => rows.get('Node CPU end to end, main thread only (ffmpeg decode + vmaf, vmaf_neg, ssim, psnr)')?.get(l)?.fps ?? null;
  const browserCpu = (l: string) =>
    rows.get('CPU engine in the browser, engine worker only (WebCodecs decode + vmaf, vmaf_neg, ssim, psnr)')?.get(l)?.fps ?? null;
  const y4mRatio = (l: string) => {
    const a = rows.get(Y4M_BROWSER_ROW)?.get(l)?.fps;
    const b = rows.get(Y4M_NODE_ROW)?.get(l)?.fps;
    return a && b ? a / b : null;
  };
  // Per-frame compute time = time with the metrics − time reading the same frames alone, on each side.
  const computeMs = (all: string, read: string, l: string) => {
    const a = rows.get(all)?.get(l)?.fps;
    const r = rows.get(read)?.get(l)?.fps;
    return a && r && 1 / a > 1 / r ? 1000 * (1 / a - 1 / r) : null;
  };
  if (labels.some((l) => y4mRatio(l))) {
    process.stdout.write(
      '\nBrowser engine worker / Node on the same y4m frames (metrics on one thread each, the next read in flight beside them; target ≥ 0.9):\n',
    );
    for (const l of labels) {
      if (!y4mRatio(l)) continue;
      const nodeMs = computeMs(Y4M_NODE_ROW, Y4M_NODE_READ_ROW, l);
      const browserMs = computeMs(Y4M_BROWSER_ROW, Y4M_BROWSER_READ_ROW, l);
      const compute =
        nodeMs && browserMs
          ? `; reading subtracted (an underestimate of the metrics where reads overlap them): ${(nodeMs / browserMs).toFixed(2)} (Node ${nodeMs.toFixed(1)} ms, browser ${browserMs.toFixed(1)} ms per frame)`
          : '';
      process.stdout.write(`  ${l}: ${y4mRatio(l)!.toFixed(2)} with reading${compute}\n`);
    }
  }
  if (labels.some((l) => nodeE2e(l) && browserCpu(l))) {
    process.stdout.write('\nBrowser engine worker / Node end to end (WebCodecs in the worker vs native ffmpeg processes beside Node):\n');
    for (const l of labels) {
      const a = browserCpu(l);
      const b = nodeE2e(l);
      if (a && b) process.stdout.write(`  ${l}: ${(a / b).toFixed(2)}\n`);
    }
  }
  const ours = (n: string, l: string) => rows.get(n)?.get(l)?.fps ?? null;
  if (ffmpeg && only.has('cpu')) {
    process.stdout.write(
      '\nOur SSIM/PSNR speed (Node, decoded frames, 1 thread) / native ffmpeg ssim/psnr filter speed (1 filter thread, read time subtracted):\n',
    );
    for (const l of labels) {
      for (const f of ['ssim', 'psnr'] as const) {
        const a = ours(`Node CPU: ${f.toUpperCase()} (ffmpeg ${f} twin)`, l);
        const cell = rows.get(`native ffmpeg ${f} filter, 1 thread, y4m input (raw incl. read+startup)`)?.get(l);
        const b = cell?.fps ?? null;
        const raw = cell?.rawFps ?? null;
        const vsRaw = a && raw ? `; vs ffmpeg's raw time incl. read+startup: ${(a / raw).toFixed(2)}×` : '';
        process.stdout.write(`  ${l} ${f}: ${a && b ? `${(a / b).toFixed(2)}× ffmpeg` : 'n/a (ffmpeg filter time below the timing noise)'}${vsRaw}\n`);
      }
    }
  }
  if (memoryRows.length) {
    process.stdout.write('\nBounded memory: same 540p pair played ×1 and ×4 (ffmpeg -stream_loop), peak memory:\n');
    // What holding every extra decoded frame pair would add: 3 × n extra frames × 2 clips × w·h·1.5 bytes (540p).
    const held = 3 * clips[0]!.frames * 2 * 960 * 540 * 1.5;
    for (const [name, one, four] of memoryRows) {
      const grew = four - one;
      process.stdout.write(
        `  ${name}: ×1 ${mib(one)}, ×4 ${mib(four)} → ${grew <= 0 ? 'no growth' : `+${mib(grew)}`} (keeping the extra frames would add ${mib(held)}: ${grew < held / 2 ? 'bounded' : 'NOT bounded'})\n`,
      );
    }
  }
  if (pieLines.length) process.stdout.write('\n' + pieLines.join('\n') + '\n');
  if (removalLines.length) process.stdout.write('\n' + removalLines.join('\n') + '\n');
  process.stdout.write('\nNotes:\n');
  for (const n of [
    ...notes,
    'Node memory is the process RSS high-water mark (process.memoryUsage().rss sampled); the native ffmpeg decoder processes are not included.',
    'Browser engine fps include WebCodecs decode of both clips inside the worker (see the decode rows); all runs share 2 CPU cores with other work, so treat them as noisy (the ffmpeg filter-only speeds, a difference of two short timings, most of all).',
  ])
    process.stdout.write(`  - ${n}\n`);
  process.stdout.write(`\ntotal bench time ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
}

try {
  await main();
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
