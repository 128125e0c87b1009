/**
 * `preflight competition`: scores a competition entry (validator-vidaio v3, tokenomics v3) from a manifest, one JSON
 * line per item as it finishes, and where it would place. Built for batches: a rerun with the same `--out` resumes
 * (finished items are read back, never rescored; a line cut short by a kill is dropped), `--shard i/n` scores every
 * n-th item from i (0-based, Kubernetes' JOB_COMPLETION_INDEX), and `preflight competition merge` joins shard files
 * and prints the entry score, place and shares. Measurement: probe facts from a native ffprobe, VMAF v0.6.1 and
 * v0.6.1neg pooled as libvmaf's mean with the node-cpu engine (the app's core code); scoring, gates and places come
 * from src/core/rules/vidaio/competition-entry.ts, the same functions the app's competition page calls.
 * Bad input (missing file, duplicate item, mismatched track, malformed competitor list) exits 2 with one message naming
 * the item or field, before anything is written. docs/competition.md has the manifest format and a Kubernetes Job.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, openSync, closeSync, readFileSync, statSync, writeFileSync, createReadStream } from 'node:fs';
import { dirname, resolve, basename } from 'node:path';
import { CliError, flag, parseArgs, parseJson, readInput } from '../args.ts';
import { cpuEngine, measure, pooledCpuEngine } from '../../core/metrics/measure.ts';
import type { VmafModelId } from '../../core/metrics/vmaf/index.ts';
import { createNodeSpatialPool, defaultThreads } from '../threads/spatial-pool.ts';
import { openVideo } from '../media/native-ffmpeg.ts';
import {
  competitionRulesNote,
  defaultSelfUid,
  EntryInputError,
  parseCompetitors,
  parseManifest,
  parseShard,
  scoreItem,
  shardItems,
  summarizeEntry,
  type EntryManifest,
  type EntrySummary,
  type FileFacts,
  type ItemMeasurement,
  type ItemRecord,
  type Standing,
} from '../../core/rules/vidaio/competition-entry.ts';
import type { Contender } from '../../core/rules/vidaio/competition.ts';
import { UpstreamError } from '../../core/rules/types.ts';
import { measureRemovalFiles } from './removal.ts';
import { createCliLpipsEngine } from '../lpips-native.ts';
import type { RemovalMeasurement } from '../../core/metrics/removal/api.ts';

export const summary = 'score a competition entry (validator-vidaio v3) from a manifest: per-item JSON lines, resumable, shardable; merge shards';
export const usage =
  'preflight competition --manifest entry.json [--out results.jsonl] [--shard i/n] [--threads N] [--lpips-vgg16 PATH --lpips-heads PATH] [PLACE OPTIONS]\n' +
  '            preflight competition merge a.jsonl b.jsonl ... [PLACE OPTIONS]\n' +
  '            PLACE OPTIONS: [--competitors competitors.csv|json] [--baseline X|none] [--hotkey H] [--uid N] [--applied-at ISO] [--json]';

const MODELS: VmafModelId[] = ['vmaf_v0.6.1', 'vmaf_v0.6.1neg'];
const PLACE_FLAGS = ['competitors', 'baseline', 'hotkey', 'uid', 'applied-at'];

/** First line of every results file: what was scored, so a resume or merge never mixes two entries. */
interface Header {
  type: 'entry';
  version: 1;
  track: EntryManifest['track'];
  vmafThreshold: number;
  items: { id: string; reference: string; input?: string; mask?: string; output: string }[];
  baseline?: number | null;
  rules?: unknown;
  shard: { index: number; count: number } | null;
}

function entryError(err: unknown): never {
  if (err instanceof EntryInputError) throw new CliError(err.message);
  if (err instanceof UpstreamError) throw new CliError(`invalid competition rules or scores: ${err.message}`);
  throw err;
}

function loadModelJson(id: VmafModelId): unknown {
  const url = new URL(`../../../public/models/${id}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8'));
}

function ffprobe(path: string): Omit<FileFacts, 'sizeBytes'> {
  const exe = process.env.PREFLIGHT_FFPROBE || 'ffprobe';
  const r = spawnSync(
    exe,
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-count_packets',
      '-show_entries',
      'stream=codec_name,pix_fmt,width,height,avg_frame_rate,duration,nb_read_packets',
      '-of',
      'json',
      path,
    ],
    { encoding: 'utf8' },
  );
  if (r.error) throw new CliError(`cannot run ${exe} (${(r.error as NodeJS.ErrnoException).code}); install ffmpeg or set PREFLIGHT_FFPROBE`, 1);
  const s = r.status === 0 ? (JSON.parse(r.stdout) as { streams?: Record<string, string | number>[] }).streams?.[0] : undefined;
  if (!s) throw new CliError(`${path}: not a video file (ffprobe: ${r.stderr.trim().split('\n').pop() ?? 'no video stream'})`);
  const [num, den] = String(s.avg_frame_rate ?? '0/0')
    .split('/')
    .map(Number);
  return {
    codec: String(s.codec_name ?? 'unknown'),
    pixFmt: s.pix_fmt ? String(s.pix_fmt) : null,
    width: Number(s.width),
    height: Number(s.height),
    fps: den ? num! / den : NaN,
    frameCount: Number(s.nb_read_packets ?? NaN),
    durationS: s.duration === undefined ? NaN : Number(s.duration),
  };
}

function facts(path: string): FileFacts {
  return { ...ffprobe(path), sizeBytes: statSync(path).size };
}

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Reads an existing results file: header and finished items; drops a last line cut short by a kill. */
function readResults(path: string): { header: Header | null; records: ItemRecord[]; truncatedAt: number | null } {
  if (!existsSync(path)) return { header: null, records: [], truncatedAt: null };
  const text = readFileSync(path, 'utf8');
  if (!text) return { header: null, records: [], truncatedAt: null };
  const lines = text.split('\n');
  let truncatedAt: number | null = null;
  const complete = text.endsWith('\n') ? lines.slice(0, -1) : lines.slice(0, -1);
  if (!text.endsWith('\n')) truncatedAt = text.length - lines[lines.length - 1]!.length;
  let header: Header | null = null;
  const records: ItemRecord[] = [];
  complete.forEach((line, i) => {
    let obj: { type?: string };
    try {
      obj = JSON.parse(line);
    } catch {
      throw new CliError(`${path} line ${i + 1} is not JSON; it is not a results file of preflight competition (use another --out)`);
    }
    if (i === 0) {
      if (obj.type !== 'entry')
        throw new CliError(`${path} does not start with an entry header; it is not a results file of preflight competition (use another --out)`);
      header = obj as Header;
    } else if (obj.type === 'item') records.push(obj as ItemRecord);
  });
  return { header, records, truncatedAt };
}

const sameEntry = (a: Header, b: Header) => a.track === b.track && a.vmafThreshold === b.vmafThreshold && JSON.stringify(a.items) === JSON.stringify(b.items);

interface PlaceOptions {
  standing: Standing | null;
  json: boolean;
  note: string | null;
}

/** Competitors, baseline and identity, all validated before anything is scored or written. */
function placeOptions(args: ReturnType<typeof parseArgs>, manifest: Pick<EntryManifest, 'baseline' | 'rules'> | null): PlaceOptions {
  const json = args.flags.has('json');
  let competitors: Contender[] = [];
  const cpath = flag(args, 'competitors');
  if (cpath) {
    try {
      competitors = parseCompetitors(readInput(cpath), basename(cpath));
    } catch (err) {
      entryError(err);
    }
  }
  const b = flag(args, 'baseline');
  let baseline: number | null | undefined = manifest?.baseline;
  if (b !== undefined) {
    if (b === 'none') baseline = null;
    else if (!/^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(b) || Number(b) > 1)
      throw new CliError(`--baseline must be the baseline's entry score from 0 to 1, or "none" for a competition without a baseline, got "${b}"`);
    else baseline = Number(b);
  }
  const uidText = flag(args, 'uid');
  if (uidText !== undefined && !/^\d+$/.test(uidText)) throw new CliError(`--uid must be a whole number ≥ 0, got "${uidText}"`);
  const appliedAt = flag(args, 'applied-at') ?? new Date().toISOString();
  if (!Number.isFinite(Date.parse(appliedAt)) || !/(Z|[+-]\d{2}:?\d{2})$/i.test(appliedAt))
    throw new CliError(`--applied-at must be an ISO 8601 time with a zone, e.g. 2026-09-27T00:00:00Z, got "${appliedAt}"`);
  if (baseline === undefined)
    return { standing: null, json, note: cpath ? 'no baseline given (--baseline X, or none for a competition without one): no place computed' : null };
  const self = { hotkey: flag(args, 'hotkey') ?? 'your-entry', uid: uidText !== undefined ? Number(uidText) : defaultSelfUid(competitors) };
  return { standing: { baseline, hasBaseline: baseline !== null, rules: manifest?.rules ?? null, competitors, self, appliedAt }, json, note: null };
}

const f = (x: number | null | undefined, d = 4) => (x === null || x === undefined ? '—' : Number.isFinite(x) ? x.toFixed(d) : String(x));

function printSummary(header: Header, records: ItemRecord[], s: EntrySummary, opts: PlaceOptions): void {
  if (opts.json) {
    process.stdout.write(
      JSON.stringify(
        {
          track: header.track,
          vmafThreshold: header.vmafThreshold,
          rules: competitionRulesNote(s.place?.windowStart ?? new Date().toISOString()),
          items: header.items.map((it) => records.find((r) => r.id === it.id) ?? { id: it.id, missing: true }),
          summary: s,
        },
        null,
        2,
      ) + '\n',
    );
    return;
  }
  const w = Math.max(4, ...header.items.map((i) => i.id.length));
  const out = (t: string) => process.stdout.write(t + '\n');
  out(`entry: ${s.items} item(s), track ${header.track}${header.track === 'compression' ? `, VMAF threshold ${header.vmafThreshold}` : ''}`);
  out(`  ${'item'.padEnd(w)}  ${'score'.padStart(8)}  ${'VMAF'.padStart(7)}  gates`);
  for (const it of header.items) {
    const r = records.find((x) => x.id === it.id);
    if (!r) {
      out(`  ${it.id.padEnd(w)}  ${'missing'.padStart(8)}`);
      continue;
    }
    const failed = r.verdicts.filter((v) => v.status === 'fail').map((v) => v.code);
    out(
      `  ${it.id.padEnd(w)}  ${(r.score === null ? 'n/a' : f(r.score)).padStart(8)}  ${f(r.metrics.vmaf as number, 3).padStart(7)}  ${failed.length ? `FAIL ${failed.join(', ')}` : 'pass'}${r.zeroReason ? ` (${r.zeroReason})` : ''}${r.incomplete ? ` — ${r.incomplete}` : ''}`,
    );
  }
  const notPreviewable = new Set(
    records.flatMap((r) => r.verdicts.filter((v) => v.status !== 'pass' && v.status !== 'fail').map((v) => `${v.code} (${v.status})`)),
  );
  if (notPreviewable.size) out(`  not evaluated here: ${[...notPreviewable].join('; ')}`);
  for (const d of s.duplicateOutputs)
    out(`  note: items ${d.join(', ')} have byte-identical outputs (equal-share duplicates apply to inference rounds, not to competition means)`);
  if (s.missing.length) out(`missing items (${s.missing.length}): ${s.missing.join(', ')} — score them (or merge the other shards) for an entry score`);
  if (s.incomplete.length) out(`incomplete items: ${s.incomplete.join(', ')}`);
  if (s.entryScore === null) return;
  out(`entry score ${f(s.entryScore, 6)} (math.fsum of ${s.items} item scores / ${s.items}; failed gates count as 0)`);
  if (opts.note) out(opts.note);
  const p = s.place;
  if (!p || !s.self) return;
  out(
    `place: ${p.kind} (${p.outcome}); decision baseline ${f(p.decisionBaseline, 6)}; crown bar ${f(p.crownBar, 6)}; podium bar ${p.podiumBar === null ? 'none (every contender qualifies)' : f(p.podiumBar, 6)}`,
  );
  p.ranked.forEach((c, i) => {
    const paid = p.paidHotkeys.indexOf(c.hotkey);
    out(
      `  ${String(i + 1).padStart(3)}. ${c.hotkey.padEnd(16)} uid ${String(c.uid).padStart(4)}  ${f(c.score, 6)}  ${paid >= 0 ? `paid, place share ${f(p.placeShares[paid], 6)}, emission ${f(p.emissionByHotkey[c.hotkey], 6)}` : p.qualifiers.includes(c.hotkey) ? 'qualifies, not paid' : 'below the podium bar'}${c.hotkey === s.self!.hotkey ? '  ← your entry' : ''}`,
    );
  });
  out(competitionRulesNote(p.windowStart ?? new Date().toISOString()));
  if (p.windowStart)
    out(
      `window [${p.windowStart}, ${p.windowEnd}) (168 h, half-open); competition share of emission ${f(p.competitionShare, 4)}; burn ${f(p.emission.burn, 4)}`,
    );
  out(
    `your entry: rank ${s.self.rank}, ${s.self.paid ? `paid, place share ${f(s.self.placeShare, 6)}, share of emission ${f(s.self.emissionShare, 6)}` : 'not paid (share of emission 0)'}`,
  );
}

async function measureItem(
  refPath: string,
  outPath: string,
  threads: number,
): Promise<{ m: ItemMeasurement; refFrames: number | null; outFrames: number | null }> {
  const modelJson = Object.fromEntries(MODELS.map((id) => [id, loadModelJson(id)]));
  const pool = threads > 0 ? createNodeSpatialPool(threads) : null;
  try {
    const ref = openVideo(refPath);
    const out = openVideo(outPath);
    const r = await measure(
      ref.frames,
      out.frames,
      { models: MODELS, modelJson, features: { ssim: false, psnr: false } },
      {},
      pool ? pooledCpuEngine(pool) : cpuEngine,
    );
    return {
      m: { vmaf: r.pooled.vmaf?.mean ?? null, vmafNeg: r.pooled.vmaf_neg?.mean ?? null, error: null },
      refFrames: r.refFrameCount,
      outFrames: r.distFrameCount,
    };
  } catch (err) {
    return { m: { vmaf: null, vmafNeg: null, error: (err as Error).message }, refFrames: null, outFrames: null };
  } finally {
    await pool?.close();
  }
}

async function runScore(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ['manifest', 'out', 'shard', 'threads', 'lpips-vgg16', 'lpips-heads', ...PLACE_FLAGS], ['json']);
  const mpath = flag(args, 'manifest');
  if (!mpath || args.positional.length) throw new CliError(`usage: ${usage}`);
  let manifest: EntryManifest;
  try {
    manifest = parseManifest(parseJson(readInput(mpath), mpath));
  } catch (err) {
    entryError(err);
  }
  const base = dirname(resolve(mpath));
  const abs = (p: string) => resolve(base, p);
  manifest.items.forEach((it, i) => {
    for (const k of ['reference', 'input', 'mask', 'output'] as const) {
      const p = it[k];
      if (p === undefined) continue;
      if (!existsSync(abs(p)) || !statSync(abs(p)).isFile()) throw new CliError(`items[${i}] "${it.id}".${k}: file not found: ${p} (resolved to ${abs(p)})`);
    }
  });
  let shard: { index: number; count: number } | null = null;
  const shardText = flag(args, 'shard');
  if (shardText !== undefined) {
    try {
      shard = parseShard(shardText);
    } catch (err) {
      entryError(err);
    }
  }
  const threadsText = flag(args, 'threads');
  if (threadsText !== undefined && (!/^\d+$/.test(threadsText) || Number(threadsText) > 64))
    throw new CliError(`--threads must be a whole number from 0 to 64, got "${threadsText}"`);
  const threads = threadsText !== undefined ? Number(threadsText) : defaultThreads();
  const opts = placeOptions(args, manifest);
  const outPath = flag(args, 'out') ?? mpath.replace(/\.json$/i, '') + (shard ? `.shard-${shard.index}-of-${shard.count}` : '') + '.results.jsonl';
  const header: Header = {
    type: 'entry',
    version: 1,
    track: manifest.track,
    vmafThreshold: manifest.vmafThreshold,
    items: manifest.items.map((it) => ({
      id: it.id,
      reference: it.reference,
      ...(it.input ? { input: it.input } : {}),
      ...(it.mask ? { mask: it.mask } : {}),
      output: it.output,
    })),
    ...(manifest.baseline !== undefined ? { baseline: manifest.baseline } : {}),
    ...(manifest.rules ? { rules: manifest.rules } : {}),
    shard,
  };
  // Removal entries: LPIPS-VGG needs the user's two weight files (as `preflight removal`); without them removal items
  // are incomplete unless their verdict is already zero.
  const vgg = flag(args, 'lpips-vgg16'),
    heads = flag(args, 'lpips-heads');
  if ((vgg === undefined) !== (heads === undefined))
    throw new CliError('--lpips-vgg16 and --lpips-heads go together (the VGG16 trunk and the lpips v0.1 heads)');
  if (vgg && manifest.track !== 'removal') throw new CliError(`--lpips-vgg16: LPIPS is only used by removal entries; this entry's track is ${manifest.track}`);
  const lpips = vgg && heads ? await createCliLpipsEngine({ engine: 'auto', vgg16Path: vgg, headsPath: heads }) : undefined;
  const existing = readResults(outPath);
  if (existing.header && !sameEntry(existing.header, header))
    throw new CliError(`${outPath} holds results of another entry (different items or threshold); use another --out`);
  if (existing.header && JSON.stringify(existing.header.shard) !== JSON.stringify(shard))
    throw new CliError(
      `${outPath} holds shard ${existing.header.shard ? `${existing.header.shard.index}/${existing.header.shard.count}` : 'none (the whole entry)'}, not ${shard ? `${shard.index}/${shard.count}` : 'the whole entry'}; use another --out`,
    );
  if (existing.truncatedAt !== null) {
    const text = readFileSync(outPath, 'utf8').slice(0, existing.truncatedAt);
    writeFileSync(outPath, text);
    process.stderr.write(`${outPath}: dropped a line cut short by an interruption\n`);
  }
  if (!existing.header) writeFileSync(outPath, JSON.stringify(header) + '\n');
  const done = new Set(existing.records.map((r) => r.id));
  const todo = shardItems(manifest.items.length, shard).filter((k) => !done.has(manifest.items[k]!.id));
  if (done.size) process.stderr.write(`resuming: ${done.size} item(s) already in ${outPath}, ${todo.length} to score\n`);
  const records = [...existing.records];
  for (const k of todo) {
    const it = manifest.items[k]!;
    const t0 = performance.now();
    process.stderr.write(`[${k + 1}/${manifest.items.length}] ${it.id} … `);
    const refPath = abs(it.reference);
    const outFile = abs(it.output);
    const ref = facts(refPath);
    const out = facts(outFile);
    const input = it.input ? facts(abs(it.input)) : null;
    let m: ItemMeasurement;
    let removal: RemovalMeasurement | null = null;
    if (manifest.track === 'removal') {
      try {
        const files = { input: abs(it.input!), output: outFile, reference: refPath, ...(it.mask ? { mask: abs(it.mask) } : {}) };
        removal = (
          await measureRemovalFiles(files, { ...(it.challengeId ? { challengeId: it.challengeId } : {}), ...(lpips ? { lpips, lpipsWeightsLabel: vgg } : {}) })
        ).measurement;
        m = { vmaf: null, vmafNeg: null, error: null };
      } catch (err) {
        m = { vmaf: null, vmafNeg: null, error: (err as Error).message };
      }
    } else {
      const r = await measureItem(refPath, outFile, threads);
      m = r.m;
      if (r.refFrames !== null) ref.frameCount = r.refFrames;
      if (r.outFrames !== null) out.frameCount = r.outFrames;
    }
    const record = scoreItem({
      track: manifest.track,
      index: k,
      spec: it,
      vmafThreshold: manifest.vmafThreshold,
      reference: ref,
      output: out,
      input,
      measurement: m,
      removal,
      outputSha256: await sha256File(outFile),
    });
    record.seconds = Math.round((performance.now() - t0) / 10) / 100;
    const fd = openSync(outPath, 'a');
    try {
      appendFileSync(fd, JSON.stringify(record) + '\n');
    } finally {
      closeSync(fd);
    }
    records.push(record);
    process.stderr.write(`${record.score === null ? 'incomplete' : record.score.toFixed(4)} (${record.seconds} s)\n`);
  }
  process.stderr.write(`results in ${outPath}\n`);
  finish(header, records, opts);
  return 0;
}

/** Prints the summary; returns the number of items still missing. */
function finish(header: Header, records: ItemRecord[], opts: PlaceOptions): number {
  let s: EntrySummary;
  try {
    s = summarizeEntry(
      header.items.map((i) => i.id),
      records,
      opts.standing,
    );
  } catch (err) {
    entryError(err);
  }
  printSummary(header, records, s, opts);
  return s.missing.length;
}

async function runMerge(argv: string[]): Promise<number> {
  const args = parseArgs(argv, PLACE_FLAGS, ['json']);
  if (args.positional.length === 0) throw new CliError(`usage: ${usage}`);
  let header: Header | null = null;
  const byId = new Map<string, { r: ItemRecord; file: string }>();
  for (const path of args.positional) {
    if (!existsSync(path)) throw new CliError(`${path}: file not found`);
    const { header: h, records } = readResults(path);
    if (!h) throw new CliError(`${path} is empty; it is not a results file of preflight competition`);
    if (header && !sameEntry(header, h)) throw new CliError(`${path} holds results of another entry than ${args.positional[0]} (different items or threshold)`);
    header ??= h;
    for (const r of records) {
      const prev = byId.get(r.id);
      const strip = (x: ItemRecord) => JSON.stringify({ ...x, seconds: undefined });
      if (prev && strip(prev.r) !== strip(r)) throw new CliError(`item "${r.id}" is scored differently in ${prev.file} and ${path}`);
      byId.set(r.id, { r, file: path });
    }
  }
  const h = header!;
  const opts = placeOptions(args, { baseline: h.baseline, rules: (h.rules ?? null) as EntryManifest['rules'] });
  const records = h.items.map((i) => byId.get(i.id)?.r).filter((r): r is ItemRecord => !!r);
  // Exit 1 when the merged files do not cover every item (the summary names the missing ones).
  return finish({ ...h, shard: null }, records, opts) > 0 ? 1 : 0;
}

export async function run(argv: string[]): Promise<number> {
  if (argv[0] === 'merge') return runMerge(argv.slice(1));
  return runScore(argv);
}
