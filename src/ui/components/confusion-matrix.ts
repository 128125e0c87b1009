/**
 * A confusion matrix drawn as an SVG grid: rows = true class, columns = predicted class, each cell shaded by its
 * share of the row and labelled with its count (`data-cell="r,c"`, `data-value` = count).
 */
import { LitElement, css, html, svg } from 'lit';
import { svgChart } from './chart-styles.ts';

export class PfConfusionMatrix extends LitElement {
  static override properties = { matrix: { attribute: false }, labels: { attribute: false } };
  /** Counts, rows = true class, columns = predicted class. */
  matrix: number[][] = [];
  /** Class names, one per row/column. */
  labels: string[] = [];

  static override styles = [
    svgChart,
    css`
      .count {
        font-size: 13px;
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  override render() {
    const k = this.matrix.length;
    if (!k) return html``;
    const cell = 84;
    const left = 140;
    const top = 40;
    const w = left + k * cell + 8;
    const h = top + k * cell + 8;
    return html`<svg width=${w} height=${h} viewBox="0 0 ${w} ${h}" role="img" aria-label="Confusion matrix (rows true, columns predicted)">
      <text x=${left + (k * cell) / 2} y="12" text-anchor="middle">predicted</text>
      ${this.labels.map((l, c) => svg`<text x=${left + c * cell + cell / 2} y=${top - 8} text-anchor="middle">${l}</text>`)}
      ${this.matrix.map((row, r) => {
        const total = row.reduce((a, b) => a + b, 0);
        return svg`<text x=${left - 6} y=${top + r * cell + cell / 2 + 4} text-anchor="end">true ${this.labels[r] ?? r}</text>
          ${row.map((v, c) => {
            const share = total > 0 ? v / total : 0;
            const hue = r === c ? '32,170,140' : '224,82,74';
            return svg`<g data-cell="${r},${c}" data-value=${String(v)}>
              <rect x=${left + c * cell} y=${top + r * cell} width=${cell - 2} height=${cell - 2} rx="4" fill="rgba(${hue},${0.12 + 0.8 * share})"></rect>
              <text class="count" x=${left + c * cell + cell / 2 - 1} y=${top + r * cell + cell / 2 + 4} text-anchor="middle">${v}</text>
            </g>`;
          })}`;
      })}
    </svg>`;
  }
}
customElements.define('pf-confusion-matrix', PfConfusionMatrix);

declare global {
  interface HTMLElementTagNameMap {
    'pf-confusion-matrix': PfConfusionMatrix;
  }
}
