/**
 * Per-frame plot of metrics (VMAF, SSIM, PIE-APP…) with uPlot: one series per metric, a shared frame axis, and a
 * click that selects a frame (`frame-select`, detail: frame index in the series). Axis, tick, grid and label colours
 * come from the theme's custom properties (--pf-chart-axis, --pf-chart-grid in index.html), read when the plot is
 * drawn and again when the colour scheme changes; the frame axis only has integer ticks (no repeated labels).
 * @fires frame-select
 */
import { LitElement, css, html, unsafeCSS, type PropertyValues } from 'lit';
import uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';

export interface PlotSeries {
  label: string;
  values: number[];
  /** Secondary axis (e.g. SSIM 0–1 next to VMAF 0–100). */
  right?: boolean;
  color: string;
}

export class PfFramePlot extends LitElement {
  static override properties = { frames: { attribute: false }, series: { attribute: false } };
  frames: number[] = [];
  series: PlotSeries[] = [];
  private plot: uPlot | null = null;
  private observer: ResizeObserver | null = null;
  private scheme: MediaQueryList | null = null;
  private onScheme = () => this.draw();

  static override styles = [
    unsafeCSS(uplotCss),
    css`
      :host {
        display: block;
        min-height: 240px;
        max-width: 100%;
        overflow: hidden;
      }
      .wrap {
        width: 100%;
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
    this.observer = new ResizeObserver(() => this.plot?.setSize({ width: this.clientWidth || 600, height: 240 }));
    this.observer.observe(this);
    this.scheme = window.matchMedia('(prefers-color-scheme: dark)');
    this.scheme.addEventListener('change', this.onScheme);
  }

  override disconnectedCallback() {
    this.observer?.disconnect();
    this.scheme?.removeEventListener('change', this.onScheme);
    this.plot?.destroy();
    this.plot = null;
    super.disconnectedCallback();
  }

  private draw() {
    this.plot?.destroy();
    this.plot = null;
    const root = this.renderRoot.querySelector('.wrap') as HTMLElement | null;
    if (!root || this.frames.length === 0) return;
    const hasRight = this.series.some((s) => s.right);
    const style = getComputedStyle(this);
    const axisColor = style.getPropertyValue('--pf-chart-axis').trim() || style.color || '#3d434a';
    const gridColor = style.getPropertyValue('--pf-chart-grid').trim() || 'rgba(128, 128, 128, 0.2)';
    const themed = { stroke: axisColor, grid: { stroke: gridColor, width: 1 }, ticks: { stroke: gridColor, width: 1 } };
    // Integer steps only on the frame axis: fractional steps would print the same frame number twice.
    const frameIncrs = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000];
    const opts: uPlot.Options = {
      width: this.clientWidth || 600,
      height: 240,
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
    this.plot = new uPlot(opts, [this.frames, ...this.series.map((s) => s.values)], root);
    this.plot.over.addEventListener('click', () => {
      const idx = this.plot?.cursor.idx;
      if (idx !== null && idx !== undefined) this.dispatchEvent(new CustomEvent<number>('frame-select', { detail: idx, bubbles: true, composed: true }));
    });
  }
}
customElements.define('pf-frame-plot', PfFramePlot);

declare global {
  interface HTMLElementTagNameMap {
    'pf-frame-plot': PfFramePlot;
  }
}
