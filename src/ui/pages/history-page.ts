/**
 * History page: every stored run, export (JSON, CSV) and import, and the Vidaio standing computed from real
 * history: multipliers, accumulate_score and a what-if for the next result, under the selected rule pack.
 * A workspace too: any run reopens with its per-frame plot (frames re-read from the user's files when dropped
 * again), two runs compare side by side, one run exports as a self-contained HTML report, and a deleted run can
 * be restored with "Undo" for a few seconds.
 */
import { LitElement, html, nothing } from 'lit';
import { shared } from '../styles/shared.ts';
import { getPack, packsFor } from '../../core/rules/index.ts';
import { vidaioStanding, type Standing, type VidaioRow, type VidaioTask } from '../../core/history/vidaio-standing.ts';
import { vidaioRow } from '../../core/history/vidaio-row.ts';
import { buildRunReport, keyResults } from '../../core/history/report.ts';
import { compareRuns } from '../../core/history/compare.ts';
import { getRunFrames, removeRun, restoreRun, type RemovedRun, type RunFrames } from '../../bridge/history.ts';
import {
  addProfile,
  allRuns,
  exportHistoryJson,
  exportRunsCsv,
  importHistory,
  listProfiles,
  onHistoryChanged,
  type Profile,
  type RunRecord,
} from '../../bridge/history.ts';
import { getSettings, setSetting } from '../../bridge/settings.ts';
import '../components/pack-select.ts';
import '../components/file-drop.ts';
import '../components/run-view.ts';
import '../components/frame-plot.ts';
import { headerRow } from '../components/markup.ts';
import { states } from '../states.ts';
import { plotSeries } from '../components/run-view.ts';

/** How long "Deleted — Undo" stays offered. */
const UNDO_MS = 10_000;

function download(name: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export class PfHistoryPage extends LitElement {
  static override styles = shared;
  static override properties = {
    ...states('_runs', '_loaded', '_profiles', '_profileId', '_packId', '_whatIf', '_error', '_notice'),
    ...states('_open', '_compare', '_compareFrames', '_undo'),
  };
  /** The reopened run and its per-frame data. */
  private _open: { run: RunRecord; frames: RunFrames | null } | null = null;
  /** Runs ticked for side-by-side comparison (at most two; the oldest tick drops out). */
  private _compare: string[] = [];
  /** The last deleted run, offered for "Undo" until the timer ends. */
  private _undo: { removed: RemovedRun; timer: ReturnType<typeof setTimeout> } | null = null;
  private _compareFrames: Record<string, RunFrames | null> = {};
  private _profiles: Profile[] = [];
  /** False until the first load from IndexedDB finished (tests and screen readers wait for it). */
  private _loaded = false;
  private _profileId = 'default';
  private _runs: RunRecord[] = [];
  private _error = '';
  private _notice = '';
  private _packId = packsFor('vidaio')[0]!.id;
  private _whatIf: Record<VidaioTask, VidaioRow> = {
    upscaling: { sF: 0.3, sQ: 0.8 },
    compression: { score: 0.75, compressionRate: 0.1, vmaf: 92, vmafThreshold: 89 },
  };
  private unsubscribe: (() => void) | null = null;

  override connectedCallback() {
    super.connectedCallback();
    this.unsubscribe = onHistoryChanged(() => void this.load());
    void this.load();
  }
  override disconnectedCallback() {
    this.unsubscribe?.();
    if (this._undo) clearTimeout(this._undo.timer);
    super.disconnectedCallback();
  }

  private async load() {
    try {
      this._profileId = (await getSettings()).profileId;
      this._profiles = await listProfiles();
      this._runs = await allRuns();
      this._loaded = true;
    } catch (err) {
      this._error = (err as Error).message;
    }
  }

  private async onImport(e: CustomEvent<File[]>) {
    this._error = '';
    this._notice = '';
    try {
      const r = await importHistory(await e.detail[0]!.text());
      this._notice =
        `Imported ${r.added} run${r.added === 1 ? '' : 's'}${r.skipped ? `, ${r.skipped} already present` : ''}.` +
        (r.createdProfiles.length
          ? ` Created profile${r.createdProfiles.length === 1 ? '' : 's'} ${r.createdProfiles.join(', ')} for runs whose profile the file did not define (pick it under Miner profile).`
          : '');
    } catch (err) {
      this._error = `Import failed, history unchanged: ${(err as Error).message}`;
    }
  }

  private async exportAs(name: string, make: () => Promise<string>, type: string) {
    this._error = '';
    try {
      download(name, await make(), type);
    } catch (err) {
      this._error = `Export failed, history unchanged: ${(err as Error).message}`;
    }
  }

  /** Runs of the selected miner profile (multipliers and history are per miner). */
  private mine(): RunRecord[] {
    return this._runs.filter((r) => r.profileId === this._profileId);
  }

  private async pickProfile(id: string) {
    await setSetting('profileId', id);
    this._profileId = id;
  }

  private async newProfile(form: HTMLFormElement) {
    const input = form.querySelector('input') as HTMLInputElement;
    if (!input.value.trim()) return;
    try {
      const p = await addProfile(input.value);
      input.value = '';
      await this.pickProfile(p.id);
    } catch (err) {
      this._error = (err as Error).message;
    }
  }

  private standing(task: VidaioTask, whatIf?: VidaioRow): Standing | null {
    // Partial runs (no PIE-APP and no S_Q) have no final score and do not enter the window.
    const rows = this.mine()
      .filter((r) => r.mechanism === 'vidaio' && r.task === task && r.scores.partial !== true)
      .map(vidaioRow);
    try {
      return vidaioStanding(getPack(this._packId, 'vidaio')!, task, rows, whatIf);
    } catch {
      return null;
    }
  }

  private renderStanding(task: VidaioTask) {
    const now = this.standing(task);
    const next = this.standing(task, this._whatIf[task]);
    if (!now) return nothing;
    const m = (s: Standing | null) => s?.multiplier;
    const f = (x: number | null | undefined, d = 4) => (typeof x === 'number' ? x.toFixed(d) : '—');
    const w = this._whatIf[task];
    const setW = (k: keyof VidaioRow) => (e: Event) =>
      (this._whatIf = { ...this._whatIf, [task]: { ...w, [k]: Number((e.target as HTMLInputElement).value) } });
    return html`<div class="card" data-standing=${task}>
      <h3>Vidaio ${task}: ${now.runs} run${now.runs === 1 ? '' : 's'} in history</h3>
      <p class="muted">${now.explanation}</p>
      <table>
        ${headerRow('', 'Now', 'After the what-if result')}
        <tr>
          <td>Bonus ×</td>
          <td class="num" data-value=${m(now)?.bonus ?? ''}>${f(m(now)?.bonus)}</td>
          <td class="num">${f(m(next)?.bonus)}</td>
        </tr>
        <tr>
          <td>Penalty (score) ×</td>
          <td class="num" data-value=${m(now)?.penaltyF ?? ''}>${f(m(now)?.penaltyF)}</td>
          <td class="num">${f(m(next)?.penaltyF)}</td>
        </tr>
        ${
          task === 'upscaling' || m(now)?.penaltyQ !== undefined
            ? html`<tr>
                <td>Penalty (quality) ×</td>
                <td class="num" data-value=${m(now)?.penaltyQ ?? ''}>${f(m(now)?.penaltyQ)}</td>
                <td class="num">${f(m(next)?.penaltyQ)}</td>
              </tr>`
            : nothing
        }
        <tr>
          <td>Total multiplier</td>
          <td class="num" data-value=${m(now)?.total ?? ''} data-testid="total-${task}">${f(m(now)?.total)}</td>
          <td class="num">${f(m(next)?.total)}</td>
        </tr>
        <tr>
          <td>accumulate_score</td>
          <td class="num" data-value=${now.accumulateScore ?? ''} data-testid="acc-${task}">${f(now.accumulateScore)}</td>
          <td class="num">${f(next?.accumulateScore)}</td>
        </tr>
      </table>
      <div class="row">
        <span class="muted">What if the next result is:</span>
        ${
          task === 'upscaling'
            ? html`<label>S_F<input type="number" step="0.01" .value=${String(w.sF)} @change=${setW('sF')} /></label>
                <label>S_Q<input type="number" step="0.01" .value=${String(w.sQ)} @change=${setW('sQ')} /></label>`
            : html`<label>S_f<input type="number" step="0.01" .value=${String(w.score)} @change=${setW('score')} /></label>
                <label>Compression rate<input type="number" step="0.01" .value=${String(w.compressionRate)} @change=${setW('compressionRate')} /></label>`
        }
      </div>
    </div>`;
  }

  private async openRun(run: RunRecord) {
    this._error = '';
    try {
      this._open = { run, frames: await getRunFrames(run.id) };
      await this.updateComplete;
      this.renderRoot.querySelector('pf-run-view')?.scrollIntoView({ block: 'start' });
    } catch (err) {
      this._open = { run, frames: null };
      this._error = (err as Error).message;
    }
  }

  private async downloadReport(run: RunRecord) {
    this._error = '';
    try {
      const frames = await getRunFrames(run.id);
      const html = buildRunReport(run, frames, { packTitle: getPack(run.packId)?.title });
      const stamp = new Date(run.createdAt).toISOString().slice(0, 19).replace(/[:T]/g, '-');
      download(`preflight-${run.mechanism}-${run.task}-${stamp}.html`, html, 'text/html');
    } catch (err) {
      this._error = `The report could not be built: ${(err as Error).message}`;
    }
  }

  private async toggleCompare(run: RunRecord, on: boolean) {
    const ids = this._compare.filter((id) => id !== run.id);
    this._compare = on ? [...ids, run.id].slice(-2) : ids;
    if (on && !(run.id in this._compareFrames)) {
      try {
        this._compareFrames = { ...this._compareFrames, [run.id]: await getRunFrames(run.id) };
      } catch (err) {
        this._compareFrames = { ...this._compareFrames, [run.id]: null };
        this._error = (err as Error).message;
      }
    }
  }

  private async removeWithUndo(run: RunRecord) {
    this._error = '';
    try {
      const removed = await removeRun(run.id);
      if (!removed) return;
      if (this._undo) clearTimeout(this._undo.timer);
      this._undo = { removed, timer: setTimeout(() => (this._undo = null), UNDO_MS) };
      if (this._open?.run.id === run.id) this._open = null;
      this._compare = this._compare.filter((id) => id !== run.id);
      await this.updateComplete;
      (this.renderRoot.querySelector('[data-testid="undo"]') as HTMLButtonElement | null)?.focus();
    } catch (err) {
      this._error = (err as Error).message;
    }
  }

  private async undo() {
    const u = this._undo;
    if (!u) return;
    clearTimeout(u.timer);
    this._undo = null;
    try {
      await restoreRun(u.removed);
      this._notice = 'Run restored.';
    } catch (err) {
      this._error = (err as Error).message;
    }
  }

  private renderCompare() {
    if (this._compare.length === 0) return nothing;
    const runs = this._compare.map((id) => this._runs.find((r) => r.id === id)).filter((r): r is RunRecord => !!r);
    if (runs.length < 2)
      return html`<p class="muted" data-testid="compare-hint">
        Tick a second run to compare it with
        ${
          runs[0]
            ? keyResults(runs[0], 1)
                .map((k) => `${k.label} ${k.text}`)
                .join('') || runs[0].id
            : 'the first'
        }.
      </p>`;
    const [a, b] = runs as [RunRecord, RunRecord];
    const c = compareRuns(a, b);
    const fa = this._compareFrames[a.id];
    const fb = this._compareFrames[b.id];
    const fv = (v: unknown) => (typeof v === 'number' ? String(Number(v.toFixed(4))) : v === null ? '—' : String(v));
    let plot: unknown = nothing;
    if (fa && fb) {
      const n = Math.max(fa.frameNums.length, fb.frameNums.length);
      const pad = (s: { values: number[] }) => Array.from({ length: n }, (_, i) => s.values[i] ?? NaN);
      const sa = plotSeries(fa, ' (A)').filter((s) => !s.right);
      const sb = plotSeries(fb, ' (B)')
        .filter((s) => !s.right)
        .map((s) => ({ ...s, color: s.label.startsWith('VMAF NEG') ? '#8bd3bf' : '#e08a3c' }));
      plot = html`<pf-frame-plot
        data-testid="compare-plot"
        .frames=${Array.from({ length: n }, (_, i) => i)}
        .series=${[...sa, ...sb].map((s) => ({ ...s, values: pad(s) }))}
      ></pf-frame-plot>`;
    }
    return html`<div class="card" data-testid="compare">
      <h3>
        A: ${new Date(a.createdAt).toLocaleString()} (${a.inputs.map((i) => i.name).join(', ')}) vs B: ${new Date(b.createdAt).toLocaleString()}
        (${b.inputs.map((i) => i.name).join(', ')})
      </h3>
      ${c.caveats.map((t) => html`<p><strong>Caveat:</strong> ${t}</p>`)}
      <div style="overflow-x:auto">
        <table>
          ${headerRow('Result', 'A', 'B', 'B − A')}
          ${c.rows.map(
            (r) =>
              html`<tr data-compare=${r.key}>
                <td>${r.key}</td>
                <td class="num">${fv(r.a)}</td>
                <td class="num">${fv(r.b)}</td>
                <td class="num" data-delta=${r.delta ?? ''}>${r.delta === null ? '' : `${r.delta > 0 ? '+' : ''}${fv(r.delta)}`}</td>
              </tr>`,
          )}
        </table>
      </div>
      ${plot}
      ${fa && fb ? html`<p class="muted">Per-frame values by frame position (A solid colours, B orange/light green).</p>` : html`<p class="muted">Per-frame plots need both runs to have per-frame data.</p>`}
      <button class="secondary" @click=${() => (this._compare = [])}>Close comparison</button>
    </div>`;
  }

  private onPackChange = (e: CustomEvent<string>) => (this._packId = e.detail);

  override render() {
    return html`
      <h2>History</h2>
      <p class="lead">
        Every run is kept in this browser (IndexedDB) and never leaves it. Multipliers and the accumulated score below are computed from these runs by the
        selected rule pack.
      </p>
      <div class="row" style="margin-bottom:0.8rem">
        <button @click=${() => this.exportAs('preflight-history.json', exportHistoryJson, 'application/json')}>Export JSON</button>
        <button class="secondary" @click=${() => this.exportAs('preflight-runs.csv', exportRunsCsv, 'text/csv')}>Export CSV of runs</button>
        <pf-file-drop label="Import a history JSON file" accept=".json,application/json" @files=${this.onImport}></pf-file-drop>
      </div>
      ${this._error ? html`<div class="error" role="alert">${this._error}</div>` : nothing}
      ${this._notice ? html`<div class="ok" role="status">${this._notice}</div>` : nothing}
      <div class="row" style="margin-bottom:0.8rem">
        <label
          >Miner profile<select name="profile" @change=${(e: Event) => this.pickProfile((e.target as HTMLSelectElement).value)}>
            ${this._profiles.map((p) => html`<option value=${p.id} ?selected=${p.id === this._profileId}>${p.name}</option>`)}
          </select></label
        >
        <form
          class="row"
          @submit=${(e: Event) => {
            e.preventDefault();
            void this.newProfile(e.target as HTMLFormElement);
          }}
        >
          <label>New profile<input type="text" name="new-profile" placeholder="e.g. UID 42 hotkey" /></label
          ><button type="submit" class="secondary">Add</button>
        </form>
        <span class="muted">New runs are stored under the selected profile; multipliers below use its runs only.</span>
      </div>
      <pf-pack-select mechanism="vidaio" .value=${this._packId} @pack-change=${this.onPackChange}></pf-pack-select>
      ${this.renderStanding('upscaling')} ${this.renderStanding('compression')}
      <h3>
        Runs of this profile (<span data-history-count=${this.mine().length} data-loaded=${String(this._loaded)}>${this.mine().length}</span>;
        ${this._runs.length} in all profiles)
      </h3>
      ${
        this._undo
          ? html`<div class="card" role="status" data-testid="deleted">
              Deleted the ${this._undo.removed.run.mechanism} ${this._undo.removed.run.task} run of
              ${new Date(this._undo.removed.run.createdAt).toLocaleString()} — <button data-testid="undo" @click=${this.undo}>Undo</button>
            </div>`
          : nothing
      }
      ${this.renderCompare()}
      ${this._open ? html`<pf-run-view .run=${this._open.run} .frames=${this._open.frames}></pf-run-view><button class="secondary" @click=${() => (this._open = null)}>Close the run</button>` : nothing}
      <div style="overflow-x:auto">
        <table>
          ${headerRow('When', 'Mechanism', 'Task', 'Pack', 'Engine', 'Inputs', 'Key results', 'Compare', '')}
          ${[...this.mine()].reverse().map(
            (r) =>
              html`<tr data-run=${r.id}>
                <td>${new Date(r.createdAt).toLocaleString()}</td>
                <td>${r.mechanism}</td>
                <td>${r.task}</td>
                <td><code>${r.packId}</code></td>
                <td>${r.engine}</td>
                <td>${r.inputs.map((i) => i.name).join(', ')}</td>
                <td data-key-results>
                  ${keyResults(r, 4)
                    .map((k) => `${k.label} ${k.text}`)
                    .join(' · ')}
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label=${`Compare the run of ${new Date(r.createdAt).toLocaleString()}`}
                    .checked=${this._compare.includes(r.id)}
                    @change=${(e: Event) => this.toggleCompare(r, (e.target as HTMLInputElement).checked)}
                  />
                </td>
                <td>
                  <div class="row" style="flex-wrap:nowrap;gap:0.3rem">
                    <button class="secondary" data-action="open" @click=${() => this.openRun(r)}>Open</button>
                    <button
                      class="secondary"
                      data-action="report"
                      title="Download a self-contained HTML report of this run"
                      @click=${() => this.downloadReport(r)}
                    >
                      Report
                    </button>
                    <button
                      class="secondary"
                      data-action="delete"
                      aria-label="Delete this run"
                      title="Delete this run (can be undone for a few seconds)"
                      @click=${() => this.removeWithUndo(r)}
                    >
                      ✕
                    </button>
                  </div>
                </td>
              </tr>`,
          )}
        </table>
      </div>
    `;
  }
}
customElements.define('pf-history-page', PfHistoryPage);

declare global {
  interface HTMLElementTagNameMap {
    'pf-history-page': PfHistoryPage;
  }
}
