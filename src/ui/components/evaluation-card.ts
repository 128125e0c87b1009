/**
 * Renders a Vidaio `Evaluation`: the score, every reason in the validator's order, the formula with the numbers,
 * the headroom hints and the failed checks with their upstream line. `range` (e.g. "0–1") is shown next to the score
 * so a number can be read against its maximum.
 * @csspart score - the big score number
 */
import { LitElement, html, nothing } from 'lit';
import { shared } from '../styles/shared.ts';
import type { Evaluation } from '../../core/rules/vidaio/evaluate.ts';

export class PfEvaluationCard extends LitElement {
  static override properties = { evaluation: { attribute: false }, title: { type: String }, range: { type: String } };
  evaluation: Evaluation | null = null;
  /** The score's possible range, shown next to it ('' = not shown). */
  range = '';
  override title = 'Score';
  static override styles = shared;

  override render() {
    const e = this.evaluation;
    if (!e) return nothing;
    const partial = e.values.partial === true;
    const s = e.score;
    const cls = partial ? 'warn' : s === 0 || s === -100 ? 'error-text' : 'ok';
    return html`<div class="card" data-testid="evaluation">
      <div>
        ${this.title} (<code>${e.packId}</code>):
        <span part="score" class="big ${cls}" data-testid="score" data-value=${String(s)}
          >${partial ? 'partial' : Number.isFinite(s) ? s.toFixed(4) : String(s)}</span
        >
        ${this.range && !partial ? html`<span class="muted" data-testid="score-range">range ${this.range}</span>` : nothing}
        ${s === -100 ? html`<span class="muted">(−100: voided by a validator-side problem; recorded, not folded into the score)</span>` : nothing}
      </div>
      ${
        e.reasons.length
          ? html`<h3>Why</h3>
              <ul class="reasons" data-testid="reasons">
                ${e.reasons.map((r) => html`<li>${r}</li>`)}
              </ul>`
          : html`<p class="ok">Every check passed.</p>`
      }
      ${
        e.formula.length
          ? html`<h3>Formula</h3>
              <div class="formula" data-testid="formula">${e.formula.join('\n')}</div>`
          : nothing
      }
      ${
        e.headroom.length
          ? html`<h3>Headroom</h3>
              <ul class="reasons">
                ${e.headroom.map((h) => html`<li>${h}</li>`)}
              </ul>`
          : nothing
      }
    </div>`;
  }
}
customElements.define('pf-evaluation-card', PfEvaluationCard);

declare global {
  interface HTMLElementTagNameMap {
    'pf-evaluation-card': PfEvaluationCard;
  }
}
