/**
 * A minimal SVG line chart of one series over an integer x axis (e.g. a score EMA over future rounds), y range 0…1
 * unless the data leave it. Scales down to the width it is given (viewBox), axis text in the scheme's text colour,
 * and tick labels with the fewest decimals that keep them distinct (core formatTicks).
 */
import { LitElement, css, html } from 'lit';
import { formatTicks } from '../../core/math/format.ts';
import { svgChart } from './chart-styles.ts';

export class PfLineChart extends LitElement {
  static override properties = { points: { attribute: false }, xLabel: { type: String }, yLabel: { type: String } };
  /** y values at x = 0, 1, 2, … */
  points: number[] = [];
  xLabel = '';
  yLabel = '';

  static override styles = [
    svgChart,
    css`
      polyline {
        fill: none;
        stroke: #20aa8c;
        stroke-width: 2;
      }
    `,
  ];

  override render() {
    const finite = this.points.filter(Number.isFinite);
    if (finite.length < 2) return html``;
    const w = 420;
    const h = 180;
    const pad = 36;
    let lo = 0;
    let hi = 1;
    for (const v of finite) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const n = this.points.length - 1;
    const x = (i: number) => pad + (i / n) * (w - pad - 8);
    const y = (v: number) => 8 + (1 - (v - lo) / (hi - lo)) * (h - pad - 8);
    const pts = this.points
      .map((v, i) => (Number.isFinite(v) ? `${x(i)},${y(v)}` : ''))
      .filter(Boolean)
      .join(' ');
    const [loLabel, hiLabel] = formatTicks([lo, hi]);
    return html`<svg width=${w} height=${h} viewBox="0 0 ${w} ${h}" role="img" aria-label=${this.yLabel || 'line chart'}>
      <line class="axis" x1=${pad} y1=${y(lo)} x2=${w - 8} y2=${y(lo)}></line>
      <line class="axis" x1=${pad} y1=${y(lo)} x2=${pad} y2=${y(hi)}></line>
      <text x=${pad - 4} y=${y(hi) + 4} text-anchor="end">${hiLabel}</text>
      <text x=${pad - 4} y=${y(lo) + 4} text-anchor="end">${loLabel}</text>
      <text x=${pad} y=${h - 14} text-anchor="start">0</text>
      <text x=${w - 8} y=${h - 14} text-anchor="end">${n}</text>
      <text x=${(w + pad) / 2} y=${h - 2} text-anchor="middle">${this.xLabel}</text>
      <polyline points=${pts}></polyline>
    </svg>`;
  }
}
customElements.define('pf-line-chart', PfLineChart);

declare global {
  interface HTMLElementTagNameMap {
    'pf-line-chart': PfLineChart;
  }
}
