/** The BitMind rule packs, in release order. The registry (../index.ts) reads this list; a new pack is added here. */
import { bitmindSeed } from './bitmind-seed.ts';
import { bitmindV331 } from './bitmind-v3-3-1.ts';
import { bitmindGas } from './bitmind-gas.ts';
import type { BitmindPack } from './functions.ts';

export const bitmindPacks: readonly BitmindPack[] = [bitmindSeed, bitmindV331, bitmindGas];
