/**
 * Styles shared by the SVG and uPlot charts, so every chart sets its text, axes and sizing one way: `chartText` (axis
 * and cell text in the scheme's text colour), `svgChart` (an inline SVG chart that scales down to the width it is
 * given through its viewBox, with faint axis lines) and `uplotChart` (uPlot's own stylesheet and the full-width
 * element the plot is drawn into).
 */
import { css, unsafeCSS } from 'lit';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';

export const chartText = css`
  text {
    font:
      11px ui-sans-serif,
      system-ui,
      sans-serif;
    fill: currentColor;
  }
`;

export const svgChart = css`
  :host {
    display: inline-block;
    max-width: 100%;
  }
  svg {
    max-width: 100%;
    height: auto;
  }
  ${chartText}
  .axis {
    stroke: currentColor;
    stroke-opacity: 0.5;
  }
`;

export const uplotChart = [
  unsafeCSS(uplotCss),
  css`
    .wrap {
      width: 100%;
    }
  `,
];
