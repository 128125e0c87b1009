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
import { describeInput, saveRun } from '../../bridge/history.ts';
import { takeCompressionHandoff } from '../../bridge/handoff.ts';
import { sampleFile } from '../sample.ts';
import { takeSampleRequest } from '../intent.ts';
import { pooledMeans } from '../../core/metrics/measure.ts';
import { getSettings } from '../../bridge/settings.ts';
import type { VmafModelId } from '../../core/metrics/vmaf/index.ts';
import '../components/pack-select.ts';
import { firstFramesVmaf, probeFrameShift } from '../frame-shift.ts';
import type { FrameShiftHint } from '../../core/sim/frame-shift.ts';
import '../components/file-drop.ts';
import '../components/progress-task.ts';
import '../components/evaluation-card.ts';
import '../components/frame-plot.ts';
import '../components/run-saved.ts';
import '../components/frame-viewer.ts';
import type { YuvFrame } from '../../core/video/frame.ts';

type Codec = 'av1' | 'hevc';
type Mode = 'CRF' | 'VBR';

export class PfVidaioCompressionPage extends LitElement {
  static override styles = shared;
  static override properties = {
    _original: { state: true },
    _compressed: { state: true },
    _packId: { state: true },
    _threshold: { state: true },
    _codec: { state: true },
    _mode: { state: true },
    _targetMbps: { state: true },
    _engine: { state: true },
    _busy: { state: true },
    _progress: { state: true },
    _error: { state: true },
    _measured: { state: true },
    _probes: { state: true },
    _evaluation: { state: true },
    _shift: { state: true },
    _saved: { state: true },
    _savedMsg: { state: true },
    _view: { state: true },
  };
  /** The frame pair shown in the viewer (a frame the user picked in the plot or the blame table). */
  private _view: { index: number; ref: YuvFrame; dist: YuvFrame } | { index: number; loading: true } | { index: number; error: string } | null = null;
  private _original: File | null = null;
  private _compressed: File | null = null;
  private _packId = packsFor('vidaio')[0]!.id;
  private _threshold = policyFor(this._packId).thresholds[0]!;
  private _codec: Codec = 'av1';
  private _mode: Mode = 'CRF';
  private _targetMbps = 5;
  private _engine: 'auto' | 'cpu' | 'webgpu' = 'auto';
  private _threads: 'auto' | number = 'auto';
  private _busy = false;
  private _progress = { done: 0, total: 0, label: '' };
  private _error = '';
  private _measured: EngineMeasureResult | null = null;
  private _probes: { original: MediaProbe; compressed: MediaProbe } | null = null;
  private _evaluation: Evaluation | null = null;
  private _saved: 'idle' | 'saved' | 'error' = 'idle';
  private _savedMsg = '';
  /** Set when the first frames align much better at another offset (core/sim/frame-shift.ts). */
  private _shift: FrameShiftHint | null = null;
  private abort: AbortController | null = null;

  override connectedCallback() {
    super.connectedCallback();
    const sample = takeSampleRequest('compression');
    void getSettings().then((s) => {
      this._engine = s.engine;
      this._threads = s.cpuThreads;
      const pack = s.defaultPack.vidaio;
      if (pack && pack !== this._packId && packsFor('vidaio').some((p) => p.id === pack)) {
        this._packId = pack;
        this._threshold = policyFor(pack).thresholds[0]!;
      }
      // A candidate opened from the compare-candidates page: its pair, pack and task, scored at once.
      const h = takeCompressionHandoff();
      if (h) {
        Object.assign(this, {
          _original: h.original,
          _compressed: h.compressed,
          _packId: h.packId,
          _threshold: h.vmafThreshold,
          _codec: h.codec,
          _mode: h.mode,
        });
        void this.run();
      } else if (sample) void this.loadSample();
    });
  }

  private async loadSample() {
    try {
      this._original = await sampleFile('reference.mp4');
      this._compressed = await sampleFile('compressed-av1.mp4');
      this._codec = 'av1';
      this._mode = 'CRF';
      await this.run();
    } catch (err) {
      this._error = (err as Error).message;
    }
  }

  private models(): VmafModelId[] {
    const p = policyFor(this._packId);
    return p.deltaGate || p.compressionModel === 'vmaf_v0.6.1neg' ? ['vmaf_v0.6.1', 'vmaf_v0.6.1neg'] : ['vmaf_v0.6.1'];
  }

  private async run() {
    if (!this._original || !this._compressed) {
      this._error = "Drop both the original (the validator's reference) and your compressed output.";
      return;
    }
    this._error = '';
    this._evaluation = null;
    this._shift = null;
    this._measured = null;
    this._saved = 'idle';
    this._busy = true;
    this.abort = new AbortController();
    const signal = this.abort.signal;
    try {
      this._progress = { done: 0, total: 0, label: 'Probing' };
      const [original, compressed] = await Promise.all([
        engine.probe(signal, this._original, this._original.name),
        engine.probe(signal, this._compressed, this._compressed.name),
      ]);
      this._probes = { original, compressed };
      if (original.width !== compressed.width || original.height !== compressed.height)
        throw new Error(
          `Resolution mismatch: the original is ${original.width}×${original.height} and the compressed clip ${compressed.width}×${compressed.height}. The compression task keeps the original's resolution, and the validator does not scale: it scores this 0.`,
        );
      this._progress = { done: 0, total: Math.min(original.frameCount, compressed.frameCount), label: 'Measuring VMAF and SSIM' };
      this._measured = await engine.measure(
        signal,
        this._original,
        this._compressed,
        { models: this.models(), engine: this._engine, threads: this._threads, features: { ssim: true, psnr: true }, distFramesHint: compressed.frameCount },
        (p) => {
          this._progress = { ...this._progress, done: p.done, total: p.total ?? this._progress.total };
        },
      );
      const first = firstFramesVmaf(this._measured.frames);
      this._shift = await probeFrameShift(signal, this._original, this._compressed, first, { engine: this._engine, threads: this._threads }, (done, total) => {
        this._progress = { label: 'Checking whether the output is shifted by a frame', done, total };
      });
      this.evaluate();
      await this.store();
    } catch (err) {
      const e = err as Error;
      this._error = e.name === 'AbortError' ? 'Cancelled.' : e.message;
    } finally {
      this._busy = false;
      this.abort = null;
    }
  }

  private evaluate() {
    if (!this._measured || !this._probes) return;
    const frames = this._measured.frames;
    const col = (k: string) => frames.map((f) => f.metrics[k]).filter((v): v is number => typeof v === 'number');
    this._evaluation = evaluateCompression({
      pack: getPack(this._packId, 'vidaio')!,
      reference: factsFromProbe(this._probes.original),
      output: factsFromProbe(this._probes.compressed),
      task: { codec: this._codec, mode: this._mode, targetBitrateMbps: this._mode === 'VBR' ? this._targetMbps : null, vmafThreshold: this._threshold },
      frames: { vmaf: col('vmaf'), vmaf_neg: col('vmaf_neg') },
    });
    const warnings = this._measured.warnings.filter((w) => !/float extractors/.test(w));
    if (warnings.length) this._evaluation = { ...this._evaluation, reasons: [...this._evaluation.reasons, ...warnings] };
  }

  private async store() {
    const e = this._evaluation;
    const m = this._measured;
    if (!e || !m || !this._original || !this._compressed) return;
    try {
      const metrics = pooledMeans(m);
      if (typeof e.values.vmafPooled === 'number') metrics.vmaf_pooled = e.values.vmafPooled;
      await saveRun(
        {
          mechanism: 'vidaio',
          task: 'compression',
          packId: e.packId,
          engine: m.engine,
          inputs: [await describeInput('original', this._original), await describeInput('compressed', this._compressed)],
          metrics,
          scores: e.values,
          reasons: e.reasons,
        },
        m.frames,
      );
      this._saved = 'saved';
    } catch (err) {
      this._saved = 'error';
      this._savedMsg = (err as Error).message;
    }
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

  private renderFrames() {
    const m = this._measured;
    if (!m) return nothing;
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
        <tr>
          <th>Metric</th>
          <th>Mean</th>
          <th>Harmonic mean (libvmaf)</th>
          <th>Min</th>
        </tr>
        ${row('vmaf', 'VMAF v0.6.1')} ${row('vmaf_neg', 'VMAF NEG')} ${row('ssim_all', 'SSIM (All)')} ${row('ssim_y', 'SSIM (Y)')}
        ${row('psnr_y', 'PSNR Y (dB)')}
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
                <tr>
                  <th>Frame</th>
                  <th>${key}</th>
                  <th>Points lost</th>
                </tr>
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
        <button class="secondary" @click=${this.loadSample} ?disabled=${this._busy}>Score the bundled sample</button>
      </p>
      <pf-pack-select
        mechanism="vidaio"
        .value=${this._packId}
        @pack-change=${(e: CustomEvent<string>) => {
          this._packId = e.detail;
          this._threshold = policyFor(e.detail).thresholds[0]!;
          this.evaluate();
        }}
      ></pf-pack-select>
      <p class="muted">${policy.note}</p>
      <div class="card">
        <div class="row">
          <pf-file-drop
            data-role="original"
            label=${this._original ? `Original: ${this._original.name}` : 'Drop the original (reference) video'}
            accept="video/*,.mp4,.mkv,.webm,.y4m,.mov"
            @files=${(e: CustomEvent<File[]>) => (this._original = e.detail[0]!)}
          ></pf-file-drop>
          <pf-file-drop
            data-role="compressed"
            label=${this._compressed ? `Compressed: ${this._compressed.name}` : 'Drop your compressed output'}
            accept="video/*,.mp4,.mkv,.webm,.y4m,.mov"
            @files=${(e: CustomEvent<File[]>) => (this._compressed = e.detail[0]!)}
          ></pf-file-drop>
        </div>
        <div class="row" style="margin-top:0.6rem">
          <label
            >VMAF threshold<select
              name="threshold"
              @change=${(e: Event) => {
                this._threshold = Number((e.target as HTMLSelectElement).value);
                this.evaluate();
              }}
            >
              ${policy.thresholds.map((t) => html`<option value=${t} ?selected=${t === this._threshold}>${t}</option>`)}
            </select></label
          >
          <label
            >Requested codec<select
              name="codec"
              @change=${(e: Event) => {
                this._codec = (e.target as HTMLSelectElement).value as Codec;
                this.evaluate();
              }}
            >
              ${(['av1', 'hevc'] as const).map((c) => html`<option value=${c} ?selected=${c === this._codec}>${c.toUpperCase()}</option>`)}
            </select></label
          >
          <label
            >Mode<select
              name="mode"
              @change=${(e: Event) => {
                this._mode = (e.target as HTMLSelectElement).value as Mode;
                this.evaluate();
              }}
            >
              ${(['CRF', 'VBR'] as const).map((c) => html`<option value=${c} ?selected=${c === this._mode}>${c}</option>`)}
            </select></label
          >
          ${
            this._mode === 'VBR'
              ? html`<label
                  >Target Mbps<select
                    @change=${(e: Event) => {
                      this._targetMbps = Number((e.target as HTMLSelectElement).value);
                      this.evaluate();
                    }}
                  >
                    ${[5, 8, 10].map((b) => html`<option ?selected=${b === this._targetMbps}>${b}</option>`)}
                  </select></label
                >`
              : nothing
          }
          <label
            >Engine<select name="engine" @change=${(e: Event) => (this._engine = (e.target as HTMLSelectElement).value as typeof this._engine)}>
              <option value="auto" ?selected=${this._engine === 'auto'}>Auto (WebGPU on a GPU, else CPU)</option>
              <option value="cpu" ?selected=${this._engine === 'cpu'}>CPU</option>
              <option value="webgpu" ?selected=${this._engine === 'webgpu'}>WebGPU</option>
            </select></label
          >
          <button @click=${this.run} ?disabled=${this._busy || !this._original || !this._compressed}>Check</button>
        </div>
        <pf-progress-task
          .active=${this._busy}
          .label=${this._progress.label}
          .done=${this._progress.done}
          .total=${this._progress.total}
          @cancel=${() => this.abort?.abort()}
        ></pf-progress-task>
        ${this._error ? html`<div class="error" role="alert">${this._error}</div>` : nothing}
      </div>
      <pf-evaluation-card .evaluation=${this._evaluation} title="Compression score" range="0–1"></pf-evaluation-card>
      ${this._shift ? html`<div class="card warn" role="status" data-testid="frame-shift" data-offset=${this._shift.offset}><strong>Frame shift?</strong> ${this._shift.message}</div>` : nothing}
      <pf-run-saved .status=${this._saved} .message=${this._savedMsg}></pf-run-saved>
      ${this.renderFrames()}
    `;
  }
}
customElements.define('pf-vidaio-compression-page', PfVidaioCompressionPage);

declare global {
  interface HTMLElementTagNameMap {
    'pf-vidaio-compression-page': PfVidaioCompressionPage;
  }
}
