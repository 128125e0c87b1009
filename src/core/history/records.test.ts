import { describe, expect, it } from 'vitest';
import { csvCell, parseHistoryFile, runsToCsv, toHistoryFile, type RunRecord } from './records.ts';

const run = (id: string, extra: Partial<RunRecord> = {}): RunRecord => ({
  id,
  createdAt: Date.UTC(2026, 10, 1),
  profileId: 'default',
  mechanism: 'vidaio',
  task: 'compression',
  packId: 'vidaio-subnet@fea3779',
  engine: 'cpu',
  inputs: [{ role: 'original', name: 'in, "a".mp4', sizeBytes: 100, sha256: 'a'.repeat(64) }],
  metrics: { vmaf_neg: 90.5 },
  scores: { score: 0.5, zone: 'above-threshold' },
  reasons: ['ok'],
  ...extra,
});

describe('history file', () => {
  it('round-trips through JSON', () => {
    const file = toHistoryFile([{ id: 'default', name: 'Me', createdAt: 1 }], [run('a'), run('b')], 5);
    expect(parseHistoryFile(JSON.stringify(file))).toEqual(file);
  });
  it.each([
    ['[1,2', 'does not parse'],
    ['{"format":"x"}', 'not a Preflight history file'],
    ['{"format":"preflight-history","version":9,"profiles":[],"runs":[]}', 'unsupported version 9'],
    [JSON.stringify(toHistoryFile([], [run('a', { mechanism: 'foo' as never })])), 'runs[0].mechanism'],
    [JSON.stringify(toHistoryFile([], [run('a', { metrics: { vmaf: 'x' as never } })])), 'runs[0].metrics.vmaf'],
    [JSON.stringify(toHistoryFile([], [run('a'), run('a')])), 'duplicate run id'],
    [JSON.stringify(toHistoryFile([], [run('a', { inputs: [{ role: 'x', name: 'y', sizeBytes: -1, sha256: null }] })])), 'runs[0].inputs[0].sizeBytes'],
  ])('rejects %s naming the problem', (text, message) => {
    expect(() => parseHistoryFile(text)).toThrow(message);
  });
});

describe('CSV of runs', () => {
  it('has one header, one row per run, quoted cells and union columns', () => {
    const csv = runsToCsv([run('a'), run('b', { metrics: { vmaf: 80 } })]);
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('id,createdAt,profileId,mechanism,task,packId,engine,inputs,metric.vmaf,metric.vmaf_neg,score.score,score.zone,reasons');
    expect(lines[1]).toContain('"original:in, ""a"".mp4"');
    expect(lines[2]).toMatch(/\.mp4",80,,/);
  });
});

describe('CSV export cannot be turned into formulas or broken by one record (issue 13 items 2 and 3)', () => {
  // The OWASP CSV Injection prefixes, each in a field a history file can carry.
  const payloads = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx'];
  it.each(payloads)('neutralises %j in every string column', (p) => {
    const csv = runsToCsv([
      run(p, {
        profileId: p,
        task: p,
        packId: p,
        engine: p,
        inputs: [{ role: p, name: 'n', sizeBytes: 1, sha256: null }],
        metrics: { [p]: 1 },
        scores: { zone: p },
        reasons: [p],
      }),
    ]);
    const quoted = `"'${p.replace(/"/g, '""')}`;
    const [header, row] = csv.split('\n');
    // id, profileId, task, packId, engine, inputs (role first), score.zone and reasons: eight neutralised cells.
    expect(row!.split(quoted).length - 1).toBe(8);
    // The header's metric.<key> starts with "metric." and is safe; no cell of either line starts with a live prefix.
    for (const line of [header!, row!]) expect(line).not.toMatch(/(^|,)[=+\-@\t\r]/);
  });
  it('keeps numbers (negative ones too) as numbers', () => {
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell('-0.5')).toBe(`"'-0.5"`);
    expect(csvCell('plain')).toBe('plain');
  });
  it.each([1e300, -1e300, 8.64e15 + 1])('rejects createdAt %s on import, naming the field', (t) => {
    expect(() => parseHistoryFile(JSON.stringify(toHistoryFile([], [run('a', { createdAt: t })])))).toThrow(/runs\[0\]\.createdAt: .*outside the dates/);
    expect(() => parseHistoryFile(JSON.stringify(toHistoryFile([{ id: 'p', name: 'p', createdAt: t }], [])))).toThrow('profiles[0].createdAt');
    expect(() => parseHistoryFile(JSON.stringify(toHistoryFile([], [], t)))).toThrow('file.exportedAt');
  });
  it('accepts the extreme representable dates', () => {
    expect(parseHistoryFile(JSON.stringify(toHistoryFile([], [run('a', { createdAt: 8.64e15 }), run('b', { createdAt: -8.64e15 })]))).runs).toHaveLength(2);
  });
  it('exports a record stored before the check (createdAt 1e300) without throwing', () => {
    const csv = runsToCsv([run('a', { createdAt: 1e300 }), run('b')]);
    expect(csv.split('\n')[1]).toMatch(/^a,1e\+300,/);
    expect(csv.split('\n')[2]).toMatch(/^b,2026-11-01T00:00:00.000Z,/);
  });
});
