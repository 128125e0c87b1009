/**
 * Run history in IndexedDB: add, list, export and import. Each write is one transaction, so a failed write (quota,
 * a bad import) leaves earlier history exactly as it was. Every stored run belongs to a listed profile: an import
 * creates the profiles its runs name but the file does not define, and a run stored without its profile (by an
 * earlier Preflight) still lists its profile, so it can be seen and deleted.
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

  /** Stored profiles, the default one, and one for every profile id that runs use but no profile record defines. */
  async profiles(): Promise<Profile[]> {
    const db = await this.db();
    const list = (await db.getAll('profiles')) as Profile[];
    const known = new Set(list.map((p) => p.id));
    const out = known.has(DEFAULT_PROFILE.id) ? list : [DEFAULT_PROFILE, ...list];
    known.add(DEFAULT_PROFILE.id);
    // Orphans: walk the profile index by its first key component only, one cursor step per distinct profile.
    const tx = db.transaction('runs');
    let cursor = await tx.store.index('byProfileTask').openKeyCursor();
    while (cursor) {
      const profileId = (cursor.key as unknown[])[0] as string;
      if (!known.has(profileId)) {
        known.add(profileId);
        out.push(orphanProfile(profileId));
      }
      cursor = await cursor.continue([profileId, []] as unknown as IDBValidKey);
    }
    return out;
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
  async importHistory(text: string): Promise<{ added: number; skipped: number; createdProfiles: string[] }> {
    const file = parseHistoryFile(text);
    const db = await this.db();
    let added = 0;
    let skipped = 0;
    const createdProfiles: string[] = [];
    try {
      const tx = db.transaction(['runs', 'profiles'], 'readwrite');
      for (const p of file.profiles) if (!(await tx.objectStore('profiles').get(p.id))) await tx.objectStore('profiles').put(p);
      const defined = new Set(file.profiles.map((p) => p.id));
      for (const r of file.runs) {
        if (defined.has(r.profileId)) continue;
        defined.add(r.profileId);
        if (await tx.objectStore('profiles').get(r.profileId)) continue;
        await tx.objectStore('profiles').put(r.profileId === DEFAULT_PROFILE.id ? DEFAULT_PROFILE : { id: r.profileId, name: r.profileId, createdAt: r.createdAt });
        if (r.profileId !== DEFAULT_PROFILE.id) createdProfiles.push(r.profileId);
      }
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
    return { added, skipped, createdProfiles };
  }
}

/** The profile listed for runs whose profile record is missing (named so the user sees why it appeared). */
export function orphanProfile(id: string): Profile {
  return { id, name: `${id} (profile restored for its runs)`, createdAt: 0 };
}
