/**
 * Developer profile: where the CPU engine's time goes in the browser's engine worker and in Node on the same y4m
 * frames (one thread, vmaf + vmaf_neg, ssim, psnr). Browser: Chromium's tracing with the V8 CPU-profiler category
 * (samples of every thread, the engine worker's and the y4m reader thread's included) over one measure after a
 * warm-up one; Node: `--cpu-prof` of scripts/bench/node-e2e.ts. Prints the functions with the most self time per
 * thread (WebAssembly functions by index: the same index and module on both sides is the same function; the
 * browser's JavaScript names are minified). Not a test.
 *   node --import tsx scripts/bench/y4m-profile.ts REF.y4m DIST.y4m [FRAMES=6] [TOP=20]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openEngineSession } from '../../src/cli/browser/engine-session.ts';

const [ref, dist, framesArg = '6', topArg = '20'] = process.argv.slice(2);
if (!ref || !dist) throw new Error('usage: y4m-profile.ts REF.y4m DIST.y4m [FRAMES] [TOP]');
const frames = Number(framesArg);
const top = Number(topArg);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url?: string };
}

/** Self time (ms) by function over one sampled profile; prints the largest. */
function report(label: string, nodes: Map<number, ProfileNode>, samples: number[], deltasUs: number[]): void {
  const self = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    const node = nodes.get(samples[i]!);
    if (!node) continue;
    const ms = (deltasUs[i + 1] ?? 0) / 1000;
    const key = `${node.callFrame.functionName || '(anonymous)'} ${(node.callFrame.url ?? '').split('/').pop()}`;
    self.set(key, (self.get(key) ?? 0) + ms);
    total += ms;
  }
  process.stdout.write(`\n${label}: ${total.toFixed(0)} ms sampled\n`);
  for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    process.stdout.write(`${v.toFixed(0).padStart(7)} ms ${((100 * v) / total).toFixed(1).padStart(5)} %  ${k}\n`);
  }
}

async function browserProfile(): Promise<void> {
  const session = await openEngineSession({ inputs: { ref: ref!, dist: dist! } });
  try {
    const browser = session.page.context().browser()!;
    const request = {
      models: ['vmaf_v0.6.1' as const, 'vmaf_v0.6.1neg' as const],
      frameRange: { start: 0, count: frames },
      engine: 'cpu' as const,
      threads: 0,
    };
    await session.measure(request); // warm-up: model JSON, the server's file cache
    await browser.startTracing(session.page, { categories: ['disabled-by-default-v8.cpu_profiler'] });
    const { result } = await session.measure(request);
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as {
      traceEvents: { name: string; pid: number; tid: number; id?: string; args: Record<string, any> }[];
    };
    process.stdout.write(`browser engine worker (Chromium ${session.browserVersion}): ${result.frames.length} frames in ${result.seconds.toFixed(2)} s\n`);
    const profiles = new Map<string, { nodes: Map<number, ProfileNode>; samples: number[]; deltas: number[] }>();
    for (const e of trace.traceEvents) {
      if (e.name !== 'ProfileChunk') continue;
      const key = `${e.pid}:${e.id}`;
      let p = profiles.get(key);
      if (!p) profiles.set(key, (p = { nodes: new Map(), samples: [], deltas: [] }));
      const data = e.args.data as { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] };
      for (const n of data.cpuProfile?.nodes ?? []) p.nodes.set(n.id, n);
      p.samples.push(...(data.cpuProfile?.samples ?? []));
      p.deltas.push(...(data.timeDeltas ?? []));
    }
    let i = 0;
    for (const p of profiles.values())
      if (p.samples.length > 50)
        report(`browser, V8 isolate ${++i} (the page, the engine worker or its y4m reader: the functions tell)`, p.nodes, p.samples, p.deltas);
  } finally {
    await session.close();
  }
}

function nodeProfile(): void {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-y4m-profile-'));
  try {
    const script = fileURLToPath(new URL('./node-e2e.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', script, ref!, dist!, String(frames)], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`node-e2e failed: ${r.stderr}`);
    const o = JSON.parse(r.stdout.trim().split('\n').pop()!) as { frames: number; seconds: number };
    process.stdout.write(`\nNode ${process.version}: ${o.frames} frames in ${o.seconds.toFixed(2)} s (the profile includes start-up)\n`);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('node --cpu-prof wrote no profile');
    const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
    report('Node, main thread', new Map(p.nodes.map((n) => [n.id, n])), p.samples, p.timeDeltas);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await browserProfile();
nodeProfile();
