/**
 * Progress of a long job with a cancel button. Shows "label: done / total" and a bar; fires `cancel`.
 * @fires cancel
 */
import { LitElement, css, html, nothing } from 'lit';

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

declare global {
  interface HTMLElementTagNameMap {
    'pf-progress-task': PfProgressTask;
  }
}
