/**
 * Peak-memory samplers for `npm run bench`: the Node process's RSS high-water mark (`process.memoryUsage().rss`
 * sampled on a timer and at explicit points, since synchronous metric loops starve timers) and the summed
 * proportional set size (PSS, /proc/<pid>/smaps_rollup) of a set of browser processes.
 */

/** Samples `process.memoryUsage().rss`; `sample()` may also be called by hand inside synchronous loops. */
export class RssSampler {
  peakBytes = 0;
  private timer: ReturnType<typeof setInterval> | null = null;

  start(intervalMs = 50): this {
    this.peakBytes = process.memoryUsage().rss;
    this.timer = setInterval(() => this.sample(), intervalMs);
    return this;
  }

  sample(): void {
    const rss = process.memoryUsage().rss;
    if (rss > this.peakBytes) this.peakBytes = rss;
  }

  /** Stops sampling; returns the peak in bytes. */
  stop(): number {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.peakBytes;
  }
}

/** Samples the summed memory (bytes) returned by `measure()` on a timer; keeps the peak. */
export class AsyncPeakSampler {
  peakBytes = 0;
  private timer: ReturnType<typeof setInterval> | null = null;
  private busy = false;

  constructor(private readonly measure: () => Promise<number>) {}

  start(intervalMs = 200): this {
    this.timer = setInterval(() => void this.tick(), intervalMs);
    return this;
  }

  private async tick(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      const b = await this.measure();
      if (b > this.peakBytes) this.peakBytes = b;
    } catch {
      /* the browser is closing */
    } finally {
      this.busy = false;
    }
  }

  /** Stops sampling after one last sample; returns the peak in bytes. */
  async stop(): Promise<number> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.tick();
    return this.peakBytes;
  }
}

/** Bytes as MiB text, e.g. "312 MiB". */
export function mib(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes <= 0 ? 'n/a' : `${Math.round(bytes / 2 ** 20)} MiB`;
}
