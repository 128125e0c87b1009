/**
 * A miner's standing under a Vidaio rule pack, computed from their own run history (chronological, oldest first):
 * the bonus/penalty multipliers over the pack's window, the accumulated score (EMA) after every run, and a what-if
 * for the next result. It only calls the pack functions (`multiplier.*`, `accumulate.*`), so a pack's rules are
 * applied exactly as the vectors pin them.
 */
import { callPackFunction } from '../rules/call.ts';
import type { RulePack } from '../rules/types.ts';

export type VidaioTask = 'upscaling' | 'compression';

/** One scored run as history stores it. Upscaling rows carry sF/sQ; compression rows score/vmaf/threshold/rate. */
export interface VidaioRow {
  sF?: number;
  sQ?: number;
  score?: number;
  vmaf?: number;
  vmafThreshold?: number;
  compressionRate?: number;
}

export interface MultiplierState {
  bonusCount: number;
  penaltyFCount: number;
  penaltyQCount?: number;
  bonus: number;
  penaltyF: number;
  penaltyQ?: number;
  total: number;
}

export interface Standing {
  packId: string;
  task: VidaioTask;
  runs: number;
  /** Multipliers over the pack's window; null when the pack has none (validator-vidaio) or the window is empty. */
  multiplier: MultiplierState | null;
  /** accumulate_score after each run (null entries where the pack keeps no EMA). */
  trajectory: { multiplier: number | null; accumulateScore: number }[];
  accumulateScore: number | null;
  /** How the pack treats history, in one sentence for the UI. */
  explanation: string;
}

const WINDOW = 10;

function multiplierRow(packId: string, task: VidaioTask, r: VidaioRow): Record<string, number> {
  if (task === 'upscaling') return { sF: r.sF ?? 0, sQ: r.sQ ?? 0 };
  if (packId === 'vidaio-seed') return { score: r.score ?? 0, vmaf: r.vmaf ?? 0, vmafThreshold: r.vmafThreshold ?? 0 };
  return { score: r.score ?? 0 };
}

function multiplierOf(pack: RulePack, task: VidaioTask, rows: readonly VidaioRow[]): MultiplierState | null {
  const name = `multiplier.${task}`;
  if (!pack.functions[name] || rows.length === 0) return null;
  const history = rows.slice(-WINDOW).map((r) => multiplierRow(pack.id, task, r));
  const m = callPackFunction(pack, name, { history }) as Partial<MultiplierState> & { updated?: boolean };
  if (m.updated === false || m.total === null || m.total === undefined) return null;
  return m as MultiplierState;
}

/** Computes the standing; `whatIf` appends one hypothetical next result (not stored). */
export function vidaioStanding(pack: RulePack, task: VidaioTask, rows: readonly VidaioRow[], whatIf?: VidaioRow): Standing {
  const all = whatIf ? [...rows, whatIf] : [...rows];
  const base = { packId: pack.id, task, runs: all.length, multiplier: multiplierOf(pack, task, all) };
  const accName = `accumulate.${task}`;
  if (pack.functions[accName]) {
    const results =
      task === 'upscaling'
        ? all.map((r) => ({ sF: r.sF ?? 0, sQ: r.sQ ?? 0 }))
        : all.map((r) => ({ score: r.score ?? 0, compressionRate: r.compressionRate ?? 1 }));
    const out = callPackFunction(pack, accName, { results, accumulateScore: 0, history: [], newMiner: true }) as {
      trajectory: { multiplier: number; accumulateScore: number }[];
    };
    const last = out.trajectory[out.trajectory.length - 1];
    return {
      ...base,
      trajectory: out.trajectory,
      accumulateScore: last ? last.accumulateScore : 0,
      explanation:
        'Each result joins a 10-result window; the multiplier from that window scales the result, and accumulate_score ← max(0, 0.75·acc + 0.25·input) (a new miner\'s first result uses ×1.0).',
    };
  }
  if (pack.functions['accumulate.ewma']) {
    let acc = 0;
    const trajectory = all.map((r) => {
      const score = task === 'upscaling' ? (r.sF ?? 0) : (r.score ?? 0);
      acc = (callPackFunction(pack, 'accumulate.ewma', { accumulateScore: acc, score: Math.max(0, score) }) as { accumulateScore: number }).accumulateScore;
      return { multiplier: null, accumulateScore: acc };
    });
    return {
      ...base,
      trajectory,
      accumulateScore: trajectory.length ? acc : 0,
      explanation: 'This codebase has no bonus/penalty multipliers: scores enter an EWMA with decay 0.75 (0.75·previous + 0.25·score).',
    };
  }
  return {
    ...base,
    trajectory: [],
    accumulateScore: null,
    explanation: 'The seed document defines multipliers over the last 10 rounds but no running score; weights are proportional to the accumulated score you enter.',
  };
}
