/**
 * Vidaio compression check: drop the original and the compressed clip (or load the bundled sample); Preflight
 * probes both, runs every validator check, measures VMAF (NEG and base) and SSIM in the engine worker, pools as the
 * selected pack does, and shows the score, the reasons, the formula with the numbers, headroom, the per-frame plot,
 * the frames that cost the pooled score most, and stores the run.
 */
import { LitElement, html, nothing } from 'lit';
import { shared } from '../styles/shared.ts';
import { getPack, packsFor } from '../../core/rules/index.ts';
import { evaluateCompression, factsFromProbe, policyFor, poolVmaf, type Evaluation } from '../../core/rules/vidaio/evaluate.ts';
import { blame, type FrameBlame } from '../../core/metrics/blame.ts';
import { engine, type EngineMeasureResult, type MediaProbe } from '../../bridge/engine.ts';
import { describeInput } from '../../bridge/history.ts';
import { takeCompressionHandoff } from '../../bridge/handoff.ts';
import { sampleFile } from '../sample.ts';
import { takeSampleRequest } from '../intent.ts';
import { pooledMeans } from '../../core/metrics/measure.ts';
import { getSettings } from '../../bridge/settings.ts';
import type { VmafModelId } from '../../core/metrics/vmaf/index.ts';
import '../components/pack-select.ts';
import type { FrameShiftHint } from '../../core/sim/frame-shift.ts';
import '../components/evaluation-card.ts';
import '../components/frame-plot.ts';
import '../components/run-saved.ts';
import '../components/frame-viewer.ts';
import type { YuvFrame } from '../../core/video/frame.ts';
import { states } from '../states.ts';
import { PageTask } from './parts/page-task.ts';
import { choice, engineOptions, plain, videoDrop, type EngineChoice } from './parts/fields.ts';
import { headerRow } from '../components/markup.ts';
import { compressionTaskFields, type CompressionTask } from './parts/compression-task.ts';
import { checkFrameShift, frameShiftNotice } from './parts/frame-shift-check.ts';
import { measurePair } from './parts/vidaio-check.ts';
import { RunStore } from '../components/run-saved.ts';

const ENGINES = engineOptions('Auto (WebGPU on a GPU, else CPU)');

export class PfVidaioCompressionPage extends LitElement {
  static override styles = shared;
  static override properties = {
    ...states('_original', '_compressed', '_packId', '_task', '_targetMbps', '_engine'),
    ...states('_measured', '_probes', '_evaluation', '_shift', '_saved', '_view'),
  };
  /** The frame pair shown in the viewer (a frame the user picked in the plot or the blame table). */
  private _view: { index: number; ref: YuvFrame; dist: YuvFrame } | { index: number; loading: true } | { index: number; error: string } | null = null;
  private _original: File | null = null;
  private _compressed: File | null = null;
  private _packId = packsFor('vidaio')[0]!.id;
  private _task: CompressionTask = { threshold: policyFor(this._packId).thresholds[0]!, codec: 'av1', mode: 'CRF' };
  private _targetMbps = 5;
  private _engine: EngineChoice = 'auto';
  private _threads: 'auto' | number = 'auto';
  private task = new PageTask(this);
  private _measured: EngineMeasureResult | null = null;
  private _probes: { original: MediaProbe; compressed: MediaProbe } | null = null;
  private _evaluation: Evaluation | null = null;
  private readonly runStore = new RunStore(this);
  /** Set when the first frames align much better at another offset (core/sim/frame-shift.ts). */
  private _shift: FrameShiftHint | null = null;

  override connectedCallback() {
    super.connectedCallback();
    const sample = takeSampleRequest('compression');
    void getSettings().then((s) => {
      this._engine = s.engine;
      this._threads = s.cpuThreads;
      const pack = s.defaultPack.vidaio;
      if (pack && pack !== this._packId && packsFor('vidaio').some((p) => p.id === pack)) {
        this._packId = pack;
        this._task = { ...this._task, threshold: policyFor(pack).thresholds[0]! };
      }
      // A candidate opened from the compare-candidates page: its pair, pack and task, scored at once.
      const h = takeCompressionHandoff();
      if (h) {
        this._original = h.original;
        this._compressed = h.compressed;
        this._packId = h.packId;
        this._task = { threshold: h.vmafThreshold, codec: h.codec, mode: h.mode };
        void this.run();
      } else if (sample) void this.loadSample();
    });
  }

  private async loadSample() {
    try {
      this._original = await sampleFile('reference.mp4');
      this._compressed = await sampleFile('compressed-av1.mp4');
      this._task = { ...this._task, codec: 'av1', mode: 'CRF' };
      await this.run();
    } catch (err) {
      this.task.error = (err as Error).message;
    }
  }

  private models(): VmafModelId[] {
    const p = policyFor(this._packId);
    return p.deltaGate || p.compressionModel === 'vmaf_v0.6.1neg' ? ['vmaf_v0.6.1', 'vmaf_v0.6.1neg'] : ['vmaf_v0.6.1'];
  }

  private async run() {
    const files = this.task.require(
      [this._original, this._compressed] as const,
      "Drop both the original (the validator's reference) and your compressed output.",
    );
    if (!files) return;
    const [originalFile, compressedFile] = files;
    // The measurement and what derives from it (score, frame-shift hint) are shown together, once they are there.
    this._measured = null;
    this.runStore.reset();
    await this.task.run(async (signal) => {
      const engineChoice = { engine: this._engine, threads: this._threads };
      const { reference, output, measured } = await measurePair(
        this.task,
        signal,
        { reference: originalFile, output: compressedFile },
        { models: this.models(), ...engineChoice, features: { ssim: true, psnr: true } },
        'Measuring VMAF and SSIM',
        (original, compressed) =>
          `Resolution mismatch: the original is ${original.width}×${original.height} and the compressed clip ${compressed.width}×${compressed.height}. The compression task keeps the original's resolution, and the validator does not scale: it scores this 0.`,
      );
      const shift = await checkFrameShift(this.task, signal, originalFile, compressedFile, measured, engineChoice);
      this._probes = { original: reference, compressed: output };
      this._shift = shift;
      this._measured = measured;
      this.evaluate();
      await this.store(originalFile, compressedFile);
    });
  }

  private onPackChange = (e: CustomEvent<string>) => {
    this._packId = e.detail;
    this._task = { ...this._task, threshold: policyFor(e.detail).thresholds[0]! };
    this.evaluate();
  };

  private setTask = (change: Partial<CompressionTask>) => {
    this._task = { ...this._task, ...change };
    this.evaluate();
  };

  private setTargetMbps = (mbps: number) => {
    this._targetMbps = mbps;
    this.evaluate();
  };

  private evaluate() {
    if (!this._measured || !this._probes) return;
    const frames = this._measured.frames;
    const col = (k: string) => frames.map((f) => f.metrics[k]).filter((v): v is number => typeof v === 'number');
    this._evaluation = evaluateCompression({
      pack: getPack(this._packId, 'vidaio')!,
      reference: factsFromProbe(this._probes.original),
      output: factsFromProbe(this._probes.compressed),
      task: {
        codec: this._task.codec,
        mode: this._task.mode,
        targetBitrateMbps: this._task.mode === 'VBR' ? this._targetMbps : null,
        vmafThreshold: this._task.threshold,
      },
      frames: { vmaf: col('vmaf'), vmaf_neg: col('vmaf_neg') },
    });
    const warnings = this._measured.warnings.filter((w) => !/float extractors/.test(w));
    if (warnings.length) this._evaluation = { ...this._evaluation, reasons: [...this._evaluation.reasons, ...warnings] };
  }

  private async store(original: File, compressed: File) {
    const e = this._evaluation;
    const m = this._measured;
    if (!e || !m) return;
    await this.runStore.save(
      (async () => {
        const metrics = pooledMeans(m);
        if (typeof e.values.vmafPooled === 'number') metrics.vmaf_pooled = e.values.vmafPooled;
        return {
          mechanism: 'vidaio',
          task: 'compression',
          packId: e.packId,
          engine: m.engine,
          inputs: [await describeInput('original', original), await describeInput('compressed', compressed)],
          metrics,
          scores: e.values,
          reasons: e.reasons,
        };
      })(),
      m.frames,
    );
  }

  /** Decodes one frame of both clips in the worker and shows them in the viewer. */
  private async showFrame(index: number) {
    if (!this._original || !this._compressed) return;
    this._view = { index, loading: true };
    try {
      const [ref, dist] = await Promise.all([engine.readFrames(undefined, this._original, index, 1), engine.readFrames(undefined, this._compressed, index, 1)]);
      if (!ref[0] || !dist[0]) throw new Error(`frame ${index} could not be decoded`);
      this._view = { index, ref: ref[0], dist: dist[0] };
    } catch (err) {
      this._view = { index, error: (err as Error).message };
    }
  }

  private renderViewer() {
    const v = this._view;
    if (!v) return html`<p class="muted">Click a frame in the plot or in the table to compare it side by side, with a slider or as a difference map.</p>`;
    if ('loading' in v) return html`<p>Decoding frame ${v.index}…</p>`;
    if ('error' in v) return html`<div class="error" role="alert">${v.error}</div>`;
    return html`<h3>Frame ${v.index}</h3>
      <pf-frame-viewer data-testid="viewer" .ref=${v.ref} .dist=${v.dist} ref-label="original" dist-label="compressed"></pf-frame-viewer>`;
  }

  private renderFrames(m: EngineMeasureResult) {
    const policy = policyFor(this._packId);
    const key = policy.compressionModel === 'vmaf_v0.6.1neg' ? 'vmaf_neg' : 'vmaf';
    const values = m.frames.map((f) => f.metrics[key] ?? NaN);
    const pool = (v: readonly number[]) => {
      const r = poolVmaf(v, policy.compressionPooling);
      if (r.error) throw new Error(r.error);
      return r.value;
    };
    let worst: FrameBlame[] = [];
    try {
      worst = blame(values, pool).slice(0, 5);
    } catch {
      worst = [];
    }
    const pooled = (k: string) => m.pooled[k];
    const row = (k: string, label: string) =>
      pooled(k)
        ? html`<tr>
            <td>${label}</td>
            ${(['mean', 'harmonic_mean', 'min'] as const).map((s) => html`<td class="num" data-metric=${`${k}.${s}`} data-value=${String(pooled(k)![s])}>${pooled(k)![s].toFixed(k.startsWith('ssim') ? 6 : 3)}</td>`)}
          </tr>`
        : nothing;
    return html`<div class="card">
      <h3>
        Measured (${m.frames.length} frames,
        ${m.engine === 'webgpu' ? 'WebGPU engine' : `CPU engine${m.threads ? `, ${m.threads} thread${m.threads > 1 ? 's' : ''}` : ''}`}, ${m.seconds.toFixed(1)}
        s)
      </h3>
      ${m.engineNote ? html`<p class="muted">${m.engineNote}</p>` : nothing}
      <table>
        ${headerRow('Metric', 'Mean', 'Harmonic mean (libvmaf)', 'Min')} ${row('vmaf', 'VMAF v0.6.1')} ${row('vmaf_neg', 'VMAF NEG')}
        ${row('ssim_all', 'SSIM (All)')} ${row('ssim_y', 'SSIM (Y)')} ${row('psnr_y', 'PSNR Y (dB)')}
        ${
          m.vidaio.vmaf_neg_harmonic_mean_positive !== undefined
            ? html`<tr>
                <td>VMAF NEG, validator pooling</td>
                <td class="num" colspan="3" data-metric="vidaio.vmaf_neg" data-value=${String(m.vidaio.vmaf_neg_harmonic_mean_positive)}>
                  ${m.vidaio.vmaf_neg_harmonic_mean_positive.toFixed(3)} (harmonic mean of frames > 0)
                </td>
              </tr>`
            : nothing
        }
      </table>
      <pf-frame-plot
        .frames=${m.frames.map((f) => f.frameNum)}
        .series=${[
          { label: 'VMAF', values: m.frames.map((f) => f.metrics.vmaf ?? NaN), color: '#3c8dde' },
          ...(m.frames[0]?.metrics.vmaf_neg !== undefined
            ? [{ label: 'VMAF NEG', values: m.frames.map((f) => f.metrics.vmaf_neg ?? NaN), color: '#20aa8c' }]
            : []),
          { label: 'SSIM', values: m.frames.map((f) => f.metrics.ssim_all ?? NaN), right: true, color: '#d68a2e' },
        ]}
        @frame-select=${(e: CustomEvent<number>) => this.showFrame(m.frames[e.detail]!.distIndex)}
      ></pf-frame-plot>
      ${
        worst.length
          ? html`<h3>Frames that cost the pooled score most</h3>
              <table data-testid="blame">
                ${headerRow('Frame', key, 'Points lost')}
                ${worst.map(
                  (b) =>
                    html`<tr>
                      <td>
                        <button class="secondary" data-frame=${m.frames[b.index]!.distIndex} @click=${() => this.showFrame(m.frames[b.index]!.distIndex)}>
                          ${m.frames[b.index]!.distIndex}
                        </button>
                      </td>
                      <td class="num">${b.value.toFixed(3)}</td>
                      <td class="num">${b.cost.toFixed(3)}</td>
                    </tr>`,
                )}
              </table>`
          : nothing
      }
      ${this.renderViewer()}
    </div>`;
  }

  override render() {
    const policy = policyFor(this._packId);
    return html`
      <h2>Vidaio compression check</h2>
      <p class="lead">
        Drop the original video (what the validator sent you) and your compressed output. Everything runs in this browser.
        <button class="secondary" @click=${this.loadSample} ?disabled=${this.task.busy}>Score the bundled sample</button>
      </p>
      <pf-pack-select mechanism="vidaio" .value=${this._packId} @pack-change=${this.onPackChange}></pf-pack-select>
      <p class="muted">${policy.note}</p>
      <div class="card">
        <div class="row">
          ${videoDrop('original', this._original, 'Original', 'Drop the original (reference) video', (file) => (this._original = file))}
          ${videoDrop('compressed', this._compressed, 'Compressed', 'Drop your compressed output', (file) => (this._compressed = file))}
        </div>
        <div class="row" style="margin-top:0.6rem">
          ${compressionTaskFields(policy.thresholds, this._task, this.setTask)}
          ${this._task.mode === 'VBR' ? choice('Target Mbps', undefined, plain([5, 8, 10]), this._targetMbps, this.setTargetMbps) : nothing}
          ${choice('Engine', 'engine', ENGINES, this._engine, (engine) => (this._engine = engine))}
          <button @click=${this.run} ?disabled=${this.task.busy || !this._original || !this._compressed}>Check</button>
        </div>
        ${this.task.render()}
      </div>
      ${
        this._measured
          ? html`<pf-evaluation-card .evaluation=${this._evaluation} title="Compression score" range="0–1"></pf-evaluation-card>
              ${frameShiftNotice(this._shift)}`
          : nothing
      }
      ${this.runStore.renderOutcome()} ${this._measured ? this.renderFrames(this._measured) : nothing}
    `;
  }
}
customElements.define('pf-vidaio-compression-page', PfVidaioCompressionPage);

declare global {
  interface HTMLElementTagNameMap {
    'pf-vidaio-compression-page': PfVidaioCompressionPage;
  }
}
