/**
 * The life cycle every uPlot chart here shares: the plot is drawn into the element's `.wrap` child, follows the
 * element's width (ResizeObserver) at a fixed height, is rebuilt from scratch by `draw()` and destroyed when the
 * element leaves the page. A subclass gives the height and builds the plot (`makePlot`), returning null when there is
 * nothing to draw.
 */
import { LitElement } from 'lit';
import type uPlot from 'uplot';

export abstract class UPlotElement extends LitElement {
  protected plot: uPlot | null = null;
  private observer: ResizeObserver | null = null;

  /** Plot height in CSS pixels. */
  protected abstract readonly plotHeight: number;

  /** Builds the plot into `root` at `width`, or returns null when there is nothing to draw. */
  protected abstract makePlot(root: HTMLElement, width: number): uPlot | null;

  override connectedCallback() {
    super.connectedCallback();
    this.observer = new ResizeObserver(() => this.plot?.setSize({ width: this.clientWidth || 600, height: this.plotHeight }));
    this.observer.observe(this);
  }

  override disconnectedCallback() {
    this.observer?.disconnect();
    this.plot?.destroy();
    this.plot = null;
    super.disconnectedCallback();
  }

  /** Destroys the plot and, once the element has rendered its `.wrap`, builds it again from the current data. */
  protected draw() {
    this.plot?.destroy();
    this.plot = null;
    const root = this.renderRoot.querySelector('.wrap') as HTMLElement | null;
    if (root) this.plot = this.makePlot(root, this.clientWidth || 600);
  }
}
