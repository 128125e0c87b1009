/**
 * Shows the outcome of storing a run: saved (with a link to history) or the storage error in plain words. Also
 * exports `RunStore`, how a page that stores every successful run does it: `save(draft, frames?)` after the run,
 * `reset()` when a new run starts, and `render()` for the outcome and the history count below it (`renderOutcome()`
 * for the outcome alone).
 */
import { LitElement, css, html, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { saveRun, type RunDraft } from '../../bridge/history.ts';
import './history-count.ts';

export class PfRunSaved extends LitElement {
  static override properties = { status: { type: String }, message: { type: String } };
  status: 'idle' | 'saved' | 'error' = 'idle';
  message = '';
  static override styles = css`
    :host {
      display: block;
      font-size: 0.85rem;
      margin: 0.4rem 0;
    }
    .saved {
      color: var(--pf-ok, #1c7550);
    }
    a {
      color: var(--pf-link, LinkText);
    }
    .error {
      color: var(--pf-error, #b3261e);
    }
  `;
  override render() {
    if (this.status === 'saved') return html`<span class="saved" role="status">Saved to history. <a href="#/history">Open history</a></span>`;
    if (this.status === 'error') return html`<span class="error" role="alert">${this.message}</span>`;
    return html``;
  }
}
customElements.define('pf-run-saved', PfRunSaved);

/** Stores a host page's runs in history and shows the outcome (see the module doc). */
export class RunStore implements ReactiveController {
  status: PfRunSaved['status'] = 'idle';
  message = '';

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected() {}

  /** Forgets the last outcome (a new run is on its way). */
  reset() {
    this.status = 'idle';
    this.host.requestUpdate();
  }

  /**
   * Stores `draft` (building it may be part of the promise: a file that cannot be read is reported like a storage
   * error) with the measured frames kept for reopening the run, if given; an error is shown, not thrown.
   */
  async save(draft: RunDraft | Promise<RunDraft>, frames?: Parameters<typeof saveRun>[1]) {
    try {
      await saveRun(await draft, frames);
      this.status = 'saved';
    } catch (err) {
      this.status = 'error';
      this.message = (err as Error).message;
    }
    this.host.requestUpdate();
  }

  /** The outcome line alone. */
  renderOutcome(): TemplateResult {
    return html`<pf-run-saved .status=${this.status} .message=${this.message}></pf-run-saved>`;
  }

  /** The outcome line and the history count below it. */
  render(): TemplateResult {
    return html`${this.renderOutcome()} <pf-history-count></pf-history-count>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'pf-run-saved': PfRunSaved;
  }
}
