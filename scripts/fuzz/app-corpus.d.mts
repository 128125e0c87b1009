/** Types of scripts/fuzz/app-corpus.mjs (the app's generated fuzz corpus). */
export interface AppFuzzFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}
export interface AppFuzzCase {
  route: string;
  id: string;
  files: AppFuzzFile[];
  expect: { error: string } | { ok: string };
}
export function appCorpus(): AppFuzzCase[];
export function yumaCsv(validators: number, miners: number): string;
export function blyOps(n: number): unknown[];
export function greyPng(width: number, height: number, value?: number): Buffer;
