/**
 * `preflight pieapp` end to end: a PNG pair and two frames of the tiny reference clips scored with a full-size
 * synthetic PieAPP .pth (written once by scripts/fixtures/make-pth.py into a temporary folder), the Vidaio aggregate
 * and S_Q from the vidaio-subnet@fea3779 pack, the native engine (onnxruntime-node, the default) against the WASM
 * engine on the same graph (within 1e-5 relative per frame; measured 5e-9 and 8e-9), the fallback to WASM where the native
 * binding cannot load (simulated by mocking the module), and the clear messages for bad input.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run } from './pieapp.ts';
import { encodePng } from '../media/png.ts';
import { vidaioSubnet } from '../../core/rules/vidaio/vidaio-subnet-fea3779.ts';
import { hasTool, sharedReference } from '../../../test-support/index.ts';
import { runCaptured } from '../../../test-support/cli.ts';

const SCRIPT = resolve(__dirname, '../../../scripts/fixtures/make-pth.py');
const CLIPS = sharedReference('clips');
const hasFfmpeg = hasTool('ffmpeg');
const dir = mkdtempSync(join(tmpdir(), 'pieapp-cli-'));
const p = (name: string) => join(dir, name);

function png(name: string, w: number, h: number, seed: number): string {
  const data = new Uint8Array(w * h * 3);
  for (let i = 0; i < data.length; i++) data[i] = (Math.sin(i * 0.37 + seed) * 100 + 128 + ((i * seed) % 7)) & 0xff;
  writeFileSync(p(name), encodePng({ width: w, height: h, channels: 3, data }));
  return p(name);
}

const cli = (argv: string[]) => runCaptured(() => run(argv));
const PTH = ['--weights', p('PieAPPv0.1.pth')];
const ONNX = ['--weights', p('model.onnx')];
const PNGS = ['--ref', p('ref.png'), '--dist', p('dist.png')];

beforeAll(() => {
  execFileSync('python3', [SCRIPT, 'pieapp', p('PieAPPv0.1.pth'), '--seed', '5']);
  execFileSync('python3', [SCRIPT, 'small', p('small.pth')]);
  png('ref.png', 96, 96, 1);
  png('dist.png', 96, 96, 2);
  png('wide.png', 97, 96, 2);
  png('tiny.png', 63, 80, 1);
}, 120_000); // writing the 273 MB synthetic .pth takes tens of seconds on a loaded machine
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('preflight pieapp', () => {
  it('scores a PNG pair on wasm (from .pth, then from the saved .onnx): 4 patches, aggregate |x| capped at 2, S_Q from the rule pack', async () => {
    const { code, out } = await cli([...PTH, ...PNGS, '--pack', 'vidaio-subnet@fea3779', '--engine', 'wasm', '--json', '--save-onnx', p('model.onnx')]);
    expect(code).toBe(0);
    const r = JSON.parse(out);
    // The saved ONNX model gives the same value when passed as --weights.
    const again = JSON.parse((await cli([...ONNX, ...PNGS, '--pack', 'vidaio-subnet@fea3779', '--engine', 'wasm', '--json'])).out);
    expect(again.frames[0].pieapp).toBe(r.frames[0].pieapp);
    expect(r.engine).toBe('onnx-wasm');
    expect(r.frames).toHaveLength(1);
    expect(r.frames[0].patchesTotal).toBe(4);
    expect(r.frames[0].method).toBe('exact');
    expect(Number.isFinite(r.frames[0].pieapp)).toBe(true);
    expect(r.aggregate).toBeCloseTo(Math.min(Math.abs(r.frames[0].pieapp), 2), 15);
    const sQ = (vidaioSubnet.functions['upscaling.qualityScore']!.run({ pieapp: r.aggregate }) as { sQ: number }).sQ;
    expect(r.sQ).toBe(sQ);
    expect([r.convention, r.channelOrder]).toEqual(['pyiqa-0.1.14.1', 'bgr']);
    // piq's convention (validator-vidaio packs; the default on a date since 2026-09-27) feeds RGB: another value for
    // this colour pair, a signed aggregate and S_Q = 1/(1 + max(0, p)).
    const piq = JSON.parse((await cli([...ONNX, ...PNGS, '--date', '2026-12-05', '--json'])).out);
    expect([piq.pack, piq.convention, piq.channelOrder, piq.packChoice]).toEqual(['validator-vidaio@e76b503', 'piq-0.8.0', 'rgb', 'in force since 2026-09-27']);
    expect(piq.frames[0].pieapp).not.toBe(r.frames[0].pieapp);
    expect(piq.aggregate).toBe(piq.frames[0].pieapp);
    expect(piq.sQ).toBe(1 / (1 + Math.max(0, piq.aggregate)));
  });

  it('native by default: onnxruntime-node on every core, equal to the wasm engine within 1e-5 relative (PNG pair and a video frame)', async () => {
    const { code, out } = await cli([...PTH, ...PNGS, '--json']);
    expect(code).toBe(0);
    const native = JSON.parse(out);
    expect(native.engine).toBe('onnx-native');
    expect(native.runtime).toMatch(/^onnxruntime-node 1\.30\.0 cpu, \d+ threads?$/);
    expect(native.threads).toBe(availableParallelism());
    expect(native.fallback).toBeNull();
    const wasm = JSON.parse((await cli([...PTH, ...PNGS, '--engine', 'wasm', '--json'])).out);
    expect(wasm.runtime).toMatch(/^onnxruntime-web 1\.30\.0 wasm, 1 thread$/);
    const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
    expect(Math.abs(wasm.frames[0].pieapp)).toBeGreaterThan(1e-3); // not a near-zero value where relative error means nothing
    expect(rel(native.frames[0].pieapp, wasm.frames[0].pieapp)).toBeLessThanOrEqual(1e-5);
    // One native thread gives the same value as the default thread count.
    const one = JSON.parse((await cli([...PTH, ...PNGS, '--engine', 'native', '--threads', '1', '--json'])).out);
    expect(one.threads).toBe(1);
    expect(rel(one.frames[0].pieapp, native.frames[0].pieapp)).toBeLessThanOrEqual(1e-6);
    if (hasFfmpeg) {
      const clip = (n: string) => join(CLIPS, n);
      const args = [
        ...PTH,
        '--ref',
        clip('tiny_vtest_320x240__ref.y4m'),
        '--dist',
        clip('tiny_vtest_320x240__x264_crf38.y4m'),
        '--frames',
        '0:1',
        '--patches',
        '4',
        '--json',
      ];
      const nv = JSON.parse((await cli(args)).out);
      const wv = JSON.parse((await cli([...args, '--engine', 'wasm'])).out);
      for (let i = 0; i < 1; i++) expect(rel(nv.frames[i].pieapp, wv.frames[i].pieapp), `frame ${i}`).toBeLessThanOrEqual(1e-5);
      console.log(
        `native vs wasm: PNG ${native.frames[0].pieapp} vs ${wasm.frames[0].pieapp} (rel ${rel(native.frames[0].pieapp, wasm.frames[0].pieapp).toExponential(1)}); video ${nv.frames.map((f: { pieapp: number }, i: number) => rel(f.pieapp, wv.frames[i].pieapp).toExponential(1)).join(', ')}`,
      );
    }
  }, 300_000);

  it('falls back to the wasm engine when onnxruntime-node cannot load, and says so; --engine native then fails clearly', async () => {
    vi.doMock('onnxruntime-node', () => {
      throw new Error('libonnxruntime.so.1: cannot open shared object file (simulated)');
    });
    try {
      const json = JSON.parse((await cli([...PTH, ...PNGS, '--json'])).out);
      expect(json.engine).toBe('onnx-wasm');
      expect(json.fallback).toMatch(/^onnxruntime-node could not be loaded: ./);
      const text = (await cli([...PTH, ...PNGS])).out;
      expect(text).toMatch(/^PIE-APP \(onnx-wasm, onnxruntime-web 1\.30\.0 wasm, 1 thread;/);
      expect(text).toMatch(/note: onnxruntime-node could not be loaded: .*; the wasm engine ran instead/);
      await expect(cli([...PTH, ...PNGS, '--engine', 'native'])).rejects.toThrow(/PieAPPv0\.1\.pth: onnxruntime-node could not be loaded/);
    } finally {
      vi.doUnmock('onnxruntime-node');
    }
  }, 300_000);

  it('quick estimate on the CPU twin (--engine twin --patches 2) reports a ratio-estimator interval', async () => {
    const { code, out } = await cli([...PTH, ...PNGS, '--pack', 'vidaio-subnet@fea3779', '--engine', 'twin', '--patches', '2', '--seed', '3']);
    expect(code).toBe(0);
    expect(out).toMatch(/PIE-APP \(cpu-twin/);
    expect(out).toMatch(/95% CI \[-?\d+\.\d+, -?\d+\.\d+\] from 2\/4 patches/);
    expect(out).toMatch(/S_Q \(vidaio-subnet@fea3779 upscaling\.qualityScore\): \d\.\d{6}/);
  });

  it.skipIf(!hasFfmpeg)('scores video frames 1..2 of the tiny clips with ffmpeg decoding, and reports missing frames', async () => {
    const ref = join(CLIPS, 'tiny_vtest_320x240__ref.y4m');
    const dist = join(CLIPS, 'tiny_vtest_320x240__x264_crf38.y4m');
    const { code, out } = await cli([...PTH, '--ref', ref, '--dist', dist, '--frames', '1:2', '--patches', '3', '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(out);
    expect(r.frames.map((f: { frame: number }) => f.frame)).toEqual([1, 2]);
    expect(r.frames[0].patchesTotal).toBe(7 * 10); // 240 → origins 0…162 (7), 320 → 0…243 (10)
    expect(r.frames[0].patchesUsed).toBe(3);
    await expect(cli([...PTH, '--ref', ref, '--dist', dist, '--frames', '3:4'])).rejects.toThrow(
      /has 2 frame\(s\) from frame 3 on, 4 requested.*missing frames/,
    );
    // validator-vidaio's window from --challenge: start = sha256(reference sha256 hex ‖ 0x00 ‖ id) mod (N − 3), N = 5 here.
    const refHex = createHash('sha256').update(readFileSync(ref)).digest('hex');
    const digest = createHash('sha256')
      .update(Buffer.concat([Buffer.from(refHex), Buffer.from([0]), Buffer.from('challenge-7')]))
      .digest('hex');
    const start = Number(BigInt('0x' + digest) % 2n);
    const v3 = JSON.parse(
      (await cli([...ONNX, '--ref', ref, '--dist', dist, '--pack', 'validator-vidaio@e76b503', '--challenge', 'challenge-7', '--patches', '1', '--json'])).out,
    );
    expect(v3.startFrameRule).toEqual({ referenceSha256: refHex, challengeId: 'challenge-7', frameCount: 5, startFrame: start });
    expect(v3.frames.map((f: { frame: number }) => f.frame)).toEqual([start, start + 1, start + 2, start + 3]);
    await expect(cli([...ONNX, '--ref', ref, '--dist', dist, '--pack', 'vidaio-subnet@fea3779', '--challenge', 'c'])).rejects.toThrow(/no start-frame rule/);
  });

  it('bad input: not PieAPP, truncated download, different sizes, too small, bad flags', async () => {
    await expect(cli(['--weights', p('small.pth'), ...PNGS])).rejects.toThrow(
      /small\.pth: not PieAPP weights: tensor conv1\.weight \[64, 3, 3, 3\] is missing/,
    );
    writeFileSync(p('cut.pth'), readFileSync(p('PieAPPv0.1.pth')).subarray(0, 1_000_000));
    await expect(cli(['--weights', p('cut.pth'), ...PNGS])).rejects.toThrow(/cut\.pth: the zip archive is truncated/);
    await expect(cli(['--weights', p('small.pth'), '--ref', p('ref.png'), '--dist', p('wide.png')])).rejects.toThrow(
      'reference is 96×96 but distorted is 97×96',
    );
    await expect(cli(['--weights', p('small.pth'), '--ref', p('tiny.png'), '--dist', p('tiny.png')])).rejects.toThrow(
      'images are 63×80: PieAPP needs at least 64×64',
    );
    await expect(cli(['--weights', p('small.pth'), ...PNGS, '--patches', '0'])).rejects.toThrow('--patches must be all or a positive integer');
    await expect(cli(['--weights', p('small.pth'), ...PNGS, '--engine', 'cuda'])).rejects.toThrow('--engine must be native, wasm or twin, got cuda');
    await expect(cli(['--weights', p('small.pth'), ...PNGS, '--engine', 'node'])).rejects.toThrow('--engine node is now --engine twin');
    await expect(cli(['--weights', p('small.pth'), ...PNGS, '--threads', '0'])).rejects.toThrow('--threads must be a positive integer, got 0');
    await expect(cli(['--weights', p('nope.pth'), ...PNGS])).rejects.toThrow(/cannot read weights .*nope\.pth: ENOENT/);
    await expect(cli(['--ref', p('ref.png')])).rejects.toThrow(/--weights, --ref and --dist are required/);
    await expect(cli(['--weights', p('small.pth'), ...PNGS, '--pack', 'vidaio-seed'])).rejects.toThrow(/vidaio-seed prescribes no PIE-APP computation/);
    await expect(cli(['--weights', p('small.pth'), ...PNGS, '--pack', 'nope@1'])).rejects.toThrow(/unknown pack nope@1/);
    await expect(cli(['--weights', p('small.pth'), ...PNGS, '--date', '2026-13-01'])).rejects.toThrow(/--date: .*2026-13-01/);
    writeFileSync(p('junk.onnx'), 'not a model');
    await expect(cli(['--weights', p('junk.onnx'), ...PNGS])).rejects.toThrow(/junk\.onnx: onnxruntime-node cannot load the model/);
    await expect(cli(['--weights', p('junk.onnx'), ...PNGS, '--engine', 'wasm'])).rejects.toThrow(/junk\.onnx: onnxruntime-web cannot load the model/);
    await expect(cli(['--weights', p('junk.onnx'), ...PNGS, '--engine', 'twin'])).rejects.toThrow(
      /--engine twin runs the CPU twin, which needs the \.pth weights/,
    );
  });
});
