#!/usr/bin/env node
/**
 * Import-boundary lint: dependencies point inward (ui → bridge → gpu|media|ml|storage → core; cli → core|ml;
 * workers compose gpu|media|ml|storage|core). src/core imports nothing from the browser or Node.
 * Prints every violation as `file: imports X (layer a may not import layer b)` and exits 1 if any.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');

/** layer → layers (and package prefixes) it may import. */
const allowed = {
  core: { layers: ['core'], packages: ['fflate', 'papaparse'] },
  gpu: { layers: ['core', 'gpu'], packages: [] },
  media: { layers: ['core', 'media'], packages: ['mp4box', '@ffmpeg/'] },
  ml: { layers: ['core', 'ml'], packages: ['onnxruntime-web'] },
  storage: { layers: ['core', 'storage'], packages: ['idb'] },
  bridge: { layers: ['core', 'bridge', 'gpu', 'media', 'ml', 'storage', 'workers'], packages: ['comlink'] },
  ui: { layers: ['core', 'bridge', 'ui'], packages: ['lit', 'uplot'] },
  workers: { layers: ['core', 'gpu', 'media', 'ml', 'storage', 'workers'], packages: ['comlink'] },
  cli: { layers: ['core', 'ml', 'cli'], packages: ['node:', 'tsx', 'playwright-core', '@playwright/test', 'vite', 'onnxruntime-node'] },
};

function layerOf(file) {
  const rel = relative(root, file).split('\\').join('/');
  if (rel.startsWith('workers/')) return 'workers';
  const m = /^src\/([^/]+)\//.exec(rel);
  return m && m[1] in allowed ? m[1] : null;
}

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (/\.(ts|mts|js|mjs)$/.test(name) && !/\.test\.ts$/.test(name)) yield p;
  }
}

const importRe = /(?:^|[^\w$.])(?:import|export)\s*(?:type\s+)?(?:[\w*{}\s,$]+from\s*)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const violations = [];
for (const top of ['src', 'workers']) {
  let files;
  try {
    files = [...walk(join(root, top))];
  } catch {
    continue;
  }
  for (const file of files) {
    const layer = layerOf(file);
    if (!layer) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(importRe)) {
      const spec = m[1] ?? m[2];
      const rule = allowed[layer];
      if (spec.startsWith('.')) {
        const target = layerOf(resolve(dirname(file), spec));
        if (target && !rule.layers.includes(target)) violations.push(`${relative(root, file)}: imports ${spec} (layer ${layer} may not import ${target})`);
      } else if (!rule.packages.some((p) => spec === p || spec.startsWith(p.endsWith('/') || p.endsWith(':') ? p : p + '/') || spec === p)) {
        violations.push(`${relative(root, file)}: imports package ${spec} (layer ${layer} may import only ${rule.packages.join(', ') || 'no packages'})`);
      }
    }
  }
}
for (const v of violations) console.log(v);
console.log(violations.length ? `${violations.length} boundary violation(s)` : 'import boundaries: ok');
process.exit(violations.length ? 1 : 0);
