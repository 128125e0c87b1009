/** The Zap rule packs, in release order. The registry (../index.ts) reads this list; a new pack is added here. */
import { zapSeed } from './zap-seed.ts';
import type { ZapPack } from './functions.ts';

export const zapPacks: readonly ZapPack[] = [zapSeed];
