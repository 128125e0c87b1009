/**
 * Prints, at the very end of a run, every failed or flaky test with the first lines of its error.
 *
 * CI keeps only the tail of the output, and the `line` reporter prints a failure's error where it happened, far
 * above the tail. This reporter repeats what matters (test, attempt, error) last, so a tailed log still says why.
 */
import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

const MAX_LINES = 14;
// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

export default class FailureTail implements Reporter {
  private failures: { test: TestCase; result: TestResult }[] = [];

  onTestEnd(test: TestCase, result: TestResult) {
    if (result.status !== 'passed' && result.status !== 'skipped') this.failures.push({ test, result });
  }

  onEnd(result: FullResult) {
    if (!this.failures.length) return;
    const out: string[] = ['', `── failures and retries (${this.failures.length}), run status ${result.status} ──`];
    for (const { test, result: r } of this.failures) {
      const where = `${test.location.file.replace(/^.*\/e2e\//, 'e2e/')}:${test.location.line}`;
      out.push(`✘ [${test.parent.project()?.name ?? '?'}] ${where} › ${test.title} (attempt ${r.retry + 1}, ${r.status}, ${(r.duration / 1000).toFixed(1)} s)`);
      for (const e of r.errors) {
        const lines = plain(e.message ?? e.value ?? String(e))
          .split('\n')
          .filter((l) => l.trim() !== '');
        out.push(...lines.slice(0, MAX_LINES).map((l) => `    ${l}`));
        if (lines.length > MAX_LINES) out.push(`    … ${lines.length - MAX_LINES} more lines`);
        const at = e.location ? `${e.location.file.replace(/^.*\/e2e\//, 'e2e/')}:${e.location.line}` : '';
        if (at) out.push(`    at ${at}`);
      }
    }
    console.log(out.join('\n'));
  }
}
