/**
 * The registry of rule packs, in release order within each mechanism. Which pack is the default is decided by date:
 * the pack in force on the day asked about (today unless a date is given), see ./in-force.ts.
 */
import type { Mechanism } from './types.ts';
import { packInForce as choose, timeline as timelineOf, timelineSteps as stepsOf, type PackChoice, type TimelineStep } from './in-force.ts';
import { vidaioPacks } from './vidaio/index.ts';
import { bitmindPacks } from './bitmind/index.ts';
import { yumaPacks } from './yuma/index.ts';
import { zapPacks } from './zap/index.ts';
import { blyPacks } from './bly/index.ts';
import type { VidaioPack } from './vidaio/functions.ts';
import type { BitmindPack } from './bitmind/functions.ts';
import type { YumaPack } from './yuma/functions.ts';
import type { ZapPack } from './zap/functions.ts';
import type { BlyPack } from './bly/functions.ts';

/** Each mechanism's packs, as its folder's index.ts lists them (release order). */
const byMechanism = { vidaio: vidaioPacks, bitmind: bitmindPacks, yuma: yumaPacks, zap: zapPacks, bly: blyPacks } as const;

/** The pack type of one mechanism: its function tables (`<mechanism>/functions.ts`) decide what callers may call. */
export type PackOf<M extends Mechanism> = { vidaio: VidaioPack; bitmind: BitmindPack; yuma: YumaPack; zap: ZapPack; bly: BlyPack }[M];
/** Any registered pack; `mechanism` tells the tables apart. */
export type Pack = PackOf<Mechanism>;

export const packs: readonly Pack[] = Object.values(byMechanism).flat();

export function getPack(id: string): Pack | undefined;
export function getPack<M extends Mechanism>(id: string, mechanism: M): PackOf<M> | undefined;
export function getPack(id: string, mechanism?: Mechanism): Pack | undefined {
  return (mechanism ? (byMechanism[mechanism] as readonly Pack[]) : packs).find((p) => p.id === id);
}

/** The pack in force for `mechanism` on `date` (default today, UTC), with a label such as "in force since 2026-09-27". */
export function packInForce<M extends Mechanism>(mechanism: M, date: Date | string = new Date()): PackChoice<PackOf<M>> {
  return choose(byMechanism[mechanism] as readonly PackOf<M>[], mechanism, date);
}

/** The packs of one mechanism: the one in force on `date` (default today) first, then the others newest first. */
export function packsFor<M extends Mechanism>(mechanism: M, date: Date | string = new Date()): PackOf<M>[] {
  const own = byMechanism[mechanism] as readonly PackOf<M>[];
  const chosen = choose(own, mechanism, date).pack;
  return [
    chosen,
    ...timelineOf(own, mechanism)
      .filter((p) => p !== chosen)
      .reverse(),
  ];
}

/** Every pack of `mechanism` in timeline order (undated first) with what changed from its predecessor. */
export function timeline<M extends Mechanism>(mechanism: M): TimelineStep<PackOf<M>>[] {
  return stepsOf(byMechanism[mechanism] as readonly PackOf<M>[], mechanism);
}

export { describeInForce, isIsoDay, isoDay, inForceOn } from './in-force.ts';
export type { PackChoice, TimelineStep } from './in-force.ts';
export type { RulePack, PackNote, PackFunction, PackSource, Mechanism, InForce, PieappConvention, InputOf, OutputOf } from './types.ts';
export { callPackFunction, callByName, hasFunction } from './call.ts';
