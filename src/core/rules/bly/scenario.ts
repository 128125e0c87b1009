/**
 * The BLY page's scenario (reward inputs and a bucket replay) as one pure computation, so it can run in a worker
 * (workers/bly.worker.ts): reading a dropped JSON scenario (bounded: text size and operation count are checked before
 * any operation is looked at), then the selected pack's `bly.*` rewards, the seed's budget table and, for a pack with
 * `bly.buckets`, the replay. Every error names the operation (1-based) and field.
 */
import { getPack } from '../index.ts';
import { callPackFunction, hasFunction } from '../call.ts';
import { blySeed } from './bly-seed.ts';
import { InputError, UpstreamError } from '../types.ts';
import type { BucketStep } from './budget.ts';

export type Op = { op: 'allocate'; bucket: string; amountBly: number; hour: number } | { op: 'refresh'; hour: number };

export interface Scenario {
  inference: { tokens: number; quality: number };
  learning: { improvementPct: number; difficulty: number; applicability: number; basePoolDayBly: number; hourSliceShare: number };
  validation: { tasks: number; complexity: number };
  dataset: { sizeGb: number; quality: number; diversity: number };
  dailyBudgetBly: number;
  startHour: number;
  operations: Op[];
}

export type Budget = Record<'target' | 'floor' | 'ceiling' | 'hourlyTarget', Record<string, number>>;

export interface BlyResult {
  packId: string;
  rewards: Record<'inference' | 'learning' | 'validation' | 'dataset', { bly: number | null; error?: string }>;
  budget: Budget;
  steps: BucketStep[] | null;
}

/** Most operations one scenario may replay (a year of hourly refreshes is 8 760). */
export const MAX_BLY_OPERATIONS = 10_000;
/** Most characters of a scenario file (4 Mi: 10 000 operations take about 0.6 Mi). */
export const MAX_BLY_TEXT_CHARS = 4 * 1024 * 1024;

export const DEFAULT_SCENARIO: Scenario = {
  inference: { tokens: 1234, quality: 0.77 },
  learning: { improvementPct: 2, difficulty: 2, applicability: 1, basePoolDayBly: 95890.2, hourSliceShare: 1 / 24 },
  validation: { tasks: 7, complexity: 1.5 },
  dataset: { sizeGb: 5, quality: 0.9, diversity: 1.5 },
  dailyBudgetBly: 273972,
  startHour: 0,
  operations: [
    { op: 'allocate', bucket: 'learning', amountBly: 3000, hour: 0 },
    { op: 'allocate', bucket: 'learning', amountBly: 8000, hour: 1 },
    { op: 'refresh', hour: 3 },
    { op: 'allocate', bucket: 'inference', amountBly: 2000, hour: 30 },
  ],
};

/** Rewrites a pack path like `inputs.operations[2].bucket` as "operation 3, bucket". */
export function where(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  if (err instanceof InputError) {
    const m = /^inputs\.operations\[(\d+)\]\.?([\w.]*)$/.exec(err.path);
    if (m) return `operation ${Number(m[1]) + 1} (row ${Number(m[1]) + 1})${m[2] ? `, ${m[2]}` : ''}: ${msg.slice(err.path.length + 2)}`;
  }
  return msg;
}

function checkOperationCount(n: number): void {
  if (n > MAX_BLY_OPERATIONS) throw new Error(`too many operations: ${n}; at most ${MAX_BLY_OPERATIONS} are replayed (split the scenario into several files)`);
}

/** Reads a dropped scenario: the defaults, overridden by the file's fields. Throws an Error with a clear message. */
export function parseScenario(text: string): Scenario {
  if (text.length > MAX_BLY_TEXT_CHARS)
    throw new Error(`too large: ${(text.length / 1048576).toFixed(1)} MiB of text; a scenario may have at most ${MAX_BLY_TEXT_CHARS / 1048576} MiB`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new Error(`not valid JSON (${(err as Error).message})`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data))
    throw new Error('expected an object {dailyBudgetBly, startHour, operations: [...], inference?, learning?, validation?, dataset?}');
  const d = data as Partial<Scenario>;
  if (d.operations !== undefined && !Array.isArray(d.operations)) throw new Error('"operations" must be an array of {op, bucket, amountBly, hour}');
  if (d.operations) checkOperationCount(d.operations.length);
  const next = structuredClone(DEFAULT_SCENARIO);
  for (const k of ['inference', 'learning', 'validation', 'dataset'] as const)
    // Own properties only, defined (not assigned) so a "__proto__" key stays a plain key for the schema to reject.
    if (d[k] && typeof d[k] === 'object')
      for (const [f, v] of Object.entries(d[k])) Object.defineProperty(next[k], f, { value: v, enumerable: true, writable: true, configurable: true });
  if (d.dailyBudgetBly !== undefined) next.dailyBudgetBly = d.dailyBudgetBly;
  if (d.startHour !== undefined) next.startHour = d.startHour;
  if (d.operations) next.operations = d.operations;
  return next;
}

/** Rewards, budget table and (packs with `bly.buckets`) the replay of `s` under `packId`. Errors name the operation. */
export function computeBly(s: Scenario, packId: string): BlyResult {
  checkOperationCount(s.operations.length);
  const pack = getPack(packId, 'bly')!;
  const reward = (run: () => { bly: number }) => {
    try {
      return { bly: run().bly };
    } catch (err) {
      if (err instanceof UpstreamError) return { bly: null, error: `the upstream code raises: ${err.message}` };
      throw new Error(where(err));
    }
  };
  const { basePoolDayBly, hourSliceShare, ...learningSeed } = s.learning;
  void basePoolDayBly;
  void hourSliceShare;
  const rewards = {
    inference: reward(() => callPackFunction(pack, 'bly.inference', s.inference)),
    // The seed's learning reward has no pool slice (its table has `bly.dailyBudget`); Blyan's code pays from one.
    learning: reward(() =>
      hasFunction(pack, 'bly.dailyBudget') ? callPackFunction(pack, 'bly.learning', learningSeed) : callPackFunction(pack, 'bly.learning', s.learning),
    ),
    validation: reward(() => callPackFunction(pack, 'bly.validation', s.validation)),
    dataset: reward(() => callPackFunction(pack, 'bly.dataset', s.dataset)),
  };
  // The budget table is the seed's (the code reports the same floors and ceilings but never enforces them).
  let budget: Budget;
  try {
    budget = callPackFunction(blySeed, 'bly.dailyBudget', { dailyBudgetBly: s.dailyBudgetBly });
  } catch (err) {
    throw new Error(where(err));
  }
  let steps: BucketStep[] | null = null;
  if (hasFunction(pack, 'bly.buckets')) {
    try {
      steps = callPackFunction(pack, 'bly.buckets', { dailyBudgetBly: s.dailyBudgetBly, startHour: s.startHour, operations: s.operations }).steps;
    } catch (err) {
      throw new Error(`scenario: ${where(err)}`);
    }
  }
  return { packId: pack.id, rewards, budget, steps };
}

/** A file's contents as the worker receives them (a Blob; only what is used here). */
export interface TextSource {
  size: number;
  text(): Promise<string>;
}

/** What the page needs of a replay: the first `shown` steps, the last step and the count. */
export interface BlyOutcome {
  scenario: Scenario;
  result: BlyResult;
  stepCount: number;
  lastStep: BucketStep | null;
}

/**
 * Reads (a file is refused from its size before it is read) and parses when a text or file is given, then computes;
 * what the worker runs. Only the first `shown` steps travel back to the page, with the last one and the count.
 */
export async function blyOfInput(
  input: { text: string } | { file: TextSource } | { scenario: Scenario },
  packId: string,
  shown = Infinity,
): Promise<BlyOutcome> {
  let scenario: Scenario;
  if ('scenario' in input) scenario = input.scenario;
  else if ('text' in input) scenario = parseScenario(input.text);
  else {
    if (input.file.size > MAX_BLY_TEXT_CHARS)
      throw new Error(`too large: ${(input.file.size / 1048576).toFixed(1)} MiB; a scenario may have at most ${MAX_BLY_TEXT_CHARS / 1048576} MiB`);
    scenario = parseScenario(await input.file.text());
  }
  const result = computeBly(scenario, packId);
  const steps = result.steps;
  return {
    scenario,
    result: { ...result, steps: steps && steps.length > shown ? steps.slice(0, shown) : steps },
    stepCount: steps?.length ?? 0,
    lastStep: steps?.at(-1) ?? null,
  };
}
