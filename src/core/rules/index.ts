/**
 * The registry of rule packs. Order: by mechanism, the pack the UI shows by default first.
 */
import type { RulePack } from './types.ts';

export const packs: readonly RulePack[] = [];

export function getPack(id: string): RulePack | undefined {
  return packs.find((p) => p.id === id);
}

export type { RulePack, PackNote, PackFunction, PackSource, Mechanism } from './types.ts';
