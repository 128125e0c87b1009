/**
 * Compare candidates: one reference and several encodes of it (different CRF, presets, codecs). Each candidate is
 * probed and measured (VMAF and VMAF NEG per frame) in the engine worker with the CPU engine on 2 threads, one
 * after the other with its own progress, and can be cancelled. The results are ranked under the selected pack
 * (score, formula score, size, VMAF, gate verdicts; rankCandidates in src/core), plotted as score against size
 * with the pack's curve, cliff and rate kinks, and the recommended candidate is named with the reason. Changing
 * the pack, threshold or codec re-evaluates without measuring again. Each candidate opens in the full
 * compression view with its pair. Nothing is stored.
 */
import { LitElement, html, nothing } from 'lit';
import { shared } from '../styles/shared.ts';
import { getPack, packsFor } from '../../core/rules/index.ts';
import { evaluateCompression, factsFromProbe, policyFor, type Evaluation } from '../../core/rules/vidaio/evaluate.ts';
import { rankCandidates, scoreCurve, type Ranking } from '../../core/history/candidates.ts';
import { fmtNumber } from '../../core/history/report.ts';
import { engine, type MediaProbe } from '../../bridge/engine.ts';
import { handOffCompression } from '../../bridge/handoff.ts';
import { getSettings } from '../../bridge/settings.ts';
import '../components/pack-select.ts';
import '../components/file-drop.ts';
import '../components/score-size-plot.ts';
import { states } from '../states.ts';
import { PageTask } from './parts/page-task.ts';
import { VIDEO_ACCEPT, videoDrop } from './parts/fields.ts';
import { headerRow } from '../components/markup.ts';
import { compressionTaskFields, type CompressionTask } from './parts/compression-task.ts';

/** CPU threads for VIF/ADM: the brief's target machine has 2 cores. */
const THREADS = 2;

interface Candidate {
  file: File;
  status: 'queued' | 'probing' | 'measuring' | 'done' | 'error' | 'cancelled';
  done: number;
  total: number;
  error: string;
  probe: MediaProbe | null;
  frames: { vmaf: number[]; vmaf_neg: number[] } | null;
  evaluation: Evaluation | null;
  seconds: number;
}

export class PfComparePage extends LitElement {
  static override styles = shared;
  static override properties = states('_reference', '_candidates', '_packId', '_task', '_refProbe');
  private _reference: File | null = null;
  private _refProbe: MediaProbe | null = null;
  private _candidates: Candidate[] = [];
  private _packId = packsFor('vidaio')[0]!.id;
  private _task: CompressionTask = { threshold: policyFor(this._packId).thresholds[0]!, codec: 'av1', mode: 'CRF' };
  private task = new PageTask(this);

  override connectedCallback() {
    super.connectedCallback();
    void getSettings().then((s) => {
      const pack = s.defaultPack.vidaio;
      if (pack && pack !== this._packId && packsFor('vidaio').some((p) => p.id === pack)) this.setPack(pack);
    });
  }

  override disconnectedCallback() {
    this.task.cancel();
    super.disconnectedCallback();
  }

  private setPack(id: string) {
    this._packId = id;
    const thresholds = policyFor(id).thresholds;
    if (!thresholds.includes(this._task.threshold)) this._task = { ...this._task, threshold: thresholds[0]! };
    this.evaluateAll();
  }

  private onPackChange = (e: CustomEvent<string>) => this.setPack(e.detail);

  private setTask = (change: Partial<CompressionTask>) => {
    this._task = { ...this._task, ...change };
    this.evaluateAll();
  };

  private addCandidates(files: File[]) {
    const fresh = files.filter((f) => !this._candidates.some((c) => c.file.name === f.name && c.file.size === f.size));
    this._candidates = [
      ...this._candidates,
      ...fresh.map((file): Candidate => ({ file, status: 'queued', done: 0, total: 0, error: '', probe: null, frames: null, evaluation: null, seconds: 0 })),
    ];
  }

  private update1(i: number, patch: Partial<Candidate>) {
    this._candidates = this._candidates.map((c, j) => (j === i ? { ...c, ...patch } : c));
  }

  private async run() {
    const reference = this._reference;
    if (!reference || this._candidates.length === 0) {
      this.task.error = 'Drop the reference (what the validator sent) and at least one candidate encode.';
      return;
    }
    await this.task.run(async (signal) => {
      this._refProbe = await engine.probe(signal, reference, reference.name);
      for (let i = 0; i < this._candidates.length; i++) {
        const c = this._candidates[i]!;
        if (c.status === 'done') continue;
        const t0 = performance.now();
        try {
          this.update1(i, { status: 'probing', error: '', done: 0, total: 0 });
          const probe = await engine.probe(signal, c.file, c.file.name);
          if (probe.width !== this._refProbe.width || probe.height !== this._refProbe.height)
            throw new Error(
              `${probe.width}×${probe.height}, the reference is ${this._refProbe.width}×${this._refProbe.height}: the compression task keeps the reference's resolution and the validator does not scale.`,
            );
          const total = Math.min(probe.frameCount, this._refProbe.frameCount);
          this.update1(i, { status: 'measuring', probe, total });
          const m = await engine.measure(
            signal,
            reference,
            c.file,
            {
              models: ['vmaf_v0.6.1', 'vmaf_v0.6.1neg'],
              engine: 'cpu',
              threads: THREADS,
              features: { ssim: false, psnr: false },
              distFramesHint: probe.frameCount,
            },
            (p) => {
              this.update1(i, { done: p.done, total: p.total ?? total });
            },
          );
          const col = (k: string) => m.frames.map((f) => f.metrics[k]).filter((v): v is number => typeof v === 'number');
          this.update1(i, {
            status: 'done',
            frames: { vmaf: col('vmaf'), vmaf_neg: col('vmaf_neg') },
            done: m.frames.length,
            total: m.frames.length,
            seconds: (performance.now() - t0) / 1000,
          });
          this.evaluateAll();
        } catch (err) {
          if ((err as Error).name === 'AbortError') throw err;
          this.update1(i, { status: 'error', error: (err as Error).message });
        }
      }
    }, this.cancelled);
  }

  private cancelled = () => {
    this._candidates = this._candidates.map((c) => (c.status === 'done' || c.status === 'error' ? c : { ...c, status: 'cancelled' }));
    return 'Cancelled. Finished candidates stay ranked; "Compare" measures the rest.';
  };

  /** Re-evaluates every measured candidate under the current pack, threshold, codec and mode (no re-measuring). */
  private evaluateAll() {
    const ref = this._refProbe;
    const pack = getPack(this._packId, 'vidaio')!;
    this._candidates = this._candidates.map((c) => {
      if (!ref || !c.probe || !c.frames) return c;
      try {
        return {
          ...c,
          evaluation: evaluateCompression({
            pack,
            reference: factsFromProbe(ref),
            output: factsFromProbe(c.probe),
            task: { codec: this._task.codec, mode: this._task.mode, targetBitrateMbps: null, vmafThreshold: this._task.threshold },
            frames: c.frames,
          }),
        };
      } catch (err) {
        return { ...c, status: 'error', error: (err as Error).message, evaluation: null };
      }
    });
  }

  /** A new reference: every candidate is measured again against it. */
  private setReference = (file: File) => {
    this._reference = file;
    this._refProbe = null;
    this._candidates = this._candidates.map((c) => ({ ...c, status: 'queued', frames: null, evaluation: null, probe: null }));
  };

  private ranking(): Ranking | null {
    const done = this._candidates.filter((c) => c.evaluation);
    if (!done.length) return null;
    return rankCandidates(done.map((c) => ({ name: c.file.name, sizeBytes: c.file.size, evaluation: c.evaluation! })));
  }

  private openFull(name: string) {
    const c = this._candidates.find((x) => x.file.name === name);
    if (!c || !this._reference) return;
    handOffCompression({
      original: this._reference,
      compressed: c.file,
      packId: this._packId,
      vmafThreshold: this._task.threshold,
      codec: this._task.codec,
      mode: this._task.mode,
    });
    location.hash = '#/vidaio/compression';
  }

  private renderPlot(r: Ranking) {
    const ref = this._reference;
    if (!ref) return nothing;
    const pack = getPack(this._packId, 'vidaio')!;
    const lead = r.recommended ?? r.rows[0]!;
    const curves = [];
    const marks: { sizeBytes: number; label: string }[] = [];
    const cMin = Math.max(0.002, Math.min(...r.rows.map((x) => x.compressionRate)) / 2);
    if (Number.isFinite(lead.vmaf)) {
      const c = scoreCurve(pack, lead.vmaf, this._task.threshold, cMin, 1200);
      curves.push({
        label: `pack curve at VMAF ${fmtNumber(lead.vmaf, 2)}`,
        sizesBytes: c.rates.map((x) => Math.round(x * ref.size)),
        scores: c.scores,
        color: '#20aa8c',
      });
      for (const f of c.features)
        marks.push({
          sizeBytes: f.compressionRate * ref.size,
          label: f.kind === 'jump' ? `cliff C=${fmtNumber(f.compressionRate, 2)}` : `kink C=${fmtNumber(f.compressionRate, 3)}`,
        });
    }
    const atThr = scoreCurve(pack, this._task.threshold, this._task.threshold, cMin, 1200);
    curves.push({
      label: `at the threshold (VMAF ${this._task.threshold})`,
      sizesBytes: atThr.rates.map((x) => Math.round(x * ref.size)),
      scores: atThr.scores,
      color: '#c08a1a',
    });
    return html`<pf-score-size-plot
        data-testid="score-size"
        .points=${r.rows.map((x) => ({ name: x.name, sizeBytes: x.sizeBytes, score: Number.isFinite(x.formulaScore ?? NaN) && !x.passesChecks ? x.formulaScore! : x.score }))}
        .curves=${curves}
        .marks=${marks}
      ></pf-score-size-plot>
      <p class="muted">
        Points: each candidate's score (before checks where a check fails). Curves: the pack's score over size at the leading candidate's VMAF and at the
        threshold; below the threshold the score falls off the cliff. Dashed lines: where the pack's score jumps or bends.
      </p>`;
  }

  private renderRanking() {
    const r = this.ranking();
    if (!r) return nothing;
    const f = (v: number | null, d = 4) => (v === null || !Number.isFinite(v) ? '—' : fmtNumber(v, d));
    return html`<div class="card" data-testid="ranking">
      <h3>Ranked under <code>${this._packId}</code>, threshold ${this._task.threshold}</h3>
      <p data-testid="recommendation">
        ${r.recommended ? html`Recommended: <strong>${r.recommended.name}</strong>. ` : html`<strong>No recommendation.</strong> `}${r.reason}
      </p>
      <div style="overflow-x:auto">
        <table>
          ${headerRow('Rank', 'Candidate', 'Size (bytes)', 'C', 'VMAF (pack pooling)', 'Score', 'Score if checks pass', 'Gate verdicts', '')}
          ${r.rows.map(
            (x) =>
              html`<tr data-candidate=${x.name} data-rank=${x.rank}>
                <td>${x.rank}</td>
                <td>${x.name}</td>
                <td class="num">${x.sizeBytes}</td>
                <td class="num">${f(x.compressionRate)}</td>
                <td class="num" data-vmaf=${x.vmaf}>${f(x.vmaf, 3)}</td>
                <td class="num" data-score=${x.score}>${f(x.score)}</td>
                <td class="num" data-formula-score=${x.formulaScore ?? ''}>${f(x.formulaScore)}</td>
                <td style="text-align:left">
                  <ul class="reasons">
                    ${x.verdicts.map((v) => html`<li>${v}</li>`)}
                  </ul>
                </td>
                <td><button class="secondary" data-action="open-full" @click=${() => this.openFull(x.name)}>Open in full view</button></td>
              </tr>`,
          )}
        </table>
      </div>
      ${this.renderPlot(r)}
    </div>`;
  }

  private renderCandidates() {
    if (!this._candidates.length) return nothing;
    const label: Record<Candidate['status'], string> = {
      queued: 'queued',
      probing: 'probing…',
      measuring: 'measuring',
      done: 'done',
      error: 'failed',
      cancelled: 'cancelled',
    };
    return html`<ul class="reasons" data-testid="candidates">
      ${this._candidates.map(
        (c, i) =>
          html`<li data-status=${c.status}>
            <strong>${c.file.name}</strong> (${c.file.size} bytes): ${label[c.status]}
            ${c.status === 'measuring' ? html`${c.total > 0 ? html`<progress max=${c.total} .value=${c.done} aria-label=${`${c.file.name}: frame ${c.done} of ${c.total}`}></progress> ${c.done} / ${c.total} frames` : html`<progress aria-label=${`${c.file.name}: starting`}></progress>`}` : nothing}
            ${c.status === 'done' ? html`<span class="muted">${c.total} frames in ${c.seconds.toFixed(1)} s</span>` : nothing}
            ${c.status === 'error' ? html`<span class="error-text">${c.error}</span>` : nothing}
            ${!this.task.busy ? html`<button class="secondary" aria-label=${`Remove ${c.file.name}`} @click=${() => (this._candidates = this._candidates.filter((_, j) => j !== i))}>✕</button>` : nothing}
          </li>`,
      )}
    </ul>`;
  }

  override render() {
    const policy = policyFor(this._packId);
    return html`
      <h2>Compare candidates</h2>
      <p class="lead">
        Drop the reference and several encodes of it (different CRF, presets, codecs). Each is measured in this browser (CPU engine, ${THREADS} threads), ranked
        under the selected pack, and the one to submit is named with the reason. Nothing is stored.
      </p>
      <pf-pack-select mechanism="vidaio" .value=${this._packId} @pack-change=${this.onPackChange}></pf-pack-select>
      <div class="card">
        <div class="row">
          ${videoDrop('reference', this._reference, 'Reference', 'Drop the reference video', this.setReference)}
          <pf-file-drop
            data-role="candidates"
            multiple
            label="Drop candidate encodes (several at once)"
            accept=${VIDEO_ACCEPT}
            @files=${(e: CustomEvent<File[]>) => this.addCandidates(e.detail)}
          ></pf-file-drop>
        </div>
        <div class="row" style="margin-top:0.6rem">
          ${compressionTaskFields(policy.thresholds, this._task, this.setTask)}
          <button @click=${this.run} ?disabled=${this.task.busy || !this._reference || !this._candidates.length}>Compare</button>
          ${this.task.busy ? html`<button class="secondary" @click=${() => this.task.cancel()}>Cancel</button>` : nothing}
        </div>
        ${this.renderCandidates()} ${this.task.renderError()}
      </div>
      ${this.renderRanking()}
    `;
  }
}
customElements.define('pf-compare-page', PfComparePage);

declare global {
  interface HTMLElementTagNameMap {
    'pf-compare-page': PfComparePage;
  }
}
