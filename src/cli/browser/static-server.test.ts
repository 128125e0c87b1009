/** The CLI's static server: isolation headers and nosniff on every response, inputs routed by name, no escape from the root. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from './static-server.ts';

const root = mkdtempSync(join(tmpdir(), 'preflight-static-'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>t</title>');
writeFileSync(join(root, 'a.js'), 'export {};');
const input = join(mkdtempSync(join(tmpdir(), 'preflight-input-')), 'clip.mp4');
writeFileSync(input, new Uint8Array(16));

let server: StaticServer;
beforeAll(async () => {
  server = await startStaticServer(root, { dist: input });
});
afterAll(async () => {
  await server.close();
});

describe('CLI static server', () => {
  it.each([
    ['', 200, 'text/html; charset=utf-8'],
    ['a.js', 200, 'text/javascript; charset=utf-8'],
    ['__preflight/input/dist', 200, 'application/octet-stream'],
    ['missing.js', 404, 'text/plain'],
    ['__preflight/input/ref', 404, null],
    ['%E0%A4%A', 400, null],
  ])('GET /%s → %i with nosniff and the isolation headers', async (path, status, type) => {
    const res = await fetch(server.url + path);
    await res.arrayBuffer();
    expect(res.status).toBe(status);
    if (type) expect(res.headers.get('content-type')).toBe(type);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
  });
  it('refuses methods other than GET and HEAD, with nosniff', async () => {
    const res = await fetch(server.url, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
