// This page lives in embed/: the site's root (index.html, examples/, exercises/) is one
// folder up, wherever the site is hosted.
const root = new URL('../', location.href);

// `sunaba.js` is the playground's module under a name that stays the same across builds.
async function loadSunaba() {
  const mod = await import(new URL('sunaba.js', root).href);
  await mod.default();
  return mod;
}

const element = document.getElementById('playground');
try {
  const { mountEmbed } = await loadSunaba();
  // The parameters are read (strictly) by the playground itself.
  await mountEmbed(element, location.search, root.href);
} catch (e) {
  element.textContent = 'Could not load the playground: ' + e;
  throw e;
}
