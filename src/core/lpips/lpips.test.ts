/**
 * LPIPS-VGG's CPU twin against the independent float64 PyTorch forward (scripts/removal/lpips_torch.py, fixture
 * src/core/lpips/fixtures/lpips-cases.json: torch 1.13, OpenCV 4.6) on crops of the shared tiny y4m clips with
 * the synthetic weights of both sides (same generator), to 1e-4 absolute (issue 12) and 1e-5 relative (measured: ≤ 3e-7); and the
 * weight files: the trunk and heads read from torch.save zips and legacy streams, and each wrong file refused with a message naming
 * the file and the tensor or the network it is.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseY4m } from '../metrics/vmaf/test-y4m.ts';
import { i420ToRgb } from '../metrics/removal/color.ts';
import { lpipsDistance, lpipsFeatures, lpipsLayerDistances } from './network.ts';
import { syntheticLpipsWeights } from './synthetic.ts';
import { writeTorchLegacy, writeTorchZip } from './test-pth.ts';
import {
  HEAD_TENSORS,
  LPIPS_PARAMETER_COUNT,
  LpipsWeightsError,
  VGG16_TENSORS,
  loadLpipsHeadsPth,
  loadVgg16Pth,
  validateLpipsWeights,
  type LpipsWeights,
} from './weights.ts';

interface Case {
  a: string;
  b: string;
  frame: number;
  box: [number, number, number, number];
  distance: number;
  layers: number[];
}
const fixture = JSON.parse(readFileSync(resolve(__dirname, 'fixtures/lpips-cases.json'), 'utf8')) as {
  seed: number;
  torch: string;
  weightProbe: Record<string, [number, number, number]>;
  cases: Case[];
};
const CLIPS = resolve(__dirname, '../../../../shared/reference/clips');

const frames = new Map<string, { rgb: Uint8Array[]; width: number }>();
function frameRgb(clip: string, frame: number): { rgb: Uint8Array; width: number } {
  let clipRgb = frames.get(clip);
  if (!clipRgb) {
    const y4m = parseY4m(new Uint8Array(readFileSync(resolve(CLIPS, clip))));
    clipRgb = { rgb: y4m.frames.map((f) => i420ToRgb(f.y, f.u, f.v, y4m.width, y4m.height)), width: y4m.width };
    frames.set(clip, clipRgb);
  }
  return { rgb: clipRgb.rgb[frame]!, width: clipRgb.width };
}
function crop(clip: string, frame: number, [x, y, w, h]: readonly number[]): Uint8Array {
  const { rgb, width } = frameRgb(clip, frame);
  const out = new Uint8Array(w! * h! * 3);
  for (let r = 0; r < h!; r++) out.set(rgb.subarray(((y! + r) * width + x!) * 3, ((y! + r) * width + x! + w!) * 3), r * w! * 3);
  return out;
}

const weights = syntheticLpipsWeights(fixture.seed);

describe('synthetic LPIPS weights', () => {
  it('are the values scripts/removal/lpips_torch.py generates (first, last, float64 sum of four tensors)', () => {
    expect(LPIPS_PARAMETER_COUNT).toBe(14_714_688 + 1_472);
    for (const [name, [first, last, sum]] of Object.entries(fixture.weightProbe)) {
      const d = weights.get(name)!.data;
      expect(d[0], name).toBe(first);
      expect(d[d.length - 1], name).toBe(last);
      let s = 0;
      for (const v of d) s += v;
      expect(Math.abs(s - sum), name).toBeLessThan(1e-9 * Math.max(1, Math.abs(sum)));
    }
  });
});

describe(`LPIPS-VGG CPU twin vs float64 PyTorch ${fixture.torch}`, () => {
  for (const c of fixture.cases) {
    it(`${c.a.replace('tiny_vtest_320x240__', '')} vs ${c.b.replace('tiny_vtest_320x240__', '')} frame ${c.frame}, ${c.box[2]}×${c.box[3]} at (${c.box[0]}, ${c.box[1]})`, () => {
      const a = crop(c.a, c.frame, c.box);
      const b = crop(c.b, c.frame, c.box);
      const [, , w, h] = c.box;
      const layers = lpipsLayerDistances(weights, lpipsFeatures(weights, a, w, h), lpipsFeatures(weights, b, w, h));
      const d = layers.reduce((s, v) => s + v, 0);
      expect(Math.abs(d - c.distance)).toBeLessThanOrEqual(1e-4);
      expect(Math.abs(d - c.distance)).toBeLessThanOrEqual(1e-5 * c.distance + 1e-9);
      layers.forEach((v, k) => expect(Math.abs(v - c.layers[k]!), `layer ${k}`).toBeLessThanOrEqual(1e-5 * c.layers[k]! + 1e-9));
      if (c.a === c.b) expect(d).toBe(0);
    });
  }

  it('lpipsDistance refuses sides under 16 and buffers of the wrong length', () => {
    expect(() => lpipsDistance(weights, new Uint8Array(15 * 40 * 3), new Uint8Array(15 * 40 * 3), 40, 15)).toThrow(/first image is 40×15; .* ≥ 16/);
    expect(() => lpipsDistance(weights, new Uint8Array(16 * 16 * 3), new Uint8Array(10), 16, 16)).toThrow(/second image holds 10 bytes/);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Weight files

const trunk = new Map([...weights].filter(([k]) => k.startsWith('features.')));
const heads = new Map([...weights].filter(([k]) => k.startsWith('lin')));
const vggFile = (m: LpipsWeights) => writeTorchZip(new Map([...m, ['classifier.6.bias', { shape: [1000], data: new Float32Array(1000) }]]));
const errorOf = (f: () => unknown): LpipsWeightsError => {
  try {
    f();
  } catch (e) {
    if (e instanceof LpipsWeightsError) return e;
    throw e;
  }
  throw new Error('no error thrown');
};
const replace = (m: LpipsWeights, name: string, shape: number[]) =>
  new Map([...m].map(([k, v]) => [k, k === name ? { shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) } : v]));

describe('LPIPS weight files', () => {
  it('reads the VGG16 trunk (ignoring the classifier) and the heads from torch.save zips, values exactly', () => {
    const t = loadVgg16Pth(vggFile(trunk));
    const h = loadLpipsHeadsPth(writeTorchZip(heads));
    expect([...t.keys()]).toEqual(VGG16_TENSORS.map((s) => s.name));
    expect([...h.keys()]).toEqual(HEAD_TENSORS.map((s) => s.name));
    // Byte comparison: vitest's deep equality takes tens of seconds on 2.4 M elements.
    const same = (x: Float32Array, y: Float32Array) =>
      Buffer.compare(Buffer.from(x.buffer, x.byteOffset, x.byteLength), Buffer.from(y.buffer, y.byteOffset, y.byteLength)) === 0;
    for (const [name, v] of t) expect(same(v.data, weights.get(name)!.data), name).toBe(true);
    for (const [name, v] of h) expect(same(v.data, weights.get(name)!.data), name).toBe(true);
    expect(validateLpipsWeights(new Map([...t, ...h])).size).toBe(31);
  });

  it("reads torch.save's legacy layout (torchvision's 2017 vgg16-397923af.pth uses it) and names a truncated one", () => {
    const withClassifier = new Map([...trunk, ['classifier.0.weight', { shape: [64, 25088], data: new Float32Array(64 * 25088).fill(NaN) }]]);
    const bytes = writeTorchLegacy(withClassifier);
    // The classifier (NaN here) is skipped, not decoded or validated.
    const t = loadVgg16Pth(bytes);
    expect(t.size).toBe(26);
    const a = t.get('features.0.weight')!.data;
    const b = weights.get('features.0.weight')!.data;
    expect(a.every((v, i) => v === b[i])).toBe(true);
    expect(loadLpipsHeadsPth(writeTorchLegacy(heads)).get('lin4.model.1.weight')!.data[511]).toBe(weights.get('lin4.model.1.weight')!.data[511]);
    expect(errorOf(() => loadVgg16Pth(bytes.subarray(0, bytes.length - 1000))).message).toMatch(/^vgg16 weights: legacy PyTorch file is truncated/);
  });

  it('names the tensor of the wrong shape', () => {
    const e = errorOf(() => loadVgg16Pth(vggFile(replace(trunk, 'features.0.weight', [64, 1, 3, 3]))));
    expect(e.message).toBe('vgg16 weights: features.0.weight has shape [64,1,3,3], expected [64,3,3,3]');
    expect(e.file).toBe('vgg16');
    expect(errorOf(() => loadLpipsHeadsPth(writeTorchZip(replace(heads, 'lin2.model.1.weight', [1, 128, 1, 1])))).message).toBe(
      'lpips heads: lin2.model.1.weight has shape [1,128,1,1], expected [1,256,1,1]',
    );
  });

  it('names a missing tensor, a non-finite value and an unexpected tensor', () => {
    const missing = new Map(trunk);
    missing.delete('features.21.bias');
    expect(errorOf(() => loadVgg16Pth(vggFile(missing))).message).toMatch(/^vgg16 weights: tensor features\.21\.bias \[512\] is missing/);
    const nan = new Map(heads);
    const bad = Float32Array.from(heads.get('lin1.model.1.weight')!.data);
    bad[7] = NaN;
    nan.set('lin1.model.1.weight', { shape: [1, 128, 1, 1], data: bad });
    expect(errorOf(() => loadLpipsHeadsPth(writeTorchZip(nan))).message).toBe('lpips heads: lin1.model.1.weight has a non-finite value (NaN) at element 7');
    const extra = new Map([...heads, ['lin0.model.1.bias', { shape: [1], data: new Float32Array(1) }]]);
    expect(errorOf(() => loadLpipsHeadsPth(writeTorchZip(extra))).message).toMatch(/^lpips heads: unexpected tensor lin0\.model\.1\.bias/);
  });

  it('says which network a wrong file is', () => {
    const pieapp = writeTorchZip(
      new Map([
        ['conv1.weight', { shape: [64, 3, 3, 3], data: new Float32Array(1728) }],
        ['fc1_score.weight', { shape: [512, 4], data: new Float32Array(2048) }],
      ]),
    );
    expect(errorOf(() => loadVgg16Pth(pieapp)).message).toBe('vgg16 weights: this is the PIE-APP checkpoint, not VGG16');
    expect(errorOf(() => loadLpipsHeadsPth(pieapp)).message).toMatch(/^lpips heads: this is the PIE-APP checkpoint/);
    expect(errorOf(() => loadVgg16Pth(writeTorchZip(heads))).message).toMatch(/^vgg16 weights: this is lpips's heads file \(vgg\.pth\), not the VGG16 trunk/);
    expect(errorOf(() => loadLpipsHeadsPth(vggFile(trunk))).message).toMatch(/^lpips heads: this is a VGG trunk checkpoint/);
    const alex = new Map(
      HEAD_TENSORS.map((s, k) => [s.name, { shape: [1, [64, 192, 384, 256, 256][k]!, 1, 1], data: new Float32Array([64, 192, 384, 256, 256][k]!) }]),
    );
    expect(errorOf(() => loadLpipsHeadsPth(writeTorchZip(alex))).message).toMatch(/AlexNet heads \(alex\.pth\), not the VGG heads/);
    const bn = new Map([...trunk, ['features.1.weight', { shape: [64], data: new Float32Array(64) }]]);
    expect(errorOf(() => loadVgg16Pth(vggFile(bn))).message).toBe('vgg16 weights: this is VGG16 with batch norm (vgg16_bn), not plain VGG16');
  });

  it('says a truncated or foreign file is damaged, naming the file', () => {
    const full = writeTorchZip(heads);
    expect(errorOf(() => loadLpipsHeadsPth(full.subarray(0, full.length - 100))).message).toMatch(/^lpips heads: the zip archive is truncated/);
    expect(errorOf(() => loadVgg16Pth(new TextEncoder().encode('<html>not found</html>'))).message).toMatch(/^vgg16 weights: not a PyTorch file/);
    expect(errorOf(() => loadVgg16Pth(new Uint8Array(0))).message).toBe('vgg16 weights: the file is empty');
  });
});
