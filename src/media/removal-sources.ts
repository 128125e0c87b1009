/**
 * The object-removal item's files as re-openable frame sources (`FrameSource`, src/core/metrics/removal/api.ts):
 * the served input's video stream 0, its mask (video stream 1 decoded as gray, as validator-vidaio's
 * `decode_mask_stream` does, or a separate mask video when the served file has one stream), the candidate output and
 * the optional clean reference (../shared/reference/rules/vidaio-v3.md §2.1). Each `open()` decodes from the first
 * frame again (WebCodecs, or ffmpeg.wasm for what WebCodecs cannot read), so no source keeps its frames.
 *
 * Before anything is decoded the files are probed and checked; every problem is a `RemovalInputError` naming the
 * file's role and name: not a video / corrupt (the probe's message), no mask stream, a mask, output or reference of
 * another size or frame count than the served input, and a file that decodes to fewer frames than it declares.
 */
import type { FrameSource, RemovalSources } from '../core/metrics/removal/api.ts';
import type { I420 } from '../core/metrics/removal/color.ts';
import { RemovalInputError } from '../core/metrics/removal/measure.ts';
import { decodeFrames } from './decode.ts';
import { MediaError, blobName, throwIfAborted } from './errors.ts';
import { probe, videoStreamCount, type MediaProbe } from './probe.ts';

type Role = RemovalInputError['file'];

export interface RemovalFiles {
  served: Blob;
  /** A separate mask video; absent: video stream 1 of the served input. */
  mask?: Blob | null;
  candidate: Blob;
  reference?: Blob | null;
}

/** What the checks found, for the page. */
export interface RemovalInputFacts {
  served: MediaProbe;
  mask: MediaProbe;
  /** Where the mask came from. */
  maskFrom: 'served input stream 1' | 'separate mask video';
  candidate: MediaProbe;
  reference: MediaProbe | null;
}

function asInputError(role: Role, e: unknown): unknown {
  if (e instanceof MediaError) return new RemovalInputError(role, e.message);
  return e;
}

/** A file's video stream decoded from its start on every `open()`; fewer frames than declared is an input error. */
export class DecodedFrameSource implements FrameSource {
  constructor(
    private readonly file: Blob,
    private readonly role: Role,
    readonly width: number,
    readonly height: number,
    readonly frames: number | undefined,
    private readonly opts: { videoStream?: number; gray?: boolean; signal?: AbortSignal } = {},
  ) {}

  open(): AsyncIterator<I420> {
    return this.read();
  }

  private async *read(): AsyncGenerator<I420> {
    const name = blobName(this.file);
    let n = 0;
    try {
      for await (const f of decodeFrames(this.file, {
        videoStream: this.opts.videoStream ?? 0,
        gray: this.opts.gray ?? false,
        ...(this.opts.signal ? { signal: this.opts.signal } : {}),
      })) {
        if (f.width !== this.width || f.height !== this.height) {
          throw new RemovalInputError(this.role, `${name}: frame ${n} decodes to ${f.width}x${f.height}, the file declares ${this.width}x${this.height}`);
        }
        n++;
        yield { y: f.y, u: f.u, v: f.v };
      }
    } catch (e) {
      throw asInputError(this.role, e);
    }
    if (this.frames !== undefined && n < this.frames) {
      throw new RemovalInputError(this.role, `${name}: only ${n} of its ${this.frames} frames could be decoded: the file is truncated or corrupt`);
    }
  }
}

async function probeAs(role: Role, file: Blob, videoStream = 0): Promise<MediaProbe> {
  try {
    return await probe(file, undefined, videoStream);
  } catch (e) {
    throw asInputError(role, e);
  }
}

function sameGeometry(role: Role, p: MediaProbe, served: MediaProbe, what: string) {
  if (p.width !== served.width || p.height !== served.height) {
    throw new RemovalInputError(
      role,
      `${p.fileName}: ${what} is ${p.width}x${p.height}, the served input ${served.fileName} is ${served.width}x${served.height}`,
    );
  }
}

/**
 * Probes and checks the files, then returns their frame sources (see the file comment).
 * @throws RemovalInputError naming the file; the signal's reason when aborted.
 */
export async function openRemovalSources(files: RemovalFiles, signal?: AbortSignal): Promise<{ sources: RemovalSources; facts: RemovalInputFacts }> {
  throwIfAborted(signal);
  const served = await probeAs('served input', files.served);
  const candidate = await probeAs('candidate', files.candidate);
  const reference = files.reference ? await probeAs('reference', files.reference) : null;
  let mask: MediaProbe;
  let maskFrom: RemovalInputFacts['maskFrom'];
  if (files.mask) {
    mask = await probeAs('mask', files.mask);
    maskFrom = 'separate mask video';
  } else {
    let streams: number;
    try {
      streams = await videoStreamCount(files.served);
    } catch (e) {
      throw asInputError('served input', e);
    }
    if (streams < 2) {
      throw new RemovalInputError(
        'mask',
        `${served.fileName} has ${streams} video stream${streams === 1 ? '' : 's'}, so it carries no mask (stream 1 of a served removal input): drop the mask as a separate video`,
      );
    }
    mask = await probeAs('mask', files.served, 1);
    maskFrom = 'served input stream 1';
  }
  throwIfAborted(signal);
  if (served.width % 2 || served.height % 2 || served.width <= 0 || served.height <= 0) {
    throw new RemovalInputError('served input', `${served.fileName}: ${served.width}x${served.height} is not a positive even size (yuv420p)`);
  }
  sameGeometry('mask', mask, served, maskFrom === 'separate mask video' ? 'the mask' : 'its mask stream');
  sameGeometry('candidate', candidate, served, 'the output');
  if (reference) sameGeometry('reference', reference, served, 'the reference');
  if (mask.frameCount !== served.frameCount) {
    throw new RemovalInputError('mask', `${mask.fileName}: the mask has ${mask.frameCount} frames, the served input has ${served.frameCount}`);
  }
  if (candidate.frameCount !== served.frameCount) {
    const longer = candidate.frameCount > served.frameCount;
    throw new RemovalInputError(
      'candidate',
      `${candidate.fileName}: the output is ${longer ? 'longer' : 'shorter'} than the input: ${candidate.frameCount} frames, the served input ${served.fileName} has ${served.frameCount}`,
    );
  }
  if (reference && reference.frameCount !== served.frameCount) {
    throw new RemovalInputError(
      'reference',
      `${reference.fileName}: the reference has ${reference.frameCount} frames, the served input has ${served.frameCount}`,
    );
  }
  const { width, height } = served;
  const opt = signal ? { signal } : {};
  const sources: RemovalSources = {
    served: new DecodedFrameSource(files.served, 'served input', width, height, served.frameCount || undefined, opt),
    mask: files.mask
      ? new DecodedFrameSource(files.mask, 'mask', width, height, mask.frameCount || undefined, { ...opt, gray: true })
      : new DecodedFrameSource(files.served, 'mask', width, height, mask.frameCount || undefined, { ...opt, gray: true, videoStream: 1 }),
    candidate: new DecodedFrameSource(files.candidate, 'candidate', width, height, candidate.frameCount || undefined, opt),
  };
  if (files.reference) sources.reference = new DecodedFrameSource(files.reference, 'reference', width, height, reference!.frameCount || undefined, opt);
  return { sources, facts: { served, mask, maskFrom, candidate, reference } };
}
