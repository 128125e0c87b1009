/**
 * What the removal-track tests (src/core/metrics/removal/*.test.ts) share: their JSON fixtures (made by the scripts
 * under scripts/removal/ with Debian's OpenCV 4.6.0 / numpy), the synthetic source of fixtures/removal-cases.json
 * (the clip it is cut from, decoded, and the panning reference that synthetic-cases.ts rebuilds from it), one case's
 * masks, served input and candidate, and the SHA-256 the fixtures store of byte and float planes. Node only; not part
 * of the app.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { i420ToRgb } from '../src/core/metrics/removal/color.ts';
import {
  candidateFrames,
  composite,
  makeMasks,
  referenceFrames,
  sourceFromY4m,
  type CandidateKind,
  type I420,
  type MaskSpec,
  type SyntheticSource,
} from '../src/core/metrics/removal/synthetic-cases.ts';
import { sharedClip } from './index.ts';

/** A JSON file of src/core/metrics/removal/fixtures/, typed by the test that reads it. */
export function removalFixture<T>(name: 'removal-cases.json' | 'removal-reference.json' | 'removal-flow.json'): T {
  return JSON.parse(readFileSync(new URL(`../src/core/metrics/removal/fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** The part of removal-cases.json every synthetic case is built from: the source crop and the mask sets by name. */
export interface SyntheticCases {
  source: SyntheticSource & { clip: string };
  masks: Record<string, MaskSpec>;
}

const cases = removalFixture<SyntheticCases>('removal-cases.json');
const source = cases.source;
const clip = sourceFromY4m(readFileSync(sharedClip(source.clip)));
const reference = referenceFrames(clip.src, clip.srcWidth, source);
const masks = (maskSet: string) => makeMasks(cases.masks[maskSet]!, source);

/** The synthetic cases of removal-cases.json, rebuilt by synthetic-cases.ts. */
export const synthetic = {
  /** Frame size and count, crop, pan and occluder colour, and the clip under ../shared/reference/clips/ it is cut from. */
  source,
  /** That clip decoded at full size (`src`, `srcWidth`). */
  clip,
  /** The panning reference frames (source.width × source.height) every case shares. */
  reference,
  /** The names of the mask sets, in fixture order. */
  maskSets: Object.keys(cases.masks),
  /** The masks of a named mask set. */
  masks,
  /** One case: the masks of a named mask set, the served input (occluder composited) and the candidate of a kind. */
  item(maskSet: string, kind: CandidateKind): { masks: Uint8Array[]; served: I420[]; candidate: I420[] } {
    const m = masks(maskSet);
    const served = composite(reference, m, source);
    return { masks: m, served, candidate: candidateFrames(kind, reference, served, m, source) };
  },
  /** A frame of the synthetic size as interleaved RGB (the removal track's I420→RGB, color.ts). */
  rgb: (f: I420): Uint8Array => i420ToRgb(f.y, f.u, f.v, source.width, source.height),
};

/** SHA-256 (hex) of the bytes of the given planes, one after the other. */
export function sha256(...parts: ArrayBufferView[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(new Uint8Array(p.buffer, p.byteOffset, p.byteLength));
  return h.digest('hex');
}
