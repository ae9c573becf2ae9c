// The embedding pages, run by e2e.mjs: embed.html with every mount option live, and embed/ —
// one playground filling an <iframe>, driven by its URL parameters — alone, in a small iframe on
// a host page, with an exercise and with a share link. Screenshots go to `shots`.
import { join } from 'node:path';
import { collectPageErrors } from './lib.mjs';

const settle = (page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));

/** Opens `path` (relative to the site), with console warnings collected apart from errors. */
async function open(browser, url, errors, path, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  collectPageErrors(page, errors);
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.goto(new URL(path, url).href, { waitUntil: 'load' });
  return { context, page, warnings };
}

const oneInstance = (page) => page.waitForFunction(
  () => window.sunaba?.instances?.length === 1 && document.querySelector('.sunaba'), null, { timeout: 30_000 });

export async function runEmbedFlows({ browser, site: url, shots, step, log, errors }) {
  await step('embed.html: every mount option live, six playgrounds and an iframe', async () => {
    const { context, page } = await open(browser, url, errors, 'embed.html');
    await page.waitForFunction(() => window.sunaba?.instances?.length === 6
      && document.querySelectorAll('.embed-page > section .sunaba').length === 6, null, { timeout: 30_000 });
    const documented = await page.locator('[data-testid=embed-options] tbody tr td:first-child code').allInnerTexts();
    for (const option of ['definition', 'autoApply', 'seed', 'readOnly', 'playing', 'speed', 'lang', 'cluster',
      'panels', 'mode', 'storageKey', 'share', 'exercise', 'step']) {
      if (!documented.includes(option)) throw new Error(`the options table lacks ${option}`);
    }
    const state = await page.evaluate(() => {
      const at = (id) => window.sunaba.instances.find((i) => document.getElementById(id).getAttribute('data-sunaba-instance') === String(i.id));
      const panels = (id) => [...document.querySelectorAll(`#${id} .sb-panel`)].map((s) => s.getAttribute('data-testid') || s.className);
      return {
        crashPanels: panels('demo-crash').length,
        ecsLang: document.querySelector('#demo-ecs .sunaba').getAttribute('lang'),
        ecsTab: document.querySelector('#demo-ecs [data-testid=mode-ecs]').getAttribute('aria-selected'),
        ecsServices: at('demo-ecs').state().ecs.services.length,
        pausedPlaying: document.querySelector('#demo-paused [data-testid=play-pause]').getAttribute('aria-pressed'),
        pausedPods: at('demo-paused').state().nodes.flatMap((n) => n.pods).length,
        shareLang: document.querySelector('#demo-share .sunaba').getAttribute('lang'),
        shareNotice: document.querySelector('#demo-share [data-testid=notice]')?.textContent ?? '',
      };
    });
    if (state.crashPanels !== 5) throw new Error(`the four-panel demo draws ${state.crashPanels} panels (four and the cluster's workloads)`);
    if (state.ecsLang !== 'ja' || state.ecsTab !== 'true' || state.ecsServices !== 1) throw new Error(`ECS demo: ${JSON.stringify(state)}`);
    if (state.pausedPlaying !== 'false' || state.pausedPods !== 0) throw new Error(`paused demo: ${JSON.stringify(state)}`);
    if (state.shareLang !== 'ja' || !state.shareNotice.includes('共有')) throw new Error(`share demo: ${JSON.stringify(state)}`);
    await page.locator('#demo-share-again').click();
    await settle(page);
    const reshared = await page.evaluate(() => document.querySelector('#demo-share .sunaba').getAttribute('lang'));
    if (reshared !== 'en') throw new Error(`playground 2 (English) shared into 6 shows ${reshared}`);
    const frame = page.frameLocator('#demo-iframe');
    await frame.locator('.sunaba [data-testid=cluster]').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(shots, 'embed-all-options.png'), fullPage: true });
    await context.close();
  });

  await step('embed/ reads its parameters strictly: example, panels, lang, seed, speed, playing, readOnly', async () => {
    const query = '?example=crashloop.yaml&panels=editor,cluster,events&lang=ja&seed=7&speed=10'
      + '&playing=0&readOnly=1&mode=kubernetes&colour=red&speed=60';
    const { context, page, warnings } = await open(browser, url, errors, `embed/${query}`);
    await oneInstance(page);
    const seen = await page.evaluate(() => {
      const pg = window.sunaba.instances[0];
      const has = (id) => document.querySelectorAll(`[data-testid=${id}]`).length;
      return {
        lang: document.querySelector('.sunaba').getAttribute('lang'),
        seed: pg.timeline().seed,
        speed10: document.querySelector('[data-testid=speed-10]').getAttribute('aria-pressed'),
        playing: document.querySelector('[data-testid=play-pause]').getAttribute('aria-pressed'),
        editor: document.querySelector('[data-testid=editor]').readOnly,
        text: document.querySelector('[data-testid=editor]').value,
        shown: ['editor', 'cluster', 'events', 'terminal', 'timeline', 'how-it-works', 'reconcile'].map(has),
      };
    });
    log(`embed/: ${JSON.stringify({ ...seen, text: seen.text.length })}; warnings ${JSON.stringify(warnings)}`);
    if (seen.lang !== 'ja' || seen.seed !== 7 || seen.speed10 !== 'true' || seen.playing !== 'false') throw new Error(JSON.stringify(seen));
    if (!seen.editor || !seen.text.includes('name: crasher')) throw new Error(`editor: ${seen.text.slice(0, 80)}`);
    if (seen.shown.join() !== '1,1,1,0,0,0,0') throw new Error(`panels shown: ${seen.shown}`);
    if (!warnings.some((w) => w.includes('unknown parameter "colour"'))) throw new Error(`no warning for colour: ${warnings}`);
    if (!warnings.some((w) => w.includes('`speed` is given twice'))) throw new Error(`no warning for speed twice: ${warnings}`);
    await page.evaluate(() => window.sunaba.instances[0].advance(30_000));
    await settle(page);
    const pods = await page.evaluate(() => window.sunaba.instances[0].state().nodes.flatMap((n) => n.pods.map((p) => p.name)));
    if (!pods.some((p) => p.startsWith('crasher-'))) throw new Error(`pods: ${pods}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) throw new Error(`embed/ scrolls sideways by ${overflow} px`);
    await page.screenshot({ path: join(shots, 'embed-frame-1280x800.png') });
    // Bad values: a message each, and the defaults.
    const bad = await open(browser, url, errors, 'embed/?example=../index.html&lang=fr&seed=-1&exercise=../x');
    await oneInstance(bad.page);
    const text = await bad.page.locator('[data-testid=editor]').inputValue();
    if (!text.includes('nginx')) throw new Error(`a bad example gave the editor ${text.slice(0, 60)}`);
    for (const name of ['example', 'lang', 'seed', 'exercise']) {
      if (!bad.warnings.some((w) => w.includes(`\`${name}\` must be`))) throw new Error(`no warning for ${name}: ${bad.warnings}`);
    }
    await bad.context.close();
    await context.close();
  });

  await step('embed/ in a small iframe on a host page (a slide), an exercise, and a share link', async () => {
    const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
    const page = await context.newPage();
    collectPageErrors(page, errors);
    const src = new URL('embed/?example=crashloop.yaml&panels=cluster,events&speed=10&seed=7&lang=en', url).href;
    // The host page is another origin's (localhost, not 127.0.0.1), on loopback as the site
    // is: Chromium's Local Network Access checks keep a public page (or one a test fulfils
    // itself, which has no address) from framing a server on 127.0.0.1. So it is a plain file
    // of the site's (no page: no CSP of ours) whose document is replaced by the slide.
    const host = new URL(url);
    host.hostname = 'localhost';
    await page.goto(new URL('examples/nginx-deployment.yaml', host).href, { waitUntil: 'load' });
    await page.setContent(`<!DOCTYPE html><html><body><h1>Slide 12 · CrashLoopBackOff</h1>
      <iframe id="frame" src="${src}" width="960" height="540" title="Sunaba"></iframe></body></html>`);
    const frame = page.frameLocator('#frame');
    await frame.locator('[data-testid=pod]').first().waitFor({ timeout: 30_000 });
    const inner = await page.frames().find((f) => f.url().includes('/embed/')).evaluate(() => ({
      overflow: document.documentElement.scrollWidth - window.innerWidth,
      panels: document.querySelectorAll('.sb-panel').length,
    }));
    if (inner.overflow > 1) throw new Error(`the 960 px iframe scrolls sideways by ${inner.overflow} px`);
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(shots, 'embed-iframe-slide.png') });

    const lesson = await open(browser, url, errors, 'embed/?exercise=self-healing&step=1&lang=en&playing=0');
    await lesson.page.locator('[data-testid=lesson]').waitFor({ timeout: 30_000 });
    await lesson.page.screenshot({ path: join(shots, 'embed-frame-exercise.png') });
    await lesson.context.close();

    // A share link opens the same state in embed/ (the value after `share=`).
    const from = await open(browser, url, errors, 'embed/?seed=3&playing=0&lang=ja');
    await oneInstance(from.page);
    const link = await from.page.evaluate(() => {
      const pg = window.sunaba.instances[0];
      pg.advance(20_000);
      pg.run(`sim kill ${pg.state().nodes.flatMap((n) => n.pods)[0].name}`);
      pg.advance(5_000);
      return pg.shareLink();
    });
    const state = await from.page.evaluate(() => JSON.stringify(window.sunaba.instances[0].state()));
    const to = await open(browser, url, errors, `embed/?share=${link.slice('share='.length)}`);
    await oneInstance(to.page);
    await settle(to.page);
    const [state2, lang] = await to.page.evaluate(() => [JSON.stringify(window.sunaba.instances[0].state()),
      document.querySelector('.sunaba').getAttribute('lang')]);
    if (state2 !== state) throw new Error('embed/?share= opened a different cluster');
    if (lang !== 'ja') throw new Error(`shared from Japanese, opened in ${lang}`);
    log(`embed/?share=: ${link.length}-character link reopened`);
    await from.context.close();
    await to.context.close();
    await context.close();
  });
}
