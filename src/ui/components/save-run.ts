/**
 * Explicit "Save to history" for calculators (Zap, Yuma, BLY): the page hands over the run it would store as
 * `draft`; nothing is stored until the user presses the button, and a new draft (another calculation) re-arms it.
 * Shows the outcome as pf-run-saved does (a link to history, or the storage error in plain words).
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { saveRun, type RunDraft } from '../../bridge/history.ts';
import { states } from '../states.ts';
import './run-saved.ts';

export class PfSaveRun extends LitElement {
  static override properties = { ...states('_status', '_message', '_busy'), draft: { attribute: false } };
  /** The run to store, or null when there is nothing to save (no result, or an error). */
  draft: RunDraft | null = null;
  private _status: 'idle' | 'saved' | 'error' = 'idle';
  private _message = '';
  private _busy = false;
  static override styles = css`
    :host {
      display: flex;
      flex-wrap: wrap;
      gap: 0.6rem;
      align-items: center;
      margin: 0.4rem 0;
    }
    button {
      font: inherit;
      padding: 0.35rem 0.9rem;
      border-radius: 6px;
      border: 1px solid currentColor;
      background: transparent;
      color: inherit;
      cursor: pointer;
    }
    button:disabled {
      opacity: 0.5;
      cursor: default;
    }
    button:focus-visible {
      outline: 2px solid #3c8dde;
      outline-offset: 2px;
    }
  `;

  protected override willUpdate(changed: PropertyValues) {
    if (changed.has('draft')) {
      this._status = 'idle';
      this._message = '';
    }
  }

  private async save() {
    if (!this.draft || this._status === 'saved') return;
    this._busy = true;
    try {
      await saveRun(this.draft);
      this._status = 'saved';
    } catch (err) {
      this._status = 'error';
      this._message = (err as Error).message;
    } finally {
      this._busy = false;
    }
  }

  override render() {
    if (!this.draft) return nothing;
    return html`<button data-testid="save-run" @click=${this.save} ?disabled=${this._busy || this._status === 'saved'}>
        ${this._status === 'saved' ? 'Saved' : 'Save to history'}
      </button>
      <pf-run-saved .status=${this._status} .message=${this._message}></pf-run-saved>`;
  }
}
customElements.define('pf-save-run', PfSaveRun);

declare global {
  interface HTMLElementTagNameMap {
    'pf-save-run': PfSaveRun;
  }
}
