// The workshop flows, run by e2e.mjs: open the lesson list, open the self-healing exercise and do
// it by clicking as a learner would (the step's commands, a pod's "Kill container"), see it marked
// done, reload and find the progress kept; one exercise in Japanese on a 390 px phone; one
// exercise embedded with mount({exercise}), check() and the sunaba:steppassed event. Every flow
// asserts what it shows; screenshots are for people to open.
import { join } from 'node:path';
import { collectPageErrors, runAloneIfMain } from './lib.mjs';

export const settle = (page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));

/** The lesson panel's current step (0-based) and whether the exercise is done. */
export const lessonState = (page) => page.evaluate(() => {
  const el = document.querySelector('[data-testid=lesson]');
  return el && { step: Number(el.dataset.step), finished: el.dataset.finished === 'true' };
});

/** Lets the clock play (at ×10) until the lesson reaches `step` or is done. */
export async function playUntilStep(page, step, realMs = 20_000) {
  await page.locator('[data-testid=speed-10]').click();
  const t0 = Date.now();
  for (;;) {
    const s = await lessonState(page);
    if (s && (s.step >= step || s.finished)) return s;
    if (Date.now() - t0 > realMs) throw new Error(`still at ${JSON.stringify(s)}, want step ${step}`);
    await page.waitForTimeout(100);
  }
}

/** Waits until the Wasm has taken over the lesson page: the lesson is open in the session and
 * the markup rendered at build time is live (a click before that would do nothing). */
export async function lessonLive(page) {
  await page.locator('[data-testid=lesson]').waitFor({ timeout: 30_000 });
  await page.locator('#sunaba-app[data-live=true], [data-sunaba-instance][data-live=true]').first().waitFor({ timeout: 30_000 });
  await settle(page);
}

export const clickCommand = (page, command) =>
  page.locator(`[data-testid=lesson-command][data-command="${command}"]`).first().click();

export async function runLessonFlows({ browser, site, shots, step, log, errors }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const page = await context.newPage();
  collectPageErrors(page, errors);

  await step('the lesson list shows the course in order, none started', async () => {
    await page.goto(`${site}lessons/`, { waitUntil: 'load' });
    await page.locator('[data-testid=lesson-list]').waitFor({ timeout: 30_000 });
    const cards = await page.locator('[data-testid=lesson-list] > li').count();
    if (cards < 16) throw new Error(`${cards} lessons listed`);
    const first = await page.locator('[data-testid=lesson-list] > li h2').first().innerText();
    if (first !== 'What is in an image') throw new Error(`first lesson: ${first}`);
    const done = await page.locator('[data-testid=lesson-list] > li[data-done=true]').count();
    if (done !== 0) throw new Error(`${done} lessons already done in a fresh browser`);
    await page.screenshot({ path: join(shots, 'lessons-list-1280x800.png') });
    // The Wasm is fetched after the first paint, so after `load`: it and the course it reads
    // finish before the next step leaves the page.
    await page.waitForLoadState('networkidle');
  });

  await step('open "Self-healing" from the list: its text beside its own panels', async () => {
    await page.locator('[data-testid=lesson-self-healing] h2 a').click();
    await lessonLive(page);
    if (!page.url().endsWith('/lessons/self-healing/')) throw new Error(`url ${page.url()}`);
    const s = await lessonState(page);
    if (s.step !== 0 || s.finished) throw new Error(`opened at ${JSON.stringify(s)}`);
    // The exercise declares terminal, cluster, events and how-it-works: no editor, no timeline.
    for (const [sel, want] of [['[data-testid=editor]', 0], ['[data-testid=timeline]', 0],
      ['[data-testid=events]', 1], ['[data-testid=lesson-command]', 2]]) {
      const n = await page.locator(sel).count();
      if ((want === 0) !== (n === 0)) throw new Error(`${sel}: ${n}`);
    }
  });

  await step('step 1 by clicking its commands: apply, then wait', async () => {
    await clickCommand(page, 'kubectl apply -f web.yaml');
    await settle(page);
    // Checked after the command: the goal's clause says what is missing.
    const clause = await page.locator('[data-testid=lesson-clause]').first().innerText();
    if (!/deployment\/web: ready is 0, want 3/.test(clause)) throw new Error(`clause: ${clause}`);
    await page.screenshot({ path: join(shots, 'lesson-self-healing-step1.png') });
    await clickCommand(page, 'sim wait 30s');
    await settle(page);
    const s = await lessonState(page);
    if (s.step !== 1) throw new Error(`after the wait: ${JSON.stringify(s)}`);
    const status = await page.locator('[data-testid=lesson-status]').innerText();
    if (!/Step 1 done/.test(status)) throw new Error(`status: ${status}`);
  });

  await step('step 2: kill a container from its pod chip, watch the restart', async () => {
    const chip = page.locator('[data-testid=pod]').first();
    await chip.click();
    await page.locator('[data-testid=pod-action-kill]').click();
    await playUntilStep(page, 2);
    const log_ = await page.locator('[data-testid=terminal]').first().innerText();
    if (!/sim kill web-/.test(log_)) throw new Error('the kill is not in the terminal');
  });

  await step('step 3: delete the pods; the ReplicaSet makes new ones; done', async () => {
    await clickCommand(page, 'kubectl delete pod -l app=web');
    const s = await playUntilStep(page, 3);
    if (!s.finished) throw new Error(`not finished: ${JSON.stringify(s)}`);
    await page.locator('[data-testid=lesson-finished]').waitFor();
    await page.locator('[data-testid=speed-1]').click();
    await page.screenshot({ path: join(shots, 'lesson-self-healing-done.png') });
  });

  await step('reload: the exercise reopens done; the list marks it done', async () => {
    await page.reload({ waitUntil: 'load' });
    await page.locator('[data-testid=lesson-finished]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid=lesson-list-link]').click();
    await page.locator('[data-testid=lesson-list]').waitFor({ timeout: 30_000 });
    // The list's first view is in the page's HTML; the learner's progress arrives when the
    // Wasm has taken it over.
    await page.waitForFunction(() => document.querySelector('[data-testid=lesson-self-healing]')
      ?.dataset.done === 'true', null, { timeout: 30_000 }).catch(() => { throw new Error('not marked done'); });
    const card = page.locator('[data-testid=lesson-self-healing]');
    const progress = await card.locator('[data-testid=lesson-progress]').innerText();
    if (progress !== 'Done') throw new Error(`progress: ${progress}`);
    await card.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'lessons-list-progress.png') });
  });

  await step('a deep link opens a step; Show solution plays it in the terminal', async () => {
    await page.goto(`${site}lessons/oom-killed/#step=1`, { waitUntil: 'load' });
    await lessonLive(page);
    await page.evaluate(() => window.sunaba.instances.at(-1).pause());
    const before = await lessonState(page);
    if (before.step !== 0) throw new Error(`deep link to step 1 opened ${JSON.stringify(before)}`);
    await page.locator('[data-testid=lesson-solution]').click();
    await settle(page);
    const after = await lessonState(page);
    if (after.step !== 1) throw new Error(`after Show solution: ${JSON.stringify(after)}`);
    const term = await page.locator('[data-testid=terminal]').first().innerText();
    if (!/kubectl describe pod -l app=leaky/.test(term) || !/OOMKilled/.test(term)) {
      throw new Error(`terminal: ${term.slice(0, 300)}`);
    }
  });

  // A script may act the moment the exercise is open, before the page built for it has been
  // hydrated: the page must then be drawn afresh, not hydrated from markup that no longer
  // matches (Yew panics on that, and a panic takes the page down).
  await step('check() and commands the moment a lesson opens: no panic, the change drawn', async () => {
    await page.goto(`${site}lessons/ecs-rollout-behind-a-load-balancer/`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.sunaba?.instances?.at(-1)?.check(), null, { timeout: 30_000, polling: 'raf' });
    await page.evaluate(() => {
      const p = window.sunaba.instances.at(-1);
      p.run('sim traffic web-alb 100');
      p.run('sim wait 10s');
    });
    await page.locator('[data-testid=traffic-chart][data-service="loadbalancer/web-alb"]')
      .waitFor({ timeout: 10_000 }).catch(() => { throw new Error('the load balancer\'s traffic never reached the charts'); });
    await page.locator('[data-testid=lesson]').waitFor();
  });
  await context.close();

  await step('one exercise in Japanese on a 390 px phone', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'ja-JP',
    });
    const p = await phone.newPage();
    collectPageErrors(p, errors);
    await p.goto(`${site}lessons/oom-killed/`, { waitUntil: 'load' });
    await lessonLive(p);
    await p.evaluate(() => window.sunaba.instances.at(-1).pause());
    const body = await p.locator('[data-testid=lesson-body]').innerText();
    if (!/ステップ 1 \/ 2/.test(body)) throw new Error(`not Japanese: ${body.slice(0, 120)}`);
    await p.locator('[data-testid=lesson-check]').tap();
    await settle(p);
    const clause = await p.locator('[data-testid=lesson-clause]').first().innerText();
    if (!/[ぁ-んァ-ン一-龯]/.test(clause)) throw new Error(`clause not in Japanese: ${clause}`);
    const width = await p.evaluate(() => document.documentElement.scrollWidth);
    if (width > 390) throw new Error(`the page is ${width} px wide on a 390 px phone`);
    await p.screenshot({ path: join(shots, 'lesson-ja-390x844.png') });
    await phone.close();
  });

  await step('embed: mount({exercise}), check(), and the sunaba:steppassed event', async () => {
    const embed = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const p = await embed.newPage();
    collectPageErrors(p, errors);
    await p.goto(`${site}embed.html`, { waitUntil: 'load' });
    await p.waitForFunction(() => document.querySelector('#demo-lesson [data-testid=lesson]'), null, { timeout: 30_000 });
    const result = await p.evaluate(async () => {
      const el = document.getElementById('demo-lesson');
      const pg = window.sunaba.instances.find((i) => el.getAttribute('data-sunaba-instance') === String(i.id));
      pg.pause();
      const heard = [];
      el.addEventListener('sunaba:steppassed', (e) => heard.push(e.detail));
      const before = pg.check();
      pg.run('kubectl apply -f web.yaml');
      pg.run('sim wait 30s');
      const after = pg.check();
      return { before, after, heard };
    });
    const failed = result.before.clauses.filter((c) => !c.passed).map((c) => c.reason.en);
    if (result.before.step !== 0 || failed.length === 0) throw new Error(`before: ${JSON.stringify(result.before)}`);
    if (result.after.step !== 1) throw new Error(`after: ${JSON.stringify(result.after).slice(0, 300)}`);
    const [e] = result.heard;
    if (!e || e.exercise !== 'self-healing' || e.step !== 0 || e.finished) {
      throw new Error(`steppassed events: ${JSON.stringify(result.heard)}`);
    }
    log(`embed: check() said "${failed[0]}", then step ${result.after.step}; event ${JSON.stringify(e)}`);
    await p.locator('#demo-lesson').scrollIntoViewIfNeeded();
    await p.screenshot({ path: join(shots, 'embed-exercise.png') });

    // A command sent while the exercise still loads is refused, not lost in a world the
    // exercise then replaces; `ready` says when commands count, or why they never will.
    const q = await embed.newPage();
    const expected = [];
    collectPageErrors(q, expected);
    await q.goto(`${site}embed.html`, { waitUntil: 'load' });
    await q.waitForFunction(() => window.sunaba?.instances?.length > 0, null, { timeout: 30_000 });
    const early = await q.evaluate(async () => {
      const { mount } = await import(new URL('sunaba.js', document.baseURI).href);
      const host = document.createElement('div');
      document.body.append(host);
      const pg = mount(host, { exercise: 'exercises/self-healing.yaml', playing: false });
      const refused = pg.run('kubectl apply -f web.yaml');
      const checkedEarly = pg.check();
      await pg.ready;
      const ran = pg.run('kubectl apply -f web.yaml');
      const step = pg.check()?.step;
      const bad = mount(document.body.appendChild(document.createElement('div')),
        { exercise: 'exercises/no-such-exercise.yaml' });
      const rejected = await bad.ready.then(() => 'resolved', (e) => String(e.message));
      return { refused, checkedEarly, ran, step, rejected };
    });
    if (!/still loading; await playground\.ready/.test(early.refused) || early.checkedEarly !== null) {
      throw new Error(`before ready: ${JSON.stringify(early)}`);
    }
    if (!/deployment\.apps\/web created/.test(early.ran) || early.step !== 0) throw new Error(`after ready: ${JSON.stringify(early)}`);
    if (!/no-such-exercise/.test(early.rejected)) throw new Error(`a missing exercise: ${early.rejected}`);
    const unexpected = expected.filter((e) => !/still loading|no-such-exercise|status of 404/.test(e));
    if (unexpected.length || expected.length === 0) throw new Error(`page errors: ${JSON.stringify(expected)}`);
    log(`embed: before ready "${early.refused}"; a missing exercise rejects ready: "${early.rejected}"`);
    await embed.close();
  });
}

await runAloneIfMain(import.meta.url, runLessonFlows);
