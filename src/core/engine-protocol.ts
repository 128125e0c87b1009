/**
 * The video engine's request and result shapes, in one types-only module shared by everything that speaks to the
 * engine: the engine worker (workers/engine.worker.ts), its bridge (src/bridge/engine.ts), engine.html's script
 * (src/ui/engine-host.ts) and the CLI that drives that page in headless Chromium (src/cli/browser/). It lives in
 * src/core because every one of those layers may import core; nothing here exists at run time.
 */
import type { MeasureOptions, MeasureResult } from './metrics/measure.ts';

/** Which engine measures: WebGPU kernels, their CPU twins, or WebGPU on a hardware adapter else the CPU. */
export type EngineChoice = 'auto' | 'cpu' | 'webgpu';

/** The engine worker's measure request: MeasureOptions without model JSON (the worker loads the models), plus the engine choice and threads. */
export interface MeasureRequest extends Omit<MeasureOptions, 'modelJson'> {
  engine?: EngineChoice;
  /** CPU engine: threads computing VMAF's VIF/ADM ('auto', the default: one per core, at most 8; 0 = all in the engine worker). */
  threads?: number | 'auto';
  /** Fault injection for tests: lose the WebGPU device after this many scored frames. */
  loseDeviceAfterFrames?: number;
}

/** The engine worker's measure result. */
export interface EngineMeasureResult extends Omit<MeasureResult, 'engine'> {
  engine: 'cpu' | 'webgpu';
  /** Why the engine differs from the one asked for (no WebGPU, device lost…), or null. */
  engineNote: string | null;
  /** CPU engine: threads that computed VIF/ADM (0: all in the engine worker; always 0 on WebGPU). */
  threads: number;
  seconds: number;
}

/** A fraction (frame rate, aspect ratio). */
export interface Ratio {
  num: number;
  den: number;
}

/** What `probe` found. Names follow ffprobe (`codec_name`, `pix_fmt`, `color_space`, ...). */
export interface MediaProbe {
  fileName: string;
  /** File size in bytes. */
  sizeBytes: number;
  /** 'mp4' (ISO BMFF; see `brands`), 'y4m', or ffprobe's format_name (e.g. 'matroska,webm'). */
  container: string;
  /** MP4 major brand then compatible brands; [] for other containers. */
  brands: string[];
  /** ffmpeg codec_name: h264, hevc, av1, vp9, rawvideo, ... */
  codec: string;
  /** Sample-entry four-cc for MP4 (avc1, hvc1, hev1, vp09, av01), else null. */
  codecTag: string | null;
  /** ffmpeg profile name (High, Main, Main 10, Profile 0, ...) or null when unknown. */
  profile: string | null;
  /** ffmpeg pix_fmt (yuv420p, yuv420p10le, yuvj420p, gray, ...) or null when unknown. */
  pixFmt: string | null;
  /** Luma bit depth, or null when unknown. */
  bitDepth: number | null;
  width: number;
  height: number;
  /** Sample (pixel) aspect ratio; null when the file does not say. */
  sar: Ratio | null;
  /** frames / stream duration, reduced (ffprobe avg_frame_rate). {0,0} when unknown. */
  avgFrameRate: Ratio;
  /** avgFrameRate as a number (frames per second), NaN when unknown. */
  fps: number;
  /** Number of video frames (MP4: sample count; y4m: frame count; else ffprobe nb_frames or packet count). */
  frameCount: number;
  /** Container duration in seconds (MP4: mvhd; others: ffprobe format duration). */
  durationSeconds: number;
  /** Video stream duration in seconds. */
  streamDurationSeconds: number;
  /** Video stream bitrate in bits per second (sample bytes × 8 / stream duration), null when unknown. */
  bitRate: number | null;
  /** Whole-file bitrate in bits per second (size × 8 / duration), null when unknown. */
  formatBitRate: number | null;
  /** ffmpeg names of the colour tags; null when untagged/unspecified. */
  colorSpace: string | null;
  colorTransfer: string | null;
  colorPrimaries: string | null;
  /** 'tv' (limited) or 'pc' (full), null when untagged. */
  colorRange: 'tv' | 'pc' | null;
  /** Which reader produced this probe. */
  source: 'mp4box' | 'y4m' | 'ffprobe';
}

/** What the browser's WebGPU gives the engine page. */
export interface AdapterReport {
  available: boolean;
  /** Why not, when unavailable. */
  reason: string | null;
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** True for a software adapter (SwiftShader). */
  isFallbackAdapter: boolean;
}

/** The request the CLI sends to engine.html: the inputs by same-origin URL plus the worker's measure request. */
export interface HostMeasureRequest {
  refUrl: string;
  distUrl: string;
  request: MeasureRequest;
}

/** What engine.html's `measure` returns (as JSON text, non-finite numbers tagged): the result plus the worker's probe of each input. */
export interface HostMeasureResponse {
  result: EngineMeasureResult;
  probes: { ref: MediaProbe | null; dist: MediaProbe | null };
}

/** The part of engine.html's `window.preflightEngine` the CLI calls. */
export interface EngineHostApi {
  adapter(): Promise<AdapterReport>;
  /** JSON text of a `HostMeasureResponse` (see src/core/json-non-finite.ts). */
  measure(req: HostMeasureRequest): Promise<string>;
  memory(): Promise<number | null>;
}
