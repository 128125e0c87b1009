/**
 * `preflight competition` on a removal entry (validator-vidaio v3's object-removal track): three items made from the
 * removal media of e2e/fixtures-media/removal (160×96, 8 frames; outputs re-encoded to H.264 here so the encoding gate
 * passes): a good fill, the unchanged served input (REGION_BASELINE_NOT_BEATEN) and an output that edits pixels
 * outside the mask (OUTSIDE_REGION_MODIFIED). With LPIPS-VGG weights (full-size synthetic, seed 1) the good item's
 * packet score is the score `preflight removal` gives for the same files; without them it is incomplete while the two
 * zero verdicts stand. The references are copies under distinct names (one packet per reference and input).
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './competition.ts';
import { run as runRemoval } from './removal.ts';
import { syntheticLpipsWeights } from '../../core/lpips/synthetic.ts';
import { writeTorchZip } from '../../core/lpips/test-pth.ts';
import { captureStdout, encodeH264, itemRecords } from '../../../test-support/cli.ts';

const D = fileURLToPath(new URL('../../../e2e/fixtures-media/removal/', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'preflight-competition-removal-'));
const at = (name: string) => join(tmp, name);
const vgg = at('vgg16-397923af.pth');
const heads = at('vgg.pth');

afterEach(() => vi.restoreAllMocks());

beforeAll(() => {
  const h264 = (src: string, dst: string, extra?: string[]) => encodeH264(src, dst, { preset: 'veryfast', crf: 4, extra });
  h264(D + 'candidate-good.mkv', at('good.mp4'));
  h264(D + 'served.mkv', at('copy.mp4'), ['-map', '0:v:0']);
  h264(D + 'candidate-outside.mkv', at('outside.mp4'));
  for (const k of ['good', 'copy', 'outside']) {
    copyFileSync(D + 'reference.mkv', at(`ref-${k}.mkv`));
    copyFileSync(D + 'served.mkv', at(`served-${k}.mkv`));
  }
  const w = syntheticLpipsWeights(1);
  writeFileSync(vgg, writeTorchZip(new Map([...w].filter(([k]) => k.startsWith('features.')))));
  writeFileSync(heads, writeTorchZip(new Map([...w].filter(([k]) => k.startsWith('lin')))));
  writeFileSync(
    at('entry.json'),
    JSON.stringify({
      track: 'removal',
      items: ['good', 'copy', 'outside'].map((k) => ({ id: k, reference: `ref-${k}.mkv`, input: `served-${k}.mkv`, output: `${k}.mp4`, challengeId: 'c-1' })),
    }),
  );
});

describe('preflight competition: removal entries', () => {
  it('with LPIPS weights: the good fill scores as `preflight removal` does; the copy and the outside edit score 0 with their reasons', async () => {
    captureStdout();
    expect(await run(['--manifest', at('entry.json'), '--out', at('with.jsonl'), '--lpips-vgg16', vgg, '--lpips-heads', heads, '--json'])).toBe(0);
    const [good, copy, outside] = itemRecords(at('with.jsonl'));
    vi.restoreAllMocks();
    const got = captureStdout();
    expect(
      await runRemoval([
        '--input',
        at('served-good.mkv'),
        '--output',
        at('good.mp4'),
        '--reference',
        at('ref-good.mkv'),
        '--challenge',
        'c-1',
        '--lpips-vgg16',
        vgg,
        '--lpips-heads',
        heads,
        '--json',
      ]),
    ).toBe(0);
    const single = JSON.parse(got());
    expect(single.partial).toBe(false);
    expect(good.track).toBe('removal');
    expect(good.gatePassed).toBe(true);
    expect(good.incomplete).toBeNull();
    expect(good.score).toBeGreaterThan(0);
    expect(good.score).toBe(single.score.final);
    expect(good.metrics.lpipsVgg).toBe(single.candidate.lpipsVgg);
    expect(good.metrics.warpError).toBe(single.candidate.warpError);
    expect(good.verdicts.find((v: { code: string }) => v.code === 'OUTSIDE_REGION_MODIFIED').status).toBe('pass');
    expect(copy.score).toBe(0);
    expect(copy.zeroReason).toBe('REGION_BASELINE_NOT_BEATEN');
    expect(outside.score).toBe(0);
    expect(outside.gatePassed).toBe(false);
    expect(outside.verdicts.find((v: { code: string }) => v.code === 'OUTSIDE_REGION_MODIFIED').status).toBe('fail');
  });

  it('without LPIPS weights: the good item is incomplete (LPIPS named), the zero verdicts stand', async () => {
    captureStdout();
    expect(await run(['--manifest', at('entry.json'), '--out', at('without.jsonl'), '--json'])).toBe(0);
    const [good, copy, outside] = itemRecords(at('without.jsonl'));
    expect(good.score).toBeNull();
    expect(good.incomplete).toMatch(/^lpips_vgg: /);
    expect(copy.score).toBe(0);
    expect(outside.score).toBe(0);
  });

  it('a removal item without its served input is refused, naming the item', async () => {
    writeFileSync(at('bad.json'), JSON.stringify({ track: 'removal', items: [{ id: 'x', reference: 'ref-good.mkv', output: 'good.mp4' }] }));
    await expect(run(['--manifest', at('bad.json'), '--out', at('bad.jsonl')])).rejects.toThrow(
      /items\[0\] "x"\.input: missing: a removal item needs the served input/,
    );
  });
});
