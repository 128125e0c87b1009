/**
 * Score against file size for compare-candidates (uPlot): each candidate as a point, the pack's score curve at
 * the recommended candidate's VMAF and at the VMAF threshold, and dashed verticals at the curve's cliff and rate
 * kinks (found on the pack function by scoreCurve). Size on a log axis, in kB. Axis text follows the page's
 * colour (light and dark schemes).
 */
import { css, html, type PropertyValues } from 'lit';
import uPlot from 'uplot';
import { uplotChart } from './chart-styles.ts';
import { UPlotElement } from './uplot-element.ts';

export interface ScorePoint {
  name: string;
  sizeBytes: number;
  score: number;
}
export interface ScoreCurveLine {
  label: string;
  sizesBytes: number[];
  scores: number[];
  color: string;
}

const POINT_COLORS = ['#3c8dde', '#d68a2e', '#20aa8c', '#c0557a', '#9b6bd0', '#7f8c8d', '#b8a12e', '#2e86b8'];

export class PfScoreSizePlot extends UPlotElement {
  static override properties = { points: { attribute: false }, curves: { attribute: false }, marks: { attribute: false } };
  points: ScorePoint[] = [];
  curves: ScoreCurveLine[] = [];
  /** Vertical marks (bytes) with a label: cliffs and kinks. */
  marks: { sizeBytes: number; label: string }[] = [];
  protected readonly plotHeight = 280;

  static override styles = [
    ...uplotChart,
    css`
      :host {
        display: block;
        min-height: 280px;
      }
      figure {
        margin: 0;
      }
      .sr {
        position: absolute;
        width: 1px;
        height: 1px;
        overflow: hidden;
        clip: rect(0 0 0 0);
        white-space: nowrap;
      }
    `,
  ];

  override render() {
    // The canvas says nothing to a screen reader: the caption carries the same facts as text.
    return html`<figure>
      <div class="wrap"></div>
      <figcaption class="sr">
        ${`Score against file size: ${this.points.map((p) => `${p.name}, ${(p.sizeBytes / 1000).toFixed(1)} kB, scores ${p.score.toFixed(3)}`).join('; ')}. ${this.marks.map((m) => `${m.label} at ${(m.sizeBytes / 1000).toFixed(1)} kB`).join('; ')}`}
      </figcaption>
    </figure>`;
  }

  protected override updated(changed: PropertyValues) {
    if (changed.has('points') || changed.has('curves') || changed.has('marks')) this.draw();
  }

  protected makePlot(root: HTMLElement, width: number) {
    if (this.points.length === 0) return null;
    // One shared x axis: every curve sample and every candidate size, ascending, deduplicated.
    const xs = [...new Set([...this.curves.flatMap((c) => c.sizesBytes), ...this.points.map((p) => p.sizeBytes)])].sort((a, b) => a - b);
    const at = new Map(xs.map((x, i) => [x, i]));
    const curveData = this.curves.map((c) => {
      const ys: (number | null)[] = new Array(xs.length).fill(null);
      c.sizesBytes.forEach((x, i) => (ys[at.get(x)!] = Number.isFinite(c.scores[i]!) ? c.scores[i]! : null));
      return ys;
    });
    const pointData = this.points.map((p) => {
      const ys: (number | null)[] = new Array(xs.length).fill(null);
      ys[at.get(p.sizeBytes)!] = Number.isFinite(p.score) ? p.score : null;
      return ys;
    });
    const fg = getComputedStyle(this).color || '#222';
    const grid = { stroke: 'rgba(128,128,128,0.2)' };
    const marks = this.marks;
    const opts: uPlot.Options = {
      width,
      height: this.plotHeight,
      scales: { x: { time: false, distr: 3 }, y: { range: (_u, min, max) => [Math.min(0, min), Math.max(1, max)] } },
      axes: [
        // Log axis: label only the 1-2-5 ticks of each decade, so labels never collide or repeat.
        {
          label: 'file size (kB, log scale)',
          stroke: fg,
          grid,
          values: (_u, vals) =>
            vals.map((v) => {
              const kb = v / 1000;
              const m = kb / 10 ** Math.floor(Math.log10(kb));
              return [1, 2, 5].some((x) => Math.abs(m - x) < 1e-6) ? (kb >= 1 ? String(Math.round(kb)) : String(Number(kb.toPrecision(1)))) : '';
            }),
        },
        { label: 'score', stroke: fg, grid },
      ],
      series: [
        { label: 'size (bytes)' },
        ...this.curves.map((c) => ({ label: c.label, stroke: c.color, width: 1.5, spanGaps: true, points: { show: false } })),
        ...this.points.map((p, i) => ({
          label: p.name,
          stroke: POINT_COLORS[i % POINT_COLORS.length]!,
          fill: POINT_COLORS[i % POINT_COLORS.length]!,
          paths: () => null,
          points: { show: true, size: 11, fill: POINT_COLORS[i % POINT_COLORS.length]!, stroke: POINT_COLORS[i % POINT_COLORS.length]! },
        })),
      ],
      hooks: {
        draw: [
          (u) => {
            const ctx = u.ctx;
            ctx.save();
            ctx.setLineDash([5, 4]);
            ctx.strokeStyle = '#c0392b';
            ctx.fillStyle = fg;
            ctx.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
            for (const m of marks) {
              const x = u.valToPos(m.sizeBytes, 'x', true);
              if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
              ctx.beginPath();
              ctx.moveTo(x, u.bbox.top);
              ctx.lineTo(x, u.bbox.top + u.bbox.height);
              ctx.stroke();
              ctx.fillText(m.label, x + 3 * devicePixelRatio, u.bbox.top + 12 * devicePixelRatio);
            }
            ctx.restore();
          },
        ],
      },
    };
    return new uPlot(opts, [xs, ...curveData, ...pointData] as uPlot.AlignedData, root);
  }
}
customElements.define('pf-score-size-plot', PfScoreSizePlot);

declare global {
  interface HTMLElementTagNameMap {
    'pf-score-size-plot': PfScoreSizePlot;
  }
}
