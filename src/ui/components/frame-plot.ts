/**
 * Per-frame plot of metrics (VMAF, SSIM, PIE-APP…) with uPlot: one series per metric, a shared frame axis, and a
 * click that selects a frame (`frame-select`, detail: frame index in the series). Axis, tick, grid and label colours
 * come from the theme's custom properties (--pf-chart-axis, --pf-chart-grid in index.html), read when the plot is
 * drawn and again when the colour scheme changes; the frame axis only has integer ticks (no repeated labels).
 * @fires frame-select
 */
import { css, html, type PropertyValues } from 'lit';
import uPlot from 'uplot';
import { uplotChart } from './chart-styles.ts';
import { UPlotElement } from './uplot-element.ts';

export interface PlotSeries {
  label: string;
  values: number[];
  /** Secondary axis (e.g. SSIM 0–1 next to VMAF 0–100). */
  right?: boolean;
  color: string;
}

export class PfFramePlot extends UPlotElement {
  static override properties = { frames: { attribute: false }, series: { attribute: false } };
  frames: number[] = [];
  series: PlotSeries[] = [];
  protected readonly plotHeight = 240;
  private scheme: MediaQueryList | null = null;
  private onScheme = () => this.draw();

  static override styles = [
    ...uplotChart,
    css`
      :host {
        display: block;
        min-height: 240px;
        max-width: 100%;
        overflow: hidden;
      }
      .u-legend {
        color: inherit;
      }
    `,
  ];

  override render() {
    return html`<div class="wrap"></div>`;
  }

  protected override updated(changed: PropertyValues) {
    if (changed.has('frames') || changed.has('series')) this.draw();
  }

  override connectedCallback() {
    super.connectedCallback();
    this.scheme = window.matchMedia('(prefers-color-scheme: dark)');
    this.scheme.addEventListener('change', this.onScheme);
  }

  override disconnectedCallback() {
    this.scheme?.removeEventListener('change', this.onScheme);
    super.disconnectedCallback();
  }

  protected makePlot(root: HTMLElement, width: number) {
    if (this.frames.length === 0) return null;
    const hasRight = this.series.some((s) => s.right);
    const style = getComputedStyle(this);
    const axisColor = style.getPropertyValue('--pf-chart-axis').trim() || style.color || '#3d434a';
    const gridColor = style.getPropertyValue('--pf-chart-grid').trim() || 'rgba(128, 128, 128, 0.2)';
    const themed = { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, width: 1 } };
    // Integer steps only on the frame axis: fractional steps would print the same frame number twice.
    const frameIncrs = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000];
    const opts: uPlot.Options = {
      width,
      height: this.plotHeight,
      scales: { x: { time: false } },
      axes: [
        { ...themed, label: 'frame', incrs: frameIncrs },
        {
          ...themed,
          label: this.series
            .filter((s) => !s.right)
            .map((s) => s.label)
            .join(' / '),
        },
        ...(hasRight
          ? [
              {
                ...themed,
                side: 1,
                scale: 'r',
                label: this.series
                  .filter((s) => s.right)
                  .map((s) => s.label)
                  .join(' / '),
                grid: { show: false },
              },
            ]
          : []),
      ],
      series: [
        { label: 'frame' },
        ...this.series.map((s) => ({ label: s.label, stroke: s.color, width: 1.5, scale: s.right ? 'r' : 'y', points: { show: this.frames.length < 80 } })),
      ],
      hooks: {
        setCursor: [],
      },
    };
    const plot = new uPlot(opts, [this.frames, ...this.series.map((s) => s.values)], root);
    plot.over.addEventListener('click', () => {
      const idx = plot.cursor.idx;
      if (idx !== null && idx !== undefined) this.dispatchEvent(new CustomEvent<number>('frame-select', { detail: idx, bubbles: true, composed: true }));
    });
    return plot;
  }
}
customElements.define('pf-frame-plot', PfFramePlot);

declare global {
  interface HTMLElementTagNameMap {
    'pf-frame-plot': PfFramePlot;
  }
}
