/**
 * Rule-pack selector for one mechanism: the pack in force today comes first and is the default, every other pack
 * (earlier releases, the seed document) is one click away with the dates it was in force, and a date field picks
 * the pack in force on any day ("in force since 2026-09-27"). The selected pack's known contradictions and
 * differences are listed, never hidden.
 * @fires pack-change - detail: the selected pack id
 */
import { LitElement, css, html, nothing } from 'lit';
import { describeInForce, inForceOn, packInForce, packsFor, type Mechanism, type PackChoice, type RulePack } from '../../core/rules/index.ts';
import { states } from '../states.ts';

export class PfPackSelect extends LitElement {
  static override properties = { ...states('_dateChoice'), mechanism: { type: String }, value: { type: String } };
  mechanism: Mechanism = 'vidaio';
  value = '';
  /** The last pick made with the date field (shown until a pack button is clicked). */
  private _dateChoice: PackChoice | null = null;

  static override styles = css`
    :host {
      display: block;
      margin: 0 0 0.8rem;
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      gap: 0.4rem;
      align-items: center;
    }
    button {
      font: inherit;
      font-size: 0.85rem;
      padding: 0.2rem 0.6rem;
      border-radius: 999px;
      border: 1px solid color-mix(in srgb, currentColor 30%, transparent);
      background: transparent;
      cursor: pointer;
    }
    button[aria-pressed='true'] {
      background: color-mix(in srgb, #20aa8c 35%, transparent);
    }
    .src {
      font-size: 0.8rem;
      opacity: 0.75;
      margin: 0.3rem 0;
      overflow-wrap: anywhere;
    }
    ol {
      margin: 0.3rem 0;
      padding-left: 1.3rem;
      font-size: 0.85rem;
    }
    .kind {
      opacity: 0.7;
      font-size: 0.75rem;
    }
    .dates {
      font-size: 0.75rem;
      opacity: 0.75;
    }
    .when {
      display: flex;
      flex-wrap: wrap;
      gap: 0.5rem;
      align-items: center;
      font-size: 0.85rem;
      margin: 0.35rem 0 0;
    }
    .when input {
      font: inherit;
      font-size: 0.85rem;
    }
    .status {
      font-size: 0.85rem;
    }
  `;

  get packs(): RulePack[] {
    return packsFor(this.mechanism);
  }

  get selected(): RulePack {
    return this.packs.find((p) => p.id === this.value) ?? this.packs[0]!;
  }

  private pick(id: string, fromDate: PackChoice | null = null) {
    this._dateChoice = fromDate;
    this.value = id;
    this.dispatchEvent(new CustomEvent<string>('pack-change', { detail: id, bubbles: true, composed: true }));
  }

  private pickDate(day: string) {
    if (!day) return;
    let choice: PackChoice;
    try {
      choice = packInForce(this.mechanism, day);
    } catch {
      return; // the browser's date field only yields valid days or ''
    }
    this.pick(choice.pack.id, choice);
  }

  /** "in force since 2026-09-27 (today's rules)" or the pack's dates, for the selected pack. */
  private statusLine(sel: RulePack): string {
    if (this._dateChoice && this._dateChoice.pack === sel)
      return `Rules in force on ${this._dateChoice.day}: ${this._dateChoice.pack.id}, ${this._dateChoice.label}.`;
    const today = new Date().toISOString().slice(0, 10);
    if (sel === packInForce(this.mechanism, today).pack && inForceOn(sel, today))
      return `${sel.id}: ${packInForce(this.mechanism, today).label}: today's rules.`;
    return `${sel.id}: ${describeInForce(sel)}${sel.inForce.from !== null ? ', not in force today' : ''}.`;
  }

  override render() {
    const sel = this.selected;
    return html`
      <div class="bar" role="group" aria-label="Rule pack">
        <span>Rules:</span>
        ${this.packs.map(
          (p) =>
            html`<button aria-pressed=${p.id === sel.id} data-pack=${p.id} title=${describeInForce(p)} @click=${() => this.pick(p.id)}>
              ${p.id}${p === this.packs[0] ? ' (in force today)' : p.source.kind === 'seed' ? ' (seed document)' : ''}
              <span class="dates">${p === this.packs[0] || p.source.kind === 'seed' ? nothing : describeInForce(p)}</span>
            </button>`,
        )}
      </div>
      <div class="when">
        <label>Rules in force on <input type="date" name="pack-date" @change=${(e: Event) => this.pickDate((e.target as HTMLInputElement).value)} /></label>
        <span class="status" data-testid="pack-status" aria-live="polite">${this.statusLine(sel)}</span>
      </div>
      <div class="src">${sel.title}. Source: ${sel.sourceLine}</div>
      ${
        sel.notes.length
          ? html`<details>
              <summary>How this pack differs and where its source contradicts itself (${sel.notes.length})</summary>
              <ol>
                ${sel.notes.map((n) => html`<li><span class="kind">[${n.kind}]</span> ${n.text}</li>`)}
              </ol>
            </details>`
          : ''
      }
    `;
  }
}
customElements.define('pf-pack-select', PfPackSelect);

declare global {
  interface HTMLElementTagNameMap {
    'pf-pack-select': PfPackSelect;
  }
}
