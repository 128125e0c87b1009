/**
 * The root element: header, grouped navigation, and the page for the current hash route (loaded lazily).
 */
import { LitElement, css, html, nothing } from 'lit';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
import { routeFor, routes, type Route } from './routes.ts';

export class PfAppShell extends LitElement {
  static override properties = { _route: { state: true }, _loaded: { state: true }, _error: { state: true } };
  private _route: Route = routeFor(location.hash);
  private _loaded = false;
  private _error = '';

  static override styles = css`
    :host { display: grid; grid-template-columns: 13rem 1fr; grid-template-rows: auto 1fr; min-height: 100vh; }
    header { grid-column: 1 / -1; display: flex; align-items: baseline; flex-wrap: wrap; gap: 1rem; padding: 0.7rem 1.2rem; border-bottom: 1px solid color-mix(in srgb, currentColor 20%, transparent); }
    h1 { font-size: 1.25rem; margin: 0; }
    .tag { opacity: 0.7; font-size: 0.9rem; }
    nav { padding: 0.8rem 0.6rem; border-right: 1px solid color-mix(in srgb, currentColor 12%, transparent); }
    nav h4 { margin: 0.8rem 0.4rem 0.2rem; font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.05em; opacity: 0.6; }
    nav a { display: block; padding: 0.25rem 0.5rem; border-radius: 6px; color: inherit; text-decoration: none; }
    nav a[aria-current='page'] { background: color-mix(in srgb, #20aa8c 25%, transparent); }
    main { padding: 1rem 1.4rem; min-width: 0; max-width: 78rem; }
    .error { color: #e0524a; }
    @media (max-width: 720px) { :host { grid-template-columns: 1fr; } nav { border-right: none; } }
  `;

  private onHash = () => this.go(routeFor(location.hash));

  override connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    this.go(this._route);
  }

  override disconnectedCallback() {
    window.removeEventListener('hashchange', this.onHash);
    super.disconnectedCallback();
  }

  private async go(route: Route) {
    this._route = route;
    this._loaded = !!customElements.get(route.tag);
    this._error = '';
    if (this._loaded) return;
    try {
      await route.load();
      if (this._route === route) this._loaded = true;
    } catch (err) {
      this._error = `Could not load this page: ${(err as Error).message}`;
    }
  }

  override render() {
    const groups = [...new Set(routes.map((r) => r.group))];
    return html`
      <header>
        <h1>Preflight</h1>
        <span class="tag">the validator's score before you submit — computed on your machine, nothing uploaded</span>
      </header>
      <nav aria-label="Pages">
        ${groups.map(
          (g) => html`<h4>${g}</h4>
            ${routes.filter((r) => r.group === g).map((r) => html`<a href="#${r.path}" aria-current=${r === this._route ? 'page' : 'false'}>${r.label}</a>`)}`,
        )}
      </nav>
      <main>
        ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
        ${this._loaded ? staticHtml`<${unsafeStatic(this._route.tag)}></${unsafeStatic(this._route.tag)}>` : html`<p>Loading…</p>`}
      </main>
    `;
  }
}
customElements.define('pf-app-shell', PfAppShell);

declare global {
  interface HTMLElementTagNameMap {
    'pf-app-shell': PfAppShell;
  }
}
