// The demos of embed.html (a file of its own: the site's Content-Security-Policy allows no
// inline script). It lives in embed/ because Trunk copies that folder whole.
// Trunk fingerprints its output (sunaba-<hash>.js). Read the current names from index.html,
// so this page works with any build of the site.
async function loadSunaba() {
  const html = await (await fetch('./index.html')).text();
  const js = html.match(/["']([^"']*sunaba[^"'/]*\.js)["']/);
  const wasm = html.match(/["']([^"']*sunaba[^"'/]*_bg\.wasm)["']/);
  if (!js) throw new Error('sunaba: could not find the playground script in index.html');
  const mod = await import(new URL(js[1], location.href).href);
  await mod.default(wasm ? { module_or_path: new URL(wasm[1], location.href).href } : undefined);
  return mod;
}

// A state shared from a Japanese page: a pod killed, then the Deployment scaled to 4.
const SHARED = 'share=2.eNp1U01v2zAM_SuEdrXTuM1HIWCn7TJgAwps2CXJgbFZW4ska5JcxBv63yvHcSo7qU42yfceRT3-Z46oYDxLmERdMs7-IEsYesaX83AS5unoHeMb9gl-VQQFPWMjPdARlZHEwVeWCHQp9BEsGSlydLCnSugCEL7Ixnmy357gJ9kXkdNsqwORbTkcmj3lXgIaI1tIn3uOtAgcdatI-1mLSiZBgPSluCQPpi5coEEjfpN1ota843B3L9lWH4Ish68Xjq1W5LFAj3yrATSq0PJUqMtI3JN0pyLo6M5VW-0M5afwcDkOD92vIxk6qu0ZotDn1feYZEwD4CkMDD0NgLiv7sgxeAoPikMn3clr7VHoMIAIkcYXfA8DCIXlEOfZLFvM7uO0qa2PeWKuynszzkTiTwHI4XEeF1hydWNzmhJa-tuQu9IJbKbhkM3nappQpOrOKavFDzHOSaHEDaYBkN0_dog0Tcc2eXfI2Y0f2yN6eN-aEL04-cbjj18qnuatKZrJ0DzaYOt-lH0d2yWMChEEGA8rKOuwmJtN-Lramb7qtCksme-SzUO_tU4oOAgpr7yerpfFar1YrfNlqv-VJmeJbqTskMsTcpBwOcpu3Qfg3ZQJ0nRYic-LM8vu9Q2DelrS';

const demos = ['demo-heal', 'demo-crash', 'demo-lesson', 'demo-ecs', 'demo-paused', 'demo-share'];
try {
  const { mount } = await loadSunaba();
  const text = async (path) => (await fetch(path)).text();
  // The site ships its examples under examples/; any string works as a definition.
  const [crashing, task] = await Promise.all([
    text('./examples/crashloop.yaml'), text('./examples/ecs/api-ec2.task.json')]);
  mount(document.getElementById('demo-heal'), { seed: 1 });
  const crash = mount('#demo-crash', {
    seed: 2, definition: crashing, readOnly: true, lang: 'en',
    cluster: { nodes: 2, cpu: '4', memory: '8Gi' },
    panels: ['editor', 'cluster', 'terminal', 'events'],
  });
  // An exercise file (or its text); step 1 here, whatever this browser did before.
  const lessonEl = document.getElementById('demo-lesson');
  mount(lessonEl, { exercise: 'exercises/self-healing.yaml', step: 1, playing: false });
  lessonEl.addEventListener('sunaba:steppassed', (e) => {
    const { exercise, step, finished } = e.detail;
    document.getElementById('demo-lesson-log').textContent =
      `${exercise}: step ${step + 1} done${finished ? ', exercise finished' : ''}`;
  });
  const ecs = mount('#demo-ecs', {
    definition: task, mode: 'ecs', lang: 'ja', speed: 10,
    panels: ['editor', 'cluster', 'events'],
  });
  ecs.run('aws ecs create-service --cluster default --service-name api --task-definition api --desired-count 2');
  mount('#demo-paused', {
    autoApply: false, playing: false, storageKey: 'sunaba-embed-demo',
    panels: ['timeline', 'editor', 'cluster'],
  });
  const sharePanels = ['timeline', 'cluster', 'how-it-works'];
  mount('#demo-share', { share: SHARED, panels: sharePanels });
  document.getElementById('demo-share-again').addEventListener('click', () =>
    mount('#demo-share', { share: crash.shareLink(), panels: sharePanels }));
} catch (e) {
  for (const id of demos) {
    document.getElementById(id).textContent = 'Could not load the playground: ' + e;
  }
  throw e;
}
