/**
 * Date-based pack selection over the real registry: which pack each mechanism shows on a given day, the labels, the
 * Vidaio timeline in release order with its difference notes, and bad dates named in the error.
 */
import { describe, expect, it } from 'vitest';
import { packs, packInForce, packsFor, timeline } from './index.ts';
import { isIsoDay, isoDay } from './in-force.ts';

describe('packInForce (pure: the date is an argument)', () => {
  it('2026-12-05 selects the v3 pack, "in force since 2026-09-27"', () => {
    const c = packInForce('vidaio', '2026-12-05');
    expect(c.pack.id).toBe('validator-vidaio@e76b503');
    expect(c.status).toBe('in-force');
    expect(c.label).toBe('in force since 2026-09-27');
    expect(packsFor('vidaio', '2026-12-05')[0]!.id).toBe('validator-vidaio@e76b503');
  });
  it('walks the Vidaio releases day by day, boundaries included (from inclusive, until exclusive)', () => {
    const at = (d: string) => packInForce('vidaio', d);
    expect(at('2026-08-18').pack.id).toBe('vidaio-subnet@fea3779');
    expect(at('2026-09-03').pack.id).toBe('vidaio-subnet@fea3779');
    expect(at('2026-09-04').pack.id).toBe('validator-vidaio@b71f22d');
    expect(at('2026-09-14').pack.id).toBe('validator-vidaio@b71f22d');
    expect(at('2026-09-26').pack.id).toBe('validator-vidaio@688b671');
    expect(at('2026-09-26').status).toBe('uncertain');
    expect(at('2026-09-26').label).toContain('validator-vidaio@f396e47');
    expect(at('2026-09-27').pack.id).toBe('validator-vidaio@e76b503');
    expect(at('2026-08-17').status).toBe('before-first');
    expect(at('2026-08-17').pack.id).toBe('vidaio-subnet@fea3779');
  });
  it('today (a Date) is read as its UTC day', () => {
    expect(isoDay(new Date(Date.UTC(2026, 8, 26, 23, 59)))).toBe('2026-09-26');
    expect(packInForce('vidaio', new Date(Date.UTC(2026, 8, 27, 0, 0))).pack.id).toBe('validator-vidaio@e76b503');
  });
  it('other mechanisms: dated code packs win over undated seeds, gaps say so, a seed-only mechanism is labelled undated', () => {
    expect(packInForce('bitmind', '2026-12-05').pack.id).toBe('bitmind-gas');
    expect(packInForce('bitmind', '2025-07-25').pack.id).toBe('bitmind-v3.3.1');
    const gap = packInForce('bitmind', '2025-12-01');
    expect([gap.status, gap.pack.id]).toEqual(['gap', 'bitmind-v3.3.1']);
    expect(packInForce('yuma', '2026-12-05').pack.id).toBe('yuma-subtensor');
    expect(packInForce('bly', '2026-12-05').pack.id).toBe('blyan@56e1d0c');
    const zap = packInForce('zap', '2026-12-05');
    expect([zap.status, zap.pack.id]).toEqual(['undated', 'zap-seed']);
  });
  it('rejects impossible dates, naming the value', () => {
    expect(isIsoDay('2026-02-30')).toBe(false);
    expect(() => packInForce('vidaio', '2026-02-30')).toThrow(/2026-02-30/);
    expect(() => packInForce('vidaio', '27.09.2026')).toThrow(/YYYY-MM-DD/);
  });
});

describe('timeline', () => {
  it('lists every Vidaio pack, undated seed first, then release order, each with its differences', () => {
    const steps = timeline('vidaio');
    expect(steps.map((s) => s.pack.id)).toEqual([
      'vidaio-seed',
      'vidaio-subnet@fea3779',
      'validator-vidaio@b71f22d',
      'validator-vidaio@f396e47',
      'validator-vidaio@688b671',
      'validator-vidaio@e76b503',
    ]);
    expect(steps.map((s) => s.dates)).toEqual([
      'undated (seed document)',
      '2026-08-18 – 2026-09-04',
      '2026-09-04 – 2026-09-15',
      '2026-09-15 – 2026-09-27',
      'from a day in 2026-09-15 – 2026-09-27, until 2026-09-27',
      'since 2026-09-27',
    ]);
    for (const s of steps.slice(2)) expect(s.changes.length, s.pack.id).toBeGreaterThan(0);
  });
  it('dated packs of one mechanism never overlap except where a release date is only a bound', () => {
    for (const m of new Set(packs.map((p) => p.mechanism))) {
      const dated = timeline(m)
        .map((s) => s.pack)
        .filter((p) => p.inForce.from !== null);
      for (let i = 1; i < dated.length; i++) {
        const prev = dated[i - 1]!;
        const cur = dated[i]!;
        if (!cur.inForce.fromIsBound) expect(prev.inForce.until && prev.inForce.until <= cur.inForce.from!, `${prev.id} → ${cur.id}`).toBe(true);
      }
    }
  });
});
