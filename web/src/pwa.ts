/// <reference types="vite/client" />
/**
 * Installs the service worker (web/public/sw.js, served as /sw.js) once the page has loaded, in the
 * built app only (Vite's dev server has no /sw.js). The worker keeps the app shell for a reload
 * without network; it cannot see what the page fetched before it took control, so the page tells it
 * which build files it loaded (it keeps those and fetches nothing else).
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const start = () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).then(async () => {
      const ready = await navigator.serviceWorker.ready;
      const tell = (to: ServiceWorker | null) => to?.postMessage({ type: 'tally:loaded', urls: loadedBuildFiles() });
      tell(ready.active);
      // the first install takes control a moment later: tell the controlling worker again
      navigator.serviceWorker.addEventListener('controllerchange', () => tell(navigator.serviceWorker.controller), { once: true });
    }).catch(() => {
      // no worker (private mode, an aborted load): the app works as before, only not offline
    });
  };
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start, { once: true });
}

/** Same-origin /assets/ files this page has loaded so far (scripts, styles, fonts). */
function loadedBuildFiles(): string[] {
  const urls = new Set<string>();
  for (const e of performance.getEntriesByType('resource')) {
    const url = new URL(e.name);
    if (url.origin === location.origin && url.pathname.startsWith('/assets/')) urls.add(url.pathname);
  }
  for (const el of document.querySelectorAll<HTMLScriptElement | HTMLLinkElement>('script[src], link[href]')) {
    const url = new URL(el instanceof HTMLScriptElement ? el.src : el.href, location.href);
    if (url.origin === location.origin && url.pathname.startsWith('/assets/')) urls.add(url.pathname);
  }
  return [...urls];
}
