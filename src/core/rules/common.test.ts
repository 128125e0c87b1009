/**
 * The pack headers of ./common.ts: how `fromCode` and `seedPack` spell a source line, and, for every registered pack,
 * that the line derived from its `source` is the `source` its own vector file `<pack id>.json` states (the public
 * files in ../shared/reference/vectors, the project's in vectors/; files named otherwise cite a narrower source).
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fromCode, seedPack } from './common.ts';
import { packs } from './index.ts';
import { sharedReferenceUrl } from '../../../test-support/index.ts';

describe('fromCode and seedPack', () => {
  it('spell "repo path, path@commit; …" and "seed document …; …"', () => {
    expect(fromCode({ repo: 'o/a', paths: ['x.py', 'y/z.py'], commit: 'c1' }, { repo: 'o/b', paths: ['w.rs'], commit: 'c2' }).sourceLine).toBe(
      'o/a x.py, y/z.py@c1; o/b w.rs@c2',
    );
    expect(seedPack('zap', '003.txt', '004.txt')).toEqual({
      id: 'zap-seed',
      mechanism: 'zap',
      source: { kind: 'seed', documents: ['003.txt', '004.txt'] },
      sourceLine: 'seed document 003.txt; seed document 004.txt',
      inForce: { from: null },
    });
  });
});

describe("every pack's source line is its vector file's source", () => {
  const dirs = [sharedReferenceUrl('vectors/'), new URL('../../../vectors/', import.meta.url)];
  it.each(packs.map((p) => [p.id, p] as const))('%s', (id, pack) => {
    const file = dirs.map((d) => new URL(`${id}.json`, d)).find((u) => existsSync(u));
    expect(file, `no vector file ${id}.json`).toBeDefined();
    expect((JSON.parse(readFileSync(file!, 'utf8')) as { source: string }).source).toBe(pack.sourceLine);
  });
});
