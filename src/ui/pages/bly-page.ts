/**
 * BLY (Blyan) rewards page: the reward calculator (inference, learning, validation, dataset) and the budget buckets
 * (daily target, floor, ceiling, hourly target, and, for the upstream code pack, a replay of a scenario the user edits:
 * allocate/refresh operations with rollover, accumulation cap and backpay) for bly-seed or blyan@56e1d0c. The
 * numbers come from the packs' `bly.*` functions; the pack notes list where the code differs from the document. A
 * scenario can be dropped as JSON; a bad one names the operation and field, and nothing is stored. Reading and
 * replaying run in a worker (src/bridge/bly.ts, core scenario.ts) with a Cancel button, operation counts are capped
 * before the replay starts, and only the first rows of long scenarios are drawn, so the page never blocks.
 */
import { LitElement, html } from 'lit';
import { shared } from '../styles/shared.ts';
import { getPack, hasFunction, packsFor } from '../../core/rules/index.ts';
import { BUCKETS, type BucketStep } from '../../core/rules/bly/budget.ts';
import type { RunDraft } from '../../bridge/history.ts';
import { DEFAULT_SCENARIO as DEFAULT, type Op, type Scenario } from '../../core/rules/bly/scenario.ts';
import { computeBly, type BlyResult } from '../../bridge/bly.ts';
import '../components/pack-select.ts';
import '../components/file-drop.ts';
import { saveFooter } from '../components/run-footer.ts';
import { valueSpan } from '../components/history-count.ts';
import { states } from '../states.ts';
import { headerRow, numberField } from '../components/markup.ts';
import { errorText } from '../components/error-text.ts';

/** Operations shown as editable rows, and replay steps shown (history keeps the final balances of every replay). */
const ROWS_SHOWN = 50;

const REWARD_FIELDS: { [K in 'inference' | 'learning' | 'validation' | 'dataset']: [keyof Scenario[K], string][] } = {
  inference: [
    ['tokens', 'Tokens'],
    ['quality', 'Quality (0.5–1.5)'],
  ],
  learning: [
    ['improvementPct', 'Improvement (%)'],
    ['difficulty', 'Difficulty (1–3)'],
    ['applicability', 'Applicability (0.8–1.2)'],
    ['basePoolDayBly', 'Pool per day (BLY, code)'],
    ['hourSliceShare', 'Hour-slice share (code)'],
  ],
  validation: [
    ['tasks', 'Tasks'],
    ['complexity', 'Complexity'],
  ],
  dataset: [
    ['sizeGb', 'Size (GB)'],
    ['quality', 'Quality (0–1)'],
    ['diversity', 'Diversity (≤ 2)'],
  ],
};

export class PfBlyPage extends LitElement {
  static override styles = shared;
  static override properties = states('_packId', '_s', '_error', '_result', '_draft', '_busy');
  private _packId = packsFor('bly')[0]!.id;
  private _s: Scenario = structuredClone(DEFAULT);
  private _error = '';
  private _result: BlyResult | null = null;
  /** The run the last calculation would store; saved only on an explicit "Save to history". */
  private _draft: RunDraft | null = null;
  private _source: { name: string; sizeBytes: number } | null = null;
  private _busy = false;
  /** Steps of the last replay (only the first ROWS_SHOWN are in `_result`). */
  private _stepCount = 0;
  private _abort: AbortController | null = null;

  /** Computes `input` (a file's text, or the edited scenario) in the worker; stores the run when it succeeds. */
  private async run(input: { file: Blob } | { scenario: Scenario } = { scenario: this._s }, source = this._source) {
    this._abort?.abort();
    const abort = (this._abort = new AbortController());
    this._error = '';
    this._draft = null;
    this._busy = true;
    let r: BlyResult;
    let last: BucketStep | null;
    try {
      const out = await computeBly(abort.signal, input, this._packId, ROWS_SHOWN);
      if (this._abort !== abort) return;
      this._s = out.scenario;
      this._source = source;
      this._stepCount = out.stepCount;
      last = out.lastStep;
      r = out.result;
    } catch (err) {
      if (this._abort !== abort) return;
      this._result = null;
      this._error = errorText(err, 'Cancelled; nothing was stored.', source?.name);
      return;
    } finally {
      if (this._abort === abort) {
        this._busy = false;
        this._abort = null;
      }
    }
    this._result = r;
    // Stored only when the user presses "Save to history" (pf-save-run).
    this._draft = {
      mechanism: 'bly',
      task: 'rewards',
      packId: r.packId,
      engine: this._source ? 'file' : 'manual',
      inputs: this._source ? [{ role: 'scenario', name: this._source.name, sizeBytes: this._source.sizeBytes, sha256: null }] : [],
      metrics: { dailyBudgetBly: this._s.dailyBudgetBly, operations: this._s.operations.length },
      scores: {
        inference: r.rewards.inference.bly,
        learning: r.rewards.learning.bly,
        validation: r.rewards.validation.bly,
        dataset: r.rewards.dataset.bly,
        ...(last ? Object.fromEntries(BUCKETS.map((b) => [`available.${b}`, last.available[b]])) : {}),
      },
      reasons: Object.entries(r.rewards).flatMap(([k, v]) => (v.error ? [`${k}: ${v.error}`] : [])),
    };
  }

  private async onFiles(e: CustomEvent<File[]>) {
    const file = e.detail[0]!;
    this._result = null;
    this._draft = null;
    await this.run({ file }, { name: file.name, sizeBytes: file.size });
  }

  private set(path: (s: Scenario) => void) {
    const next = structuredClone(this._s);
    path(next);
    this._s = next;
    this._source = null;
  }

  private rewardCard(kind: 'inference' | 'learning' | 'validation' | 'dataset', title: string) {
    const seed = hasFunction(getPack(this._packId, 'bly')!, 'bly.dailyBudget');
    const fields = REWARD_FIELDS[kind].filter(([k]) => !(seed && (k === 'basePoolDayBly' || k === 'hourSliceShare')));
    const r = this._result?.rewards[kind];
    return html`<div class="card" data-reward=${kind}>
      <h3>${title}</h3>
      <div class="row">
        ${fields.map(([k, label]) =>
          numberField(label, `${kind}.${String(k)}`, (this._s[kind] as Record<string, number>)[k as string]!, (n) =>
            this.set((s) => ((s[kind] as Record<string, number>)[k as string] = n)),
          ),
        )}
      </div>
      ${r ? html`<div style="margin-top:0.4rem">= ${valueSpan(`reward.${kind}`, r.bly)} BLY ${r.error ? html`<span class="warn">${r.error}</span>` : ''}</div>` : ''}
    </div>`;
  }

  private opRow(op: Op, i: number) {
    const update = (f: (o: Record<string, unknown>) => void) => this.set((s) => f(s.operations[i] as unknown as Record<string, unknown>));
    return html`<tr data-op=${i + 1}>
      <td>${i + 1}</td>
      <td>
        <select
          aria-label=${`Operation ${i + 1}`}
          .value=${op.op}
          @change=${(e: Event) =>
            this.set((s) => {
              const v = (e.target as HTMLSelectElement).value;
              s.operations[i] = v === 'refresh' ? { op: 'refresh', hour: op.hour } : { op: 'allocate', bucket: 'inference', amountBly: 0, hour: op.hour };
            })}
        >
          <option value="allocate" ?selected=${op.op === 'allocate'}>allocate</option>
          <option value="refresh" ?selected=${op.op === 'refresh'}>refresh</option>
        </select>
      </td>
      <td>
        ${
          op.op === 'allocate'
            ? html`<select
                aria-label=${`Bucket of operation ${i + 1}`}
                .value=${op.bucket}
                @change=${(e: Event) => update((o) => (o.bucket = (e.target as HTMLSelectElement).value))}
              >
                ${BUCKETS.map((b) => html`<option value=${b} ?selected=${b === op.bucket}>${b}</option>`)}
              </select>`
            : ''
        }
      </td>
      <td>
        ${op.op === 'allocate' ? html`<input type="number" step="any" aria-label=${`Amount (BLY) of operation ${i + 1}`} .value=${String(op.amountBly)} @change=${(e: Event) => update((o) => (o.amountBly = Number((e.target as HTMLInputElement).value)))} />` : ''}
      </td>
      <td>
        <input
          type="number"
          step="1"
          aria-label=${`Hour of operation ${i + 1}`}
          .value=${String(op.hour)}
          @change=${(e: Event) => update((o) => (o.hour = Number((e.target as HTMLInputElement).value)))}
        />
      </td>
      <td><button class="secondary" aria-label=${`Remove operation ${i + 1}`} @click=${() => this.set((s) => s.operations.splice(i, 1))}>Remove</button></td>
    </tr>`;
  }

  private renderBudget(r: BlyResult) {
    return html`<table data-testid="bly-budget">
      ${headerRow('Bucket', 'Target / day', 'Floor / day', 'Ceiling / day', 'Target / hour')}
      ${BUCKETS.map(
        (b) =>
          html`<tr>
            <td>${b}</td>
            <td>${valueSpan(`budget.target.${b}`, r.budget.target[b], 2)}</td>
            <td>${valueSpan(`budget.floor.${b}`, r.budget.floor[b], 2)}</td>
            <td>${valueSpan(`budget.ceiling.${b}`, r.budget.ceiling[b], 2)}</td>
            <td>${valueSpan(`budget.hourly.${b}`, r.budget.hourlyTarget[b], 2)}</td>
          </tr>`,
      )}
    </table>`;
  }

  private renderSteps(steps: BucketStep[]) {
    return html`<table data-testid="bly-steps">
        ${headerRow('#', 'Operation', 'Granted', ...BUCKETS, 'Queued', 'Backpay')}
        ${steps.slice(0, ROWS_SHOWN).map((st, i) => {
          const op = this._s.operations[i]!;
          const queued = BUCKETS.filter((b) => st.queued[b] > 0)
            .map((b) => `${b} ${st.queued[b].toFixed(2)} (${st.queueLength[b]})`)
            .join(', ');
          return html`<tr data-step=${i + 1}>
            <td>${i + 1}</td>
            <td>${op.op === 'allocate' ? `allocate ${op.amountBly} ${op.bucket} @h${op.hour}` : `refresh @h${op.hour}`}</td>
            <td>${st.grantedBly !== undefined ? valueSpan(`step.${i + 1}.granted`, st.grantedBly, 2) : ''}</td>
            ${BUCKETS.map((b) => html`<td>${valueSpan(`step.${i + 1}.available.${b}`, st.available[b], 2)}</td>`)}
            <td class="num">${queued}</td>
            <td class="num">${st.backpay.map((e) => `${e.kind} ${e.bucket} ${e.paidBly.toFixed(2)}`).join(', ')}</td>
          </tr>`;
        })}
      </table>
      ${this._stepCount > steps.length ? html`<p class="muted" data-testid="steps-cut">The first ${steps.length} of ${this._stepCount} steps are shown; the last step's balances are stored in history.</p>` : ''}`;
  }

  private onPackChange = (e: CustomEvent<string>) => {
    this._packId = e.detail;
    if (this._result) void this.run();
  };

  override render() {
    const r = this._result;
    const code = this._packId !== 'bly-seed';
    return html`
      <h2>BLY rewards and budget buckets</h2>
      <p class="lead">
        Edit the reward inputs and the bucket scenario, or drop a JSON scenario
        <code
          >{"dailyBudgetBly", "startHour", "operations": [{"op": "allocate", "bucket", "amountBly", "hour"} | {"op": "refresh", "hour"}], "inference": {...},
          …}</code
        >. The differences between the document and the upstream code are listed under the pack selector.
      </p>
      <pf-pack-select mechanism="bly" .value=${this._packId} @pack-change=${this.onPackChange}></pf-pack-select>
      <div class="card">
        <pf-file-drop label="Drop a scenario (JSON)" accept=".json" @files=${this.onFiles}></pf-file-drop>
        ${this._error ? html`<div class="error" role="alert">${this._error}</div>` : ''}
      </div>
      ${this.rewardCard('inference', 'Inference')}${this.rewardCard('learning', 'Learning')}${this.rewardCard('validation', 'Validation')}${this.rewardCard('dataset', 'Dataset')}
      <div class="card">
        <h3>Budget</h3>
        <div class="row">
          ${numberField('Daily budget (BLY)', 'dailyBudgetBly', this._s.dailyBudgetBly, (n) => this.set((s) => (s.dailyBudgetBly = n)))}
          ${numberField('Start hour', 'startHour', this._s.startHour, (n) => this.set((s) => (s.startHour = n)), { step: '1' })}
        </div>
        ${r ? this.renderBudget(r) : ''}
        <p class="muted">
          Target, floor and ceiling per bucket are the document's table (bly.dailyBudget of bly-seed); the upstream code reports the same floors and ceilings
          but never enforces them, so the replay below can fall under a floor or exceed a ceiling.
        </p>
        <h3>Scenario</h3>
        <table>
          ${headerRow('#', 'Operation', 'Bucket', 'Amount (BLY)', 'Hour', '')} ${this._s.operations.slice(0, ROWS_SHOWN).map((op, i) => this.opRow(op, i))}
        </table>
        ${
          this._s.operations.length > ROWS_SHOWN
            ? html`<p class="muted" data-testid="ops-cut">
                The first ${ROWS_SHOWN} of ${this._s.operations.length} operations are shown for editing; the replay uses all of them.
              </p>`
            : ''
        }
        <div class="row" style="margin-top:0.5rem">
          <button
            class="secondary"
            @click=${() => this.set((s) => s.operations.push({ op: 'allocate', bucket: 'inference', amountBly: 100, hour: s.operations.at(-1)?.hour ?? s.startHour }))}
          >
            Add allocate
          </button>
          <button class="secondary" @click=${() => this.set((s) => s.operations.push({ op: 'refresh', hour: (s.operations.at(-1)?.hour ?? s.startHour) + 1 }))}>
            Add refresh
          </button>
          <button @click=${() => this.run()}>Compute</button>
          ${this._busy ? html`<span role="status" data-testid="bly-busy">Replaying…</span><button class="secondary" @click=${() => this._abort?.abort()}>Cancel</button>` : ''}
        </div>
        ${
          r?.steps
            ? html`<h3>Bucket replay (${r.packId})</h3>
                ${this.renderSteps(r.steps)}
                <p class="muted">
                  Balances after each operation: a refresh adds the hourly share per hour elapsed, keeps the old balance only within 24 h (rollover), caps at 3
                  hours of share; an allocation grants what the bucket holds and queues the rest for backpay.
                </p>`
            : r && !code
              ? html`<p class="muted">
                  The seed describes rebalancing, rollover and backpay without formulas, so it has no bucket replay; choose blyan@56e1d0c to replay the scenario
                  with the upstream code.
                </p>`
              : ''
        }
      </div>
      ${saveFooter(this._draft)}
    `;
  }
}
customElements.define('pf-bly-page', PfBlyPage);

declare global {
  interface HTMLElementTagNameMap {
    'pf-bly-page': PfBlyPage;
  }
}
