/**
 * Yuma Consensus page: the user pastes or drops a stake vector and a weight matrix (validators × miners, CSV or JSON,
 * parsed by core `parseStakeWeights`) and sees, per selected pack, the seed's rank and incentive (yuma-seed
 * `incentive.rank`) or the chain's epoch (yuma-subtensor `yuma.epoch`: consensus with κ, clipping, incentive,
 * validator trust, bonds, dividends) with its parameters editable, a heatmap of the row-normalised weights against
 * the consensus, and the out-of-consensus validators highlighted. For the epoch, validators and miners become one
 * UID list (validators first, with permits; miners with stake 0), and each validator row is quantised to u16 with the
 * bittensor SDK's max-upscale (`weights.toU16` of bitmind-v3.3.1, opentensor/bittensor weight_utils.py) as a
 * validator's set_weights would store it. Runs are stored in history; bad input names the row and cell.
 * Parsing and computation run in a worker (src/bridge/yuma.ts, core page-view.ts) with a phase shown and a Cancel
 * button, and the page draws bounded tables, so a large matrix never blocks the page.
 */
import { LitElement, html } from 'lit';
import { shared } from '../styles/shared.ts';
import { getPack, hasFunction, packsFor } from '../../core/rules/index.ts';
import { computeYuma, type EpochParams, type YumaView } from '../../bridge/yuma.ts';
import { PACK_INPUT_SHOWN_CHARS } from '../../core/rules/yuma/page-view.ts';
import type { RunDraft } from '../../bridge/history.ts';
import '../components/pack-select.ts';
import '../components/file-drop.ts';
import { saveFooter } from '../components/run-footer.ts';
import '../components/heatmap.ts';
import { valueSpan } from '../components/history-count.ts';
import { states } from '../states.ts';
import { headerRow, numberField, warningList } from '../components/markup.ts';
import { errorText } from '../components/error-text.ts';

/** Largest matrix drawn as a heatmap (one SVG cell per weight: more would block the page while it is drawn). */
const HEATMAP_MAX_CELLS = 64 * 64;
/** Rows shown in each table (the pack input and history keep every value). */
const TABLE_MAX_ROWS = 64;
function downloadText(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Largest text shown in the text area: a multi-megabyte value takes seconds to lay out and would block the page. */
const TEXTAREA_MAX_CHARS = 64 * 1024;
/** Bond values shown per validator row. */
const BONDS_MAX_SHOWN = 32;

const EXAMPLE = `stake,m1,m2,m3
600,0.5,0.3,0.2
300,0.45,0.35,0.2
100,0,0,1
`;

export class PfYumaPage extends LitElement {
  static override styles = shared;
  static override properties = states('_packId', '_text', '_params', '_error', '_view', '_draft', '_busy');
  private _packId = packsFor('yuma')[0]!.id;
  private _text = EXAMPLE;
  private _params: EpochParams = {
    kappaU16: 32767,
    bondsPenaltyU16: 65535,
    bondsMovingAverage: 900_000,
    yuma3: true,
    liquidAlpha: false,
    alphaLowU16: 45875,
    alphaHighU16: 58982,
  };
  private _error = '';
  private _view: YumaView | null = null;
  /** The run the last calculation would store; saved only on an explicit "Save to history". */
  private _draft: RunDraft | null = null;
  private _source: { name: string; sizeBytes: number } | null = null;
  /** A dropped file too long for the text area: the worker reads it (the page's thread never holds its text). */
  private _file: Blob | null = null;
  /** The running computation's phase text, or '' when idle. */
  private _busy = '';
  private _abort: AbortController | null = null;

  private async run(input: string | Blob, source: { name: string; sizeBytes: number } | null) {
    this._abort?.abort();
    const abort = (this._abort = new AbortController());
    this._error = '';
    this._draft = null;
    this._view = null;
    this._busy = 'Starting…';
    let view: YumaView;
    try {
      view = await computeYuma(
        abort.signal,
        input,
        this._packId,
        { ...this._params },
        (phase) => {
          if (this._abort === abort) this._busy = phase === 'parsing' ? 'Reading the stake and weights…' : 'Computing…';
        },
        { maxMatrixCells: HEATMAP_MAX_CELLS, bondColumns: BONDS_MAX_SHOWN },
      );
    } catch (err) {
      if (this._abort !== abort) return;
      this._busy = '';
      this._abort = null;
      this._error = errorText(err, 'Cancelled; nothing was stored.', source?.name);
      return;
    }
    if (this._abort !== abort) return;
    this._busy = '';
    this._abort = null;
    this._view = view;
    const perMiner = (prefix: string, xs: number[] | undefined) => Object.fromEntries((xs ?? []).slice(0, 32).map((x, j) => [`${prefix}.${j + 1}`, x]));
    // Stored only when the user presses "Save to history" (pf-save-run).
    this._draft = {
      mechanism: 'yuma',
      task: view.fn === 'yuma.epoch' ? 'epoch' : 'incentive',
      packId: view.packId,
      engine: source ? 'file' : 'manual',
      inputs: source ? [{ role: 'stake-weights', name: source.name, sizeBytes: source.sizeBytes, sha256: null }] : [],
      metrics: {
        validators: view.validators,
        miners: view.miners,
        ...(view.fn === 'yuma.epoch' ? { kappaU16: this._params.kappaU16, bondsPenaltyU16: this._params.bondsPenaltyU16 } : {}),
      },
      scores: {
        ...perMiner('incentive', view.incentive),
        ...perMiner('consensus', view.consensus),
        ...perMiner('dividends', view.dividends),
        outOfConsensus: view.out.map((o) => o.validator + 1).join(' '),
      },
      reasons: [
        ...view.warnings,
        ...view.out.map(
          (o) => `validator ${o.validator + 1}: ${o.clippedMass.toFixed(4)} of its weight lies above consensus (most on miner ${o.worstMiner + 1})`,
        ),
      ],
    };
  }

  private async onFiles(e: CustomEvent<File[]>) {
    const file = e.detail[0]!;
    this._source = { name: file.name, sizeBytes: file.size };
    if (file.size > TEXTAREA_MAX_CHARS) {
      this._file = file;
      this._text = '';
    } else {
      this._file = null;
      this._text = await file.text();
    }
    await this.run(this._file ?? this._text, this._source);
  }

  private numParam(key: 'kappaU16' | 'bondsPenaltyU16' | 'bondsMovingAverage' | 'alphaLowU16' | 'alphaHighU16', label: string, max: number) {
    return numberField(label, key, this._params[key], (n) => (this._params = { ...this._params, [key]: Math.trunc(n) }), { step: '1', min: 0, max });
  }

  private boolParam(key: 'yuma3' | 'liquidAlpha', label: string) {
    return html`<label
      >${label}<input
        type="checkbox"
        name=${key}
        .checked=${this._params[key]}
        @change=${(e: Event) => (this._params = { ...this._params, [key]: (e.target as HTMLInputElement).checked })}
    /></label>`;
  }

  private renderView(v: YumaView) {
    const epoch = v.fn === 'yuma.epoch';
    const miners = Array.from({ length: Math.min(v.miners, TABLE_MAX_ROWS) }, (_, j) => j);
    const validators = Array.from({ length: Math.min(v.validators, TABLE_MAX_ROWS) }, (_, i) => i);
    const cut = (shown: number, all: number, what: string) =>
      shown < all
        ? html`<p class="muted" data-testid="rows-cut">The first ${shown} of ${all} ${what} are shown; history and the pack input below keep every value.</p>`
        : '';
    const heatmap = v.validators * v.miners <= HEATMAP_MAX_CELLS;
    const outSet = new Set(v.out.map((o) => o.validator));
    return html`<div class="card" data-testid="yuma-result">
        <h3>Miners (${v.packId})</h3>
        <table>
          ${headerRow('Miner', `Consensus${epoch ? '' : ' (chain κ rule, reference)'}`, 'Rank', 'Incentive', ...(epoch ? ['Emission'] : []))}
          ${miners.map(
            (j) =>
              html`<tr data-miner=${j + 1}>
                <td>m${j + 1}</td>
                <td>${valueSpan(`consensus.${j + 1}`, v.consensus[j])}</td>
                <td>${valueSpan(`rank.${j + 1}`, v.rank[j])}</td>
                <td>${valueSpan(`incentive.${j + 1}`, v.incentive[j])}</td>
                ${epoch ? html`<td>${valueSpan(`minerEmission.${j + 1}`, v.minerEmission![j])}</td>` : ''}
              </tr>`,
          )}
        </table>
        ${cut(miners.length, v.miners, 'miners')}
        ${
          epoch
            ? html`<h3>Validators</h3>
                <table>
                  ${headerRow('Validator', 'Validator trust', 'Dividends', 'Emission', 'Bonds (per miner)')}
                  ${validators.map(
                    (i) =>
                      html`<tr data-validator=${i + 1} class=${outSet.has(i) ? 'warn' : ''}>
                        <td>v${i + 1}</td>
                        <td>${valueSpan(`validatorTrust.${i + 1}`, v.validatorTrust![i])}</td>
                        <td>${valueSpan(`dividends.${i + 1}`, v.dividends![i])}</td>
                        <td>${valueSpan(`validatorEmission.${i + 1}`, v.validatorEmission![i])}</td>
                        <td class="num">
                          ${v
                            .bonds![i]!.slice(0, BONDS_MAX_SHOWN)
                            .map((b) => b.toFixed(4))
                            .join(' ')}${v.miners > BONDS_MAX_SHOWN ? ' …' : ''}
                        </td>
                      </tr>`,
                  )}
                </table>
                ${cut(validators.length, v.validators, 'validators')}
                <p class="muted">
                  Previous bonds are taken as 0 (a first epoch); emission is 1 unit, split between miners (incentive) and validators (dividends).
                </p>`
            : ''
        }
        ${warningList(v.warnings)}
      </div>
      <div class="card">
        <h3>Weights against consensus</h3>
        <p class="muted">Cells: each validator's row-normalised weight; orange tick: the column's consensus. Outlined rows put weight above consensus.</p>
        ${
          heatmap
            ? html`<pf-heatmap
                .values=${v.normalizedWeights}
                .marker=${v.consensus}
                .highlight=${v.out.map((o) => o.validator)}
                .rowLabels=${Array.from({ length: v.validators }, (_, i) => `v${i + 1}`)}
                .colLabels=${Array.from({ length: v.miners }, (_, j) => `m${j + 1}`)}
              ></pf-heatmap>`
            : html`<p class="muted" data-testid="heatmap-skipped">
                The heatmap is drawn for up to ${HEATMAP_MAX_CELLS} weights; this input has ${v.validators * v.miners}. The out-of-consensus list below covers
                every validator.
              </p>`
        }
        ${
          v.out.length
            ? html`<h3>Out of consensus</h3>
                <ul class="reasons" data-testid="out-of-consensus">
                  ${v.out.slice(0, TABLE_MAX_ROWS).map((o) => html`<li data-validator=${o.validator + 1}>validator v${o.validator + 1}: ${valueSpan(`clippedMass.${o.validator + 1}`, o.clippedMass)} of its weight is clipped (most on m${o.worstMiner + 1})</li>`)}
                </ul>
                ${cut(Math.min(v.out.length, TABLE_MAX_ROWS), v.out.length, 'out-of-consensus validators')}`
            : html`<p class="ok">Every validator's weights are within consensus.</p>`
        }
      </div>
      <details class="card">
        <summary>Pack input (run it with <code>preflight score ${v.packId} ${v.fn} --input file.json</code>)</summary>
        ${
          v.packInputJson.length <= PACK_INPUT_SHOWN_CHARS
            ? html`<pre class="formula" data-pack-input=${v.fn}>${v.packInputJson}</pre>`
            : html`<p class="muted">
                The input is ${(v.packInputJson.length / 1048576).toFixed(1)} MB of JSON, too long to show here.
                <button class="secondary" @click=${() => downloadText(`${v.fn}-input.json`, v.packInputJson)}>Download it</button>
              </p>`
        }
      </details>`;
  }

  private onPackChange = (e: CustomEvent<string>) => {
    this._packId = e.detail;
    if (this._view) void this.run(this._file ?? this._text, this._source);
  };

  override render() {
    const epoch = hasFunction(getPack(this._packId, 'yuma')!, 'yuma.epoch');
    return html`
      <h2>Yuma consensus: stake × weights</h2>
      <p class="lead">
        Paste or drop a stake vector and a weight matrix, rows = validators, columns = miners. CSV: one line per validator, <code>stake, w1, w2, …</code> (an
        optional header line is skipped); JSON: <code>{"stake": [...], "weights": [[...], ...]}</code>.
      </p>
      <pf-pack-select mechanism="yuma" .value=${this._packId} @pack-change=${this.onPackChange}></pf-pack-select>
      <div class="card">
        <pf-file-drop label="Drop a stake/weights file (CSV or JSON)" accept=".csv,.json,.txt" @files=${this.onFiles}></pf-file-drop>
        <label style="margin-top:0.6rem"
          >Stake and weights<textarea
            name="matrix"
            .value=${this._text}
            placeholder=${this._file ? `${this._source?.name ?? 'The file'} (${(this._file.size / 1048576).toFixed(1)} MB) is loaded but too long to show here; Compute uses it, and typing here replaces it` : ''}
            @input=${(e: Event) => {
              this._text = (e.target as HTMLTextAreaElement).value;
              this._source = null;
              this._file = null;
            }}
          ></textarea>
        </label>
        <div class="row" style="margin-top:0.6rem">
          ${this.numParam('kappaU16', 'κ (u16, 32767 ≈ 0.5)', 65535)}
          ${
            epoch
              ? html`${this.numParam('bondsPenaltyU16', 'Bonds penalty β (u16)', 65535)}${this.numParam('bondsMovingAverage', 'Bonds moving average (millionths)', 1_000_000)}
                ${this.boolParam('yuma3', 'Yuma3')}${this.boolParam('liquidAlpha', 'Liquid alpha')}
                ${this._params.liquidAlpha ? html`${this.numParam('alphaLowU16', 'α low (u16)', 65535)}${this.numParam('alphaHighU16', 'α high (u16)', 65535)}` : ''}`
              : ''
          }
          <button @click=${() => this.run(this._file ?? this._text, this._source)}>Compute</button>
          ${
            this._busy
              ? html`<span role="status" data-testid="yuma-busy">${this._busy}</span>
                  <button class="secondary" @click=${() => this._abort?.abort()}>Cancel</button>`
              : ''
          }
        </div>
        ${this._error ? html`<div class="error" role="alert">${this._error}</div>` : ''}
      </div>
      ${this._view ? this.renderView(this._view) : ''} ${saveFooter(this._draft)}
    `;
  }
}
customElements.define('pf-yuma-page', PfYumaPage);

declare global {
  interface HTMLElementTagNameMap {
    'pf-yuma-page': PfYumaPage;
  }
}
