/**
 * What the CLI command tests (src/cli/**\/*.test.ts) share: catching what a command writes to stdout while it runs in
 * the test's process, reading the item records of a `preflight competition` JSONL file, and encoding a test clip to
 * H.264 with the native ffmpeg (so the encoding gate passes). Vitest and Node only; not part of the app.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, vi } from 'vitest';

/**
 * Catches process.stdout from now on and silences process.stderr; returns a reader of everything written to stdout
 * so far. The spies stay until `vi.restoreAllMocks()` (the tests call it in afterEach, or between two captures).
 */
export function captureStdout(): () => string {
  return spyOutput().read;
}

/** Runs a command with stdout caught (stderr silenced); the two spies are removed afterwards, thrown or not. */
export async function runCaptured(command: () => Promise<number>): Promise<{ code: number; out: string }> {
  const { read, restore } = spyOutput();
  try {
    return { code: await command(), out: read() };
  } finally {
    restore();
  }
}

function spyOutput(): { read: () => string; restore: () => void } {
  let out = '';
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
      out += String(s);
      return true;
    }),
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true),
  ];
  return { read: () => out, restore: () => spies.forEach((s) => s.mockRestore()) };
}

/** The `item` lines of a `preflight competition` JSONL file, parsed, in file order. */
export function itemRecords(file: string) {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((o) => o.type === 'item');
}

/**
 * Encodes `src` to H.264 yuv420p at `dst` with the native ffmpeg (libx264 at the given preset and CRF; `extra` goes
 * after the input, e.g. `-map 0:v:0`). Fails the test with ffmpeg's stderr if ffmpeg does.
 */
export function encodeH264(src: string, dst: string, opts: { preset: string; crf: number; extra?: string[] }): void {
  const r = spawnSync('ffmpeg', [
    '-nostdin',
    '-v',
    'error',
    '-y',
    '-i',
    src,
    ...(opts.extra ?? []),
    '-c:v',
    'libx264',
    '-preset',
    opts.preset,
    '-crf',
    String(opts.crf),
    '-pix_fmt',
    'yuv420p',
    dst,
  ]);
  expect(r.status, String(r.stderr)).toBe(0);
}
