/**
 * `preflight packs` and `preflight score` choosing packs by date: the Vidaio timeline with every pack, its dates and
 * the changes from its predecessor; the pack in force on a given day; `score vidaio …` using that pack; bad dates.
 */
import { describe, expect, it, vi } from 'vitest';
import { run as packsRun } from './packs.ts';
import { run as scoreRun } from './score.ts';
import { timeline } from '../../core/rules/index.ts';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  try {
    return { code: await fn(), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('preflight packs', () => {
  it('--json --mechanism vidaio --date 2026-12-05: v3 in force, every Vidaio pack on the timeline with dates and changes', async () => {
    const { code, out } = await capture(() => packsRun(['--json', '--mechanism', 'vidaio', '--date', '2026-12-05']));
    expect(code).toBe(0);
    const [v] = JSON.parse(out);
    expect(v.inForce).toMatchObject({ pack: 'validator-vidaio@e76b503', status: 'in-force', label: 'in force since 2026-09-27' });
    // The registry's timeline (its order is pinned in src/core/rules/in-force.test.ts), every pack in it.
    expect(v.timeline.map((s: { id: string }) => s.id)).toEqual(timeline('vidaio').map((s) => s.pack.id));
    const b71 = v.timeline.find((s: { id: string }) => s.id === 'validator-vidaio@b71f22d');
    expect(b71.inForce).toEqual({ from: '2026-09-04', until: '2026-09-15' });
    expect(b71.previous).toBe('vidaio-subnet@fea3779');
    expect(b71.changes.length).toBeGreaterThan(2);
    expect(v.timeline.find((s: { id: string }) => s.id === 'vidaio-subnet@fea3779').dates).toBe('2026-08-18 – 2026-09-04');
  });

  it('text timeline marks the pack in force; --pack shows one pack in full; bad dates and mechanisms are named', async () => {
    const { out } = await capture(() => packsRun(['--mechanism', 'vidaio', '--date', '2026-09-10']));
    expect(out).toMatch(/^vidaio: validator-vidaio@b71f22d, in force 2026-09-04 – 2026-09-15/);
    expect(out).toMatch(/▶ 2026-09-04 – 2026-09-15 +validator-vidaio@b71f22d/);
    const one = await capture(() => packsRun(['--pack', 'validator-vidaio@e76b503']));
    expect(one.out).toMatch(/since 2026-09-27/);
    expect(one.out).toMatch(/PIE-APP: piq 0\.8\.0/);
    await expect(packsRun(['--date', '2026-02-30'])).rejects.toThrow(/--date: expected a day written YYYY-MM-DD, got "2026-02-30"/);
    await expect(packsRun(['--mechanism', 'sn99'])).rejects.toThrow(/unknown mechanism sn99/);
  });
});

describe('preflight score by mechanism and date', () => {
  const dir = mkdtempSync(join(tmpdir(), 'score-'));
  it('score vidaio compression.score picks the pack in force on --date and says which', async () => {
    const v3 = join(dir, 'v3.json');
    writeFileSync(v3, JSON.stringify({ candidateBytes: 300000, inputBytes: 1000000, vmaf: 93 }));
    const a = await capture(() => scoreRun(['vidaio', 'compression.score', '--date', '2026-10-01', '--input', v3]));
    expect(a.code).toBe(0);
    expect(a.err).toMatch(/validator-vidaio@e76b503, in force since 2026-09-27/);
    expect(JSON.parse(a.out)).toMatchObject({ zeroReason: null, final: (0.7 * 0.7 + 0.3 * 0.93) / 1.12 });
    const launch = join(dir, 'launch.json');
    writeFileSync(launch, JSON.stringify({ compressionRate: 0.3, vmaf: 93, vmafThreshold: 90 }));
    const b = await capture(() => scoreRun(['vidaio', 'compression.score', '--date', '2026-09-05', '--input', launch]));
    expect(b.err).toMatch(/validator-vidaio@b71f22d, in force 2026-09-04 – 2026-09-15/);
    await expect(scoreRun(['validator-vidaio@b71f22d', 'compression.score', '--date', '2026-09-05', '--input', launch])).rejects.toThrow(
      /--date picks a pack by date/,
    );
    await expect(scoreRun(['vidaio', 'compression.score', '--date', 'yesterday', '--input', launch])).rejects.toThrow(/--date: expected a day/);
  });
});
