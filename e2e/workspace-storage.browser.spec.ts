/**
 * Schema v3 in a real browser: a database written as Preflight v2 wrote it (raw IndexedDB calls, no project code,
 * the v2 stores, indexes and run shape) is opened by the current code; its runs move forward (`frames: null`), the
 * new `runFrames` store keeps per-frame series as typed arrays, and delete → undo restores a run with its frames.
 */
import { test, expect } from './fixtures.ts';

test('a real v2 database upgrades to v3 with its runs intact; per-frame data round-trips; delete can be undone', async ({ page }) => {
  await page.goto('./e2e/harness/index.html');
  const result = await page.evaluate(async () => {
    const name = 'workspace-upgrade-v2';
    const oldRun = {
      id: 'run-old-1',
      createdAt: 1_700_000_000_000,
      profileId: 'default',
      mechanism: 'vidaio' as const,
      task: 'compression',
      packId: 'vidaio-subnet@fea3779',
      engine: 'cpu',
      inputs: [{ role: 'original', name: 'ref.mp4', sizeBytes: 1000, sha256: null }],
      metrics: { vmaf: 93.25 },
      scores: { score: 0.41, zone: 'above-threshold' },
      reasons: ['kept'],
    };
    // Preflight v2 as it shipped: runs (byProfileTask, byCreated), profiles, settings, models.
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.open(name, 2);
      req.onupgradeneeded = () => {
        const db = req.result;
        const runs = db.createObjectStore('runs', { keyPath: 'id' });
        runs.createIndex('byProfileTask', ['profileId', 'mechanism', 'task', 'createdAt']);
        runs.createIndex('byCreated', 'createdAt');
        db.createObjectStore('profiles', { keyPath: 'id' });
        db.createObjectStore('settings');
        db.createObjectStore('models');
        runs.put(oldRun);
        runs.put({ ...oldRun, id: 'run-old-2', createdAt: oldRun.createdAt + 1 });
      };
      req.onsuccess = () => {
        req.result.close();
        resolve();
      };
      req.onerror = () => reject(req.error);
    });
    const { RunsRepo } = await import('/src/storage/runs.repo.ts');
    const { compactFrames } = await import('/src/core/history/frames.ts');
    const dbm = await import('/src/storage/db.ts');
    const repo = new RunsRepo(name);
    const upgraded = await repo.allRuns();
    const frames = compactFrames('run-new', [
      { frameNum: 0, distIndex: 0, metrics: { vmaf: 91.5, ssim_all: 0.98 } },
      { frameNum: 1, distIndex: 1, metrics: { vmaf: 92.25, ssim_all: 0.985 } },
    ]);
    await repo.addRun({ ...oldRun, id: 'run-new', createdAt: oldRun.createdAt + 2 }, frames);
    const back = await repo.getFrames('run-new');
    const newRun = await repo.getRun('run-new');
    const removed = await repo.removeRun('run-new');
    const afterDelete = (await repo.allRuns()).map((r) => r.id);
    const framesAfterDelete = await repo.getFrames('run-new');
    await repo.restoreRun(removed!);
    const afterUndo = (await repo.allRuns()).map((r) => r.id);
    const framesAfterUndo = await repo.getFrames('run-new');
    // Export carries the per-frame data; importing it elsewhere restores it; a damaged frames entry writes nothing.
    const exported = await repo.exportHistory();
    const target = new RunsRepo('workspace-import-target');
    const badFile = JSON.stringify({ ...exported, frames: [{ ...exported.frames![0]!, distIndex: [0] }] });
    let badError = '';
    try {
      await target.importHistory(badFile);
    } catch (err) {
      badError = (err as Error).message;
    }
    const afterBad = (await target.allRuns()).length;
    const imported = await target.importHistory(JSON.stringify(exported));
    const importedFrames = await target.getFrames('run-new');
    const importedRun = await target.getRun('run-new');
    const db = await dbm.openPreflightDb(name);
    const info = { version: db.version, stores: [...db.objectStoreNames].sort() };
    db.close();
    return {
      info,
      upgraded,
      back: back && {
        isF32: back.series.vmaf instanceof Float32Array,
        vmaf: Array.from(back.series.vmaf!),
        ssim: Array.from(back.series.ssim_all!),
        frameNums: Array.from(back.frameNums),
      },
      newRunFrames: newRun?.frames,
      afterDelete,
      framesAfterDelete,
      afterUndo,
      framesAfterUndo: framesAfterUndo && Array.from(framesAfterUndo.series.vmaf!),
      exportedFrames: exported.frames?.map((f) => f.runId),
      badError,
      afterBad,
      imported,
      importedFrames: importedFrames && Array.from(importedFrames.series.vmaf!),
      importedSummary: importedRun?.frames,
    };
  });
  expect(result.info).toEqual({ version: 3, stores: ['models', 'profiles', 'runFrames', 'runs', 'settings'] });
  // Old runs: every field kept, `frames: null` added by the migration.
  expect(result.upgraded.map((r) => r.id)).toEqual(['run-old-1', 'run-old-2']);
  expect(result.upgraded[0]).toMatchObject({ metrics: { vmaf: 93.25 }, scores: { score: 0.41, zone: 'above-threshold' }, reasons: ['kept'], frames: null });
  // Float32 storage: 91.5 and 92.25 are exact in float32; 0.98 is not (float32 rounding, < 1e-7 relative).
  expect(result.back!.isF32).toBe(true);
  expect(result.back!.vmaf).toEqual([91.5, 92.25]);
  expect(result.back!.ssim[0]).toBeCloseTo(0.98, 6);
  expect(result.back!.frameNums).toEqual([0, 1]);
  expect(result.newRunFrames).toEqual({ count: 2, keys: ['vmaf', 'ssim_all'] });
  expect(result.afterDelete).toEqual(['run-old-1', 'run-old-2']);
  expect(result.framesAfterDelete).toBeNull();
  expect(result.afterUndo).toEqual(['run-old-1', 'run-old-2', 'run-new']);
  expect(result.framesAfterUndo).toEqual([91.5, 92.25]);
  expect(result.exportedFrames).toEqual(['run-new']);
  expect(result.badError).toBe('frames[0].distIndex: expected 2 entries like frameNums');
  expect(result.afterBad).toBe(0);
  expect(result.imported).toEqual({ added: 3, skipped: 0, createdProfiles: [] });
  expect(result.importedFrames).toEqual([91.5, 92.25]);
  expect(result.importedSummary).toEqual({ count: 2, keys: ['vmaf', 'ssim_all'] });
});
