/**
 * BLY budget constants and the hourly bucket allocator, shared by the `bly-seed` and `blyan@56e1d0c` packs.
 * The allocator is a port of mnls0115/Blyan backend/rewards/buckets.py (`BucketAllocator`: `_refresh_buckets`,
 * `allocate`, `_process_backpay`) @56e1d0c6d67a104217c0986c6c943c3a159beb7b, with the wall clock replaced by an
 * explicit hour index (shared/reference/rules/bitmind-yuma-zap-bly.md §D.2).
 */

export const BUCKETS = ['inference', 'learning', 'validation', 'dataset'] as const;
export type Bucket = (typeof BUCKETS)[number];
export type PerBucket<T> = Record<Bucket, T>;

/** Daily budget split (seed table "Target"; buckets.py BucketConfig.splits). */
export const SPLITS: PerBucket<number> = { inference: 0.45, learning: 0.35, validation: 0.1, dataset: 0.1 };
/** Floors and ceilings (seed table; buckets.py reports them but never enforces them). */
export const FLOORS: PerBucket<number> = { inference: 0.3, learning: 0.25, validation: 0.05, dataset: 0.05 };
export const CEILINGS: PerBucket<number> = { inference: 0.6, learning: 0.5, validation: 0.15, dataset: 0.15 };
/** Backpay visiting order (buckets.py `backpay_priority`). */
export const BACKPAY_ORDER: readonly Bucket[] = ['learning', 'validation', 'dataset', 'inference'];
/** Rollover window (hours), accumulation cap (hours of a bucket's share), queue expiry (hours). */
export const ROLLOVER_HOURS = 24;
export const MAX_ACCUMULATION = 3;
export const MAX_QUEUE_HOURS = 7 * 24;

export const perBucket = <T>(f: (b: Bucket) => T): PerBucket<T> => Object.fromEntries(BUCKETS.map((b) => [b, f(b)])) as PerBucket<T>;

export type BucketOperation = { op: 'allocate'; bucket: Bucket; amountBly: number; hour: number } | { op: 'refresh'; hour: number };

export interface BackpayEvent {
  kind: 'fulfilled' | 'partial' | 'expired';
  bucket: Bucket;
  paidBly: number;
  remainingBly: number;
}

export interface BucketStep {
  grantedBly?: number;
  available: PerBucket<number>;
  queued: PerBucket<number>;
  queueLength: PerBucket<number>;
  backpay: BackpayEvent[];
}

interface Request {
  amountBly: number;
  hour: number;
}

/**
 * Replays bucket operations on a fresh allocator started at `startHour` (every bucket holds H·split,
 * H = dailyBudgetBly/24) and reports the state after each operation.
 * - refresh to a later hour h hours on: bucket = min(H·split·h + (old balance if h ≤ 24), 3·H·split), then backpay
 *   (learning, validation, dataset, inference; each queue draws on its own bucket, FIFO, while the bucket is > 0;
 *   requests queued more than 168 h before the refresh hour are dropped). Same or earlier hour: nothing.
 * - allocate: refresh to the operation's hour, grant min(balance, amount), queue the remainder.
 * @param dailyBudgetBly BLY per day, ≥ 0
 * @param startHour integer hour index of the allocator's creation
 */
export function runBuckets(dailyBudgetBly: number, startHour: number, operations: readonly BucketOperation[]): BucketStep[] {
  const hourly = dailyBudgetBly / 24;
  const buckets = perBucket((b) => hourly * SPLITS[b]);
  const queues = perBucket<Request[]>(() => []);
  let hour = startHour;
  const steps: BucketStep[] = [];

  const processBackpay = (events: BackpayEvent[]) => {
    for (const b of BACKPAY_ORDER) {
      const queue = queues[b];
      let available = buckets[b];
      while (queue.length > 0 && available > 0) {
        const req = queue[0]!;
        if (hour - req.hour > MAX_QUEUE_HOURS) {
          queue.shift();
          events.push({ kind: 'expired', bucket: b, paidBly: 0, remainingBly: req.amountBly });
          continue;
        }
        if (available >= req.amountBly) {
          buckets[b] -= req.amountBly;
          available -= req.amountBly;
          queue.shift();
          events.push({ kind: 'fulfilled', bucket: b, paidBly: req.amountBly, remainingBly: 0 });
        } else {
          req.amountBly -= available;
          events.push({ kind: 'partial', bucket: b, paidBly: available, remainingBly: req.amountBly });
          buckets[b] = 0;
          available = 0;
          break;
        }
      }
    }
  };

  const refresh = (to: number, events: BackpayEvent[]) => {
    if (!(to > hour)) return;
    const elapsed = to - hour;
    for (const b of BUCKETS) {
      let next = hourly * SPLITS[b] * elapsed;
      if (elapsed <= ROLLOVER_HOURS) next += buckets[b];
      const cap = hourly * SPLITS[b] * MAX_ACCUMULATION;
      buckets[b] = cap < next ? cap : next;
    }
    hour = to;
    processBackpay(events);
  };

  for (const op of operations) {
    const events: BackpayEvent[] = [];
    const step: Partial<BucketStep> = {};
    refresh(op.hour, events);
    if (op.op === 'allocate') {
      const available = buckets[op.bucket];
      if (available >= op.amountBly) {
        buckets[op.bucket] -= op.amountBly;
        step.grantedBly = op.amountBly;
      } else {
        const granted = available < op.amountBly ? available : op.amountBly;
        const remaining = op.amountBly - granted;
        if (granted > 0) buckets[op.bucket] -= granted;
        if (remaining > 0) queues[op.bucket].push({ amountBly: remaining, hour });
        step.grantedBly = granted;
      }
    }
    steps.push({
      ...step,
      available: { ...buckets },
      queued: perBucket((b) => queues[b].reduce((s, r) => s + r.amountBly, 0)),
      queueLength: perBucket((b) => queues[b].length),
      backpay: events,
    });
  }
  return steps;
}
