/**
 * A stored run reopened: what was checked (pack, engine, inputs), the key results, the reasons, every pack output,
 * and the per-frame plot redrawn from the compact per-frame data kept with the run. Frames are never stored: when
 * the user drops the run's files again (checked against the stored SHA-256), a click on the plot decodes that
 * frame pair from those files and shows it in the frame viewer.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { shared } from '../styles/shared.ts';
import { keyResults, fmtNumber } from '../../core/history/report.ts';
import { seriesOf } from '../../core/history/frames.ts';
import { sha256Hex, type RunFrames, type RunRecord } from '../../bridge/history.ts';
import { engine } from '../../bridge/engine.ts';
import { handOffCompression } from '../../bridge/handoff.ts';
import type { YuvFrame } from '../../core/video/frame.ts';
import type { PlotSeries } from './frame-plot.ts';
import './frame-plot.ts';
import './file-drop.ts';
import { states } from '../states.ts';
import './frame-viewer.ts';

/** The roles whose files make a frame pair: [reference role, distorted role] as the pages store them. */
const PAIRS: [string, string][] = [
  ['original', 'compressed'],
  ['reference', 'output'],
];

export const PLOT_COLORS: Record<string, string> = { vmaf: '#3c8dde', vmaf_neg: '#20aa8c', ssim_all: '#d68a2e', psnr_y: '#9b6bd0', pieapp: '#c0557a' };
const LABELS: Record<string, string> = { vmaf: 'VMAF', vmaf_neg: 'VMAF NEG', ssim_all: 'SSIM', psnr_y: 'PSNR Y', pieapp: 'PIE-APP' };

/** Plot series of stored frames: VMAF-like on the left axis, SSIM on the right (PSNR and PIE-APP left out). */
export function plotSeries(frames: RunFrames, suffix = ''): PlotSeries[] {
  const out: PlotSeries[] = [];
  for (const k of ['vmaf', 'vmaf_neg', 'ssim_all']) {
    const v = seriesOf(frames, k);
    if (v) out.push({ label: `${LABELS[k]}${suffix}`, values: v, color: PLOT_COLORS[k]!, right: k === 'ssim_all' });
  }
  return out;
}

export class PfRunView extends LitElement {
  static override styles = shared;
  static override properties = { ...states('_files', '_fileError', '_view'), run: { attribute: false }, frames: { attribute: false } };
  run: RunRecord | null = null;
  frames: RunFrames | null = null;
  /** Files dropped again, by role, once their SHA-256 matched the stored one. */
  private _files: Record<string, File> = {};
  private _fileError = '';
  private _view: { index: number; ref: YuvFrame; dist: YuvFrame } | { index: number; loading: true } | { index: number; error: string } | null = null;

  protected override willUpdate(changed: PropertyValues) {
    if (changed.has('run')) {
      this._files = {};
      this._fileError = '';
      this._view = null;
    }
  }

  private pair(): [string, string] | null {
    const roles = new Set(this.run?.inputs.map((i) => i.role));
    return PAIRS.find(([a, b]) => roles.has(a) && roles.has(b)) ?? null;
  }

  private async onFile(role: string, file: File) {
    const stored = this.run?.inputs.find((i) => i.role === role);
    if (!stored) return;
    this._fileError = '';
    if (stored.sha256) {
      const sha = await sha256Hex(file);
      if (sha !== stored.sha256) {
        this._fileError = `${file.name} is not the ${role} of this run: its SHA-256 differs from the stored one (${stored.name}, ${stored.sizeBytes} bytes).`;
        return;
      }
    } else if (file.size !== stored.sizeBytes) {
      this._fileError = `${file.name} is ${file.size} bytes; the ${role} of this run (${stored.name}) was ${stored.sizeBytes} bytes.`;
      return;
    }
    this._files = { ...this._files, [role]: file };
  }

  private async showFrame(i: number) {
    const pair = this.pair();
    const f = this.frames;
    if (!pair || !f) return;
    const [refRole, distRole] = pair;
    const ref = this._files[refRole];
    const dist = this._files[distRole];
    const index = f.distIndex[i] ?? i;
    if (!ref || !dist) {
      this._view = { index, error: `Drop the ${refRole} and the ${distRole} of this run again to see frame ${index}; frames are not stored.` };
      return;
    }
    this._view = { index, loading: true };
    try {
      const [r, d] = await Promise.all([engine.readFrames(undefined, ref, index, 1), engine.readFrames(undefined, dist, index, 1)]);
      if (!r[0] || !d[0]) throw new Error(`frame ${index} could not be decoded`);
      this._view = { index, ref: r[0], dist: d[0] };
    } catch (err) {
      this._view = { index, error: (err as Error).message };
    }
  }

  /** Hands the dropped-again pair, with the run's pack and threshold, to the compression page. */
  private openInPage = () => {
    const run = this.run;
    const { original, compressed } = this._files;
    if (!run || !original || !compressed) return;
    const thr = run.scores.vmafThreshold;
    handOffCompression({ original, compressed, packId: run.packId, vmafThreshold: typeof thr === 'number' ? thr : 89, codec: 'av1', mode: 'CRF' });
    location.hash = '#/vidaio/compression';
  };

  private renderFrames() {
    const run = this.run!;
    const f = this.frames;
    if (!f)
      return html`<p class="muted" data-testid="no-frames">
        ${run.frames === null ? 'This run was stored before Preflight kept per-frame data, so it has no plot.' : 'No per-frame data was kept for this run.'}
      </p>`;
    const pair = this.pair();
    const v = this._view;
    return html`<pf-frame-plot
        data-testid="run-plot"
        .frames=${Array.from(f.frameNums)}
        .series=${plotSeries(f)}
        @frame-select=${(e: CustomEvent<number>) => this.showFrame(e.detail)}
      ></pf-frame-plot>
      <p class="muted">${f.frameNums.length} frames kept with the run.</p>
      ${
        pair
          ? html`<div class="row">
              ${pair.map((role) => {
                const stored = run.inputs.find((i) => i.role === role)!;
                return html`<pf-file-drop
                  data-role=${`again-${role}`}
                  label=${this._files[role] ? `${role}: ${this._files[role]!.name} ✓` : `Drop the ${role} again (${stored.name}) to see its frames`}
                  accept="video/*,.mp4,.mkv,.webm,.y4m,.mov"
                  @files=${(e: CustomEvent<File[]>) => this.onFile(role, e.detail[0]!)}
                ></pf-file-drop>`;
              })}
            </div>`
          : nothing
      }
      ${this._fileError ? html`<div class="error" role="alert">${this._fileError}</div>` : nothing}
      ${
        run.mechanism === 'vidaio' && run.task === 'compression' && this._files.original && this._files.compressed
          ? html`<button class="secondary" data-action="open-page" @click=${this.openInPage}>Open in the compression page (scores the pair again)</button>`
          : nothing
      }
      ${
        !v
          ? pair
            ? html`<p class="muted">Click a frame in the plot to compare it side by side (after dropping the files again).</p>`
            : nothing
          : 'loading' in v
            ? html`<p>Decoding frame ${v.index}…</p>`
            : 'error' in v
              ? html`<p class="muted" role="status">${v.error}</p>`
              : html`<h4>Frame ${v.index}</h4>
                  <pf-frame-viewer data-testid="run-viewer" .ref=${v.ref} .dist=${v.dist} ref-label=${pair![0]} dist-label=${pair![1]}></pf-frame-viewer>`
      }`;
  }

  override render() {
    const run = this.run;
    if (!run) return nothing;
    const fv = (v: unknown) => (typeof v === 'number' ? fmtNumber(v, 6) : v === null ? '—' : String(v));
    return html`<div class="card" data-run-view=${run.id}>
      <h3>${run.mechanism} ${run.task}, ${new Date(run.createdAt).toLocaleString()}</h3>
      <p class="muted">
        Pack <code>${run.packId}</code> · engine ${run.engine} ·
        ${run.inputs.map((i) => `${i.role}: ${i.name} (${i.sizeBytes} bytes)`).join(' · ') || 'values typed in'}
      </p>
      <div class="row" data-testid="key-results">
        ${keyResults(run, 6).map(
          (k) =>
            html`<div>
              <div class="muted">${k.label}</div>
              <div class="big" data-result=${k.key}>${k.text}</div>
            </div>`,
        )}
      </div>
      ${
        run.reasons.length
          ? html`<ul class="reasons">
              ${run.reasons.map((r) => html`<li>${r}</li>`)}
            </ul>`
          : html`<p class="muted">No zero, warning or failed check.</p>`
      }
      ${this.renderFrames()}
      <details>
        <summary>All pack outputs and metrics</summary>
        <div style="overflow-x:auto">
          <table>
            ${Object.entries(run.scores).map(
              ([k, v]) =>
                html`<tr>
                  <td>${k}</td>
                  <td class="num">${fv(v)}</td>
                </tr>`,
            )}
            ${Object.entries(run.metrics).map(
              ([k, v]) =>
                html`<tr>
                  <td>metric ${k}</td>
                  <td class="num">${fv(v)}</td>
                </tr>`,
            )}
          </table>
        </div>
      </details>
    </div>`;
  }
}
customElements.define('pf-run-view', PfRunView);

declare global {
  interface HTMLElementTagNameMap {
    'pf-run-view': PfRunView;
  }
}
