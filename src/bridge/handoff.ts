/**
 * Hands a pair of files from one page to another in the same tab (no storage, nothing leaves memory): the
 * compare-candidates page opens a candidate in the full compression view this way. The receiving page takes the
 * pending pair once; a reload forgets it.
 */
export interface CompressionHandoff {
  original: File;
  compressed: File;
  packId: string;
  vmafThreshold: number;
  codec: 'av1' | 'hevc';
  mode: 'CRF' | 'VBR';
}

let pending: CompressionHandoff | null = null;

export function handOffCompression(pair: CompressionHandoff): void {
  pending = pair;
}

/** The pending pair for the compression page, once (null when none). */
export function takeCompressionHandoff(): CompressionHandoff | null {
  const p = pending;
  pending = null;
  return p;
}
