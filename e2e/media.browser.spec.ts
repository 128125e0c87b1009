/**
 * Browser tests of `src/media` (probe + decode) in Chromium against the Vite dev server. Expected values come from
 * native ffmpeg/ffprobe (/usr/bin/ffmpeg, run here through node:child_process on the same files): every decoded
 * frame must equal ffmpeg's `-f rawvideo -pix_fmt yuv420p` frame byte for byte (compared by SHA-256 per frame),
 * and probe fields must match ffprobe's. Clips: ../shared/reference/clips (540p H.264 with B-frames, tiny y4m) and
 * the tiny generated files in e2e/fixtures-media/ (HEVC, VP9, AV1, moov-at-end H.264, 10-bit H.264).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { test, expect } from './fixtures.ts';
import { sharedReference } from '../test-support/index.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const clips = sharedReference('clips');
const fixtures = path.resolve(here, 'fixtures-media');
const FILES: Record<string, string> = {
  'vtest_540p__ref.mp4': path.join(clips, 'vtest_540p__ref.mp4'),
  'tiny_vtest_320x240__ref.y4m': path.join(clips, 'tiny_vtest_320x240__ref.y4m'),
  'hevc_64x64.mp4': path.join(fixtures, 'hevc_64x64.mp4'),
  'vp9_64x64.webm': path.join(fixtures, 'vp9_64x64.webm'),
  'vp9_64x64.mp4': path.join(fixtures, 'vp9_64x64.mp4'),
  'av1_64x64.mp4': path.join(fixtures, 'av1_64x64.mp4'),
  'h264_64x64_moov_at_end.mp4': path.join(fixtures, 'h264_64x64_moov_at_end.mp4'),
  'h264_64x64_10bit.mp4': path.join(fixtures, 'h264_64x64_10bit.mp4'),
};

/** SHA-256 (hex) of every frame of native ffmpeg's yuv420p decode. */
function nativeFrameHashes(file: string, width: number, height: number): string[] {
  const raw = execFileSync('/usr/bin/ffmpeg', ['-nostdin', '-v', 'error', '-i', file, '-map', '0:v:0', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-'], {
    maxBuffer: 1 << 30,
  });
  const frameBytes = width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
  expect(raw.length % frameBytes).toBe(0);
  const out: string[] = [];
  for (let o = 0; o < raw.length; o += frameBytes)
    out.push(
      createHash('sha256')
        .update(raw.subarray(o, o + frameBytes))
        .digest('hex'),
    );
  return out;
}

function ffprobeStream(file: string): Record<string, string | number> {
  const json = JSON.parse(execFileSync('/usr/bin/ffprobe', ['-v', 'error', '-count_packets', '-show_streams', '-show_format', '-of', 'json', file]).toString());
  return { ...json.streams[0], format_duration: json.format.duration, format_bit_rate: json.format.bit_rate };
}

/** Serves test files at /__media__/<name> (same origin) and opens the harness. */
async function open(page: Page, extra: Record<string, Buffer> = {}): Promise<void> {
  await page.route('**/__media__/*', async (route) => {
    const name = decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop()!);
    const body = extra[name] ?? (FILES[name] ? readFileSync(FILES[name]!) : null);
    if (!body) return route.fulfill({ status: 404, body: 'missing' });
    return route.fulfill({ status: 200, body, headers: { 'content-type': 'application/octet-stream', 'cross-origin-resource-policy': 'same-origin' } });
  });
  await page.goto('./e2e/harness/index.html');
}

interface DecodeResult {
  indices: number[];
  hashes: string[];
  sizes: string[];
  ms: number;
  error: string | null;
}

/** Decodes a served file in the page (main thread) and returns per-frame SHA-256 of y+u+v. */
function decodeInPage(page: Page, name: string, opts: { start?: number; count?: number; path?: 'auto' | 'webcodecs' | 'ffmpeg' } = {}): Promise<DecodeResult> {
  return page.evaluate(
    async ({ name, opts }) => {
      const m = await import('/src/media/decode.ts');
      const blob = await (await fetch(`/__media__/${encodeURIComponent(name)}`)).blob();
      const file = new File([blob], name);
      const r: DecodeResult = { indices: [], hashes: [], sizes: [], ms: 0, error: null };
      const t0 = performance.now();
      try {
        for await (const f of m.decodeFrames(file, opts)) {
          const all = new Uint8Array(f.y.length + f.u.length + f.v.length);
          all.set(f.y);
          all.set(f.u, f.y.length);
          all.set(f.v, f.y.length + f.u.length);
          const d = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
          r.hashes.push(Array.from(d, (b) => b.toString(16).padStart(2, '0')).join(''));
          r.indices.push(f.index);
          r.sizes.push(`${f.width}x${f.height}/${f.chromaWidth}x${f.chromaHeight}`);
        }
      } catch (e) {
        r.error = `${(e as Error).name}: ${(e as Error).message}`;
      }
      r.ms = performance.now() - t0;
      return r;
    },
    { name, opts },
  );
}

test.describe('media decode', () => {
  test('vtest_540p__ref.mp4 (H.264 High, B-frames) via WebCodecs: all 30 frames equal native ffmpeg byte for byte, in display order', async ({ page }) => {
    const expected = nativeFrameHashes(FILES['vtest_540p__ref.mp4']!, 960, 540);
    expect(expected).toHaveLength(30);
    await open(page);
    await decodeInPage(page, 'vtest_540p__ref.mp4', { count: 3, path: 'webcodecs' }); // warm-up (decoder init)
    const r = await decodeInPage(page, 'vtest_540p__ref.mp4', { path: 'webcodecs' });
    expect(r.error).toBeNull();
    expect(r.indices).toEqual([...Array(30).keys()]);
    expect(r.sizes[0]).toBe('960x540/480x270');
    expect(r.hashes[0]).toBe(expected[0]);
    expect(r.hashes[29]).toBe(expected[29]);
    expect(r.hashes).toEqual(expected);
    console.log(`540p WebCodecs decode+copyTo+sha256: 30 frames in ${r.ms.toFixed(0)} ms = ${(30 / (r.ms / 1000)).toFixed(1)} fps`);
    // Decode + copy only (no hashing), 3 passes: speed and the memory high-water marks.
    const timing = await page.evaluate(async () => {
      const m = await import('/src/media/decode.ts');
      const file = new File([await (await fetch('/__media__/vtest_540p__ref.mp4')).blob()], 'vtest_540p__ref.mp4');
      let frames = 0;
      const t0 = performance.now();
      for (let pass = 0; pass < 3; pass++) for await (const f of m.decodeFrames(file)) frames += f.y.length > 0 ? 1 : 0;
      return { frames, ms: performance.now() - t0, stats: { ...m.webCodecsStats }, maxQueue: m.MAX_DECODE_QUEUE };
    });
    expect(timing.frames).toBe(90);
    expect(timing.stats.maxQueuedChunks).toBeLessThanOrEqual(timing.maxQueue);
    expect(timing.stats.maxHeldFrames).toBeGreaterThanOrEqual(1);
    expect(timing.stats.maxHeldFrames).toBeLessThanOrEqual(timing.maxQueue + 4);
    console.log(
      `540p WebCodecs decode+copyTo: ${(90 / (timing.ms / 1000)).toFixed(1)} fps; high-water: ${timing.stats.maxQueuedChunks} queued chunks, ${timing.stats.maxHeldFrames} held VideoFrames`,
    );
  });

  test('aborting stops a WebCodecs decode with the signal reason', async ({ page }) => {
    await open(page);
    const r = await page.evaluate(async () => {
      const m = await import('/src/media/decode.ts');
      const file = new File([await (await fetch('/__media__/vtest_540p__ref.mp4')).blob()], 'vtest_540p__ref.mp4');
      const ac = new AbortController();
      const seen: number[] = [];
      try {
        for await (const f of m.decodeFrames(file, { signal: ac.signal })) {
          seen.push(f.index);
          if (f.index === 4) ac.abort();
        }
        return { seen, error: 'none' };
      } catch (e) {
        return { seen, error: (e as Error).name };
      }
    });
    expect(r.error).toBe('AbortError');
    expect(r.seen.slice(0, 5)).toEqual([0, 1, 2, 3, 4]);
    expect(r.seen.length).toBeLessThan(30);
  });

  test('start/count from the middle of a B-frame GOP returns the same frames as a full decode', async ({ page }) => {
    const expected = nativeFrameHashes(FILES['vtest_540p__ref.mp4']!, 960, 540);
    await open(page);
    const r = await decodeInPage(page, 'vtest_540p__ref.mp4', { start: 13, count: 4 });
    expect(r.error).toBeNull();
    expect(r.indices).toEqual([13, 14, 15, 16]);
    expect(r.hashes).toEqual(expected.slice(13, 17));
    const tail = await decodeInPage(page, 'vtest_540p__ref.mp4', { start: 28, count: 10 });
    expect(tail.indices).toEqual([28, 29]);
    expect(tail.hashes).toEqual(expected.slice(28));
  });

  test('tiny y4m (320x240, 5 frames) streams through the y4m parser and equals native ffmpeg', async ({ page }) => {
    const expected = nativeFrameHashes(FILES['tiny_vtest_320x240__ref.y4m']!, 320, 240);
    await open(page);
    const r = await decodeInPage(page, 'tiny_vtest_320x240__ref.y4m');
    expect(r.error).toBeNull();
    expect(r.indices).toEqual([...Array(expected.length).keys()]);
    expect(r.hashes).toEqual(expected);
    const part = await decodeInPage(page, 'tiny_vtest_320x240__ref.y4m', { start: 2, count: 2 });
    expect(part.indices).toEqual([2, 3]);
    expect(part.hashes).toEqual(expected.slice(2, 4));
  });

  test('WebCodecs: VP9 and AV1 in MP4 and moov-at-end H.264 equal native ffmpeg', async ({ page }) => {
    await open(page);
    for (const name of ['vp9_64x64.mp4', 'av1_64x64.mp4', 'h264_64x64_moov_at_end.mp4']) {
      const expected = nativeFrameHashes(FILES[name]!, 64, 64);
      const r = await decodeInPage(page, name, { path: 'webcodecs' });
      expect(r.error, name).toBeNull();
      expect(r.hashes, name).toEqual(expected);
    }
  });

  test('ffmpeg.wasm path: HEVC mp4 and VP9 webm (64x64, 5 frames) equal native ffmpeg, with start/count', async ({ page }) => {
    await open(page);
    for (const name of ['hevc_64x64.mp4', 'vp9_64x64.webm']) {
      const expected = nativeFrameHashes(FILES[name]!, 64, 64);
      expect(expected).toHaveLength(5);
      const r = await decodeInPage(page, name);
      expect(r.error, name).toBeNull();
      expect(r.indices, name).toEqual([0, 1, 2, 3, 4]);
      expect(r.hashes, name).toEqual(expected);
      const part = await decodeInPage(page, name, { start: 3, count: 5 });
      expect(part.indices, name).toEqual([3, 4]);
      expect(part.hashes, name).toEqual(expected.slice(3));
    }
  });

  test('10-bit input (H.264 High 10 mp4, C420p10 y4m) is rejected with the yuv420p message', async ({ page }) => {
    // One 4x2 frame of 10-bit 4:2:0 y4m: 8 luma + 2x2 chroma samples, 2 bytes each.
    const y4m10 = Buffer.concat([Buffer.from('YUV4MPEG2 W4 H2 F10:1 Ip A1:1 C420p10\nFRAME\n'), Buffer.alloc(24, 0x02)]);
    await open(page, { 'ten.y4m': y4m10 });
    const r = await decodeInPage(page, 'h264_64x64_10bit.mp4');
    expect(r.hashes).toEqual([]);
    expect(r.error).toBe(
      'MediaError: h264_64x64_10bit.mp4: 10-bit input is not supported: the Vidaio validator requires yuv420p (found h264 High 10 yuv420p10le)',
    );
    const y = await decodeInPage(page, 'ten.y4m');
    expect(y.hashes).toEqual([]);
    expect(y.error).toMatch(/^MediaError: ten\.y4m: 10-bit input is not supported: the Vidaio validator requires yuv420p/);
    const p = await page.evaluate(async () =>
      (await import('/src/media/probe.ts')).probe(new File([await (await fetch('/__media__/ten.y4m')).blob()], 'ten.y4m')),
    );
    expect(p).toMatchObject({ container: 'y4m', pixFmt: 'yuv420p10le', bitDepth: 10, width: 4, height: 2, frameCount: 1, sar: { num: 1, den: 1 } });
  });

  test('decodes inside a dedicated module worker (WebCodecs and ffmpeg.wasm paths)', async ({ page }) => {
    await open(page);
    const expected = { mp4: nativeFrameHashes(FILES['h264_64x64_moov_at_end.mp4']!, 64, 64), webm: nativeFrameHashes(FILES['vp9_64x64.webm']!, 64, 64) };
    const got = await page.evaluate(async () => {
      const src = `self.onmessage = async (e) => { try {
        const { origin, files } = e.data;
        const m = await import(origin + '/src/media/decode.ts');
        const out = {};
        for (const [key, file] of Object.entries(files)) {
          const hashes = [];
          for await (const f of m.decodeFrames(file)) {
            const all = new Uint8Array(f.y.length + f.u.length + f.v.length);
            all.set(f.y); all.set(f.u, f.y.length); all.set(f.v, f.y.length + f.u.length);
            const d = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
            hashes.push(Array.from(d, (b) => b.toString(16).padStart(2, '0')).join(''));
          }
          out[key] = hashes;
        }
        self.postMessage(out);
      } catch (err) { self.postMessage({ error: String(err && err.stack || err) }); } };`;
      const url = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
      const w = new Worker(url, { type: 'module' });
      const load = async (n: string) => new File([await (await fetch(`/__media__/${n}`)).blob()], n);
      const files = { mp4: await load('h264_64x64_moov_at_end.mp4'), webm: await load('vp9_64x64.webm') };
      return new Promise<Record<string, string[]>>((resolve, reject) => {
        w.onmessage = (e) => {
          w.terminate();
          resolve(e.data);
        };
        w.onerror = (e) => {
          w.terminate();
          reject(new Error(e.message));
        };
        w.postMessage({ origin: location.origin, files });
      });
    });
    expect(got).toEqual(expected);
  });
});

test.describe('media probe', () => {
  test('H.264 mp4: High, yuv420p, bt709 tags, 30 frames at 10 fps, matching ffprobe', async ({ page }) => {
    const file = FILES['vtest_540p__ref.mp4']!;
    const ff = ffprobeStream(file);
    await open(page);
    const p = await page.evaluate(async () => {
      const m = await import('/src/media/probe.ts');
      const blob = await (await fetch('/__media__/vtest_540p__ref.mp4')).blob();
      return m.probe(new File([blob], 'vtest_540p__ref.mp4'));
    });
    expect(p).toMatchObject({
      container: 'mp4',
      codec: 'h264',
      codecTag: 'avc1',
      profile: 'High',
      pixFmt: 'yuv420p',
      bitDepth: 8,
      width: 960,
      height: 540,
      frameCount: 30,
      avgFrameRate: { num: 10, den: 1 },
      fps: 10,
      colorSpace: 'bt709',
      colorTransfer: 'bt709',
      colorPrimaries: 'bt709',
      colorRange: 'tv',
      source: 'mp4box',
      sizeBytes: readFileSync(file).length,
    });
    expect(p.brands).toContain('isom');
    expect([ff.profile, ff.pix_fmt, ff.color_space, ff.avg_frame_rate, Number(ff.nb_frames)]).toEqual(['High', 'yuv420p', 'bt709', '10/1', 30]);
    expect(p.durationSeconds).toBeCloseTo(Number(ff.format_duration), 3);
    expect(p.streamDurationSeconds).toBeCloseTo(Number(ff.duration), 6);
    expect(p.bitRate).toBe(Number(ff.bit_rate));
    // ffprobe's format bit_rate is size*8/duration, truncated (tolerance 1 b/s for the duration rounding).
    expect(Math.abs(p.formatBitRate! - Number(ff.format_bit_rate))).toBeLessThanOrEqual(1);
    const sar = ff.sample_aspect_ratio ? String(ff.sample_aspect_ratio).split(':').map(Number) : null;
    expect(p.sar).toEqual(sar && sar[0] ? { num: sar[0], den: sar[1] } : null);
  });

  test('y4m, HEVC, VP9 webm and 10-bit H.264 probes match ffprobe', async ({ page }) => {
    await open(page);
    const names = ['tiny_vtest_320x240__ref.y4m', 'hevc_64x64.mp4', 'vp9_64x64.webm', 'h264_64x64_10bit.mp4'];
    const probes = await page.evaluate(async (names) => {
      const m = await import('/src/media/probe.ts');
      const out = [];
      for (const n of names) out.push(await m.probe(new File([await (await fetch(`/__media__/${n}`)).blob()], n)));
      return out;
    }, names);
    for (const [i, name] of names.entries()) {
      const ff = ffprobeStream(FILES[name]!);
      const p = probes[i]!;
      const frames = Number(ff.nb_frames ?? ff.nb_read_packets);
      const [fn, fd] = String(ff.avg_frame_rate).split('/').map(Number);
      expect({ codec: p.codec, pixFmt: p.pixFmt, width: p.width, height: p.height, frameCount: p.frameCount, fps: p.avgFrameRate }, name).toEqual({
        codec: ff.codec_name,
        pixFmt: ff.pix_fmt,
        width: ff.width,
        height: ff.height,
        frameCount: frames,
        fps: { num: fn, den: fd },
      });
      if (ff.profile) expect(p.profile, name).toBe(ff.profile);
      expect(p.durationSeconds, name).toBeCloseTo(Number(ff.format_duration), 3);
    }
    expect(probes[0]).toMatchObject({ container: 'y4m', source: 'y4m', bitDepth: 8 });
    expect(probes[2]).toMatchObject({ source: 'ffprobe' });
    expect(probes[3]).toMatchObject({ profile: 'High 10', bitDepth: 10, pixFmt: 'yuv420p10le', source: 'mp4box' });
  });

  test('bad inputs: a text file renamed .mp4, an mp4 cut in half, an mp4 without its moov', async ({ page }) => {
    const mp4 = readFileSync(FILES['vtest_540p__ref.mp4']!);
    const moovAtEnd = readFileSync(FILES['h264_64x64_moov_at_end.mp4']!);
    await open(page, {
      'notes.mp4': Buffer.from('These are my notes, not a video.\nSecond line.\n'),
      'half.mp4': mp4.subarray(0, Math.floor(mp4.length / 2)),
      // moov-at-end file cut exactly before its moov box: ftyp + complete mdat, no index.
      'nomoov.mp4': moovAtEnd.subarray(0, moovAtEnd.indexOf('moov') - 4),
      'empty.mp4': Buffer.alloc(0),
    });
    const errors = await page.evaluate(async () => {
      const probeM = await import('/src/media/probe.ts');
      const decodeM = await import('/src/media/decode.ts');
      const out: Record<string, string[]> = {};
      for (const n of ['notes.mp4', 'half.mp4', 'nomoov.mp4', 'empty.mp4']) {
        const file = new File([await (await fetch(`/__media__/${n}`)).blob()], n);
        const msgs: string[] = [];
        await probeM.probe(file).then(
          () => msgs.push('no error'),
          (e: Error) => msgs.push(`${e.name}: ${e.message}`),
        );
        try {
          for await (const f of decodeM.decodeFrames(file)) void f;
          msgs.push('no error');
        } catch (e) {
          msgs.push(`${(e as Error).name}: ${(e as Error).message}`);
        }
        out[n] = msgs;
      }
      return out;
    });
    for (const m of errors['notes.mp4']!)
      expect(m).toMatch(/^MediaError: notes\.mp4: not a video: the file contains plain text \(it starts with "These are my notes/);
    for (const m of errors['half.mp4']!)
      expect(m).toMatch(/^MediaError: half\.mp4: truncated MP4: box 'mdat' at offset \d+ declares \d+ bytes but only \d+ remain/);
    for (const m of errors['nomoov.mp4']!)
      expect(m).toBe(
        "MediaError: nomoov.mp4: truncated or incomplete MP4: no 'moov' box (the index) was found; top-level boxes: ftyp, free, mdat. The file was probably cut short before its index was written",
      );
    for (const m of errors['empty.mp4']!) expect(m).toBe('MediaError: empty.mp4: not a video: the file is empty (0 bytes)');
  });
});
