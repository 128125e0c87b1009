/**
 * A miner's standing under a Vidaio rule pack, computed from their own run history (chronological, oldest first):
 * the bonus/penalty multipliers over the pack's window, the accumulated score (EMA) after every run, and a what-if
 * for the next result. It only calls the pack functions (`multiplier.*`, `accumulate.*`), so a pack's rules are
 * applied exactly as the vectors pin them.
 */
import { callPackFunction, hasFunction } from '../rules/call.ts';
import type { VidaioPack } from '../rules/vidaio/functions.ts';

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

/** The multiplier over the last 10 rows: seed and fea3779 have one per task (their compression inputs differ). */
function multiplierOf(pack: VidaioPack, task: VidaioTask, rows: readonly VidaioRow[]): MultiplierState | null {
  if (rows.length === 0) return null;
  const window = rows.slice(-WINDOW);
  let m;
  if (hasFunction(pack, 'upscaling.pieappAggregate')) {
    m =
      task === 'upscaling'
        ? callPackFunction(pack, 'multiplier.upscaling', { history: window.map((r) => ({ sF: r.sF ?? 0, sQ: r.sQ ?? 0 })) })
        : callPackFunction(pack, 'multiplier.compression', { history: window.map((r) => ({ score: r.score ?? 0 })) });
  } else if (hasFunction(pack, 'multiplier.compression')) {
    m =
      task === 'upscaling'
        ? callPackFunction(pack, 'multiplier.upscaling', { history: window.map((r) => ({ sF: r.sF ?? 0, sQ: r.sQ ?? 0 })) })
        : callPackFunction(pack, 'multiplier.compression', {
            history: window.map((r) => ({ score: r.score ?? 0, vmaf: r.vmaf ?? 0, vmafThreshold: r.vmafThreshold ?? 0 })),
          });
  } else return null;
  if (m.updated === false || m.total === null) return null;
  const { updated: _u, ...state } = m;
  return state as MultiplierState;
}

/** Computes the standing; `whatIf` appends one hypothetical next result (not stored). */
export function vidaioStanding(pack: VidaioPack, task: VidaioTask, rows: readonly VidaioRow[], whatIf?: VidaioRow): Standing {
  const all = whatIf ? [...rows, whatIf] : [...rows];
  const base = { packId: pack.id, task, runs: all.length, multiplier: multiplierOf(pack, task, all) };
  if (hasFunction(pack, 'accumulate.upscaling')) {
    const out =
      task === 'upscaling'
        ? callPackFunction(pack, 'accumulate.upscaling', {
            results: all.map((r) => ({ sF: r.sF ?? 0, sQ: r.sQ ?? 0 })),
            accumulateScore: 0,
            history: [],
            newMiner: true,
          })
        : callPackFunction(pack, 'accumulate.compression', {
            results: all.map((r) => ({ score: r.score ?? 0, compressionRate: r.compressionRate ?? 1 })),
            accumulateScore: 0,
            history: [],
            newMiner: true,
          });
    const last = out.trajectory[out.trajectory.length - 1];
    return {
      ...base,
      trajectory: out.trajectory,
      accumulateScore: last ? last.accumulateScore : 0,
      explanation:
        "Each result joins a 10-result window; the multiplier from that window scales the result, and accumulate_score ← max(0, 0.75·acc + 0.25·input) (a new miner's first result uses ×1.0).",
    };
  }
  if (hasFunction(pack, 'accumulate.ewma')) {
    let acc = 0;
    const trajectory = all.map((r) => {
      const score = task === 'upscaling' ? (r.sF ?? 0) : (r.score ?? 0);
      acc = callPackFunction(pack, 'accumulate.ewma', { accumulateScore: acc, score: Math.max(0, score) }).accumulateScore;
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
    explanation:
      'The seed document defines multipliers over the last 10 rounds but no running score; weights are proportional to the accumulated score you enter.',
  };
}
