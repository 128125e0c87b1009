/**
 * Shows how many runs the history store holds (`data-history-count` = the count, refreshed whenever a run is
 * saved), so a page can show at a glance that a rejected input stored nothing. Also exports `valueSpan`, the way
 * pages render a number: formatted text plus `data-key` and the full-precision `data-value`.
 */
import { LitElement, css, html, type TemplateResult } from 'lit';
import { allRuns, onHistoryChanged } from '../../bridge/history.ts';
import { states } from '../states.ts';

export class PfHistoryCount extends LitElement {
  static override properties = states('_count');
  private _count: number | null = null;
  private _off: (() => void) | null = null;

  static override styles = css`
    :host {
      display: block;
      font-size: 0.8rem;
      color: var(--pf-muted, #555b62);
      margin: 0.3rem 0;
    }
  `;

  override connectedCallback(): void {
    super.connectedCallback();
    this._off = onHistoryChanged(() => void this.refresh());
    void this.refresh();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._off?.();
  }

  private async refresh() {
    try {
      this._count = (await allRuns()).length;
    } catch {
      this._count = null;
    }
  }

  override render() {
    if (this._count === null) return html`<span>History: not available</span>`;
    return html`<span data-history-count=${this._count}>History: ${this._count} run${this._count === 1 ? '' : 's'} stored</span>`;
  }
}
customElements.define('pf-history-count', PfHistoryCount);

/**
 * A number as the pages show it: `digits` decimals (or "NaN"/"—" for NaN/null), with `data-key` naming it and
 * `data-value` holding the full-precision value (`String(x)`, which round-trips a double exactly).
 */
export function valueSpan(key: string, x: number | null | undefined, digits = 4): TemplateResult {
  const text = x === null || x === undefined ? '—' : Number.isFinite(x) ? x.toFixed(digits) : String(x);
  return html`<span class="num" data-key=${key} data-value=${x === null || x === undefined ? '' : String(x)}>${text}</span>`;
}

declare global {
  interface HTMLElementTagNameMap {
    'pf-history-count': PfHistoryCount;
  }
}
