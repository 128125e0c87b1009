/**
 * `measureRemoval` (the `MeasureRemoval` contract of api.ts) as a thin adapter over `measureRemovalRegion`
 * (measure.ts): it reads every source into arrays, then measures the candidate's masked PSNR and SSIM, the
 * temporal-median and unchanged baselines and their floor, the outside-mask change and its gate, as measure.ts does,
 * plus the per-frame series the page plots. LPIPS-VGG and the DIS warp error are not measured here: the result is
 * partial and names them in `missing`, and `score` stays null. Without a reference only the outside-mask gate is
 * measured. This file stands in for the streaming pipeline (which reads each source more than once and keeps only
 * a few frames); callers depend on api.ts alone, so the two are interchangeable.
 */
import type { FrameSource, MeasureRemoval, RemovalMeasurement, RemovalMetrics, RemovalOptions, RemovalSources } from './api.ts';
import { i420ToRgb, type I420 } from './color.ts';
import { RemovalInputError, maskFromGray, measureRemovalRegion } from './measure.ts';
import { outsideFrameChange, regionFrame } from './region.ts';
import { outsideGate } from '../../rules/vidaio/v3-removal.ts';

async function readAll(source: FrameSource, stage: 'masks' | 'metrics', options: RemovalOptions, offset: number, total: number | undefined): Promise<I420[]> {
  const out: I420[] = [];
  const it = source.open();
  for (;;) {
    if (options.signal?.aborted) throw options.signal.reason ?? new DOMException('aborted', 'AbortError');
    const r = await it.next();
    if (r.done) break;
    out.push(r.value);
    options.onProgress?.({ stage, done: offset + out.length, total });
  }
  return out;
}

const none = (maskedPixels: number): RemovalMetrics => ({ psnrDb: null, ssim: null, lpipsVgg: null, warpError: null, maskedPixels });

/** See the file comment. Throws RemovalInputError on bad input (sizes that disagree, no frames, an empty mask). */
export const measureRemoval: MeasureRemoval = async (sources: RemovalSources, engines, options: RemovalOptions = {}): Promise<RemovalMeasurement> => {
  const { width, height } = sources.served;
  const named: [string, FrameSource | undefined][] = [['mask', sources.mask], ['candidate', sources.candidate], ['reference', sources.reference]];
  for (const [role, s] of named) {
    if (s && (s.width !== width || s.height !== height)) {
      throw new RemovalInputError(role as 'mask', `is ${s.width}x${s.height}, the served input is ${width}x${height}`);
    }
  }
  const expected = sources.served.frames;
  const total = expected !== undefined ? expected * (sources.reference ? 4 : 3) : undefined;
  const grayMasks = await readAll(sources.mask, 'masks', options, 0, total);
  const masks = grayMasks.map((f) => maskFromGray(f.y));
  let done = masks.length;
  const served = await readAll(sources.served, 'metrics', options, done, total);
  done += served.length;
  const candidate = await readAll(sources.candidate, 'metrics', options, done, total);
  done += candidate.length;
  const reference = sources.reference ? await readAll(sources.reference, 'metrics', options, done, total) : null;

  const toRgb = (f: I420) => i420ToRgb(f.y, f.u, f.v, width, height);
  const missing: string[] = [];
  const notes: string[] = [
    'Measured by the array adapter (src/core/metrics/removal/pipeline.ts): every frame is held in memory.',
  ];
  if (engines.lpips) notes.push(`An LPIPS engine (${engines.lpips.label}) was offered but this pipeline does not measure LPIPS yet.`);
  missing.push(engines.lpips ? 'lpips_vgg: not measured by this pipeline' : 'lpips_vgg: no LPIPS weights (Settings)');
  missing.push('warp_error: DIS optical flow is not measured by this pipeline');

  // Per-frame outside-mask change (against the served input) over the frames every input has.
  const nOut = Math.min(served.length, masks.length, candidate.length);
  const outsideChange: number[] = [];
  let worst = 0, worstFrame = -1;
  for (let i = 0; i < nOut; i++) {
    const v = outsideFrameChange(toRgb(candidate[i]!), toRgb(served[i]!), masks[i]!, width * height);
    outsideChange.push(v ?? Number.NaN);
    if (v !== null && v > worst) { worst = v; worstFrame = i; }
  }

  if (!reference) {
    missing.unshift('psnr_db, ssim, floor: no clean reference (drop it to measure them)');
    if (nOut === 0) throw new RemovalInputError('candidate', 'has no frames in common with the served input and mask');
    let maskedFrames = 0, elements = 0;
    for (let i = 0; i < nOut; i++) {
      let k = 0;
      const m = masks[i]!;
      for (let p = 0; p < m.length; p++) if (m[p]) k++;
      if (k) { maskedFrames++; elements += 3 * k; }
    }
    const gate = outsideGate(worst);
    return {
      width, height, frames: nOut, maskedFrames,
      candidate: none(elements), medianFill: { ...none(elements), holes: { luma: 0, chroma: 0 } }, unchanged: none(elements), floor: none(elements),
      warpReference: null, lpipsFrames: [], lpipsEngine: null,
      outside: { change: worst, worstFrame, passed: gate.passed },
      score: null, psnrBelowFloorMargin: null, partial: true, missing, notes,
      perFrame: { outsideChange, candidateSquaredError: [], maskedElements: [], warpCandidate: outsideChange.map(() => Number.NaN), warpReference: outsideChange.map(() => Number.NaN) },
    };
  }

  options.onProgress?.({ stage: 'median fill', done: 0 });
  const r = measureRemovalRegion(
    { width, height, reference, served, candidate, masks },
    options.teleaVariant ? { teleaVariant: options.teleaVariant } : {},
  );
  options.onProgress?.({ stage: 'metrics', done: r.frames });
  const candidateSquaredError: number[] = [];
  const maskedElements: number[] = [];
  let maskedFrames = 0;
  for (let i = 0; i < r.frames; i++) {
    const f = regionFrame(toRgb(candidate[i]!), toRgb(reference[i]!), masks[i]!, width, height);
    candidateSquaredError.push(f ? f.squaredError : 0);
    maskedElements.push(f ? f.elements : 0);
    if (f) maskedFrames++;
  }
  const metrics = (m: { psnrDb: number; ssim: number; maskedPixels: number }): RemovalMetrics => ({ psnrDb: m.psnrDb, ssim: m.ssim, lpipsVgg: null, warpError: null, maskedPixels: m.maskedPixels });
  if (!options.challengeId) notes.push('No challenge id: the LPIPS frame offset would be 0.');
  return {
    width, height, frames: r.frames, maskedFrames,
    candidate: metrics(r.metrics),
    medianFill: { ...metrics(r.medianFill), holes: r.medianFill.holes },
    unchanged: metrics(r.unchanged),
    floor: { psnrDb: r.floor.psnrDb, ssim: r.floor.ssim, lpipsVgg: null, warpError: null, maskedPixels: r.medianFill.maskedPixels },
    warpReference: null, lpipsFrames: [], lpipsEngine: null,
    outside: { change: r.outsideChange, worstFrame: r.outsideWorstFrame, passed: r.outsideGate.passed },
    score: null,
    psnrBelowFloorMargin: r.psnrBelowFloorMargin,
    partial: true, missing, notes,
    perFrame: {
      outsideChange: outsideChange.slice(0, r.frames), candidateSquaredError, maskedElements,
      warpCandidate: candidateSquaredError.map(() => Number.NaN), warpReference: candidateSquaredError.map(() => Number.NaN),
    },
  };
};
