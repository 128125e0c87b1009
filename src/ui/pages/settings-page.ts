/**
 * Settings: (a) the PIE-APP model — whether one is installed, how to get the official weights, installing a dropped
 * .pth (converted to ONNX in the PIE-APP worker) or .onnx with phase progress and cancel, the worker's validation
 * errors, and removal, and how many workers and threads PIE-APP runs with (and why, when fewer than the cores); (b) defaults — measurement engine (with the WebGPU adapter this browser offers), the
 * default rule pack per mechanism, PIE-APP patches per frame; (c) storage — usage and quota, persistent storage,
 * and the privacy statement. Settings live in IndexedDB through src/bridge/settings.ts.
 */
import { LitElement, html, nothing } from 'lit';
import { shared } from '../styles/shared.ts';
import { packsFor } from '../../core/rules/index.ts';
import { installPieapp, pieappStatus, pieappThreads, removePieapp, type PieappStatus, type PieappThreadReport } from '../../bridge/pieapp.ts';
import { MECHANISMS, readSettings, setSetting, settingsEvents, type Settings, type SettingKey } from '../../bridge/settings.ts';
import '../components/file-drop.ts';
import { PhasedJob } from '../components/progress-task.ts';
import '../components/lpips-weights.ts';
import { states } from '../states.ts';
import { numberField } from '../components/markup.ts';

const MECHANISM_LABEL: Record<string, string> = { vidaio: 'Vidaio', bitmind: 'BitMind', yuma: 'Yuma', zap: 'Zap', bly: 'BLY' };

interface AdapterReport {
  found: boolean;
  text: string;
  fallback: boolean;
}

interface StorageReport {
  usageBytes: number | null;
  quotaBytes: number | null;
  persisted: boolean | null;
  note: string;
}

/** No usable WebGPU adapter: `text` says why, and measurements run on the CPU engine. */
const noAdapter = (text: string): AdapterReport => ({ found: false, fallback: false, text });

const mb = (b: number) => (b >= 1e9 ? `${(b / 1e9).toFixed(2)} GB` : `${(b / 1e6).toFixed(1)} MB`);

export class PfSettingsPage extends LitElement {
  static override styles = shared;
  static override properties = {
    ...states('_status', '_threads', '_installError', '_installMsg'),
    ...states('_settings', '_settingsNote', '_saving', '_savedOnce', '_adapter', '_storage'),
  };
  private _threads: PieappThreadReport | null = null;
  private _status: PieappStatus | null = null;
  private _installError = '';
  private _installMsg = '';
  private _settings: Settings | null = null;
  private _settingsNote = '';
  /** Saves still in flight (each is one IndexedDB put); the page says "Saving…" until they have all landed. */
  private _saving = 0;
  private _savedOnce = false;
  private _adapter: AdapterReport | null = null;
  private _storage: StorageReport | null = null;
  private job = new PhasedJob(this, 'Installing', 'pieapp-progress');

  private onSettingsChange = (e: Event) => {
    this._settings = (e as CustomEvent<{ settings: Settings }>).detail.settings;
  };

  override connectedCallback() {
    super.connectedCallback();
    settingsEvents.addEventListener('change', this.onSettingsChange);
    void this.refreshStatus();
    void this.loadSettings();
    void this.probeAdapter();
    void this.refreshStorage();
  }

  override disconnectedCallback() {
    settingsEvents.removeEventListener('change', this.onSettingsChange);
    super.disconnectedCallback();
  }

  private async refreshStatus() {
    this._status = await pieappStatus();
    this._threads = await pieappThreads().catch(() => null);
  }

  private renderThreads() {
    const t = this._threads;
    if (!t) return nothing;
    if (t.runningWorkers && t.runningWorkers.length === 0)
      return html`<p class="muted" data-testid="pieapp-threads" data-threads="0" data-workers="0" data-cores=${String(t.cores)} data-limit="gpu">
        PIE-APP runs on this device's GPU (onnxruntime-web's WebGPU execution provider).
      </p>`;
    const workers = t.runningWorkers ?? t.workers;
    const n = t.running ?? t.threads;
    const shape =
      workers.length <= 1
        ? 'one worker'
        : workers.every((w) => w === workers[0])
          ? `${workers.length} workers of ${workers[0]} thread${workers[0] === 1 ? '' : 's'} each`
          : `${workers.length} workers (${workers.join(' + ')} threads)`;
    return html`<p
      class="muted"
      data-testid="pieapp-threads"
      data-threads=${String(n)}
      data-workers=${String(workers.length)}
      data-cores=${String(t.cores)}
      data-limit=${t.limit}
    >
      PIE-APP runs on <span class="num">${n}</span> WebAssembly thread${n === 1 ? '' : 's'} of this device's ${t.cores} core${t.cores === 1 ? '' : 's'}, in
      ${shape}${t.limit !== 'none' && t.reason ? html`: ${t.reason}.` : n < t.threads ? ': the browser granted fewer.' : '.'}
      ${t.failures.length > 0 ? html`<br />Not started: ${t.failures.join('; ')}.` : nothing}
    </p>`;
  }

  private async loadSettings() {
    const r = await readSettings();
    this._settings = r.settings;
    this._settingsNote = r.note ?? '';
  }

  private async probeAdapter() {
    const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
    if (!gpu) {
      this._adapter = noAdapter('This browser does not expose WebGPU (navigator.gpu is missing): measurements run on the CPU engine.');
      return;
    }
    try {
      const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
      if (!adapter) {
        this._adapter = noAdapter('WebGPU is present but no adapter was found (blocked GPU or driver): measurements run on the CPU engine.');
        return;
      }
      const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
      const fallback = Boolean(info.isFallbackAdapter ?? (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter);
      const parts = [info.vendor || 'unknown vendor', info.architecture || 'unknown architecture', info.description || info.device || ''].filter(Boolean);
      this._adapter = {
        found: true,
        fallback,
        text: `${parts.join(' · ')}${fallback ? ' — a software fallback adapter: WebGPU works but is slower than the CPU engine here' : ' — hardware adapter'}`,
      };
    } catch (err) {
      this._adapter = noAdapter(`requestAdapter failed: ${(err as Error).message}`);
    }
  }

  private async refreshStorage() {
    const sm = navigator.storage;
    if (!sm?.estimate) {
      this._storage = { usageBytes: null, quotaBytes: null, persisted: null, note: 'This browser does not report storage usage.' };
      return;
    }
    try {
      const [est, persisted] = await Promise.all([sm.estimate(), sm.persisted ? sm.persisted() : Promise.resolve(null)]);
      this._storage = { usageBytes: est.usage ?? null, quotaBytes: est.quota ?? null, persisted, note: this._storage?.note ?? '' };
    } catch (err) {
      this._storage = { usageBytes: null, quotaBytes: null, persisted: null, note: `Storage estimate failed: ${(err as Error).message}` };
    }
  }

  private async requestPersist() {
    const sm = navigator.storage;
    if (!sm?.persist) return;
    const granted = await sm.persist().catch(() => false);
    await this.refreshStorage();
    this._storage = {
      ...this._storage!,
      note: granted
        ? 'Persistent storage granted: the browser will not evict the history or the installed model under storage pressure.'
        : 'The browser declined persistent storage (browsers grant it to installed or frequently used sites); data stays but may be evicted when the disk is nearly full.',
    };
  }

  private async install(e: CustomEvent<File[]>) {
    const file = e.detail[0];
    if (!file || this.job.busy) return;
    const before = this._status;
    this._installError = '';
    this._installMsg = '';
    if (!/\.(pth|pt|onnx)$/i.test(file.name)) {
      this._installError = `${file.name} is not a PIE-APP model file: drop the official PieAPPv0.1 .pth (PyTorch weights) or a converted pieapp.onnx.`;
      return;
    }
    try {
      this._status = await this.job.run('reading', (signal, progress) => installPieapp(signal, file, progress));
      this._installMsg = `Installed ${file.name}: PIE-APP now runs offline in this browser.`;
    } catch (err) {
      const er = err as Error;
      const kept = before?.installed ? `The installed model is unchanged (${before.message}).` : 'No model is installed.';
      this._installError = er.name === 'AbortError' ? `Installation cancelled. ${kept}` : `Could not install ${file.name}: ${er.message}\n${kept}`;
    } finally {
      await this.refreshStatus();
      void this.refreshStorage();
    }
  }

  private async removeModel() {
    this._installError = '';
    this._installMsg = '';
    try {
      await removePieapp();
      this._installMsg = 'The PIE-APP model was removed from this browser.';
    } catch (err) {
      this._installError = `Could not remove the model: ${(err as Error).message}`;
    }
    await this.refreshStatus();
    void this.refreshStorage();
  }

  private onPatchesN = (v: number) => {
    const n = Math.floor(v);
    if (n >= 1) void this.save('pieappPatches', n);
  };

  private async save<K extends SettingKey>(key: K, value: Settings[K]) {
    this._saving++;
    try {
      const note = await setSetting(key, value);
      this._settingsNote = note ?? '';
    } catch (err) {
      this._settingsNote = (err as Error).message;
    } finally {
      this._saving--;
      this._savedOnce = true;
    }
  }

  private renderModel() {
    const s = this._status;
    return html`<div class="card" data-testid="pieapp-card">
      <h3>PIE-APP model</h3>
      <p data-testid="pieapp-status" data-installed=${s ? String(s.installed) : 'unknown'} aria-live="polite">
        ${!s ? 'Checking…' : s.installed ? html`<span class="ok">Installed:</span> ${s.message}${s.meta ? ` — ${s.meta.sourceKind === 'pth' ? 'converted from PyTorch' : 'ONNX as given'}, ${(s.meta.parameterCount / 1e6).toFixed(1)} M parameters` : ''}` : html`<span class="warn">Model not installed</span> — ${s.message}`}
      </p>
      ${
        s && !s.installed
          ? html`<div class="muted" data-testid="pieapp-howto">
              <p>The Vidaio upscaling score uses PIE-APP. Its official weights are not bundled (about 273 MB, their own licence); install them once:</p>
              <ol>
                <li>
                  Download the official <strong>PieAPPv0.1</strong> PyTorch weights. They are published with the pyiqa (IQA-PyTorch) releases as
                  <code>PieAPPv0.1-0937b014.pth</code>, and with the piq releases; it is the same network the validator loads through pyiqa.
                </li>
                <li>
                  Drop the <code>.pth</code> below. It is checked tensor by tensor, converted to ONNX in this browser and stored here for offline use; nothing
                  is uploaded.
                </li>
                <li>
                  Self-hosting Preflight? Put a converted graph at <code>public/models/pieapp.onnx</code> and every visitor has it. Convert with
                  <code>preflight pieapp --weights PieAPPv0.1-0937b014.pth --save-onnx public/models/pieapp.onnx …</code>.
                </li>
              </ol>
            </div>`
          : nothing
      }
      <pf-file-drop
        label=${s?.installed ? 'Drop a .pth or .onnx to replace the installed model' : 'Drop PieAPPv0.1 .pth (or a converted pieapp.onnx) here, or click to choose'}
        accept=".pth,.pt,.onnx"
        @files=${this.install}
      ></pf-file-drop>
      ${this.job.render()} ${this._installError ? html`<div class="error" role="alert" data-testid="pieapp-error">${this._installError}</div>` : nothing}
      ${this._installMsg ? html`<p class="ok" data-testid="pieapp-message">${this._installMsg}</p>` : nothing}
      ${s?.installed && s.meta ? html`<button class="secondary" data-testid="pieapp-remove" ?disabled=${this.job.busy} @click=${this.removeModel}>Remove the installed model</button>` : nothing}
      ${s?.installed && !s.meta ? html`<p class="muted">This model is served by the deployment (models/pieapp.onnx); it cannot be removed from here.</p>` : nothing}
      ${this.renderThreads()}
    </div>`;
  }

  private renderDefaults() {
    const st = this._settings;
    if (!st)
      return html`<div class="card">
        <h3>Defaults</h3>
        <p>Loading…</p>
      </div>`;
    const patches = st.pieappPatches;
    return html`<div class="card" data-testid="defaults-card">
      <h3>Defaults</h3>
      ${this._settingsNote ? html`<p class="warn" role="status" data-testid="settings-note">${this._settingsNote}</p>` : nothing}
      <p
        class="muted"
        role="status"
        aria-live="polite"
        data-testid="settings-saved"
        data-state=${this._saving > 0 ? 'saving' : this._savedOnce ? 'saved' : 'idle'}
      >
        ${this._saving > 0 ? 'Saving…' : this._savedOnce && !this._settingsNote ? 'Saved in this browser; new runs use these defaults.' : 'Changes are saved in this browser as you make them.'}
      </p>
      <div class="row">
        <label
          >Measurement engine<select name="engine" @change=${(e: Event) => this.save('engine', (e.target as HTMLSelectElement).value as Settings['engine'])}>
            <option value="auto" ?selected=${st.engine === 'auto'}>Auto (WebGPU on a GPU, else CPU)</option>
            <option value="cpu" ?selected=${st.engine === 'cpu'}>CPU</option>
            <option value="webgpu" ?selected=${st.engine === 'webgpu'}>WebGPU</option>
          </select></label
        >
      </div>
      <div class="row">
        <label
          >CPU threads for VMAF<select
            name="cpu-threads"
            @change=${(e: Event) => {
              const v = (e.target as HTMLSelectElement).value;
              void this.save('cpuThreads', v === 'auto' ? 'auto' : Number(v));
            }}
          >
            <option value="auto" ?selected=${st.cpuThreads === 'auto'}>Auto (${Math.min(8, navigator.hardwareConcurrency || 1)} on this device)</option>
            ${[0, 1, 2, 3, 4, 6, 8, 12, 16].map((n) => html`<option value=${String(n)} ?selected=${st.cpuThreads === n}>${n === 0 ? '0 — all in the engine worker' : String(n)}</option>`)}
          </select></label
        >
      </div>
      <p class="muted">
        The CPU engine spreads VMAF's per-frame work over this many threads; results are identical for any number. Each thread needs about 50 MB at 1080p, 130
        MB at 4K.
      </p>
      <p
        class="muted"
        data-testid="webgpu-adapter"
        data-found=${this._adapter ? String(this._adapter.found) : 'unknown'}
        data-fallback=${this._adapter ? String(this._adapter.fallback) : 'unknown'}
      >
        WebGPU adapter: ${this._adapter ? this._adapter.text : 'looking…'}
      </p>
      <h3>Default rule pack</h3>
      <div class="row">
        ${MECHANISMS.map((m) => {
          const list = packsFor(m);
          if (!list.length) return nothing;
          const pin = (e: Event) => {
            const id = (e.target as HTMLSelectElement).value;
            const next = { ...st.defaultPack };
            if (id) next[m] = id;
            else delete next[m];
            void this.save('defaultPack', next);
          };
          return html`<label
            >${MECHANISM_LABEL[m] ?? m}<select name=${`pack-${m}`} @change=${pin}>
              <option value="" ?selected=${!st.defaultPack[m]}>The pack in force on the day (today: ${list[0]!.id})</option>
              ${list.map((p) => html`<option value=${p.id} ?selected=${st.defaultPack[m] === p.id}>${p.title}${p === list[0] ? ' (in force today)' : ''}</option>`)}
            </select></label
          >`;
        })}
      </div>
      <h3>PIE-APP patches per frame</h3>
      <div class="row">
        <label
          >Patches<select
            name="pieapp-patches"
            @change=${(e: Event) => {
              const v = (e.target as HTMLSelectElement).value;
              void this.save('pieappPatches', v === 'all' ? 'all' : typeof patches === 'number' ? patches : 64);
            }}
          >
            <option value="all" ?selected=${patches === 'all'}>All (what the validator computes)</option>
            <option value="quick" ?selected=${patches !== 'all'}>Quick estimate</option>
          </select></label
        >
        ${patches !== 'all' ? numberField('Patches sampled (N)', 'pieapp-patches-n', patches, this.onPatchesN, { step: '1', min: 1 }) : nothing}
      </div>
      <p class="muted">A quick estimate scores N random patches per frame and shows a 95% interval; the validator scores every patch.</p>
    </div>`;
  }

  private renderStorage() {
    const s = this._storage;
    return html`<div class="card" data-testid="storage-card">
      <h3>Storage and privacy</h3>
      <p data-testid="storage-estimate">
        ${
          !s
            ? 'Measuring…'
            : s.usageBytes !== null && s.quotaBytes !== null
              ? html`This site uses <span class="num">${mb(s.usageBytes)}</span> of <span class="num">${mb(s.quotaBytes)}</span> the browser allows. Persistent
                  storage: ${s.persisted === null ? 'unknown' : s.persisted ? 'granted' : 'not granted'}.`
              : s.note
        }
      </p>
      <button class="secondary" data-testid="persist" @click=${this.requestPersist}>Request persistent storage</button>
      ${s?.note && s.usageBytes !== null ? html`<p class="muted" role="status">${s.note}</p>` : nothing}
      <p data-testid="privacy">
        Privacy: your files never leave this browser. Videos, images, CSVs and model weights are read and processed on this machine; results, history and the
        PIE-APP and LPIPS models are stored in this browser's IndexedDB. Preflight makes no network requests to any other origin — no analytics, no uploads, no
        third-party scripts.
      </p>
    </div>`;
  }

  override render() {
    return html`
      <h2>Settings</h2>
      <p class="lead">Model installation, defaults for every page, and what this browser stores.</p>
      ${this.renderModel()} <pf-lpips-weights></pf-lpips-weights> ${this.renderDefaults()} ${this.renderStorage()}
    `;
  }
}
customElements.define('pf-settings-page', PfSettingsPage);

declare global {
  interface HTMLElementTagNameMap {
    'pf-settings-page': PfSettingsPage;
  }
}
