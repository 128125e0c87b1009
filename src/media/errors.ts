/**
 * The one error type of `src/media`: every failure to probe or decode a user's file is a `MediaError` whose message
 * names the file and says what was found instead of what was expected, so the UI can show it verbatim.
 */
import { PreflightError } from '../core/errors.ts';

/** A file that cannot be probed or decoded (not a video, truncated, unsupported codec or pixel format). */
export class MediaError extends PreflightError {
  override readonly name = 'MediaError';
  /** The file name the message refers to. */
  readonly fileName: string;
  constructor(fileName: string, message: string, options?: { cause?: unknown }) {
    super(`${fileName}: ${message}`, options);
    this.fileName = fileName;
  }
}

/** The error for 10-bit (and deeper) input; the Vidaio validator scores 8-bit yuv420p only. */
export function tenBitError(fileName: string, found: string): MediaError {
  return new MediaError(fileName, `10-bit input is not supported: the Vidaio validator requires yuv420p (found ${found})`);
}

/** The name to use in messages for a Blob (a File's name, else the given fallback). */
export function blobName(file: Blob, name?: string): string {
  if (name) return name;
  const n = (file as Partial<File>).name;
  return typeof n === 'string' && n.length > 0 ? n : 'input';
}

/** Throws an AbortError when a signal is aborted (the one helper of src/core/abort.ts). */
export { throwIfAborted } from '../core/abort.ts';
