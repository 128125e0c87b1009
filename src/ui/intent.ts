/**
 * One-shot intents between pages: the overview's "score the sample" button asks the compression page to load and
 * score its bundled sample when it opens. Module state, shared by every lazily loaded page chunk.
 */
export type SampleIntent = 'compression';

let pending: SampleIntent | null = null;

/** Asks the page of `kind` to score its bundled sample when it is next shown. */
export function requestSample(kind: SampleIntent): void {
  pending = kind;
}

/** True once (and clears it) when a sample of `kind` was requested. */
export function takeSampleRequest(kind: SampleIntent): boolean {
  if (pending !== kind) return false;
  pending = null;
  return true;
}
