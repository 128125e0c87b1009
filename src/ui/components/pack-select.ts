/**
 * Rule-pack selector for one mechanism: the current upstream code is the default, the seed document's pack is one
 * click away, and the selected pack's known contradictions and differences are listed, never hidden.
 * @fires pack-change - detail: the selected pack id
 */
import { LitElement, css, html } from 'lit';
import { packsFor, type Mechanism, type RulePack } from '../../core/rules/index.ts';

export class PfPackSelect extends LitElement {
  static override properties = { mechanism: { type: String }, value: { type: String } };
  mechanism: Mechanism = 'vidaio';
  value = '';

  static override styles = css`
    :host { display: block; margin: 0 0 0.8rem; }
    .bar { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; }
    button { font: inherit; font-size: 0.85rem; padding: 0.2rem 0.6rem; border-radius: 999px; border: 1px solid color-mix(in srgb, currentColor 30%, transparent); background: transparent; cursor: pointer; }
    button[aria-pressed='true'] { background: color-mix(in srgb, #20aa8c 35%, transparent); }
    .src { font-size: 0.8rem; opacity: 0.75; margin: 0.3rem 0; }
    ol { margin: 0.3rem 0; padding-left: 1.3rem; font-size: 0.85rem; }
    .kind { opacity: 0.7; font-size: 0.75rem; }
  `;

  get packs(): RulePack[] {
    return packsFor(this.mechanism);
  }

  get selected(): RulePack {
    return this.packs.find((p) => p.id === this.value) ?? this.packs[0]!;
  }

  private pick(id: string) {
    this.value = id;
    this.dispatchEvent(new CustomEvent<string>('pack-change', { detail: id, bubbles: true, composed: true }));
  }

  override render() {
    const sel = this.selected;
    return html`
      <div class="bar" role="group" aria-label="Rule pack">
        <span>Rules:</span>
        ${this.packs.map(
          (p) => html`<button aria-pressed=${p.id === sel.id} data-pack=${p.id} @click=${() => this.pick(p.id)}>
            ${p.id}${p === this.packs[0] ? ' (in force)' : p.source.kind === 'seed' ? ' (seed document)' : ''}
          </button>`,
        )}
      </div>
      <div class="src">${sel.title}. Source: ${sel.sourceLine}</div>
      ${sel.notes.length
        ? html`<details>
            <summary>How this pack differs and where its source contradicts itself (${sel.notes.length})</summary>
            <ol>${sel.notes.map((n) => html`<li><span class="kind">[${n.kind}]</span> ${n.text}</li>`)}</ol>
          </details>`
        : ''}
    `;
  }
}
customElements.define('pf-pack-select', PfPackSelect);

declare global {
  interface HTMLElementTagNameMap {
    'pf-pack-select': PfPackSelect;
  }
}
