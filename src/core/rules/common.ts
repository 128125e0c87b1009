/**
 * The parts of a rule pack's header that follow from where its rules come from, written once for every pack: the
 * `source` and the human-readable `sourceLine` spelled from it, and for a pack that reads a seed document literally,
 * its id (`<mechanism>-seed`) and its undated `inForce`. A pack spreads one of these into its object and adds what
 * is its own: title, dates, notes and functions.
 */
import type { InForce, Mechanism, PackSource } from './types.ts';

/** Repository files at one commit that a code pack transcribes. */
export type CodeRepo = Extract<PackSource, { kind: 'code' }>['repos'][number];

/** `source` of a pack transcribed from repository files, and its `sourceLine` "owner/repo path, path@commit; …". */
export function fromCode(...repos: CodeRepo[]): { source: PackSource; sourceLine: string } {
  return {
    source: { kind: 'code', repos },
    sourceLine: repos.map((r) => `${r.repo} ${r.paths.join(', ')}@${r.commit}`).join('; '),
  };
}

/**
 * The header of the pack `<mechanism>-seed` that reads seed documents literally: source and source line ("seed
 * document 001_….txt; …") from the documents, and no dates (a seed document carries none; see `RulePack.inForce`).
 */
export function seedPack<M extends Mechanism>(
  mechanism: M,
  ...documents: string[]
): { id: string; mechanism: M; source: PackSource; sourceLine: string; inForce: InForce } {
  return {
    id: `${mechanism}-seed`,
    mechanism,
    source: { kind: 'seed', documents },
    sourceLine: documents.map((d) => `seed document ${d}`).join('; '),
    inForce: { from: null },
  };
}
