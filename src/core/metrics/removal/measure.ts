/**
 * The part of validator-vidaio's removal measurement that Preflight computes today (CpuRemovalBackend.measure,
 * vidaio/scoring_worker/removal_backend.py@a26469652d73086519ea1bb2565f862562e009c3; ../shared/reference/rules/
 * vidaio-v3.md §2): input checks in upstream's order, the candidate's masked PSNR and SSIM, the outside-mask change
 * and its gate, the temporal-median baseline and the unchanged served input measured the same way, the floor as
 * the pack's `best_baseline`, and the PSNR zero rule. LPIPS-VGG and the DIS warp error are not measured yet, so the
 * result says `partial` and names them; the final score needs them (v3-removal.ts `scoreRemoval`).
 *
 * Frames are decoded I420 (canonical yuv420p) of one geometry; masks are one byte per pixel, non-zero = masked
 * (`maskFromGray` applies upstream's luma > 127 to a decoded gray mask frame).
 */
import { i420ToRgb, type I420 } from './color.ts';
import { OutsideChangeAccumulator, RegionAccumulator } from './region.ts';
import { applyMedianFill, medianFillImages, type MedianFill } from './median-fill.ts';
import type { TeleaVariant } from './telea.ts';
import type { RemovalFileRole } from './api.ts';
import { REMOVAL_PSNR_MARGIN_DB, bestBaseline, outsideGate } from '../../rules/vidaio/v3-removal.ts';
import { InputError } from '../../errors.ts';

/** A bad removal input, naming the file role (`reference`, `served input`, `mask`, `candidate`, `lpips weights`) and the problem. */
export class RemovalInputError extends InputError {
  override readonly name = 'RemovalInputError';
  declare readonly file: RemovalFileRole;
  constructor(file: RemovalFileRole, problem: string) {
    super(`${file}: ${problem}`, { file });
  }
}

/** upstream `decode_mask_stream`: a pixel is masked iff its gray value is > 127. */
export function maskFromGray(gray: Uint8Array): Uint8Array {
  const m = new Uint8Array(gray.length);
  for (let i = 0; i < gray.length; i++) m[i] = gray[i]! > 127 ? 1 : 0;
  return m;
}

export interface RemovalFrames {
  width: number;
  height: number;
  reference: I420[];
  served: I420[];
  candidate: I420[];
  masks: Uint8Array[];
}

export interface RegionStats {
  psnrDb: number;
  ssim: number;
  /** Masked pixels x 3 (upstream `masked_pixels`). */
  maskedPixels: number;
}

export interface RemovalRegionMeasurement {
  /** Frames scored: min(reference, served input, mask, candidate). */
  frames: number;
  metrics: RegionStats;
  /** Best of the median fill and the unchanged input on every term measured (`best_baseline`). */
  floor: { psnrDb: number; ssim: number };
  medianFill: RegionStats & { holes: { luma: number; chroma: number } };
  unchanged: RegionStats;
  outsideChange: number;
  outsideWorstFrame: number;
  outsideGate: ReturnType<typeof outsideGate>;
  /** PSNR < floor + 1.5 dB: upstream zeroes the item with REGION_BASELINE_NOT_BEATEN. */
  psnrBelowFloorMargin: boolean;
  partial: true;
  missing: ['lpips_vgg', 'warp_error'];
}

function checkFrames(file: RemovalInputError['file'], frames: I420[], width: number, height: number): void {
  const luma = width * height,
    chroma = (width / 2) * (height / 2);
  frames.forEach((f, i) => {
    if (f.y.length !== luma || f.u.length !== chroma || f.v.length !== chroma) {
      throw new RemovalInputError(
        file,
        `frame ${i} has planes of ${f.y.length}/${f.u.length}/${f.v.length} bytes, expected ${luma}/${chroma}/${chroma} for ${width}x${height} yuv420p`,
      );
    }
  });
}

function region(frames: I420[], refRgb: Uint8Array[], masks: Uint8Array[], width: number, height: number, toRgb: (f: I420) => Uint8Array): RegionStats {
  const acc = new RegionAccumulator();
  for (let i = 0; i < masks.length; i++) acc.add(toRgb(frames[i]!), refRgb[i]!, masks[i]!, width, height);
  const r = acc.result();
  return { psnrDb: r.psnrDb, ssim: r.ssim, maskedPixels: r.maskedPixels };
}

/** Measure one removal item (see the file comment); throws RemovalInputError on bad input. */
export function measureRemovalRegion(x: RemovalFrames, opts: { teleaVariant?: TeleaVariant } = {}): RemovalRegionMeasurement {
  const { width, height } = x;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0 || width % 2 || height % 2) {
    throw new RemovalInputError('reference', `geometry ${width}x${height} is not a positive even size (canonical yuv420p)`);
  }
  // Validator-side inputs first, as upstream.
  checkFrames('reference', x.reference, width, height);
  checkFrames('served input', x.served, width, height);
  x.masks.forEach((m, i) => {
    if (m.length !== width * height)
      throw new RemovalInputError('mask', `frame ${i} has ${m.length} pixels, the reference has ${width}x${height} = ${width * height}`);
  });
  const nInput = Math.min(x.reference.length, x.served.length, x.masks.length);
  if (nInput === 0)
    throw new RemovalInputError(
      x.masks.length === 0 ? 'mask' : x.served.length === 0 ? 'served input' : 'reference',
      'no frames in common with the other inputs',
    );
  if (!x.masks.slice(0, nInput).some((m) => m.some((v) => v !== 0))) throw new RemovalInputError('mask', 'the mask is empty on every frame');
  checkFrames('candidate', x.candidate, width, height);
  const n = Math.min(nInput, x.candidate.length);
  if (n === 0) throw new RemovalInputError('candidate', 'has no frames');
  const masks = x.masks.slice(0, n);
  if (!masks.some((m) => m.some((v) => v !== 0))) throw new RemovalInputError('candidate', `is shorter (${n} frames) than every masked frame`);

  const toRgb = (f: I420) => i420ToRgb(f.y, f.u, f.v, width, height);
  const refRgb = x.reference.slice(0, n).map(toRgb);
  const metrics = region(x.candidate, refRgb, masks, width, height, toRgb);
  const outside = new OutsideChangeAccumulator();
  for (let i = 0; i < n; i++) outside.add(toRgb(x.candidate[i]!), toRgb(x.served[i]!), masks[i]!, width * height);
  const fill: MedianFill = medianFillImages(x.served.slice(0, n), masks, width, height, opts.teleaVariant);
  const filled = x.served.slice(0, n).map((f, i) => applyMedianFill(fill, f, masks[i]!, width));
  const median = region(filled, refRgb, masks, width, height, toRgb);
  const unchanged = region(x.served, refRgb, masks, width, height, toRgb);
  // LPIPS and warp error are not measured: NaN placeholders, dropped from the result.
  const best = bestBaseline([
    { ...median, lpipsVgg: Number.NaN, warpError: Number.NaN },
    { ...unchanged, lpipsVgg: Number.NaN, warpError: Number.NaN },
  ]);
  return {
    frames: n,
    metrics,
    floor: { psnrDb: best.psnrDb, ssim: best.ssim },
    medianFill: { ...median, holes: fill.holes },
    unchanged,
    outsideChange: outside.worst,
    outsideWorstFrame: outside.worstFrame,
    outsideGate: outsideGate(outside.worst),
    psnrBelowFloorMargin: metrics.psnrDb < best.psnrDb + REMOVAL_PSNR_MARGIN_DB,
    partial: true,
    missing: ['lpips_vgg', 'warp_error'],
  };
}
