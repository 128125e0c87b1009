/**
 * Rule packs page: per mechanism, the timeline of its packs (the dates each was in force, which one is in force on
 * the chosen day, what changed from its predecessor), then every pack with its source, functions and the known
 * contradictions and differences. The day defaults to today; a date field shows any other day's rules.
 */
import { LitElement, css, html, nothing } from 'lit';
import { describeInForce, packInForce, packs, timeline, type Mechanism, type RulePack } from '../../core/rules/index.ts';

const MECHANISMS: readonly Mechanism[] = ['vidaio', 'bitmind', 'yuma', 'zap', 'bly'];
const today = () => new Date().toISOString().slice(0, 10);

export class PfPacksPage extends LitElement {
  static override properties = { _day: { state: true } };
  private _day = today();

  static override styles = css`
    :host {
      display: block;
      overflow-wrap: anywhere;
    }
    a {
      color: var(--pf-link, LinkText);
    }
    section {
      border: 1px solid color-mix(in srgb, currentColor 18%, transparent);
      border-radius: 8px;
      padding: 0.8rem 1rem;
      margin: 0 0 1rem;
    }
    h2 {
      font-size: 1.05rem;
      margin: 0 0 0.2rem;
    }
    .mech {
      text-transform: uppercase;
      font-size: 0.75rem;
      letter-spacing: 0.05em;
      color: var(--pf-muted, #555b62);
    }
    h3 {
      font-size: 1rem;
      margin: 0 0 0.4rem;
      text-transform: capitalize;
    }
    .default {
      font-size: 0.75rem;
      padding: 0.05rem 0.4rem;
      border-radius: 4px;
      background: color-mix(in srgb, #2a7 30%, transparent);
      margin-left: 0.5rem;
    }
    code {
      font-size: 0.85rem;
      overflow-wrap: anywhere;
    }
    ol {
      margin: 0.4rem 0 0;
      padding-left: 1.4rem;
    }
    li {
      margin: 0.2rem 0;
    }
    .kind {
      font-size: 0.75rem;
      color: var(--pf-muted, #555b62);
    }
    .timeline {
      list-style: none;
      padding-left: 0;
      margin: 0;
    }
    .timeline > li {
      border-left: 3px solid color-mix(in srgb, currentColor 20%, transparent);
      padding: 0.2rem 0 0.4rem 0.7rem;
      margin: 0;
    }
    .timeline > li[data-current='true'] {
      border-left-color: #20aa8c;
    }
    .dates {
      font-variant-numeric: tabular-nums;
      font-size: 0.85rem;
    }
    .changes {
      font-size: 0.85rem;
      margin: 0.2rem 0 0;
      padding-left: 1.2rem;
    }
    label {
      font-size: 0.9rem;
    }
  `;

  private renderTimeline(m: Mechanism) {
    const choice = packInForce(m, this._day);
    return html`
      <section data-timeline=${m} aria-label=${`${m} rule packs over time`}>
        <h3>${m}</h3>
        <p data-testid=${`in-force-${m}`}>On ${this._day}: <code>${choice.pack.id}</code>, ${choice.label}.</p>
        <ol class="timeline">
          ${timeline(m).map(
            (s) =>
              html`<li data-step=${s.pack.id} data-current=${String(s.pack === choice.pack)}>
                <span class="dates">${s.dates}</span>
                <code>${s.pack.id}</code>${s.pack === choice.pack ? html`<span class="default">in force on ${this._day}</span>` : nothing}
                ${
                  s.previous && s.changes.length
                    ? html`<details>
                        <summary>What changed from ${s.previous.id} (${s.changes.length})</summary>
                        <ul class="changes">
                          ${s.changes.map((c) => html`<li>${c}</li>`)}
                        </ul>
                      </details>`
                    : nothing
                }
              </li>`,
          )}
        </ol>
      </section>
    `;
  }

  private renderPack(p: RulePack) {
    const current = packInForce(p.mechanism, this._day).pack === p;
    return html`
      <section data-pack=${p.id}>
        <div class="mech">${p.mechanism}</div>
        <h2><code>${p.id}</code>${current ? html`<span class="default">in force on ${this._day}</span>` : ''}</h2>
        <div>${p.title}</div>
        <div><small>In force: ${describeInForce(p)}</small></div>
        <div><small>Source: ${p.sourceLine}</small></div>
        ${p.pieapp ? html`<div><small>PIE-APP: ${p.pieapp.summary}</small></div>` : nothing}
        <div><small>Functions: ${Object.keys(p.functions).join(', ')}</small></div>
        ${
          p.notes.length
            ? html`<details>
                <summary>${p.notes.length} note${p.notes.length === 1 ? '' : 's'}: dates, known contradictions and differences</summary>
                <ol>
                  ${p.notes.map((n) => html`<li><span class="kind">[${n.kind}]</span> ${n.text}</li>`)}
                </ol>
              </details>`
            : ''
        }
      </section>
    `;
  }

  override render() {
    return html`<h2>Rule packs (${packs.length})</h2>
      <p>
        Each rule pack is one versioned set of scoring rules: a seed document read literally, or upstream validator code at a commit, with the dates validators
        ran it. Pages use the pack in force today unless you pick another.
      </p>
      <p>
        <label
          >Show the rules in force on
          <input
            type="date"
            name="packs-date"
            .value=${this._day}
            @change=${(e: Event) => {
              const v = (e.target as HTMLInputElement).value;
              this._day = v || today();
            }}
        /></label>
      </p>
      <h2>Timeline</h2>
      ${MECHANISMS.map((m) => this.renderTimeline(m))}
      <h2>Every pack</h2>
      ${packs.map((p) => this.renderPack(p))}`;
  }
}
customElements.define('pf-packs-page', PfPacksPage);

declare global {
  interface HTMLElementTagNameMap {
    'pf-packs-page': PfPacksPage;
  }
}
