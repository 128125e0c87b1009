/**
 * Vidaio competition preview (validator-vidaio v3, tokenomics v3): the miner picks the items of an entry (reference or
 * served input + their output per item; for upscaling also the low-resolution input, the scale factor and PIE-APP;
 * for object removal the clean reference, the served input with its mask stream or a separate mask, and an optional
 * challenge id), types or imports competitor entry scores, the baseline and the competition's rules. The items run
 * one after the other, compression and upscaling through the engine worker (CPU engine, libvmaf's integer features,
 * as `preflight competition`), removal through the removal worker with LPIPS-VGG from the weights installed in
 * Settings (as the removal page; without them a removal item is incomplete unless its verdict is already zero), with
 * one progress bar for the whole entry and a cancel. Shown: each item's score and gate verdicts (including the gates that
 * cannot be previewed and why), the entry score, the place (IDLE / PODIUM / CROWN), the crown and podium bars, place
 * shares, the 168-hour window and the share of emission. All scoring is src/core/rules/vidaio/competition-entry.ts,
 * the code the CLI runs, so both give the same numbers. Bad input gets one message naming the item or field, and
 * nothing runs.
 */
import { LitElement, css, html, nothing } from 'lit';
import { shared } from '../styles/shared.ts';
import { engine, type EngineMeasureResult, type MediaProbe } from '../../bridge/engine.ts';
import { removal, type RemovalMeasurement } from '../../bridge/removal.ts';
import { browserLpipsEngine } from '../../bridge/lpips.ts';
import { getSettings } from '../../bridge/settings.ts';
import {
  competitionRulesNote,
  defaultSelfUid,
  EntryInputError,
  parseCompetitors,
  parseManifest,
  parseRules,
  scoreItem,
  summarizeEntry,
  type EntryManifest,
  type EntrySummary,
  type FileFacts,
  type ItemRecord,
  type Standing,
  type Track,
} from '../../core/rules/vidaio/competition-entry.ts';
import { states } from '../states.ts';
import { PageTask } from './parts/page-task.ts';
import { headerRow } from '../components/markup.ts';

interface Row {
  key: number;
  id: string;
  reference: File | null;
  input: File | null;
  output: File | null;
  /** Removal: a separate mask video (absent: stream 1 of the served input). */
  mask: File | null;
  scaleFactor: 2 | 4;
  pieapp: string;
  /** Removal: the challenge id (seeds the validator's crop draw), optional. */
  challengeId: string;
}

const f = (x: number | null | undefined, d = 4) => (x === null || x === undefined ? '—' : Number.isFinite(x) ? x.toFixed(d) : String(x));
const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

async function sha256(file: Blob): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function factsOf(p: MediaProbe, decodedFrames: number | null): FileFacts {
  return {
    codec: p.codec,
    pixFmt: p.pixFmt,
    width: p.width,
    height: p.height,
    fps: p.fps,
    frameCount: decodedFrames ?? p.frameCount,
    durationS: p.streamDurationSeconds,
    sizeBytes: p.sizeBytes,
  };
}

/** A labelled textarea that hands its text to `set` on every edit. */
function textArea(label: string, name: string, value: string, placeholder: string, set: (text: string) => void) {
  return html`<label style="margin-top:0.6rem"
    >${label}<textarea name=${name} .value=${value} @input=${(e: Event) => set((e.target as HTMLTextAreaElement).value)} placeholder=${placeholder}></textarea>
  </label>`;
}

let nextKey = 1;
const newRow = (n: number): Row => ({
  key: nextKey++,
  id: `item-${n}`,
  reference: null,
  input: null,
  output: null,
  mask: null,
  scaleFactor: 2,
  pieapp: '',
  challengeId: '',
});

export class PfCompetitionPage extends LitElement {
  static override styles = [
    shared,
    css`
      .scroll {
        overflow-x: auto;
        max-width: 100%;
      }
      .items {
        display: grid;
        gap: 0.6rem;
      }
      .item {
        border: 1px solid color-mix(in srgb, currentColor 14%, transparent);
        border-radius: 6px;
        padding: 0.5rem 0.6rem;
      }
      .item .row {
        gap: 0.5rem;
      }
      input[type='file'] {
        max-width: 100%;
        font-size: 0.85rem;
      }
      .fail {
        color: #e0524a;
      }
      .pass {
        color: #2a9d6f;
      }
      .side {
        opacity: 0.75;
      }
      details summary {
        cursor: pointer;
      }
      td.verdict {
        text-align: left;
        white-space: normal;
        min-width: 12rem;
      }
      .bar {
        display: block;
        height: 0.55rem;
        border-radius: 3px;
        background: #3c8dde;
      }
      .bar.paid {
        background: #20aa8c;
      }
      .bar-wrap {
        position: relative;
        width: 9rem;
        background: color-mix(in srgb, currentColor 8%, transparent);
        border-radius: 3px;
      }
      .mark {
        position: absolute;
        top: -0.15rem;
        bottom: -0.15rem;
        width: 2px;
      }
      .mark.crown {
        background: #d68a2e;
      }
      .mark.podium {
        background: #8a5cd6;
      }
      @media (max-width: 480px) {
        .bar-wrap {
          width: 5rem;
        }
        input[type='number'],
        input[type='text'],
        select {
          min-width: 5rem;
        }
      }
    `,
  ];
  static override properties = {
    ...states('_track', '_threshold', '_rows', '_competitors', '_baseline', '_noBaseline', '_rules', '_hotkey', '_uid', '_appliedAt'),
    ...states('_records', '_summary', '_note'),
  };
  private _track: Track = 'compression';
  private _threshold = 90;
  private _rows: Row[] = [newRow(1)];
  private _competitors = '';
  private _baseline = '';
  private _noBaseline = false;
  private _rules = '';
  private _hotkey = 'your-entry';
  private _uid = '';
  private _appliedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  private _threads: 'auto' | number = 'auto';
  private task = new PageTask(this);
  private _note = '';
  private _records: ItemRecord[] = [];
  private _summary: EntrySummary | null = null;

  override connectedCallback() {
    super.connectedCallback();
    void getSettings()
      .then((s) => (this._threads = s.cpuThreads))
      .catch(() => undefined);
  }

  private setRow(key: number, patch: Partial<Row>) {
    this._rows = this._rows.map((r) => (r.key === key ? { ...r, ...patch } : r));
  }

  /** Everything validated before anything runs: the manifest (by file names), competitors, baseline, rules. */
  private validate(): { manifest: EntryManifest; standing: Standing | null } {
    const items = this._rows.map((r, i) => {
      const where = `items[${i}] "${r.id}"`;
      if (!r.reference)
        throw new EntryInputError(`${where}.reference`, `no file chosen (${this._track === 'compression' ? 'the served input' : 'the pristine reference'})`);
      if (this._track === 'upscaling' && !r.input) throw new EntryInputError(`${where}.input`, 'no file chosen (the low-resolution input you were served)');
      if (this._track === 'removal' && !r.input)
        throw new EntryInputError(`${where}.input`, 'no file chosen (the served input, with its mask stream or a separate mask)');
      if (!r.output) throw new EntryInputError(`${where}.output`, 'no file chosen (your output)');
      // Files are told apart by name, size and date (a browser gives no paths): the same file twice is the same item.
      const key = (file: File) => `${file.name}|${file.size}|${file.lastModified}`;
      const base = { id: r.id, reference: key(r.reference), output: key(r.output) };
      if (this._track === 'compression') return base;
      if (this._track === 'removal')
        return {
          ...base,
          input: key(r.input!),
          ...(r.mask ? { mask: key(r.mask) } : {}),
          ...(r.challengeId.trim() ? { challengeId: r.challengeId.trim() } : {}),
        };
      const p = r.pieapp.trim();
      if (p !== '' && !Number.isFinite(Number(p))) throw new EntryInputError(`${where}.pieapp`, `expected a number or nothing, got ${JSON.stringify(p)}`);
      return { ...base, input: key(r.input!), scaleFactor: r.scaleFactor, pieapp: p === '' ? null : Number(p) };
    });
    const manifest = parseManifest({ track: this._track, vmafThreshold: this._threshold, items });
    const competitors = this._competitors.trim() ? parseCompetitors(this._competitors, 'competitors') : [];
    const rules = this._rules.trim()
      ? parseRules(
          (() => {
            try {
              return JSON.parse(this._rules);
            } catch (err) {
              throw new EntryInputError('rules', `not valid JSON: ${(err as Error).message}`);
            }
          })(),
          'rules',
        )
      : null;
    if (!Number.isFinite(Date.parse(this._appliedAt)) || !/(Z|[+-]\d{2}:?\d{2})$/i.test(this._appliedAt.trim()))
      throw new EntryInputError('window start', `expected an ISO 8601 time with a zone, e.g. 2026-09-27T00:00:00Z, got ${JSON.stringify(this._appliedAt)}`);
    if (this._uid.trim() && !/^\d+$/.test(this._uid.trim()))
      throw new EntryInputError('your UID', `expected a whole number ≥ 0, got ${JSON.stringify(this._uid)}`);
    if (!this._hotkey.trim()) throw new EntryInputError('your hotkey', 'must not be empty');
    let standing: Standing | null = null;
    const b = this._baseline.trim();
    if (this._noBaseline || b !== '') {
      let baseline: number | null = null;
      if (!this._noBaseline) {
        baseline = Number(b);
        if (!/^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(b) || baseline > 1)
          throw new EntryInputError('baseline', `expected the baseline's entry score from 0 to 1, got ${JSON.stringify(b)}`);
      }
      standing = {
        baseline,
        hasBaseline: !this._noBaseline,
        rules,
        competitors,
        appliedAt: this._appliedAt.trim(),
        self: { hotkey: this._hotkey.trim(), uid: this._uid.trim() ? Number(this._uid.trim()) : defaultSelfUid(competitors) },
      };
    }
    return { manifest, standing };
  }

  private async importCompetitors(file: File | undefined) {
    if (!file) return;
    const text = await file.text();
    try {
      parseCompetitors(text, file.name);
      this._competitors = text;
      this.task.error = '';
    } catch (err) {
      this.task.error = (err as Error).message;
    }
  }

  private async run() {
    this._note = '';
    let checked: ReturnType<PfCompetitionPage['validate']>;
    try {
      checked = this.validate();
    } catch (err) {
      this.task.error = (err as Error).message;
      return;
    }
    const { manifest, standing } = checked;
    const rows = [...this._rows];
    this._records = [];
    this._summary = null;
    const records: ItemRecord[] = [];
    const cancelled = () => `Cancelled after ${records.length} of ${rows.length} item(s): no entry score (it needs the full item set).`;
    await this.task.run(async (signal) => {
      this.task.progress = { done: 0, total: 0, label: 'Probing the entry' };
      const probes: { ref: MediaProbe; out: MediaProbe; input: MediaProbe | null }[] = [];
      for (const r of rows) {
        probes.push({
          ref: await engine.probe(signal, r.reference!, r.reference!.name),
          out: await engine.probe(signal, r.output!, r.output!.name),
          input: r.input && this._track !== 'compression' ? await engine.probe(signal, r.input, r.input.name) : null,
        });
      }
      const total = probes.reduce((s, p) => s + Math.min(p.ref.frameCount, p.out.frameCount), 0);
      const lpips = manifest.track === 'removal' ? await browserLpipsEngine() : null;
      if (manifest.track === 'removal' && !lpips)
        this._note = 'LPIPS-VGG weights are not installed (Settings): removal items whose verdict is not already zero stay incomplete.';
      let before = 0;
      for (let k = 0; k < rows.length; k++) {
        const r = rows[k]!;
        const p = probes[k]!;
        const label = `Item ${k + 1} of ${rows.length} (${r.id})`;
        this.task.progress = { done: before, total, label };
        let measured: EngineMeasureResult | null = null;
        let removed: RemovalMeasurement | null = null;
        let error: string | null = null;
        try {
          if (manifest.track === 'removal') {
            const spec = manifest.items[k]!;
            const result = await removal.measure(
              signal,
              { served: r.input!, mask: r.mask, candidate: r.output!, reference: r.reference! },
              // The reference's digest and the challenge id seed the LPIPS frame draw; without an id it is not needed.
              spec.challengeId ? { challengeId: spec.challengeId, referenceSha256Hex: await sha256(r.reference!) } : {},
              (q) => {
                this.task.progress = { label: `${label}: ${q.stage}`, done: q.done, total: q.total ?? 0 };
              },
              lpips,
            );
            removed = result.measurement;
          } else
            measured = await engine.measure(
              signal,
              r.reference!,
              r.output!,
              {
                models: ['vmaf_v0.6.1', 'vmaf_v0.6.1neg'],
                engine: 'cpu',
                threads: this._threads,
                features: { ssim: false, psnr: false },
                distFramesHint: p.out.frameCount,
              },
              (q) => this.task.advance(before + q.done, total),
            );
        } catch (err) {
          if ((err as Error).name === 'AbortError') throw err;
          error = (err as Error).message;
        }
        const record = scoreItem({
          track: manifest.track,
          index: k,
          spec: manifest.items[k]!,
          vmafThreshold: manifest.vmafThreshold,
          reference: factsOf(p.ref, measured?.refFrameCount ?? null),
          output: factsOf(p.out, measured?.distFrameCount ?? null),
          input: p.input ? factsOf(p.input, null) : null,
          measurement: { vmaf: measured?.pooled.vmaf?.mean ?? null, vmafNeg: measured?.pooled.vmaf_neg?.mean ?? null, error },
          removal: removed,
          outputSha256: await sha256(r.output!),
        });
        if (measured) record.seconds = Math.round(measured.seconds * 100) / 100;
        records.push(record);
        this._records = [...records];
        before += Math.min(p.ref.frameCount, p.out.frameCount);
      }
      this.task.progress = { done: total, total, label: 'Done' };
      this._summary = summarizeEntry(
        manifest.items.map((i) => i.id),
        records,
        standing,
      );
      if (!standing)
        this._note = [this._note, 'Give a baseline (or tick "no executable baseline") to see where this entry would place.'].filter(Boolean).join(' ');
    }, cancelled);
  }

  private renderRows() {
    const up = this._track === 'upscaling';
    const rm = this._track === 'removal';
    const fileInput = (r: Row, key: 'reference' | 'input' | 'output' | 'mask', label: string) =>
      html`<label
        >${label}
        <input
          type="file"
          data-role=${key}
          accept="video/*,.mp4,.mkv,.webm,.y4m,.mov,.ivf"
          @change=${(e: Event) => this.setRow(r.key, { [key]: (e.target as HTMLInputElement).files?.[0] ?? null })}
        />
        ${r[key] ? html`<span class="muted">${r[key]!.name}</span>` : nothing}</label
      >`;
    return html`<div class="items">
        ${this._rows.map(
          (r, i) =>
            html`<fieldset class="item" data-item-row=${i}>
              <legend>Item ${i + 1}</legend>
              <div class="row">
                <label
                  >Item id<input
                    type="text"
                    name="item-id"
                    .value=${r.id}
                    @input=${(e: Event) => this.setRow(r.key, { id: (e.target as HTMLInputElement).value })}
                /></label>
                ${fileInput(r, 'reference', up ? 'Pristine reference' : rm ? 'Clean reference' : 'Served input (the reference)')}
                ${up ? fileInput(r, 'input', 'Low-resolution input') : nothing}
                ${rm ? html`${fileInput(r, 'input', 'Served input (mask as video stream 1)')} ${fileInput(r, 'mask', 'Separate mask video (optional)')}` : nothing}
                ${fileInput(r, 'output', 'Your output')}
                ${
                  rm
                    ? html`<label
                        >Challenge id (optional)<input
                          type="text"
                          name="challenge-id"
                          .value=${r.challengeId}
                          @input=${(e: Event) => this.setRow(r.key, { challengeId: (e.target as HTMLInputElement).value })}
                      /></label>`
                    : nothing
                }
                ${
                  up
                    ? html`<label
                          >Scale factor<select
                            @change=${(e: Event) => this.setRow(r.key, { scaleFactor: Number((e.target as HTMLSelectElement).value) as 2 | 4 })}
                          >
                            <option value="2" ?selected=${r.scaleFactor === 2}>2×</option>
                            <option value="4" ?selected=${r.scaleFactor === 4}>4×</option>
                          </select></label
                        >
                        <label
                          >PIE-APP (signed 4-frame mean)<input
                            type="text"
                            inputmode="decimal"
                            .value=${r.pieapp}
                            @input=${(e: Event) => this.setRow(r.key, { pieapp: (e.target as HTMLInputElement).value })}
                        /></label>`
                    : nothing
                }
                <button
                  class="secondary"
                  ?disabled=${this.task.busy || this._rows.length === 1}
                  @click=${() => (this._rows = this._rows.filter((x) => x.key !== r.key))}
                  aria-label=${`Remove item ${i + 1}`}
                >
                  Remove
                </button>
              </div>
            </fieldset>`,
        )}
      </div>
      <button
        class="secondary"
        style="margin-top:0.5rem"
        ?disabled=${this.task.busy}
        @click=${() => (this._rows = [...this._rows, newRow(this._rows.length + 1)])}
      >
        Add item
      </button>`;
  }

  private renderItems() {
    if (!this._records.length) return nothing;
    const statusText = { pass: 'pass', fail: 'FAIL', 'validator-side': 'validator-side', 'not-previewed': 'not previewed' } as const;
    const rm = this._records[0]!.track === 'removal';
    return html`<div class="card">
      <h3>Items</h3>
      <div class="scroll">
        <table data-testid="items">
          ${
            rm
              ? headerRow('Item', 'Score', 'PSNR in the mask, dB', 'Outside change', 'Gates')
              : headerRow('Item', 'Score', 'VMAF', this._track === 'compression' ? 'Rate' : 'S_Q', 'Gates')
          }
          ${this._records.map((r) => {
            const failed = r.verdicts.filter((v) => v.status === 'fail');
            return html`<tr data-item=${r.id} data-score=${String(r.score)} data-metrics=${JSON.stringify(r.metrics)}>
              <td>${r.id}</td>
              <td class="num">${r.score === null ? 'incomplete' : f(r.score)}</td>
              ${
                rm
                  ? html`<td class="num">${f(r.metrics.psnrDb as number | null, 3)}</td>
                      <td class="num">${f(r.metrics.outsideChange as number | null)}</td>`
                  : html`<td class="num">${f(r.metrics.vmaf as number | null, 3)}</td>
                      <td class="num">${f((this._track === 'compression' ? r.metrics.compressionRate : r.metrics.sQ) as number | null | undefined)}</td>`
              }
              <td class="verdict">
                <details>
                  <summary class=${failed.length ? 'fail' : 'pass'}>
                    ${failed.length ? `failed: ${failed.map((v) => v.code).join(', ')}` : 'all previewable gates pass'}${r.zeroReason ? ` · ${r.zeroReason}` : ''}
                  </summary>
                  <ul class="reasons">
                    ${r.verdicts.map((v) => html`<li class=${v.status === 'fail' ? 'fail' : v.status === 'pass' ? 'pass' : 'side'}><strong>${v.code}</strong>: ${statusText[v.status]} — ${v.detail} <span class="muted">[${v.source}]</span></li>`)}
                  </ul>
                  ${r.incomplete ? html`<p class="warn">${r.incomplete}</p>` : nothing}
                </details>
              </td>
            </tr>`;
          })}
        </table>
      </div>
    </div>`;
  }

  private renderSummary() {
    const s = this._summary;
    if (!s) return nothing;
    const p = s.place;
    const bar = (score: number, paid: boolean) =>
      html`<span class="bar-wrap"
        ><span class="bar ${paid ? 'paid' : ''}" style="width:${Math.max(0, Math.min(1, score)) * 100}%"></span>
        ${p?.crownBar !== null && p?.crownBar !== undefined && p.crownBar <= 1 ? html`<span class="mark crown" style="left:${p.crownBar * 100}%" title="crown bar"></span>` : nothing}
        ${p?.podiumBar !== null && p?.podiumBar !== undefined && p.podiumBar <= 1 ? html`<span class="mark podium" style="left:${p.podiumBar * 100}%" title="podium bar"></span>` : nothing}</span
      >`;
    return html`<div class="card" data-testid="summary">
      <h3>Entry</h3>
      ${
        s.entryScore === null
          ? html`<p class="warn">No entry score: ${s.missing.length ? `missing ${s.missing.join(', ')}` : `incomplete ${s.incomplete.join(', ')}`}.</p>`
          : html`<p>
              <span class="big" data-testid="entry-score" data-value=${String(s.entryScore)}>${f(s.entryScore, 6)}</span><br /><span class="muted"
                >math.fsum of ${s.items} item scores / ${s.items}; a failed gate counts as 0 (economic_result.py aggregate_subject_scores)</span
              >
            </p>`
      }
      ${s.duplicateOutputs.map((d) => html`<p class="muted">Items ${d.join(', ')} have byte-identical outputs (equal-share duplicates apply to inference rounds, not to competition means).</p>`)}
      ${this._note ? html`<p class="muted">${this._note}</p>` : nothing}
      ${
        p && s.self
          ? html`<h3>Place</h3>
              <p>
                <strong data-testid="place-kind" data-value=${p.kind}>${p.kind}</strong> <span class="muted">(${p.outcome})</span> · your entry: rank
                <span data-testid="self-rank">${s.self.rank}</span> of ${p.ranked.length},
                ${s.self.paid ? html`paid, place share <span data-testid="self-place-share" data-value=${String(s.self.placeShare)}>${pct(s.self.placeShare)}</span>, share of emission <span data-testid="self-emission" data-value=${String(s.self.emissionShare)}>${pct(s.self.emissionShare)}</span>` : html`not paid (share of emission <span data-testid="self-emission" data-value="0">0 %</span>)`}
              </p>
              <p class="muted">
                Decision baseline ${f(p.decisionBaseline, 6)} · crown bar <span style="color:#d68a2e">▮</span> ${f(p.crownBar, 6)} · podium bar
                <span style="color:#8a5cd6">▮</span> ${p.podiumBar === null ? 'none (every contender qualifies)' : f(p.podiumBar, 6)}
              </p>
              <div class="scroll">
                <table data-testid="ranking">
                  ${headerRow('#', 'Hotkey', 'UID', 'Score', 'Bars', 'Place share', 'Emission')}
                  ${p.ranked.map((c, i) => {
                    const k = p.paidHotkeys.indexOf(c.hotkey);
                    return html`<tr
                      data-hotkey=${c.hotkey}
                      data-place-share=${String(k >= 0 ? p.placeShares[k] : 0)}
                      data-emission=${String(p.emissionByHotkey[c.hotkey] ?? 0)}
                    >
                      <td>${i + 1}</td>
                      <td>${c.hotkey === s.self!.hotkey ? html`<strong>${c.hotkey} (you)</strong>` : c.hotkey}</td>
                      <td class="num">${c.uid}</td>
                      <td class="num">${f(c.score, 6)}</td>
                      <td>${bar(c.score, k >= 0)}</td>
                      <td class="num">${k >= 0 ? pct(p.placeShares[k]!) : p.qualifiers.includes(c.hotkey) ? 'not paid' : 'below bar'}</td>
                      <td class="num">${pct(p.emissionByHotkey[c.hotkey] ?? 0)}</td>
                    </tr>`;
                  })}
                </table>
              </div>
              ${
                p.windowStart
                  ? html`<p>
                      Window <span data-testid="window">[${p.windowStart}, ${p.windowEnd})</span> — 168 hours, half-open; the competition takes
                      ${pct(p.competitionShare ?? 0)} of all miner emission while it is
                      active${p.emission.burn > 0 ? `, ${pct(p.emission.burn)} is burned` : ''}.${(() => {
                        const unfilled = (p.competitionShare ?? 0) * (1 - p.placeShares.reduce((a, b) => a + b, 0));
                        return unfilled > 1e-12 ? ` The shares of unfilled places (${pct(unfilled)} of emission) go to the burn UID.` : '';
                      })()}
                      A newer result replaces the window.
                    </p>`
                  : html`<p>
                      No window opens:
                      ${p.outcome === 'no-qualifier-closes-window' ? 'nobody meets the podium conditions, so the running window closes and the subnet burns until the next result' : p.outcome === 'no-qualifier-prior-continues' ? 'nobody meets the podium conditions; the previous window continues' : p.outcome === 'zero-baseline-no-bars' ? 'the baseline is 0 (or absent) and the competition anchored no absolute score bars' : 'the baseline failed'}.
                    </p>`
              }`
          : nothing
      }
    </div>`;
  }

  override render() {
    return html`
      <h2>Vidaio competition preview</h2>
      <p class="lead">
        Since tokenomics v3 (2026-09-27) SN85 pays through competition places. Score the items of your entry as validator-vidaio does, then see where the entry
        would place against a baseline and the scores you type or import. Everything runs in this browser; for many items use
        <code>preflight competition</code> (same numbers, resumable, shardable).
      </p>
      <div class="card">
        <div class="row">
          <label
            >Track<select name="track" ?disabled=${this.task.busy} @change=${(e: Event) => (this._track = (e.target as HTMLSelectElement).value as Track)}>
              <option value="compression" ?selected=${this._track === 'compression'}>Compression</option>
              <option value="upscaling" ?selected=${this._track === 'upscaling'}>Upscaling</option>
              <option value="removal" ?selected=${this._track === 'removal'}>Object removal</option>
            </select></label
          >
          ${
            this._track === 'compression'
              ? html`<label
                  >Competition VMAF threshold<input
                    type="number"
                    name="threshold"
                    min="0"
                    max="100"
                    step="any"
                    .value=${String(this._threshold)}
                    @input=${(e: Event) => (this._threshold = Number((e.target as HTMLInputElement).value))}
                /></label>`
              : nothing
          }
        </div>
        <h3>Items</h3>
        ${this.renderRows()}
      </div>
      <div class="card">
        <h3>Competition</h3>
        <div class="row">
          <label
            >Baseline entry score<input
              type="text"
              inputmode="decimal"
              name="baseline"
              .value=${this._baseline}
              ?disabled=${this._noBaseline}
              @input=${(e: Event) => (this._baseline = (e.target as HTMLInputElement).value)}
          /></label>
          <label style="flex-direction:row;align-items:center"
            ><input
              type="checkbox"
              name="no-baseline"
              .checked=${this._noBaseline}
              @change=${(e: Event) => (this._noBaseline = (e.target as HTMLInputElement).checked)}
            />
            No executable baseline</label
          >
          <label
            >Your hotkey<input type="text" name="hotkey" .value=${this._hotkey} @input=${(e: Event) => (this._hotkey = (e.target as HTMLInputElement).value)}
          /></label>
          <label
            >Your UID (optional)<input
              type="text"
              inputmode="numeric"
              name="uid"
              .value=${this._uid}
              @input=${(e: Event) => (this._uid = (e.target as HTMLInputElement).value)}
          /></label>
          <label
            >Window start (applied at)<input
              type="text"
              name="applied-at"
              .value=${this._appliedAt}
              @input=${(e: Event) => (this._appliedAt = (e.target as HTMLInputElement).value)}
          /></label>
        </div>
        ${textArea('Competitor entry scores (CSV hotkey,uid,score or JSON)', 'competitors', this._competitors, 'hotkey,uid,score\n5F…,12,0.8642', (v) => (this._competitors = v))}
        <label
          >Import competitors (CSV or JSON file)<input
            type="file"
            name="competitors-file"
            accept=".csv,.json,text/csv,application/json"
            @change=${(e: Event) => this.importCompetitors((e.target as HTMLInputElement).files?.[0])}
        /></label>
        ${textArea(
          'Result rules (JSON, optional; empty = protocol defaults: crown margin 0.05, no podium bar)',
          'rules',
          this._rules,
          '{"crownMargin": 0.05, "crownMinScore": 0.869, "podiumMinMargin": 0, "podiumMinScore": 0.86}',
          (v) => (this._rules = v),
        )}
        <p class="muted" data-testid="rules-note">
          ${(() => {
            try {
              return competitionRulesNote(this._appliedAt.trim());
            } catch {
              return 'Rules: validator-vidaio@e76b503 (tokenomics v3).';
            }
          })()}
        </p>
        <div class="row" style="margin-top:0.6rem"><button @click=${this.run} ?disabled=${this.task.busy}>Score the entry</button></div>
        ${this.task.render()}
        <p class="muted">
          VMAF v0.6.1 and NEG run on the CPU engine (libvmaf's integer features, pooled as libvmaf's mean), as the validator and the CLI do. Tone, grayscale and
          chroma gates are listed as not previewed; source proximity and replay checks need validator-side data. Removal items are measured as on the removal
          page (PSNR, SSIM and LPIPS-VGG in the mask against the served-input floor, warp error, outside-mask change).
        </p>
      </div>
      ${this.renderItems()} ${this.renderSummary()}
    `;
  }
}
customElements.define('pf-competition-page', PfCompetitionPage);

declare global {
  interface HTMLElementTagNameMap {
    'pf-competition-page': PfCompetitionPage;
  }
}
