/**
 * The IndexedDB database (idb). Schema versions are numbered; `MIGRATIONS[i]` upgrades version i to i + 1 and
 * every earlier version upgrades step by step, so a profile created by any earlier Preflight opens intact.
 *
 * v1: `runs` (keyPath id; index `byProfileTask` [profileId, mechanism, task, createdAt]), `profiles` (keyPath id).
 * v2: `settings` (key → value) and `models` (name → {bytes, meta}: user-installed model weights, e.g. PIE-APP);
 *     runs gain the index `byCreated`.
 * v3: `runFrames` (keyPath runId): per-frame series of a run as typed arrays (src/core/history/frames.ts), kept
 *     apart from `runs` so listing history stays light; every existing run gains `frames: null` (no per-frame data
 *     was kept before v3), which the History page shows instead of a plot.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { Profile, RunRecord } from '../core/history/records.ts';
import type { RunFrames } from '../core/history/frames.ts';
import type { InstalledModelMeta } from './models.repo.ts';
import { PreflightError } from '../core/errors.ts';

export const DB_NAME = 'preflight';
export const DB_VERSION = 3;

/** A model as stored: the bytes as a Blob, which browsers keep as a file on disk instead of one huge structured clone. */
export interface StoredModel {
  meta: InstalledModelMeta;
  onnx: Blob;
}

/**
 * The stores of the current version (v3) and what they hold. Values written by an earlier Preflight may lack newer
 * fields (a v1 run has no `frames`); readers that must not trust stored data validate it (`checkFrames`).
 */
export interface PreflightSchema extends DBSchema {
  runs: {
    key: string;
    value: RunRecord;
    indexes: { byProfileTask: [string, string, string, number]; byCreated: number };
  };
  profiles: { key: string; value: Profile };
  /** Setting key → value (checked by src/bridge/settings.ts when read). */
  settings: { key: string; value: unknown };
  /** Model name → the installed model. */
  models: { key: string; value: StoredModel };
  runFrames: { key: string; value: RunFrames };
}

export type PreflightDb = IDBPDatabase<PreflightSchema>;
type UpgradeTx = IDBPTransaction<PreflightSchema, StoreNames<PreflightSchema>[], 'versionchange'>;

export const MIGRATIONS: ((db: PreflightDb, tx: UpgradeTx) => void)[] = [
  // 0 → 1
  (db) => {
    const runs = db.createObjectStore('runs', { keyPath: 'id' });
    runs.createIndex('byProfileTask', ['profileId', 'mechanism', 'task', 'createdAt']);
    db.createObjectStore('profiles', { keyPath: 'id' });
  },
  // 1 → 2
  (db, tx) => {
    db.createObjectStore('settings');
    db.createObjectStore('models');
    tx.objectStore('runs').createIndex('byCreated', 'createdAt');
  },
  // 2 → 3
  (db, tx) => {
    db.createObjectStore('runFrames', { keyPath: 'runId' });
    // Move every stored run forward in the same versionchange transaction (a failure aborts the whole upgrade and
    // leaves the v2 database as it was). Requests queued on the transaction keep it alive until the cursor ends.
    void (async () => {
      let cursor = await tx.objectStore('runs').openCursor();
      while (cursor) {
        const run = cursor.value;
        if (!('frames' in run)) await cursor.update({ ...run, frames: null });
        cursor = await cursor.continue();
      }
    })().catch(() => tx.abort());
  },
];

/** Reasons a storage operation failed, for a clear message in the UI. */
export class StorageError extends PreflightError {
  override readonly name = 'StorageError';
  readonly kind: 'quota' | 'blocked' | 'unavailable' | 'failed';
  constructor(kind: StorageError['kind'], message: string) {
    super(message);
    this.kind = kind;
  }
}

/** Maps a DOMException from IndexedDB to a StorageError with a message a user can act on. */
export function storageError(err: unknown, what: string): StorageError {
  const name = (err as { name?: string })?.name;
  if (name === 'QuotaExceededError')
    return new StorageError(
      'quota',
      `Browser storage is full, so ${what} was not saved. Earlier history is intact; export it, then free space (Settings → storage) and try again.`,
    );
  if (name === 'InvalidStateError' || name === 'UnknownError')
    return new StorageError('unavailable', `Browser storage is unavailable (${name}), so ${what} was not saved. Private windows may disable IndexedDB.`);
  return new StorageError('failed', `Could not save ${what}: ${(err as Error)?.message ?? String(err)}. Earlier history is intact.`);
}

/** Opens (and upgrades) the database. `version` is for tests that build an older schema. */
export async function openPreflightDb(name = DB_NAME, version = DB_VERSION): Promise<PreflightDb> {
  if (typeof indexedDB === 'undefined') throw new StorageError('unavailable', 'This browser has no IndexedDB, so history cannot be kept.');
  try {
    return await openDB<PreflightSchema>(name, version, {
      upgrade(db, oldVersion, newVersion, tx) {
        for (let v = oldVersion; v < (newVersion ?? version); v++) MIGRATIONS[v]!(db, tx);
      },
      blocked() {
        // An older tab holds the database open; it will be asked to close by its own versionchange handler.
      },
      blocking() {
        /* a newer tab wants to upgrade: close so it can */
      },
    });
  } catch (err) {
    throw storageError(err, 'the history database');
  }
}
