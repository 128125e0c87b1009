/**
 * Progress of a long job with a cancel button. Shows "label: done / total" and a bar; fires `cancel`. Also exports
 * `PhasedJob`, the state of a cancellable job that reports a phase and a fraction done (a model install), drawn as
 * this element in percent.
 * @fires cancel
 */
import { LitElement, css, html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

export class PfProgressTask extends LitElement {
  static override properties = { label: { type: String }, done: { type: Number }, total: { type: Number }, active: { type: Boolean } };
  label = '';
  done = 0;
  total = 0;
  active = false;

  static override styles = css`
    :host {
      display: block;
      margin: 0.5rem 0;
    }
    .row {
      display: flex;
      gap: 0.8rem;
      align-items: center;
    }
    progress {
      flex: 1;
      height: 0.8rem;
    }
    button {
      font: inherit;
      padding: 0.2rem 0.7rem;
      border-radius: 6px;
      border: 1px solid color-mix(in srgb, currentColor 30%, transparent);
      background: transparent;
      cursor: pointer;
    }
  `;

  override render() {
    if (!this.active) return nothing;
    // An unknown total (a probing stage) renders a separate element without a value: indeterminate. Setting
    // `progress.value` to undefined or NaN throws a TypeError, so a value is only given when it is finite.
    const known = this.total > 0 && Number.isFinite(this.total) && Number.isFinite(this.done);
    return html`<div class="row" role="status" aria-live="polite">
      <span>${this.label}${known ? `: ${this.done} / ${this.total}` : this.done ? `: ${this.done}` : '…'}</span>
      ${
        known
          ? html`<progress max=${this.total} value=${Math.min(this.total, Math.max(0, this.done))} aria-label=${this.label || 'Progress'}></progress>`
          : html`<progress aria-label=${this.label || 'Progress'}></progress>`
      }
      <button @click=${() => this.dispatchEvent(new CustomEvent('cancel', { bubbles: true, composed: true }))}>Cancel</button>
    </div>`;
  }
}
customElements.define('pf-progress-task', PfProgressTask);

/** What a phased job reports as it goes. */
export interface JobProgress {
  phase: string;
  fraction: number;
}

/**
 * One cancellable job at a time on a host element: `busy`, its current `phase` and `fraction` done (0…1), and
 * `render()`, the job as a pf-progress-task labelled "title: phase" in percent whose Cancel aborts the job's signal.
 */
export class PhasedJob implements ReactiveController {
  busy = false;
  phase = '';
  fraction = 0;
  private abort: AbortController | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly title: string,
    private readonly testId: string,
  ) {
    host.addController(this);
  }

  hostConnected() {}

  /** Runs `job` from `phase` at 0 % with a fresh abort signal and a progress callback; busy until it settles. */
  async run<T>(phase: string, job: (signal: AbortSignal, progress: (p: JobProgress) => void) => Promise<T>): Promise<T> {
    this.abort = new AbortController();
    this.busy = true;
    this.show(phase, 0);
    try {
      // A worker's last progress message can arrive after the job has settled: it moves the phase, never `busy`.
      return await job(this.abort.signal, (p) => this.show(p.phase, p.fraction));
    } finally {
      this.abort = null;
      this.busy = false;
      this.host.requestUpdate();
    }
  }

  cancel = () => this.abort?.abort();

  render(): TemplateResult {
    return html`<pf-progress-task
      data-testid=${this.testId}
      .active=${this.busy}
      .label=${`${this.title}: ${this.phase}`}
      .done=${Math.round(this.fraction * 100)}
      .total=${100}
      @cancel=${this.cancel}
    ></pf-progress-task>`;
  }

  private show(phase: string, fraction: number) {
    this.phase = phase;
    this.fraction = fraction;
    this.host.requestUpdate();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pf-progress-task': PfProgressTask;
  }
}
