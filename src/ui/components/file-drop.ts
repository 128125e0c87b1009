/**
 * A drop zone around a real file input. The input is visually hidden (clipped, not display:none), so it stays in
 * the tab order and in the accessibility tree with the zone's text as its name; Enter or Space on it opens the
 * browser's picker, and the zone shows a focus ring while it has focus. Dropping files is a shortcut for the
 * same thing. Fires `files` (detail: File[]) when files are dropped or picked.
 * @fires files
 * @csspart zone - the dashed drop area
 */
import { LitElement, css, html } from 'lit';
import { states } from '../states.ts';

export class PfFileDrop extends LitElement {
  static override properties = { ...states('_over'), label: { type: String }, accept: { type: String }, multiple: { type: Boolean } };
  label = 'Drop a file here or click to choose';
  accept = '';
  multiple = false;
  private _over = false;

  static override styles = css`
    :host {
      display: block;
      flex: 1 1 14rem;
      min-width: 0;
      max-width: 100%;
      box-sizing: border-box;
    }
    .zone {
      position: relative;
      display: block;
      box-sizing: border-box;
      width: 100%;
      border: 2px dashed color-mix(in srgb, currentColor 30%, transparent);
      border-radius: 8px;
      padding: 1rem;
      text-align: center;
      cursor: pointer;
      overflow-wrap: anywhere;
      word-break: break-word;
    }
    .zone.over {
      border-color: #20aa8c;
      background: color-mix(in srgb, #20aa8c 10%, transparent);
    }
    .zone:focus-within {
      outline: 3px solid var(--pf-accent, #1b8a72);
      outline-offset: 2px;
      border-style: solid;
    }
    .pick {
      display: inline-block;
      margin-top: 0.4rem;
      padding: 0.15rem 0.6rem;
      border-radius: 6px;
      border: 1px solid color-mix(in srgb, currentColor 35%, transparent);
      font-size: 0.85rem;
    }
    /* Visually hidden, still focusable and announced (not display:none). */
    input {
      position: absolute;
      width: 1px;
      height: 1px;
      margin: -1px;
      padding: 0;
      border: 0;
      overflow: hidden;
      clip: rect(0 0 0 0);
      clip-path: inset(50%);
      white-space: nowrap;
      opacity: 0;
    }
  `;

  private emit(list: FileList | null | undefined) {
    const files = list ? [...list] : [];
    if (files.length) this.dispatchEvent(new CustomEvent<File[]>('files', { detail: files, bubbles: true, composed: true }));
  }

  override render() {
    return html`<label
      part="zone"
      class="zone ${this._over ? 'over' : ''}"
      @dragover=${(e: DragEvent) => {
        e.preventDefault();
        this._over = true;
      }}
      @dragleave=${() => (this._over = false)}
      @drop=${(e: DragEvent) => {
        e.preventDefault();
        this._over = false;
        this.emit(e.dataTransfer?.files);
      }}
      ><span class="text">${this.label}</span><br /><span class="pick" aria-hidden="true">Choose ${this.multiple ? 'files' : 'a file'}…</span
      ><input
        type="file"
        accept=${this.accept}
        ?multiple=${this.multiple}
        @change=${(e: Event) => {
          const input = e.target as HTMLInputElement;
          this.emit(input.files);
          input.value = '';
        }}
    /></label>`;
  }
}
customElements.define('pf-file-drop', PfFileDrop);

declare global {
  interface HTMLElementTagNameMap {
    'pf-file-drop': PfFileDrop;
  }
}
