/**
 * Date-based pack selection: which rule pack validators ran on a given day, the timeline of a mechanism's packs, and
 * the labels the app and the CLI show ("in force since 2026-09-27"). Pure functions over the packs' `inForce`
 * dates (ISO YYYY-MM-DD, UTC; `from` inclusive, `until` exclusive); the caller passes the date, so "today" is the
 * caller's clock and tests pin any day.
 */
import type { Mechanism, RulePack } from './types.ts';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD. */
export function isIsoDay(s: string): boolean {
  const m = ISO_DAY.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
  return d.getUTCFullYear() === +m[1]! && d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!;
}

/** The UTC calendar day of `date` (a Date or an ISO day) as YYYY-MM-DD; throws with the bad value named. */
export function isoDay(date: Date | string): string {
  if (typeof date === 'string') {
    if (!isIsoDay(date)) throw new RangeError(`date: expected a day written YYYY-MM-DD, got ${JSON.stringify(date)}`);
    return date;
  }
  if (Number.isNaN(date.getTime())) throw new RangeError('date: invalid Date');
  return date.toISOString().slice(0, 10);
}

/** Whether `pack` was in force on `day` (an undated pack never is). */
export function inForceOn(pack: RulePack<object>, day: string): boolean {
  const { from, until } = pack.inForce;
  return from !== null && from <= day && (until === undefined || until === null || day < until);
}

/**
 * The packs of `mechanism` in timeline order: undated packs (seed documents) first, then dated packs by `from`
 * (release order, i.e. registry order, breaks ties).
 */
export function timeline<P extends RulePack<object>>(all: readonly P[], mechanism: Mechanism): P[] {
  const list = all.filter((p) => p.mechanism === mechanism);
  const rank = (p: P) => p.inForce.from ?? '';
  return list
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (rank(a.p) < rank(b.p) ? -1 : rank(a.p) > rank(b.p) ? 1 : a.i - b.i))
    .map((x) => x.p);
}

export interface PackChoice<P extends RulePack<object> = RulePack<object>> {
  pack: P;
  /** The day asked about (YYYY-MM-DD). */
  day: string;
  /**
   * `in-force`: the pack's dates cover the day; `uncertain`: they cover it, but so do a neighbour's whose release
   * date is not known exactly (the later release is chosen); `gap`: no pack covers the day, the newest pack that
   * started before it is chosen; `before-first`: the day precedes every dated pack, the first one is chosen;
   * `undated`: the mechanism has only undated packs.
   */
  status: 'in-force' | 'uncertain' | 'gap' | 'before-first' | 'undated';
  /** One sentence for the UI and the CLI, e.g. "in force since 2026-09-27". */
  label: string;
}

/** "2026-09-04 – 2026-09-15", "since 2026-09-27", "undated (seed document)", or for a release whose own date is unknown "from a day in 2026-09-15 – 2026-09-27, until 2026-09-27". */
export function describeInForce(pack: RulePack<object>): string {
  const { from, until, fromIsBound } = pack.inForce;
  if (from === null) return 'undated (seed document)';
  if (fromIsBound) return until ? `from a day in ${from} – ${until}, until ${until}` : `since a day after ${from}`;
  return until ? `${from} – ${until}` : `since ${from}`;
}

/** The pack validators ran for `mechanism` on `date` (default: now), with how sure that is. */
export function packInForce<P extends RulePack<object>>(all: readonly P[], mechanism: Mechanism, date: Date | string = new Date()): PackChoice<P> {
  const day = isoDay(date);
  const list = timeline(all, mechanism);
  if (list.length === 0) throw new RangeError(`no rule pack for mechanism ${mechanism}`);
  const dated = list.filter((p) => p.inForce.from !== null);
  if (dated.length === 0) {
    const pack = list[0]!;
    return { pack, day, status: 'undated', label: `${pack.id}: the only ${mechanism} pack; its source is undated` };
  }
  const covering = dated.filter((p) => inForceOn(p, day));
  if (covering.length > 0) {
    const pack = covering[covering.length - 1]!;
    if (covering.length > 1) {
      const others = covering
        .slice(0, -1)
        .map((p) => p.id)
        .join(', ');
      return {
        pack,
        day,
        status: 'uncertain',
        label: `${pack.id} or ${others} on ${day}: the release date is not known exactly (${describeInForce(pack)}); the later release is shown`,
      };
    }
    const { from, until } = pack.inForce;
    return { pack, day, status: 'in-force', label: until ? `in force ${from} – ${until}` : `in force since ${from}` };
  }
  const earlier = dated.filter((p) => p.inForce.from! <= day);
  if (earlier.length === 0) {
    const pack = dated[0]!;
    return { pack, day, status: 'before-first', label: `no ${mechanism} pack models ${day}; the earliest, ${pack.id}, starts ${pack.inForce.from}` };
  }
  const pack = earlier[earlier.length - 1]!;
  return { pack, day, status: 'gap', label: `no ${mechanism} pack covers ${day}; the newest before it is ${pack.id} (${describeInForce(pack)})` };
}

/** One step of the timeline: a pack and the `difference` notes that say how it changed from its predecessor. */
export interface TimelineStep<P extends RulePack<object> = RulePack<object>> {
  pack: P;
  previous: P | null;
  dates: string;
  changes: string[];
}

/** The timeline of `mechanism` with what changed between neighbours (the `difference` notes of each pack). */
export function timelineSteps<P extends RulePack<object>>(all: readonly P[], mechanism: Mechanism): TimelineStep<P>[] {
  const list = timeline(all, mechanism);
  return list.map((pack, i) => ({
    pack,
    previous: i > 0 ? list[i - 1]! : null,
    dates: describeInForce(pack),
    changes: pack.notes.filter((n) => n.kind === 'difference').map((n) => n.text),
  }));
}
