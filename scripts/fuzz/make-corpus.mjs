#!/usr/bin/env node
/**
 * The CLI fuzz corpus of issue 13: bad and edge-case inputs GENERATED into a directory (nothing large is stored in
 * the repository), each with the command line that feeds it to `bin/preflight.mjs` and the outcome expected: exit
 * status, and the one-line message (regex) on stderr, or the output of a correct result. Media inputs are made by
 * the native ffmpeg (testsrc2, 64x48 or 80x48, 10 frames: a few KB each), then cut, flipped or re-headed here.
 *
 *   node scripts/fuzz/make-corpus.mjs [DIR]     writes the inputs into DIR (default: a new temp dir), prints the cases
 *
 * `makeCorpus(dir)` returns the cases; scripts/fuzz/run-corpus.mjs runs them and prints the table, and
 * src/cli/fuzz.test.ts asserts every case.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(fileURLToPath(new URL('../../', import.meta.url)));

/** Deterministic byte source (mulberry32), so every run corrupts the same bytes. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ffmpeg(args) {
  execFileSync(process.env.PREFLIGHT_FFMPEG || 'ffmpeg', ['-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

const src = (size, frames = 10) => ['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=10`, '-frames:v', String(frames)];

/** Writes the media inputs; returns their paths by name. */
function makeMedia(dir) {
  const p = (name) => join(dir, name);
  ffmpeg([...src('64x48'), '-pix_fmt', 'yuv420p', p('ref.y4m')]);
  ffmpeg([...src('64x48'), '-vf', 'gblur=sigma=1', '-pix_fmt', 'yuv420p', p('dist.y4m')]);
  ffmpeg([...src('64x48', 8), '-vf', 'gblur=sigma=1', '-pix_fmt', 'yuv420p', p('dist8.y4m')]);
  ffmpeg([...src('80x48'), '-pix_fmt', 'yuv420p', p('wide.y4m')]);
  const x264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-bf', '0', '-g', '5'];
  ffmpeg([...src('64x48'), ...x264, '-pix_fmt', 'yuv420p', '-movflags', '+faststart', p('ref.mp4')]);
  ffmpeg([...src('64x48'), ...x264, '-pix_fmt', 'yuv420p', p('moov-at-end.mp4')]);
  ffmpeg([...src('64x48'), ...x264, '-pix_fmt', 'yuv420p10le', p('h264-10bit.mp4')]);
  ffmpeg([...src('64x48'), '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=none', '-pix_fmt', 'yuv420p10le', p('hevc-main10.mp4')]);
  ffmpeg([...src('64x48'), ...x264, '-pix_fmt', 'yuv422p', p('h264-422.mp4')]);
  ffmpeg([...src('64x48'), ...x264, '-pix_fmt', 'yuv444p', p('h264-444.mp4')]);
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-c:a', 'aac', p('audio-only.mp4')]);

  const refMp4 = readFileSync(p('ref.mp4'));
  writeFileSync(p('half.mp4'), refMp4.subarray(0, refMp4.length >> 1));
  const end = readFileSync(p('moov-at-end.mp4'));
  writeFileSync(p('half-no-moov.mp4'), end.subarray(0, end.length >> 1));
  // The SPS inside avcC flipped: the stream's parameters cannot be read.
  const sps = Buffer.from(refMp4);
  const at = sps.indexOf('avcC');
  for (let i = at + 4; i < at + 20; i++) sps[i] ^= 0x5a;
  writeFileSync(p('sps-flipped.mp4'), sps);
  // 400 single-bit flips anywhere (seeded).
  const flip = Buffer.from(refMp4);
  const r = rng(13);
  for (let i = 0; i < 400; i++) flip[Math.floor(r() * flip.length)] ^= 1 << Math.floor(r() * 8);
  writeFileSync(p('bit-flipped.mp4'), flip);
  // 2000 random bytes over the middle of the media data: decodes with concealment, every frame present.
  const garbage = Buffer.from(refMp4);
  for (let i = garbage.length >> 1; i < (garbage.length >> 1) + 400; i++) garbage[i] = Math.floor(r() * 256);
  writeFileSync(p('mdat-garbage.mp4'), garbage);
  // A top-level box header of garbage (the first box's type made unprintable).
  const badBox = Buffer.from(refMp4);
  badBox[36] = 0x01;
  writeFileSync(p('bad-box.mp4'), badBox);

  const y4m = readFileSync(p('ref.y4m'));
  const hdr = y4m.indexOf(10) + 1;
  const frame = 6 + (64 * 48 * 3) / 2;
  writeFileSync(p('trunc-frame5.y4m'), y4m.subarray(0, hdr + 5 * frame + 1000));
  writeFileSync(p('trunc-frameline.y4m'), y4m.subarray(0, hdr + 3 * frame + 3));
  writeFileSync(p('header-only.y4m'), y4m.subarray(0, hdr));
  const body = y4m.subarray(hdr);
  const reheader = (name, header) => writeFileSync(p(name), Buffer.concat([Buffer.from(header + '\n'), body]));
  reheader('huge-99999.y4m', 'YUV4MPEG2 W99999 H99999 F10:1 Ip A1:1 C420jpeg');
  reheader('int32-wrap.y4m', 'YUV4MPEG2 W2147483647 H2 F10:1 Ip A1:1 C420jpeg');
  reheader('hex-width.y4m', 'YUV4MPEG2 W0x40 H48 F10:1 C420jpeg');
  reheader('c422.y4m', 'YUV4MPEG2 W64 H48 F10:1 C422');
  reheader('c420p10.y4m', 'YUV4MPEG2 W64 H48 F10:1 C420p10');
  reheader('unknown-tag.y4m', 'YUV4MPEG2 W64 H48 F10:1 C420jpeg Q9');
  reheader('wrong-size.y4m', 'YUV4MPEG2 W64 H40 F10:1 C420jpeg');
  writeFileSync(p('empty.mp4'), '');
  writeFileSync(p('empty.y4m'), '');
  writeFileSync(p('text.mp4'), 'hello, this is not a video\n');
  writeFileSync(p('notes.txt'), readFileSync(join(REPO, 'README.md')));
  writeFileSync(p('not-y4m.y4m'), refMp4);
  const noise = new Uint8Array(8192);
  for (let i = 0; i < noise.length; i++) noise[i] = Math.floor(r() * 256);
  noise[4] = 0; // no ISO box type at bytes 4..8
  writeFileSync(p('random.bin'), noise);
  mkdirSync(p('a-directory.mp4'), { recursive: true });
}

/** Writes the JSON inputs. */
function makeJson(dir) {
  const p = (name) => join(dir, name);
  const w = (name, text) => writeFileSync(p(name), text);
  w('valid.json', '{"compressionRate":0.1,"vmaf":95,"vmafThreshold":89}');
  w('bom.json', '\ufeff{"compressionRate":0.1,"vmaf":95,"vmafThreshold":89}');
  w('proto.json', '{"compressionRate":0.1,"__proto__":{"vmaf":95,"vmafThreshold":89}}');
  w('constructor-key.json', '{"compressionRate":0.1,"vmaf":95,"vmafThreshold":89,"constructor":1}');
  w('deep-3000.json', '['.repeat(3000) + ']'.repeat(3000));
  w('deep-object.json', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000));
  w('bare-nan.json', '{"compressionRate":NaN,"vmaf":95,"vmafThreshold":89}');
  w('bare-infinity.json', '{"compressionRate":0.1,"vmaf":Infinity,"vmafThreshold":89}');
  w('string-nan.json', '{"compressionRate":"NaN","vmaf":95,"vmafThreshold":89}');
  w('overflow.json', '{"compressionRate":1e999,"vmaf":95,"vmafThreshold":89}');
  w('huge-vmaf.json', '{"vmaf":1e308,"ssim":0.9,"jitterMs":10}');
  w('negative-zero.json', '{"compressionRate":-0,"vmaf":95,"vmafThreshold":89}');
  w('wrong-type.json', '{"compressionRate":"abc","vmaf":95,"vmafThreshold":89}');
  w('missing-key.json', '{"compressionRate":0.1,"vmaf":95}');
  w('extra-key.json', '{"compressionRate":0.1,"vmaf":95,"vmafThreshold":89,"vmafTreshold":90}');
  w('array.json', '[0.1, 95, 89]');
  w('null.json', 'null');
  w('truncated.json', '{"compressionRate":0.1,"vmaf":9');
  w('empty.json', '');
  w('binary.json', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
  w('long-string.json', JSON.stringify({ compressionRate: 'x'.repeat(1 << 20), vmaf: 95, vmafThreshold: 89 }));
  const vec = (tol) =>
    JSON.stringify({
      pack: 'vidaio-subnet@fea3779',
      cases: [
        { id: 'wrong-on-purpose', fn: 'compression.score', inputs: { compressionRate: 0.1, vmaf: 95, vmafThreshold: 89 }, expected: { score: 123 }, tol },
      ],
    });
  w('vec-tol-x.json', vec({ rel: 'x', abs: 'x' }));
  w('vec-tol-negative.json', vec({ abs: -1 }));
  w('vec-tol-keys-x.json', vec({ keys: { score: { rel: 'x' } } }));
  w('vec-wrong.json', vec({ rel: 1e-9, abs: 0 }));
  w('vec-not-a-file.json', '{"cases": 3}');
  w('vec-fn-constructor.json', JSON.stringify({ pack: 'vidaio-subnet@fea3779', cases: [{ id: 'proto-fn', fn: 'constructor', inputs: {}, expected: {} }] }));
  w('vec-case-not-object.json', JSON.stringify({ pack: 'vidaio-subnet@fea3779', cases: [42] }));
}

/**
 * @typedef {{ id: string, what: string, args: string[], stdin?: string, code: number,
 *   stderr?: RegExp, stdout?: RegExp, timeoutMs?: number, env?: Record<string, string>, browser?: boolean }} FuzzCase
 *   `code`: expected exit status (2 = a clear error, 0/1 = a result); `stderr`/`stdout`: the expected message or
 *   output; `browser`: needs headless Chromium and a fresh dist/ (the runner may skip it).
 */

/** Generates every input into `dir` and returns the cases. @returns {FuzzCase[]} */
export function makeCorpus(dir) {
  mkdirSync(dir, { recursive: true });
  makeMedia(dir);
  makeJson(dir);
  const p = (name) => join(dir, name);
  const q = (name) => p(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const cases = [];
  const add = (c) => cases.push(c);
  const SCORE = ['score', 'vidaio-subnet@fea3779', 'compression.score', '--input'];
  const M = (ref, dist, ...more) => ['metrics', '--ref', p(ref), '--dist', p(dist), '--model', 'vmaf_v0.6.1', ...more];

  // ---- metrics: valid inputs (correct results)
  add({
    id: 'metrics-y4m-ok',
    what: 'valid y4m pair, 2 threads',
    args: M('ref.y4m', 'dist.y4m', '--threads', '2'),
    code: 0,
    stdout: /pooled over 10 frame\(s\) \(64x48\)/,
  });
  add({
    id: 'metrics-mp4-ok',
    what: 'valid mp4 pair (native ffmpeg)',
    args: M('ref.mp4', 'ref.mp4', '--threads', '0'),
    code: 0,
    stdout: /pooled over 10 frame\(s\) \(64x48\)/,
  });
  add({
    id: 'metrics-frame-counts',
    what: 'distorted has 8 frames, reference 10',
    args: M('ref.y4m', 'dist8.y4m', '--threads', '0'),
    code: 0,
    stdout: /warning: frame counts differ: reference 10, distorted 8 \(difference 2, within/,
  });
  add({
    id: 'metrics-json-file',
    what: '--json into a writable file',
    args: M('ref.y4m', 'dist.y4m', '--threads', '0', '--json', p('out.json')),
    code: 0,
    stdout: /pooled over 10 frame/,
  });
  add({
    id: 'metrics-mdat-garbage',
    what: '400 random bytes inside mdat (every frame still decodes)',
    args: M('ref.mp4', 'mdat-garbage.mp4', '--threads', '0'),
    code: 0,
    stdout: /warning: ffmpeg reported decode errors for .*mdat-garbage\.mp4 but decoded every frame/,
  });

  // ---- metrics: bad media (clear errors)
  const bad = (id, what, ref, dist, re, more = []) => add({ id, what, args: M(ref, dist, '--threads', '2', ...more), code: 2, stderr: re });
  bad(
    'y4m-trunc-dist',
    'y4m cut inside frame 5, as --dist (pool on)',
    'ref.y4m',
    'trunc-frame5.y4m',
    new RegExp(`${q('trunc-frame5.y4m')}: frame 5 is truncated: 994 of 4608 bytes \\(the file ends inside it\\)`),
  );
  bad(
    'y4m-trunc-ref',
    'y4m cut inside frame 5, as --ref (pool on)',
    'trunc-frame5.y4m',
    'dist.y4m',
    new RegExp(`${q('trunc-frame5.y4m')}: frame 5 is truncated: 994 of 4608 bytes \\(the file ends inside it\\)`),
  );
  bad(
    'y4m-trunc-frameline',
    'y4m cut inside a FRAME line',
    'ref.y4m',
    'trunc-frameline.y4m',
    /trunc-frameline\.y4m: frame 3 is truncated inside its FRAME line/,
  );
  bad('y4m-header-only', 'y4m with a header and no frame', 'ref.y4m', 'header-only.y4m', /header-only\.y4m: no frames/);
  bad('y4m-empty', 'zero-byte y4m', 'ref.y4m', 'empty.y4m', /empty\.y4m: not a video: the file is empty \(0 bytes\)/);
  bad('y4m-W99999', 'y4m header W99999 H99999', 'ref.y4m', 'huge-99999.y4m', /huge-99999\.y4m: frame size 99999x99999 is beyond what Preflight accepts/);
  bad(
    'y4m-W2147483647',
    'y4m header W2147483647 (int32 wrap)',
    'ref.y4m',
    'int32-wrap.y4m',
    /int32-wrap\.y4m: frame size 2147483647x2 is beyond what Preflight accepts/,
  );
  bad('y4m-hex-width', 'y4m header W0x40', 'ref.y4m', 'hex-width.y4m', /hex-width\.y4m: bad frame size W0x40/);
  bad('y4m-C422', 'y4m colour space C422', 'ref.y4m', 'c422.y4m', /c422\.y4m: colour space C422 is not supported/);
  bad('y4m-C420p10', 'y4m colour space C420p10', 'ref.y4m', 'c420p10.y4m', /c420p10\.y4m: colour space C420p10 is not supported/);
  bad('y4m-unknown-tag', 'y4m header tag Q9', 'ref.y4m', 'unknown-tag.y4m', /unknown-tag\.y4m: unknown header tag "Q9"/);
  bad(
    'y4m-wrong-size',
    'y4m header size not the payload size',
    'ref.y4m',
    'wrong-size.y4m',
    /wrong-size\.y4m: frame 1: expected a FRAME line at byte \d+, got ".*" \(corrupt stream, or the header's size W64 H40 is not the frames' size\)/,
  );
  bad('y4m-not-y4m', 'an MP4 named .y4m', 'ref.y4m', 'not-y4m.y4m', /not-y4m\.y4m: not a y4m stream: it does not start with "YUV4MPEG2 "/);
  bad(
    'sizes-differ',
    'reference 64x48, distorted 80x48',
    'ref.y4m',
    'wide.y4m',
    /frame sizes differ: the reference .*ref\.y4m is 64x48, the distorted .*wide\.y4m is 80x48/,
  );
  bad(
    'mp4-half',
    'MP4 cut at 50 % (moov first)',
    'ref.mp4',
    'half.mp4',
    /half\.mp4: truncated MP4: the file ends inside video frame \d+ \(\d+ of 10 frames complete, decode order\)/,
  );
  bad('mp4-half-ref', 'MP4 cut at 50 %, as --ref', 'half.mp4', 'ref.mp4', /half\.mp4: truncated MP4: the file ends inside video frame \d+/);
  bad(
    'mp4-no-moov',
    'MP4 cut at 50 % (moov last)',
    'ref.mp4',
    'half-no-moov.mp4',
    /half-no-moov\.mp4: truncated MP4: box 'mdat' at offset \d+ declares \d+ bytes but only \d+ remain/,
  );
  bad(
    'mp4-h264-10bit',
    '10-bit H.264',
    'ref.mp4',
    'h264-10bit.mp4',
    /h264-10bit\.mp4: 10-bit input is not supported: the Vidaio validator requires yuv420p \(found h264 High 10 yuv420p10le\)/,
  );
  bad(
    'mp4-hevc-main10',
    'HEVC Main10',
    'ref.mp4',
    'hevc-main10.mp4',
    /hevc-main10\.mp4: 10-bit input is not supported: the Vidaio validator requires yuv420p \(found hevc Main 10 yuv420p10le\)/,
  );
  bad('mp4-422', 'H.264 4:2:2', 'ref.mp4', 'h264-422.mp4', /h264-422\.mp4: pix_fmt yuv422p is not supported: the Vidaio validator requires yuv420p/);
  bad('mp4-444', 'H.264 4:4:4', 'ref.mp4', 'h264-444.mp4', /h264-444\.mp4: pix_fmt yuv444p is not supported: the Vidaio validator requires yuv420p/);
  bad('mp4-audio-only', 'audio-only MP4', 'ref.mp4', 'audio-only.mp4', /audio-only\.mp4: not a video: no video stream \(found audio \(aac\)/);
  bad(
    'mp4-sps-flipped',
    'MP4 with its SPS flipped',
    'ref.mp4',
    'sps-flipped.mp4',
    /sps-flipped\.mp4: (ffprobe finds no pixel format|not a recognised video|ffmpeg could not decode)/,
  );
  bad(
    'mp4-bit-flipped',
    'MP4 with 400 bit flips',
    'ref.mp4',
    'bit-flipped.mp4',
    /bit-flipped\.mp4: (not a valid MP4|truncated|ffprobe finds no pixel format|not a recognised video|ffmpeg could not decode|the video ends at frame|pix_fmt|10-bit)/,
  );
  bad('mp4-bad-box', 'MP4 with a garbage top-level box header', 'ref.mp4', 'bad-box.mp4', /bad-box\.mp4: not a valid MP4: garbage box header at offset \d+/);
  bad('mp4-empty', 'zero-byte MP4', 'ref.mp4', 'empty.mp4', /empty\.mp4: not a video: the file is empty \(0 bytes\)/);
  bad(
    'mp4-text',
    'a text file named .mp4',
    'ref.mp4',
    'text.mp4',
    /text\.mp4: not a video: the file contains plain text \(it starts with "hello, this is not a v/,
  );
  bad('txt-readme', 'README as a video (ffmpeg would read it as ANSI art)', 'ref.mp4', 'notes.txt', /notes\.txt: not a video: the file contains plain text/);
  bad('random-bytes', '8 KiB of random bytes', 'ref.mp4', 'random.bin', /random\.bin: not a recognised video \(first bytes .*\); ffprobe: /);
  bad('input-directory', 'a directory as --dist', 'ref.mp4', 'a-directory.mp4', /a-directory\.mp4: it is a directory, not a video file/);
  bad('input-missing', 'a missing --dist', 'ref.mp4', 'no-such-file.mp4', /cannot read .*no-such-file\.mp4: no such file \(ENOENT\)/);
  bad('json-into-directory', '--json into a directory', 'ref.y4m', 'dist.y4m', new RegExp(`--json ${q('a-directory.mp4')}: it is a directory`), [
    '--json',
    p('a-directory.mp4'),
  ]);
  bad('json-missing-directory', '--json into a missing directory', 'ref.y4m', 'dist.y4m', /--json .*no-dir\/out\.json: its directory .*no-dir does not exist/, [
    '--json',
    p('no-dir/out.json'),
  ]);
  add({
    id: 'ffmpeg-missing',
    what: 'PREFLIGHT_FFMPEG pointing nowhere',
    args: M('ref.mp4', 'ref.mp4', '--threads', '0'),
    env: { PREFLIGHT_FFMPEG: p('no-ffmpeg/ffmpeg') },
    code: 2,
    stderr: /ffmpeg not found \(tried ".*no-ffmpeg\/ffmpeg"\)/,
  });

  // ---- metrics: bad options
  const opt = (id, what, more, re) => add({ id, what, args: [...M('ref.y4m', 'dist.y4m'), ...more], code: 2, stderr: re });
  opt('threads-negative', '--threads -1', ['--threads', '-1'], /--threads must be an integer ≥ 0, got "-1"/);
  opt('threads-huge', '--threads 1e3', ['--threads', '1e3'], /--threads must be an integer ≥ 0, got "1e3"/);
  opt('threads-65', '--threads 65', ['--threads', '65'], /--threads must be at most 64, got 65/);
  opt('subsample-zero', '--subsample 0', ['--subsample', '0'], /--subsample must be an integer ≥ 1, got "0"/);
  opt('subsample-huge', '--subsample 99999999999999999999', ['--subsample', '99999999999999999999'], /--subsample must be an integer ≥ 1/);
  opt('frames-bad', '--frames a:b', ['--frames', 'a:b'], /--frames must be START or START:COUNT/);
  opt('frames-zero-count', '--frames 0:0', ['--frames', '0:0'], /--frames must be START or START:COUNT \(COUNT ≥ 1\)/);
  opt(
    'frames-beyond',
    '--frames 50:2 (past the end)',
    ['--frames', '50:2', '--threads', '0'],
    /no frame pair to score: reference has 10 frames, distorted 10, plan starts at distorted frame 50/,
  );
  opt('model-unknown', '--model vmaf_v9', ['--model', 'vmaf_v9'], /unknown model vmaf_v9/);
  opt('engine-unknown', '--engine gpu', ['--engine', 'gpu'], /unknown engine gpu \(known: node-cpu, cpu, webgpu\)/);
  opt('flag-unknown', '--frobnicate', ['--frobnicate'], /unknown option --frobnicate/);
  opt('flag-no-value', '--offset without a value', ['--offset'], /--offset needs a value/);
  add({ id: 'metrics-no-args', what: 'metrics without arguments', args: ['metrics'], code: 2, stderr: /usage: preflight metrics --ref FILE --dist FILE/ });
  add({ id: 'metrics-help', what: 'metrics --help', args: ['metrics', '--help'], code: 0, stdout: /usage: preflight metrics[\s\S]*--threads N/ });
  add({ id: 'pieapp-help', what: 'pieapp --help', args: ['pieapp', '--help'], code: 0, stdout: /usage: preflight pieapp --weights/ });
  add({ id: 'pieapp-no-args', what: 'pieapp without arguments', args: ['pieapp'], code: 2, stderr: /--weights, --ref and --dist are required/ });

  // ---- score
  const score = (id, what, file, code, re, out) => add({ id, what, args: [...SCORE, p(file)], code, stderr: re, stdout: out });
  score('score-valid', 'valid compression.score input', 'valid.json', 0, undefined, /"score": 0\.5460959403857554/);
  score('score-bom', 'valid input with a UTF-8 BOM', 'bom.json', 0, undefined, /"score": 0\.5460959403857554/);
  score('score-string-nan', '"NaN" as a string (the schema\'s way)', 'string-nan.json', 0, undefined, /"compressionComponent": "NaN"/);
  score('score-negative-zero', 'compressionRate -0 (upstream divides by C)', 'negative-zero.json', 1, /raises for this input: ZeroDivisionError/, /"throws"/);
  score('score-proto', '__proto__ smuggling vmaf and vmafThreshold', 'proto.json', 2, /proto\.json: invalid input: inputs\.__proto__: unknown key/);
  score('score-constructor-key', 'a "constructor" input key', 'constructor-key.json', 2, /inputs\.constructor: unknown key/);
  score('score-deep-3000', 'arrays nested 3000 deep', 'deep-3000.json', 2, /deep-3000\.json is nested deeper than 512 levels/);
  score('score-deep-object', 'objects nested 5000 deep', 'deep-object.json', 2, /deep-object\.json is nested deeper than 512 levels/);
  score('score-bare-nan', 'bare NaN literal', 'bare-nan.json', 2, /bare-nan\.json is not valid JSON: .*write NaN and Infinity as the strings/);
  score(
    'score-bare-infinity',
    'bare Infinity literal',
    'bare-infinity.json',
    2,
    /bare-infinity\.json is not valid JSON: .*write NaN and Infinity as the strings/,
  );
  score(
    'score-overflow',
    '1e999 (overflows to Infinity)',
    'overflow.json',
    2,
    /overflow\.json: the number at key "compressionRate" is too large for a 64-bit float/,
  );
  add({
    id: 'score-huge',
    what: 'VMAF 1e308 where 0-100 is the range',
    args: ['score', 'zap-seed', 'zap.quality', '--input', p('huge-vmaf.json')],
    code: 2,
    stderr: /huge-vmaf\.json: invalid input: inputs\.vmaf: expected a finite number in 0…100 \(VMAF 0-100\), got 1e\+308/,
  });
  score('score-wrong-type', 'a string where a number belongs', 'wrong-type.json', 2, /inputs\.compressionRate: expected a number.*, got "abc"/);
  score('score-missing-key', 'vmafThreshold missing', 'missing-key.json', 2, /inputs\.vmafThreshold: missing/);
  score('score-extra-key', 'a misspelt key', 'extra-key.json', 2, /inputs\.vmafTreshold: unknown key/);
  score('score-array', 'an array instead of an object', 'array.json', 2, /inputs: expected an object/);
  score('score-null', 'null', 'null.json', 2, /inputs: expected an object/);
  score('score-truncated', 'JSON cut short', 'truncated.json', 2, /truncated\.json is not valid JSON/);
  score('score-empty', 'empty file', 'empty.json', 2, /empty\.json is empty \(expected a JSON value\)/);
  score('score-binary', 'PNG bytes as JSON', 'binary.json', 2, /binary\.json is not valid JSON/);
  score('score-long-string', 'a 1 MiB string value', 'long-string.json', 2, /inputs\.compressionRate: expected a number.*, got "xxxxxxxx/);
  score('score-directory', '--input a directory', 'a-directory.mp4', 2, /cannot read .*a-directory\.mp4: it is a directory/);
  score('score-missing', '--input a missing file', 'nope.json', 2, /cannot read .*nope\.json: no such file or directory \(ENOENT\)/);
  add({
    id: 'score-stdin-proto',
    what: '__proto__ on standard input',
    args: ['score', 'vidaio-subnet@fea3779', 'compression.score'],
    stdin: '{"compressionRate":0.1,"__proto__":{"vmaf":95,"vmafThreshold":89}}',
    code: 2,
    stderr: /standard input: invalid input: inputs\.__proto__: unknown key/,
  });
  add({
    id: 'score-fn-constructor',
    what: 'function name constructor',
    args: ['score', 'vidaio-subnet@fea3779', 'constructor', '--input', p('valid.json')],
    code: 2,
    stderr: /unknown function "constructor" in vidaio-subnet@fea3779/,
  });
  add({
    id: 'score-fn-toString',
    what: 'function name toString',
    args: ['score', 'vidaio-subnet@fea3779', 'toString', '--input', p('valid.json')],
    code: 2,
    stderr: /unknown function "toString" in vidaio-subnet@fea3779/,
  });
  add({
    id: 'score-fn-proto',
    what: 'function name __proto__',
    args: ['score', 'vidaio-subnet@fea3779', '__proto__', '--input', p('valid.json')],
    code: 2,
    stderr: /unknown function "__proto__"/,
  });
  add({
    id: 'score-pack-unknown',
    what: 'unknown pack',
    args: ['score', 'no-such-pack', 'x', '--input', p('valid.json')],
    code: 2,
    stderr: /unknown pack or mechanism "no-such-pack" \(packs: /,
  });
  add({
    id: 'score-pack-constructor',
    what: 'pack named constructor',
    args: ['score', 'constructor', 'x', '--input', p('valid.json')],
    code: 2,
    stderr: /unknown pack or mechanism "constructor"/,
  });
  add({
    id: 'score-extra-arg',
    what: 'an extra positional argument',
    args: ['score', 'vidaio-subnet@fea3779', 'compression.score', 'extra', '--input', p('valid.json')],
    code: 2,
    stderr: /unexpected argument "extra"/,
  });
  add({ id: 'score-no-args', what: 'score without arguments', args: ['score'], code: 2, stderr: /usage: preflight score/ });
  add({ id: 'score-help', what: 'score --help', args: ['score', '--help'], code: 0, stdout: /usage: preflight score/ });

  // ---- vectors
  const vec = (id, what, file, code, re, out) => add({ id, what, args: ['vectors', p(file)], code, stderr: re, stdout: out });
  vec(
    'vectors-tol-x',
    'tolerance "x" on a wrong expectation',
    'vec-tol-x.json',
    2,
    /vec-tol-x\.json: cases\[0\] \(wrong-on-purpose\)\.tol\.rel: expected a finite number ≥ 0, got "x"/,
  );
  vec('vectors-tol-negative', 'tolerance abs -1', 'vec-tol-negative.json', 2, /tol\.abs: expected a finite number ≥ 0, got -1/);
  vec('vectors-tol-keys-x', 'per-key tolerance "x"', 'vec-tol-keys-x.json', 2, /tol\.keys\.score\.rel: expected a finite number ≥ 0, got "x"/);
  vec(
    'vectors-wrong',
    'a wrong expectation, valid tolerance',
    'vec-wrong.json',
    1,
    undefined,
    /FAIL vidaio-subnet@fea3779 wrong-on-purpose[\s\S]*0 passed, 1 failed/,
  );
  vec('vectors-not-a-file', '{"cases": 3}', 'vec-not-a-file.json', 2, /vec-not-a-file\.json: not a vector file/);
  vec(
    'vectors-fn-constructor',
    'a case calling "constructor"',
    'vec-fn-constructor.json',
    1,
    undefined,
    /FAIL vidaio-subnet@fea3779 proto-fn[\s\S]*unknown function constructor/,
  );
  vec('vectors-case-42', 'a case that is a number', 'vec-case-not-object.json', 2, /cases\[0\]: expected an object, got 42/);
  vec('vectors-deep', 'arrays nested 3000 deep', 'deep-3000.json', 2, /deep-3000\.json is nested deeper than 512 levels/);
  add({
    id: 'vectors-shared',
    what: 'the public vectors of zap-seed',
    args: ['vectors', join(REPO, '../shared/reference/vectors/zap-seed.json')],
    code: 0,
    stdout: /\d+ passed, 0 failed/,
  });

  // ---- packs, top level
  add({ id: 'packs-unknown', what: 'packs --pack constructor', args: ['packs', '--pack', 'constructor'], code: 2, stderr: /unknown pack "constructor"/ });
  add({ id: 'packs-json', what: 'packs --json', args: ['packs', '--json'], code: 0, stdout: /"id": "vidaio-subnet@fea3779"/ });
  add({ id: 'packs-flag', what: 'packs --frob', args: ['packs', '--frob'], code: 2, stderr: /unknown option --frob/ });
  add({ id: 'command-unknown', what: 'an unknown command', args: ['frobnicate'], code: 2, stderr: /unknown command "frobnicate"/ });
  add({ id: 'command-proto', what: 'command named __proto__', args: ['__proto__'], code: 2, stderr: /unknown command "__proto__"/ });
  add({ id: 'no-command', what: 'no arguments at all', args: [], code: 2, stderr: /commands:/ });
  add({ id: 'help-command', what: 'help metrics', args: ['help', 'metrics'], code: 0, stdout: /usage: preflight metrics/ });

  // ---- the browser engine (headless Chromium; needs an up-to-date dist/)
  add({
    id: 'engine-cpu-bit-flipped',
    what: '--engine cpu on the bit-flipped MP4',
    args: ['metrics', '--engine', 'cpu', '--ref', p('ref.mp4'), '--dist', p('bit-flipped.mp4'), '--model', 'vmaf_v0.6.1'],
    code: 2,
    stderr: /bit-flipped\.mp4: /,
    timeoutMs: 180_000,
    browser: true,
  });
  add({
    id: 'engine-cpu-half',
    what: '--engine cpu on the MP4 cut at 50 %',
    args: ['metrics', '--engine', 'cpu', '--ref', p('ref.mp4'), '--dist', p('half.mp4'), '--model', 'vmaf_v0.6.1'],
    code: 2,
    stderr: /half\.mp4: truncated MP4/,
    timeoutMs: 180_000,
    browser: true,
  });
  return cases;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ? resolve(process.argv[2]) : mkdtempSync(join(tmpdir(), 'preflight-fuzz-'));
  const cases = makeCorpus(dir);
  process.stdout.write(`${cases.length} cases, inputs in ${dir}\n`);
  for (const c of cases) process.stdout.write(`${c.id.padEnd(26)} exit ${c.code}  preflight ${c.args.map((a) => a.replace(dir + '/', '')).join(' ')}\n`);
}
