/**
 * Argument parsing shared by the CLI commands, the error type that maps to exit status 2, and the checks every
 * command runs on its files before computing anything: inputs readable and of sane size, JSON bounded in depth
 * with no overflowing numbers, output paths writable.
 */
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PreflightError } from '../core/errors.ts';

/** A usage or input error: printed as one line, exit status 2. */
export class CliError extends PreflightError {
  override readonly name = 'CliError';
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.exitCode = exitCode;
  }
}

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string[]>;
}

/**
 * Parses `--flag value`, `--flag=value` and boolean `--flag` (when `booleans` lists it). Repeated flags accumulate.
 * `--` ends the options (everything after it is positional).
 */
export function parseArgs(argv: string[], valued: readonly string[], booleans: readonly string[] = []): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string[]>();
  const push = (k: string, v: string) => flags.set(k, [...(flags.get(k) ?? []), v]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a === '-' || !a.startsWith('-')) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = (eq >= 0 ? a.slice(0, eq) : a).replace(/^--?/, '');
    if (booleans.includes(name)) {
      if (eq >= 0) throw new CliError(`--${name} takes no value`);
      push(name, 'true');
    } else if (valued.includes(name)) {
      const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new CliError(`--${name} needs a value`);
      push(name, value);
    } else throw new CliError(`unknown option ${a} (--help lists the options)`);
  }
  return { positional, flags };
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  const v = args.flags.get(name);
  return v?.[v.length - 1];
}

/** A file-system error code in words, for messages (`ENOENT` → "no such file or directory"). */
export function errnoText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  const words: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'it is a directory',
    ENOTDIR: 'a part of the path is not a directory',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    ENAMETOOLONG: 'the name is too long',
    ELOOP: 'too many symbolic links',
  };
  if (code && Object.hasOwn(words, code)) return `${words[code]} (${code})`;
  return code ?? (err as Error)?.message ?? String(err);
}

/** Largest JSON input read (a bigger file is refused before it is read). */
export const MAX_JSON_BYTES = 256 << 20;

/** Reads a text file, or standard input for `-`. @throws CliError naming the file and the problem. */
export function readInput(path: string): string {
  const what = path === '-' ? 'standard input' : path;
  try {
    if (path !== '-') {
      const st = statSync(path);
      if (st.isDirectory()) throw new CliError(`cannot read ${what}: it is a directory`);
      if (st.isFile() && st.size > MAX_JSON_BYTES)
        throw new CliError(`cannot read ${what}: ${st.size} bytes is more than the ${MAX_JSON_BYTES >> 20} MiB a JSON input may have`);
    }
    return readFileSync(path === '-' ? 0 : path, 'utf8');
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(`cannot read ${what}: ${errnoText(err)}`);
  }
}

/** Deepest JSON nesting accepted (the rule-pack inputs need fewer than 10 levels). */
export const MAX_JSON_NESTING = 512;

/**
 * The deepest nesting of arrays/objects in a JSON text, stopping at the first level beyond `limit` (strings are
 * skipped, so brackets inside them do not count). Linear, no recursion.
 */
export function jsonNesting(text: string, limit = MAX_JSON_NESTING): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
  }
  return deepest;
}

/**
 * Parses JSON text from `what` (a file name or "standard input").
 * @throws CliError for an empty text, invalid JSON, nesting beyond MAX_JSON_NESTING, and number literals that
 *   overflow a double (1e999 would silently become Infinity; the vector schema writes it as the string "Infinity").
 */
export function parseJson(text: string, what: string): unknown {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new CliError(`${what} is empty (expected a JSON value)`);
  if (jsonNesting(text) > MAX_JSON_NESTING)
    throw new CliError(`${what} is nested deeper than ${MAX_JSON_NESTING} levels of arrays/objects (not an input Preflight reads)`);
  let overflow: string | null = null;
  let value: unknown;
  try {
    value = JSON.parse(text, function (this: unknown, key: string, v: unknown) {
      if (typeof v === 'number' && !Number.isFinite(v)) overflow ??= key;
      return v;
    });
  } catch (err) {
    const hint = /\bNaN\b|Infinity/.test(text) ? ' (write NaN and Infinity as the strings "NaN", "Infinity", "-Infinity")' : '';
    throw new CliError(`${what} is not valid JSON: ${(err as Error).message}${hint}`);
  }
  if (overflow !== null) {
    throw new CliError(`${what}: the number at key "${overflow}" is too large for a 64-bit float (write "Infinity" as a string if you mean it)`);
  }
  return value;
}

/**
 * Checks, before any computation, that `path` can be written as an output file: not a directory, its directory
 * exists and is writable, and an existing file is writable.
 * @throws CliError naming the flag, the path and the problem.
 */
export function checkOutputPath(path: string, flagName: string): void {
  const target = resolve(path);
  let st;
  try {
    st = statSync(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new CliError(`${flagName} ${path}: cannot write there: ${errnoText(err)}`);
  }
  if (st) {
    if (st.isDirectory()) throw new CliError(`${flagName} ${path}: it is a directory (give a file name)`);
    try {
      accessSync(target, constants.W_OK);
    } catch (err) {
      throw new CliError(`${flagName} ${path}: the file is not writable: ${errnoText(err)}`);
    }
    return;
  }
  const dir = dirname(target);
  let dst;
  try {
    dst = statSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(
      `${flagName} ${path}: ${code === 'ENOENT' ? `its directory ${dir} does not exist` : `cannot use its directory ${dir}: ${errnoText(err)}`}`,
    );
  }
  if (!dst.isDirectory()) throw new CliError(`${flagName} ${path}: ${dir} is not a directory`);
  try {
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new CliError(`${flagName} ${path}: the directory ${dir} is not writable: ${errnoText(err)}`);
  }
}
