/**
 * Settings card "LPIPS-VGG weights": whether the graph is installed (each source file with its size and sha256),
 * how to get the two files, one drop zone per file (a real, keyboard-focusable file input each; every file is
 * validated in the LPIPS worker as soon as it is chosen, and a wrong one gets a message naming the file and the
 * tensor or the network it is), install once both are valid (progress and cancel), and Remove. A failed install or
 * a wrong file leaves an installed model untouched.
 */
import { LitElement, html, nothing } from 'lit';
import { shared } from '../styles/shared.ts';
import { installLpips, lpipsStatus, removeLpips, stageLpipsFile, type LpipsFileKind, type LpipsStaged, type LpipsStatus } from '../../bridge/lpips.ts';
import './file-drop.ts';
import { PhasedJob } from './progress-task.ts';
import { states } from '../states.ts';

const mb = (b: number) => (b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${(b / 1e3).toFixed(1)} kB`);
const FILES: { kind: LpipsFileKind; title: string; file: string }[] = [
  { kind: 'vgg16', title: 'VGG16 trunk', file: 'vgg16-397923af.pth' },
  { kind: 'heads', title: 'lpips v0.1 heads', file: 'vgg.pth' },
];

export class PfLpipsWeights extends LitElement {
  static override styles = shared;
  static override properties = states('_status', '_staged', '_errors', '_message');
  private _status: LpipsStatus | null = null;
  private _staged: Partial<Record<LpipsFileKind, LpipsStaged>> = {};
  private _errors: Partial<Record<LpipsFileKind | 'install', string>> = {};
  private _message = '';
  private job = new PhasedJob(this, 'LPIPS', 'lpips-progress');

  override connectedCallback() {
    super.connectedCallback();
    void this.refresh();
  }

  private async refresh() {
    this._status = await lpipsStatus();
  }

  private async choose(kind: LpipsFileKind, files: File[]) {
    const file = files[0];
    if (!file || this.job.busy) return;
    this._message = '';
    this._errors = { ...this._errors, [kind]: '', install: '' };
    const staged = { ...this._staged };
    delete staged[kind];
    this._staged = staged;
    try {
      const checked = await this.job.run(`checking ${file.name}`, (signal) => stageLpipsFile(signal, kind, file));
      this._staged = { ...this._staged, [kind]: checked };
    } catch (err) {
      const e = err as Error;
      this._errors = { ...this._errors, [kind]: e.name === 'AbortError' ? `Checking ${file.name} was cancelled.` : e.message };
      if (e.name === 'AbortError') this._staged = {};
    }
    if (this._staged.vgg16 && this._staged.heads) await this.install();
  }

  private async install() {
    const before = this._status;
    try {
      this._status = await this.job.run('building the ONNX graph', installLpips);
      this._message = 'Installed: LPIPS-VGG now runs offline in this browser.';
    } catch (err) {
      const e = err as Error;
      const kept = before?.installed ? 'The installed weights are unchanged.' : 'No LPIPS weights are installed.';
      this._errors = {
        ...this._errors,
        install: e.name === 'AbortError' ? `Installation cancelled. ${kept}` : `Could not install the LPIPS weights: ${e.message}\n${kept}`,
      };
    } finally {
      this._staged = {};
      await this.refresh();
    }
  }

  private async removeWeights() {
    this._message = '';
    this._errors = {};
    try {
      await removeLpips();
      this._message = 'The LPIPS-VGG weights were removed from this browser.';
    } catch (err) {
      this._errors = { install: `Could not remove the LPIPS weights: ${(err as Error).message}` };
    }
    await this.refresh();
  }

  override render() {
    const s = this._status;
    const sources = s?.installed ? (s.meta?.sources ?? []) : [];
    return html`<div class="card" data-testid="lpips-card">
      <h3>LPIPS-VGG weights</h3>
      <p data-testid="lpips-status" data-installed=${s ? String(s.installed) : 'unknown'} aria-live="polite">
        ${!s ? 'Checking…' : s.installed ? html`<span class="ok">Installed:</span> ${s.message}${s.meta ? ` — ${(s.meta.parameterCount / 1e6).toFixed(1)} M parameters` : ''}` : html`<span class="warn">Not installed</span> — ${s.message}`}
      </p>
      ${
        sources.length
          ? html`<ul data-testid="lpips-sources">
              ${sources.map((f) => html`<li>${f.role}: <code>${f.file}</code>, <span class="num">${mb(f.bytes)}</span>, sha256 <code class="hash" style="overflow-wrap:anywhere">${f.sha256}</code></li>`)}
            </ul>`
          : nothing
      }
      ${
        s && !s.installed
          ? html`<div class="muted" data-testid="lpips-howto">
              <p>
                The object-removal score of the Vidaio track uses LPIPS (VGG, v0.1 heads), as the validator's <code>lpips==0.1.4</code> does. Its weights are
                not bundled; install them once:
              </p>
              <ol>
                <li>
                  <code>vgg16-397923af.pth</code>: torchvision's ImageNet VGG16 weights (what <code>torchvision.models.vgg16(pretrained=True)</code> downloads;
                  in a torch cache under <code>~/.cache/torch/hub/checkpoints/</code>).
                </li>
                <li><code>vgg.pth</code>: lpips's linear heads, shipped inside the lpips package at <code>lpips/weights/v0.1/vgg.pth</code>.</li>
              </ol>
              <p>Only the 13 convolutions of VGG16 are read; each file is checked tensor by tensor in this browser and nothing is uploaded.</p>
            </div>`
          : nothing
      }
      <div class="row" style="display:flex;flex-wrap:wrap;gap:0.75rem">
        ${FILES.map((f) => {
          const st = this._staged[f.kind];
          const err = this._errors[f.kind];
          return html`<div style="flex:1 1 14rem;min-width:0">
            <pf-file-drop
              data-role=${`lpips-${f.kind}`}
              label=${`${f.title}: drop ${f.file} here, or click to choose`}
              accept=".pth,.pt"
              @files=${(e: CustomEvent<File[]>) => this.choose(f.kind, e.detail)}
            ></pf-file-drop>
            ${st ? html`<p class="ok" data-testid=${`lpips-staged-${f.kind}`} role="status">${st.file} is valid (${mb(st.bytes)})${this._staged.vgg16 && this._staged.heads ? '' : '; now drop the other file.'}</p>` : nothing}
            ${err ? html`<div class="error" role="alert" data-testid=${`lpips-error-${f.kind}`}>${err}</div>` : nothing}
          </div>`;
        })}
      </div>
      ${this.job.render()} ${this._errors.install ? html`<div class="error" role="alert" data-testid="lpips-error">${this._errors.install}</div>` : nothing}
      ${this._message ? html`<p class="ok" data-testid="lpips-message" role="status">${this._message}</p>` : nothing}
      ${s?.installed ? html`<button class="secondary" data-testid="lpips-remove" ?disabled=${this.job.busy} @click=${this.removeWeights}>Remove the LPIPS weights</button>` : nothing}
    </div>`;
  }
}
customElements.define('pf-lpips-weights', PfLpipsWeights);

declare global {
  interface HTMLElementTagNameMap {
    'pf-lpips-weights': PfLpipsWeights;
  }
}
