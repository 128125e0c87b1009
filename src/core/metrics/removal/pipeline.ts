/**
 * The streaming object-removal measurement (`measureRemoval`, the contract in api.ts) as validator-vidaio's
 * `CpuRemovalBackend.measure` computes it (vidaio/scoring_worker/removal_backend.py, `removal-metrics/2`, and
 * vidaio/scoring/removal.py@a26469652d73086519ea1bb2565f862562e009c3; ../shared/reference/rules/vidaio-v3.md §2):
 *
 * 1. masks (stage 'masks'): the mask stream once, each frame kept as a bit set over its own bounding box;
 * 2. median fill (stage 'median fill'): the served input once, keeping only the values of the pixels the temporal
 *    median can depend on (streamed-fill.ts), then the median images and Telea inpainting of the holes;
 * 3. metrics (stage 'metrics'): served input, candidate and reference together, frame by frame: masked PSNR and
 *    SSIM of the candidate, the median fill and the unchanged input against the reference; the outside-mask
 *    change of the candidate; the warp accumulator (`engines.warp`, by default DIS MEDIUM + remap of warp.ts; sequences candidate / median fill / reference:
 *    e_c, the floor's warp error, e_r); the LPIPS crop pairs of the sampled frames (lpips-crop.ts);
 * 4. LPIPS (stage 'lpips') through `engines.lpips` on the collected pairs.
 * Then the floor is the pack's `bestBaseline(median fill, unchanged input)` and the score the pack's `scoreRemoval`
 * when nothing is missing; otherwise the result is `partial` and `missing` says what and why.
 *
 * Frame counts as upstream: n = min(reference, served input, mask, candidate); frames past n in any stream are not
 * scored (a longer candidate's extra frames are ignored, a shorter one is scored on the frames it has, the median
 * fill is taken over the same n frames); `notes` says when the counts differ. When a count is only known at the end
 * of pass 3 (no `frames` metadata) and is smaller than the fill's, the fill is recomputed over n frames and pass 3
 * runs again (said in `notes`).
 *
 * Memory, 1080p (1920x1080) x 300 frames: a few frames in flight (4 I420 of 3.1 MB + 4 RGB of 6.2 MB + the mask,
 * about 40 MB), the masks as bit sets over their boxes (≤ 259 KB a frame, 78 MB if every mask covered the whole
 * frame; 3 MB for a 400x300 object), and the fill's stored values, 1.5 bytes per frame for each pixel masked on
 * some frame grown by 8 pixels: for an object sweeping a 600x400 area, 0.26 Mpx x 1.5 x 300 = 117 MB; at worst
 * (masks covering the whole frame) 933 MB, the served input itself. Peak for a typical item: about 200 MB.
 */
import { i420ToRgb, type I420 } from './color.ts';
import { OutsideChangeAccumulator, RegionAccumulator } from './region.ts';
import { applyMedianFill, type MedianFill } from './median-fill.ts';
import { FillStore, PackedMask } from './streamed-fill.ts';
import { lpipsCropPair, lpipsSampled } from './lpips-crop.ts';
import { createWarpAccumulator } from './warp.ts';
import { RemovalInputError, maskFromGray } from './measure.ts';
import { bestBaseline, lpipsOffset, outsideGate, REMOVAL_PSNR_MARGIN_DB, scoreRemoval } from '../../rules/vidaio/v3-removal.ts';
import type {
  FrameSource,
  LpipsPair,
  MeasureRemoval,
  RemovalEngines,
  RemovalFileRole,
  RemovalMeasurement,
  RemovalMetrics,
  RemovalOptions,
  RemovalSources,
  WarpAccumulator,
} from './api.ts';

export { RemovalInputError };

/** Sequences fed to the warp accumulator, in this order. */
const WARP_CANDIDATE = 0,
  WARP_FILL = 1,
  WARP_REFERENCE = 2;
/** Videos measured against the reference, in this order (LPIPS pairs are grouped by frame in this order). */
const CANDIDATE = 0,
  FILL = 1,
  UNCHANGED = 2;

function checkPlanes(role: RemovalFileRole, f: I420, i: number, width: number, height: number): void {
  const luma = width * height,
    chroma = luma >> 2;
  if (f.y.length !== luma || f.u.length !== chroma || f.v.length !== chroma) {
    throw new RemovalInputError(
      role,
      `frame ${i} has planes of ${f.y.length}/${f.u.length}/${f.v.length} bytes, expected ${luma}/${chroma}/${chroma} for ${width}x${height} yuv420p`,
    );
  }
}

/** A source's next frame, or null at its end. */
async function next(it: AsyncIterator<I420>): Promise<I420 | null> {
  const r = await it.next();
  return r.done ? null : r.value;
}

async function close(it: AsyncIterator<I420> | undefined): Promise<void> {
  try {
    await it?.return?.();
  } catch {
    /* a reader that fails to close has nothing left to give */
  }
}

interface Pass3 {
  n: number;
  ended: { served: boolean; candidate: boolean; reference: boolean };
  /** The candidate has a frame past the last one scored. */
  candidateLonger: boolean;
  region: [RegionAccumulator, RegionAccumulator, RegionAccumulator] | null;
  outside: OutsideChangeAccumulator;
  outsidePerFrame: number[];
  sqErr: number[];
  elements: number[];
  warp: WarpAccumulator | null;
  warpFrames: number[];
  lpips: { frames: number[]; pairs: LpipsPair[] };
}

const nullMetrics = (maskedPixels: number): RemovalMetrics => ({ psnrDb: null, ssim: null, lpipsVgg: null, warpError: null, maskedPixels });

export const measureRemoval: MeasureRemoval = async (
  sources: RemovalSources,
  engines: RemovalEngines,
  options: RemovalOptions = {},
): Promise<RemovalMeasurement> => {
  const { signal, onProgress } = options;
  const notes: string[] = [];
  const missing: string[] = [];
  const ref = sources.reference;
  const base: FrameSource = ref ?? sources.served;
  const baseRole: RemovalFileRole = ref ? 'reference' : 'served input';
  const { width, height } = base;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0 || width % 2 || height % 2) {
    throw new RemovalInputError(baseRole, `geometry ${width}x${height} is not a positive even size (canonical yuv420p)`);
  }
  // Validator-side inputs first, in upstream's order: reference, served input, mask; then the miner's candidate.
  const roles: [RemovalFileRole, FrameSource | undefined][] = [
    ['served input', sources.served],
    ['mask', sources.mask],
    ['candidate', sources.candidate],
  ];
  for (const [role, s] of roles) {
    if (s && (s.width !== width || s.height !== height)) throw new RemovalInputError(role, `is ${s.width}x${s.height}, the ${baseRole} is ${width}x${height}`);
  }
  const pixels = width * height;
  const known = [sources.served.frames, sources.mask.frames, sources.candidate.frames, ref ? ref.frames : Infinity];
  const metaN = known.every((k) => k !== undefined) ? Math.min(...(known as number[])) : undefined;

  // Pass 1: masks.
  const masks: PackedMask[] = [];
  {
    const it = sources.mask.open();
    try {
      for (let i = 0; metaN === undefined || i < metaN; i++) {
        signal?.throwIfAborted();
        const f = await next(it);
        if (!f) break;
        if (f.y.length !== pixels)
          throw new RemovalInputError('mask', `frame ${i} has ${f.y.length} pixels, the ${baseRole} has ${width}x${height} = ${pixels}`);
        masks.push(new PackedMask(maskFromGray(f.y), width, height));
        onProgress?.({ stage: 'masks', done: i + 1, total: metaN ?? sources.mask.frames });
      }
    } finally {
      await close(it);
    }
  }
  if (masks.length === 0)
    throw new RemovalInputError('mask', 'no frames: the mask stream is missing or empty (stream 1 of the served input, or a separate mask video)');

  // Pass 2: the served input's values under the fill, then the median images.
  const store = new FillStore(masks, width, height);
  {
    const it = sources.served.open();
    try {
      for (let i = 0; i < masks.length; i++) {
        signal?.throwIfAborted();
        const f = await next(it);
        if (!f) break;
        checkPlanes('served input', f, i, width, height);
        store.push(f);
        onProgress?.({ stage: 'median fill', done: i + 1, total: masks.length });
      }
    } finally {
      await close(it);
    }
  }
  if (store.frames === 0) throw new RemovalInputError('served input', 'has no frames');
  let n1 = Math.min(masks.length, store.frames);
  if (!masks.slice(0, n1).some((m) => m.count > 0)) throw new RemovalInputError('mask', 'the mask is empty on every frame');
  let fill = store.fill(n1, options.teleaVariant);

  // LPIPS frame offset.
  let offset = 0;
  if (options.referenceSha256Hex && options.challengeId !== undefined) offset = lpipsOffset(options.referenceSha256Hex, options.challengeId);
  else notes.push("LPIPS frame offset 0: the reference sha256 and the challenge id are needed for the validator's offset (removal.lpipsOffset)");

  // Pass 3: every source together.
  const pass3 = async (limit: number, fill: MedianFill): Promise<Pass3> => {
    const its = { served: sources.served.open(), candidate: sources.candidate.open(), reference: ref?.open() };
    const out: Pass3 = {
      n: 0,
      ended: { served: false, candidate: false, reference: false },
      candidateLonger: false,
      region: ref ? [new RegionAccumulator(), new RegionAccumulator(), new RegionAccumulator()] : null,
      outside: new OutsideChangeAccumulator(),
      outsidePerFrame: [],
      sqErr: [],
      elements: [],
      warp: ref ? (engines.warp ?? createWarpAccumulator)(width, height, 3) : null,
      warpFrames: [],
      lpips: { frames: [], pairs: [] },
    };
    const mask = new Uint8Array(pixels),
      prevMask = new Uint8Array(pixels);
    const rgb = { served: new Uint8Array(pixels * 3), cand: new Uint8Array(pixels * 3), ref: new Uint8Array(pixels * 3), fill: new Uint8Array(pixels * 3) };
    let maskedSeen = 0;
    let firstMasked: { frame: number; pairs: LpipsPair[] } | null = null;
    try {
      for (let i = 0; i < limit; i++) {
        signal?.throwIfAborted();
        const r = its.reference ? await next(its.reference) : null;
        if (its.reference && !r) {
          out.ended.reference = true;
          break;
        }
        const s = await next(its.served);
        if (!s) {
          out.ended.served = true;
          break;
        }
        const c = await next(its.candidate);
        if (!c) {
          out.ended.candidate = true;
          break;
        }
        if (r) checkPlanes('reference', r, i, width, height);
        checkPlanes('served input', s, i, width, height);
        checkPlanes('candidate', c, i, width, height);
        prevMask.set(mask);
        masks[i]!.unpack(mask);
        const masked = masks[i]!.count > 0;
        i420ToRgb(s.y, s.u, s.v, width, height, rgb.served);
        i420ToRgb(c.y, c.u, c.v, width, height, rgb.cand);
        const change = out.outside.add(rgb.cand, rgb.served, mask, pixels);
        out.outsidePerFrame.push(change ?? Number.NaN);
        if (r && out.region) {
          const fi = applyMedianFill(fill, s, mask, width);
          i420ToRgb(r.y, r.u, r.v, width, height, rgb.ref);
          i420ToRgb(fi.y, fi.u, fi.v, width, height, rgb.fill);
          const fc = out.region[CANDIDATE].add(rgb.cand, rgb.ref, mask, width, height);
          out.region[FILL].add(rgb.fill, rgb.ref, mask, width, height);
          out.region[UNCHANGED].add(rgb.served, rgb.ref, mask, width, height);
          out.sqErr.push(fc ? fc.squaredError : 0);
          out.elements.push(fc ? fc.elements : 0);
          if (out.warp) {
            const seqs: Uint8Array[] = [];
            seqs[WARP_CANDIDATE] = rgb.cand;
            seqs[WARP_FILL] = rgb.fill;
            seqs[WARP_REFERENCE] = rgb.ref;
            out.warp.add(r.y, mask, seqs);
            if (i > 0) {
              let overlap = false;
              for (let p = 0; p < pixels && !overlap; p++) overlap = mask[p] !== 0 && prevMask[p] !== 0;
              if (overlap) out.warpFrames.push(i);
            }
          }
          if (masked) {
            const sampled = lpipsSampled(maskedSeen, offset);
            if (sampled || !firstMasked) {
              const pairs = [rgb.cand, rgb.fill, rgb.served].map((v) => lpipsCropPair(v, rgb.ref, mask, width, height)!);
              if (sampled) {
                out.lpips.frames.push(i);
                out.lpips.pairs.push(...pairs);
              }
              if (!firstMasked) firstMasked = { frame: i, pairs };
            }
          }
        } else {
          out.sqErr.push(Number.NaN);
          out.elements.push(masks[i]!.count * 3);
        }
        if (masked) maskedSeen++;
        out.n = i + 1;
        onProgress?.({ stage: 'metrics', done: i + 1, total: limit });
      }
      if (out.n === limit) out.candidateLonger = (await next(its.candidate)) !== null;
    } finally {
      await Promise.all([close(its.served), close(its.candidate), close(its.reference)]);
    }
    if (out.lpips.frames.length === 0 && firstMasked) {
      out.lpips.frames.push(firstMasked.frame);
      out.lpips.pairs.push(...firstMasked.pairs);
    }
    return out;
  };

  let p3 = await pass3(metaN ?? n1, fill);
  const ended = p3.ended;
  if (p3.n === 0) {
    const role: RemovalFileRole = p3.ended.reference ? 'reference' : p3.ended.candidate ? 'candidate' : 'served input';
    throw new RemovalInputError(role, 'has no frames');
  }
  if (p3.n < n1) {
    const shorter = p3.ended.reference ? 'reference' : p3.ended.candidate ? 'candidate' : 'served input';
    if (!masks.slice(0, p3.n).some((m) => m.count > 0)) throw new RemovalInputError(shorter, `is shorter (${p3.n} frames) than every masked frame`);
    n1 = p3.n;
    const refill = store.fill(n1, options.teleaVariant);
    const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, k) => v === b[k]);
    if (!(same(refill.y, fill.y) && same(refill.u, fill.u) && same(refill.v, fill.v))) {
      fill = refill;
      notes.push(`the ${shorter} ends after ${n1} frames: the median fill was recomputed over those frames and the metrics pass run again`);
      p3 = await pass3(n1, fill);
    }
  }
  const n = p3.n;
  if (masks.length > n) notes.push(`mask: ${masks.length} frames; the first ${n} are scored (n = min of all inputs, as upstream)`);
  if (store.frames > n) notes.push(`served input: more than the ${n} frames scored; the extra ones are ignored`);
  if (ended.candidate)
    notes.push(
      `candidate: shorter than the input (${n} frames): upstream scores the ${n} frames it has (n = min of all inputs), but its gate pipeline fails an output whose frame count differs from the reference's (FRAME_COUNT_MISMATCH)`,
    );
  if (ended.reference) notes.push(`reference: ends after ${n} frames: upstream scores those (n = min of all inputs)`);
  if (p3.candidateLonger)
    notes.push(
      `candidate: longer than the ${n} frames scored: upstream's measurement ignores its extra frames (n = min of all inputs), but its gate pipeline fails an output whose frame count differs from the reference's (FRAME_COUNT_MISMATCH)`,
    );
  const maskedFrames = masks.slice(0, n).filter((m) => m.count > 0).length;

  // Region metrics.
  const region = p3.region?.map((a) => a.result()) ?? null;
  if (!ref) missing.push('reference: PSNR, SSIM, LPIPS, the warp error and the floor need the clean reference (--reference)');
  // Warp.
  let warp: { errors: number[]; pairs: number; perPair: number[][] } | null = null;
  if (p3.warp) warp = p3.warp.result();
  else if (ref) missing.push('warp_error: no warp engine (DIS optical flow) was given to this run');
  const perFrameWarp = (seq: number) => {
    const v = new Array<number>(n).fill(Number.NaN);
    if (warp)
      p3.warpFrames.forEach((f, k) => {
        v[f] = warp!.perPair[seq]?.[k] ?? Number.NaN;
      });
    return v;
  };
  // LPIPS.
  let lpips: number[] | null = null;
  if (ref && engines.lpips) {
    onProgress?.({ stage: 'lpips', done: 0, total: p3.lpips.pairs.length });
    const d = await engines.lpips.distances(p3.lpips.pairs, signal);
    if (d.length !== p3.lpips.pairs.length)
      throw new RangeError(`LPIPS engine ${engines.lpips.label} returned ${d.length} distances for ${p3.lpips.pairs.length} pairs`);
    onProgress?.({ stage: 'lpips', done: d.length, total: d.length });
    lpips = [CANDIDATE, FILL, UNCHANGED].map((k) => {
      let s = 0,
        c = 0;
      for (let j = k; j < d.length; j += 3) {
        s += d[j]!;
        c++;
      }
      return s / c;
    });
    for (const [k, name] of [
      [CANDIDATE, 'candidate'],
      [FILL, 'median fill'],
      [UNCHANGED, 'unchanged input'],
    ] as const) {
      if (!Number.isFinite(lpips[k]!)) throw new RangeError(`LPIPS of the ${name} is ${lpips[k]}: upstream refuses the request (422)`);
    }
  } else if (ref) missing.push('lpips_vgg: no LPIPS weights (Settings, or --lpips-vgg16 and --lpips-heads)');

  const metrics = (k: number, warpSeq: number | null): RemovalMetrics => {
    if (!region) return nullMetrics(masks.slice(0, n).reduce((a, m) => a + m.count * 3, 0));
    const r = region[k]!;
    return {
      psnrDb: r.psnrDb,
      ssim: r.ssim,
      lpipsVgg: lpips ? lpips[k]! : null,
      warpError: warp && warpSeq !== null ? warp.errors[warpSeq]! : null,
      maskedPixels: r.maskedPixels,
    };
  };
  const candidate = metrics(CANDIDATE, WARP_CANDIDATE);
  const medianFill = { ...metrics(FILL, WARP_FILL), holes: fill.holes };
  const unchanged = metrics(UNCHANGED, null);
  let floor: RemovalMetrics = nullMetrics(medianFill.maskedPixels);
  if (region) {
    const nan = (v: number | null) => v ?? Number.NaN;
    const asPack = (m: RemovalMetrics) => ({
      psnrDb: m.psnrDb!,
      ssim: m.ssim!,
      lpipsVgg: nan(m.lpipsVgg),
      warpError: nan(m.warpError),
      maskedPixels: m.maskedPixels,
    });
    const b = bestBaseline([asPack(medianFill), asPack(unchanged)]);
    floor = { psnrDb: b.psnrDb, ssim: b.ssim, lpipsVgg: lpips ? b.lpipsVgg : null, warpError: warp ? b.warpError : null, maskedPixels: b.maskedPixels };
  }
  const warpReference = warp ? warp.errors[WARP_REFERENCE]! : null;
  const gate = outsideGate(p3.outside.worst);
  let score: RemovalMeasurement['score'] = null;
  if (missing.length === 0) {
    const s = scoreRemoval(
      {
        psnrDb: candidate.psnrDb!,
        ssim: candidate.ssim!,
        lpipsVgg: candidate.lpipsVgg!,
        warpError: candidate.warpError!,
        maskedPixels: candidate.maskedPixels,
      },
      { psnrDb: floor.psnrDb!, lpipsVgg: floor.lpipsVgg! },
      warpReference!,
    );
    score = { sPsnr: s.sPsnr, sLpips: s.sLpips, final: s.final, zeroReason: s.zeroReason, warpCap: s.warpCap };
  }
  return {
    width,
    height,
    frames: n,
    maskedFrames,
    candidate,
    medianFill,
    unchanged,
    floor,
    warpReference,
    lpipsFrames: lpips ? p3.lpips.frames : [],
    lpipsEngine: lpips ? engines.lpips!.label : null,
    outside: { change: p3.outside.worst, worstFrame: p3.outside.worstFrame, passed: gate.passed },
    score,
    psnrBelowFloorMargin: region ? candidate.psnrDb! < floor.psnrDb! + REMOVAL_PSNR_MARGIN_DB : null,
    partial: missing.length > 0,
    missing,
    notes,
    perFrame: {
      outsideChange: p3.outsidePerFrame,
      candidateSquaredError: p3.sqErr,
      maskedElements: p3.elements,
      warpCandidate: perFrameWarp(WARP_CANDIDATE),
      warpReference: perFrameWarp(WARP_REFERENCE),
    },
  };
};
