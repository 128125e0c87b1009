/**
 * The contract of the object-removal measurement (../shared/reference/rules/vidaio-v3.md §2): what the core
 * pipeline (`measureRemoval` in pipeline.ts) reads, which engines it is given, and what it returns to its callers
 * (the CLI's `preflight removal`, the removal worker and page). Types only, so every layer can import it.
 *
 * Frames are canonical I420 (yuv420p 8-bit) of one geometry. Sources are re-openable streams, not arrays: a
 * 10-second 1080p item is 300 frames of 3 MiB per stream, and the temporal-median floor needs one pass over the
 * served input and masks before the metrics pass, so the pipeline reads each source more than once instead of
 * holding every frame.
 */
import type { I420 } from './color.ts';
import type { TeleaVariant } from './telea.ts';
import type { RemovalZeroReason } from '../../rules/vidaio/v3-removal.ts';

/** Which file an input problem belongs to. */
export type RemovalFileRole = 'reference' | 'served input' | 'mask' | 'candidate' | 'lpips weights';

/** A decoded frame stream that can be read from its start as many times as needed. */
export interface FrameSource {
  readonly width: number;
  readonly height: number;
  /** Frame count when known before reading (container metadata), else undefined. */
  readonly frames?: number;
  /** A fresh reader from the first frame, in display order; it throws a RemovalInputError on a decode failure. */
  open(): AsyncIterator<I420>;
}

export interface RemovalSources {
  /** Stream 0 of the served input. */
  served: FrameSource;
  /** Stream 1 of the served input decoded as gray, or a separate mask video: masked ⇔ luma (the y plane) > 127. */
  mask: FrameSource;
  candidate: FrameSource;
  /** The clean reference, when the miner has it: PSNR, SSIM, LPIPS and the warp error need it. */
  reference?: FrameSource;
}

/** A crop pair bounded for LPIPS (padded box, candidate outside the mask replaced by the reference, INTER_AREA to ≤ 256): packed RGB. */
export interface LpipsPair {
  /** Reference crop. */
  a: Uint8Array;
  /** Crop of the video measured (candidate, median fill or unchanged input). */
  b: Uint8Array;
  width: number;
  height: number;
}

/** LPIPS-VGG (lpips 0.1.4, v0.1 heads) on bounded pairs, in order. */
export interface LpipsEngine {
  /** Which engine ran, for the report (e.g. `onnxruntime-node`, `onnxruntime-web wasm ×2`, `cpu twin`). */
  readonly label: string;
  distances(pairs: readonly LpipsPair[], signal?: AbortSignal): Promise<number[]>;
}

/** The warp error of §2.5, fed frame by frame; sequences share the reference flow. */
export interface WarpAccumulator {
  /** Frame i in display order: the reference luma, the mask (non-zero = masked), one packed RGB frame per sequence. */
  add(refY: Uint8Array, mask: Uint8Array, rgb: readonly Uint8Array[]): void;
  /** Per sequence: mean of e_i over frame pairs with a non-empty mask overlap (0 when none); the pair count; e_i per pair. */
  result(): { errors: number[]; pairs: number; perPair: number[][] };
}

export type WarpAccumulatorFactory = (width: number, height: number, sequences: number) => WarpAccumulator;

export interface RemovalEngines {
  /** Absent: LPIPS is not measured and the result is partial (names `lpips_vgg` in `missing`). */
  lpips?: LpipsEngine;
  /** Absent: the pipeline's default (DIS MEDIUM + remap, src/core). */
  warp?: WarpAccumulatorFactory;
}

export type RemovalStage = 'masks' | 'median fill' | 'metrics' | 'warp' | 'lpips';

export interface RemovalProgress {
  stage: RemovalStage;
  done: number;
  total?: number;
}

export interface RemovalOptions {
  /** Seeds the LPIPS frame offset with the reference's sha256 (`removal.lpipsOffset`); absent → offset 0, said in `notes`. */
  challengeId?: string;
  referenceSha256Hex?: string;
  teleaVariant?: TeleaVariant;
  signal?: AbortSignal;
  onProgress?: (p: RemovalProgress) => void;
}

/** One video's metrics over the mask (null where not measured). */
export interface RemovalMetrics {
  psnrDb: number | null;
  ssim: number | null;
  lpipsVgg: number | null;
  warpError: number | null;
  /** Masked pixels × 3 (upstream `masked_pixels`). */
  maskedPixels: number;
}

export interface RemovalMeasurement {
  width: number;
  height: number;
  /** Frames scored: min(reference, served input, mask, candidate). */
  frames: number;
  maskedFrames: number;
  candidate: RemovalMetrics;
  medianFill: RemovalMetrics & { holes: { luma: number; chroma: number } };
  unchanged: RemovalMetrics;
  /** `best_baseline(median fill, unchanged input)`. */
  floor: RemovalMetrics;
  /** Mean e_r of the reference warped by its own flow. */
  warpReference: number | null;
  /** Frames whose LPIPS was measured (0-based frame indices). */
  lpipsFrames: number[];
  lpipsEngine: string | null;
  outside: { change: number; worstFrame: number; passed: boolean };
  /** The pack's `removal.score` when nothing is missing, else null. */
  score: { sPsnr: number; sLpips: number; final: number; zeroReason: RemovalZeroReason | null; warpCap: number } | null;
  /** PSNR < floor + 1.5 dB: known without LPIPS. */
  psnrBelowFloorMargin: boolean | null;
  partial: boolean;
  /** What was not measured and why, e.g. `lpips_vgg: no LPIPS weights (Settings)`. */
  missing: string[];
  notes: string[];
  perFrame: {
    /** Outside-mask mean abs RGB change per frame. */
    outsideChange: number[];
    /** Candidate's masked-pixel squared-error sum and element count per frame (PSNR per frame on the plot). */
    candidateSquaredError: number[];
    maskedElements: number[];
    /** e_c and e_r per frame (NaN where the frame has no pair). */
    warpCandidate: number[];
    warpReference: number[];
  };
}

export type MeasureRemoval = (sources: RemovalSources, engines: RemovalEngines, options?: RemovalOptions) => Promise<RemovalMeasurement>;
