/**
 * Vite plugin that emits `sw.js` from src/sw/sw.template.js with the exact list of files of this build
 * (hand-written instead of vite-plugin-pwa: `npm ci` breaks with workbox on this registry, see platform notes).
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createHash } from 'node:crypto';
import type { Plugin, ResolvedConfig } from 'vite';

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? listFiles(p) : [p];
  });
}

export function serviceWorker(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'preflight-service-worker',
    apply: 'build',
    enforce: 'post',
    configResolved(resolved) {
      config = resolved;
    },
    generateBundle(_options, bundle) {
      const publicFiles = config.publicDir ? listFiles(config.publicDir).map((p) => relative(config.publicDir, p).split('\\').join('/')) : [];
      const files = [...Object.keys(bundle), ...publicFiles].filter((f) => !f.endsWith('.map') && f !== 'sw.js');
      const precache = [...new Set(['./', './index.html', ...files.map((f) => `./${f}`)])];
      const hash = createHash('sha256').update(precache.join('\n'));
      for (const f of Object.keys(bundle)) {
        const item = bundle[f]!;
        hash.update(item.type === 'chunk' ? item.code : item.source);
      }
      for (const f of publicFiles) hash.update(readFileSync(join(config.publicDir, f)));
      const version = hash.digest('hex').slice(0, 12);
      const template = readFileSync(new URL('../src/sw/sw.template.js', import.meta.url), 'utf8');
      const source = `const PRECACHE = ${JSON.stringify(precache)};\nconst VERSION = ${JSON.stringify(version)};\n${template}`;
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}
