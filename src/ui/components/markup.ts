/**
 * Small Lit templates the pages share, so the same markup is written once: a table's header row and the list of
 * warnings a pack or a computation returned (`ul.reasons.warn`, nothing when there are none).
 */
import { html, type TemplateResult } from 'lit';

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
