/**
 * Ranking candidates on three shared clips (vtest_540p x264 CRF 18/28/38 of one reference, per-frame libvmaf
 * scores in ../shared/reference/scores/): the ranking's scores are exactly the pack functions' scores of
 * (C = output/reference bytes, VMAF pooled as the pack pools it), and its order is theirs. Also the curve's cliff
 * and kinks on the default pack.
 */
import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getPack } from '../rules/index.ts';
import { callPackFunction } from '../rules/call.ts';
import { evaluateCompression, policyFor, poolVmaf } from '../rules/vidaio/evaluate.ts';
import type { MediaFacts } from '../rules/vidaio/checks.ts';
import { rankCandidates, scoreCurve } from './candidates.ts';
import { sharedReference } from '../../../test-support/index.ts';

const shared = sharedReference('');
const CLIPS = ['x264_crf18', 'x264_crf28', 'x264_crf38'];
const refBytes = statSync(`${shared}clips/vtest_540p__ref.mp4`).size;

function perFrame(pair: string): { vmaf: number[]; vmaf_neg: number[] } {
  const d = JSON.parse(readFileSync(`${shared}scores/${pair}.json`, 'utf8'));
  return { vmaf: d.libvmaf_pinned.per_frame.vmaf, vmaf_neg: d.libvmaf_pinned.per_frame.vmaf_neg };
}

/** The clips' facts as ffprobe reports them (H.264 High, yuv420p, 10 fps, 30 frames, 960×540, BT.709). */
const facts = (sizeBytes: number): MediaFacts =>
  ({
    codec: 'h264',
    profile: 'High',
    container: 'mov,mp4,m4a,3gp,3g2,mj2',
    pixFmt: 'yuv420p',
    sar: '1:1',
    avgFps: 10,
    frameCount: 30,
    width: 960,
    height: 540,
    colorSpace: 'bt709',
    colorTransfer: 'bt709',
    colorPrimaries: 'bt709',
    sizeBytes,
  }) as MediaFacts;

describe.each(['vidaio-subnet@fea3779', 'validator-vidaio@b71f22d', 'vidaio-seed'])('rankCandidates under %s', (packId) => {
  const pack = getPack(packId, 'vidaio')!;
  const policy = policyFor(packId);
  for (const threshold of policy.thresholds) {
    it(`threshold ${threshold}: scores and order equal the pack function's`, () => {
      const results = CLIPS.map((c) => {
        const sizeBytes = statSync(`${shared}clips/vtest_540p__${c}.mp4`).size;
        const frames = perFrame(`vtest_540p__${c}`);
        return {
          name: c,
          sizeBytes,
          frames,
          evaluation: evaluateCompression({
            pack,
            reference: facts(refBytes),
            output: facts(sizeBytes),
            task: { codec: 'hevc', mode: 'CRF', targetBitrateMbps: null, vmafThreshold: threshold },
            frames,
          }),
        };
      });
      // Independent expectation: the pack function on (C, pooled VMAF), no evaluate.ts in between.
      const expected = results.map((r) => {
        const scored = policy.compressionModel === 'vmaf_v0.6.1neg' ? r.frames.vmaf_neg : r.frames.vmaf;
        const vmaf = poolVmaf(scored, policy.compressionPooling).value;
        const { compressionRate } = callPackFunction(pack, 'compression.rate', { referenceSizeBytes: refBytes, outputSizeBytes: r.sizeBytes }) as {
          compressionRate: number;
        };
        expect(compressionRate).toBe(r.sizeBytes / refBytes);
        return {
          name: r.name,
          score: (callPackFunction(pack, 'compression.score', { compressionRate, vmaf, vmafThreshold: threshold }) as { score: number }).score,
          sizeBytes: r.sizeBytes,
        };
      });
      const ranking = rankCandidates(results);
      for (const row of ranking.rows) expect(row.formulaScore ?? 0, row.name).toBe(expected.find((e) => e.name === row.name)!.score);
      // A failed media check zeroes the final score (fea3779 checks the codec: H.264 is not the HEVC asked for);
      // the order is then the final score, the formula score, the smaller file.
      const final = (name: string) => {
        const r = ranking.rows.find((x) => x.name === name)!;
        return r.passesChecks ? expected.find((e) => e.name === name)!.score : 0;
      };
      for (const row of ranking.rows) expect(row.score, row.name).toBe(final(row.name));
      const order = [...expected].sort((a, b) => final(b.name) - final(a.name) || b.score - a.score || a.sizeBytes - b.sizeBytes).map((e) => e.name);
      expect(ranking.rows.map((r) => r.name)).toEqual(order);
      if (packId === 'vidaio-subnet@fea3779') {
        expect(ranking.rows.every((r) => !r.passesChecks)).toBe(true);
        expect(ranking.recommended).toBeNull();
        expect(
          ranking.reason.startsWith(
            `No candidate scores above 0 (checks fail: zero: Codec "h264" is not the requested hevc). Were the checks met, ${order[0]} would score `,
          ),
        ).toBe(true);
      } else if (ranking.rows[0]!.score > 0) {
        expect(ranking.recommended!.name).toBe(order[0]);
        expect(ranking.reason).toMatch(new RegExp(`^${order[0]} scores `));
      } else expect(ranking.recommended).toBeNull();
    });
  }
});

describe('scoreCurve', () => {
  it('fea3779 at VMAF 95, threshold 89: a cliff at C = 0.80 and the log-bonus kink at R = 20 (C = 0.05)', () => {
    const { features } = scoreCurve(getPack('vidaio-subnet@fea3779', 'vidaio')!, 95, 89);
    const jumps = features.filter((f) => f.kind === 'jump');
    expect(jumps).toHaveLength(1);
    expect(jumps[0]!.compressionRate).toBeCloseTo(0.8, 2);
    expect(features.some((f) => f.kind === 'kink' && Math.abs(f.compressionRate - 0.05) < 0.001)).toBe(true);
  });
  it('below the hard cutoff the curve is flat 0 with no feature', () => {
    const { scores, features } = scoreCurve(getPack('vidaio-subnet@fea3779', 'vidaio')!, 80, 89);
    expect(scores.every((s) => s === 0)).toBe(true);
    expect(features).toEqual([]);
  });
});
