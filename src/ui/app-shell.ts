/**
 * The root element: header, grouped navigation, and the page for the current hash route (loaded lazily).
 * On narrow screens (≤ 720 px) the navigation collapses behind a disclosure button (aria-expanded) and closes again
 * when a page is chosen, so the first screen of every page shows the page.
 */
import { LitElement, css, html, nothing } from 'lit';
import { unsafeStatic, html as staticHtml } from 'lit/static-html.js';
import { routeFor, routes, type Route } from './routes.ts';
import { states } from './states.ts';

export class PfAppShell extends LitElement {
  static override properties = states('_route', '_loaded', '_error', '_navOpen');
  private _route: Route = routeFor(location.hash);
  private _loaded = false;
  private _error = '';
  /** Whether the collapsed navigation is shown on a narrow screen (ignored on wide screens). */
  private _navOpen = false;

  static override styles = css`
    :host {
      display: grid;
      grid-template-columns: 13rem minmax(0, 1fr);
      grid-template-rows: auto 1fr;
      min-height: 100vh;
    }
    header {
      grid-column: 1 / -1;
      display: flex;
      align-items: center;
      flex-wrap: wrap;
      gap: 0.4rem 1rem;
      padding: 0.7rem 1.2rem;
      border-bottom: 1px solid color-mix(in srgb, currentColor 20%, transparent);
    }
    h1 {
      font-size: 1.25rem;
      margin: 0;
    }
    .tag {
      color: var(--pf-muted, #555b62);
      font-size: 0.9rem;
    }
    .skip {
      position: absolute;
      left: -999px;
      top: 0.4rem;
      padding: 0.3rem 0.7rem;
      border-radius: 6px;
      background: var(--pf-bg, Canvas);
      color: var(--pf-link, LinkText);
      z-index: 10;
    }
    .skip:focus {
      left: 0.5rem;
    }
    .menu {
      display: none;
      font: inherit;
      margin-left: auto;
      padding: 0.3rem 0.8rem;
      border-radius: 6px;
      border: 1px solid color-mix(in srgb, currentColor 35%, transparent);
      background: transparent;
      color: inherit;
      cursor: pointer;
    }
    nav {
      padding: 0.8rem 0.6rem;
      border-right: 1px solid color-mix(in srgb, currentColor 12%, transparent);
    }
    nav h2 {
      margin: 0.8rem 0.4rem 0.2rem;
      font-size: 0.75rem;
      font-weight: 600;
      text-transform: uppercase;
      letter-spacing: 0.05em;
      color: var(--pf-muted, #555b62);
    }
    nav a {
      display: block;
      padding: 0.25rem 0.5rem;
      border-radius: 6px;
      color: inherit;
      text-decoration: none;
    }
    nav a[aria-current='page'] {
      background: color-mix(in srgb, #20aa8c 25%, transparent);
    }
    a:focus-visible,
    button:focus-visible {
      outline: 3px solid var(--pf-accent, #1b8a72);
      outline-offset: 2px;
    }
    main {
      padding: 1rem 1.4rem;
      min-width: 0;
      max-width: 78rem;
      overflow-wrap: anywhere;
    }
    .error {
      color: var(--pf-error, #b3261e);
    }
    @media (max-width: 720px) {
      :host {
        grid-template-columns: minmax(0, 1fr);
        grid-template-rows: auto auto 1fr;
      }
      header {
        padding: 0.6rem 0.8rem;
      }
      .tag {
        order: 3;
        flex-basis: 100%;
        font-size: 0.8rem;
      }
      .menu {
        display: inline-block;
      }
      nav {
        border-right: none;
        border-bottom: 1px solid color-mix(in srgb, currentColor 12%, transparent);
        padding: 0.3rem 0.6rem 0.6rem;
      }
      nav:not(.open) {
        display: none;
      }
      main {
        padding: 0.8rem;
      }
    }
  `;

  private onHash = () => void this.go(routeFor(location.hash));

  override connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
    void this.go(this._route);
  }

  override disconnectedCallback() {
    window.removeEventListener('hashchange', this.onHash);
    super.disconnectedCallback();
  }

  private async go(route: Route) {
    this._route = route;
    this._navOpen = false;
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
      <a
        class="skip"
        href="#main"
        @click=${(e: Event) => {
          e.preventDefault();
          (this.renderRoot.querySelector('main') as HTMLElement | null)?.focus();
        }}
        >Skip to the page</a
      >
      <header>
        <h1>Preflight</h1>
        <span class="tag">the validator's score before you submit — computed on your machine, nothing uploaded</span>
        <button class="menu" aria-expanded=${this._navOpen ? 'true' : 'false'} aria-controls="nav" @click=${() => (this._navOpen = !this._navOpen)}>
          ${this._navOpen ? 'Close menu' : 'Menu'}
        </button>
      </header>
      <nav
        id="nav"
        class=${this._navOpen ? 'open' : ''}
        aria-label="Pages"
        @keydown=${(e: KeyboardEvent) => {
          if (e.key !== 'Escape' || !this._navOpen) return;
          this._navOpen = false;
          (this.renderRoot.querySelector('.menu') as HTMLButtonElement | null)?.focus();
        }}
      >
        ${groups.map(
          (g) =>
            html`<h2>${g}</h2>
              ${routes.filter((r) => r.group === g).map((r) => html`<a href="#${r.path}" aria-current=${r === this._route ? 'page' : 'false'}>${r.label}</a>`)}`,
        )}
      </nav>
      <main id="main" tabindex="-1">
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
