/**
 * The one long job a checking page runs at a time (probe, measure, score): its busy flag, progress, error line and
 * cancel. `run()` clears the error, hands the job a fresh AbortSignal and turns what the job throws into the error
 * line ("Cancelled." when the user cancelled, unless the page words it itself); `render()` is the progress bar with
 * its Cancel button and the error line that the pages show under their inputs. Every change re-renders the page
 * (the host's requestUpdate), so the page declares no state for these.
 */
import { html, nothing, type ReactiveControllerHost } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { isAbortError } from '../../../core/abort.ts';
import '../../components/progress-task.ts';

export interface Progress {
  done: number;
  total: number;
  label: string;
}

export class PageTask {
  private _busy = false;
  private _progress: Progress = { done: 0, total: 0, label: '' };
  private _error = '';
  private abort: AbortController | null = null;

  constructor(private readonly host: ReactiveControllerHost) {}

  get busy(): boolean {
    return this._busy;
  }

  get progress(): Progress {
    return this._progress;
  }
  set progress(p: Progress) {
    this._progress = p;
    this.host.requestUpdate();
  }

  /** The error line ('' = none); a page sets it itself for input it refuses before running. */
  get error(): string {
    return this._error;
  }
  set error(message: string) {
    this._error = message;
    this.host.requestUpdate();
  }

  /** Moves the bar on within the current stage (the label stays; a total of null keeps the one set). */
  advance(done: number, total?: number | null) {
    this.progress = { ...this._progress, done, total: total ?? this._progress.total };
  }

  /**
   * The inputs a run needs, when every one is there; otherwise shows `missing` as the error and gives null (the
   * page runs nothing).
   */
  require<T extends readonly unknown[] | []>(inputs: T, missing: string): { [K in keyof T]: NonNullable<T[K]> } | null {
    if (inputs.some((x) => x === null || x === undefined)) {
      this.error = missing;
      return null;
    }
    return inputs as { [K in keyof T]: NonNullable<T[K]> };
  }

  cancel() {
    this.abort?.abort();
  }

  /**
   * Runs `job` as the page's task. An AbortError (the user pressed Cancel) shows `cancelled()` (default
   * "Cancelled."), any other error its message.
   */
  async run(job: (signal: AbortSignal) => Promise<void>, cancelled: () => string = () => 'Cancelled.') {
    this._error = '';
    this._busy = true;
    this.abort = new AbortController();
    this.host.requestUpdate();
    try {
      await job(this.abort.signal);
    } catch (err) {
      this._error = isAbortError(err) ? cancelled() : (err as Error).message;
    } finally {
      this._busy = false;
      this.abort = null;
      this.host.requestUpdate();
    }
  }

  /** The error line alone (`testId` names it for the page's tests). */
  renderError(testId?: string) {
    return this._error ? html`<div class="error" role="alert" data-testid=${ifDefined(testId)}>${this._error}</div>` : nothing;
  }

  /** The progress bar (shown while busy, with Cancel) and the error line. */
  render(errorTestId?: string) {
    const p = this._progress;
    return html`<pf-progress-task .active=${this._busy} .label=${p.label} .done=${p.done} .total=${p.total} @cancel=${() => this.cancel()}></pf-progress-task>
      ${this.renderError(errorTestId)}`;
  }
}
