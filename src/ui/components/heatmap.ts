/**
 * A matrix heatmap in SVG (rows × columns, values 0…max shaded), with an optional marker row per column (e.g. the
 * consensus) drawn as a tick in each cell and highlighted rows (e.g. out-of-consensus validators). Cells carry
 * `data-cell="r,c"` and `data-value`.
 */
import { LitElement, css, html, svg } from 'lit';
import { chartText } from './chart-styles.ts';

export class PfHeatmap extends LitElement {
  static override properties = {
    values: { attribute: false },
    marker: { attribute: false },
    highlight: { attribute: false },
    rowLabels: { attribute: false },
    colLabels: { attribute: false },
  };
  values: number[][] = [];
  /** One value per column drawn as a horizontal tick across the column's cells (same 0…max scale), or null. */
  marker: number[] | null = null;
  /** Row indices to outline. */
  highlight: number[] = [];
  rowLabels: string[] = [];
  colLabels: string[] = [];

  static override styles = [
    chartText,
    css`
      :host {
        display: block;
        overflow-x: auto;
      }
      .hl {
        fill: none;
        stroke: #e0524a;
        stroke-width: 2;
      }
      .tick {
        stroke: #c08a1a;
        stroke-width: 2;
      }
    `,
  ];

  override render() {
    const rows = this.values.length;
    const cols = rows ? this.values[0]!.length : 0;
    if (!rows || !cols) return html``;
    let max = 0;
    for (const r of this.values) for (const v of r) if (v > max) max = v;
    if (this.marker) for (const v of this.marker) if (v > max) max = v;
    const scale = max > 0 ? max : 1;
    const cw = Math.max(14, Math.min(48, Math.floor(640 / cols)));
    const ch = Math.max(14, Math.min(32, Math.floor(480 / rows)));
    const left = 90;
    const top = 24;
    const w = left + cols * cw + 4;
    const h = top + rows * ch + 4;
    const hl = new Set(this.highlight);
    return html`<svg width=${w} height=${h} role="img" aria-label="Heatmap">
      ${this.colLabels.map((l, c) => (cols <= 32 ? svg`<text x=${left + c * cw + cw / 2} y="14" text-anchor="middle">${l}</text>` : ''))}
      ${this.values.map(
        (
          row,
          r,
        ) => svg`<text x=${left - 6} y=${top + r * ch + ch / 2 + 4} text-anchor="end" fill=${hl.has(r) ? 'var(--pf-error, #b3261e)' : 'currentColor'}>${this.rowLabels[r] ?? r}</text>
          ${row.map(
            (v, c) => svg`<rect data-cell="${r},${c}" data-value=${String(v)} x=${left + c * cw} y=${top + r * ch} width=${cw - 1} height=${ch - 1}
              fill="rgba(32,170,140,${0.06 + 0.94 * (v / scale)})"><title>${this.rowLabels[r] ?? r} → ${this.colLabels[c] ?? c}: ${v}</title></rect>
            ${this.marker ? svg`<line class="tick" x1=${left + c * cw + 1} x2=${left + (c + 1) * cw - 2} y1=${top + r * ch + (ch - 1) * (1 - this.marker[c]! / scale)} y2=${top + r * ch + (ch - 1) * (1 - this.marker[c]! / scale)}></line>` : ''}`,
          )}
          ${hl.has(r) ? svg`<rect class="hl" x=${left - 1} y=${top + r * ch - 1} width=${cols * cw + 1} height=${ch + 1}></rect>` : ''}`,
      )}
    </svg>`;
  }
}
customElements.define('pf-heatmap', PfHeatmap);

declare global {
  interface HTMLElementTagNameMap {
    'pf-heatmap': PfHeatmap;
  }
}
