/**
 * The CLI's LPIPS engines from weight files on disk (torch.save zips written by src/core/lpips/test-pth.ts):
 * onnxruntime-node against the CPU twin to 1e-5, the fallback to onnxruntime-web when the native binding cannot
 * load (and none when `native` is asked for), the twin engine, and bad files named by path.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticLpipsWeights } from '../core/lpips/synthetic.ts';
import { lpipsDistance } from '../core/lpips/network.ts';
import { lpipsTestPair } from '../core/lpips/test-images.ts';
import { writeTorchZip } from '../core/lpips/test-pth.ts';
import { createCliLpipsEngine } from './lpips-native.ts';

const dir = mkdtempSync(join(tmpdir(), 'lpips-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const weights = syntheticLpipsWeights(5);
const vgg16Path = join(dir, 'vgg16-397923af.pth');
const headsPath = join(dir, 'vgg.pth');
writeFileSync(vgg16Path, writeTorchZip(new Map([...weights].filter(([k]) => k.startsWith('features.')))));
writeFileSync(headsPath, writeTorchZip(new Map([...weights].filter(([k]) => k.startsWith('lin')))));
const pairs = [lpipsTestPair(24, 20, 7), lpipsTestPair(48, 32, 8)];
const twin = pairs.map((p) => lpipsDistance(weights, p.a, p.b, p.width, p.height));

describe('createCliLpipsEngine', () => {
  it('auto runs onnxruntime-node and agrees with the twin within 1e-5', async () => {
    const e = await createCliLpipsEngine({ engine: 'auto', vgg16Path, headsPath, threads: 1 });
    expect(e.label).toMatch(/^onnxruntime-node .* cpu$/);
    expect(e.fallback).toBeNull();
    const d = await e.distances(pairs);
    d.forEach((v, i) => expect(Math.abs(v - twin[i]!)).toBeLessThanOrEqual(1e-5));
  }, 120_000);

  it('falls back to onnxruntime-web wasm, saying why, when the native binding cannot load; native alone refuses', async () => {
    const loader = async () => {
      throw new Error('libonnxruntime.so.1: cannot open shared object file');
    };
    const e = await createCliLpipsEngine({ engine: 'auto', vgg16Path, headsPath, loader });
    expect(e.fallback).toMatch(/onnxruntime-node could not be loaded: libonnxruntime\.so\.1/);
    expect(e.label).toMatch(/^onnxruntime-web .*wasm/);
    const d = await e.distances(pairs.slice(0, 1));
    expect(Math.abs(d[0]! - twin[0]!)).toBeLessThanOrEqual(1e-5);
    await expect(createCliLpipsEngine({ engine: 'native', vgg16Path, headsPath, loader })).rejects.toThrow(/^LPIPS: onnxruntime-node could not be loaded/);
  }, 120_000);

  it('twin engine, and files named in errors', async () => {
    const e = await createCliLpipsEngine({ engine: 'twin', vgg16Path, headsPath });
    expect(e.label).toBe('cpu twin');
    expect(await e.distances(pairs.slice(0, 1))).toEqual(twin.slice(0, 1));
    await expect(createCliLpipsEngine({ engine: 'twin', vgg16Path: headsPath, headsPath })).rejects.toThrow(
      `${headsPath}: vgg16 weights: this is lpips's heads file (vgg.pth), not the VGG16 trunk`,
    );
    await expect(createCliLpipsEngine({ engine: 'twin', vgg16Path, headsPath: join(dir, 'missing.pth') })).rejects.toThrow(
      /cannot read the lpips heads .*missing\.pth: ENOENT/,
    );
  }, 60_000);
});
