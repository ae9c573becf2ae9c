// Registers the offline service worker (sw.js, next to this file at the site root) for the whole
// site. Every page includes it; a page opened from a file, or in a browser without service
// workers, simply stays online-only. A new version waits for the next visit (see sw.js).
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  const root = new URL('./', import.meta.url);
  navigator.serviceWorker.register(new URL('sw.js', root), { scope: root.href }).catch((err) => {
    // Offline, the browser cannot fetch sw.js to look for an update; the installed one runs on.
    console.info('sunaba: service worker not registered:', err?.message ?? err);
  });
}
