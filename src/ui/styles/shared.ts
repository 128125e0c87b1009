/** Shared styles for pages and components: layout, forms, tables, result cards, errors. */
import { css } from 'lit';

export const shared = css`
  :host { display: block; }
  h2 { font-size: 1.15rem; margin: 0 0 0.5rem; }
  h3 { font-size: 1rem; margin: 1rem 0 0.4rem; }
  p.lead { margin: 0 0 0.8rem; opacity: 0.85; }
  .card { border: 1px solid color-mix(in srgb, currentColor 18%, transparent); border-radius: 8px; padding: 0.8rem 1rem; margin: 0 0 1rem; }
  .row { display: flex; flex-wrap: wrap; gap: 0.8rem; align-items: end; }
  label { display: flex; flex-direction: column; gap: 0.2rem; font-size: 0.85rem; }
  input, select, textarea, button { font: inherit; }
  input[type='number'], input[type='text'], select { padding: 0.25rem 0.4rem; min-width: 7rem; }
  textarea { width: 100%; min-height: 6rem; font-family: ui-monospace, monospace; font-size: 0.85rem; }
  button { padding: 0.35rem 0.9rem; border-radius: 6px; border: 1px solid color-mix(in srgb, currentColor 30%, transparent); background: color-mix(in srgb, #20aa8c 25%, transparent); cursor: pointer; }
  button[disabled] { opacity: 0.5; cursor: default; }
  button.secondary { background: transparent; }
  table { border-collapse: collapse; font-size: 0.9rem; }
  th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid color-mix(in srgb, currentColor 12%, transparent); text-align: right; }
  th:first-child, td:first-child { text-align: left; }
  .num { font-variant-numeric: tabular-nums; }
  .big { font-size: 1.6rem; font-weight: 600; font-variant-numeric: tabular-nums; }
  .error { color: #e0524a; border: 1px solid #e0524a; border-radius: 6px; padding: 0.5rem 0.8rem; margin: 0.5rem 0; white-space: pre-wrap; }
  .warn { color: #c08a1a; }
  .ok { color: #2a9d6f; }
  .error-text { color: #e0524a; }
  .muted { opacity: 0.7; font-size: 0.85rem; }
  .formula { font-family: ui-monospace, monospace; font-size: 0.85rem; background: color-mix(in srgb, currentColor 6%, transparent); padding: 0.4rem 0.6rem; border-radius: 6px; overflow-x: auto; white-space: pre-wrap; }
  ul.reasons { margin: 0.3rem 0; padding-left: 1.2rem; }
`;
