/**
 * A drop zone with a file picker. Fires `files` (detail: File[]) when files are dropped or picked.
 * @fires files
 * @csspart zone - the dashed drop area
 */
import { LitElement, css, html } from 'lit';

export class PfFileDrop extends LitElement {
  static override properties = { label: { type: String }, accept: { type: String }, multiple: { type: Boolean }, _over: { state: true } };
  label = 'Drop a file here or click to choose';
  accept = '';
  multiple = false;
  private _over = false;

  static override styles = css`
    :host { display: block; }
    .zone { border: 2px dashed color-mix(in srgb, currentColor 30%, transparent); border-radius: 8px; padding: 1rem; text-align: center; cursor: pointer; }
    .zone.over { border-color: #20aa8c; background: color-mix(in srgb, #20aa8c 10%, transparent); }
    input { display: none; }
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
      >${this.label}<input
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
