/**
 * The WebAssembly SIMD kernels against their TypeScript twins: VIF (wasm/vif.ts vs vif.ts, all scales), ADM
 * (wasm/adm.ts vs the per-sample methods of adm.ts, all levels) and motion (wasm/motion.ts vs motion.ts): identical results (===) on every frame of real clips, on
 * sizes that exercise the SIMD tails and the mirrored borders, and on extreme content (saturated checkerboards
 * drive the cube sums into their 64-bit range); the embedded modules are up to date with their sources. (libvmaf
 * agreement is integer.test.ts and integer.clips.test.ts, which run on the default backend, WebAssembly.)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseY4m } from '../test-y4m.ts';
import { IntegerVifComputer } from './vif.ts';
import { IntegerAdmComputer } from './adm.ts';
import { IntegerMotionComputer } from './motion.ts';
import { wasmSimdSupported } from '../../../wasm/load.ts';
import { IN_CI, sharedReferenceUrl } from '../../../../../test-support/index.ts';
import { mulberry32 } from '../../../math/rng.ts';

const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
const REF = sharedReferenceUrl('');
const readY4m = (name: string) => parseY4m(new Uint8Array(readFileSync(new URL(`clips/${name}.y4m`, REF))));

/** Bytes 0..255 from the project's seeded PRNG. */
function bytes(seed: number) {
  const r = mulberry32(seed);
  return () => Math.floor(r() * 256);
}

function pair(w: number, h: number, kind: 'noise' | 'flat' | 'extreme' | 'ramp', seed: number): [Uint8Array, Uint8Array] {
  const r = bytes(seed);
  const a = new Uint8Array(w * h);
  const b = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) {
    const x = i % w;
    const y = Math.floor(i / w);
    if (kind === 'noise') {
      a[i] = r();
      b[i] = Math.min(255, Math.max(0, a[i]! + (r() % 41) - 20));
    } else if (kind === 'flat') {
      a[i] = 128;
      b[i] = 128 + ((x + y) % 2);
    } else if (kind === 'extreme') {
      a[i] = (x + y) % 2 ? 255 : 0;
      b[i] = (x * y) % 3 ? 255 : 0;
    } else {
      a[i] = (x * 3 + y) & 255;
      b[i] = (x * 3 + y + (r() % 7)) & 255;
    }
  }
  return [a, b];
}

// In CI (PREFLIGHT_CI=1) these run even where SIMD is missing, and fail there instead of being skipped.
describe.runIf(wasmSimdSupported() || IN_CI)('integer VIF and ADM: WebAssembly SIMD kernels === TypeScript twins', () => {
  it('the default backend is WebAssembly where SIMD is available; the TypeScript one can be asked for', () => {
    expect(new IntegerVifComputer(64, 48).backend).toBe('wasm');
    expect(new IntegerVifComputer(64, 48, { backend: 'js' }).backend).toBe('js');
    expect(new IntegerAdmComputer(64, 48).backend).toBe('wasm');
    expect(new IntegerAdmComputer(64, 48, { backend: 'js' }).backend).toBe('js');
    expect(new IntegerMotionComputer(64, 48).backend).toBe('wasm');
    expect(new IntegerMotionComputer(64, 48, { backend: 'js' }).backend).toBe('js');
  });

  it('tiny_vtest 320x240: every frame of the three distortions, with and without the egl variant', () => {
    const ref = readY4m('tiny_vtest_320x240__ref');
    for (const d of ['x264_crf38', 'down2_up_bicubic', 'ref']) {
      const dis = readY4m(`tiny_vtest_320x240__${d}`);
      const js = new IntegerVifComputer(ref.width, ref.height, { backend: 'js' });
      const wa = new IntegerVifComputer(ref.width, ref.height, { backend: 'wasm' });
      const admJs = new IntegerAdmComputer(ref.width, ref.height, { backend: 'js' });
      const admWa = new IntegerAdmComputer(ref.width, ref.height, { backend: 'wasm' });
      const moJs = new IntegerMotionComputer(ref.width, ref.height, { backend: 'js' });
      const moWa = new IntegerMotionComputer(ref.width, ref.height, { backend: 'wasm' });
      for (let i = 0; i < ref.frames.length; i++) {
        expect(moWa.push(dis.frames[i]!.y), `motion ${d} frame ${i}`).toBe(moJs.push(dis.frames[i]!.y));
        for (const egl of [true, false]) {
          const [r, t] = [ref.frames[i]!.y, dis.frames[i]!.y];
          expect(wa.compute(r, t, egl), `vif ${d} frame ${i} egl ${egl}`).toEqual(js.compute(r, t, egl));
          expect(admWa.compute(r, t, egl), `adm ${d} frame ${i} egl ${egl}`).toEqual(admJs.compute(r, t, egl));
        }
      }
    }
  });

  // Widths/heights not multiples of 4 or 8 exercise the scalar tails of every pass at every scale.
  for (const [w, h] of [
    [33, 33],
    [75, 53],
    [97, 61],
    [130, 35],
    [257, 129],
    [640, 360],
  ] as const) {
    it(`${w}x${h}: noise, flat, extreme and ramp content`, () => {
      const js = new IntegerVifComputer(w, h, { backend: 'js' });
      const wa = new IntegerVifComputer(w, h, { backend: 'wasm' });
      const admJs = new IntegerAdmComputer(w, h, { backend: 'js' });
      const admWa = new IntegerAdmComputer(w, h, { backend: 'wasm' });
      const moJs = new IntegerMotionComputer(w, h, { backend: 'js' });
      const moWa = new IntegerMotionComputer(w, h, { backend: 'wasm' });
      for (const kind of ['noise', 'flat', 'extreme', 'ramp'] as const) {
        const [a, b] = pair(w, h, kind, w * 1000 + h);
        expect(wa.compute(a, b, true), `vif ${kind}`).toEqual(js.compute(a, b, true));
        expect(wa.compute(a, a, true), `vif ${kind} vs itself`).toEqual(js.compute(a, a, true));
        for (const plane of [a, b]) expect(moWa.push(plane), `motion ${kind}`).toBe(moJs.push(plane));
        for (const [x, y, what] of [
          [a, b, 'pair'],
          [b, a, 'swapped'],
          [a, a, 'itself'],
        ] as const) {
          const want = admJs.compute(x, y, true);
          expect(admWa.compute(x, y, true), `adm ${kind} ${what}`).toEqual(want);
          expect(Number.isFinite(want.adm2), `adm ${kind} ${what} finite`).toBe(true);
        }
      }
    });
  }

  it('a computer is reusable across frames and planes may be longer than width·height', () => {
    const [a, b] = pair(80, 60, 'noise', 3);
    const wa = new IntegerVifComputer(80, 60, { backend: 'wasm' });
    const first = wa.compute(a, b);
    const longer = new Uint8Array(80 * 60 + 100);
    longer.set(a);
    wa.compute(b, a);
    expect(wa.compute(longer, b)).toEqual(first);
    const mo = new IntegerMotionComputer(80, 60, { backend: 'wasm' });
    const moJs = new IntegerMotionComputer(80, 60, { backend: 'js' });
    for (const p of [a, b, longer, a]) expect(mo.push(p)).toBe(moJs.push(p));
    mo.reset();
    moJs.reset();
    expect(mo.push(b)).toBe(0);
    expect(moJs.push(b)).toBe(0);
    const after = mo.push(a);
    expect(after).toBeGreaterThan(0);
    expect(after).toBe(moJs.push(a));
  });
});

// Needs no SIMD: the AssemblyScript compiler only reads and writes files.
it('the embedded modules (src/core/wasm/*.wasm.ts) are built from the current wasm/*.ts', () => {
  expect(() => execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
});
