/**
 * BitMind (SN34) segmenter page: a miner drops pairs of masks (`<name>.pred.png|json` confidence mask with
 * `<name>.gt.png|json` ground truth), and the selected pack's `iou.mask` scores each pair (thresholding and
 * empty-mask behaviour as the pack defines them) in worker threads (src/bridge/masks.ts), with progress and cancel;
 * `segmenter.reward` gives the mean over the last 200 pairs, and a canvas overlays a chosen pair. A batch with any
 * malformed file (unpaired name, undecodable file, masks of different sizes) is rejected whole, with the file, row
 * or column named, and nothing is stored.
 */
import { LitElement, css, html } from 'lit';
import { shared } from '../styles/shared.ts';
import { getPack, packsFor } from '../../core/rules/index.ts';
import { callPackFunction, hasFunction } from '../../core/rules/call.ts';
import { pairMaskFiles } from '../../core/rules/bitmind/segmenter-data.ts';
import { decodeMaskPair, scoreMaskPairs, type MaskPairFiles, type PairScore } from '../../bridge/masks.ts';
import '../components/pack-select.ts';
import '../components/file-drop.ts';
import { RunStore } from '../components/run-saved.ts';
import { valueSpan } from '../components/history-count.ts';
import { states } from '../states.ts';
import { headerRow, warningList } from '../components/markup.ts';
import { errorText } from '../components/error-text.ts';

interface SegmenterResult {
  packId: string;
  scores: PairScore[];
  reward: number;
  emaInput: number | null;
  counted: number;
  warnings: string[];
}

/** Rows shown in the per-pair table (the rest are summarised). */
const TABLE_LIMIT = 300;

export class PfBitmindSegmenterPage extends LitElement {
  static override styles = [
    shared,
    css`
      progress {
        width: 100%;
      }
      canvas {
        image-rendering: pixelated;
        width: 384px;
        height: auto;
        border: 1px solid color-mix(in srgb, currentColor 20%, transparent);
        max-width: 100%;
      }
      .legend span {
        display: inline-block;
        margin-right: 1rem;
      }
      .sw {
        display: inline-block;
        width: 0.8rem;
        height: 0.8rem;
        vertical-align: middle;
        margin-right: 0.3rem;
        border-radius: 2px;
      }
    `,
  ];
  static override properties = states('_packId', '_pairs', '_error', '_result', '_progress', '_running', '_overlayKey', '_overlayMsg');
  private _packId = packsFor('bitmind').find((p) => hasFunction(p, 'iou.mask'))!.id;
  private _pairs: MaskPairFiles[] = [];
  private _error = '';
  private _result: SegmenterResult | null = null;
  private store = new RunStore(this);
  private _progress = { done: 0, total: 0 };
  private _running = false;
  private _overlayKey = '';
  private _overlayMsg = '';
  private _abort: AbortController | null = null;

  private get segmenterPacks() {
    return packsFor('bitmind').filter((p) => hasFunction(p, 'iou.mask'));
  }

  private async run() {
    if (!this._pairs.length || this._running) return;
    const pack = getPack(this._packId, 'bitmind');
    if (!pack || !hasFunction(pack, 'iou.mask')) {
      this._result = null;
      this._error = `${this._packId} has no segmenter IoU (gasbench scores discriminator models only); pick bitmind-v3.3.1 or bitmind-seed.`;
      return;
    }
    this._error = '';
    this.store.reset();
    this._result = null;
    this._running = true;
    this._progress = { done: 0, total: this._pairs.length };
    this._abort = new AbortController();
    let scores: PairScore[];
    try {
      scores = await scoreMaskPairs(this._abort.signal, pack.id, this._pairs, (done, total) => (this._progress = { done, total }));
    } catch (err) {
      this._running = false;
      this._error = errorText(err, 'Cancelled: nothing was stored.');
      return;
    }
    this._running = false;
    const bad = scores.filter((s) => !s.ok);
    if (bad.length) {
      const shown = bad.slice(0, 20).map((s) => s.error!);
      if (bad.length > 20) shown.push(`… and ${bad.length - 20} more`);
      this._error = `${bad.length} pair${bad.length > 1 ? 's' : ''} could not be scored, nothing was stored:\n${shown.join('\n')}`;
      return;
    }
    // v3.3.1 stores nothing for a rejected or failed response; the rest form the chronological IoU history.
    const stored = scores.filter((s) => s.status === undefined || s.status === 'ok');
    const reward = callPackFunction(pack, 'segmenter.reward', { ious: stored.map((s) => s.iou as number) });
    const warnings = [...(reward.warnings ?? [])];
    const skipped = scores.length - stored.length;
    if (skipped) warnings.push(`${skipped} pair(s) with status other than ok are not stored by the validator and do not enter the mean`);
    if (stored.length > 200) warnings.push(`only the last 200 of ${stored.length} IoUs (in file-name order) enter the mean`);
    this._result = {
      packId: pack.id,
      scores,
      reward: reward.reward,
      emaInput: 'emaInput' in reward ? reward.emaInput : null,
      counted: Math.min(200, stored.length),
      warnings,
    };
    if (!this._overlayKey || !this._pairs.some((p) => p.key === this._overlayKey)) this._overlayKey = this._pairs[0]!.key;
    void this.drawOverlay();
    await this.store.save({
      mechanism: 'bitmind',
      task: 'segmenter',
      packId: pack.id,
      engine: 'worker',
      inputs: this._pairs.slice(0, 50).flatMap((p) => [
        { role: 'prediction', name: p.pred.name, sizeBytes: p.pred.blob.size, sha256: null },
        { role: 'ground-truth', name: p.gt.name, sizeBytes: p.gt.blob.size, sha256: null },
      ]),
      metrics: { pairs: scores.length, counted: this._result.counted },
      scores: { reward: this._result.reward, emaInput: this._result.emaInput },
      reasons: warnings,
    });
  }

  private async onFiles(e: CustomEvent<File[]>) {
    const files = e.detail;
    this._result = null;
    this.store.reset();
    this._pairs = [];
    const byName = new Map(files.map((f) => [f.name, f]));
    const { pairs, errors } = pairMaskFiles(files.map((f) => f.name));
    if (errors.length) {
      this._error = `${errors.length} file${errors.length > 1 ? 's' : ''} could not be paired, nothing was scored or stored:\n${errors.slice(0, 20).join('\n')}`;
      return;
    }
    this._error = '';
    this._pairs = pairs.map((p) => ({ key: p.key, pred: { name: p.pred, blob: byName.get(p.pred)! }, gt: { name: p.gt, blob: byName.get(p.gt)! } }));
    await this.run();
  }

  private async drawOverlay() {
    await this.updateComplete;
    const pair = this._pairs.find((p) => p.key === this._overlayKey);
    const canvas = this.renderRoot.querySelector('canvas');
    if (!pair || !canvas) return;
    try {
      const d = await decodeMaskPair(pair.pred, pair.gt);
      canvas.width = d.width;
      canvas.height = d.height;
      const ctx = canvas.getContext('2d')!;
      const img = ctx.createImageData(d.width, d.height);
      for (let i = 0; i < d.width * d.height; i++) {
        const p = d.pred[i]!;
        const fg = p > 0.5;
        const g = d.gt[i]! !== 0;
        const grey = Math.max(0, Math.min(255, Math.floor(p * 160)));
        // grey = confidence; green = both, red = predicted only, blue = truth only.
        const [r, gg, b] = fg && g ? [40, 200, 120] : fg ? [230, 70, 60] : g ? [60, 110, 235] : [grey, grey, grey];
        img.data.set([r, gg, b, 255], 4 * i);
      }
      ctx.putImageData(img, 0, 0);
      this._overlayMsg = `${pair.pred.name} over ${pair.gt.name}, ${d.width}×${d.height}`;
    } catch (err) {
      this._overlayMsg = (err as Error).message;
    }
  }

  private onPackChange = (e: CustomEvent<string>) => {
    this._packId = e.detail;
    void this.run();
  };

  private renderResult(r: SegmenterResult) {
    const shownScores = r.scores.slice(0, TABLE_LIMIT);
    return html`<div class="card" data-testid="segmenter-result">
        <h3>Reward (${r.packId})</h3>
        <div>Mean IoU of the last ${r.counted} pairs = <span class="big">${valueSpan('reward', r.reward)}</span></div>
        ${r.emaInput !== null ? html`<div class="muted">EMA input (NaN counts as 0): ${valueSpan('emaInput', r.emaInput)}</div>` : ''}
        ${warningList(r.warnings)}
        <table>
          ${headerRow('Pair', 'Size', 'IoU', 'Status', 'Notes')}
          ${shownScores.map(
            (s) =>
              html`<tr data-pair=${s.key}>
                <td>${s.key}</td>
                <td class="num">${s.width}×${s.height}</td>
                <td>${valueSpan(`iou.${s.key}`, s.iou)}</td>
                <td>${s.status ?? 'ok'}</td>
                <td class="muted" style="text-align:left">${(s.warnings ?? []).join('; ')}</td>
              </tr>`,
          )}
        </table>
        ${r.scores.length > TABLE_LIMIT ? html`<p class="muted">… ${r.scores.length - TABLE_LIMIT} more pairs not listed.</p>` : ''}
      </div>
      <div class="card">
        <h3>Overlay</h3>
        <label
          >Pair<select
            name="overlay"
            .value=${this._overlayKey}
            @change=${(e: Event) => {
              this._overlayKey = (e.target as HTMLSelectElement).value;
              void this.drawOverlay();
            }}
          >
            ${this._pairs.map((p) => html`<option value=${p.key} ?selected=${p.key === this._overlayKey}>${p.key}</option>`)}
          </select></label
        >
        <p class="legend muted">
          <span><i class="sw" style="background:rgb(40,200,120)"></i>predicted and true</span>
          <span><i class="sw" style="background:rgb(230,70,60)"></i>predicted only</span>
          <span><i class="sw" style="background:rgb(60,110,235)"></i>truth only</span>
          <span>grey: confidence ≤ 0.5</span>
        </p>
        <canvas data-testid="overlay" width="1" height="1"></canvas>
        <div class="muted">${this._overlayMsg}</div>
      </div>`;
  }

  override render() {
    const r = this._result;
    return html`
      <h2>BitMind segmenter: IoU of your masks</h2>
      <p class="lead">
        Drop pairs of masks named <code>&lt;name&gt;.pred.png</code> (or <code>.pred.json</code>, a 2-D array of confidences) and
        <code>&lt;name&gt;.gt.png</code> (or <code>.gt.json</code>): files pair by the shared <code>&lt;name&gt;</code>, e.g. <code>x.pred.png</code> +
        <code>x.gt.png</code>. A PNG is read as grey levels g/255 (red channel); in the ground truth any non-zero pixel is foreground. Both masks of a pair must
        have the same size. Pairs are taken in name order as the history, oldest first. Decoding and scoring run in background workers.
      </p>
      <pf-pack-select mechanism="bitmind" .value=${this._packId} @pack-change=${this.onPackChange}></pf-pack-select>
      ${
        this.segmenterPacks.length < packsFor('bitmind').length
          ? html`<p class="muted">Segmenter packs: ${this.segmenterPacks.map((p) => p.id).join(', ')}.</p>`
          : ''
      }
      <div class="card">
        <pf-file-drop label="Drop mask pairs (PNG or JSON; select many files)" accept=".png,.json" multiple @files=${this.onFiles}></pf-file-drop>
        ${
          this._running || this._progress.total
            ? html`<div class="row" style="margin-top:0.6rem">
                <progress
                  aria-label="Mask pairs scored"
                  max=${this._progress.total}
                  .value=${this._progress.done}
                  data-done=${this._progress.done}
                  data-total=${this._progress.total}
                ></progress>
                <span class="num" data-testid="progress-text">${this._progress.done} / ${this._progress.total} pairs</span>
                ${this._running ? html`<button class="secondary" @click=${() => this._abort?.abort()}>Cancel</button>` : ''}
              </div>`
            : ''
        }
        ${this._error ? html`<div class="error" role="alert">${this._error}</div>` : ''}
      </div>
      ${r ? this.renderResult(r) : ''} ${this.store.render()}
    `;
  }
}
customElements.define('pf-bitmind-segmenter-page', PfBitmindSegmenterPage);

declare global {
  interface HTMLElementTagNameMap {
    'pf-bitmind-segmenter-page': PfBitmindSegmenterPage;
  }
}
