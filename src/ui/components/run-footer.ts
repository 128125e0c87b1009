/**
 * How a calculator page (Yuma, Zap, BLY) ends: "Save to history" for its last calculation (nothing before one, see
 * pf-save-run) and the count of stored runs below it.
 */
import { html, type TemplateResult } from 'lit';
import type { RunDraft } from '../../bridge/history.ts';
import './save-run.ts';
import './history-count.ts';

export function saveFooter(draft: RunDraft | null): TemplateResult {
  return html`<pf-save-run .draft=${draft}></pf-save-run> <pf-history-count></pf-history-count>`;
}
