/**
 * Shows the outcome of storing a run: saved (with a link to history) or the storage error in plain words.
 */
import { LitElement, css, html } from 'lit';

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

declare global {
  interface HTMLElementTagNameMap {
    'pf-run-saved': PfRunSaved;
  }
}
