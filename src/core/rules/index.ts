/**
 * The registry of rule packs, in release order within each mechanism. Which pack is the default is decided by date:
 * the pack in force on the day asked about (today unless a date is given), see ./in-force.ts.
 */
import type { Mechanism, RulePack } from './types.ts';
import { packInForce as choose, timeline as timelineOf, timelineSteps as stepsOf, type PackChoice, type TimelineStep } from './in-force.ts';
import { vidaioSubnet } from './vidaio/vidaio-subnet-fea3779.ts';
import { vidaioSeed } from './vidaio/vidaio-seed.ts';
import { validatorVidaio } from './vidaio/validator-vidaio-b71f22d.ts';
import { validatorVidaioF396e47 } from './vidaio/validator-vidaio-f396e47.ts';
import { validatorVidaio688b671 } from './vidaio/validator-vidaio-688b671.ts';
import { validatorVidaioV3 } from './vidaio/validator-vidaio-e76b503.ts';
import { bitmindGas } from './bitmind/bitmind-gas.ts';
import { bitmindV331 } from './bitmind/bitmind-v3-3-1.ts';
import { bitmindSeed } from './bitmind/bitmind-seed.ts';
import { yumaSubtensor } from './yuma/yuma-subtensor.ts';
import { yumaSeed } from './yuma/yuma-seed.ts';
import { zapSeed } from './zap/zap-seed.ts';
import { blyan } from './bly/blyan-56e1d0c.ts';
import { blySeed } from './bly/bly-seed.ts';

export const packs: readonly RulePack[] = [
  vidaioSeed, vidaioSubnet, validatorVidaio, validatorVidaioF396e47, validatorVidaio688b671, validatorVidaioV3,
  bitmindSeed, bitmindV331, bitmindGas,
  yumaSeed, yumaSubtensor,
  zapSeed,
  blySeed, blyan,
];

export function getPack(id: string): RulePack | undefined {
  return packs.find((p) => p.id === id);
}

/** The pack in force for `mechanism` on `date` (default today, UTC), with a label such as "in force since 2026-09-27". */
export function packInForce(mechanism: Mechanism, date: Date | string = new Date()): PackChoice {
  return choose(packs, mechanism, date);
}

/** The packs of one mechanism: the one in force on `date` (default today) first, then the others newest first. */
export function packsFor(mechanism: Mechanism, date: Date | string = new Date()): RulePack[] {
  const chosen = choose(packs, mechanism, date).pack;
  return [chosen, ...timelineOf(packs, mechanism).filter((p) => p !== chosen).reverse()];
}

/** Every pack of `mechanism` in timeline order (undated first) with what changed from its predecessor. */
export function timeline(mechanism: Mechanism): TimelineStep[] {
  return stepsOf(packs, mechanism);
}

export { describeInForce, isIsoDay, isoDay, inForceOn } from './in-force.ts';
export type { PackChoice, TimelineStep } from './in-force.ts';
export type { RulePack, PackNote, PackFunction, PackSource, Mechanism, InForce, PieappConvention } from './types.ts';
