/**
 * BitMind (SN34) detector page: a miner drops its own predictions (CSV or JSON) and sees what the selected rule pack
 * makes of them: binary and multiclass MCC and the per-modality and total reward (bitmind-seed, bitmind-v3.3.1),
 * Brier and the sn34 score (bitmind-gas), accuracy by class, a confusion matrix, a reliability diagram and the score
 * EMA projected over future rounds at this quality. Every number comes from a pack function or a core helper; the run
 * is stored in history, and a malformed file is rejected with the row and field named and nothing stored.
 */
import { LitElement, html } from 'lit';
import { shared } from '../styles/shared.ts';
import { getPack, packsFor } from '../../core/rules/index.ts';
import { parsePredictionTable, type PredictionRow } from '../../core/rules/bitmind/detector-data.ts';
import { MODALITIES, csvPredictionRows, detectorScoring, scoreDetector, type DetectorResult } from '../../core/rules/bitmind/detector-score.ts';
import '../components/pack-select.ts';
import '../components/file-drop.ts';
import { RunStore } from '../components/run-saved.ts';
import '../components/confusion-matrix.ts';
import '../components/reliability-diagram.ts';
import '../components/line-chart.ts';
import { valueSpan } from '../components/history-count.ts';
import { states } from '../states.ts';
import { headerRow, numberField, warningList } from '../components/markup.ts';

const CLASS_NAMES = ['real', 'synthetic', 'semi-synthetic'];
export class PfBitmindDetectorPage extends LitElement {
  static override styles = shared;
  static override properties = states('_packId', '_rows', '_source', '_error', '_result', '_startScore', '_rounds', '_weights');
  private _packId = packsFor('bitmind')[0]!.id;
  private _rows: PredictionRow[] = [];
  private _source: { name: string; sizeBytes: number } | null = null;
  private _error = '';
  private _result: DetectorResult | null = null;
  private store = new RunStore(this);
  private _startScore = 0;
  private _rounds = 100;
  /** Seed weights (the seed leaves them configurable; defaults are the v3.3.1 code's). */
  private _weights = { image: 0.6, video: 0.4, binary: 0.75, multiclass: 0.25 };

  /** Runs the selected pack on the rows (see the module doc). Throws the pack's error on bad input. */
  private compute(rows: PredictionRow[]): DetectorResult {
    return scoreDetector(getPack(this._packId, 'bitmind')!, rows, { weights: this._weights, startScore: this._startScore, rounds: this._rounds });
  }

  private async run() {
    if (!this._rows.length) return;
    this._error = '';
    this.store.reset();
    let r: DetectorResult;
    try {
      r = this.compute(this._rows);
    } catch (err) {
      this._result = null;
      this._error = (err as Error).message;
      return;
    }
    this._result = r;
    const num = (x: number | null | undefined) => (x === null || x === undefined ? null : x);
    await this.store.save({
      mechanism: 'bitmind',
      task: 'detector',
      packId: r.packId,
      engine: 'file',
      inputs: this._source ? [{ role: 'predictions', name: this._source.name, sizeBytes: this._source.sizeBytes, sha256: null }] : [],
      metrics: {
        samples: r.n,
        imageBinaryMcc: r.modalities.image.binaryMcc,
        videoBinaryMcc: r.modalities.video.binaryMcc,
        ...(r.scoring === 'sn34' ? {} : { imageMulticlassMcc: r.modalities.image.multiclassMcc, videoMulticlassMcc: r.modalities.video.multiclassMcc }),
        ...(r.total.brier !== undefined ? { brier: r.total.brier } : {}),
      },
      scores: {
        reward: num(r.total.reward),
        imageReward: num(r.modalities.image.reward),
        videoReward: num(r.modalities.video.reward),
        ...(r.total.sn34 !== undefined ? { sn34: r.total.sn34, sn34Image: r.modalities.image.sn34 ?? null, sn34Video: r.modalities.video.sn34 ?? null } : {}),
      },
      reasons: r.warnings,
    });
  }

  private async onFiles(e: CustomEvent<File[]>) {
    const file = e.detail[0]!;
    this._result = null;
    this.store.reset();
    this._rows = [];
    const text = await file.text();
    let raw: unknown;
    let lineOf: number[] | null = null;
    try {
      if (/\.json$/i.test(file.name) || /^\s*[[{]/.test(text)) {
        try {
          raw = JSON.parse(text);
        } catch (err) {
          throw new Error(`${file.name}: not valid JSON (${(err as Error).message})`);
        }
        if (raw && typeof raw === 'object' && !Array.isArray(raw) && Array.isArray((raw as { predictions?: unknown }).predictions))
          raw = (raw as { predictions: unknown[] }).predictions;
      } else {
        const csv = csvPredictionRows(text);
        raw = csv.rows;
        lineOf = csv.lineOf;
      }
    } catch (err) {
      this._error = `${file.name}: ${(err as Error).message.replace(`${file.name}: `, '')}`;
      return;
    }
    const parsed = parsePredictionTable(raw);
    if (!parsed.ok) {
      const where = (row: number) => (row < 0 ? 'file' : `row ${row + 1}${lineOf ? ` (line ${lineOf[row]})` : ''}`);
      const shown = parsed.errors
        .slice(0, 20)
        .map((er) => `${where(er.index)}${er.id !== undefined ? `, id ${JSON.stringify(er.id)}` : ''}, ${er.field}: ${er.message}`);
      if (parsed.errors.length > 20) shown.push(`… and ${parsed.errors.length - 20} more`);
      this._error = `${file.name}: ${parsed.errors.length} problem${parsed.errors.length > 1 ? 's' : ''}, nothing was scored or stored:\n${shown.join('\n')}`;
      return;
    }
    if (parsed.rows.length === 0) {
      this._error = `${file.name}: no prediction rows`;
      return;
    }
    this._error = '';
    this._rows = parsed.rows;
    this._source = { name: file.name, sizeBytes: file.size };
    await this.run();
  }

  private weightField(key: keyof PfBitmindDetectorPage['_weights'], label: string) {
    return numberField(label, key, this._weights[key], (n) => (this._weights = { ...this._weights, [key]: n }), { step: '0.05' });
  }

  private renderScores(r: DetectorResult) {
    const gas = r.scoring === 'sn34';
    return html`<table data-testid="detector-scores">
        ${headerRow('Modality', 'Samples', 'Binary MCC', ...(gas ? ['Brier', 'sn34'] : ['Multiclass MCC', 'Reward']))}
        ${MODALITIES.map(
          (m) =>
            html`<tr data-modality=${m}>
              <td>${m}</td>
              <td class="num">${r.modalities[m].n}</td>
              <td>${valueSpan(`${m}.binaryMcc`, r.modalities[m].binaryMcc)}</td>
              ${
                gas
                  ? html`<td>${valueSpan(`${m}.brier`, r.modalities[m].brier)}</td>
                      <td>${valueSpan(`${m}.sn34`, r.modalities[m].sn34, 6)}</td>`
                  : html`<td>${valueSpan(`${m}.multiclassMcc`, r.modalities[m].multiclassMcc)}</td>
                      <td>${valueSpan(`${m}.reward`, r.modalities[m].reward)}</td>`
              }
            </tr>`,
        )}
        <tr>
          <th>Total</th>
          <td class="num">${r.n}</td>
          ${
            gas
              ? html`<td>${valueSpan('total.binaryMcc', r.total.binaryMcc)}</td>
                  <td>${valueSpan('total.brier', r.total.brier)}</td>
                  <td>${valueSpan('total.sn34', r.total.sn34, 6)}</td>`
              : html`<td></td>
                  <td></td>
                  <td><strong>${valueSpan('total.reward', r.total.reward)}</strong></td>`
          }
        </tr>
      </table>
      ${
        gas
          ? html`<p class="muted">
              gasbench scores a submitted model per modality (image and video escrows are paid separately); the total row scores all rows together. sn34 =
              √(max(1e-12, ((MCC+1)/2)^1.2 · ((0.25 − Brier)/0.25)^1.8)).
            </p>`
          : r.scoring === 'history'
            ? html`<p class="muted">
                Reward = 0.6·image + 0.4·video, each 0.75·max(0, binary MCC) + 0.25·max(0, multiclass MCC) over the last 200 predictions of the modality in file
                order; a modality with fewer than 5 pays 0.
              </p>`
            : html`<p class="muted">C = Σ_m p_m Σ_k w_k MCC_k with the weights above (the seed does not clip negative MCCs).</p>`
      }`;
  }

  private onPackChange = (e: CustomEvent<string>) => {
    this._packId = e.detail;
    void this.run();
  };

  private renderResult(r: DetectorResult) {
    return html`<div class="card" data-testid="detector-result">
        <h3>Scores (${r.packId})</h3>
        ${this.renderScores(r)} ${warningList(r.warnings)}
      </div>
      <div class="card">
        <h3>Accuracy by class</h3>
        <table>
          ${headerRow('True class', 'Samples', 'Correct', 'Accuracy')}
          ${r.accuracy.map(
            (a) =>
              html`<tr>
                <td>${CLASS_NAMES[a.classId]}</td>
                <td class="num">${a.count}</td>
                <td class="num">${a.correct}</td>
                <td>${valueSpan(`accuracy.${CLASS_NAMES[a.classId]}`, a.accuracy)}</td>
              </tr>`,
          )}
        </table>
        <div class="row" style="align-items:start; margin-top:0.8rem">
          <div>
            <h3>Confusion matrix</h3>
            <pf-confusion-matrix .matrix=${r.matrix} .labels=${CLASS_NAMES}></pf-confusion-matrix>
          </div>
          <div>
            <h3>Reliability of P(AI)</h3>
            <pf-reliability-diagram .bins=${r.bins}></pf-reliability-diagram>
          </div>
        </div>
        <p class="muted">Predicted class = argmax of the probabilities (P(AI) &gt; 0.5 for a single value); P(AI) = 1 − p_real.</p>
      </div>
      <div class="card">
        <h3>Score over future rounds at this quality</h3>
        ${
          r.ema
            ? html`<p class="muted">${r.ema.alpha}; starting at ${this._startScore}, reward ${r.total.reward} every round.</p>
                <pf-line-chart .points=${r.ema.points} xLabel="rounds"></pf-line-chart>
                <table>
                  ${headerRow('Round', 'Score')}
                  ${[1, 10, 50, 100, 200, this._rounds]
                    .filter((k, i, a) => k <= this._rounds && a.indexOf(k) === i)
                    .map(
                      (k) =>
                        html`<tr>
                          <td>${k}</td>
                          <td>${valueSpan(`ema.${k}`, r.ema!.points[k])}</td>
                        </tr>`,
                    )}
                </table>`
            : html`<p class="muted">This pack has no score EMA: gasbench benchmarks a submitted model once and pays the round winner.</p>`
        }
      </div>`;
  }

  override render() {
    const r = this._result;
    const seed = detectorScoring(getPack(this._packId, 'bitmind')!) === 'mcc';
    return html`
      <h2>BitMind detector: score your predictions</h2>
      <p class="lead">
        Drop your predictions as <strong>CSV</strong> with the header <code>id,modality,label,p_real,p_synthetic,p_semi_synthetic</code> (or
        <code>id,modality,label,p_synthetic</code> for P(synthetic) alone), or as <strong>JSON</strong>: an array of
        <code>{"id", "modality": "image"|"video", "label": "real"|"synthetic"|"semi-synthetic", "probabilities": [p_real, p_synthetic, p_semi]}</code>
        (1, 2 or 3 probabilities; 2 or 3 must sum to 1 within 1e-6). Rows are taken in file order, oldest first.
      </p>
      <pf-pack-select mechanism="bitmind" .value=${this._packId} @pack-change=${this.onPackChange}></pf-pack-select>
      <div class="card">
        <pf-file-drop label="Drop a predictions file (CSV or JSON)" accept=".csv,.json,.txt" @files=${this.onFiles}></pf-file-drop>
        <div class="row" style="margin-top:0.8rem">
          ${seed ? html`${this.weightField('image', 'p image')}${this.weightField('video', 'p video')}${this.weightField('binary', 'w binary')}${this.weightField('multiclass', 'w multiclass')}` : ''}
          ${numberField('EMA start score', 'startScore', this._startScore, (n) => (this._startScore = n), { step: '0.01' })}
          ${numberField('Rounds', 'rounds', this._rounds, (n) => (this._rounds = Math.max(1, Math.min(5000, Math.floor(n) || 1))), { step: '1', min: 1, max: 5000 })}
          <button ?disabled=${!this._rows.length} @click=${() => this.run()}>Score again</button>
        </div>
        ${this._error ? html`<div class="error" role="alert">${this._error}</div>` : ''}
      </div>
      ${r ? this.renderResult(r) : ''} ${this.store.render()}
    `;
  }
}
customElements.define('pf-bitmind-detector-page', PfBitmindDetectorPage);

declare global {
  interface HTMLElementTagNameMap {
    'pf-bitmind-detector-page': PfBitmindDetectorPage;
  }
}
