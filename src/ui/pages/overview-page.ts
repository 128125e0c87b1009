/**
 * Overview, the landing page: what each check does, which rule pack is in force for each mechanism (the pack the
 * pages open with: the user's default from Settings, else the registry's default), the state of the PIE-APP
 * weights and of WebGPU on this machine, and a one-click sample (the compression sample scores completely: it
 * needs neither the PIE-APP weights nor a GPU).
 */
import { LitElement, css, html, nothing } from 'lit';
import { shared } from '../styles/shared.ts';
import { getPack, packInForce, packsFor, type Mechanism, type RulePack } from '../../core/rules/index.ts';
import { getSettings, MECHANISMS } from '../../bridge/settings.ts';
import { pieappStatus, type PieappStatus } from '../../bridge/pieapp.ts';
import { requestSample } from '../intent.ts';
import { states } from '../states.ts';

interface Check {
  path: string;
  title: string;
  mechanism: Mechanism | null;
  what: string;
}

const CHECKS: readonly Check[] = [
  {
    path: '/vidaio/compression',
    title: 'Compression check',
    mechanism: 'vidaio',
    what: 'Vidaio SN85 compression task: the original and your compressed clip → every validator check, VMAF (NEG and base) pooled as the validator pools it, the gate, the compression-rate score, the frames that cost most.',
  },
  {
    path: '/vidaio/upscaling',
    title: 'Upscaling check',
    mechanism: 'vidaio',
    what: "Vidaio SN85 upscaling task: your output, the reference and the payload → the VMAF gate, PIE-APP on 4 frames (with the weights installed), S_Q, S_L, S_F and the spread over the validator's random sampling.",
  },
  {
    path: '/bitmind/detector',
    title: 'Detector',
    mechanism: 'bitmind',
    what: 'BitMind SN34 detector: your predictions (CSV or JSON) → MCC, Brier and the sn34 score or reward as the pack defines them, a confusion matrix, a reliability diagram and the score EMA over future rounds.',
  },
  {
    path: '/bitmind/segmenter',
    title: 'Segmenter',
    mechanism: 'bitmind',
    what: 'BitMind SN34 segmenter: predicted and true masks → IoU and the segmenter reward.',
  },
  {
    path: '/yuma',
    title: 'Yuma consensus',
    mechanism: 'yuma',
    what: 'Yuma consensus as the chain runs it: a weight matrix and stakes → consensus, incentive, dividends and bonds.',
  },
  {
    path: '/zap',
    title: 'Zap',
    mechanism: 'zap',
    what: 'Zap edge cloud gaming (seed document): S = Q × L × A from typed values or a file, each factor explained; the quality of a streamed clip measured against its source.',
  },
  {
    path: '/bly',
    title: 'BLY rewards',
    mechanism: 'bly',
    what: 'Blyan BLY rewards: inference, learning, validation and dataset rewards, and a replay of the budget buckets over a scenario you edit.',
  },
  { path: '/history', title: 'History', mechanism: null, what: 'Every run stored in this browser (never uploaded), with export and import.' },
];

const MECHANISM_LABEL: Record<Mechanism, string> = { vidaio: 'Vidaio (SN85)', bitmind: 'BitMind (SN34)', yuma: 'Yuma consensus', zap: 'Zap', bly: 'BLY' };

interface GpuState {
  ok: boolean;
  text: string;
}

export class PfOverviewPage extends LitElement {
  static override properties = states('_packs', '_pie', '_gpu');
  private _packs: Partial<Record<Mechanism, RulePack>> = {};
  private _pie: PieappStatus | null = null;
  private _gpu: GpuState | null = null;

  static override styles = [
    shared,
    css`
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, 17rem), 1fr));
        gap: 0.8rem;
      }
      .grid .card {
        margin: 0;
      }
      .card h3 {
        margin-top: 0;
      }
      dl {
        display: grid;
        grid-template-columns: max-content minmax(0, 1fr);
        gap: 0.3rem 0.8rem;
        margin: 0;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
      }
      code {
        overflow-wrap: anywhere;
      }
      .start {
        display: flex;
        flex-wrap: wrap;
        gap: 0.6rem;
        align-items: center;
      }
    `,
  ];

  override connectedCallback() {
    super.connectedCallback();
    const packs: Partial<Record<Mechanism, RulePack>> = {};
    for (const m of MECHANISMS) {
      const p = packsFor(m)[0];
      if (p) packs[m] = p;
    }
    this._packs = packs;
    void getSettings().then((s) => {
      const chosen = { ...packs };
      for (const m of MECHANISMS) {
        const p = s.defaultPack[m] ? getPack(s.defaultPack[m]!) : undefined;
        if (p && p.mechanism === m) chosen[m] = p;
      }
      this._packs = chosen;
    });
    void pieappStatus().then((s) => (this._pie = s));
    void this.probeGpu().then((g) => (this._gpu = g));
  }

  private async probeGpu(): Promise<GpuState> {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    if (!gpu) return { ok: false, text: 'not exposed by this browser: measurements run on the CPU engine.' };
    try {
      const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
      if (!adapter) return { ok: false, text: 'present, but no adapter was found: measurements run on the CPU engine.' };
      const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
      const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' · ') || 'unnamed adapter';
      return info.isFallbackAdapter
        ? { ok: false, text: `${name}: a software fallback adapter; the CPU engine is faster here.` }
        : { ok: true, text: `${name}: hardware adapter; the WebGPU engine can measure VMAF.` };
    } catch (err) {
      return { ok: false, text: `requestAdapter failed (${(err as Error).message}): measurements run on the CPU engine.` };
    }
  }

  private scoreSample() {
    requestSample('compression');
    location.hash = '#/vidaio/compression';
  }

  override render() {
    return html`
      <h2>Overview</h2>
      <p class="lead">
        Preflight shows the score a validator would give your output, before you submit it. Everything is computed in this browser: no file leaves your machine.
      </p>
      <div class="card" data-testid="overview-start">
        <h3>First step</h3>
        <div class="start">
          <button data-testid="overview-sample" @click=${this.scoreSample}>Score the compression sample</button>
          <span class="muted"
            >Opens the compression check with a bundled 640×360 clip and its AV1 encode, and scores it completely (no PIE-APP weights or GPU needed).</span
          >
        </div>
      </div>
      <div class="card" data-testid="overview-machine">
        <h3>This machine</h3>
        <dl>
          <dt>PIE-APP weights</dt>
          <dd data-testid="overview-pieapp" data-installed=${this._pie ? String(this._pie.installed) : nothing}>
            ${
              this._pie
                ? this._pie.installed
                  ? html`installed (${this._pie.message}): the upscaling check scores S_Q.`
                  : html`not installed (${this._pie.message}). The upscaling check then needs an S_Q typed by hand.
                      <a href="#/settings">Install them in Settings</a>.`
                : 'checking…'
            }
          </dd>
          <dt>WebGPU</dt>
          <dd data-testid="overview-webgpu" data-ok=${this._gpu ? String(this._gpu.ok) : nothing}>${this._gpu ? this._gpu.text : 'checking…'}</dd>
        </dl>
      </div>
      <div class="card" data-testid="overview-packs">
        <h3>Rules in force</h3>
        <p class="muted">
          The rule pack each page opens with (change it per page, or the default in <a href="#/settings">Settings</a>; every pack is described in
          <a href="#/packs">Rule packs</a>).
        </p>
        <dl>
          ${MECHANISMS.map((m) => {
            const p = this._packs[m];
            const today = packInForce(m);
            const when =
              p && p === today.pack
                ? html` <span class="muted">(${today.label})</span>`
                : p
                  ? html` <span class="muted">(your default in Settings)</span>`
                  : nothing;
            return html`<dt>${MECHANISM_LABEL[m]}</dt>
              <dd data-mechanism=${m} data-pack=${p?.id ?? ''}>${p ? html`<code>${p.id}</code> — ${p.title}${when}` : 'no pack'}</dd>`;
          })}
        </dl>
      </div>
      <h3>The checks</h3>
      <div class="grid">
        ${CHECKS.map(
          (c) =>
            html`<div class="card">
              <h3><a href="#${c.path}">${c.title}</a></h3>
              <p>${c.what}</p>
              ${c.mechanism && this._packs[c.mechanism] ? html`<p class="muted">Pack: <code>${this._packs[c.mechanism]!.id}</code></p>` : nothing}
            </div>`,
        )}
      </div>
    `;
  }
}
customElements.define('pf-overview-page', PfOverviewPage);

declare global {
  interface HTMLElementTagNameMap {
    'pf-overview-page': PfOverviewPage;
  }
}
