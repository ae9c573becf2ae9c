// Boots embed/index.html (a file of its own: the site's Content-Security-Policy allows no
// inline script).
// This page lives in embed/: the site's root (index.html, examples/, exercises/) is one
// folder up, wherever the site is hosted.
const root = new URL('../', location.href);

// Trunk fingerprints its output (sunaba-<hash>.js); index.html names the current files.
async function loadSunaba() {
  const html = await (await fetch(new URL('index.html', root))).text();
  const js = html.match(/["']([^"']*sunaba[^"'/]*\.js)["']/);
  const wasm = html.match(/["']([^"']*sunaba[^"'/]*_bg\.wasm)["']/);
  if (!js) throw new Error('sunaba: could not find the playground script in index.html');
  const mod = await import(new URL(js[1], root).href);
  await mod.default(wasm ? { module_or_path: new URL(wasm[1], root).href } : undefined);
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
