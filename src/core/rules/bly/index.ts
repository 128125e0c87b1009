/** The BLY rule packs, in release order. The registry (../index.ts) reads this list; a new pack is added here. */
import { blySeed } from './bly-seed.ts';
import { blyan } from './blyan-56e1d0c.ts';
import type { BlyPack } from './functions.ts';

export const blyPacks: readonly BlyPack[] = [blySeed, blyan];
