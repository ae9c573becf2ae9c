// Offline, run by e2e.mjs (or alone: node tests/e2e/offline.mjs [DIST], default dist/): a first
// visit installs the service worker and fills its cache; then the network goes away (the
// browser is set offline and the server is stopped) and the self-healing lesson is done step by
// step, the playground opens in Japanese, a share link opens, an example loads in embed/. Then a
// new build appears: its worker installs but waits while an old page is open, and takes over on
// the next visit. The site is a copy of dist/ served on one port, so the origin stays the same.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { collectPageErrors, launchChromium, serveDir } from './lib.mjs';
import { clickCommand, lessonLive, lessonState, playUntilStep, settle } from './lessons.mjs';

/** The self-healing lesson, relative to the site root. */
export const SELF_HEALING = 'lessons/self-healing/';
const PLACEHOLDER = 'self.__PRECACHE = ';
const CACHE_PREFIX = 'sunaba-precache-';

/** The precache list `cargo xtask dist` wrote into `dir`/sw.js. */
function readPrecache(dir) {
  const line = readFileSync(join(dir, 'sw.js'), 'utf8').split('\n').find((l) => l.startsWith(PLACEHOLDER));
  if (!line) throw new Error('sw.js has no precache line');
  return JSON.parse(line.slice(PLACEHOLDER.length).replace(/;\s*$/, ''));
}

/** Waits until the worker is active and its cache holds every listed file. */
async function waitForPrecache(page, list, timeout = 60_000) {
  const t0 = Date.now();
  for (;;) {
    const s = await page.evaluate(async ({ list, prefix }) => {
      const reg = await navigator.serviceWorker.ready;
      const cache = await caches.open(prefix + list.version);
      const have = new Set((await cache.keys()).map((r) => r.url));
      const missing = list.entries.map((e) => new URL(e.url, reg.scope).href).filter((u) => !have.has(u));
      return { active: reg.active?.state, missing };
    }, { list, prefix: CACHE_PREFIX });
    if (s.active === 'activated' && s.missing.length === 0) return;
    if (Date.now() - t0 > timeout) throw new Error(`worker ${s.active}; not cached: ${s.missing.slice(0, 5).join(' ')}`);
    await page.waitForTimeout(200);
  }
}

const registration = (page) => page.evaluate(async (prefix) => {
  const reg = await navigator.serviceWorker.getRegistration();
  return {
    active: reg?.active?.state ?? null,
    waiting: reg?.waiting?.state ?? null,
    controlled: navigator.serviceWorker.controller !== null,
    caches: (await caches.keys()).filter((n) => n.startsWith(prefix)).sort(),
  };
}, CACHE_PREFIX);

/** A file of the site (served at the server's root here), fetched by the page. */
const fetchText = (page, path) => page.evaluate(async (p) => (await fetch(new URL(p, `${location.origin}/`))).text(), path);

export async function runOfflineFlows({ browser, dist = 'dist', shots, step, log, errors }) {
  // A copy: the update check below writes a new build into it.
  const dir = mkdtempSync(join(tmpdir(), 'sunaba-offline-'));
  cpSync(resolve(dist), dir, { recursive: true });
  let site = await serveDir(dir);
  const { port } = site;
  const list = readPrecache(dir);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const open = async (path) => {
    const p = await context.newPage();
    collectPageErrors(p, errors);
    await p.goto(new URL(path, site.url).href, { waitUntil: 'load' });
    return p;
  };
  const playground = (p) => p.waitForFunction(() => window.sunaba?.instances?.length > 0, null, { timeout: 30_000 });
  try {
    const page = await open('playground/');
    await step(`first visit: the worker installs and caches all ${list.entries.length} listed files`, async () => {
      await playground(page);
      await waitForPrecache(page, list);
    });

    await step('offline (browser offline, server stopped): a reload is served by the worker', async () => {
      await context.setOffline(true);
      await site.close();
      await page.reload({ waitUntil: 'load' });
      await playground(page);
      const r = await registration(page);
      if (!r.controlled) throw new Error(`the page is not controlled: ${JSON.stringify(r)}`);
    });

    await step('offline: the self-healing lesson, step by step', async () => {
      await page.goto(new URL(SELF_HEALING, site.url).href, { waitUntil: 'load' });
      await lessonLive(page);
      const start = await lessonState(page);
      if (start.step !== 0 || start.finished) throw new Error(`opened at ${JSON.stringify(start)}`);
      await clickCommand(page, 'kubectl apply -f web.yaml');
      await settle(page);
      await clickCommand(page, 'sim wait 30s');
      await settle(page);
      const one = await lessonState(page);
      if (one.step !== 1) throw new Error(`after the wait: ${JSON.stringify(one)}`);
      await page.locator('[data-testid=pod]').first().click();
      await page.locator('[data-testid=pod-action-kill]').click();
      await playUntilStep(page, 2);
      await clickCommand(page, 'kubectl delete pod -l app=web');
      const done = await playUntilStep(page, 3);
      if (!done.finished) throw new Error(`not finished: ${JSON.stringify(done)}`);
      await page.locator('[data-testid=lesson-finished]').waitFor();
      await page.locator('[data-testid=speed-1]').click();
      if (shots) await page.screenshot({ path: join(shots, 'offline-lesson-done.png') });
    });

    await step('offline: the lesson list, the playground in Japanese (?lang=ja), a share link', async () => {
      const lessons = await open('lessons/');
      await lessons.locator('[data-testid=lesson-list]').waitFor({ timeout: 30_000 });
      // Progress arrives when the Wasm has taken over the list rendered at build time.
      await lessons.waitForFunction(() => document.querySelector('[data-testid=lesson-self-healing]')
        ?.dataset.done === 'true', null, { timeout: 30_000 }).catch(() => { throw new Error('the lesson is not marked done'); });
      await lessons.close();
      const ja = await open('playground/?lang=ja');
      await playground(ja);
      const lang = await ja.evaluate(() => document.querySelector('.sunaba')?.getAttribute('lang'));
      if (lang !== 'ja') throw new Error(`lang ${lang}`);
      await ja.evaluate(() => {
        const pg = window.sunaba.instances[0];
        pg.pause();
        for (let t = 0; t < 30; t++) pg.advance(1000);
        pg.run('kubectl scale deployment/nginx-deployment --replicas=4');
        for (let t = 0; t < 20; t++) pg.advance(1000);
      });
      await settle(ja);
      await ja.locator('[data-testid=share]').click();
      const link = await ja.locator('[data-testid=share-link]').inputValue();
      if (!link.includes('#share=')) throw new Error(`share link: ${link.slice(0, 80)}`);
      const snapshot = (p) => p.evaluate(() => JSON.stringify([window.sunaba.instances[0].nowMs(), window.sunaba.instances[0].state()]));
      const shared = await snapshot(ja);
      const other = await context.newPage();
      collectPageErrors(other, errors);
      await other.goto(link, { waitUntil: 'load' });
      await playground(other);
      await settle(other);
      if ((await snapshot(other)) !== shared) throw new Error('the share link opened offline shows a different cluster');
      await Promise.all([ja.close(), other.close()]);
    });

    await step('offline: embed (no slash) → embed/, which loads an example file (?example=crashloop.yaml)', async () => {
      const embed = await open('embed?example=crashloop.yaml&playing=0');
      await playground(embed);
      const at = new URL(embed.url());
      if (at.pathname !== '/embed/' || at.search !== '?example=crashloop.yaml&playing=0') throw new Error(`at ${embed.url()}`);
      const text = await embed.locator('[data-testid=editor]').inputValue();
      if (!text.includes('name: crasher')) throw new Error(`editor: ${text.slice(0, 80)}`);
      await embed.close();
    });

    await context.setOffline(false);
    site = await serveDir(dir, { port });
    const exercise = 'exercises/self-healing.yaml';
    const before = await fetchText(page, exercise);
    await step('a new build: its worker installs, then waits while the old page is open', async () => {
      writeFileSync(join(dir, exercise), `${before}\n# the next build\n`);
      const next = { ...list, version: `${list.version}-next` };
      next.entries = list.entries.map((e) => (e.url === exercise ? { ...e, revision: 'next' } : e));
      const sw = readFileSync(join(dir, 'sw.js'), 'utf8').split('\n')
        .map((l) => (l.startsWith(PLACEHOLDER) ? `${PLACEHOLDER}${JSON.stringify(next)};` : l)).join('\n');
      writeFileSync(join(dir, 'sw.js'), sw);
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
      for (const t0 = Date.now(); (await registration(page)).waiting !== 'installed';) {
        if (Date.now() - t0 > 30_000) throw new Error(`no new worker installed: ${JSON.stringify(await registration(page))}`);
        await page.waitForTimeout(200);
      }
      const names = [CACHE_PREFIX + list.version, CACHE_PREFIX + next.version].sort();
      for (const when of ['installed', 'after a reload of the old page']) {
        const r = await registration(page);
        if (r.active !== 'activated' || r.waiting !== 'installed' || !r.controlled
          || JSON.stringify(r.caches) !== JSON.stringify(names)) {
          throw new Error(`${when}: ${JSON.stringify(r)}`);
        }
        // Mid-lesson, the old version's text is what the page gets.
        if ((await fetchText(page, exercise)) !== before) throw new Error(`${when}: the page sees the new exercise`);
        if (when === 'installed') await page.reload({ waitUntil: 'load' });
      }
      log(`offline: version ${next.version} waits while the old page is open`);
    });

    await step('the next visit (every old tab closed) runs the new version', async () => {
      for (const p of context.pages()) await p.close();
      let fresh = null;
      for (let attempt = 0; ; attempt++) {
        fresh = await open('');
        const r = await registration(fresh);
        if (r.waiting === null && r.caches.length === 1 && r.caches[0].endsWith('-next')) break;
        // The old worker may still have been finishing with the closed tab: visit again.
        if (attempt >= 5) throw new Error(`the new version did not take over: ${JSON.stringify(r)}`);
        await fresh.close();
        await new Promise((ok) => setTimeout(ok, 500));
      }
      if (!(await fetchText(fresh, exercise)).includes('# the next build')) throw new Error('the new exercise is not served');
    });
  } finally {
    await context.close().catch(() => {});
    await site.close().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  }
}

// Alone: node tests/e2e/offline.mjs [DIST]
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const browser = await launchChromium();
  const errors = [];
  const log = (...a) => console.log('[offline]', ...a);
  const step = async (what, f) => {
    const t0 = Date.now();
    try {
      await f();
      log(`ok   ${what} (${Date.now() - t0} ms)`);
    } catch (e) {
      throw new Error(`${what}: ${e.message ?? e}`);
    }
  };
  let failed = null;
  try {
    await runOfflineFlows({ browser, dist: process.argv[2] || 'dist', shots: null, step, log, errors });
    if (errors.length) throw new Error(`errors on the page:\n  ${errors.join('\n  ')}`);
  } catch (e) {
    failed = e;
  } finally {
    await browser.close();
  }
  if (failed) {
    console.error(`offline: FAILED: ${failed.message ?? failed}`);
    process.exit(1);
  }
  log('all checks passed');
}
