/**
 * Run history in IndexedDB: add, list, export and import. Each write is one transaction, so a failed write (quota,
 * a bad import) leaves earlier history exactly as it was. Every stored run belongs to a listed profile: an import
 * creates the profiles its runs name but the file does not define, and a run stored without its profile (by an
 * earlier Preflight) still lists its profile, so it can be seen and deleted.
 */
import { parseHistoryFile, toHistoryFile, type HistoryFile, type Profile, type RunRecord } from '../core/history/records.ts';
import { checkFrames, framesFromHistoryJson, framesToJson, summarizeFrames, type FramesJson, type RunFrames } from '../core/history/frames.ts';
import { openPreflightDb, storageError, type PreflightSchema } from './db.ts';

/** A deleted run with its per-frame data, held by the UI for "Undo". */
export interface RemovedRun {
  run: RunRecord;
  frames: RunFrames | null;
}

export const DEFAULT_PROFILE: Profile = { id: 'default', name: 'My miner', createdAt: 0 };

export class RunsRepo {
  private dbPromise: ReturnType<typeof openPreflightDb> | null = null;
  constructor(private readonly dbName?: string) {}

  private db() {
    this.dbPromise ??= openPreflightDb(this.dbName);
    return this.dbPromise;
  }

  /**
   * Stores a run and, when given, its per-frame data (same id), in one transaction; returns the record as stored.
   * With `afterNewest`, a run dated at or before the newest stored run (two saves in one millisecond, a clock held or
   * set back) is dated one millisecond after it, so history order, and the rolling multipliers read from it, is the
   * order of saving rather than a tie broken by random ids.
   */
  async addRun(run: RunRecord, frames?: RunFrames, opts: { afterNewest?: boolean } = {}): Promise<RunRecord> {
    const db = await this.db();
    try {
      const tx = db.transaction(['runs', 'profiles', 'runFrames'], 'readwrite');
      if (opts.afterNewest) {
        const newest = await tx.objectStore('runs').index('byCreated').openKeyCursor(null, 'prev');
        if (newest && typeof newest.key === 'number' && run.createdAt <= newest.key) run = { ...run, createdAt: newest.key + 1 };
      }
      if (!(await tx.objectStore('profiles').get(run.profileId)))
        await tx
          .objectStore('profiles')
          .put(run.profileId === DEFAULT_PROFILE.id ? DEFAULT_PROFILE : { id: run.profileId, name: run.profileId, createdAt: run.createdAt });
      await tx.objectStore('runs').add(frames ? { ...run, frames: summarizeFrames(frames) } : run);
      if (frames) await tx.objectStore('runFrames').put({ ...frames, runId: run.id });
      await tx.done;
      return run;
    } catch (err) {
      throw storageError(err, 'this run');
    }
  }

  /** Runs of one profile and task, oldest first. */
  async listRuns(profileId: string, mechanism: string, task: string): Promise<RunRecord[]> {
    const db = await this.db();
    const range = IDBKeyRange.bound([profileId, mechanism, task, -Infinity], [profileId, mechanism, task, Infinity]);
    return db.getAllFromIndex('runs', 'byProfileTask', range);
  }

  async allRuns(): Promise<RunRecord[]> {
    const db = await this.db();
    return db.getAllFromIndex('runs', 'byCreated');
  }

  /** Stored profiles, the default one, and one for every profile id that runs use but no profile record defines. */
  async profiles(): Promise<Profile[]> {
    const db = await this.db();
    const list = await db.getAll('profiles');
    const known = new Set(list.map((p) => p.id));
    const out = known.has(DEFAULT_PROFILE.id) ? list : [DEFAULT_PROFILE, ...list];
    known.add(DEFAULT_PROFILE.id);
    // Orphans: walk the profile index by its first key component only, one cursor step per distinct profile.
    const tx = db.transaction('runs');
    let cursor = await tx.store.index('byProfileTask').openKeyCursor();
    while (cursor) {
      const profileId = cursor.key[0];
      if (!known.has(profileId)) {
        known.add(profileId);
        out.push(orphanProfile(profileId));
      }
      // An array sorts after every string, so [profileId, []] lies past every key of this profile (not a key shape
      // the schema stores, hence the cast).
      cursor = await cursor.continue([profileId, []] as unknown as PreflightSchema['runs']['indexes']['byProfileTask']);
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
    await this.removeRun(id);
  }

  /** One run by id, or null. */
  async getRun(id: string): Promise<RunRecord | null> {
    const db = await this.db();
    return (await db.get('runs', id)) ?? null;
  }

  /** The per-frame data of a run, or null when none was kept; throws naming the field when it is damaged. */
  async getFrames(runId: string): Promise<RunFrames | null> {
    const db = await this.db();
    const v = await db.get('runFrames', runId);
    return v === undefined ? null : checkFrames(v, runId);
  }

  /**
   * Deletes a run and its per-frame data in one transaction and returns both, so the caller can undo with
   * `restoreRun`. Null when no such run is stored.
   */
  async removeRun(id: string): Promise<RemovedRun | null> {
    const db = await this.db();
    try {
      const tx = db.transaction(['runs', 'runFrames'], 'readwrite');
      const run = await tx.objectStore('runs').get(id);
      const frames = await tx.objectStore('runFrames').get(id);
      await tx.objectStore('runs').delete(id);
      await tx.objectStore('runFrames').delete(id);
      await tx.done;
      return run ? { run, frames: frames ?? null } : null;
    } catch (err) {
      throw storageError(err, 'the deletion');
    }
  }

  /** Puts back what `removeRun` returned (undo); the run keeps its id and time. */
  async restoreRun(removed: RemovedRun): Promise<void> {
    const db = await this.db();
    try {
      const tx = db.transaction(['runs', 'runFrames'], 'readwrite');
      await tx.objectStore('runs').put(removed.run);
      if (removed.frames) await tx.objectStore('runFrames').put(removed.frames);
      await tx.done;
    } catch (err) {
      throw storageError(err, 'the restored run');
    }
  }

  /** The history file, with the per-frame data of every run that has some (`frames`, plain arrays). */
  async exportHistory(): Promise<HistoryFile & { frames?: FramesJson[] }> {
    const file = toHistoryFile(await this.profiles(), await this.allRuns());
    const db = await this.db();
    const frames = (await db.getAll('runFrames')).filter((f) => file.runs.some((r) => r.id === f.runId)).map(framesToJson);
    return frames.length ? { ...file, frames } : file;
  }

  /**
   * Imports a history file: validated entirely first, then written in one transaction. Runs whose id is already
   * stored are skipped (so importing the same file twice changes nothing).
   */
  async importHistory(text: string): Promise<{ added: number; skipped: number; createdProfiles: string[] }> {
    const file = parseHistoryFile(text);
    // Per-frame data (optional section): validated before anything is written, like the runs.
    const frames = new Map(framesFromHistoryJson(JSON.parse(text), new Set(file.runs.map((r) => r.id))).map((f) => [f.runId, f]));
    const db = await this.db();
    let added = 0;
    let skipped = 0;
    const createdProfiles: string[] = [];
    try {
      const tx = db.transaction(['runs', 'profiles', 'runFrames'], 'readwrite');
      for (const p of file.profiles) if (!(await tx.objectStore('profiles').get(p.id))) await tx.objectStore('profiles').put(p);
      const defined = new Set(file.profiles.map((p) => p.id));
      for (const r of file.runs) {
        if (defined.has(r.profileId)) continue;
        defined.add(r.profileId);
        if (await tx.objectStore('profiles').get(r.profileId)) continue;
        await tx
          .objectStore('profiles')
          .put(r.profileId === DEFAULT_PROFILE.id ? DEFAULT_PROFILE : { id: r.profileId, name: r.profileId, createdAt: r.createdAt });
        if (r.profileId !== DEFAULT_PROFILE.id) createdProfiles.push(r.profileId);
      }
      for (const r of file.runs) {
        if (await tx.objectStore('runs').get(r.id)) skipped++;
        else {
          const f = frames.get(r.id);
          await tx.objectStore('runs').add(f ? { ...r, frames: summarizeFrames(f) } : r);
          if (f) await tx.objectStore('runFrames').put(f);
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
