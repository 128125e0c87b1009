/**
 * Object-removal rows of `npm run bench` (`--only removal`): one 10-second 1080p removal item (2 s with `--quick`)
 * measured by the app's removal page in headless Chromium on the browser's CPU engine (the removal worker: WebCodecs
 * decode, masked PSNR/SSIM, temporal-median floor with Telea, outside-mask gate; whatever `measureRemoval` the build
 * has), timed from the Check click to the result, with the progress the page showed on the way (first progress, the
 * stages seen, the largest gap between two progress updates). Native ffmpeg's decode of the same four streams is
 * timed in the same run as the peer. The item is made at run time by native ffmpeg from
 * ../shared/reference/clips/flower_1080p__ref.mp4 (48 frames at 24 fps, looped): reference (CRF 18), a 320×240 mask
 * moving 6 px per frame, the served input (reference + a flat occluder as stream 0, the mask as stream 1) and an
 * output that re-encodes the reference (CRF 23). It prints lines; it is not a test.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { openEngineSession } from '../../src/cli/browser/engine-session.ts';
import { timeFfmpeg } from './native-ffmpeg.ts';
import { sharedClip } from '../../test-support/index.ts';

const CLIP = sharedClip('flower_1080p__ref.mp4');

export interface RemovalBenchOptions {
  quick: boolean;
  tmp: string;
  ffmpeg: string | null;
  log: (line: string) => void;
}

function makeItem(ffmpeg: string, tmp: string, seconds: number) {
  const frames = seconds * 24;
  const at = (n: string) => join(tmp, `removal-${n}.mp4`);
  const enc = ['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'];
  const run = (...a: string[]) => execFileSync(ffmpeg, ['-v', 'error', '-y', ...a]);
  run('-stream_loop', String(Math.ceil(frames / 48) - 1), '-i', CLIP, '-frames:v', String(frames), ...enc, '-crf', '18', '-an', at('ref'));
  run(
    '-f',
    'lavfi',
    '-i',
    'color=black:s=1920x1080:r=24',
    '-f',
    'lavfi',
    '-i',
    'color=white:s=320x240:r=24',
    '-filter_complex',
    "[0:v][1:v]overlay=x='200+6*n':y=400",
    '-frames:v',
    String(frames),
    ...enc,
    '-crf',
    '1',
    at('mask'),
  );
  run(
    '-i',
    at('ref'),
    '-i',
    at('mask'),
    '-f',
    'lavfi',
    '-i',
    'color=0x30c030:s=320x240:r=24',
    '-filter_complex',
    "[0:v][2:v]overlay=x='200+6*n':y=400:shortest=1[s]",
    '-map',
    '[s]',
    '-map',
    '1:v',
    '-c:v:0',
    'libx264',
    '-preset',
    'veryfast',
    '-pix_fmt',
    'yuv420p',
    '-crf',
    '18',
    '-c:v:1',
    'copy',
    at('served'),
  );
  run('-i', at('ref'), ...enc, '-crf', '23', at('out'));
  return { frames, served: at('served'), output: at('out'), reference: at('ref') };
}

/** Runs the rows; returns the lines to print. */
export async function benchRemoval(o: RemovalBenchOptions): Promise<string[]> {
  if (!o.ffmpeg) return ['Object removal: skipped (making the 1080p item needs a native ffmpeg on PATH).'];
  const seconds = o.quick ? 2 : 10;
  o.log(`removal: making a ${seconds}-s 1080p item (native ffmpeg)`);
  const item = makeItem(o.ffmpeg, o.tmp, seconds);
  const lines = [
    `Object removal, ${seconds}-s 1080p item (${item.frames} frames, 1920x1080, 24 fps; served input with its mask as stream 1 + output + reference):`,
  ];
  // Peer in the same run: native ffmpeg decoding the same four streams (served 0, mask 1 as gray, output, reference).
  const nullOut = ['-f', 'null', '-'];
  const native =
    timeFfmpeg(o.ffmpeg, ['-i', item.served, '-map', '0:v:0', ...nullOut]) +
    timeFfmpeg(o.ffmpeg, ['-i', item.served, '-map', '0:v:1', '-pix_fmt', 'gray', ...nullOut]) +
    timeFfmpeg(o.ffmpeg, ['-i', item.output, ...nullOut]) +
    timeFfmpeg(o.ffmpeg, ['-i', item.reference, ...nullOut]);
  o.log('removal: starting headless Chromium');
  const session = await openEngineSession({ inputs: {}, log: o.log });
  try {
    const page = session.page;
    await page.goto(new URL('/#/vidaio/removal', session.inputUrl('x')).href);
    await page.locator('pf-vidaio-removal-page h2').waitFor({ timeout: 60_000 });
    await page.locator('pf-file-drop[data-role="served"] input[type=file]').setInputFiles(item.served);
    await page.locator('pf-file-drop[data-role="output"] input[type=file]').setInputFiles(item.output);
    await page.locator('pf-file-drop[data-role="reference"] input[type=file]').setInputFiles(item.reference);
    o.log('removal: measuring in the page');
    const t0 = performance.now();
    await page.getByTestId('check').click();
    const seen: { t: number; text: string }[] = [];
    let result: string | null = null;
    let error: string | null = null;
    const limit = (o.quick ? 10 : 40) * 60_000;
    while (performance.now() - t0 < limit) {
      const state = await page.evaluate(() => {
        const root = document.querySelector('pf-app-shell')?.shadowRoot?.querySelector('pf-vidaio-removal-page')?.shadowRoot;
        return {
          progress: root?.querySelector('pf-progress-task')?.shadowRoot?.querySelector('[role=status] span')?.textContent ?? null,
          result: root?.querySelector('[data-testid=removal-result]')?.getAttribute('data-result') ?? null,
          error: root?.querySelector('[data-testid=removal-error]')?.textContent ?? null,
        };
      });
      const t = (performance.now() - t0) / 1000;
      if (state.progress && seen.at(-1)?.text !== state.progress) seen.push({ t, text: state.progress });
      if (state.result) {
        result = state.result;
        break;
      }
      if (state.error) {
        error = state.error;
        break;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const wall = (performance.now() - t0) / 1000;
    if (error || !result) {
      lines.push(`  page (CPU engine, removal worker): FAILED after ${wall.toFixed(1)} s: ${error ?? `no result within ${limit / 60_000} min`}`);
    } else {
      const r = JSON.parse(result) as {
        seconds: number;
        measurement: { frames: number; candidate: { psnrDb: number | null }; floor: { psnrDb: number | null }; notes: string[] };
      };
      lines.push(
        `  page (CPU engine, removal worker): ${wall.toFixed(1)} s from Check to result (worker ${r.seconds.toFixed(1)} s), ${(r.measurement.frames / r.seconds).toFixed(2)} frames/s; PSNR ${r.measurement.candidate.psnrDb?.toFixed(3)} dB, floor ${r.measurement.floor.psnrDb?.toFixed(3)} dB`,
      );
      lines.push(
        `  native ffmpeg decode of the same four streams (auto threads): ${native.toFixed(1)} s (${(item.frames / native).toFixed(1)} frames/s per stream set); page / native = ${(r.seconds / native).toFixed(1)}×`,
      );
      if (r.measurement.notes.length) lines.push(`  pipeline notes: ${r.measurement.notes.join(' ')}`);
    }
    let gap = 0,
      prev = 0;
    for (const s of seen) {
      gap = Math.max(gap, s.t - prev);
      prev = s.t;
    }
    const stages = [
      ...new Set(
        seen.map(
          (s) =>
            s.text
              .replace(/:.*$/, '')
              .replace(/^Measuring$/, '')
              .trim() || s.text.replace(/:\s*\d.*$/, ''),
        ),
      ),
    ];
    lines.push(
      `  progress: first update after ${seen[0]?.t.toFixed(1) ?? '—'} s, ${seen.length} distinct updates, largest gap between updates ${gap.toFixed(1)} s; stages: ${stages.join(' → ') || 'none seen'}`,
    );
  } finally {
    await session.close();
  }
  lines.push('  (2 CPU cores shared with other sessions: noisy; rerun on an idle machine)');
  return lines;
}
