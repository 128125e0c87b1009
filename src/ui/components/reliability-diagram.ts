/**
 * A reliability diagram in SVG: for each P(AI) bin, the observed fraction of AI samples (bar) against the mean
 * prediction (dot), with the diagonal of perfect calibration. Input: bins as `reliabilityBins` returns them.
 */
import { LitElement, css, html, svg } from 'lit';
import type { ReliabilityBin } from '../../core/rules/bitmind/detector-data.ts';
import { svgChart } from './chart-styles.ts';

export class PfReliabilityDiagram extends LitElement {
  static override properties = { bins: { attribute: false } };
  bins: ReliabilityBin[] = [];

  static override styles = [
    svgChart,
    css`
      .diag {
        stroke: currentColor;
        stroke-opacity: 0.35;
        stroke-dasharray: 4 3;
      }
      .bar {
        fill: rgba(32, 170, 140, 0.55);
      }
      .dot {
        fill: #e0524a;
      }
    `,
  ];

  override render() {
    const size = 240;
    const pad = 36;
    const x = (v: number) => pad + v * size;
    const y = (v: number) => pad / 2 + (1 - v) * size;
    return html`<svg
      width=${size + pad + 12}
      height=${size + pad + 12}
      viewBox="0 0 ${size + pad + 12} ${size + pad + 12}"
      role="img"
      aria-label="Reliability diagram: observed AI fraction against predicted P(AI)"
    >
      <line class="axis" x1=${x(0)} y1=${y(0)} x2=${x(1)} y2=${y(0)}></line>
      <line class="axis" x1=${x(0)} y1=${y(0)} x2=${x(0)} y2=${y(1)}></line>
      <line class="diag" x1=${x(0)} y1=${y(0)} x2=${x(1)} y2=${y(1)}></line>
      ${[0, 0.5, 1].map((t) => svg`<text x=${x(t)} y=${y(0) + 14} text-anchor="middle">${t}</text><text x=${x(0) - 4} y=${y(t) + 4} text-anchor="end">${t}</text>`)}
      <text x=${x(0.5)} y=${y(0) + 28} text-anchor="middle">predicted P(AI)</text>
      ${this.bins.map((b, i) =>
        b.count > 0 && b.fractionPositive !== null && b.meanPredicted !== null
          ? svg`<g data-bin=${i} data-count=${b.count} data-value=${String(b.fractionPositive)}>
              <rect class="bar" x=${x(b.lower) + 1} y=${y(b.fractionPositive)} width=${(b.upper - b.lower) * size - 2} height=${y(0) - y(b.fractionPositive)}>
                <title>P(AI) ${b.lower.toFixed(1)}–${b.upper.toFixed(1)}: ${b.count} samples, ${(b.fractionPositive * 100).toFixed(1)} % AI, mean prediction ${b.meanPredicted.toFixed(3)}</title>
              </rect>
              <circle class="dot" cx=${x(b.meanPredicted)} cy=${y(b.fractionPositive)} r="3.5"></circle>
            </g>`
          : '',
      )}
    </svg>`;
  }
}
customElements.define('pf-reliability-diagram', PfReliabilityDiagram);

declare global {
  interface HTMLElementTagNameMap {
    'pf-reliability-diagram': PfReliabilityDiagram;
  }
}
