/**
 * Vidaio object-removal check (../shared/reference/rules/vidaio-v3.md §2): drop the served input (frames + mask as
 * video stream 1, or a separate mask video), your output and, when you have it, the clean reference. The removal
 * worker checks the files (each problem names the file), then measures the masked PSNR against the floor (the better
 * of the temporal-median fill and the unchanged input; +1.5 dB margin), LPIPS-VGG against the floor's (when the
 * weights are installed), the warp error against 5·max(e_r, 0.5), and the outside-mask identity gate, and shows the
 * pack's score with its zero reason, or what is missing for it. A frame viewer shows the mask overlaid on the output
 * and the reference; per-frame plots show PSNR, the outside change and the warp errors. The measured numbers are in
 * the results card's `data-result` attribute (JSON) and behind "Copy JSON", so page and CLI can be compared.
 */
import { LitElement, css, html, nothing } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { shared } from '../styles/shared.ts';
import { getPack, packsFor } from '../../core/rules/index.ts';
import { callPackFunction, hasFunction } from '../../core/rules/call.ts';
import { REMOVAL_OUTSIDE_TOLERANCE, REMOVAL_PSNR_MARGIN_DB, REMOVAL_WARP_CAP_FACTOR, REMOVAL_WARP_FLOOR } from '../../core/rules/vidaio/v3-removal.ts';
import { maskedPsnr } from '../../core/metrics/removal/region.ts';
import { frameToRgba } from '../../core/video/diff-map.ts';
import type { YuvFrame } from '../../core/video/frame.ts';
import { removal, lpipsStatus, type LpipsStatus, type RemovalFiles, type RemovalRunResult, type RemovalViewFrames } from '../../bridge/removal.ts';
import { describeInput, sha256Hex, type RunDraft } from '../../bridge/history.ts';
import { browserLpipsEngine } from '../../bridge/lpips.ts';
import { getSettings } from '../../bridge/settings.ts';
import '../components/pack-select.ts';
import '../components/frame-plot.ts';
import '../components/frame-viewer.ts';
import '../components/save-run.ts';
import { states } from '../states.ts';
import { PageTask } from './parts/page-task.ts';
import { videoDrop } from './parts/fields.ts';

/** What the page shows and stores: the measurement and the pack's verdict on it. */
export interface RemovalVerdict {
  packId: string;
  /** The pack's `removal.score` output, or null when it could not be computed (what is missing says why). */
  score: { final: number; sPsnr: number; sLpips: number; zeroReason: string | null; warpCap: number } | null;
  /** Zero reasons known without every metric (PSNR margin, outside gate), in upstream's order. */
  reasons: string[];
  outsideCode: string | null;
}

const f = (x: number | null | undefined, d: number) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(d));

/** A list under its heading, or nothing when the list is empty. */
function headedList(heading: string, items: readonly string[], testId?: string, cls?: string) {
  return items.length
    ? html`<h4>${heading}</h4>
        <ul data-testid=${ifDefined(testId)} class=${ifDefined(cls)}>
          ${items.map((x) => html`<li>${x}</li>`)}
        </ul>`
    : nothing;
}

/** RGBA of a frame with its masked pixels (gray > 127) tinted magenta, half opacity. */
function overlay(frame: YuvFrame, mask: YuvFrame | null): ImageData {
  const img = frameToRgba(frame);
  const data = new Uint8ClampedArray(img.data);
  if (mask && mask.width === frame.width && mask.height === frame.height) {
    for (let i = 0; i < mask.y.length; i++) {
      if (mask.y[i]! <= 127) continue;
      const o = i * 4;
      data[o] = (data[o]! + 255) >> 1;
      data[o + 1] = data[o + 1]! >> 1;
      data[o + 2] = (data[o + 2]! + 255) >> 1;
    }
  }
  return new ImageData(data, img.width, img.height);
}

export class PfVidaioRemovalPage extends LitElement {
  static override styles = [
    shared,
    css`
      .verdict {
        font-size: 1.1rem;
      }
      dl {
        display: grid;
        grid-template-columns: max-content minmax(0, 1fr);
        gap: 0.2rem 0.8rem;
        margin: 0.4rem 0;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
      }
      input[type='text'] {
        min-width: 0;
        max-width: 100%;
      }
      .frame-row {
        display: flex;
        flex-wrap: wrap;
        gap: 0.6rem;
        align-items: center;
      }
    `,
  ];
  static override properties = {
    ...states('_served', '_mask', '_candidate', '_reference', '_challengeId', '_packId', '_lpips'),
    ...states('_result', '_verdict', '_view', '_viewIndex', '_viewError', '_draft', '_copied'),
  };
  private _served: File | null = null;
  private _mask: File | null = null;
  private _candidate: File | null = null;
  private _reference: File | null = null;
  private _challengeId = '';
  private _packId = packsFor('vidaio')[0]!.id;
  private task = new PageTask(this);
  private _result: RemovalRunResult | null = null;
  private _verdict: RemovalVerdict | null = null;
  private _lpips: LpipsStatus = { installed: false, message: 'Checking for LPIPS-VGG weights…' };
  private _view: RemovalViewFrames | null = null;
  private _viewIndex = 0;
  private _viewError = '';
  private _draft: RunDraft | null = null;
  private _copied = '';
  /** The files the current result was measured on (the viewer reads frames from them). */
  private files: RemovalFiles | null = null;
  private inputs: RunDraft['inputs'] = [];

  override connectedCallback() {
    super.connectedCallback();
    void lpipsStatus().then((s) => (this._lpips = s));
    void getSettings().then((s) => {
      const pack = s.defaultPack.vidaio;
      if (pack && packsFor('vidaio').some((p) => p.id === pack)) this._packId = pack;
    });
  }

  private async run() {
    const required = this.task.require([this._served, this._candidate], 'Drop the served input and your output.');
    if (!required) return;
    const [served, candidate] = required;
    const { _mask: mask, _reference: reference } = this;
    this._result = null;
    const files: RemovalFiles = { served, mask, candidate, reference };
    await this.task.run(async (signal) => {
      this.task.progress = { done: 0, total: 0, label: 'Checking the files' };
      const referenceSha256Hex = reference ? await sha256Hex(reference) : undefined;
      const request = { ...(this._challengeId.trim() ? { challengeId: this._challengeId.trim() } : {}), ...(referenceSha256Hex ? { referenceSha256Hex } : {}) };
      const lpips = await browserLpipsEngine();
      const result = await removal.measure(
        signal,
        files,
        request,
        (p) => {
          this.task.progress = { label: `Measuring: ${p.stage}`, done: p.done, total: p.total ?? 0 };
        },
        lpips,
      );
      const inputs = [await describeInput('served input', served), await describeInput('output', candidate)];
      if (mask) inputs.push(await describeInput('mask', mask));
      if (reference) inputs.push(await describeInput('reference', reference));
      // The result, its verdict and the viewer's frame change together (no render in between shows a stale one).
      this.files = files;
      this.inputs = inputs;
      this._view = null;
      this._result = result;
      this.evaluate();
      const worst = result.measurement.outside.worstFrame;
      await this.showFrame(worst >= 0 ? worst : 0);
    });
  }

  private onPackChange = (e: CustomEvent<string>) => {
    this._packId = e.detail;
    this.evaluate();
  };

  /** The selected pack's verdict on the measurement; a pack without the removal track says so. */
  private evaluate() {
    const r = this._result;
    if (!r) return;
    const m = r.measurement;
    const pack = getPack(this._packId, 'vidaio')!;
    const reasons: string[] = [];
    const removalPack = hasFunction(pack, 'removal.score') && hasFunction(pack, 'removal.outsideGate') ? pack : null;
    let outsideCode: string | null = null;
    if (removalPack) {
      const gate = callPackFunction(removalPack, 'removal.outsideGate', { outsideChange: m.outside.change });
      outsideCode = gate.code;
      if (gate.code)
        reasons.push(
          `${gate.code}: the output changes pixels outside the mask by up to ${f(m.outside.change, 3)} (mean abs RGB, frame ${m.outside.worstFrame}); the limit is ${REMOVAL_OUTSIDE_TOLERANCE}.`,
        );
    } else {
      reasons.push(`${pack.id} has no object-removal track; choose a validator-vidaio pack from 0.6.0 on.`);
    }
    if (m.psnrBelowFloorMargin)
      reasons.push(
        `REGION_BASELINE_NOT_BEATEN: PSNR ${f(m.candidate.psnrDb, 3)} dB is below the floor ${f(m.floor.psnrDb, 3)} dB + ${REMOVAL_PSNR_MARGIN_DB} dB.`,
      );
    let score: RemovalVerdict['score'] = null;
    const c = m.candidate,
      fl = m.floor;
    if (
      removalPack &&
      c.psnrDb !== null &&
      c.ssim !== null &&
      c.lpipsVgg !== null &&
      c.warpError !== null &&
      fl.psnrDb !== null &&
      fl.lpipsVgg !== null &&
      m.warpReference !== null
    ) {
      const s = callPackFunction(removalPack, 'removal.score', {
        metrics: { psnrDb: c.psnrDb, ssim: c.ssim, lpipsVgg: c.lpipsVgg, warpError: c.warpError, maskedPixels: c.maskedPixels },
        floor: { psnrDb: fl.psnrDb, lpipsVgg: fl.lpipsVgg },
        warpErrorReference: m.warpReference,
      });
      score = { final: outsideCode ? 0 : s.final, sPsnr: s.sPsnr, sLpips: s.sLpips, zeroReason: s.zeroReason, warpCap: s.warpCap };
      if (s.zeroReason === 'WARP_ERROR_EXCEEDED') reasons.push(`WARP_ERROR_EXCEEDED: warp error ${f(c.warpError, 4)} > ${f(s.warpCap, 4)}.`);
    }
    this._verdict = { packId: pack.id, score, reasons, outsideCode };
    const metrics: Record<string, number> = { frames: m.frames, masked_frames: m.maskedFrames, outside_change: m.outside.change };
    const put = (k: string, v: number | null) => {
      if (v !== null && Number.isFinite(v)) metrics[k] = v;
    };
    put('psnr_db', c.psnrDb);
    put('ssim', c.ssim);
    put('lpips_vgg', c.lpipsVgg);
    put('warp_error', c.warpError);
    put('floor_psnr_db', fl.psnrDb);
    put('floor_lpips_vgg', fl.lpipsVgg);
    put('warp_error_reference', m.warpReference);
    put('median_fill_psnr_db', m.medianFill.psnrDb);
    put('unchanged_psnr_db', m.unchanged.psnrDb);
    this._draft = {
      mechanism: 'vidaio',
      task: 'removal',
      packId: pack.id,
      engine: r.engine,
      inputs: this.inputs,
      metrics,
      scores: {
        score: score ? score.final : null,
        partial: m.partial || !score,
        zeroReason: score?.zeroReason ?? outsideCode ?? (m.psnrBelowFloorMargin ? 'REGION_BASELINE_NOT_BEATEN' : null),
        outsidePassed: m.outside.passed,
      },
      reasons: [...reasons, ...m.missing.map((x) => `missing: ${x}`)],
    };
  }

  private async showFrame(index: number) {
    if (!this.files || !this._result) return;
    const n = this._result.measurement.frames;
    const i = Math.min(Math.max(0, Math.floor(index)), Math.max(0, n - 1));
    this._viewIndex = i;
    this._viewError = '';
    try {
      this._view = await removal.readFrames(undefined, this.files, i);
    } catch (err) {
      this._viewError = (err as Error).message;
    }
  }

  /** The numbers as JSON (what `data-result` and "Copy JSON" carry). */
  private resultJson(): string {
    const r = this._result;
    if (!r) return '';
    const { perFrame: _perFrame, ...m } = r.measurement;
    return JSON.stringify({ measurement: m, verdict: this._verdict, seconds: r.seconds }, (_k, v: unknown) =>
      typeof v === 'number' && !Number.isFinite(v) ? null : v,
    );
  }

  private async copyJson() {
    try {
      await navigator.clipboard.writeText(this.resultJson());
      this._copied = 'Copied.';
    } catch (err) {
      this._copied = `Could not copy: ${(err as Error).message}`;
    }
  }

  private renderResults(r: RemovalRunResult) {
    const v = this._verdict;
    if (!v) return nothing;
    const m = r.measurement;
    const c = m.candidate,
      fl = m.floor;
    const psnrNeed = fl.psnrDb === null ? null : fl.psnrDb + REMOVAL_PSNR_MARGIN_DB;
    const warpBound = m.warpReference === null ? null : REMOVAL_WARP_CAP_FACTOR * Math.max(m.warpReference, REMOVAL_WARP_FLOOR);
    const scoreText = v.score
      ? html`<strong data-testid="removal-score" data-value=${String(v.score.final)}>${v.score.final.toFixed(4)}</strong
          >${v.score.final === 0 ? html` — zero: ${v.score.zeroReason ?? v.outsideCode}` : nothing}`
      : html`<strong data-testid="removal-score" data-value="partial">partial</strong> —
          ${v.reasons.length && (m.psnrBelowFloorMargin || v.outsideCode) ? 'zero whatever is missing (see the reasons)' : 'not computed until everything below is measured'}`;
    return html`<div class="card" data-testid="removal-result" data-result=${this.resultJson()}>
      <h3>Result (${m.frames} frames ${m.width}×${m.height}, ${m.maskedFrames} with a mask, ${r.facts.maskFrom}, ${r.seconds.toFixed(1)} s)</h3>
      <p class="verdict">Score (${v.packId}): ${scoreText}</p>
      <dl>
        <dt>PSNR in the mask</dt>
        <dd data-testid="psnr" data-value=${String(c.psnrDb)}>
          ${
            c.psnrDb === null
              ? 'not measured'
              : html`${f(c.psnrDb, 3)} dB vs floor ${f(fl.psnrDb, 3)} dB + ${REMOVAL_PSNR_MARGIN_DB} = ${f(psnrNeed, 3)} dB:
                  <span class=${m.psnrBelowFloorMargin ? 'error-text' : 'ok'}
                    >${m.psnrBelowFloorMargin ? 'below (REGION_BASELINE_NOT_BEATEN)' : 'beats the floor'}</span
                  >`
          }
        </dd>
        <dt>Floor</dt>
        <dd data-testid="floor" data-value=${String(fl.psnrDb)}>
          ${fl.psnrDb === null ? 'not measured' : `median fill ${f(m.medianFill.psnrDb, 3)} dB (${m.medianFill.holes.luma} never-unmasked luma pixels inpainted), unchanged input ${f(m.unchanged.psnrDb, 3)} dB`}
        </dd>
        <dt>SSIM (reported)</dt>
        <dd data-testid="ssim" data-value=${String(c.ssim)}>${c.ssim === null ? 'not measured' : `${f(c.ssim, 5)} (floor ${f(fl.ssim, 5)})`}</dd>
        <dt>LPIPS-VGG</dt>
        <dd data-testid="lpips">
          ${c.lpipsVgg === null ? html`not measured — <span class="muted">${this._lpips.installed ? this._lpips.message : html`${this._lpips.message}: <a href="#/settings">Settings</a>`}</span>` : `${f(c.lpipsVgg, 5)} vs floor ${f(fl.lpipsVgg, 5)} (${m.lpipsEngine}, frames ${m.lpipsFrames.join(', ')})`}
        </dd>
        <dt>Warp error</dt>
        <dd data-testid="warp">
          ${
            c.warpError === null
              ? 'not measured'
              : html`${f(c.warpError, 4)} vs bound 5·max(e_r ${f(m.warpReference, 4)}, ${REMOVAL_WARP_FLOOR}) = ${f(warpBound, 4)}:
                  <span class=${warpBound !== null && c.warpError > warpBound ? 'error-text' : 'ok'}
                    >${warpBound !== null && c.warpError > warpBound ? 'exceeded' : 'within'}</span
                  >`
          }
        </dd>
        <dt>Outside the mask</dt>
        <dd data-testid="outside" data-value=${String(m.outside.change)}>
          max change ${f(m.outside.change, 4)} (frame ${m.outside.worstFrame}) vs ${REMOVAL_OUTSIDE_TOLERANCE}:
          <span class=${m.outside.passed ? 'ok' : 'error-text'}>${m.outside.passed ? 'passes' : 'OUTSIDE_REGION_MODIFIED'}</span>
        </dd>
      </dl>
      ${headedList('Reasons', v.reasons, 'reasons')} ${headedList('Partial: not measured', m.partial ? m.missing : [], 'missing')}
      ${headedList('Notes', m.notes, undefined, 'muted')}
      <div class="row">
        <pf-save-run .draft=${this._draft}></pf-save-run>
        <button class="secondary" data-testid="copy-json" @click=${this.copyJson}>Copy JSON</button>
        ${this._copied ? html`<span role="status">${this._copied}</span>` : nothing}
      </div>
    </div>`;
  }

  private renderViewer(r: RemovalRunResult) {
    const v = this._view;
    const n = r.measurement.frames;
    const other = v?.reference ?? v?.served ?? null;
    return html`<div class="card">
      <h3>Frame ${this._viewIndex} with the mask overlaid</h3>
      <div class="frame-row">
        <label
          >Frame
          <input
            type="number"
            name="frame"
            min="0"
            max=${Math.max(0, n - 1)}
            step="1"
            .value=${String(this._viewIndex)}
            @change=${(e: Event) => this.showFrame(Number((e.target as HTMLInputElement).value))}
        /></label>
        <button class="secondary" @click=${() => this.showFrame(r.measurement.outside.worstFrame >= 0 ? r.measurement.outside.worstFrame : 0)}>
          Worst outside-mask frame
        </button>
      </div>
      ${this._viewError ? html`<div class="error" role="alert">${this._viewError}</div>` : nothing}
      ${
        v?.candidate && other
          ? html`<pf-frame-viewer
              data-testid="viewer"
              .ref=${overlay(other, v.mask)}
              .dist=${overlay(v.candidate, v.mask)}
              ref-label=${v.reference ? 'reference + mask' : 'served input + mask'}
              dist-label="output + mask"
            ></pf-frame-viewer>`
          : html`<p class="muted">Loading the frame…</p>`
      }
    </div>`;
  }

  private renderPlots(r: RemovalRunResult) {
    const p = r.measurement.perFrame;
    const frames = p.outsideChange.map((_, i) => i);
    const psnr = p.candidateSquaredError.length
      ? p.candidateSquaredError.map((se, i) => (p.maskedElements[i]! > 0 ? maskedPsnr(se, p.maskedElements[i]!) : Number.NaN))
      : null;
    const warp = p.warpCandidate.some(Number.isFinite);
    const select = (e: CustomEvent<number>) => this.showFrame(e.detail);
    return html`<div class="card">
      <h3>Per frame</h3>
      ${
        psnr
          ? html`<h4>PSNR in the mask (dB)</h4>
              <pf-frame-plot
                data-testid="plot-psnr"
                .frames=${frames}
                .series=${[{ label: 'PSNR (dB)', values: psnr, color: '#3c8dde' }]}
                @frame-select=${select}
              ></pf-frame-plot>`
          : nothing
      }
      <h4>Outside-mask change (limit ${REMOVAL_OUTSIDE_TOLERANCE})</h4>
      <pf-frame-plot
        data-testid="plot-outside"
        .frames=${frames}
        .series=${[{ label: 'mean abs RGB change', values: p.outsideChange, color: '#d68a2e' }]}
        @frame-select=${select}
      ></pf-frame-plot>
      ${
        warp
          ? html`<h4>Warp error</h4>
              <pf-frame-plot
                data-testid="plot-warp"
                .frames=${frames}
                .series=${[
                  { label: 'e_c (output)', values: p.warpCandidate, color: '#b5179e' },
                  { label: 'e_r (reference)', values: p.warpReference, color: '#2a9d8f' },
                ]}
                @frame-select=${select}
              ></pf-frame-plot>`
          : html`<p class="muted">Warp error per frame: not measured.</p>`
      }
    </div>`;
  }

  override render() {
    const r = this._result;
    return html`
      <h2>Vidaio object-removal check</h2>
      <p class="lead">
        Drop the served input (its video stream 1 is the mask), your output and, if you have it, the clean reference. Everything is decoded and measured on this
        machine.
      </p>
      <pf-pack-select mechanism="vidaio" .value=${this._packId} @pack-change=${this.onPackChange}></pf-pack-select>
      <div class="card">
        <div class="row">
          ${videoDrop('served', this._served, 'Served input', 'Drop the served input (frames + mask stream)', (x) => (this._served = x))}
          ${videoDrop('mask', this._mask, 'Mask', 'Optional: a separate mask video', (x) => (this._mask = x))}
          ${videoDrop('output', this._candidate, 'Output', 'Drop your output', (x) => (this._candidate = x))}
          ${videoDrop('reference', this._reference, 'Reference', 'Optional: the clean reference', (x) => (this._reference = x))}
        </div>
        <div class="row" style="margin-top:0.6rem">
          <label
            >Challenge id (optional)<input
              type="text"
              name="challengeId"
              .value=${this._challengeId}
              @input=${(e: Event) => (this._challengeId = (e.target as HTMLInputElement).value)}
          /></label>
          <button data-testid="check" @click=${this.run} ?disabled=${this.task.busy || !this._served || !this._candidate}>Check</button>
        </div>
        <p class="muted" data-testid="lpips-status">
          ${this._lpips.installed ? this._lpips.message : html`Partial — ${this._lpips.message}: without them the score is shown as partial; everything else is measured. <a href="#/settings">Settings</a>`}
        </p>
        ${this.task.render('removal-error')}
      </div>
      ${r ? [this.renderResults(r), this.renderViewer(r), this.renderPlots(r)] : nothing}
    `;
  }
}
customElements.define('pf-vidaio-removal-page', PfVidaioRemovalPage);

declare global {
  interface HTMLElementTagNameMap {
    'pf-vidaio-removal-page': PfVidaioRemovalPage;
  }
}
