/**
 * What the unit and e2e tests share about their surroundings: where `../shared/reference` is (every checkout has
 * `shared/` beside it, ../shared/README.md), and whether an external tool they need is here. A test that needs a
 * tool skips without it on a developer's machine, but `.ci/run` sets PREFLIGHT_CI=1 and there a missing tool is an
 * error, so nothing is skipped silently in CI. Node-only; not part of the app.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Absolute path of ../shared/reference/ (with a trailing slash). */
export const SHARED_REFERENCE = fileURLToPath(new URL('../../shared/reference/', import.meta.url));

/** Absolute path of a file or folder under ../shared/reference/. */
export function sharedReference(...parts: string[]): string {
  return SHARED_REFERENCE + parts.join('/');
}

/** Absolute path of a clip under ../shared/reference/clips/. */
export function sharedClip(name: string): string {
  return sharedReference('clips', name);
}

/** True in CI (`.ci/run`), where every tool a test needs must be present. */
export const IN_CI = process.env.PREFLIGHT_CI === '1';

/**
 * Whether `command -version` runs. In CI a missing tool throws (at import of the test file), so the tests that
 * need it fail instead of being skipped.
 */
export function hasTool(command: string): boolean {
  const ok = spawnSync(command, ['-version'], { stdio: 'ignore' }).status === 0;
  if (!ok && IN_CI) throw new Error(`${command} is required in CI (.ci/run installs it) but does not run here`);
  return ok;
}

/** The same as a file: URL (for `new URL(name, base)` and `readFileSync(url)`). */
export function sharedReferenceUrl(...parts: string[]): URL {
  return pathToFileURL(sharedReference(...parts));
}
