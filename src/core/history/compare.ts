/**
 * Two stored runs side by side: one row per result both have (VMAF first, then the pack's outputs, then the
 * measured metrics), with the difference B − A for numbers, and the facts that make a comparison unfair (another
 * pack, task or engine, another reference file). Pure.
 */
import type { RunRecord } from './records.ts';
import { runVmaf } from './report.ts';

export interface CompareRow {
  key: string;
  a: number | string | boolean | null;
  b: number | string | boolean | null;
  /** b − a when both are finite numbers, else null. */
  delta: number | null;
}

export interface RunComparison {
  rows: CompareRow[];
  /** Plain-language notes on what differs between the runs besides the results. */
  caveats: string[];
}

export function compareRuns(a: RunRecord, b: RunRecord): RunComparison {
  const rows: CompareRow[] = [];
  const push = (key: string, x: CompareRow['a'] | undefined, y: CompareRow['b'] | undefined) => {
    const av = x ?? null;
    const bv = y ?? null;
    rows.push({ key, a: av, b: bv, delta: typeof av === 'number' && typeof bv === 'number' && Number.isFinite(av) && Number.isFinite(bv) ? bv - av : null });
  };
  const va = runVmaf(a);
  const vb = runVmaf(b);
  if (va || vb) push('VMAF', va?.value, vb?.value);
  const scoreKeys = [...new Set([...Object.keys(a.scores), ...Object.keys(b.scores)])].filter((k) => k !== 'vmafPooled');
  for (const k of scoreKeys) push(k, a.scores[k], b.scores[k]);
  const metricKeys = [...new Set([...Object.keys(a.metrics), ...Object.keys(b.metrics)])];
  for (const k of metricKeys) push(`metric ${k}`, a.metrics[k], b.metrics[k]);
  const sizeOf = (r: RunRecord, role: string) => r.inputs.find((i) => i.role === role)?.sizeBytes;
  for (const role of [...new Set([...a.inputs, ...b.inputs].map((i) => i.role))]) push(`${role} bytes`, sizeOf(a, role), sizeOf(b, role));

  const caveats: string[] = [];
  if (a.mechanism !== b.mechanism || a.task !== b.task) caveats.push(`Different checks: ${a.mechanism} ${a.task} vs ${b.mechanism} ${b.task}.`);
  if (a.packId !== b.packId) caveats.push(`Different rule packs: ${a.packId} vs ${b.packId}; the same numbers can score differently.`);
  if (a.engine !== b.engine)
    caveats.push(`Different engines: ${a.engine} vs ${b.engine} (CPU and WebGPU agree within the tolerances stated in the project's tests).`);
  for (const role of ['original', 'reference']) {
    const ia = a.inputs.find((i) => i.role === role);
    const ib = b.inputs.find((i) => i.role === role);
    if (ia?.sha256 && ib?.sha256 && ia.sha256 !== ib.sha256)
      caveats.push(`Different ${role} files (${ia.name} vs ${ib.name}): the runs did not start from the same clip.`);
  }
  return { rows, caveats };
}
