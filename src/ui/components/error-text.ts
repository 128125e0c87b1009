/**
 * What a page says when a job failed: the fixed `cancelled` sentence when the user cancelled it (an AbortError, see
 * src/core/abort.ts), else the error's own message, after `file: ` when the input came from a named file.
 */
import { isAbortError } from '../../core/abort.ts';

export function errorText(err: unknown, cancelled: string, file?: string): string {
  if (isAbortError(err)) return cancelled;
  return `${file ? `${file}: ` : ''}${(err as Error).message}`;
}
