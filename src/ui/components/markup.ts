/**
 * Small Lit templates the pages share, so the same markup is written once: a labelled number field, a table's header
 * row and the list of warnings a pack or a computation returned (`ul.reasons.warn`, nothing when there are none).
 */
import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';

export interface NumberFieldLimits {
  /** The input's step attribute ('any' unless given). */
  step?: string;
  min?: number;
  max?: number;
}

/** A number input inside its label, named `name`; `onChange` gets the typed value as a number (NaN when not one). */
export function numberField(label: string, name: string, value: number, onChange: (value: number) => void, { step = 'any', min, max }: NumberFieldLimits = {}) {
  return html`<label
    >${label}<input
      type="number"
      name=${name}
      step=${step}
      min=${ifDefined(min)}
      max=${ifDefined(max)}
      .value=${String(value)}
      @change=${(e: Event) => onChange(Number((e.target as HTMLInputElement).value))}
  /></label>`;
}

/** `<tr>` of `<th>` cells, one per label (an empty label gives an empty header cell). */
export function headerRow(...labels: string[]): TemplateResult {
  return html`<tr>
    ${labels.map((l) => html`<th>${l}</th>`)}
  </tr>`;
}

/** The warnings as a list, or '' when there are none. */
export function warningList(warnings: readonly string[]): TemplateResult | '' {
  return warnings.length
    ? html`<ul class="reasons warn">
        ${warnings.map((w) => html`<li>${w}</li>`)}
      </ul>`
    : '';
}
