/**
 * Zap (edge cloud gaming) page: S = Q × L × A from typed values or a dropped JSON/CSV file of inputs, each factor
 * explained, the seed's own contradictions beside the result, and the run stored in history.
 */
import { LitElement, html } from 'lit';
import { shared } from '../styles/shared.ts';
import { getPack, packsFor } from '../../core/rules/index.ts';
import { callPackFunction } from '../../core/rules/call.ts';
import { parseZapInputs, type ZapInputs } from '../../core/rules/zap/zap-input.ts';
import type { RunDraft } from '../../bridge/history.ts';
import { engine } from '../../bridge/engine.ts';
import { getSettings } from '../../bridge/settings.ts';
import '../components/progress-task.ts';
import '../components/history-count.ts';
import '../components/pack-select.ts';
import '../components/file-drop.ts';
import { saveFooter } from '../components/run-footer.ts';
import { states } from '../states.ts';
import { headerRow, numberField } from '../components/markup.ts';
import { errorText } from '../components/error-text.ts';

interface ZapResult {
  q: number;
  l: number;
  a: number;
  s: number;
  tier: string;
  jitterFactor: number;
  tier1: boolean;
  bounty: { multiplier: number; status: string };
  maxDistanceKm: number;
}

/** The numeric inputs (every one but the zeroNode flag). */
type NumericInput = Exclude<keyof ZapInputs, 'zeroNode'>;

const FIELDS: [NumericInput, string, string][] = [
  ['vmaf', 'VMAF (0–100)', '0.01'],
  ['ssim', 'SSIM (0–1)', '0.0001'],
  ['rttMs', 'RTT (ms)', '0.1'],
  ['jitterMs', 'Jitter σ (ms)', '0.01'],
  ['uptime', 'Uptime (0–1)', '0.001'],
  ['sessionCompletion', 'Session completion (0–1)', '0.001'],
  ['challengeResponse', 'Challenge response (0–1)', '0.001'],
  ['minersPer100Km2', 'Miners per 100 km²', '0.1'],
];

export class PfZapPage extends LitElement {
  static override styles = shared;
  static override properties = states('_inputs', '_error', '_result', '_packId', '_draft', '_ref', '_dist', '_measuring', '_progress', '_measured');
  private _ref: File | null = null;
  private _dist: File | null = null;
  private _measuring = false;
  private _progress = { done: 0, total: 0 };
  private _measured = '';
  private abort: AbortController | null = null;
  private _packId = packsFor('zap')[0]!.id;
  private _inputs: ZapInputs = {
    vmaf: 94,
    ssim: 0.97,
    rttMs: 12,
    jitterMs: 1.2,
    uptime: 0.998,
    sessionCompletion: 0.995,
    challengeResponse: 1,
    zeroNode: false,
    minersPer100Km2: 5,
  };
  private _error = '';
  private _result: ZapResult | null = null;
  /** The run the last calculation would store; saved only on an explicit "Save to history". */
  private _draft: RunDraft | null = null;

  private compute(inputs: ZapInputs): ZapResult {
    const pack = getPack(this._packId, 'zap')!;
    const score = callPackFunction(pack, 'zap.score', {
      vmaf: inputs.vmaf,
      ssim: inputs.ssim,
      jitterMs: inputs.jitterMs,
      rttMs: inputs.rttMs,
      uptime: inputs.uptime,
      sessionCompletion: inputs.sessionCompletion,
      challengeResponse: inputs.challengeResponse,
    });
    const lat = callPackFunction(pack, 'zap.latencyMultiplier', { rttMs: inputs.rttMs });
    const qual = callPackFunction(pack, 'zap.quality', { vmaf: inputs.vmaf, ssim: inputs.ssim, jitterMs: inputs.jitterMs });
    const bounty = callPackFunction(pack, 'zap.scarcityBounty', { zeroNode: inputs.zeroNode, minersPer100Km2: inputs.minersPer100Km2 });
    const dist = callPackFunction(pack, 'zap.maxDistanceKm', { rttMs: inputs.rttMs });
    return { ...score, tier: lat.tier, jitterFactor: qual.jitterFactor, tier1: qual.tier1, bounty, maxDistanceKm: dist.maxDistanceKm };
  }

  private async run(inputs: ZapInputs, source: { name: string; sizeBytes: number } | null) {
    this._error = '';
    this._draft = null;
    try {
      this._result = this.compute(inputs);
    } catch (err) {
      this._result = null;
      this._error = (err as Error).message;
      return;
    }
    // Stored only when the user presses "Save to history" (pf-save-run).
    this._draft = {
      mechanism: 'zap',
      task: 'miner',
      packId: this._packId,
      engine: source ? 'file' : 'manual',
      inputs: source ? [{ role: 'inputs', name: source.name, sizeBytes: source.sizeBytes, sha256: null }] : [],
      metrics: { vmaf: inputs.vmaf, ssim: inputs.ssim, rttMs: inputs.rttMs, jitterMs: inputs.jitterMs },
      scores: { s: this._result.s, q: this._result.q, l: this._result.l, a: this._result.a, tier: this._result.tier },
      reasons: this._result.tier === 'Disqualified' ? ['RTT above 100 ms: latency multiplier 0.1 (Disqualified tier)'] : [],
    };
  }

  private async onFiles(e: CustomEvent<File[]>) {
    const file = e.detail[0]!;
    const text = await file.text();
    let inputs;
    try {
      inputs = parseZapInputs(text, file.name);
    } catch (err) {
      this._result = null;
      this._draft = null;
      this._error = (err as Error).message;
      return;
    }
    this._inputs = inputs;
    await this.run(inputs, { name: file.name, sizeBytes: file.size });
  }

  /** Measures VMAF (v0.6.1, mean) and SSIM (ffmpeg's All, mean) of the dropped clips and fills the fields. */
  private async measureClips() {
    if (!this._ref || !this._dist) return;
    this._error = '';
    this._measuring = true;
    this.abort = new AbortController();
    try {
      const settings = await getSettings();
      const r = await engine.measure(
        this.abort.signal,
        this._ref,
        this._dist,
        { models: ['vmaf_v0.6.1'], engine: settings.engine, threads: settings.cpuThreads, features: { ssim: true, psnr: false } },
        (p) => (this._progress = { done: p.done, total: p.total ?? 0 }),
      );
      const vmaf = r.pooled.vmaf!.mean;
      const ssim = r.pooled.ssim_all!.mean;
      this._inputs = { ...this._inputs, vmaf: Number(vmaf.toFixed(4)), ssim: Number(ssim.toFixed(6)) };
      this._measured = `Measured on ${r.frames.length} frames (${r.engine} engine): VMAF mean ${vmaf.toFixed(4)}, SSIM mean ${ssim.toFixed(6)}. The seed does not say how VMAF and SSIM are pooled; Preflight uses the mean.`;
    } catch (err) {
      this._error = errorText(err, 'Cancelled.');
    } finally {
      this._measuring = false;
      this.abort = null;
    }
  }

  private field(key: NumericInput, label: string, step: string) {
    return numberField(label, key, this._inputs[key], (n) => (this._inputs = { ...this._inputs, [key]: n }), { step });
  }

  /** A drop zone for one of the two clips; its file goes to `take`, not to the page's input-file handler. */
  private clipDrop(role: string, label: string, take: (file: File) => void) {
    return html`<pf-file-drop
      data-role=${role}
      label=${label}
      accept="video/*,.mp4,.webm,.mkv,.y4m"
      @files=${(e: CustomEvent<File[]>) => {
        e.stopPropagation();
        take(e.detail[0]!);
      }}
    ></pf-file-drop>`;
  }

  private onPackChange = (e: CustomEvent<string>) => (this._packId = e.detail);

  override render() {
    const r = this._result;
    const fmt = (x: number, d = 4) => x.toFixed(d);
    return html`
      <h2>Zap: edge cloud gaming score</h2>
      <p class="lead">
        S = Q × L × A. Type the measurements or drop a JSON object or a two-column CSV (<code>field,value</code>) with
        <code>vmaf, ssim, rttMs, jitterMs</code> (or <code>frameArrivalsMs</code>), <code>uptime, sessionCompletion, challengeResponse</code>, optionally
        <code>zeroNode, minersPer100Km2</code>.
      </p>
      <pf-pack-select mechanism="zap" .value=${this._packId} @pack-change=${this.onPackChange}></pf-pack-select>
      <div class="card">
        <pf-file-drop label="Drop a Zap input file (JSON or CSV)" accept=".json,.csv,.txt" @files=${this.onFiles}></pf-file-drop>
        <div class="row" style="margin-top:0.8rem">
          ${FIELDS.map(([k, l, s]) => this.field(k, l, s))}
          <label
            >First miner in area<input
              type="checkbox"
              name="zeroNode"
              .checked=${this._inputs.zeroNode}
              @change=${(e: Event) => (this._inputs = { ...this._inputs, zeroNode: (e.target as HTMLInputElement).checked })}
          /></label>
          <button @click=${() => this.run(this._inputs, null)}>Score</button>
        </div>
        ${this._error ? html`<div class="error" role="alert">${this._error}</div>` : ''}
        <h3>Or measure VMAF and SSIM from clips</h3>
        <div class="row">
          ${this.clipDrop('zap-ref', this._ref ? `Reference: ${this._ref.name}` : 'Drop the source clip', (f) => (this._ref = f))}
          ${this.clipDrop('zap-dist', this._dist ? `Streamed: ${this._dist.name}` : 'Drop the clip as the player received it', (f) => (this._dist = f))}
          <button @click=${this.measureClips} ?disabled=${this._measuring || !this._ref || !this._dist}>Measure</button>
        </div>
        <pf-progress-task
          .active=${this._measuring}
          label="Measuring VMAF and SSIM"
          .done=${this._progress.done}
          .total=${this._progress.total}
          @cancel=${() => this.abort?.abort()}
        ></pf-progress-task>
        ${this._measured ? html`<p class="muted" data-testid="zap-measured">${this._measured}</p>` : ''}
      </div>
      ${
        r
          ? html`<div class="card" data-testid="zap-result">
              <div>Score S = <span class="big" data-value="s">${fmt(r.s)}</span></div>
              <div class="formula">S = Q × L × A = ${fmt(r.q)} × ${fmt(r.l, 1)} × ${fmt(r.a)} = ${fmt(r.s)}</div>
              <table>
                ${headerRow('Factor', 'Value', 'Why')}
                <tr>
                  <td>Q (quality)</td>
                  <td class="num" data-value="q">${fmt(r.q)}</td>
                  <td>
                    0.7·VMAF/100 +
                    0.3·SSIM${r.jitterFactor < 1 ? `, × ${fmt(r.jitterFactor)} for jitter above 2 ms` : ''}${r.tier1 ? ' — Tier 1 (VMAF > 90 and SSIM > 0.95)' : ''}
                  </td>
                </tr>
                <tr>
                  <td>L (latency)</td>
                  <td class="num" data-value="l">${fmt(r.l, 1)}</td>
                  <td>${r.tier} tier for RTT ${this._inputs.rttMs} ms; reachable radius ≤ ${fmt(r.maxDistanceKm, 0)} km</td>
                </tr>
                <tr>
                  <td>A (availability)</td>
                  <td class="num" data-value="a">${fmt(r.a)}</td>
                  <td>0.5·uptime + 0.3·session completion + 0.2·challenge response</td>
                </tr>
                <tr>
                  <td>Scarcity bounty</td>
                  <td class="num">${r.bounty.multiplier}×</td>
                  <td>${r.bounty.status} (the seed does not say where it multiplies S)</td>
                </tr>
              </table>
            </div>`
          : ''
      }
      ${saveFooter(this._draft)}
    `;
  }
}
customElements.define('pf-zap-page', PfZapPage);

declare global {
  interface HTMLElementTagNameMap {
    'pf-zap-page': PfZapPage;
  }
}
