/**
 * Run history in IndexedDB: add, list, export and import. Each write is one transaction, so a failed write (quota,
 * a bad import) leaves earlier history exactly as it was.
 */
import { parseHistoryFile, toHistoryFile, type HistoryFile, type Profile, type RunRecord } from '../core/history/records.ts';
import { openPreflightDb, storageError } from './db.ts';

export const DEFAULT_PROFILE: Profile = { id: 'default', name: 'My miner', createdAt: 0 };

export class RunsRepo {
  private dbPromise: ReturnType<typeof openPreflightDb> | null = null;
  constructor(private readonly dbName?: string) {}

  private db() {
    this.dbPromise ??= openPreflightDb(this.dbName);
    return this.dbPromise;
  }

  async addRun(run: RunRecord): Promise<void> {
    const db = await this.db();
    try {
      const tx = db.transaction(['runs', 'profiles'], 'readwrite');
      if (!(await tx.objectStore('profiles').get(run.profileId)))
        await tx.objectStore('profiles').put(run.profileId === DEFAULT_PROFILE.id ? DEFAULT_PROFILE : { id: run.profileId, name: run.profileId, createdAt: run.createdAt });
      await tx.objectStore('runs').add(run);
      await tx.done;
    } catch (err) {
      throw storageError(err, 'this run');
    }
  }

  /** Runs of one profile and task, oldest first. */
  async listRuns(profileId: string, mechanism: string, task: string): Promise<RunRecord[]> {
    const db = await this.db();
    const range = IDBKeyRange.bound([profileId, mechanism, task, -Infinity], [profileId, mechanism, task, Infinity]);
    return (await db.getAllFromIndex('runs', 'byProfileTask', range)) as RunRecord[];
  }

  async allRuns(): Promise<RunRecord[]> {
    const db = await this.db();
    return ((await db.getAllFromIndex('runs', 'byCreated')) as RunRecord[]);
  }

  async profiles(): Promise<Profile[]> {
    const db = await this.db();
    const list = (await db.getAll('profiles')) as Profile[];
    return list.some((p) => p.id === DEFAULT_PROFILE.id) ? list : [DEFAULT_PROFILE, ...list];
  }

  async putProfile(profile: Profile): Promise<void> {
    const db = await this.db();
    try {
      await db.put('profiles', profile);
    } catch (err) {
      throw storageError(err, 'the profile');
    }
  }

  async deleteRun(id: string): Promise<void> {
    const db = await this.db();
    await db.delete('runs', id);
  }

  async exportHistory(): Promise<HistoryFile> {
    return toHistoryFile(await this.profiles(), await this.allRuns());
  }

  /**
   * Imports a history file: validated entirely first, then written in one transaction. Runs whose id is already
   * stored are skipped (so importing the same file twice changes nothing).
   */
  async importHistory(text: string): Promise<{ added: number; skipped: number }> {
    const file = parseHistoryFile(text);
    const db = await this.db();
    let added = 0;
    let skipped = 0;
    try {
      const tx = db.transaction(['runs', 'profiles'], 'readwrite');
      for (const p of file.profiles) if (!(await tx.objectStore('profiles').get(p.id))) await tx.objectStore('profiles').put(p);
      for (const r of file.runs) {
        if (await tx.objectStore('runs').get(r.id)) skipped++;
        else {
          await tx.objectStore('runs').add(r);
          added++;
        }
      }
      await tx.done;
    } catch (err) {
      throw storageError(err, 'the imported history');
    }
    return { added, skipped };
  }
}
