/**
 * Entry scoring without media: manifest and competitor validation messages, the item score through the v3 gates and
 * breakdowns (values worked by hand from ../shared/reference/rules/vidaio-v3.md §3.2 and §4.1), the entry summary and
 * the shard rule.
 */
import { describe, expect, it } from 'vitest';
import { competitionRulesNote, parseCompetitors, parseManifest, parseShard, scoreItem, shardItems, summarizeEntry } from './competition-entry.ts';
import type { FileFacts, ItemRecord, ScoreItemInput } from './competition-entry.ts';

const facts = (o: Partial<FileFacts> = {}): FileFacts => ({
  codec: 'h264',
  pixFmt: 'yuv420p',
  width: 960,
  height: 540,
  fps: 10,
  frameCount: 30,
  durationS: 3,
  sizeBytes: 1_000_000,
  ...o,
});
const comp = (id: string) => ({ id, reference: `${id}.ref.mp4`, output: `${id}.out.mp4` });

describe('parseManifest', () => {
  it('names the item and field of the first problem', () => {
    expect(() => parseManifest({ track: 'compression', items: [] })).toThrow('manifest.items: expected a non-empty array');
    expect(() => parseManifest({ track: 'inpainting', items: [comp('a')] })).toThrow('manifest.track: expected "compression", "upscaling" or "removal"');
    expect(() => parseManifest({ track: 'removal', items: [comp('a')] })).toThrow('items[0] "a".input: missing: a removal item needs the served input');
    expect(parseManifest({ track: 'removal', items: [{ ...comp('a'), input: 'a.served.mkv', mask: 'a.mask.mkv', challengeId: 'c' }] }).items[0]).toEqual({
      id: 'a',
      reference: 'a.ref.mp4',
      input: 'a.served.mkv',
      mask: 'a.mask.mkv',
      challengeId: 'c',
      output: 'a.out.mp4',
    });
    expect(() => parseManifest({ track: 'removal', items: [{ ...comp('a'), input: 'x.mkv', scaleFactor: 2 }] })).toThrow(
      'items[0] "a".scaleFactor: unknown key',
    );
    expect(() => parseManifest({ track: 'compression', items: [comp('a'), comp('a')] })).toThrow(
      'items[1] "a".id: duplicate item: the id is also used by items[0]',
    );
    expect(() => parseManifest({ track: 'compression', items: [comp('a'), { ...comp('b'), reference: 'a.ref.mp4' }] })).toThrow(
      'items[1] "b": duplicate item: the same reference as items[0] (one packet per item)',
    );
    expect(() => parseManifest({ track: 'compression', items: [{ ...comp('a'), input: 'low.mp4' }] })).toThrow(
      /items\[0\] "a"\.input: an upscaling field in a compression entry/,
    );
    expect(() => parseManifest({ track: 'upscaling', items: [{ ...comp('a'), scaleFactor: 2 }] })).toThrow(
      /items\[0\] "a"\.input: missing: an upscaling item needs the low-resolution input \(mismatched track\?\)/,
    );
    expect(() => parseManifest({ track: 'upscaling', items: [{ ...comp('a'), input: 'l.mp4', scaleFactor: 3 }] })).toThrow(
      'items[0] "a".scaleFactor: expected 2 or 4, got 3',
    );
    expect(() => parseManifest({ track: 'compression', vmafThreshold: 120, items: [comp('a')] })).toThrow(/manifest\.vmafThreshold/);
    expect(() => parseManifest({ track: 'compression', items: [comp('a')], baseline: 2 })).toThrow(/manifest\.baseline/);
    expect(parseManifest({ track: 'compression', items: [comp('a')] }).vmafThreshold).toBe(90);
  });
});

describe('parseCompetitors', () => {
  it('reads CSV with or without a header, any column order, and JSON', () => {
    expect(parseCompetitors('5Fa,1,0.5\n# note\n5Fb,2,.25\n')).toEqual([
      { hotkey: '5Fa', uid: 1, score: 0.5 },
      { hotkey: '5Fb', uid: 2, score: 0.25 },
    ]);
    expect(parseCompetitors('score;hotkey;uid\n0.7;x;9')).toEqual([{ hotkey: 'x', uid: 9, score: 0.7 }]);
    expect(parseCompetitors('{"contenders":[{"hotkey":"x","uid":3,"score":1}]}')).toEqual([{ hotkey: 'x', uid: 3, score: 1 }]);
  });
  it('names the line or field at fault', () => {
    expect(() => parseCompetitors('hotkey,uid,score\nx,1,0.5\ny,1,0.4', 'c.csv')).toThrow('c.csv: uid 1 appears twice (entries 1 and 2)');
    expect(() => parseCompetitors('x,1', 'c.csv')).toThrow('c.csv line 1: expected hotkey,uid,score');
    expect(() => parseCompetitors('hotkey,score\nx,1', 'c.csv')).toThrow('c.csv line 1: the header has no "uid" column');
    expect(() => parseCompetitors('[{"hotkey":"x","uid":-1,"score":0.5}]', 'c.json')).toThrow('c.json[0].uid: expected a whole number ≥ 0, got -1');
    expect(() => parseCompetitors('[{"hotkey":"x","uid":1,"score":0.5,"ip":"1"}]', 'c.json')).toThrow('c.json[0].ip: unknown key');
    expect(() => parseCompetitors('{"a": 1', 'c.json')).toThrow(/c\.json: not valid JSON/);
  });
});

describe('scoreItem', () => {
  /** A compression item at threshold 89: 960×540 reference, a 5× smaller output, VMAF 92 / NEG 90.5; `over` replaces any of these. */
  const compression = (over: Partial<ScoreItemInput> = {}) =>
    scoreItem({
      track: 'compression',
      index: 0,
      spec: comp('a'),
      vmafThreshold: 89,
      reference: facts(),
      output: facts({ sizeBytes: 200_000 }),
      measurement: { vmaf: 92, vmafNeg: 90.5, error: null },
      outputSha256: 'x',
      ...over,
    });
  const up = { id: 'u', reference: 'r.mp4', input: 'i.mp4', output: 'o.mp4', scaleFactor: 2, pieapp: 0.25, contentLengthS: 5 };
  /** An upscaling item (×2, PIE-APP 0.25, 5 s): 1080p reference and output, 400 kB input, VMAF 70; `over` replaces any of these. */
  const upscaling = (over: Partial<ScoreItemInput> = {}) =>
    scoreItem({
      track: 'upscaling',
      index: 0,
      spec: up,
      vmafThreshold: 90,
      reference: facts({ width: 1920, height: 1080 }),
      output: facts({ width: 1920, height: 1080, sizeBytes: 3_000_000 }),
      input: facts({ sizeBytes: 400_000 }),
      measurement: { vmaf: 70, vmafNeg: null, error: null },
      outputSha256: 'x',
      ...over,
    });
  const verdict = (r: ItemRecord, code: string) => r.verdicts.find((v) => v.code === code)!.status;

  it('compression: min(1, (0.7·(1 − rate) + 0.3·VMAF/100)/1.12) with every gate passing', () => {
    const r = compression();
    // (0.7·0.8 + 0.3·0.92)/1.12 = (0.56 + 0.276)/1.12 = 0.7464285714…
    expect(r.score).toBeCloseTo(0.836 / 1.12, 15);
    expect(r.gatePassed).toBe(true);
    expect(r.verdicts.filter((v) => v.status === 'fail')).toEqual([]);
    expect(r.verdicts.map((v) => v.status)).toContain('validator-side');
    expect(verdict(r, 'TONE_MANIPULATION')).toBe('not-previewed');
  });
  it('compression: VMAF between the config floor and the manifest threshold scores 0 with the gates passed', () => {
    const r = compression({ vmafThreshold: 93, measurement: { vmaf: 90, vmafNeg: 89, error: null } });
    expect([r.score, r.gatePassed, r.zeroReason]).toEqual([0, true, 'VMAF_BELOW_THRESHOLD']);
  });
  it('compression: every failing gate is reported (no short-circuit) and the score is 0', () => {
    const r = compression({
      vmafThreshold: 85,
      output: facts({ codec: 'mpeg4', sizeBytes: 900_000, frameCount: 29, width: 960 }),
      measurement: { vmaf: 80, vmafNeg: 70, error: null },
    });
    expect(r.score).toBe(0);
    expect(r.verdicts.filter((v) => v.status === 'fail').map((v) => v.code)).toEqual([
      'ENCODING_NOT_ALLOWED',
      'FRAME_COUNT_MISMATCH',
      'COMPRESSION_RATE_TOO_HIGH',
      'VMAF_BELOW_FLOOR',
      'VMAF_MODEL_DELTA_EXCEEDED',
    ]);
  });
  it('upscaling: S_Q = 1/(1 + max(0, p)), S_L = min(1, ln(1 + L)/ln 321), final = clamp(0.1·e^{6.979(S_pre − 0.5)})', () => {
    const r = upscaling();
    const sQ = 1 / 1.25;
    const sL = Math.log(6) / Math.log(321);
    expect(r.metrics.sQ).toBe(sQ);
    expect(r.metrics.sL).toBeCloseTo(sL, 15);
    expect(r.score).toBeCloseTo(0.1 * Math.exp(6.979 * ((sQ + sL) / 2 - 0.5)), 14);
    expect(verdict(r, 'VMAF_MODEL_DELTA_EXCEEDED')).toBe('not-previewed');
    // 3 000 000 > 8 × 400 000 = 3 200 000? no: passes; at 4× input the cap is 20×.
    expect(verdict(r, 'FILE_SIZE_CAP_EXCEEDED')).toBe('pass');
    const big = upscaling({ output: facts({ width: 1920, height: 1080, sizeBytes: 3_200_001 }) });
    expect([big.score, verdict(big, 'FILE_SIZE_CAP_EXCEEDED')]).toEqual([0, 'fail']);
    const noPieapp = upscaling({ spec: { ...up, pieapp: null }, output: facts({ width: 1920, height: 1080 }), input: facts() });
    expect(noPieapp.score).toBeNull();
    expect(noPieapp.incomplete).toMatch(/PIE-APP missing/);
  });
  it('a pair that cannot be measured fails METRIC_MISSING', () => {
    const r = compression({
      vmafThreshold: 85,
      output: facts({ width: 640, height: 360, sizeBytes: 10 }),
      measurement: { vmaf: null, vmafNeg: null, error: 'frame sizes differ' },
    });
    expect(r.score).toBe(0);
    expect(verdict(r, 'METRIC_MISSING')).toBe('fail');
    expect(verdict(r, 'STREAM_DIMENSIONS_MISMATCH')).toBe('fail');
  });
});

describe('competitionRulesNote', () => {
  it('names the v3 pack, and warns when the window starts before v3 was in force', () => {
    expect(competitionRulesNote('2026-12-05T00:00:00Z')).toBe('Rules: validator-vidaio@e76b503 (tokenomics v3), in force since 2026-09-27.');
    expect(competitionRulesNote('2026-09-20T12:00:00+02:00')).toMatch(
      /on 2026-09-20 validators ran validator-vidaio@688b671 .* this preview shows the v3 rules\.$/,
    );
  });
});

describe('summarizeEntry and shards', () => {
  const rec = (id: string, score: number | null, sha = id): ItemRecord => ({
    type: 'item',
    index: 0,
    id,
    track: 'compression',
    score,
    gatePassed: true,
    final: score,
    zeroReason: null,
    incomplete: null,
    verdicts: [],
    metrics: {},
    outputSha256: sha,
  });
  it('needs the full item set, and places the entry', () => {
    expect(summarizeEntry(['a', 'b'], [rec('a', 0.5)], null)).toMatchObject({ entryScore: null, missing: ['b'] });
    const s = summarizeEntry(['a', 'b', 'c'], [rec('c', 0.1, 'same'), rec('a', 0.1), rec('b', 0.1, 'same')], {
      baseline: 0.05,
      hasBaseline: true,
      rules: null,
      competitors: [{ hotkey: 'x', uid: 0, score: 0.2 }],
      self: { hotkey: 'me', uid: 1 },
      appliedAt: '2026-09-27T00:00:00Z',
    });
    expect(s.entryScore).toBe(0.10000000000000002); // Python: math.fsum([0.1]*3)/3 (the exact sum of three 0.1 doubles rounds to 0.30000000000000004)
    expect(s.duplicateOutputs).toEqual([['b', 'c']]);
    expect(s.place!.kind).toBe('CROWN');
    expect(s.self).toMatchObject({ rank: 2, paid: true, placeShare: 0.0425531914893617 });
  });
  it('shards are round robin and 0-based', () => {
    expect(shardItems(7, parseShard('1/3'))).toEqual([1, 4]);
    expect(shardItems(3, null)).toEqual([0, 1, 2]);
    expect(() => parseShard('3/3')).toThrow('--shard: expected i/n with 0 ≤ i < n');
  });
});
