/**
 * Rule packs page: every pack with its source, functions and the known contradictions and differences.
 */
import { LitElement, css, html } from 'lit';
import { packs, type RulePack } from '../../core/rules/index.ts';

export class PfPacksPage extends LitElement {
  static override styles = css`
    :host { display: block; overflow-wrap: anywhere; }
    a { color: var(--pf-link, LinkText); }
    section { border: 1px solid color-mix(in srgb, currentColor 18%, transparent); border-radius: 8px; padding: 0.8rem 1rem; margin: 0 0 1rem; }
    h2 { font-size: 1.05rem; margin: 0 0 0.2rem; }
    .mech { text-transform: uppercase; font-size: 0.75rem; letter-spacing: 0.05em; color: var(--pf-muted, #555b62); }
    .default { font-size: 0.75rem; padding: 0.05rem 0.4rem; border-radius: 4px; background: color-mix(in srgb, #2a7 30%, transparent); margin-left: 0.5rem; }
    code { font-size: 0.85rem; }
    ol { margin: 0.4rem 0 0; padding-left: 1.4rem; }
    li { margin: 0.2rem 0; }
    .kind { font-size: 0.75rem; color: var(--pf-muted, #555b62); }
  `;

  private renderPack(p: RulePack) {
    return html`
      <section data-pack=${p.id}>
        <div class="mech">${p.mechanism}</div>
        <h2><code>${p.id}</code>${p.isDefault ? html`<span class="default">default</span>` : ''}</h2>
        <div>${p.title}</div>
        <div><small>Source: ${p.sourceLine}</small></div>
        <div><small>Functions: ${Object.keys(p.functions).join(', ')}</small></div>
        ${p.notes.length
          ? html`<details>
              <summary>${p.notes.length} known contradiction${p.notes.length === 1 ? '' : 's'} and difference${p.notes.length === 1 ? '' : 's'}</summary>
              <ol>${p.notes.map((n) => html`<li><span class="kind">[${n.kind}]</span> ${n.text}</li>`)}</ol>
            </details>`
          : ''}
      </section>
    `;
  }

  override render() {
    return html`<h2>Rule packs (${packs.length})</h2>
      <p>Each rule pack is one versioned set of scoring rules: a seed document read literally, or upstream validator code at a commit.</p>
      ${packs.map((p) => this.renderPack(p))}`;
  }
}
customElements.define('pf-packs-page', PfPacksPage);

declare global {
  interface HTMLElementTagNameMap {
    'pf-packs-page': PfPacksPage;
  }
}
