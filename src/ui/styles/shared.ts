/**
 * Shared styles for pages and components: layout, forms, tables, result cards, errors. Colours come from the theme's
 * custom properties (index.html: --pf-*, light and dark), so text keeps its contrast in both schemes; cards scroll
 * their own wide content (tables) sideways instead of widening the page, and long names break anywhere.
 */
import { css } from 'lit';

export const shared = css`
  :host {
    display: block;
  }
  h2 {
    font-size: 1.15rem;
    margin: 0 0 0.5rem;
  }
  h3 {
    font-size: 1rem;
    margin: 1rem 0 0.4rem;
  }
  p.lead {
    margin: 0 0 0.8rem;
    opacity: 0.85;
  }
  .card {
    border: 1px solid color-mix(in srgb, currentColor 18%, transparent);
    border-radius: 8px;
    padding: 0.8rem 1rem;
    margin: 0 0 1rem;
    min-width: 0;
    max-width: 100%;
    box-sizing: border-box;
    overflow-x: auto;
    overflow-wrap: anywhere;
  }
  a {
    color: var(--pf-link, LinkText);
  }
  a:focus-visible,
  button:focus-visible,
  input:focus-visible,
  select:focus-visible,
  textarea:focus-visible,
  summary:focus-visible {
    outline: 3px solid var(--pf-accent, #1b8a72);
    outline-offset: 2px;
  }
  .table-scroll {
    max-width: 100%;
    overflow-x: auto;
  }
  code {
    overflow-wrap: anywhere;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.8rem;
    align-items: end;
  }
  .row > * {
    min-width: 0;
    max-width: 100%;
  }
  label {
    display: flex;
    flex-direction: column;
    gap: 0.2rem;
    font-size: 0.85rem;
  }
  input,
  select,
  textarea,
  button {
    font: inherit;
    color: inherit;
    max-width: 100%;
    box-sizing: border-box;
  }
  input,
  select,
  textarea {
    background: var(--pf-bg, Field);
  }
  input[type='number'],
  input[type='text'],
  select {
    padding: 0.25rem 0.4rem;
    min-width: 7rem;
  }
  textarea {
    width: 100%;
    min-height: 6rem;
    font-family: ui-monospace, monospace;
    font-size: 0.85rem;
  }
  button {
    padding: 0.35rem 0.9rem;
    border-radius: 6px;
    border: 1px solid color-mix(in srgb, currentColor 30%, transparent);
    background: color-mix(in srgb, #20aa8c 25%, transparent);
    cursor: pointer;
  }
  button {
    overflow-wrap: normal;
  }
  button[disabled] {
    opacity: 0.5;
    cursor: default;
  }
  button.secondary {
    background: transparent;
  }
  table {
    border-collapse: collapse;
    font-size: 0.9rem;
  }
  /* Numbers never break inside a cell; words in other cells may, so a table fits a phone or scrolls in its card. */
  td.num,
  th.num {
    white-space: nowrap;
    overflow-wrap: normal;
  }
  th,
  td {
    padding: 0.2rem 0.6rem;
    border-bottom: 1px solid color-mix(in srgb, currentColor 12%, transparent);
    text-align: right;
  }
  th:first-child,
  td:first-child {
    text-align: left;
  }
  .num {
    font-variant-numeric: tabular-nums;
  }
  .big {
    font-size: 1.6rem;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }
  .error {
    color: var(--pf-error, #b3261e);
    border: 1px solid var(--pf-error, #b3261e);
    border-radius: 6px;
    padding: 0.5rem 0.8rem;
    margin: 0.5rem 0;
    white-space: pre-wrap;
  }
  .warn {
    color: var(--pf-warn, #8a5a00);
  }
  .ok {
    color: var(--pf-ok, #1c7550);
  }
  .error-text {
    color: var(--pf-error, #b3261e);
  }
  .muted {
    color: var(--pf-muted, #555b62);
    font-size: 0.85rem;
  }
  .formula {
    font-family: ui-monospace, monospace;
    font-size: 0.85rem;
    background: color-mix(in srgb, currentColor 6%, transparent);
    padding: 0.4rem 0.6rem;
    border-radius: 6px;
    overflow-x: auto;
    white-space: pre-wrap;
  }
  ul.reasons {
    margin: 0.3rem 0;
    padding-left: 1.2rem;
  }
`;
