/**
 * PIE-APP rows of `npm run bench` (patch pairs per second), every peer measured in the same run on the same
 * weights and patches: synthetic full-architecture weights written as a PyTorch .pth by
 * scripts/fixtures/make-pth.py (speed does not depend on the values; the official weights are not available here),
 * converted to the ONNX graph the app and the CLI run (src/core/pieapp/onnx.ts), and the patches of a seeded image
 * pair (PNG files for the CLI, the same patches as raw float32 for the raw rows).
 *
 * Rows: raw onnxruntime-node on the graph (session.run on pre-cut batches, one intra-op thread per core, a warm-up
 * batch first); the CLI's path (`preflight pieapp` in a child process, its own per-frame seconds) and its ratio to
 * raw (target ≥ 0.9×), the two taking turns over CLI_ROUNDS rounds, best of each; onnxruntime-web wasm in Node on one thread; the TypeScript CPU twin; in headless Chromium
 * (the app's PIE-APP worker via engine.html, BROWSER_PAIRS pairs per pass): 1 thread, `THREADS` threads in one
 * session, and the app's arrangement, a pool of `THREADS` single-thread workers splitting each pass's batches (the
 * code path of the app's scoring, src/ml/pieapp-runner.ts), with ratios to 1 thread (target ≥ 1.7× on 2 cores). Each browser row is at steady state: after the session's first
 * pair, the worker repeats untimed passes over the patches until the last 3 passes are within 5 % of each other (at
 * most 10 passes; WARMUP and `ratesPlateaued` in src/ml/pieapp-runner.ts: a fresh worker runs ORT's WebAssembly on
 * V8's baseline code until the optimised code arrives, 2–3× slower), and the row's note prints those warm-up rates
 * and whether they reached the plateau; TIMED_PASSES timed passes follow, and the three browser arrangements take
 * turns over BROWSER_ROUNDS rounds (one in --quick), each keeping its best. The ceiling rows measure what
 * two threads can give this network on this machine at all: two independent single-thread onnxruntime-web sessions
 * in two Node worker threads scoring at once against one alone (warmed up to a plateau by the same rule), and
 * raw onnxruntime-node on `THREADS` intra-op threads against one. With `--torch`, Debian's
 * python3-torch running scripts/bench/pieapp-torch.py (an independent PyTorch forward pass) on the same .pth and
 * patches, with its agreement with onnxruntime-node. Also the time a 4K frame (10,920 patch pairs) takes at each
 * rate. It prints lines; it is not a test.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPieappPth } from '../../src/core/pieapp/pth.ts';
import { buildPieappOnnx } from '../../src/core/pieapp/onnx.ts';
import { extractPatch, patchGrid, toNetworkImage, type Image8 } from '../../src/core/pieapp/patches.ts';
import { weightedAverage } from '../../src/core/pieapp/network.ts';
import { PATCH_SIZE } from '../../src/core/pieapp/spec.ts';
import { createSession } from '../../src/ml/session.ts';
import { batchSizeFor, cpuPatchScorer, onnxPatchScorer, ratesPlateaued, scorePieapp, WARMUP } from '../../src/ml/pieapp-runner.ts';
import { encodePng } from '../../src/cli/media/png.ts';
import { packInForce, packs } from '../../src/core/rules/index.ts';
import { loadOrtNode } from '../../src/cli/ort-native.ts';
import { openEngineSession } from '../../src/cli/browser/engine-session.ts';
import type { PieappPatchMeasure } from '../../src/bridge/pieapp.ts';

export interface PieappBenchOptions {
  quick: boolean;
  /** Also run Debian's python3-torch (scripts/bench/pieapp-torch.py). */
  torch: boolean;
  /** Run the headless-Chromium rows. */
  browser: boolean;
  tmp: string;
  log: (line: string) => void;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PATCH_VALUES = 3 * PATCH_SIZE * PATCH_SIZE;
/** Debian's interpreter (python3-torch installs into its dist-packages, not into another python3 on PATH). */
const DEBIAN_PYTHON = '/usr/bin/python3';
const PATCHES_4K = patchGrid(3840, 2160).length;

interface Row {
  name: string;
  pps: number | null;
  note: string;
}

/** A seeded 8-bit RGB image (smooth waves plus hashed noise), `salt` varying it. */
function image(size: number, salt: number): Image8 {
  const data = new Uint8Array(size * size * 3);
  for (let i = 0; i < data.length; i++)
    data[i] = (Math.round(100 * Math.sin(i * 0.013 + salt)) + 128 + (((i * 2654435761 + salt * 97) >>> 0) % 41) - 20) & 0xff;
  return { width: size, height: size, channels: 3, data };
}

/**
 * Patch pairs per pass of the ceiling rows (a 4 × 4 grid, every engine scoring all of them) and of the browser rows
 * (an 8 × 8 grid: the pool splits a pass's batches between its workers and waits for both at the pass's end, so a
 * pass holds 8 batches, 4 per worker, where the app's 4K frame holds 420), and their batch size.
 */
const CEILING_PAIRS = 16;
const BROWSER_PAIRS = 64;
const BROWSER_BATCH = 8;
/**
 * After the warm-up, the browser and ceiling rows time this many passes back to back (one 16-pair pass is well under
 * a second on two threads, too short against this machine's jitter), and the browser rows run BROWSER_ROUNDS rounds
 * of (1 thread, one session on every thread, pool) in turn, each arrangement keeping its best round: a slow spell
 * then hits every arrangement rather than one.
 */
const TIMED_PASSES = 4;
const BROWSER_ROUNDS = 2;
/** Rounds of raw onnxruntime-node and `preflight pieapp` taking turns (best of each; one in --quick). */
const CLI_ROUNDS = 2;
interface Warmup {
  rates: number[];
  plateaued: boolean;
}

/** "warm-up 4.5, 8.9, 14.1, 14.3 pairs/s (plateau)" for each engine of a row. */
function warmText(w: Warmup[]): string {
  const one = (x: Warmup) => `${x.rates.map((r) => r.toFixed(1)).join(', ')} (${x.plateaued ? 'plateau' : `no plateau in ${x.rates.length}`})`;
  return `warm-up passes, pairs/s: ${w.map(one).join('; ')}`;
}

interface EnginesRate {
  /** Pairs per second of all engines together over the span they scored in. */
  pps: number;
  warm: Warmup[];
  scores: number[][];
}

/**
 * `count` single-thread onnxruntime-web sessions, each in a Node worker thread (scripts/bench/pieapp-ceiling.worker.mjs),
 * scoring the same `n` pairs at once: untimed passes together until their aggregate rates plateau (the browser
 * worker's rule, `ratesPlateaued` in src/ml/pieapp-runner.ts), then one timed pass.
 */
async function webEnginesRate(count: number, modelPath: string, patchesPath: string, n: number, batch: number): Promise<EnginesRate> {
  const workers = Array.from(
    { length: count },
    () => new Worker(new URL('./pieapp-ceiling.worker.mjs', import.meta.url), { workerData: { modelPath, patchesPath, n, batch } }),
  );
  const next = (w: Worker) =>
    new Promise<{ ready?: boolean; startedAt: number; endedAt: number; score: number[] }>((resolve, reject) => {
      const onError = (err: Error) => {
        w.off('message', onMessage);
        reject(err);
      };
      const onMessage = (m: { ready?: boolean; startedAt: number; endedAt: number; score: number[] }) => {
        w.off('error', onError);
        resolve(m);
      };
      w.once('message', onMessage);
      w.once('error', onError);
    });
  try {
    await Promise.all(workers.map(next));
    const pass = async () => {
      const rs = await Promise.all(
        workers.map((w) => {
          const r = next(w);
          w.postMessage('pass');
          return r;
        }),
      );
      const seconds = (Math.max(...rs.map((r) => r.endedAt)) - Math.min(...rs.map((r) => r.startedAt))) / 1000;
      return { pps: (count * n) / seconds, scores: rs.map((r) => r.score) };
    };
    const rates: number[] = [];
    while (rates.length < WARMUP.maxPasses && !ratesPlateaued(rates)) rates.push((await pass()).pps);
    // TIMED_PASSES passes timed, as the browser rows are: the rate over their summed time.
    const timed = [];
    for (let i = 0; i < TIMED_PASSES; i++) timed.push(await pass());
    const pps = TIMED_PASSES / timed.reduce((t, x) => t + 1 / x.pps, 0);
    return { pps, warm: [{ rates, plateaued: ratesPlateaued(rates) }], scores: timed[0]!.scores };
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

export async function benchPieapp(o: PieappBenchOptions): Promise<string[]> {
  const threads = availableParallelism();
  const rows: Row[] = [];
  const notes: string[] = [];
  // 64 + 27·k pixels square: (k + 1)² patch pairs (quick 16, full 576). A real frame has thousands (a 4K frame
  // 10,920), so the full run is long enough (23 batches) that each engine's first, cold batch weighs as it does in
  // use rather than dominating a 3-batch run.
  const k = o.quick ? 3 : 23;
  const size = PATCH_SIZE + 27 * k;

  o.log('PieAPP: synthetic .pth (make-pth.py), ONNX graph, image pair');
  const pth = join(o.tmp, 'PieAPPv0.1-synthetic.pth');
  execFileSync('python3', [join(ROOT, 'scripts/fixtures/make-pth.py'), 'pieapp', pth, '--seed', '5']);
  const model = buildPieappOnnx(loadPieappPth(new Uint8Array(readFileSync(pth))));
  const modelPath = join(o.tmp, 'pieapp.onnx');
  writeFileSync(modelPath, model);
  const refImg = image(size, 1);
  const distImg = image(size, 2);
  const refPng = join(o.tmp, 'pieapp-ref.png');
  const distPng = join(o.tmp, 'pieapp-dist.png');
  writeFileSync(refPng, encodePng(refImg));
  writeFileSync(distPng, encodePng(distImg));
  // The raw rows' patches and the CLI see the channel order of one pack's PIE-APP convention (the Vidaio pack in
  // force today when it has one), so that the CLI's value can be compared with raw onnxruntime-node's.
  const inForce = packInForce('vidaio', new Date()).pack;
  const pieappPack = inForce.pieapp ? inForce : packs.find((p) => p.pieapp)!;
  const order = pieappPack.pieapp!.networkChannelOrder;
  const ref = toNetworkImage(refImg, order);
  const dist = toNetworkImage(distImg, order);
  const grid = patchGrid(size, size);
  const n = grid.length;
  const refPatches = new Float32Array(n * PATCH_VALUES);
  const distPatches = new Float32Array(n * PATCH_VALUES);
  grid.forEach((p, i) => {
    extractPatch(ref, p, refPatches, i * PATCH_VALUES);
    extractPatch(dist, p, distPatches, i * PATCH_VALUES);
  });
  const refF32 = join(o.tmp, 'pieapp-ref.f32');
  const distF32 = join(o.tmp, 'pieapp-dist.f32');
  writeFileSync(refF32, refPatches);
  writeFileSync(distF32, distPatches);
  const batch = batchSizeFor();

  // ---- the CLI's path: `preflight pieapp` in a child process, its own per-frame seconds
  type CliRun = { pps: number; value: number; runtime: string } | { error: string };
  const cliRun = (): CliRun => {
    o.log('PieAPP: preflight pieapp (child process, native engine)');
    const cli = spawnSync(
      process.execPath,
      [join(ROOT, 'bin/preflight.mjs'), 'pieapp', '--weights', modelPath, '--ref', refPng, '--dist', distPng, '--pack', pieappPack.id, '--json'],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 22,
      },
    );
    if (cli.status !== 0) return { error: (cli.stderr || '').trim().split('\n').slice(-1)[0] ?? '' };
    const r = JSON.parse(cli.stdout) as { runtime: string; frames: { pieapp: number; seconds: number; patchesUsed: number }[] };
    const f = r.frames[0]!;
    return { pps: f.patchesUsed / f.seconds, value: f.pieapp, runtime: r.runtime };
  };
  const cliRuns: CliRun[] = [];

  // ---- raw onnxruntime-node, on every core and on one (the second is the native ceiling's base), taking turns
  // with the CLI over CLI_ROUNDS rounds (best of each), so that a slow spell does not land on one side only
  let rawPps: number | null = null;
  let rawScores: number[] = [];
  const rawWeights: number[] = [];
  try {
    const ort = await loadOrtNode();
    const rawRate = async (t: number, keep: boolean) => {
      o.log(`PieAPP: raw onnxruntime-node, ${n} patch pairs, ${t} thread(s)`);
      const session = await ort.InferenceSession.create(model, {
        executionProviders: ['cpu'],
        graphOptimizationLevel: 'all',
        intraOpNumThreads: t,
        interOpNumThreads: 1,
        executionMode: 'sequential',
      });
      const run = async (start: number, count: number) => {
        const dims = [count, 3, PATCH_SIZE, PATCH_SIZE];
        const feeds = {
          ref: new ort.Tensor('float32', refPatches.slice(start * PATCH_VALUES, (start + count) * PATCH_VALUES), dims),
          dist: new ort.Tensor('float32', distPatches.slice(start * PATCH_VALUES, (start + count) * PATCH_VALUES), dims),
        };
        const out = await session.run(feeds);
        return { score: Array.from(out['score']!.data as Float32Array), weight: Array.from(out['weight']!.data as Float32Array) };
      };
      await run(0, Math.min(batch, n)); // warm-up
      const t0 = performance.now();
      for (let s = 0; s < n; s += batch) {
        const r = await run(s, Math.min(batch, n - s));
        if (keep) {
          rawScores.push(...r.score);
          rawWeights.push(...r.weight);
        }
      }
      const pps = n / ((performance.now() - t0) / 1000);
      await session.release();
      return pps;
    };
    rawPps = await rawRate(threads, true);
    cliRuns.push(cliRun());
    for (let r = 1; r < (o.quick ? 1 : CLI_ROUNDS); r++) {
      rawPps = Math.max(rawPps, await rawRate(threads, false));
      cliRuns.push(cliRun());
    }
    rows.push({
      name: `onnxruntime-node ${ort.env.versions.node ?? ''}, raw session.run (${threads} threads, batches of ${batch})`,
      pps: rawPps,
      note: `warm-up batch excluded${cliRuns.length > 1 ? `; best of ${cliRuns.length} rounds, taking turns with the CLI` : ''}`,
    });
    if (threads > 1) {
      const onePps = await rawRate(1, false);
      rows.push({
        name: `ceiling: onnxruntime-node, raw session.run (1 thread, batches of ${batch})`,
        pps: onePps,
        note: `${threads} threads / 1 thread = ${(rawPps / onePps).toFixed(2)}× (native kernels' thread scaling on this machine)`,
      });
    }
  } catch (err) {
    rows.push({ name: 'onnxruntime-node, raw session.run', pps: null, note: `failed: ${(err as Error).message.split('\n')[0]}` });
    rawScores = [];
  }

  // ---- the CLI's row (its runs took turns with the raw ones above; one run here when the raw rows failed)
  if (cliRuns.length === 0) cliRuns.push(cliRun());
  const cliOk = cliRuns.filter((r): r is Extract<CliRun, { pps: number }> => 'pps' in r);
  if (cliOk.length) {
    const best = cliOk.reduce((a, b) => (b.pps > a.pps ? b : a));
    const agree = rawScores.length ? `; value ${best.value.toPrecision(8)} vs raw ${weightedAverage(rawScores, rawWeights).toPrecision(8)}` : '';
    const rounds = cliOk.length > 1 ? `; rounds ${cliOk.map((r) => r.pps.toFixed(1)).join(', ')} pairs/s, best kept` : '';
    rows.push({
      name: `preflight pieapp (${best.runtime})`,
      pps: best.pps,
      note: `${rawPps ? `${(best.pps / rawPps).toFixed(2)}× raw onnxruntime-node (target ≥ 0.9×)` : 'no raw row'}; frame seconds incl. first run${rounds}${agree}`,
    });
  } else {
    const failed = cliRuns[0] as { error: string };
    rows.push({ name: 'preflight pieapp (native)', pps: null, note: `failed: ${failed.error}` });
  }

  // ---- onnxruntime-web wasm in Node, and the CPU twin
  const wasmPatches = o.quick ? 4 : 8;
  o.log(`PieAPP: onnxruntime-web wasm in Node, ${wasmPatches} patch pairs, 1 thread`);
  const ws = await createSession(model, { executionProviders: ['wasm'] });
  await scorePieapp(onnxPatchScorer(ws), ref, dist, { patches: 1, seed: 9 }); // warm-up
  const w = await scorePieapp(onnxPatchScorer(ws), ref, dist, { patches: wasmPatches, seed: 1, batchSize: wasmPatches });
  await ws.release();
  const wasmPps = w.patchesUsed / w.seconds;
  rows.push({
    name: `onnxruntime-web ${ws.runtime.split(' ')[1] ?? ''} wasm in Node (1 thread)`,
    pps: wasmPps,
    note: rawPps ? `raw onnxruntime-node / this = ${(rawPps / wasmPps).toFixed(1)}×` : '',
  });
  const twinPatches = o.quick ? 1 : 2;
  o.log(`PieAPP: TypeScript CPU twin, ${twinPatches} patch pair(s)`);
  const tw = await scorePieapp(cpuPatchScorer(loadPieappPth(new Uint8Array(readFileSync(pth)))), ref, dist, {
    patches: twinPatches,
    seed: 1,
    batchSize: twinPatches,
  });
  rows.push({ name: 'TypeScript CPU twin (1 thread)', pps: tw.patchesUsed / tw.seconds, note: '' });

  // ---- the ceiling: two independent single-thread onnxruntime-web engines at once against one alone
  const ceilN = Math.min(n, CEILING_PAIRS);
  const ceilFile = join(o.tmp, 'pieapp-ceiling.f32');
  writeFileSync(
    ceilFile,
    Buffer.concat([Buffer.from(refPatches.buffer, 0, ceilN * PATCH_VALUES * 4), Buffer.from(distPatches.buffer, 0, ceilN * PATCH_VALUES * 4)]),
  );
  let ceiling: { one: EnginesRate; many: EnginesRate } | null = null;
  if (threads > 1) {
    try {
      o.log(`PieAPP: ceiling, onnxruntime-web wasm in 1 and then ${threads} Node worker threads at once, ${ceilN} pairs each`);
      const one = await webEnginesRate(1, modelPath, ceilFile, ceilN, BROWSER_BATCH);
      const many = await webEnginesRate(threads, modelPath, ceilFile, ceilN, BROWSER_BATCH);
      ceiling = { one, many };
      if (many.pps / one.pps < 1.7)
        notes.push(
          `two independent single-thread engines gave only ${(many.pps / one.pps).toFixed(2)}× one alone in this run (1-minute load average ${loadavg()[0]!.toFixed(1)} on ${threads} cores): ` +
            'the machine did not give this process tree two full cores (with sched_autogroup, as on this machine, a busy Linux shares CPU between sessions, not threads), so the thread ratios of this run are bounded by other work, not by threading; rerun on an idle machine',
        );
      rows.push({ name: `ceiling: onnxruntime-web wasm in Node, 1 single-thread session`, pps: one.pps, note: warmText(one.warm) });
      rows.push({
        name: `ceiling: onnxruntime-web wasm in Node, ${threads} single-thread sessions at once`,
        pps: many.pps,
        note: `${(many.pps / one.pps).toFixed(2)}× one alone: the most ${threads} threads can give this network here; scores ${
          many.scores.every((sc) => sc.every((v, i) => v === one.scores[0]![i])) ? 'identical' : 'DIFFER'
        }; ${warmText(many.warm)}`,
      });
    } catch (err) {
      rows.push({ name: 'ceiling: onnxruntime-web wasm in Node worker threads', pps: null, note: `failed: ${(err as Error).message.split('\n')[0]}` });
    }
  }

  // ---- browser
  if (o.browser) {
    o.log('PieAPP: headless Chromium (PIE-APP worker via engine.html)');
    const bsize = PATCH_SIZE + 27 * (Math.sqrt(BROWSER_PAIRS) - 1);
    try {
      const session = await openEngineSession({ inputs: { model: modelPath }, log: o.log });
      try {
        const measure = async (t: number, pool: number) => {
          o.log(`PieAPP: browser, ${pool} worker(s) × ${t} thread(s), ${bsize}×${bsize} pair`);
          const r = await session.page.evaluate(
            (req) =>
              (
                window as unknown as {
                  preflightEngine: { pieapp(q: typeof req): Promise<PieappPatchMeasure & { pairsPerSecond: number; isolated: boolean }> };
                }
              ).preflightEngine.pieapp(req),
            { modelUrl: session.inputUrl('model'), threads: t, pool, size: bsize, seed: 3, batchSize: BROWSER_BATCH, timedPasses: TIMED_PASSES },
          );
          if (!r.isolated) notes.push('the engine page was not cross-origin isolated: browser thread rows ran on 1 thread');
          return { pps: r.pairsPerSecond, run: r, warm: [{ rates: r.warmupRates, plateaued: r.plateaued }] };
        };
        type M = Awaited<ReturnType<typeof measure>>;
        const rounds = o.quick ? 1 : BROWSER_ROUNDS;
        const all: { one: M[]; multi: M[]; pool: M[] } = { one: [], multi: [], pool: [] };
        for (let r = 0; r < rounds; r++) {
          all.one.push(await measure(1, 1));
          all.multi.push(await measure(threads, 1));
          all.pool.push(await measure(1, threads));
        }
        const best = (ms: M[]) => ms.reduce((a, b) => (b.pps > a.pps ? b : a));
        const roundsText = (ms: M[]) => (ms.length > 1 ? `rounds ${ms.map((m) => m.pps.toFixed(1)).join(', ')} pairs/s, best kept; ` : '');
        const [one, multi, pool] = [best(all.one), best(all.multi), best(all.pool)];
        rows.push({
          name: `Chromium ${session.browserVersion}, PIE-APP worker, 1 WASM thread`,
          pps: one.pps,
          note: `${roundsText(all.one)}${warmText(one.warm)}`,
        });
        const vsCeiling = (pps: number) => (ceiling ? `; ${(pps / one.pps / (ceiling.many.pps / ceiling.one.pps)).toFixed(2)} of the ceiling ratio` : '');
        const same = [...all.multi, ...all.pool].every((m) => m.run.score.every((v, i) => v === one.run.score[i]));
        rows.push({
          name: `Chromium, one session on ${multi.run.threads} WASM threads`,
          pps: multi.pps,
          note: `${(multi.pps / one.pps).toFixed(2)}× 1 thread${vsCeiling(multi.pps)}; ${roundsText(all.multi)}${warmText(multi.warm)}`,
        });
        rows.push({
          name: `Chromium, pool of ${pool.run.workers.length} single-thread workers splitting the batches (the app's choice)`,
          pps: pool.pps,
          note: `${(pool.pps / one.pps).toFixed(2)}× 1 thread (target ≥ 1.7× on 2 cores)${vsCeiling(pool.pps)}; scores ${same ? 'identical' : 'DIFFER'} on every row; batches per worker in the last pass ${pool.run.batchesPerScorer.join(' + ')}; a model copy per worker; ${roundsText(all.pool)}${warmText(pool.warm)}`,
        });
      } finally {
        await session.close();
      }
    } catch (err) {
      rows.push({ name: 'Chromium PIE-APP rows', pps: null, note: `skipped: ${(err as Error).message.split('\n')[0]}` });
    }
  }

  // ---- PyTorch
  if (o.torch) {
    const has = existsSync(DEBIAN_PYTHON) && spawnSync(DEBIAN_PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status === 0;
    if (!has) {
      rows.push({
        name: 'PyTorch CPU (python3-torch)',
        pps: null,
        note: `skipped: ${DEBIAN_PYTHON} cannot import torch and numpy (apt-get install -y python3-torch)`,
      });
    } else {
      o.log(`PieAPP: PyTorch (Debian python3-torch), ${n} patch pairs, ${threads} threads`);
      const t = spawnSync(
        DEBIAN_PYTHON,
        [
          join(ROOT, 'scripts/bench/pieapp-torch.py'),
          '--pth',
          pth,
          '--ref',
          refF32,
          '--dist',
          distF32,
          '--count',
          String(n),
          '--batch',
          String(batch),
          '--threads',
          String(threads),
        ],
        { encoding: 'utf8', maxBuffer: 1 << 24 },
      );
      if (t.status !== 0) {
        rows.push({ name: 'PyTorch CPU (python3-torch)', pps: null, note: `failed: ${(t.stderr || '').trim().split('\n').slice(-1)[0]}` });
      } else {
        const r = JSON.parse(t.stdout.trim().split('\n').pop()!) as {
          torch: string;
          threads: number;
          pairsPerSecond: number;
          score: number[];
          weight: number[];
        };
        let maxRel = 0;
        for (let i = 0; i < rawScores.length; i++) maxRel = Math.max(maxRel, Math.abs(r.score[i]! - rawScores[i]!) / Math.max(1e-6, Math.abs(rawScores[i]!)));
        const agree = rawScores.length ? `; patch scores vs onnxruntime-node: max rel diff ${maxRel.toExponential(1)}` : '';
        rows.push({
          name: `PyTorch ${r.torch} CPU (python3-torch, ${r.threads} threads, batches of ${batch})`,
          pps: r.pairsPerSecond,
          note: `${rawPps ? `raw onnxruntime-node / PyTorch = ${(rawPps / r.pairsPerSecond).toFixed(1)}×` : ''}${agree}`,
        });
      }
    }
  }

  const w0 = Math.max(...rows.map((r) => r.name.length));
  const out = [
    `PieAPP, patch pairs per second (synthetic full-architecture weights; ${n} patch pairs of a ${size}×${size} pair unless the row says; ${threads} cores here)`,
    `  ${'engine'.padEnd(w0)} | pairs/s | 4K frame (${PATCHES_4K.toLocaleString('en-US')} pairs) | notes`,
  ];
  for (const r of rows) {
    const pps = r.pps === null ? 'n/a' : r.pps >= 10 ? r.pps.toFixed(1) : r.pps.toFixed(2);
    const fourK =
      r.pps === null ? 'n/a' : PATCHES_4K / r.pps >= 3600 ? `${(PATCHES_4K / r.pps / 3600).toFixed(1)} h` : `${(PATCHES_4K / r.pps / 60).toFixed(1)} min`;
    out.push(`  ${r.name.padEnd(w0)} | ${pps.padStart(7)} | ${fourK.padStart(10)} | ${r.note}`);
  }
  for (const note of notes) out.push(`  note: ${note}`);
  return out;
}
