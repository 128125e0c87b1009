/**
 * `preflight competition` end to end on the tiny clips of ../shared/reference/clips (y4m references copied under
 * distinct names, outputs encoded to H.264 by the native ffmpeg in the setup so gates pass and scores are non-zero):
 * bad input exits 2 naming the item or field and writes nothing; a run killed after its first item line resumes without
 * rescoring and ends with the same records as an uninterrupted run; shards merged equal the unsharded run.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './competition.ts';
import { CliError } from '../args.ts';
import { sharedReference } from '../../../test-support/index.ts';
import { captureStdout, encodeH264, itemRecords } from '../../../test-support/cli.ts';

const C = sharedReference('clips/');
const BIN = fileURLToPath(new URL('../../../bin/preflight.mjs', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'preflight-competition-'));
const manifest = join(tmp, 'entry.json');
const competitors = join(tmp, 'competitors.csv');
const PLACE = ['--competitors', competitors, '--baseline', '0.3', '--applied-at', '2026-12-05T00:00:00Z', '--threads', '0', '--json'];

afterEach(() => vi.restoreAllMocks());

const strip = (r: Record<string, unknown>) => ({ ...r, seconds: undefined });

beforeAll(() => {
  for (const k of ['a', 'b', 'c']) copyFileSync(C + 'tiny_vtest_320x240__ref.y4m', join(tmp, `ref-${k}.y4m`));
  for (const [name, crf] of [
    ['out-a.mp4', 30],
    ['out-b.mp4', 40],
  ] as const) {
    encodeH264(join(tmp, 'ref-a.y4m'), join(tmp, name), { preset: 'medium', crf });
  }
  writeFileSync(
    manifest,
    JSON.stringify({
      track: 'compression',
      vmafThreshold: 60,
      items: [
        { id: 'a-crf30', reference: 'ref-a.y4m', output: 'out-a.mp4' },
        { id: 'b-crf40', reference: 'ref-b.y4m', output: 'out-b.mp4' },
        { id: 'c-raw', reference: 'ref-c.y4m', output: C + 'tiny_vtest_320x240__x264_crf38.y4m' },
      ],
    }),
  );
  writeFileSync(competitors, 'hotkey,uid,score\n5Fa,1,0.41\n5Fb,2,0.2\n');
});

async function expectBad(args: string[], message: RegExp, out: string) {
  await expect(run(args)).rejects.toSatisfy((e: unknown) => e instanceof CliError && e.exitCode === 2 && message.test(e.message));
  expect(existsSync(out), 'nothing written').toBe(false);
}

describe('preflight competition: bad input (exit 2, one message, nothing stored)', () => {
  const out = join(tmp, 'bad.jsonl');
  const A = { id: 'x', reference: 'ref-a.y4m', output: 'out-a.mp4' };
  const compression = (...items: object[]) => ({ track: 'compression', items });
  it.each<[string, object, RegExp]>([
    ['missing file', compression({ ...A, output: 'nope.mp4' }), /items\[0\] "x"\.output: file not found: nope\.mp4/],
    ['duplicate item id', compression(A, { id: 'x', reference: 'ref-b.y4m', output: 'out-b.mp4' }), /items\[1\] "x"\.id: duplicate item/],
    [
      'duplicate reference',
      compression(A, { id: 'y', reference: 'ref-a.y4m', output: 'out-b.mp4' }),
      /items\[1\] "y": duplicate item: the same reference as items\[0\]/,
    ],
    [
      'upscaling field in a compression entry',
      compression({ ...A, scaleFactor: 2 }),
      /items\[0\] "x"\.scaleFactor: an upscaling field in a compression entry \(mismatched track/,
    ],
    [
      'item track other than the manifest track',
      { track: 'upscaling', items: [{ ...A, track: 'compression' }] },
      /items\[0\] "x"\.track: the item is for track "compression" but the manifest's track is "upscaling"/,
    ],
  ])('manifest: %s', async (_, m, message) => {
    const file = join(tmp, 'bad-manifest.json');
    writeFileSync(file, JSON.stringify(m));
    await expectBad(['--manifest', file, '--out', out], message, out);
  });
  it.each<[string, string, RegExp]>([
    ['CSV', 'hotkey,uid,score\n5Fa,1,0.41\n5Fb,two,0.2\n', /bad\.csv line 3\.uid: expected a whole number/],
    ['JSON', '[{"hotkey": "5Fa", "uid": 1, "score": 1.7}]', /bad\.csv\[0\]\.score: expected an entry score from 0 to 1/],
  ])('malformed competitors (%s)', async (_, text, message) => {
    const badCsv = join(tmp, 'bad.csv');
    writeFileSync(badCsv, text);
    await expectBad(['--manifest', manifest, '--out', out, '--competitors', badCsv, '--baseline', '0.3'], message, out);
  });
});

describe('preflight competition: resume and shards (tiny clips, node-cpu, one thread)', () => {
  let full: Record<string, unknown>;
  beforeAll(async () => {
    const out = captureStdout();
    expect(await run(['--manifest', manifest, '--out', join(tmp, 'full.jsonl'), ...PLACE])).toBe(0);
    full = JSON.parse(out());
    vi.restoreAllMocks();
  }, 120_000);

  it('scores every item with its gates, the entry score and a place', () => {
    const s = full.summary as { entryScore: number; self: { rank: number; paid: boolean }; place: { kind: string } };
    const recs = itemRecords(join(tmp, 'full.jsonl'));
    expect(recs.map((r) => r.id)).toEqual(['a-crf30', 'b-crf40', 'c-raw']);
    expect(recs[0].gatePassed).toBe(true);
    expect(recs[0].score).toBeGreaterThan(0.5);
    expect(recs[2].verdicts.find((v: { code: string }) => v.code === 'ENCODING_NOT_ALLOWED').status).toBe('fail');
    expect(recs[2].score).toBe(0);
    expect(s.entryScore).toBe((recs[0].score + recs[1].score + 0) / 3);
    expect(s.place.kind).not.toBe('IDLE');
  });

  it('a killed run resumes without rescoring and ends with the same records', async () => {
    const out = join(tmp, 'killed.jsonl');
    const child = spawn(process.execPath, [BIN, 'competition', '--manifest', manifest, '--out', out, '--threads', '0'], { stdio: 'ignore' });
    const exited = new Promise((r) => child.on('exit', r));
    const deadline = Date.now() + 100_000;
    while (Date.now() < deadline && !(existsSync(out) && itemRecords(out).length >= 1)) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGKILL');
    await exited;
    const before = itemRecords(out);
    expect(before.length).toBeGreaterThanOrEqual(1);
    expect(before.length).toBeLessThan(3);
    const capturedOut = captureStdout();
    expect(await run(['--manifest', manifest, '--out', out, ...PLACE])).toBe(0);
    const after = itemRecords(out);
    expect(after.map((r) => r.id).sort()).toEqual(['a-crf30', 'b-crf40', 'c-raw']);
    expect(after.slice(0, before.length)).toEqual(before); // the finished lines were kept, not rescored
    expect(after.map(strip)).toEqual(itemRecords(join(tmp, 'full.jsonl')).map(strip));
    expect((JSON.parse(capturedOut()) as { summary: unknown }).summary).toEqual(full.summary);
  }, 180_000);

  it('shards merged equal the unsharded run', async () => {
    captureStdout();
    expect(await run(['--manifest', manifest, '--out', join(tmp, 's0.jsonl'), '--shard', '0/2', ...PLACE])).toBe(0);
    expect(await run(['--manifest', manifest, '--out', join(tmp, 's1.jsonl'), '--shard', '1/2', ...PLACE])).toBe(0);
    expect(itemRecords(join(tmp, 's0.jsonl')).map((r) => r.id)).toEqual(['a-crf30', 'c-raw']);
    vi.restoreAllMocks();
    const merged = captureStdout();
    expect(
      await run(['merge', join(tmp, 's1.jsonl'), join(tmp, 's0.jsonl'), ...PLACE.filter((a, i, all) => a !== '--threads' && all[i - 1] !== '--threads')]),
    ).toBe(0);
    const m = JSON.parse(merged()) as { summary: unknown; items: Record<string, unknown>[] };
    expect(m.summary).toEqual(full.summary);
    expect(m.items.map(strip)).toEqual((full.items as Record<string, unknown>[]).map(strip));
    vi.restoreAllMocks();
    const partial = captureStdout();
    expect(await run(['merge', join(tmp, 's0.jsonl')]), 'a missing shard: exit 1').toBe(1);
    expect(partial()).toMatch(/missing items \(1\): b-crf40/);
  }, 180_000);
});
