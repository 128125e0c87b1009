/**
 * Compares a reference frame and a distorted frame on one canvas, in three modes: side by side, a split view (a
 * slider — dragged on the image or moved with the keyboard — reveals the reference left of the split and the
 * distorted frame right of it), and a difference map (|ΔY| through a heat ramp, with a gain control and the max and
 * mean |ΔY|). Frames are yuv420p `YuvFrame`s (converted with BT.601 limited range) or RGBA `ImageData`; the canvas
 * keeps the frames' pixel size and is scaled by CSS to the container width.
 * @fires mode-change (detail: the new mode)
 */
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { diffMap, frameToRgba, type DiffMapResult, type RgbaImage } from '../../core/video/diff-map.ts';
import { states } from '../states.ts';
import type { YuvFrame } from '../../core/video/frame.ts';

export type FrameViewerMode = 'side' | 'split' | 'diff';
export type ViewerFrame = YuvFrame | ImageData;

const GAP_PX = 8;
const GAINS = [1, 2, 4, 8, 16, 32];

function isYuv(f: ViewerFrame): f is YuvFrame {
  return (f as YuvFrame).y instanceof Uint8Array;
}

function toRgba(f: ViewerFrame): RgbaImage {
  return isYuv(f) ? frameToRgba(f) : { width: f.width, height: f.height, data: f.data };
}

/** For RGBA input: a luma-only frame (BT.601 weights, full range) so the difference map has a Y plane to compare. */
function lumaOnly(f: ViewerFrame): YuvFrame {
  if (isYuv(f)) return f;
  const n = f.width * f.height;
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) y[i] = Math.round(0.299 * f.data[i * 4]! + 0.587 * f.data[i * 4 + 1]! + 0.114 * f.data[i * 4 + 2]!);
  const cw = (f.width + 1) >> 1;
  const ch = (f.height + 1) >> 1;
  return {
    index: 0,
    width: f.width,
    height: f.height,
    chromaWidth: cw,
    chromaHeight: ch,
    y,
    u: new Uint8Array(cw * ch).fill(128),
    v: new Uint8Array(cw * ch).fill(128),
  };
}

export class PfFrameViewer extends LitElement {
  static override properties = {
    ...states('_stats'),
    ref: { attribute: false },
    dist: { attribute: false },
    refLabel: { type: String, attribute: 'ref-label' },
    distLabel: { type: String, attribute: 'dist-label' },
    mode: { type: String, reflect: true },
    gain: { type: Number },
    split: { type: Number },
  };
  ref: ViewerFrame | null = null;
  dist: ViewerFrame | null = null;
  refLabel = 'Reference';
  distLabel = 'Distorted';
  mode: FrameViewerMode = 'side';
  /** Difference-map amplification (|ΔY| × gain), ≥ 1. */
  gain = 4;
  /** Split position as a fraction of the width, 0–1 (reference left of it). */
  split = 0.5;
  private _stats: Pick<DiffMapResult, 'maxAbsDiff' | 'meanAbsDiff'> | null = null;
  private cache = new WeakMap<object, RgbaImage>();
  private dragging = false;

  static override styles = css`
    :host {
      display: block;
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      gap: 0.8rem;
      align-items: center;
      margin: 0 0 0.4rem;
      font-size: 0.85rem;
    }
    fieldset {
      border: none;
      padding: 0;
      margin: 0;
      display: flex;
      gap: 0.6rem;
    }
    label {
      display: inline-flex;
      gap: 0.3rem;
      align-items: center;
    }
    canvas {
      display: block;
      width: 100%;
      height: auto;
      image-rendering: pixelated;
      touch-action: none;
    }
    canvas.split {
      cursor: ew-resize;
    }
    .labels {
      display: flex;
      justify-content: space-between;
      font-size: 0.8rem;
      opacity: 0.8;
    }
    input[type='range'] {
      width: 100%;
      margin: 0.3rem 0 0;
    }
    .error {
      color: var(--pf-error, #b3261e);
    }
    .stats {
      font-variant-numeric: tabular-nums;
    }
  `;

  private rgba(f: ViewerFrame): RgbaImage {
    let img = this.cache.get(f);
    if (!img) {
      img = toRgba(f);
      this.cache.set(f, img);
    }
    return img;
  }

  /** The canvas element (for tests and exports). */
  get canvas(): HTMLCanvasElement | null {
    return this.renderRoot.querySelector('canvas');
  }

  private setMode(mode: FrameViewerMode) {
    if (mode === this.mode) return;
    this.mode = mode;
    this.dispatchEvent(new CustomEvent<FrameViewerMode>('mode-change', { detail: mode, bubbles: true, composed: true }));
  }

  private splitFromPointer(e: PointerEvent) {
    const c = e.currentTarget as HTMLCanvasElement;
    const r = c.getBoundingClientRect();
    if (r.width > 0) this.split = Math.min(1, Math.max(0, (e.clientX - r.left) / r.width));
  }

  protected override updated(_changed: PropertyValues): void {
    this.draw();
  }

  private draw() {
    const canvas = this.canvas;
    if (!canvas || !this.ref || !this.dist) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const a = this.rgba(this.ref);
    const b = this.rgba(this.dist);
    const sameSize = a.width === b.width && a.height === b.height;
    const put = (img: RgbaImage, x: number, sx = 0, sw = img.width) => {
      if (sw <= 0) return;
      const id = new ImageData(new Uint8ClampedArray(img.data.buffer as ArrayBuffer, img.data.byteOffset, img.width * img.height * 4), img.width, img.height);
      ctx.putImageData(id, x, 0, sx, 0, sw, img.height);
    };
    if (this.mode === 'side' || !sameSize) {
      const w = a.width + GAP_PX + b.width;
      const h = Math.max(a.height, b.height);
      if (canvas.width !== w || canvas.height !== h) Object.assign(canvas, { width: w, height: h });
      ctx.clearRect(0, 0, w, h);
      put(a, 0);
      put(b, a.width + GAP_PX);
      return;
    }
    if (canvas.width !== a.width || canvas.height !== a.height) Object.assign(canvas, { width: a.width, height: a.height });
    if (this.mode === 'split') {
      const x = Math.round(this.split * a.width);
      put(a, 0, 0, x);
      put(b, 0, x, a.width - x);
      if (x > 0 && x < a.width) {
        ctx.fillStyle = 'rgba(255,255,255,0.85)';
        ctx.fillRect(Math.max(0, x - 1), 0, 1, a.height);
      }
      return;
    }
    const m = diffMap(lumaOnly(this.ref), lumaOnly(this.dist), this.gain);
    put(m, 0);
    const stats = { maxAbsDiff: m.maxAbsDiff, meanAbsDiff: m.meanAbsDiff };
    if (!this._stats || this._stats.maxAbsDiff !== stats.maxAbsDiff || this._stats.meanAbsDiff !== stats.meanAbsDiff) this._stats = stats;
  }

  override render() {
    if (!this.ref || !this.dist) return html`<p class="muted">No frames to show.</p>`;
    const a = this.ref;
    const b = this.dist;
    const sameSize = a.width === b.width && a.height === b.height;
    const modes: [FrameViewerMode, string][] = [
      ['side', 'Side by side'],
      ['split', 'Split'],
      ['diff', 'Difference'],
    ];
    const pct = Math.round(this.split * 100);
    return html`
      <div class="bar">
        <fieldset>
          <legend class="sr-only" style="position:absolute;clip:rect(0 0 0 0)">View</legend>
          ${modes.map(
            ([m, label]) =>
              html`<label
                ><input
                  type="radio"
                  name="mode"
                  value=${m}
                  .checked=${this.mode === m}
                  ?disabled=${!sameSize && m !== 'side'}
                  @change=${() => this.setMode(m)}
                />${label}</label
              >`,
          )}
        </fieldset>
        ${
          this.mode === 'diff' && sameSize
            ? html`<label
                  >Gain<select name="gain" @change=${(e: Event) => (this.gain = Number((e.target as HTMLSelectElement).value))}>
                    ${GAINS.map((g) => html`<option value=${g} ?selected=${g === this.gain}>×${g}</option>`)}
                  </select></label
                >
                ${this._stats ? html`<span class="stats" data-max=${this._stats.maxAbsDiff} data-mean=${this._stats.meanAbsDiff}>|ΔY| max ${this._stats.maxAbsDiff}, mean ${this._stats.meanAbsDiff.toFixed(2)}</span>` : nothing}`
            : nothing
        }
      </div>
      ${sameSize ? nothing : html`<p class="error">The frames differ in size (${a.width}×${a.height} and ${b.width}×${b.height}): only side by side is available.</p>`}
      <div class="labels">
        ${
          this.mode === 'diff' && sameSize
            ? html`<span>|ΔY| × ${this.gain}: black = identical, red → yellow → white = larger difference</span>`
            : html`<span>${this.refLabel}${this.mode === 'split' ? ' (left)' : ''}</span
                ><span>${this.distLabel}${this.mode === 'split' ? ' (right)' : ''}</span>`
        }
      </div>
      <canvas
        class=${this.mode}
        role="img"
        aria-label=${`${this.refLabel} and ${this.distLabel}, ${modes.find(([m]) => m === this.mode)![1].toLowerCase()}`}
        @pointerdown=${(e: PointerEvent) => {
          if (this.mode !== 'split') return;
          this.dragging = true;
          (e.currentTarget as HTMLCanvasElement).setPointerCapture?.(e.pointerId);
          this.splitFromPointer(e);
        }}
        @pointermove=${(e: PointerEvent) => this.dragging && this.splitFromPointer(e)}
        @pointerup=${() => (this.dragging = false)}
        @pointercancel=${() => (this.dragging = false)}
      ></canvas>
      ${
        this.mode === 'split' && sameSize
          ? html`<input
              type="range"
              min="0"
              max="100"
              step="1"
              .value=${String(pct)}
              aria-label="Split position (percent of the width showing the reference)"
              aria-valuetext=${`${pct}% reference, ${100 - pct}% distorted`}
              @input=${(e: Event) => (this.split = Number((e.target as HTMLInputElement).value) / 100)}
            />`
          : nothing
      }
    `;
  }
}
customElements.define('pf-frame-viewer', PfFrameViewer);

declare global {
  interface HTMLElementTagNameMap {
    'pf-frame-viewer': PfFrameViewer;
  }
}
