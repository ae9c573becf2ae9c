// The site around the playground, run by e2e.mjs: each page's first view is in its HTML before
// any Wasm arrives, and the Wasm hydrates that markup (the same DOM nodes, now live) instead of
// replacing it; a returning learner's autosaved work still opens; the landing pages in English
// and Japanese on a desktop and a phone (screenshots to open); old `index.html#lesson=…`
// addresses lead on; a missing page answers 404 with the site's own page.
import { join } from 'node:path';
import { collectPageErrors } from './lib.mjs';

const LANDINGS = [['en', ''], ['ja', 'ja/']];
const SIZES = [[1280, 800], [390, 844]];

/** A page whose Wasm download waits until `release()` is called. */
async function withHeldWasm(browser, errors, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const page = await context.newPage();
  collectPageErrors(page, errors);
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/*.wasm', async (route) => { await held; await route.continue(); });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return { context, page, release };
}

/** Waits until the page's playground answers (its markup may be on screen long before). */
async function waitLive(page) {
  await page.locator('#sunaba-app[data-live=true]').waitFor({ timeout: 30_000 });
}

export async function runSiteFlows({ browser, site, shots, step, log, errors }) {
  await step('the playground\'s first view is in its HTML, and the Wasm hydrates those very nodes', async () => {
    const { context, page, release } = await withHeldWasm(browser, errors, `${site}playground/`);
    const before = await page.evaluate(() => {
      window.__firstView = {
        editor: document.querySelector('[data-testid=editor]'),
        node: document.querySelector('[data-testid=node]'),
      };
      return {
        nodes: document.querySelectorAll('[data-testid=node]').length,
        pods: document.querySelectorAll('[data-testid=pod]').length,
        editor: document.querySelector('[data-testid=editor]')?.value ?? '',
        instances: window.sunaba?.instances?.length ?? 0,
      };
    });
    if (before.instances !== 0) throw new Error('the Wasm ran before it was released');
    if (before.nodes !== 3 || before.pods !== 3 || !before.editor.includes('kind: Deployment')) {
      throw new Error(`first view without Wasm: ${JSON.stringify(before).slice(0, 200)}`);
    }
    await page.screenshot({ path: join(shots, 'playground-before-wasm.png') });
    release();
    await page.waitForFunction(() => window.sunaba?.instances?.length > 0, null, { timeout: 30_000 });
    const kept = await page.evaluate(() => ({
      editor: document.querySelector('[data-testid=editor]') === window.__firstView.editor,
      node: document.querySelector('[data-testid=node]') === window.__firstView.node,
    }));
    if (!kept.editor || !kept.node) throw new Error(`hydration replaced the markup: ${JSON.stringify(kept)}`);
    const out = await page.evaluate(() => window.sunaba.instances[0].run('kubectl get deployments'));
    if (!/nginx-deployment/.test(out)) throw new Error(`not live after hydration: ${out}`);
    await page.waitForLoadState('networkidle');
    await context.close();
  });

  await step('a lesson page and the lesson list show their first view before the Wasm', async () => {
    for (const [path, selector] of [['lessons/self-healing/', '[data-testid=lesson]'], ['lessons/', '[data-testid=lesson-list]']]) {
      const { context, page, release } = await withHeldWasm(browser, errors, `${site}${path}`);
      const shown = await page.locator(selector).count();
      if (shown !== 1) throw new Error(`${path}: ${selector} not in the HTML`);
      release();
      // Closing while the Wasm still downloads would abort it (a failed request).
      await page.waitForLoadState('networkidle');
      await context.close();
    }
  });

  await step('a returning learner\'s autosaved text opens instead of the first view', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    collectPageErrors(page, errors);
    await page.goto(`${site}playground/`, { waitUntil: 'load' });
    await waitLive(page);
    const mine = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: mine\nspec:\n  containers:\n    - name: web\n      image: nginx:1.25\n';
    await page.evaluate((t) => window.sunaba.instances[0].setDefinition(t), mine);
    await page.locator('[data-testid=editor]').type(' ');
    await page.reload({ waitUntil: 'load' });
    await waitLive(page);
    const text = await page.locator('[data-testid=editor]').inputValue();
    if (!text.includes('name: mine')) throw new Error(`the autosaved text is gone: ${text.slice(0, 120)}`);
    await context.close();
  });

  await step('what a learner types before the Wasm is live is kept, autosaved and applied', async () => {
    const { context, page, release } = await withHeldWasm(browser, errors, `${site}playground/`);
    const editor = page.locator('[data-testid=editor]');
    await editor.click();
    await page.keyboard.press('Control+End');
    const typed = '\n# typed before the page was live\n';
    await page.keyboard.type(typed);
    release();
    await waitLive(page);
    const shown = await editor.inputValue();
    if (!shown.includes(typed.trim())) throw new Error(`hydration dropped the typing: ${shown.slice(-120)}`);
    const out = await page.evaluate(() => window.sunaba.instances[0].apply());
    if (!/deployment\.apps\/nginx-deployment/.test(out)) throw new Error(`apply: ${out}`);
    await page.reload({ waitUntil: 'load' });
    await waitLive(page);
    const reopened = await editor.inputValue();
    if (!reopened.includes(typed.trim())) throw new Error(`not autosaved: ${reopened.slice(-120)}`);
    await context.close();
  });

  for (const [lang, path] of LANDINGS) {
    for (const [w, h] of SIZES) {
      await step(`the landing page in ${lang} at ${w}×${h}: no Wasm, the three ways in`, async () => {
        const context = await browser.newContext({
          viewport: { width: w, height: h }, deviceScaleFactor: w < 500 ? 2 : 1, locale: lang === 'ja' ? 'ja-JP' : 'en-US',
        });
        const page = await context.newPage();
        collectPageErrors(page, errors);
        const wasm = [];
        page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
        await page.goto(`${site}${path}`, { waitUntil: 'load' });
        const got = await page.evaluate(() => ({
          lang: document.documentElement.lang,
          h1: document.querySelector('h1')?.innerText ?? '',
          links: ['open-playground', 'start-workshop', 'for-instructors']
            .map((id) => document.querySelector(`[data-testid=${id}]`)?.getAttribute('href')),
          width: document.documentElement.scrollWidth,
        }));
        if (got.lang !== lang) throw new Error(`lang=${got.lang}`);
        if (lang === 'ja' && !/[ぁ-んァ-ン一-龯]/.test(got.h1)) throw new Error(`h1: ${got.h1}`);
        const root = lang === 'ja' ? '../' : '';
        const want = [`${root}playground/`, `${root}lessons/`, `${root}embed.html`];
        if (JSON.stringify(got.links) !== JSON.stringify(want)) throw new Error(`links: ${got.links}`);
        if (got.width > w) throw new Error(`the page is ${got.width} px wide on a ${w} px screen`);
        if (wasm.length) throw new Error(`the landing page downloaded ${wasm}`);
        await page.screenshot({ path: join(shots, `landing-${lang}-${w}x${h}.png`), fullPage: true });
        await context.close();
      });
    }
  }

  await step('the landing page leads into the playground and the lessons', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    collectPageErrors(page, errors);
    await page.goto(site, { waitUntil: 'load' });
    await page.locator('[data-testid=open-playground]').click();
    await page.waitForFunction(() => window.sunaba?.instances?.length > 0, null, { timeout: 30_000 });
    if (!page.url().endsWith('/playground/')) throw new Error(`at ${page.url()}`);
    await page.goto(site, { waitUntil: 'load' });
    await page.locator('[data-testid=start-workshop]').click();
    await page.locator('[data-testid=lesson-list]').waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    await context.close();
  });

  await step('old addresses (index.html#lesson=ID&step=N, #lessons, #share=) lead on', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
    const page = await context.newPage();
    // Not collecting request errors here: leaving the landing page at once cancels its picture.
    page.on('pageerror', (e) => errors.push(`pageerror: ${e}`));
    for (const [from, to] of [
      ['index.html#lesson=oom-killed&step=2', '/lessons/oom-killed/#step=2'],
      ['index.html#lessons', '/lessons/'],
      ['#share=2.x', '/playground/#share=2.x'],
    ]) {
      await page.goto(`${site}${from}`, { waitUntil: 'load' });
      await page.waitForURL((u) => u.href.endsWith(to), { timeout: 10_000 });
      // The page led to loads its Wasm: leaving mid-download would abort it.
      await page.waitForLoadState('networkidle');
    }
    await page.goto(`${site}index.html#lesson=oom-killed&step=2`, { waitUntil: 'load' });
    await page.waitForFunction(() => document.querySelector('[data-testid=lesson]')?.dataset.step === '1',
      null, { timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    await context.close();
  });

  await step('a missing page answers 404 with the site\'s page', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const response = await page.goto(`${site}no-such-page`, { waitUntil: 'load' });
    if (response.status() !== 404) throw new Error(`status ${response.status()}`);
    const h1 = await page.locator('h1').innerText();
    if (!/does not exist/.test(h1)) throw new Error(`h1: ${h1}`);
    await context.close();
  });
  log('site: first views in the HTML, hydrated; landing pages; old addresses; 404');
}
