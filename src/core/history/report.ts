/**
 * A self-contained HTML report of one stored run: what was checked (mechanism, task, pack, engine, inputs with
 * sizes and SHA-256), the key results, every pack output and measured metric, the reasons, and the per-frame
 * plots as inline SVG. The page has no script, no external resource and a Content-Security-Policy of
 * `default-src 'none'`, so opening it (from a file, a mail attachment, a blob) makes no request at all.
 * Also the key results a history row shows (VMAF first). Pure: strings in, a string out.
 */
import type { RunRecord } from './records.ts';
import type { RunFrames } from './frames.ts';

/** HTML-escapes text for element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A number as a person reads it: at most `digits` decimals, trailing zeros dropped; non-finite as is. */
export function fmtNumber(v: number, digits = 4): string {
  if (!Number.isFinite(v)) return String(v);
  if (Number.isInteger(v)) return String(v);
  return String(Number(v.toFixed(digits)));
}

function fmtValue(v: number | string | boolean | null | undefined, digits = 4): string {
  if (v === null || v === undefined) return '—';
  return typeof v === 'number' ? fmtNumber(v, digits) : String(v);
}

/** The VMAF a run reports: the pooled value the pack scored, else the mean VMAF (NEG for NEG-only runs). */
export function runVmaf(run: RunRecord): { value: number; label: string } | null {
  const pooled = run.scores.vmafPooled;
  if (typeof pooled === 'number' && Number.isFinite(pooled)) return { value: pooled, label: 'VMAF (as the pack pools it)' };
  if (typeof run.metrics.vmaf_pooled === 'number' && Number.isFinite(run.metrics.vmaf_pooled))
    return { value: run.metrics.vmaf_pooled, label: 'VMAF (as the pack pools it)' };
  if (typeof run.metrics.vmaf === 'number') return { value: run.metrics.vmaf, label: 'VMAF (mean)' };
  if (typeof run.metrics.vmaf_neg === 'number') return { value: run.metrics.vmaf_neg, label: 'VMAF NEG (mean)' };
  return null;
}

const KEY_SCORES = ['score', 'sF', 'sQ', 'sL', 'zone', 'compressionRate', 'pieapp', 's', 'tier'];

/** At most `max` key results of a run: VMAF first when measured, then the pack's headline outputs. */
export function keyResults(run: RunRecord, max = 5): { key: string; label: string; text: string }[] {
  const out: { key: string; label: string; text: string }[] = [];
  const vmaf = runVmaf(run);
  if (vmaf) out.push({ key: 'vmaf', label: 'VMAF', text: fmtNumber(vmaf.value, 3) });
  const keys = [...KEY_SCORES.filter((k) => k in run.scores), ...Object.keys(run.scores).filter((k) => !KEY_SCORES.includes(k) && k !== 'vmafPooled')];
  for (const k of keys) {
    if (out.length >= max) break;
    out.push({ key: k, label: k, text: fmtValue(run.scores[k]) });
  }
  return out;
}

export interface SvgSeries {
  label: string;
  values: ArrayLike<number>;
  color: string;
}

/**
 * A line plot as an SVG string: frames on x, one polyline per series (NaN frames leave a gap), the y range
 * from the data (VMAF-like series keep 100 as the top), ticks on both axes, and a legend. Optional horizontal
 * `rule` (e.g. the VMAF threshold) drawn dashed.
 */
export function svgLinePlot(
  frameNums: ArrayLike<number>,
  series: readonly SvgSeries[],
  opts: { title: string; yLabel: string; rule?: { y: number; label: string } } & Partial<{ width: number; height: number }>,
): string {
  const W = opts.width ?? 720;
  const H = opts.height ?? 260;
  const L = 52,
    R = 12,
    T = 28,
    B = 36;
  const n = frameNums.length;
  const finite: number[] = [];
  for (const s of series) for (let i = 0; i < s.values.length; i++) if (Number.isFinite(s.values[i]!)) finite.push(s.values[i]!);
  if (opts.rule) finite.push(opts.rule.y);
  if (!n || !finite.length)
    return `<svg width="${W}" height="40" role="img" aria-label="${escapeHtml(opts.title)}: no data"><text x="4" y="24">${escapeHtml(opts.title)}: no per-frame data</text></svg>`;
  let lo = Math.min(...finite);
  let hi = Math.max(...finite);
  if (hi === lo) {
    lo -= 1;
    hi += 1;
  }
  const pad = (hi - lo) * 0.05;
  lo -= pad;
  hi += pad;
  const x0 = frameNums[0]!;
  const x1 = n > 1 ? frameNums[n - 1]! : x0 + 1;
  const px = (x: number) => L + ((x - x0) / (x1 - x0 || 1)) * (W - L - R);
  const py = (y: number) => T + (1 - (y - lo) / (hi - lo)) * (H - T - B);
  const parts: string[] = [];
  parts.push(`<rect x="${L}" y="${T}" width="${W - L - R}" height="${H - T - B}" fill="none" stroke="currentColor" stroke-opacity="0.3"/>`);
  // y ticks: 5 distinct values
  const ticks = new Set<string>();
  for (let i = 0; i <= 4; i++) {
    const v = lo + ((hi - lo) * i) / 4;
    const label = fmtNumber(v, hi - lo < 0.1 ? 4 : hi - lo < 10 ? 2 : 1);
    if (ticks.has(label)) continue;
    ticks.add(label);
    parts.push(
      `<line x1="${L - 4}" x2="${W - R}" y1="${py(v).toFixed(1)}" y2="${py(v).toFixed(1)}" stroke="currentColor" stroke-opacity="0.12"/><text x="${L - 6}" y="${(py(v) + 4).toFixed(1)}" text-anchor="end" font-size="11">${label}</text>`,
    );
  }
  const xt = new Set<number>();
  for (let i = 0; i <= 5; i++) xt.add(Math.round(x0 + ((x1 - x0) * i) / 5));
  for (const x of xt) parts.push(`<text x="${px(x).toFixed(1)}" y="${H - B + 16}" text-anchor="middle" font-size="11">${x}</text>`);
  parts.push(`<text x="${(L + W - R) / 2}" y="${H - 4}" text-anchor="middle" font-size="11">frame</text>`);
  parts.push(
    `<text x="12" y="${(T + H - B) / 2}" font-size="11" transform="rotate(-90 12 ${(T + H - B) / 2})" text-anchor="middle">${escapeHtml(opts.yLabel)}</text>`,
  );
  if (opts.rule) {
    const y = py(opts.rule.y).toFixed(1);
    parts.push(
      `<line x1="${L}" x2="${W - R}" y1="${y}" y2="${y}" stroke="#c0392b" stroke-dasharray="5 4"/><text x="${W - R - 4}" y="${Number(y) - 4}" text-anchor="end" font-size="11" fill="#c0392b">${escapeHtml(opts.rule.label)}</text>`,
    );
  }
  series.forEach((s, si) => {
    let d = '';
    let pen = false;
    for (let i = 0; i < n; i++) {
      const v = s.values[i]!;
      if (!Number.isFinite(v)) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${px(frameNums[i]!).toFixed(1)} ${py(v).toFixed(1)}`;
      pen = true;
    }
    parts.push(`<path d="${d}" fill="none" stroke="${escapeHtml(s.color)}" stroke-width="1.5" data-series="${escapeHtml(s.label)}"/>`);
    parts.push(
      `<rect x="${L + 8 + si * 120}" y="8" width="12" height="4" fill="${escapeHtml(s.color)}"/><text x="${L + 24 + si * 120}" y="14" font-size="11">${escapeHtml(s.label)}</text>`,
    );
  });
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" style="max-width:${W}px" role="img" aria-label="${escapeHtml(opts.title)}"><title>${escapeHtml(opts.title)}</title>${parts.join('')}</svg>`;
}

const SERIES_LABEL: Record<string, { label: string; color: string; group: 'vmaf' | 'ssim' | 'psnr' | 'pieapp' }> = {
  vmaf: { label: 'VMAF', color: '#2f6fb5', group: 'vmaf' },
  vmaf_neg: { label: 'VMAF NEG', color: '#168a70', group: 'vmaf' },
  ssim_all: { label: 'SSIM (All)', color: '#b8661c', group: 'ssim' },
  psnr_y: { label: 'PSNR Y (dB)', color: '#7a4bb0', group: 'psnr' },
  pieapp: { label: 'PIE-APP', color: '#a33d62', group: 'pieapp' },
};

/** The per-frame plots of a run as inline SVG strings, one per scale (VMAF, SSIM, PSNR, PIE-APP). */
export function runPlots(run: RunRecord, frames: RunFrames): string[] {
  const groups = new Map<string, SvgSeries[]>();
  for (const [k, values] of Object.entries(frames.series)) {
    const meta = SERIES_LABEL[k] ?? { label: k, color: '#555555', group: k as 'vmaf' };
    groups.set(meta.group, [...(groups.get(meta.group) ?? []), { label: meta.label, values, color: meta.color }]);
  }
  const thr = run.scores.vmafThreshold;
  return [...groups.entries()].map(([g, series]) =>
    svgLinePlot(frames.frameNums, series, {
      title: `Per-frame ${series.map((s) => s.label).join(' and ')}`,
      yLabel: g === 'vmaf' ? 'VMAF' : g === 'ssim' ? 'SSIM' : g === 'psnr' ? 'dB' : g,
      rule: g === 'vmaf' && typeof thr === 'number' ? { y: thr, label: `threshold ${thr}` } : undefined,
    }),
  );
}

/** The report page. `packTitle` is the pack's human title when known. */
export function buildRunReport(run: RunRecord, frames: RunFrames | null, opts: { packTitle?: string; generatedAt?: number; appVersion?: string } = {}): string {
  const e = escapeHtml;
  const when = new Date(run.createdAt)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
  const rows = (obj: Record<string, number | string | boolean | null>, digits: number) =>
    Object.entries(obj)
      .map(([k, v]) => `<tr><th scope="row">${e(k)}</th><td data-key="${e(k)}">${e(fmtValue(v, digits))}</td></tr>`)
      .join('');
  const key = keyResults(run, 8);
  const vmaf = runVmaf(run);
  const plots = frames ? runPlots(run, frames) : [];
  const title = `Preflight report: ${run.mechanism} ${run.task}, ${when}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Preflight${opts.appVersion ? ` ${e(opts.appVersion)}` : ''}">
<title>${e(title)}</title>
<style>
:root { color-scheme: light dark; font-family: system-ui, sans-serif; }
body { max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; line-height: 1.45; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
th, td { text-align: left; padding: 0.2rem 0.8rem 0.2rem 0; border-bottom: 1px solid rgba(128,128,128,0.3); vertical-align: top; }
td { font-variant-numeric: tabular-nums; }
.key { display: flex; flex-wrap: wrap; gap: 0.6rem; }
.key div { border: 1px solid rgba(128,128,128,0.4); border-radius: 6px; padding: 0.4rem 0.8rem; }
.key b { display: block; font-size: 1.3rem; }
code { overflow-wrap: anywhere; }
.scroll { overflow-x: auto; }
</style>
</head>
<body>
<h1>${e(title)}</h1>
<p>Computed in the browser by Preflight; nothing left the machine. Run <code>${e(run.id)}</code>, miner profile <code>${e(run.profileId)}</code>.</p>
<table>
<tr><th scope="row">Mechanism / task</th><td>${e(run.mechanism)} / ${e(run.task)}</td></tr>
<tr><th scope="row">Rule pack</th><td><code data-field="pack">${e(run.packId)}</code>${opts.packTitle ? ` — ${e(opts.packTitle)}` : ''}</td></tr>
<tr><th scope="row">Engine</th><td data-field="engine">${e(run.engine)}</td></tr>
<tr><th scope="row">When</th><td>${e(when)}</td></tr>
</table>
<h2>Key results</h2>
<div class="key">${key.map((k) => `<div data-result="${e(k.key)}">${e(k.label)}<b>${e(k.text)}</b></div>`).join('')}</div>
${vmaf ? `<p>${e(vmaf.label)}: <span data-field="vmaf">${e(fmtNumber(vmaf.value, 4))}</span></p>` : ''}
<h2>Reasons</h2>
${run.reasons.length ? `<ol data-field="reasons">${run.reasons.map((r) => `<li>${e(r)}</li>`).join('')}</ol>` : '<p data-field="reasons">No zero, warning or failed check.</p>'}
<h2>Per-frame</h2>
${plots.length ? plots.map((p) => `<figure>${p}</figure>`).join('\n') : `<p>${run.frames === null || run.frames === undefined ? 'No per-frame data was kept for this run.' : 'Per-frame data is missing.'}</p>`}
${frames ? `<p>${frames.frameNums.length} frames (values stored as float32).</p>` : ''}
<h2>Inputs</h2>
<div class="scroll"><table><tr><th>Role</th><th>File</th><th>Bytes</th><th>SHA-256</th></tr>
${run.inputs.map((i) => `<tr><td>${e(i.role)}</td><td>${e(i.name)}</td><td>${i.sizeBytes}</td><td><code>${e(i.sha256 ?? '—')}</code></td></tr>`).join('') || '<tr><td colspan="4">Values typed in, no file.</td></tr>'}
</table></div>
<h2>All pack outputs</h2>
<div class="scroll"><table>${rows(run.scores, 6)}</table></div>
<h2>Measured metrics</h2>
<div class="scroll"><table>${rows(run.metrics, 6)}</table></div>
<p><small>Report generated ${e(new Date(opts.generatedAt ?? Date.now()).toISOString())}.</small></p>
</body>
</html>
`;
}
