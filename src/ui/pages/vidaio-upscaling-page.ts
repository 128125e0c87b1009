/**
 * Vidaio upscaling check: drop your upscaled output, the reference and optionally the low-resolution payload (or
 * load the bundled sample); choose the task (2×/4×) and the content length. Preflight runs every media check, the
 * VMAF gate pooled as the pack pools it, PIE-APP on 4 consecutive frames when the model is installed (else S_Q can
 * be typed and the score is marked partial), then S_Q, S_L, S_pre, S_F with the numbers, the reason for any zero,
 * and the validator-randomness envelope (P5/P50/P95 of S_F and P(VMAF below the gate)).
 */
import { LitElement, html, nothing } from 'lit';
import { shared } from '../styles/shared.ts';
import { getPack, packsFor } from '../../core/rules/index.ts';
import { evaluateUpscaling, factsFromProbe, policyFor, poolVmaf, type Evaluation } from '../../core/rules/vidaio/evaluate.ts';
import { upscalingEnvelope, type Envelope } from '../../core/sim/envelope.ts';
import { parseVmafModel, type VmafFeatures } from '../../core/metrics/vmaf/index.ts';
import type { EngineMeasureResult, MediaProbe } from '../../bridge/engine.ts';
import { pieappStatus, scorePieappWindow, type PieappStatus } from '../../bridge/pieapp.ts';
import { describeInput } from '../../bridge/history.ts';
import { sampleFile } from '../sample.ts';
import { pooledMeans } from '../../core/metrics/measure.ts';
import { getSettings } from '../../bridge/settings.ts';
import { mulberry32, randInt } from '../../core/math/rng.ts';
import { formatNumber } from '../../core/math/format.ts';
import '../components/pack-select.ts';
import type { FrameShiftHint } from '../../core/sim/frame-shift.ts';
import '../components/evaluation-card.ts';
import '../components/frame-plot.ts';
import '../components/run-saved.ts';
import { states } from '../states.ts';
import { PageTask } from './parts/page-task.ts';
import { choice, engineOptions, plain, videoDrop, type EngineChoice, type Option } from './parts/fields.ts';
import { headerRow } from '../components/markup.ts';
import { checkFrameShift, frameShiftNotice } from './parts/frame-shift-check.ts';
import { measurePair } from './parts/vidaio-check.ts';
import { RunStore } from '../components/run-saved.ts';

const ENGINES = engineOptions('Auto');
const SCALES: Option<2 | 4>[] = [
  [2, '2× (HD → 4K)'],
  [4, '4× (SD → 4K)'],
];
const LENGTHS = plain([5, 10]);

export class PfVidaioUpscalingPage extends LitElement {
  static override styles = shared;
  static override properties = {
    ...states('_output', '_reference', '_payload', '_packId', '_scale', '_length', '_manualSQ', '_pieStart', '_engine'),
    ...states('_measured', '_probes', '_pieapp', '_pieStatus', '_evaluation', '_shift', '_envelope'),
  };
  private _output: File | null = null;
  private _reference: File | null = null;
  private _payload: File | null = null;
  private _packId = packsFor('vidaio')[0]!.id;
  private _scale: 2 | 4 = 2;
  private _length = 10;
  private _manualSQ: number | null = null;
  /** PIE-APP window start: null = drawn at random (seeded) like the validator. */
  private _pieStart: number | null = null;
  private _engine: EngineChoice = 'auto';
  private _threads: 'auto' | number = 'auto';
  /** PIE-APP patches per frame from Settings: 'all' (the validator's grid) or N for a quick estimate. */
  private _patches: 'all' | number = 'all';
  private task = new PageTask(this);
  private _measured: EngineMeasureResult | null = null;
  private _probes: { output: MediaProbe; reference: MediaProbe; payload: MediaProbe | null } | null = null;
  private _pieapp: { start: number; frames: number[]; engine: string; patchesPerFrame: number; ci95: [number, number][]; channelOrder: 'bgr' | 'rgb' } | null =
    null;
  private _pieStatus: PieappStatus = { installed: false, message: 'Checking for the PIE-APP model…' };
  private _evaluation: Evaluation | null = null;
  private _envelope: Envelope | null = null;
  private readonly runStore = new RunStore(this);
  /** Set when the first frames align much better at another offset (core/sim/frame-shift.ts). */
  private _shift: FrameShiftHint | null = null;

  override connectedCallback() {
    super.connectedCallback();
    void pieappStatus().then((s) => (this._pieStatus = s));
    void getSettings().then((s) => {
      this._engine = s.engine;
      this._threads = s.cpuThreads;
      this._patches = s.pieappPatches;
      const pack = s.defaultPack.vidaio;
      if (pack && packsFor('vidaio').some((p) => p.id === pack)) this._packId = pack;
    });
  }

  private async loadSample() {
    try {
      this._reference = await sampleFile('reference.mp4');
      this._output = await sampleFile('upscaled-av1.mp4');
      this._payload = await sampleFile('payload-320x180.mp4');
      this._scale = 2;
      this._length = 10;
      await this.run();
    } catch (err) {
      this.task.error = (err as Error).message;
    }
  }

  private async run() {
    const files = this.task.require([this._output, this._reference], 'Drop your upscaled output and the reference it is compared with.');
    if (!files) return;
    const [outputFile, referenceFile] = files;
    const payloadFile = this._payload;
    // The measurement and what derives from it (S_F, envelope, frame-shift hint) are shown together, once they are there.
    this._measured = null;
    this._pieapp = null;
    this.runStore.reset();
    await this.task.run(async (signal) => {
      const engineChoice = { engine: this._engine, threads: this._threads };
      const { reference, output, other, measured } = await measurePair(
        this.task,
        signal,
        { reference: referenceFile, output: outputFile, other: payloadFile },
        { models: ['vmaf_v0.6.1'], ...engineChoice, features: { ssim: true, psnr: false } },
        'Measuring VMAF',
        (reference, output) =>
          `Resolution mismatch: your output is ${output.width}×${output.height} but the reference is ${reference.width}×${reference.height}. The validator compares at the reference's resolution without scaling, and requires the output to be exactly the payload × ${this._scale}.`,
      );
      if (this._pieStatus.installed) this._pieapp = await this.scorePieapp(signal, referenceFile, outputFile, reference.frameCount);
      const shift = await checkFrameShift(this.task, signal, referenceFile, outputFile, measured, engineChoice);
      this._probes = { output, reference, payload: other };
      this._shift = shift;
      this._measured = measured;
      await this.evaluate();
      await this.store(outputFile, referenceFile, payloadFile);
    });
  }

  /** PIE-APP on 4 consecutive frames from the chosen start (else one drawn at random, as the validator does). */
  private scorePieapp(signal: AbortSignal, reference: File, output: File, frameCount: number) {
    const start = this._pieStart ?? randInt(mulberry32(Date.now() >>> 0), 0, Math.max(1, frameCount - 4 + 1));
    this.task.progress = {
      done: 0,
      total: 0,
      label: `PIE-APP on 4 frames from ${start}${this._patches === 'all' ? '' : ` (quick estimate: ${this._patches} patches per frame)`}`,
    };
    // The pack's PIE-APP convention decides the channel order the network sees (pyiqa: BGR, piq: RGB).
    const channelOrder = getPack(this._packId)!.pieapp?.networkChannelOrder ?? 'bgr';
    return scorePieappWindow(signal, reference, output, start, 4, (p) => this.task.advance(p.done, p.total), {
      patches: this._patches,
      seed: start,
      channelOrder,
    });
  }

  private onPackChange = async (e: CustomEvent<string>) => {
    this._packId = e.detail;
    await this.evaluate();
  };

  private setLength = (length: number) => {
    this._length = length;
    void this.evaluate();
  };

  private async evaluate() {
    const m = this._measured;
    const p = this._probes;
    if (!m || !p) return;
    const pack = getPack(this._packId, 'vidaio')!;
    const policy = policyFor(this._packId);
    const perFrame = m.frames.map((f) => f.metrics.vmaf ?? NaN);
    const facts = { output: factsFromProbe(p.output), reference: factsFromProbe(p.reference), payload: p.payload ? factsFromProbe(p.payload) : null };
    const evaluate = (vmafFrames: readonly number[], pieappFrames: readonly number[] | null) =>
      evaluateUpscaling({ pack, ...facts, scaleFactor: this._scale, contentLengthS: this._length, vmafFrames, pieappFrames, manualSQ: this._manualSQ });
    // PIE-APP measured under another pack's convention (channel order) does not apply to this pack.
    const pieConvention = pack.pieapp?.networkChannelOrder ?? 'bgr';
    const pieFrames = this._pieapp && this._pieapp.channelOrder === pieConvention ? this._pieapp.frames : null;
    this._evaluation = evaluate(perFrame, pieFrames);
    this._envelope = null;
    if (policy.upscalingRandomSampling) {
      this._evaluation = {
        ...this._evaluation,
        reasons: [
          ...this._evaluation.reasons,
          "The validator scores VMAF on a random sample (skip K, then every N-th frame); the number above pools every frame, the envelope below shows the spread over the validator's draws.",
        ],
      };
      const res = await fetch('./models/vmaf_v0.6.1.json');
      const model = parseVmafModel('vmaf_v0.6.1', await res.json());
      // The features behind vmaf: libvmaf's integer ones on the CPU engine, float ones on the WebGPU engine.
      const fp = m.frames[0]?.metrics.integer_adm2 !== undefined ? 'integer_' : '';
      const features: VmafFeatures[] = m.frames.map((f) => ({
        vif_scale0: f.metrics[`${fp}vif_scale0`]!,
        vif_scale1: f.metrics[`${fp}vif_scale1`]!,
        vif_scale2: f.metrics[`${fp}vif_scale2`]!,
        vif_scale3: f.metrics[`${fp}vif_scale3`]!,
        adm2: f.metrics[`${fp}adm2`]!,
        motion2: f.metrics[`${fp}motion2`]!,
        motion: f.metrics[`${fp}motion2`]!,
      }));
      this._envelope = upscalingEnvelope({
        features,
        model,
        fps: p.reference.fps,
        pieappPerFrame: null,
        fixedPieappFrames: this._pieapp?.frames ?? null,
        gate: 50,
        draws: 500,
        seed: 1,
        score: (vmafFrames, pie) => {
          const e = evaluate(vmafFrames, pie);
          // Without PIE-APP and without a typed S_Q the score is partial: the envelope shows "needs S_Q".
          return { score: e.values.partial === true ? null : e.score, vmaf: poolVmaf(vmafFrames, policy.upscalingPooling).value };
        },
      });
    }
  }

  private async store(output: File, reference: File, payload: File | null) {
    const e = this._evaluation;
    const m = this._measured;
    if (!e || !m) return;
    await this.runStore.save(
      (async () => {
        const inputs = [await describeInput('output', output), await describeInput('reference', reference)];
        if (payload) inputs.push(await describeInput('payload', payload));
        const metrics = pooledMeans(m);
        if (typeof e.values.vmafPooled === 'number' && Number.isFinite(e.values.vmafPooled)) metrics.vmaf_pooled = e.values.vmafPooled;
        if (typeof e.values.pieapp === 'number') metrics.pieapp = e.values.pieapp;
        return { mechanism: 'vidaio', task: 'upscaling', packId: e.packId, engine: m.engine, inputs, metrics, scores: e.values, reasons: e.reasons };
      })(),
      m.frames,
    );
  }

  private renderEnvelope() {
    const v = this._envelope;
    if (!v) return nothing;
    const f = (x: number, d = 4) => (Number.isFinite(x) ? x.toFixed(d) : '—');
    const sampled = v.draws - v.emptyDraws;
    return html`<div class="card" data-testid="envelope">
      <h3>Validator-randomness envelope (${v.draws} draws, seed ${v.seed})</h3>
      <table>
        <tr>
          <th scope="col">Over the draws that sample a frame</th>
          <th scope="col">P5</th>
          <th scope="col">P50</th>
          <th scope="col">P95</th>
        </tr>
        ${
          v.score
            ? html`<tr data-testid="envelope-sf">
                <td>S_F</td>
                <td class="num">${f(v.score.p5)}</td>
                <td class="num">${f(v.score.p50)}</td>
                <td class="num">${f(v.score.p95)}</td>
              </tr>`
            : html`<tr data-testid="envelope-sf">
                <td>S_F</td>
                <td colspan="3" class="muted">needs S_Q (install PIE-APP or type S_Q above)</td>
              </tr>`
        }
        <tr>
          <td>Pooled VMAF</td>
          <td class="num">${f(v.vmaf.p5, 2)}</td>
          <td class="num">${f(v.vmaf.p50, 2)}</td>
          <td class="num">${f(v.vmaf.p95, 2)}</td>
        </tr>
      </table>
      <p>
        P(VMAF below the gate of 50) =
        <strong data-testid="p-below-gate" data-value=${String(v.pBelowGate)}
          >${Number.isFinite(v.pBelowGate) ? `${(v.pBelowGate * 100).toFixed(1)} %` : '—'}</strong
        >
        <span class="muted">of the ${sampled} draws that sample at least one frame</span>
      </p>
      ${
        v.emptyDraws
          ? html`<p class="warn" data-testid="envelope-empty" data-value=${String(v.emptyDraws)}>
              ${v.emptyDraws} of ${v.draws} draws (${((v.emptyDraws / v.draws) * 100).toFixed(1)} %) sample no frame at all: the validator's random skip runs
              past the last frame of this ${this._measured?.frames.length ?? ''}-frame clip. What the validator scores then is not a VMAF below the gate; these
              draws are left out of the rows above.
            </p>`
          : nothing
      }
    </div>`;
  }

  override render() {
    const policy = policyFor(this._packId);
    const m = this._measured;
    return html`
      <h2>Vidaio upscaling check</h2>
      <p class="lead">
        Drop your upscaled output, the reference it is scored against, and optionally the low-resolution payload you were sent.
        <button class="secondary" @click=${this.loadSample} ?disabled=${this.task.busy}>Score the bundled sample</button>
      </p>
      <pf-pack-select mechanism="vidaio" .value=${this._packId} @pack-change=${this.onPackChange}></pf-pack-select>
      <p class="muted">${policy.note}</p>
      ${getPack(this._packId)!.pieapp ? html`<p class="muted" data-testid="pieapp-convention">PIE-APP convention: ${getPack(this._packId)!.pieapp!.summary}${this._pieapp && this._pieapp.channelOrder !== getPack(this._packId)!.pieapp!.networkChannelOrder ? html` <strong>The PIE-APP below was measured with ${this._pieapp.channelOrder.toUpperCase()} input, another pack's convention: check again to score it under this pack.</strong>` : nothing}</p>` : nothing}
      <div class="card">
        <div class="row">
          ${videoDrop('output', this._output, 'Output', 'Drop your upscaled output', (file) => (this._output = file))}
          ${videoDrop('reference', this._reference, 'Reference', 'Drop the reference (high resolution)', (file) => (this._reference = file))}
          ${videoDrop('payload', this._payload, 'Payload', 'Optional: the low-resolution payload', (file) => (this._payload = file))}
        </div>
        <div class="row" style="margin-top:0.6rem">
          ${choice('Task', 'scale', SCALES, this._scale, (scale) => (this._scale = scale))}
          ${choice('Content length (s)', 'length', LENGTHS, this._length, this.setLength)}
          <label
            >S_Q by hand (0–1)<input
              type="number"
              name="manualSQ"
              min="0"
              max="1"
              step="0.01"
              style="min-width:14rem"
              placeholder=${this._pieStatus.installed ? 'from PIE-APP' : 'needed without PIE-APP'}
              .value=${this._manualSQ === null ? '' : String(this._manualSQ)}
              @change=${async (e: Event) => {
                const v = (e.target as HTMLInputElement).value;
                this._manualSQ = v === '' ? null : Math.min(1, Math.max(0, Number(v)));
                await this.evaluate();
              }}
          /></label>
          <label
            >PIE-APP start frame<input
              type="number"
              name="pieStart"
              min="0"
              step="1"
              placeholder="random"
              .value=${this._pieStart === null ? '' : String(this._pieStart)}
              @change=${(e: Event) => {
                const v = (e.target as HTMLInputElement).value;
                this._pieStart = v === '' ? null : Math.max(0, Math.floor(Number(v)));
              }}
          /></label>
          ${choice('Engine', undefined, ENGINES, this._engine, (engine) => (this._engine = engine))}
          <button @click=${this.run} ?disabled=${this.task.busy || !this._output || !this._reference}>Check</button>
        </div>
        <p class="muted" data-testid="pieapp-status">
          ${this._pieStatus.installed ? `PIE-APP: ${this._pieStatus.message}` : html`PIE-APP model not installed: ${this._pieStatus.message} <a href="#/settings">Install it in Settings</a>. Until then the VMAF gate, S_L and the envelope are computed, and S_F needs an S_Q typed by hand (otherwise the score is shown as partial).`}
        </p>
        ${this.task.render()}
      </div>
      ${
        m
          ? html`<pf-evaluation-card
                .evaluation=${this._evaluation}
                title="Upscaling S_F"
                .range=${policy.upscalingMaxSF === 1 ? '0–1' : `0–${formatNumber(policy.upscalingMaxSF, 3)} (S_F at S_Q = S_L = 1)`}
              ></pf-evaluation-card>
              ${frameShiftNotice(this._shift)}`
          : nothing
      }
      ${this.runStore.renderOutcome()} ${m ? this.renderEnvelope() : nothing}
      ${
        this._pieapp
          ? html`<div class="card" data-testid="pieapp-result" data-channel-order=${this._pieapp.channelOrder}>
              <h3>
                PIE-APP (frames ${this._pieapp.start}–${this._pieapp.start + this._pieapp.frames.length - 1}, ${this._pieapp.engine},
                ${this._pieapp.patchesPerFrame} patches per frame, ${this._pieapp.channelOrder === 'rgb' ? 'piq: RGB input' : 'pyiqa: BGR input'})
              </h3>
              <table>
                ${headerRow('Frame', 'PIE-APP', '95% interval')}
                ${this._pieapp.frames.map(
                  (x, i) =>
                    html`<tr>
                      <td>${this._pieapp!.start + i}</td>
                      <td class="num" data-value=${String(x)}>${x.toFixed(4)}</td>
                      <td class="num">
                        ${this._pieapp!.ci95[i]![0] === this._pieapp!.ci95[i]![1] ? 'exact (every patch)' : `${this._pieapp!.ci95[i]![0].toFixed(4)} … ${this._pieapp!.ci95[i]![1].toFixed(4)}`}
                      </td>
                    </tr>`,
                )}
              </table>
            </div>`
          : nothing
      }
      ${
        m
          ? html`<div class="card">
              <h3>
                Per-frame VMAF (${m.frames.length} frames,
                ${m.engine === 'webgpu' ? 'WebGPU engine' : `CPU engine${m.threads ? `, ${m.threads} thread${m.threads > 1 ? 's' : ''}` : ''}`},
                ${m.seconds.toFixed(1)} s)
              </h3>
              ${m.engineNote ? html`<p class="muted">${m.engineNote}</p>` : nothing}
              <p>
                Mean <span data-metric="vmaf.mean" data-value=${String(m.pooled.vmaf?.mean)}>${m.pooled.vmaf?.mean.toFixed(3)}</span>, validator pooling
                <span data-metric="vidaio.vmaf" data-value=${String(m.vidaio.vmaf_harmonic_mean_positive)}
                  >${m.vidaio.vmaf_harmonic_mean_positive?.toFixed(3)}</span
                >, SSIM <span data-metric="ssim_all.mean" data-value=${String(m.pooled.ssim_all?.mean)}>${m.pooled.ssim_all?.mean.toFixed(6)}</span>
              </p>
              <pf-frame-plot
                .frames=${m.frames.map((f) => f.frameNum)}
                .series=${[
                  { label: 'VMAF', values: m.frames.map((f) => f.metrics.vmaf ?? NaN), color: '#3c8dde' },
                  { label: 'SSIM', values: m.frames.map((f) => f.metrics.ssim_all ?? NaN), right: true, color: '#d68a2e' },
                ]}
              ></pf-frame-plot>
            </div>`
          : nothing
      }
    `;
  }
}
customElements.define('pf-vidaio-upscaling-page', PfVidaioUpscalingPage);

declare global {
  interface HTMLElementTagNameMap {
    'pf-vidaio-upscaling-page': PfVidaioUpscalingPage;
  }
}
