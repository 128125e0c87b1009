/**
 * Loading the project's WebAssembly kernels (built from wasm/*.ts by scripts/build-wasm.mjs, embedded as base64).
 * Synchronous: the modules are a few kilobytes, below every engine's limit for synchronous compilation, so the
 * CPU twins keep their synchronous APIs. Every kernel has a TypeScript twin it falls back to where WebAssembly
 * SIMD is missing (or when PREFLIGHT_WASM=0 in Node, for comparisons).
 */

let simd: boolean | null = null;

/** A minimal module using one SIMD instruction (i32x4.splat): does this engine validate it? */
export function wasmSimdSupported(): boolean {
  if (simd !== null) return simd;
  try {
    const bytes = new Uint8Array([
      0, 97, 115, 109, 1, 0, 0, 0, // \0asm, version 1
      1, 5, 1, 96, 0, 1, 123, // type section: () -> v128
      3, 2, 1, 0, // function section: one function of type 0
      10, 8, 1, 6, 0, 65, 0, 253, 17, 11, // code: i32.const 0; i32x4.splat; end
    ]);
    simd = typeof WebAssembly === 'object' && WebAssembly.validate(bytes);
  } catch {
    simd = false;
  }
  return simd;
}

const modules = new Map<string, WebAssembly.Module>();

/** Compiles (once) and instantiates an embedded kernel; null where WebAssembly SIMD is unavailable or disabled. */
export function instantiateKernel(name: string, base64: string): WebAssembly.Instance | null {
  if (disabled() || !wasmSimdSupported()) return null;
  let m = modules.get(name);
  if (!m) {
    const bin = atob(base64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    m = new WebAssembly.Module(bytes);
    modules.set(name, m);
  }
  return new WebAssembly.Instance(m, {
    env: {
      abort: (_msg: number, _file: number, line: number, col: number) => {
        throw new Error(`${name}: WebAssembly kernel aborted at ${line}:${col}`);
      },
    },
  });
}

function disabled(): boolean {
  const g = globalThis as { process?: { env?: Record<string, string | undefined> } };
  return g.process?.env?.PREFLIGHT_WASM === '0';
}
