/**
 * "New version available — Reload": shown when a new service worker (src/sw/sw.template.js) has installed and is
 * waiting while this page runs the previous build. Reload asks the waiting worker to take over and reloads this tab
 * once it has; Later hides the bar (the new version then starts when every tab of the old one is closed). Other
 * open tabs keep working on the old build's cached files. A fixed bar at the bottom, in the tab order, announced
 * politely to screen readers; fits a 390 px screen; light and dark schemes follow the page.
 */
import { LitElement, css, html } from 'lit';
import { states } from '../states.ts';

export class PfUpdatePrompt extends LitElement {
  static override properties = states('_waiting', '_hidden');
  private _waiting: ServiceWorker | null = null;
  private _hidden = false;
  private _registration: ServiceWorkerRegistration | null = null;

  static override styles = css`
    :host {
      position: fixed;
      left: 0;
      right: 0;
      bottom: 0;
      z-index: 20;
      display: block;
      pointer-events: none;
    }
    .bar {
      pointer-events: auto;
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
      justify-content: center;
      margin: 0 auto 0.75rem;
      max-width: min(34rem, calc(100vw - 1.5rem));
      padding: 0.6rem 0.9rem;
      border-radius: 8px;
      background: Canvas;
      color: CanvasText;
      border: 1px solid color-mix(in srgb, CanvasText 25%, transparent);
      box-shadow: 0 2px 10px rgb(0 0 0 / 0.25);
      font-size: 0.9rem;
    }
    button {
      font: inherit;
      padding: 0.3rem 0.8rem;
      border-radius: 6px;
      cursor: pointer;
      border: 1px solid #20aa8c;
    }
    button.primary {
      background: #20aa8c;
      color: #fff;
    }
    button.secondary {
      background: transparent;
      color: inherit;
    }
    button:focus-visible {
      outline: 2px solid #20aa8c;
      outline-offset: 2px;
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    if ('serviceWorker' in navigator) void this.watch();
  }

  private async watch() {
    const reg = await navigator.serviceWorker.getRegistration();
    if (!reg) return;
    this._registration = reg;
    const offer = () => {
      // Only an update (a page already controlled by a worker) is offered; a first install just starts.
      if (reg.waiting && navigator.serviceWorker.controller) this._waiting = reg.waiting;
    };
    offer();
    reg.addEventListener('updatefound', () => {
      const w = reg.installing;
      w?.addEventListener('statechange', () => {
        if (w.state === 'installed') offer();
      });
    });
    // Look for a new deploy whenever the tab comes back into view.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void reg.update().catch(() => undefined);
    });
  }

  /** Asks the waiting worker to take over, then reloads this tab on the new build. */
  private reload() {
    const waiting = this._waiting ?? this._registration?.waiting;
    if (!waiting) {
      location.reload();
      return;
    }
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    waiting.postMessage({ type: 'SKIP_WAITING' });
  }

  override render() {
    if (!this._waiting || this._hidden) return html``;
    return html`<div class="bar" role="status" aria-live="polite" data-testid="update-prompt">
      <span>New version available.</span>
      <button class="primary" @click=${() => this.reload()}>Reload</button>
      <button class="secondary" @click=${() => (this._hidden = true)}>Later</button>
    </div>`;
  }
}
customElements.define('pf-update-prompt', PfUpdatePrompt);

declare global {
  interface HTMLElementTagNameMap {
    'pf-update-prompt': PfUpdatePrompt;
  }
}
