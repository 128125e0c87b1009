/**
 * A small static HTTP server (node:http, 127.0.0.1, a free port) for the headless engine: it serves the web build
 * (dist/) with the COOP/COEP/CORP headers that make the page cross-origin isolated, and streams the CLI's input
 * files from disk at `/__preflight/input/<name>` (same origin, so the page may fetch them under COEP), never
 * reading a whole file into memory. Every response carries `X-Content-Type-Options: nosniff`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import { basename, extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

/** URL prefix of the routed input files. */
export const INPUT_PREFIX = '/__preflight/input/';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
  '.mp4': 'video/mp4',
  '.onnx': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};

/** Sent with every response: cross-origin isolation, no caching, and no MIME sniffing (a file is what its type says). */
const ISOLATION = {
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

export interface StaticServer {
  /** Origin with a trailing slash, e.g. http://127.0.0.1:41234/ */
  url: string;
  /** URL of a routed input by name. */
  inputUrl(name: string): string;
  close(): Promise<void>;
}

function sendFile(req: IncomingMessage, res: ServerResponse, path: string, type: string, extra: Record<string, string> = {}): void {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    res.writeHead(404, { ...ISOLATION, 'Content-Type': 'text/plain' }).end('not found');
    return;
  }
  res.writeHead(200, { ...ISOLATION, ...extra, 'Content-Type': type, 'Content-Length': String(size) });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(path);
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}

/**
 * Starts the server. `inputs` maps names (e.g. `ref`, `dist`) to files on disk.
 * @param root directory served at `/` (the web build).
 */
export function startStaticServer(root: string, inputs: Record<string, string>): Promise<StaticServer> {
  const rootDir = normalize(root + sep);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400, ISOLATION).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, ISOLATION).end();
      return;
    }
    if (path.startsWith(INPUT_PREFIX)) {
      const file = inputs[path.slice(INPUT_PREFIX.length)];
      if (!file) res.writeHead(404, ISOLATION).end('no such input');
      else sendFile(req, res, file, 'application/octet-stream', { 'X-Preflight-Name': encodeURIComponent(basename(file)) });
      return;
    }
    const rel = path.endsWith('/') ? path + 'index.html' : path;
    const file = normalize(join(rootDir, rel));
    if (!file.startsWith(rootDir)) {
      res.writeHead(403, ISOLATION).end();
      return;
    }
    sendFile(req, res, file, TYPES[extname(file)] ?? 'application/octet-stream');
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      const url = `http://127.0.0.1:${port}/`;
      resolve({
        url,
        inputUrl: (name) => `${url}${INPUT_PREFIX.slice(1)}${encodeURIComponent(name)}`,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
