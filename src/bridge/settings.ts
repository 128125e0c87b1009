/**
 * The user's settings, typed, in the IndexedDB `settings` store (schema v2, key → value): the measurement engine,
 * the default rule pack per mechanism, and how many PIE-APP patches a frame uses. Reads never throw: without
 * storage (private windows, blocked IndexedDB) the defaults are returned with a readable note, and writes are kept
 * in memory for this tab. Every successful `setSetting` fires a `change` event on `settingsEvents`.
 */
import { openPreflightDb } from '../storage/db.ts';
import { packsFor, type Mechanism } from '../core/rules/index.ts';

export type EngineSetting = 'auto' | 'cpu' | 'webgpu';

export interface Settings {
  /** Measurement engine: 'auto' (WebGPU on a GPU, else CPU), 'cpu' or 'webgpu'. */
  engine: EngineSetting;
  /** Rule pack pinned per mechanism; a missing or unknown id means the pack in force on the day (the default). */
  defaultPack: Partial<Record<Mechanism, string>>;
  /** PIE-APP patches per frame: 'all' (the validator's value) or N ≥ 1 for a quick estimate. */
  pieappPatches: 'all' | number;
  /** The miner profile new runs are stored under (history and multipliers are per profile). */
  profileId: string;
  /** CPU engine: threads computing VMAF ('auto': one per core, at most 8; 0: all in the engine worker). */
  cpuThreads: 'auto' | number;
}

export type SettingKey = keyof Settings;

/** Detail of the `change` event: the key written, its new value, and all settings after the write. */
export interface SettingsChange<K extends SettingKey = SettingKey> {
  key: K;
  value: Settings[K];
  settings: Settings;
}

export interface SettingsRead {
  settings: Settings;
  /** Why stored settings could not be read (defaults returned), or null. */
  note: string | null;
}

export const MECHANISMS: readonly Mechanism[] = ['vidaio', 'bitmind', 'yuma', 'zap', 'bly'];

/** The settings of a fresh profile. */
export function defaultSettings(): Settings {
  // No pinned pack: every page follows the pack in force on the day (packInForce), so a new release of the rules
  // becomes the default without the user touching Settings.
  return { engine: 'auto', defaultPack: {}, pieappPatches: 'all', profileId: 'default', cpuThreads: 'auto' };
}

/** Fires `change` (CustomEvent<SettingsChange>) after each successful `setSetting`. */
export const settingsEvents = new EventTarget();

/** Writes that could not be stored, so this tab still sees them. */
const memory: Partial<Settings> = {};

function sanitize(key: SettingKey, value: unknown): Settings[SettingKey] | undefined {
  if (key === 'engine') return value === 'auto' || value === 'cpu' || value === 'webgpu' ? value : undefined;
  if (key === 'pieappPatches')
    return value === 'all' || (typeof value === 'number' && Number.isInteger(value) && value >= 1) ? (value as 'all' | number) : undefined;
  if (key === 'cpuThreads')
    return value === 'auto' || (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 64) ? (value as 'auto' | number) : undefined;
  if (key === 'profileId') return typeof value === 'string' && /^[\w.-]{1,64}$/.test(value) ? value : undefined;
  if (key === 'defaultPack') {
    if (!value || typeof value !== 'object') return undefined;
    const out: Partial<Record<Mechanism, string>> = {};
    for (const m of MECHANISMS) {
      const id = (value as Record<string, unknown>)[m];
      if (typeof id === 'string' && packsFor(m).some((p) => p.id === id)) out[m] = id;
    }
    return out;
  }
  return undefined;
}

function merge(stored: Partial<Settings>): Settings {
  const d = defaultSettings();
  return {
    engine: stored.engine ?? d.engine,
    defaultPack: { ...d.defaultPack, ...(stored.defaultPack ?? {}) },
    pieappPatches: stored.pieappPatches ?? d.pieappPatches,
    profileId: stored.profileId ?? d.profileId,
    cpuThreads: stored.cpuThreads ?? d.cpuThreads,
  };
}

/** All settings with their notes; never throws (defaults plus a note when storage is unavailable). */
export async function readSettings(): Promise<SettingsRead> {
  const stored: Partial<Settings> = {};
  let note: string | null = null;
  try {
    const db = await openPreflightDb();
    try {
      // Every key of the defaults, so a new setting is read back without another list to update.
      for (const key of Object.keys(defaultSettings()) as SettingKey[]) {
        const v = sanitize(key, await db.get('settings', key));
        if (v !== undefined) (stored as Record<string, unknown>)[key] = v;
      }
    } finally {
      db.close();
    }
  } catch (err) {
    note = `Settings could not be read from browser storage (${(err as Error)?.message ?? String(err)}); the defaults are used${Object.keys(memory).length ? ', with the changes made in this tab' : ''}.`;
  }
  return { settings: merge({ ...stored, ...memory }), note };
}

/** All settings (defaults where nothing is stored or storage is unavailable). Never throws. */
export async function getSettings(): Promise<Settings> {
  return (await readSettings()).settings;
}

/**
 * Stores one setting and fires `change`. Invalid values throw a RangeError; a storage failure keeps the value for
 * this tab and resolves with a note explaining it was not persisted (null when stored).
 */
export async function setSetting<K extends SettingKey>(key: K, value: Settings[K]): Promise<string | null> {
  const clean = sanitize(key, value);
  if (clean === undefined) throw new RangeError(`invalid value for setting ${key}: ${JSON.stringify(value)}`);
  let note: string | null = null;
  try {
    const db = await openPreflightDb();
    try {
      await db.put('settings', clean, key);
    } finally {
      db.close();
    }
    delete memory[key];
  } catch (err) {
    (memory as Record<string, unknown>)[key] = clean;
    note = `The setting was applied in this tab but not saved (${(err as Error)?.message ?? String(err)}).`;
  }
  const settings = (await readSettings()).settings;
  settingsEvents.dispatchEvent(new CustomEvent<SettingsChange<K>>('change', { detail: { key, value: clean as Settings[K], settings } }));
  return note;
}
