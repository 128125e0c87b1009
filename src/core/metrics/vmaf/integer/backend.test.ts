/**
 * The backend choice of the integer extractors (backend.ts): chosen once, 'js' never builds the WebAssembly
 * kernel, 'auto' falls back to TypeScript where the kernel is unavailable, 'wasm' says so by name instead; and
 * IntegerVifComputer reports what it picked and gives the same scores through either backend, whatever the
 * plane length (planes longer than width·height are cut).
 */
import { describe, expect, it } from 'vitest';
import { selectBackend, type FeatureBackend } from './backend.ts';
import { IntegerVifComputer } from './vif.ts';
import { wasmSimdSupported } from '../../../wasm/load.ts';

const fake = (name: 'wasm' | 'js'): FeatureBackend<string> => ({ name, compute: () => name });

describe('selectBackend', () => {
  it("'js' takes the TypeScript backend without building the kernel", () => {
    let built = 0;
    const b = selectBackend(
      'js',
      'X',
      () => (built++, fake('wasm')),
      () => fake('js'),
    );
    expect(b.name).toBe('js');
    expect(built).toBe(0);
  });

  it("'auto' (or nothing) takes the kernel where it exists, else TypeScript", () => {
    expect(
      selectBackend(
        undefined,
        'X',
        () => fake('wasm'),
        () => fake('js'),
      ).name,
    ).toBe('wasm');
    expect(
      selectBackend(
        'auto',
        'X',
        () => null,
        () => fake('js'),
      ).name,
    ).toBe('js');
  });

  it("'wasm' without the kernel throws, naming the extractor", () => {
    expect(() =>
      selectBackend(
        'wasm',
        'IntegerFooComputer',
        () => null,
        () => fake('js'),
      ),
    ).toThrow(/IntegerFooComputer: WebAssembly SIMD is not available/);
    expect(
      selectBackend(
        'wasm',
        'X',
        () => fake('wasm'),
        () => fake('js'),
      ).name,
    ).toBe('wasm');
  });
});

describe('IntegerVifComputer backends', () => {
  it('reports the backend it runs and cuts long planes the same way on both', () => {
    const w = 48;
    const h = 40;
    const a = new Uint8Array(w * h + 64);
    const b = new Uint8Array(w * h + 64);
    for (let i = 0; i < a.length; i++) {
      a[i] = (i * 37 + (i >> 5) * 11) & 255;
      b[i] = i < w * h ? (a[i]! + ((i * 7) % 23)) & 255 : 0;
    }
    const js = new IntegerVifComputer(w, h, { backend: 'js' });
    expect(js.backend).toBe('js');
    const want = js.compute(a.subarray(0, w * h), b.subarray(0, w * h));
    expect(js.compute(a, b)).toEqual(want);
    expect(want.scores.every((s) => Number.isFinite(s) && s > 0 && s <= 1.5)).toBe(true);
    if (wasmSimdSupported()) {
      const wa = new IntegerVifComputer(w, h, { backend: 'wasm' });
      expect(wa.backend).toBe('wasm');
      expect(wa.compute(a, b)).toEqual(want);
    }
  });
});
