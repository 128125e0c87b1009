/**
 * `preflight removal` end to end on the media of scripts/removal/make-media.sh (e2e/fixtures-media/removal/: FFV1,
 * lossless, so the decoded frames are the bytes of the Python reference): the numbers against
 * fixtures/removal-reference.json (OpenCV 4.6.0; PSNR ≤ 1e-3 dB), the human report, the mask from stream 1 or from
 * --mask, frame-count notes, and each bad input's one-line message naming the file.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { run } from './removal.ts';
import { CliError } from '../args.ts';
import { captureStdout } from '../../../test-support/cli.ts';

const D = fileURLToPath(new URL('../../../e2e/fixtures-media/removal/', import.meta.url));
interface CaseRef {
  name: string;
  psnrDb: number;
  floor: { psnrDb: number };
  medianFill: { psnrDb: number };
  outside: { max: number };
  warp: { candidate: number };
}
const reference = JSON.parse(readFileSync(new URL('../../core/metrics/removal/fixtures/removal-reference.json', import.meta.url), 'utf8')) as {
  cases: CaseRef[];
};
const ref = (name: string) => reference.cases.find((c) => c.name === name)!;

afterEach(() => vi.restoreAllMocks());

async function json(args: string[]) {
  const out = captureStdout();
  expect(await run([...args, '--json'])).toBe(0);
  return JSON.parse(out());
}
async function fails(args: string[], re: RegExp) {
  let err: unknown;
  try {
    await run(args);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CliError);
  expect((err as Error).message).toMatch(re);
}

describe('preflight removal', () => {
  it('good fill: PSNR, floor and outside change = the OpenCV 4.6.0 reference; partial without LPIPS weights', async () => {
    const j = await json(['--input', D + 'served.mkv', '--output', D + 'candidate-good.mkv', '--reference', D + 'reference.mkv', '--challenge', 'x']);
    const c = ref('good_fill');
    expect(j.frames).toBe(8);
    expect(Math.abs(j.candidate.psnrDb - c.psnrDb)).toBeLessThanOrEqual(1e-3);
    expect(Math.abs(j.floor.psnrDb - c.floor.psnrDb)).toBeLessThanOrEqual(1e-3);
    expect(Math.abs(j.medianFill.psnrDb - c.medianFill.psnrDb)).toBeLessThanOrEqual(1e-3);
    expect(j.outside.change).toBeCloseTo(c.outside.max, 12);
    expect(j.partial).toBe(true);
    expect(j.missing.some((m: string) => m.startsWith('lpips_vgg:'))).toBe(true);
    expect(Math.abs(j.candidate.warpError - c.warp.candidate) / c.warp.candidate).toBeLessThanOrEqual(0.01);
    expect(j.files.mask).toBe(`stream 1 of ${D}served.mkv`);
  });

  it('the same numbers with the mask as a separate video (--mask)', async () => {
    const j = await json([
      '--input',
      D + 'served-no-mask.mkv',
      '--mask',
      D + 'mask.mkv',
      '--output',
      D + 'candidate-good.mkv',
      '--reference',
      D + 'reference.mkv',
    ]);
    expect(Math.abs(j.candidate.psnrDb - ref('good_fill').psnrDb)).toBeLessThanOrEqual(1e-3);
    expect(j.notes.join(' ')).toMatch(/LPIPS frame offset 0/);
  });

  it('human report: each number against its floor or bound, the outside-mask verdict, partial', async () => {
    const out = captureStdout();
    expect(await run(['--input', D + 'served.mkv', '--output', D + 'candidate-outside.mkv', '--reference', D + 'reference.mkv'])).toBe(0);
    const text = out();
    expect(text).toMatch(/PSNR in mask {4}43\.597 dB {2}floor 35\.245 dB .*needs ≥ 36\.745 dB: beaten/);
    expect(text).toMatch(/outside change {2}5\.7236 {2}bound 3\.0 \(worst frame 3\): FAIL \(OUTSIDE_REGION_MODIFIED\)/);
    expect(text).toMatch(/^verdict: 0 \(OUTSIDE_REGION_MODIFIED/m);
    expect(text).toMatch(/^partial: .*lpips_vgg: no LPIPS weights/m);
  });

  it('without the reference: the outside gate only, the rest named missing', async () => {
    const j = await json(['--input', D + 'served.mkv', '--output', D + 'candidate-good.mkv']);
    expect(j.candidate.psnrDb).toBeNull();
    expect(j.outside.passed).toBe(true);
    expect(j.missing[0]).toMatch(/^reference: /);
  });

  it('a shorter output is scored on its frames, as upstream, and said', async () => {
    const j = await json(['--input', D + 'served.mkv', '--output', D + 'candidate-short.mkv', '--reference', D + 'reference.mkv']);
    expect(j.frames).toBe(5);
    expect(j.notes.join('\n')).toMatch(/candidate: shorter than the input \(5 frames\)/);
  });

  it('bad inputs: one message naming the file and the problem', async () => {
    await fails(
      ['--input', D + 'served-no-mask.mkv', '--output', D + 'candidate-good.mkv'],
      /^mask: .*served-no-mask\.mkv has no second video stream \(the mask stream is missing\)/,
    );
    await fails(
      ['--input', D + 'served-no-mask.mkv', '--mask', D + 'mask-80x48.mkv', '--output', D + 'candidate-good.mkv', '--reference', D + 'reference.mkv'],
      /^mask: is 80x48, the reference is 160x96/,
    );
    await fails(['--input', D + 'served.mkv', '--output', D + 'nope.mkv'], /^candidate: .*nope\.mkv/);
    await fails(['--input', D + 'served.mkv', '--output', D + 'candidate-good.mkv', '--lpips-vgg16', 'x.pth'], /--lpips-vgg16 and --lpips-heads go together/);
    await fails(['--input', D + 'served.mkv'], /--input and --output are required/);
    await fails(['--input', D + 'served.mkv', '--output', D + 'candidate-good.mkv', '--engine', 'gpu'], /--engine must be native, wasm or twin/);
  });
});
