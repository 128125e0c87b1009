/**
 * The one way Preflight makes the error of a cancelled operation: a DOMException named `AbortError` (what
 * `AbortSignal.throwIfAborted` and fetch throw), so callers test `err.name === 'AbortError'` wherever it came from:
 * src/core loops, the media decoders, ORT runs, or a worker bridge that terminated its worker. Pure TS: DOMException
 * is a global in browsers, workers and Node ≥ 17.
 */

/**
 * The error for a cancelled operation: the signal's reason when that already is an AbortError (so the caller's own
 * error object comes back), else a new DOMException `"<what> was cancelled"` named AbortError.
 */
export function abortError(what = 'The operation', signal?: AbortSignal): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === 'AbortError') return reason;
  return new DOMException(`${what} was cancelled`, 'AbortError');
}

/** Throws `abortError(what, signal)` when `signal` has been aborted. */
export function throwIfAborted(signal: AbortSignal | undefined, what?: string): void {
  if (signal?.aborted) throw abortError(what, signal);
}

/** True for the error of a cancelled operation (any realm's DOMException or Error named AbortError). */
export function isAbortError(err: unknown): boolean {
  return (err as { name?: unknown } | null)?.name === 'AbortError';
}
