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

export const routes: Route[] = [
  { path: '/overview', label: 'Overview', group: 'Start', tag: 'pf-overview-page', load: () => import('./pages/overview-page.ts') },
  {
    path: '/vidaio/upscaling',
    label: 'Upscaling check',
    group: 'Vidaio',
    tag: 'pf-vidaio-upscaling-page',
    load: () => import('./pages/vidaio-upscaling-page.ts'),
  },
  {
    path: '/vidaio/compression',
    label: 'Compression check',
    group: 'Vidaio',
    tag: 'pf-vidaio-compression-page',
    load: () => import('./pages/vidaio-compression-page.ts'),
  },
  {
    path: '/vidaio/removal',
    label: 'Object-removal check',
    group: 'Vidaio',
    tag: 'pf-vidaio-removal-page',
    load: () => import('./pages/vidaio-removal-page.ts'),
  },
  { path: '/vidaio/compare', label: 'Compare candidates', group: 'Vidaio', tag: 'pf-compare-page', load: () => import('./pages/compare-page.ts') },
  { path: '/vidaio/competition', label: 'Competition', group: 'Vidaio', tag: 'pf-competition-page', load: () => import('./pages/competition-page.ts') },
  { path: '/bitmind/detector', label: 'Detector', group: 'BitMind', tag: 'pf-bitmind-detector-page', load: () => import('./pages/bitmind-detector-page.ts') },
  {
    path: '/bitmind/segmenter',
    label: 'Segmenter',
    group: 'BitMind',
    tag: 'pf-bitmind-segmenter-page',
    load: () => import('./pages/bitmind-segmenter-page.ts'),
  },
  { path: '/yuma', label: 'Yuma consensus', group: 'Network', tag: 'pf-yuma-page', load: () => import('./pages/yuma-page.ts') },
  { path: '/zap', label: 'Zap', group: 'Network', tag: 'pf-zap-page', load: () => import('./pages/zap-page.ts') },
  { path: '/bly', label: 'BLY rewards', group: 'Network', tag: 'pf-bly-page', load: () => import('./pages/bly-page.ts') },
  { path: '/history', label: 'History', group: 'App', tag: 'pf-history-page', load: () => import('./pages/history-page.ts') },
  { path: '/packs', label: 'Rule packs', group: 'App', tag: 'pf-packs-page', load: () => import('./pages/packs-page.ts') },
  { path: '/settings', label: 'Settings', group: 'App', tag: 'pf-settings-page', load: () => import('./pages/settings-page.ts') },
];

export const defaultPath = '/overview';

export function routeFor(hash: string): Route {
  const path = hash.replace(/^#/, '') || defaultPath;
  return routes.find((r) => r.path === path) ?? routes.find((r) => r.path === defaultPath)!;
}
