/**
 * The registry of rule packs. Order: by mechanism, the pack the UI shows by default first.
 */
import type { RulePack } from './types.ts';
import { vidaioSubnet } from './vidaio/vidaio-subnet-fea3779.ts';
import { vidaioSeed } from './vidaio/vidaio-seed.ts';
import { validatorVidaio } from './vidaio/validator-vidaio-b71f22d.ts';
import { bitmindGas } from './bitmind/bitmind-gas.ts';
import { bitmindV331 } from './bitmind/bitmind-v3-3-1.ts';
import { bitmindSeed } from './bitmind/bitmind-seed.ts';
import { yumaSubtensor } from './yuma/yuma-subtensor.ts';
import { yumaSeed } from './yuma/yuma-seed.ts';
import { zapSeed } from './zap/zap-seed.ts';
import { blyan } from './bly/blyan-56e1d0c.ts';
import { blySeed } from './bly/bly-seed.ts';

export const packs: readonly RulePack[] = [
  vidaioSubnet,
  vidaioSeed,
  validatorVidaio,
  bitmindGas, bitmindV331, bitmindSeed, yumaSubtensor, yumaSeed, zapSeed, blyan, blySeed];

export function getPack(id: string): RulePack | undefined {
  return packs.find((p) => p.id === id);
}

/** The packs of one mechanism, default first. */
export function packsFor(mechanism: RulePack['mechanism']): RulePack[] {
  return packs.filter((p) => p.mechanism === mechanism).sort((a, b) => Number(!!b.isDefault) - Number(!!a.isDefault));
}

export type { RulePack, PackNote, PackFunction, PackSource, Mechanism } from './types.ts';
