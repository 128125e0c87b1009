/** Entry of the web app: registers the elements and, in a production build, the offline service worker. */
import './app-shell.ts';

if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch((err: unknown) => {
    console.warn('Preflight: offline mode unavailable (service worker registration failed):', err);
  });
}
