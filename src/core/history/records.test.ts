import { describe, expect, it } from 'vitest';
import { parseHistoryFile, runsToCsv, toHistoryFile, type RunRecord } from './records.ts';

const run = (id: string, extra: Partial<RunRecord> = {}): RunRecord => ({
  id, createdAt: Date.UTC(2026, 10, 1), profileId: 'default', mechanism: 'vidaio', task: 'compression',
  packId: 'vidaio-subnet@fea3779', engine: 'cpu', inputs: [{ role: 'original', name: 'in, "a".mp4', sizeBytes: 100, sha256: 'a'.repeat(64) }],
  metrics: { vmaf_neg: 90.5 }, scores: { score: 0.5, zone: 'above-threshold' }, reasons: ['ok'], ...extra,
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
