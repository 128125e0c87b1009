/** The Yuma rule packs, in release order. The registry (../index.ts) reads this list; a new pack is added here. */
import { yumaSeed } from './yuma-seed.ts';
import { yumaSubtensor } from './yuma-subtensor.ts';
import type { YumaPack } from './functions.ts';

export const yumaPacks: readonly YumaPack[] = [yumaSeed, yumaSubtensor];
