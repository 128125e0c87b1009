/**
 * IndexedDB history in a real browser: upgrade from every earlier schema version keeps the runs, imports are
 * all-or-nothing, a corrupt import leaves history intact, and runs saved in one millisecond keep their order.
 */
import { test, expect } from './fixtures.ts';

test('history survives the upgrade from every earlier schema version; bad imports change nothing', async ({ page }) => {
  await page.goto('./e2e/harness/index.html');
  const result = await page.evaluate(async () => {
    const dbm = await import('/src/storage/db.ts');
    const { RunsRepo } = await import('/src/storage/runs.repo.ts');
    const run = (id: string, createdAt: number) => ({
      id,
      createdAt,
      profileId: 'default',
      mechanism: 'vidaio' as const,
      task: 'upscaling',
      packId: 'vidaio-subnet@fea3779',
      engine: 'manual',
      inputs: [{ role: 'output', name: 'out.mp4', sizeBytes: 10, sha256: null }],
      metrics: { vmaf: 91 },
      scores: { sF: 0.2 },
      reasons: [],
    });
    const out: Record<string, unknown> = {};
    for (let from = 1; from < dbm.DB_VERSION; from++) {
      const name = `upgrade-test-${from}`;
      const old = await dbm.openPreflightDb(name, from);
      await old.put('runs', run(`r-${from}`, 1000));
      old.close();
      const repo = new RunsRepo(name);
      const runs = await repo.listRuns('default', 'vidaio', 'upscaling');
      const db = await dbm.openPreflightDb(name);
      out[`v${from}`] = { runs: runs.map((r) => r.id), stores: [...db.objectStoreNames].sort(), version: db.version };
      db.close();
    }
    const repo = new RunsRepo('import-test');
    await repo.addRun(run('keep-1', 1));
    const errors: string[] = [];
    for (const bad of [
      '{not json',
      JSON.stringify({ format: 'other' }),
      JSON.stringify({ format: 'preflight-history', version: 1, profiles: [], runs: [run('x', 1), { id: 'y' }] }),
    ]) {
      try {
        await repo.importHistory(bad);
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
    const exported = await repo.exportHistory();
    const fresh = new RunsRepo('import-target');
    const first = await fresh.importHistory(JSON.stringify(exported));
    const again = await fresh.importHistory(JSON.stringify(exported));
    out.afterBadImports = (await repo.allRuns()).map((r) => r.id);
    out.errors = errors;
    out.imports = [first, again];
    out.roundTrip = (await fresh.allRuns()).map((r) => r.id);
    // Three saves in one millisecond (ids sorting against the order of saving) keep the order of saving.
    const ties = new RunsRepo('tie-test');
    const stamps: number[] = [];
    for (const id of ['z-first', 'm-second', 'a-third']) stamps.push((await ties.addRun(run(id, 5000), undefined, { afterNewest: true })).createdAt);
    out.ties = { order: (await ties.allRuns()).map((r) => r.id), stamps };
    return out;
  });
  expect(result.v1).toEqual({ runs: ['r-1'], stores: ['models', 'profiles', 'runFrames', 'runs', 'settings'], version: 3 });
  expect(result.v2).toEqual({ runs: ['r-2'], stores: ['models', 'profiles', 'runFrames', 'runs', 'settings'], version: 3 });
  expect(result.afterBadImports).toEqual(['keep-1']);
  expect(result.errors).toHaveLength(3);
  expect((result.errors as string[])[0]).toContain('does not parse');
  expect((result.errors as string[])[2]).toContain('runs[1]');
  expect(result.imports).toEqual([
    { added: 1, skipped: 0, createdProfiles: [] },
    { added: 0, skipped: 1, createdProfiles: [] },
  ]);
  expect(result.roundTrip).toEqual(['keep-1']);
  expect(result.ties).toEqual({ order: ['z-first', 'm-second', 'a-third'], stamps: [5000, 5001, 5002] });
});
