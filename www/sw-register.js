// Registers the site's service worker (sw.js, at the site's root) so that the site works
// offline after one visit; a page opened from a file has none.
if ('serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register(new URL('sw-register.js', import.meta.url).href.replace(/sw-register\.js$/, 'sw.js')).catch(() => {});
}
