/**
 * Entry of the web app: registers the elements and, in a production build, the offline service worker and the
 * "new version available" prompt.
 */
import './app-shell.ts';
import './components/update-prompt.ts';

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker
    .register('./sw.js')
    .then(() => document.body.append(document.createElement('pf-update-prompt')))
    .catch((err: unknown) => {
      console.warn('Preflight: offline mode unavailable (service worker registration failed):', err);
    });
}
