// End-to-end test of the built playground (dist/), run by `cargo xtask test` (step "e2e"):
//   node tests/e2e/e2e.mjs http://127.0.0.1:PORT/
// Drives headless Chromium from apt (/usr/bin/chromium) with playwright-core (no browser download).
// Screenshots go to $SUNABA_SCREENSHOTS (default target/screenshots).
//
// DOM contract (see README): one `.sunaba` root per playground; [data-testid=editor|apply|clock|events|
// speed-1|speed-10], [data-testid=node][data-node=NAME], [data-testid=pod][data-pod=NAME][data-status=S]
// (clicking a pod chip opens its action menu; [data-testid=pod-action-kill] runs `sim kill POD`),
// [data-testid=narration-line][data-kind=K] (what just happened) and [data-testid=narration-live];
// window.sunaba.instances[0] has run(cmd), advance(ms), state().
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { collectPageErrors, launchChromium } from './lib.mjs';
import { runFlows } from './flows.mjs';
import { runLessonFlows } from './lessons.mjs';
import { runEmbedFlows } from './embed.mjs';
import { runAuditFlows } from './audit.mjs';
import { runSiteFlows } from './site.mjs';
import { runOfflineFlows } from './offline.mjs';
import { runHostileFlows } from './hostile.mjs';
import { runLoadBalancerFlows } from './load_balancer.mjs';
import { runSideBySideLbFlows } from './side_by_side_lb.mjs';

// The site's root; the playground is its page `playground/`.
const site = process.argv[2];
if (!site) {
  console.error('usage: node tests/e2e/e2e.mjs URL');
  process.exit(2);
}
const url = new URL('playground/', site).href;
const shots = process.env.SUNABA_SCREENSHOTS || 'target/screenshots';
mkdirSync(shots, { recursive: true });

// Never hang CI: the whole test gets 9 minutes (xtask stops it at 10).
const watchdog = setTimeout(() => {
  console.error('e2e: FAILED: timed out after 540 s');
  process.exit(1);
}, 540_000);

const errors = [];
const log = (...a) => console.log('[e2e]', ...a);

const browser = await launchChromium();

let failure = null;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  collectPageErrors(page, errors);

  const step = async (what, f) => {
    const t0 = Date.now();
    try {
      const v = await f();
      log(`ok   ${what} (${Date.now() - t0} ms)`);
      return v;
    } catch (e) {
      throw new Error(`${what}: ${e.message ?? e}`);
    }
  };
  const checkErrors = () => {
    if (errors.length) throw new Error(`errors on the page:\n  ${errors.join('\n  ')}`);
  };

  await step(`load ${url}`, () => page.goto(url, { waitUntil: 'load' }));
  await step('window.sunaba.instances[0] exists', () =>
    page.waitForFunction(() => window.sunaba?.instances?.length > 0, null, { timeout: 30_000 }));
  await step('one .sunaba root with editor, apply, clock, events, speed buttons', async () => {
    const counts = await page.evaluate(() => Object.fromEntries(
      ['.sunaba', '[data-testid=editor]', '[data-testid=apply]', '[data-testid=clock]',
        '[data-testid=events]', '[data-testid=speed-1]', '[data-testid=speed-10]']
        .map((s) => [s, document.querySelectorAll(s).length])));
    for (const [sel, n] of Object.entries(counts)) if (n < 1) throw new Error(`missing ${sel}`);
  });

  // Advance virtual time (instead of waiting in real time) until `pred` holds in the page.
  const advanceUntil = async (pred, arg, maxMs = 120_000, stepMs = 1_000) => {
    for (let t = 0; ; t += stepMs) {
      // Let Yew render what the last advance changed.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
      if (await page.evaluate(pred, arg)) return t;
      if (t >= maxMs) throw new Error(`not true after ${maxMs / 1000} s of virtual time`);
      await page.evaluate((ms) => window.sunaba.instances[0].advance(ms), stepMs);
    }
  };

  await step('3 node cards', () =>
    advanceUntil(() => document.querySelectorAll('[data-testid=node]').length === 3));
  await step('3 Running pods (default example: nginx × 3)', () =>
    advanceUntil(() => document.querySelectorAll('[data-testid=pod][data-status=Running]').length >= 3));
  checkErrors();
  await step('screenshot playground-1280x800.png', () =>
    page.screenshot({ path: join(shots, 'playground-1280x800.png') }));

  const podState = (name) => page.evaluate((n) => {
    const s = window.sunaba.instances[0].state();
    for (const node of s.nodes || []) for (const p of node.pods || []) if (p.name === n) return { ...p, node: node.name };
    return null;
  }, name);

  const chip = page.locator('[data-testid=pod]').first();
  const pod = await chip.getAttribute('data-pod');
  if (!pod) throw new Error('first pod chip has no data-pod');
  const before = await podState(pod);
  log(`killing ${pod} from its chip's menu; before: ${JSON.stringify(before)}`);
  if (!before || before.status !== 'Running') throw new Error(`state() does not show ${pod} Running`);
  const restartsBefore = Number(before.restarts ?? 0);
  await step(`keyboard: Enter on ${pod} opens its menu, ↓ moves, Escape closes and focus returns`, async () => {
    await chip.focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=action-menu]').waitFor({ timeout: 2000 });
    const first = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    if (first !== 'pod-action-kill') throw new Error(`focus on open: ${first}`);
    await page.keyboard.press('ArrowDown');
    const second = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    if (second !== 'pod-action-crash-1') throw new Error(`focus after ArrowDown: ${second}`);
    await page.keyboard.press('Escape');
    if (await page.locator('[data-testid=action-menu]').count() !== 0) throw new Error('Escape left the menu open');
    const back = await page.evaluate(() => document.activeElement?.getAttribute('data-pod'));
    if (back !== pod) throw new Error(`focus after Escape: ${back}`);
  });
  await step(`click pod chip ${pod}: its menu opens`, () => chip.click());
  await step('screenshot pod-menu.png', () => page.screenshot({ path: join(shots, 'pod-menu.png') }));
  await step('choose "Kill container" (sim kill)', async () => {
    const kill = page.locator('[data-testid=pod-action-kill]');
    const command = await kill.getAttribute('data-command');
    if (command !== `sim kill ${pod}`) throw new Error(`kill item runs ${command}`);
    await kill.click();
  });

  // ~30 s of virtual time in 1 s ticks: the kubelet restarts the killed container.
  await step('advance 30 s of virtual time', async () => {
    for (let t = 0; t < 30; t++) await page.evaluate(() => window.sunaba.instances[0].advance(1000));
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  });
  const after = await podState(pod);
  log(`after: ${JSON.stringify(after)}`);
  await step(`${pod} is Running again with RESTARTS ${restartsBefore + 1} (state())`, async () => {
    if (!after) throw new Error(`${pod} is gone from state() — the same pod must restart, not be replaced`);
    if (after.status !== 'Running') throw new Error(`status is ${after.status}`);
    if (Number(after.restarts) !== restartsBefore + 1) throw new Error(`restarts is ${after.restarts}`);
  });
  await step(`${pod} chip shows Running`, async () => {
    const status = await page.locator(`[data-testid=pod][data-pod="${pod}"]`).getAttribute('data-status');
    if (status !== 'Running') throw new Error(`chip data-status is ${status}`);
    const restarts = await page.locator(`[data-testid=pod][data-pod="${pod}"]`).getAttribute('data-restarts');
    if (restarts !== null && Number(restarts) !== restartsBefore + 1) throw new Error(`chip data-restarts is ${restarts}`);
  });
  await step('kubectl get pods shows it (window.sunaba run)', async () => {
    const out = await page.evaluate(() => String(window.sunaba.instances[0].run('kubectl get pods')));
    const line = out.split('\n').find((l) => l.startsWith(pod));
    if (!line || !/\bRunning\b/.test(line)) throw new Error(`no Running line for ${pod} in:\n${out}`);
    log(line);
  });
  await step(`the narration strip says the kubelet restarted ${pod}, and the live region says it`, async () => {
    const line = page.locator('[data-testid=narration-line][data-kind=restart]').first();
    const said = await line.locator('.sb-narration-text').innerText();
    if (!said.includes(pod) || !said.includes('the kubelet restarted it')) throw new Error(`narration: ${said}`);
    const live = await page.locator('[data-testid=narration-live]').innerText();
    if (!live.includes(said)) throw new Error(`live region: ${live}`);
  });
  await step('events list mentions the kill', async () => {
    const text = await page.locator('[data-testid=events]').first().innerText();
    if (!/Killing|Started|BackOff|Pulled|Created/.test(text)) throw new Error(`events: ${text.slice(0, 300)}`);
  });
  await step('screenshot healed.png', () => page.screenshot({ path: join(shots, 'healed.png') }));
  checkErrors();
  await runFlows({ browser, site, url, shots, step, log, errors });
  checkErrors();
  await runLessonFlows({ browser, site, url, shots, step, log, errors });
  checkErrors();
  await runEmbedFlows({ browser, site, url, shots, step, log, errors });
  checkErrors();
  await runAuditFlows({ browser, site, url, shots, step, log, errors });
  checkErrors();
  await runSiteFlows({ browser, site, shots, step, log, errors });
  checkErrors();
  // On its own copy of dist/ (served on one port it can stop and restart): SUNABA_DIST or dist.
  await runOfflineFlows({ browser, dist: process.env.SUNABA_DIST || 'dist', shots, step, log, errors });
  checkErrors();
  await runHostileFlows({ browser, site, url, shots, step, log, errors });
  checkErrors();
  await runLoadBalancerFlows({ browser, url, shots, step, errors });
  await runSideBySideLbFlows({ browser, url, shots, step, errors });
  checkErrors();
} catch (e) {
  failure = e;
} finally {
  await browser.close().catch(() => {});
  clearTimeout(watchdog);
}
if (failure) {
  console.error(`e2e: FAILED: ${failure.message ?? failure}`);
  if (errors.length) console.error(`page errors:\n  ${errors.join('\n  ')}`);
  process.exit(1);
}
log('all checks passed; screenshots in', shots);
