/**
 * The part of the WebAssembly JavaScript API that src/core uses (the embedded SIMD kernels, the thread probe), for
 * the Node tsconfig only: TypeScript declares WebAssembly in its DOM and WebWorker libs, which Node code must not
 * load. Node provides all of it at run time; the page and worker configs get the full declarations from their libs.
 */
declare namespace WebAssembly {
  type Bytes = ArrayBuffer | ArrayBufferView;
  class Module {
    constructor(bytes: Bytes);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, Record<string, unknown>>);
    readonly exports: Record<string, unknown>;
  }
  class Memory {
    constructor(descriptor: { initial: number; maximum?: number; shared?: boolean });
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  function validate(bytes: Bytes): boolean;
}
