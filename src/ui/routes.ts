/**
 * The app's pages: hash route, navigation label, group, element tag and a lazy loader (each page is its own chunk).
 */
export interface Route {
  path: string;
  label: string;
  group: 'Start' | 'Vidaio' | 'BitMind' | 'Network' | 'App';
  tag: string;
  load: () => Promise<unknown>;
}

/** The page at `path` is the element `pf-<page>`, defined by ./pages/<page>.ts and loaded on the first visit. */
function page(path: string, label: string, group: Route['group'], name: string): Route {
  return { path, label, group, tag: `pf-${name}`, load: () => import(`./pages/${name}.ts`) };
}

export const routes: Route[] = [
  page('/overview', 'Overview', 'Start', 'overview-page'),
  page('/vidaio/upscaling', 'Upscaling check', 'Vidaio', 'vidaio-upscaling-page'),
  page('/vidaio/compression', 'Compression check', 'Vidaio', 'vidaio-compression-page'),
  page('/vidaio/removal', 'Object-removal check', 'Vidaio', 'vidaio-removal-page'),
  page('/vidaio/compare', 'Compare candidates', 'Vidaio', 'compare-page'),
  page('/vidaio/competition', 'Competition', 'Vidaio', 'competition-page'),
  page('/bitmind/detector', 'Detector', 'BitMind', 'bitmind-detector-page'),
  page('/bitmind/segmenter', 'Segmenter', 'BitMind', 'bitmind-segmenter-page'),
  page('/yuma', 'Yuma consensus', 'Network', 'yuma-page'),
  page('/zap', 'Zap', 'Network', 'zap-page'),
  page('/bly', 'BLY rewards', 'Network', 'bly-page'),
  page('/history', 'History', 'App', 'history-page'),
  page('/packs', 'Rule packs', 'App', 'packs-page'),
  page('/settings', 'Settings', 'App', 'settings-page'),
];

export const defaultPath = '/overview';

export function routeFor(hash: string): Route {
  const path = hash.replace(/^#/, '') || defaultPath;
  return routes.find((r) => r.path === path) ?? routes.find((r) => r.path === defaultPath)!;
}
