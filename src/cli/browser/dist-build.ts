/**
 * Makes sure the web build in dist/ contains an up-to-date engine host page (engine.html, src/ui/engine-host.ts)
 * before the CLI opens it in Chromium: when dist/engine.html is missing or older than any source that goes into
 * the bundle (src/ except the CLI and tests, workers/, public/, the HTML entries, vite.config.ts), it runs a
 * production build through vite's `build()` API and says so on stderr. `snapshotDist` then hard-links the build
 * into a private temp directory, so a `vite build` started by someone else (which empties dist/) cannot pull
 * files from under a running engine page.
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (where vite.config.ts and dist/ live). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The build output directory the CLI serves. */
export const DIST_DIR = join(REPO_ROOT, 'dist');

const SOURCES = ['src', 'workers', 'public', 'index.html', 'engine.html', 'vite.config.ts', 'scripts/sw-plugin.ts', 'package.json'];

function skipped(rel: string): boolean {
  return rel.startsWith('src/cli') || /\.test\.ts$/.test(rel) || rel.includes('/.');
}

/** Newest modification time (ms since epoch) of the sources that go into the web build. */
export function newestSourceMtimeMs(root = REPO_ROOT): number {
  let newest = 0;
  const visit = (rel: string) => {
    const p = join(root, rel);
    let st;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) {
        const child = `${rel}/${name}`;
        if (!skipped(child)) visit(child);
      }
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const s of SOURCES) visit(s);
  return newest;
}

/** True when dist/engine.html is missing or older than the newest web source. */
export function distIsStale(root = REPO_ROOT): boolean {
  const page = join(root, 'dist', 'engine.html');
  if (!existsSync(page)) return true;
  return statSync(page).mtimeMs < newestSourceMtimeMs(root);
}

/**
 * Builds dist/ with vite when it is stale (see `distIsStale`); `log` receives one line before building.
 * @returns true when a build ran.
 * @throws Error with vite's message when the build fails.
 */
export async function ensureDist(log: (line: string) => void = (l) => process.stderr.write(l + '\n')): Promise<boolean> {
  if (!distIsStale()) return false;
  log(`preflight: building the web engine into ${DIST_DIR} (vite build; dist/engine.html is missing or older than the sources)…`);
  // vite is a dependency (not a devDependency) for this build: the CLI runs from the checkout and builds the
  // engine page on demand.
  const vite = await import('vite').catch((err: unknown) => {
    throw new Error(`dist/ needs a build and vite could not be loaded (${(err as Error)?.message ?? String(err)}); run npm install, or npm run build`);
  });
  await vite.build({ root: REPO_ROOT, configFile: join(REPO_ROOT, 'vite.config.ts'), logLevel: 'error', mode: 'production' });
  if (!existsSync(join(DIST_DIR, 'engine.html')))
    throw new Error('vite build finished but dist/engine.html is missing (is engine.html in build.rollupOptions.input?)');
  return true;
}

/**
 * Hard-links (copies where linking fails) every file of dist/ into a new temp directory.
 * @returns the directory and a function that removes it.
 */
export function snapshotDist(src = DIST_DIR): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'preflight-dist-'));
  const visit = (from: string, to: string) => {
    for (const name of readdirSync(from)) {
      if (name.endsWith('.map')) continue;
      const a = join(from, name);
      const b = join(to, name);
      if (statSync(a).isDirectory()) {
        mkdirSync(b);
        visit(a, b);
      } else {
        try {
          linkSync(a, b);
        } catch {
          copyFileSync(a, b);
        }
      }
    }
  };
  try {
    visit(src, dir);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
