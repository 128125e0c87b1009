/**
 * Linear-memory layout shared by the kernels: a bump allocator from the heap base that grows the memory as it
 * goes. Each kernel lays out all its buffers once, in `init`, before the caller makes typed-array views of them
 * (a later growth would detach those views), and never frees.
 */

let top: usize = 0;

/** Starts a new layout at the heap base (the stub runtime allocates nothing else). */
export function resetLayout(): void {
  top = __heap_base;
}

/** `bytes` of memory, 16-byte aligned; grows the memory when needed (traps if the engine refuses). */
export function alloc(bytes: i32): usize {
  const p = (top + 15) & ~(<usize>15);
  top = p + <usize>bytes;
  const need = <i32>((top + 65535) >> 16);
  const have = memory.size();
  if (need > have && memory.grow(need - have) < 0) unreachable();
  return p;
}

/** End of the layout (bytes used). */
export function layoutEnd(): usize {
  return top;
}
