// Accessibility and reach, run by e2e.mjs: axe-core finds no violation on the playground and on
// a lesson, in English and Japanese, at 1366×800 and on a 390×844 phone; on the phone every
// control is at least 44 px tall (a checkbox counts by its label) and the page is no wider than
// the screen. Screenshots of each are for people to open.
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { collectPageErrors } from './lib.mjs';

const SIZES = [[1366, 800], [390, 844]];
const LOCALES = [['en', 'en-US'], ['ja', 'ja-JP']];

/** Interactive elements smaller than a 44 px target (checkboxes are reached by their label). */
const smallTargets = (page) => page.evaluate(() => [...document.querySelectorAll(
  'button, a[href], input:not([type=checkbox]), select, textarea, [role=tab]')]
  .filter((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.height < 44;
  })
  .map((e) => `${e.tagName.toLowerCase()}[${e.dataset.testid || e.className}] ${Math.round(e.getBoundingClientRect().height)} px`));

// Every kind of page the site has; `app` pages wait for the playground to take over.
const PAGES = [
  ['landing', '', false], ['landing-ja', 'ja/', false], ['lessons', 'lessons/', false],
  ['playground', 'playground/', true], ['lesson', 'lessons/self-healing/', true], ['not-found', '404.html', false],
];

export async function runAuditFlows({ browser, site, shots, step, log, errors }) {
  for (const [page_, path, app] of PAGES) {
    for (const [lang, locale] of LOCALES) {
      for (const [w, h] of SIZES) {
        await step(`axe-core: the ${page_} in ${lang} at ${w}×${h} has no violation`, async () => {
          const context = await browser.newContext({
            viewport: { width: w, height: h }, locale, deviceScaleFactor: w < 500 ? 2 : 1,
          });
          const page = await context.newPage();
          collectPageErrors(page, errors);
          await page.goto(`${site}${path}`, { waitUntil: 'load' });
          if (app) {
            await page.waitForFunction(() => window.sunaba?.instances?.length > 0
              && document.querySelector('.sunaba [data-testid=clock]'), null, { timeout: 30_000 });
            // A lesson page answers commands once its exercise has opened (`ready`).
            await page.evaluate(async () => {
              const p = window.sunaba.instances.at(-1);
              await p.ready;
              p.pause();
              p.advance(30_000);
            });
          } else if (path === 'lessons/') {
            await page.locator('[data-testid=lesson-list]').waitFor({ timeout: 30_000 });
          }
          await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
          const found = (await new AxeBuilder({ page }).analyze()).violations;
          if (found.length) {
            throw new Error(found.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes[0].target} — ${v.help}`).join('; '));
          }
          if (w < 500) {
            const small = await smallTargets(page);
            if (small.length) throw new Error(`targets under 44 px: ${[...new Set(small)].slice(0, 8).join(', ')}`);
            const width = await page.evaluate(() => document.documentElement.scrollWidth);
            if (width > w) throw new Error(`the page is ${width} px wide on a ${w} px screen`);
          }
          await page.screenshot({ path: join(shots, `${page_}-${lang}-${w}x${h}.png`) });
          await context.close();
        });
      }
    }
  }
  log('axe-core clean; phone targets ≥ 44 px');
}
