/**
 * The run report is self-contained (no script, no external reference, CSP default-src 'none'), escapes what a
 * user typed or a file was called, shows VMAF among the key results, and draws the stored per-frame series.
 */
import { describe, expect, it } from 'vitest';
import { buildRunReport, escapeHtml, fmtNumber, keyResults, runVmaf, svgLinePlot } from './report.ts';
import { compactFrames, checkFrames, framesBytes, framesFromHistoryJson, framesToJson } from './frames.ts';
import type { RunRecord } from './records.ts';

const run: RunRecord = {
  id: 'run-1',
  createdAt: Date.UTC(2026, 11, 5, 8, 0, 0),
  profileId: 'default',
  mechanism: 'vidaio',
  task: 'compression',
  packId: 'vidaio-subnet@fea3779',
  engine: 'cpu',
  inputs: [{ role: 'compressed', name: 'out<script>.mp4', sizeBytes: 1234, sha256: 'a'.repeat(64) }],
  metrics: { vmaf: 92.123456789, vmaf_neg: 90.5, ssim_all: 0.98765 },
  scores: { score: 0.512345678, zone: 'above-threshold', vmafPooled: 90.48862902253769, vmafThreshold: 89, compressionRate: 0.1 },
  reasons: ['Base VMAF & NEG differ by "2"'],
};

describe('run report', () => {
  const frames = compactFrames(
    'run-1',
    [0, 1, 2, 3].map((i) => ({ frameNum: i, distIndex: i, metrics: { vmaf: 90 + i, vmaf_neg: 89 + i, ssim_all: 0.98 + i / 1000 } })),
  );
  const html = buildRunReport(run, frames, { packTitle: 'Vidaio subnet', generatedAt: 0 });

  it('has no script, no external URL and a CSP that forbids every fetch', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)\s*=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('escapes file names and reasons', () => {
    expect(html).toContain('out&lt;script&gt;.mp4');
    expect(html).toContain('Base VMAF &amp; NEG differ by &quot;2&quot;');
    expect(escapeHtml(`<a href='x'>`)).toBe('&lt;a href=&#39;x&#39;&gt;');
  });

  it('shows pack, engine, the pooled VMAF and the inline SVG plots', () => {
    expect(html).toContain('<code data-field="pack">vidaio-subnet@fea3779</code> — Vidaio subnet');
    expect(html).toContain('<td data-field="engine">cpu</td>');
    expect(html).toContain('<span data-field="vmaf">90.4886</span>');
    expect(html.match(/<svg /g)).toHaveLength(2); // VMAF group and SSIM group
    expect(html).toContain('data-series="VMAF NEG"');
    expect(html).toContain('threshold 89');
  });

  it('key results start with VMAF, with at most the asked number of digits', () => {
    expect(keyResults(run).map((k) => `${k.label} ${k.text}`)).toEqual([
      'VMAF 90.489',
      'score 0.5123',
      'zone above-threshold',
      'compressionRate 0.1',
      'vmafThreshold 89',
    ]);
    expect(runVmaf({ ...run, scores: {} })).toEqual({ value: 92.123456789, label: 'VMAF (mean)' });
    expect(runVmaf({ ...run, scores: {}, metrics: {} })).toBeNull();
    expect(fmtNumber(48.99862902253769, 3)).toBe('48.999');
    expect(fmtNumber(NaN)).toBe('NaN');
  });

  it('the SVG path follows the values, and a NaN frame leaves a gap', () => {
    const svg = svgLinePlot([0, 1, 2], [{ label: 'a', values: [0, NaN, 10], color: '#000' }], { title: 't', yLabel: 'y', width: 100, height: 100 });
    const d = /d="([^"]+)"/.exec(svg)![1]!;
    expect(d.match(/M/g)).toHaveLength(2);
    expect(d).not.toContain('L');
    // ticks are distinct
    const ticks = [...svg.matchAll(/text-anchor="end" font-size="11">([^<]+)</g)].map((m) => m[1]);
    expect(new Set(ticks).size).toBe(ticks.length);
  });

  it('a run without per-frame data says so', () => {
    expect(buildRunReport({ ...run, frames: null }, null)).toContain('No per-frame data was kept for this run.');
  });
});

describe('compact per-frame data', () => {
  it('keeps only the metrics that occur, as float32, NaN where a frame lacks one', () => {
    const f = compactFrames('r', [
      { frameNum: 0, distIndex: 0, metrics: { vmaf: 91.1, vif_scale0: 0.5 } },
      { frameNum: 2, distIndex: 2, metrics: { vmaf: 92.2, ssim_all: 0.99 } },
    ]);
    expect(Object.keys(f.series)).toEqual(['vmaf', 'ssim_all']);
    expect(f.series.vmaf![0]).toBeCloseTo(91.1, 5); // float32: ~7 significant digits
    expect(Number.isNaN(f.series.ssim_all![0])).toBe(true);
    expect(Array.from(f.frameNums)).toEqual([0, 2]);
    expect(framesBytes(f)).toBe(4 * 2 * 4);
  });
  it('round-trips through the history JSON (NaN as null) and names a bad entry', () => {
    const f = compactFrames('r', [
      { frameNum: 0, distIndex: 0, metrics: { vmaf: 91.5 } },
      { frameNum: 1, distIndex: 1, metrics: { vmaf: 92.25, ssim_all: 0.5 } },
    ]);
    const json = JSON.parse(JSON.stringify({ frames: [framesToJson(f)] }));
    expect(json.frames[0].series.ssim_all).toEqual([null, 0.5]);
    const back = framesFromHistoryJson(json, new Set(['r']));
    expect(Array.from(back[0]!.series.vmaf!)).toEqual([91.5, 92.25]);
    expect(Number.isNaN(back[0]!.series.ssim_all![0])).toBe(true);
    expect(framesFromHistoryJson({ runs: [] }, new Set())).toEqual([]);
    expect(() => framesFromHistoryJson(json, new Set(['other']))).toThrow('frames[0].runId: expected the id of a run in this file');
    json.frames[0].series.vmaf = [1, 'x'];
    expect(() => framesFromHistoryJson(json, new Set(['r']))).toThrow('frames[0].series.vmaf: expected 2 numbers');
  });
  it('a damaged stored record is named by field', () => {
    expect(() => checkFrames({ frameNums: new Int32Array(2), distIndex: new Int32Array(2), series: { vmaf: new Float32Array(1) } }, 'r')).toThrow(
      'per-frame data of run r.series.vmaf: expected a Float32Array of 2 frames',
    );
    expect(() => checkFrames(null, 'r')).toThrow('missing');
  });
});
