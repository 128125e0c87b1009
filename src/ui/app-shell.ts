/**
 * The root element: header, navigation between pages, and the page in view.
 */
import { LitElement, css, html } from 'lit';
import './pages/packs-page.ts';

export class PfAppShell extends LitElement {
  static override styles = css`
    :host { display: block; min-height: 100vh; }
    header { display: flex; align-items: baseline; gap: 1rem; padding: 0.8rem 1.2rem; border-bottom: 1px solid color-mix(in srgb, currentColor 20%, transparent); }
    h1 { font-size: 1.25rem; margin: 0; }
    .tag { opacity: 0.7; font-size: 0.9rem; }
    main { padding: 1rem 1.2rem; max-width: 72rem; }
  `;

  override render() {
    return html`
      <header>
        <h1>Preflight</h1>
        <span class="tag">the validator's score before you submit — computed on your machine, nothing uploaded</span>
      </header>
      <main><pf-packs-page></pf-packs-page></main>
    `;
  }
}
customElements.define('pf-app-shell', PfAppShell);

declare global {
  interface HTMLElementTagNameMap {
    'pf-app-shell': PfAppShell;
  }
}
