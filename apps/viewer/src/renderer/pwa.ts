/**
 * Installable and usable offline in a browser: registers the service worker (public/sw.js) that
 * keeps the app shell. Only on a trusted http(s) origin: a browser refuses service workers on a
 * page whose certificate it does not trust (a self-signed relay or streamer, even once accepted),
 * and the Electron viewer loads its files locally and needs none.
 */

/** Registers ./sw.js for this page's folder when the browser allows it; failures are harmless. */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || !window.isSecureContext || !/^https?:$/.test(location.protocol)) return;
  navigator.serviceWorker.register('./sw.js', { scope: './' }).catch(() => undefined);
}
