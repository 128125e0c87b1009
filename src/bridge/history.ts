/**
 * Main-thread access to run history for the UI (IndexedDB is available on the main thread; no worker needed).
 * One shared repository; pages call `saveRun` after a run and `history.changed` listeners refresh.
 */
import { RunsRepo, type RemovedRun } from '../storage/runs.repo.ts';
import { compactFrames, summarizeFrames } from '../core/history/frames.ts';
import { newId, runsToCsv, type Profile, type RunRecord } from '../core/history/records.ts';
import { getSettings } from './settings.ts';

export { StorageError } from '../storage/db.ts';
export { HistoryFileError } from '../core/history/records.ts';
export type { RunRecord, Profile, RunInput } from '../core/history/records.ts';
export type { RunFrames } from '../core/history/frames.ts';
export type { RemovedRun } from '../storage/runs.repo.ts';

export const repo = new RunsRepo();
const listeners = new Set<() => void>();

export function onHistoryChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function changed() {
  for (const l of listeners) l();
}

/**
 * Stores a run (id, time and the current miner profile filled in); throws StorageError with a user-facing message
 * on failure.
 */
export async function saveRun(
  run: RunDraft,
  /** Measured frames to keep compactly for reopening the run (plot, frame viewer once the files are dropped again). */
  frames?: readonly { frameNum: number; distIndex: number; metrics: Readonly<Record<string, number>> }[],
): Promise<RunRecord> {
  const profileId = run.profileId ?? (await getSettings()).profileId;
  const record: RunRecord = { ...run, profileId, id: run.id ?? newId('run'), createdAt: run.createdAt ?? Date.now() };
  const compact = frames && frames.length ? compactFrames(record.id, frames) : undefined;
  if (compact) record.frames = summarizeFrames(compact);
  const stored = await repo.addRun(record, compact, { afterNewest: run.createdAt === undefined });
  changed();
  return stored;
}

export async function importHistory(text: string) {
  const result = await repo.importHistory(text);
  changed();
  return result;
}

export async function exportHistoryJson(): Promise<string> {
  return JSON.stringify(await repo.exportHistory(), null, 2);
}

export async function exportRunsCsv(): Promise<string> {
  return runsToCsv(await repo.allRuns());
}

/** A run before it is stored: id, time and profile are filled in by `saveRun`. */
export type RunDraft = Omit<RunRecord, 'id' | 'createdAt' | 'profileId'> & Partial<Pick<RunRecord, 'id' | 'createdAt' | 'profileId'>>;

export const getRun = (id: string) => repo.getRun(id);
export const getRunFrames = (id: string) => repo.getFrames(id);

/** Deletes a run (and its per-frame data); returns what `restoreRun` needs to undo it. */
export async function removeRun(id: string): Promise<RemovedRun | null> {
  const removed = await repo.removeRun(id);
  changed();
  return removed;
}

export async function restoreRun(removed: RemovedRun): Promise<void> {
  await repo.restoreRun(removed);
  changed();
}

export const listRuns = (profileId: string, mechanism: string, task: string) => repo.listRuns(profileId, mechanism, task);
export const allRuns = () => repo.allRuns();
export const deleteRun = async (id: string) => {
  await repo.deleteRun(id);
  changed();
};

/** A run input as history stores it: role, name, size and SHA-256. */
export async function describeInput(role: string, file: File): Promise<import('../core/history/records.ts').RunInput> {
  return { role, name: file.name, sizeBytes: file.size, sha256: await sha256Hex(file) };
}

/** SHA-256 of a file, hex (for recognising the same input in history). */
export async function sha256Hex(blob: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export const listProfiles = () => repo.profiles();

/** Adds a miner profile (id from the name); returns it. */
export async function addProfile(name: string): Promise<Profile> {
  const id =
    name
      .trim()
      .toLowerCase()
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 64) || newId('miner');
  const profile: Profile = { id, name: name.trim() || id, createdAt: Date.now() };
  await repo.putProfile(profile);
  changed();
  return profile;
}
