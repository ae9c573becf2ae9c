// The rest of the issue-3/4/5 end-to-end flows, run by e2e.mjs after the newcomer flow:
// reload keeps the editor, a share link reproduces the state, the embed page hosts two
// independent playgrounds, the page in Japanese, on a 390 px phone, and the troubleshooting
// screenshots (stalled rollout, drained node, traffic during a crash), then Amazon ECS mode and
// the side-by-side view in English and Japanese, then the Dockerfile panel. Every flow asserts what
// it shows; screenshots are for people to open.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectPageErrors } from './lib.mjs';

const settle = (page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));

async function openPlayground(browser, url, errors, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  collectPageErrors(page, errors);
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.sunaba?.instances?.length > 0, null, { timeout: 30_000 });
  // Tests move time themselves.
  await page.evaluate(() => window.sunaba.instances[0].pause());
  return { context, page };
}

const run = (page, cmd) => page.evaluate((c) => String(window.sunaba.instances[0].run(c)), cmd);
const advance = async (page, ms, tick = 1000) => {
  await page.evaluate(([total, t]) => {
    for (let done = 0; done < total; done += t) window.sunaba.instances[0].advance(t);
  }, [ms, tick]);
  await settle(page);
};
const stateJson = (page) => page.evaluate(() => JSON.stringify(window.sunaba.instances[0].state()));

export async function runFlows({ browser, site, url, shots, step, log, errors }) {
  // 1. Nothing typed is lost: autosave + restore on reload.
  await step('reload keeps the editor text', async () => {
    const { context, page } = await openPlayground(browser, url, errors);
    const marker = `# typed by the e2e test ${Date.now()}`;
    const editor = page.locator('[data-testid=editor]');
    const text = await editor.inputValue();
    await editor.fill(`${marker}\n${text}`);
    await page.reload({ waitUntil: 'load' });
    await page.waitForFunction(() => window.sunaba?.instances?.length > 0);
    const after = await page.locator('[data-testid=editor]').inputValue();
    if (!after.startsWith(marker)) throw new Error(`after reload the editor starts with ${after.slice(0, 60)}`);
    // Leave the default text for the next flows.
    await page.locator('[data-testid=editor]').fill(text);
    await context.close();
  });

  // 2. Share: the link opens the same cluster at the same moment.
  await step('a share link reproduces the state', async () => {
    const { context, page } = await openPlayground(browser, url, errors);
    await advance(page, 30_000);
    const pod = await page.evaluate(() => window.sunaba.instances[0].state().nodes.flatMap((n) => n.pods)[0].name);
    await run(page, `sim crash ${pod} 1`);
    await advance(page, 7_000);
    await run(page, 'kubectl scale deployment/nginx-deployment --replicas=5');
    await advance(page, 20_000);
    await page.locator('[data-testid=share]').click();
    const link = await page.locator('[data-testid=share-link]').inputValue();
    if (!link.includes('#share=2.')) throw new Error(`share link: ${link.slice(0, 80)}`);
    const told = await page.locator('[data-testid=share-length]').innerText();
    if (!told.includes(String(link.length))) throw new Error(`the dialog says "${told}" of a ${link.length}-character link`);
    const [now, state] = [await page.evaluate(() => window.sunaba.instances[0].nowMs()), await stateJson(page)];
    const other = await context.newPage();
    collectPageErrors(other, errors);
    await other.goto(link, { waitUntil: 'load' });
    await other.waitForFunction(() => window.sunaba?.instances?.length > 0);
    await settle(other);
    const [now2, state2] = [await other.evaluate(() => window.sunaba.instances[0].nowMs()), await stateJson(other)];
    if (now2 !== now) throw new Error(`opened at t=${now2}, shared at t=${now}`);
    if (state2 !== state) throw new Error('the opened link shows a different cluster');
    const notice = await other.locator('[data-testid=notice]').innerText();
    log(`share link ${link.length} chars; notice: ${notice.slice(0, 80)}`);
    await other.screenshot({ path: join(shots, 'share-opened-1280x800.png') });
    // A damaged link: a message, and a working playground.
    const bad = await context.newPage();
    collectPageErrors(bad, errors);
    await bad.goto(`${url}#share=2.%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E`, { waitUntil: 'load' });
    await bad.waitForFunction(() => window.sunaba?.instances?.length > 0);
    const msg = await bad.locator('[data-testid=notice]').innerText();
    if (!/could not be opened/.test(msg)) throw new Error(`damaged link notice: ${msg}`);
    if (await bad.locator('.sunaba img').count()) throw new Error('markup from the link was inserted');
    await context.close();
  });

  // 3. The embed page: two playgrounds, independent.
  await step('embed.html hosts independent playgrounds (and one exercise, see lessons.mjs; every option, see embed.mjs)', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    collectPageErrors(page, errors);
    await page.goto(new URL('embed.html', site).href, { waitUntil: 'load' });
    await page.waitForFunction(() => window.sunaba?.instances?.length === 6
      && document.querySelectorAll('.sunaba').length === 6, null, { timeout: 30_000 });
    await page.evaluate(() => window.sunaba.instances.forEach((p) => p.pause()));
    await page.evaluate(() => window.sunaba.instances[0].advance(30_000));
    await settle(page);
    const [a, b] = await page.evaluate(() => window.sunaba.instances.map((p) => p.nowMs()));
    if (a === b) throw new Error(`both clocks at ${a}: not independent`);
    const roots = await page.locator('#demo-heal .sunaba, #demo-crash .sunaba').count();
    if (roots !== 2) throw new Error(`${roots} .sunaba roots in the two playgrounds`);
    const nodes = await page.evaluate(() => window.sunaba.instances[1].state().nodes.length);
    if (nodes !== 2) throw new Error(`the second embed asked for 2 nodes, has ${nodes}`);
    const panels = await page.locator('#demo-crash [data-testid=timeline]').count();
    if (panels !== 0) throw new Error('the second embed shows a panel it did not ask for');
    await page.screenshot({ path: join(shots, 'embed-1280x800.png'), fullPage: true });
    await context.close();
  });

  // 4. English and Japanese, desktop and phone. The newcomer flow in each: apply → kill → healed.
  for (const [lang, locale] of [['en', 'en-US'], ['ja', 'ja-JP']]) {
    for (const [w, h] of [[1280, 800], [390, 844]]) {
      await step(`newcomer flow in ${lang} at ${w}×${h}`, async () => {
        const { context, page } = await openPlayground(browser, url, errors, {
          locale, viewport: { width: w, height: h }, deviceScaleFactor: w < 500 ? 2 : 1,
        });
        const htmlLang = await page.locator('.sunaba').getAttribute('lang');
        if (htmlLang !== lang) throw new Error(`the app chose ${htmlLang} for ${locale}`);
        await advance(page, 40_000);
        const chip = page.locator('[data-testid=pod][data-status=Running]').first();
        const pod = await chip.getAttribute('data-pod');
        await run(page, `sim kill ${pod}`);
        await advance(page, 1_000);
        await page.screenshot({ path: join(shots, `killed-${lang}-${w}x${h}.png`) });
        await advance(page, 30_000);
        const healed = await page.locator(`[data-testid=pod][data-pod="${pod}"]`).getAttribute('data-status');
        if (healed !== 'Running') throw new Error(`${pod} is ${healed} after 30 s`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        if (overflow > 1) throw new Error(`the page scrolls sideways by ${overflow} px at ${w} px`);
        await page.screenshot({ path: join(shots, `playground-${lang}-${w}x${h}.png`) });
        await page.screenshot({ path: join(shots, `playground-${lang}-${w}x${h}-full.png`), fullPage: true });
        await context.close();
      });
    }
  }

  // 5. 200 % zoom: a 1280 px window at zoom 2 lays out like 640 CSS px; nothing scrolls sideways.
  await step('readable at 200 % zoom', async () => {
    const { context, page } = await openPlayground(browser, url, errors, {
      viewport: { width: 640, height: 400 }, deviceScaleFactor: 2,
    });
    await advance(page, 30_000);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) throw new Error(`sideways scroll of ${overflow} px at 200 % zoom`);
    await page.screenshot({ path: join(shots, 'zoom-200.png') });
    await context.close();
  });

  // 6. Keyboard only: Tab reaches the terminal, a command runs with Enter.
  await step('keyboard: type a command in the terminal and run it', async () => {
    const { context, page } = await openPlayground(browser, url, errors);
    await page.locator('[data-testid=terminal-input]').focus();
    await page.keyboard.type('kubectl get no');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await settle(page);
    const out = await page.locator('[data-testid=terminal-output]').innerText();
    if (!/\$ kubectl get nodes\s/.test(out) || !/node-1\s+Ready/.test(out)) throw new Error(`terminal: ${out.slice(-300)}`);
    await context.close();
  });

  // 7. Troubleshooting pictures (issue 4): a stalled rollout, a drained node, traffic in a crash.
  await step('stalled rollout, drained node and traffic during a crash', async () => {
    const { context, page } = await openPlayground(browser, url, errors, { viewport: { width: 1280, height: 800 } });
    await advance(page, 40_000);
    await run(page, 'kubectl set image deployment/nginx-deployment nginx=nginx:1.99-doesnotexist');
    await advance(page, 60_000);
    const rollout = await run(page, 'kubectl rollout status deployment/nginx-deployment --timeout=1s');
    if (!/Waiting for deployment/.test(rollout)) throw new Error(`rollout status: ${rollout}`);
    const pods = await run(page, 'kubectl get pods');
    if (!/ImagePullBackOff|ErrImagePull/.test(pods)) throw new Error(`no pull error in:\n${pods}`);
    if ((pods.match(/ Running /g) || []).length < 2) throw new Error(`old pods stopped serving:\n${pods}`);
    await run(page, 'kubectl get pods');
    await settle(page);
    await page.screenshot({ path: join(shots, 'stalled-rollout-1280x800.png') });
    await run(page, 'kubectl rollout undo deployment/nginx-deployment');
    await advance(page, 30_000);

    await run(page, 'kubectl drain node-1 --ignore-daemonsets --force');
    await advance(page, 40_000);
    const nodes = await run(page, 'kubectl get nodes');
    if (!/node-1\s+Ready,SchedulingDisabled/.test(nodes)) throw new Error(`nodes:\n${nodes}`);
    const wide = await run(page, 'kubectl get pods -o wide');
    if (/ node-1 /.test(wide)) throw new Error(`pods still on node-1:\n${wide}`);
    await page.screenshot({ path: join(shots, 'drained-node-1280x800.png') });
    await run(page, 'kubectl uncordon node-1');

    // One replica and a crash-looping container: an outage the traffic chart shows as errors.
    await run(page, 'kubectl scale deployment/nginx-deployment --replicas=1');
    await advance(page, 40_000);
    await run(page, 'sim traffic nginx 50');
    await advance(page, 30_000);
    const [victim] = await page.evaluate(() => window.sunaba.instances[0].state().nodes.flatMap((n) => n.pods).map((p) => p.name));
    await run(page, `sim crash ${victim} 1`);
    await advance(page, 2_000);
    await run(page, `sim crash ${victim} 1`); // the second crash waits out a 10 s back-off
    await advance(page, 6_000);
    const traffic = await run(page, 'sim traffic');
    log(traffic.trim().split('\n').slice(-2).join(' | '));
    const failing = await page.locator('[data-testid=traffic-chart].has-errors').count();
    if (failing < 1) throw new Error(`the traffic chart shows no errors during the outage:\n${traffic}`);
    await page.locator('[data-testid=traffic-chart]').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'traffic-during-crash-1280x800.png') });
    await context.close();
  });

  // 8. Amazon ECS (issue 5): the ECS mode with a realistic EC2 service, and one app side by side.
  const example = (name) => readFileSync(new URL(`../../www/examples/ecs/${name}`, import.meta.url), 'utf8');
  const setDefinition = (page, text) => page.evaluate((t) => window.sunaba.instances[0].setDefinition(t), text);
  const apply = (page) => page.evaluate(() => String(window.sunaba.instances[0].apply()));
  for (const [lang, locale] of [['en', 'en-US'], ['ja', 'ja-JP']]) {
    await step(`ECS mode in ${lang}: task definition and service from the editor, a crashed task replaced`, async () => {
      const { context, page } = await openPlayground(browser, url, errors, { locale, viewport: { width: 1280, height: 800 } });
      await setDefinition(page, example('api-ec2.task.json'));
      const registered = await apply(page);
      if (!/task-definition\/api:1/.test(registered)) throw new Error(`register: ${registered.slice(0, 300)}`);
      await setDefinition(page, example('api.service.json'));
      const created = await apply(page);
      if (!/"serviceName": "api"/.test(created)) throw new Error(`create-service: ${created.slice(0, 300)}`);
      await advance(page, 60_000);
      await page.locator('[data-testid=mode-ecs]').click();
      await settle(page);
      const running = await page.locator('[data-testid=ecs-task][data-status=RUNNING]').count();
      if (running !== 3) throw new Error(`distinctInstance on 3 instances: expected 3 running tasks, saw ${running}`);
      const events = await page.locator('[data-testid=ecs-events]').innerText();
      if (!/distinctInstance/.test(events)) throw new Error(`no placement event: ${events}`);
      const task = await page.locator('[data-testid=ecs-task]').first().getAttribute('data-task');
      await run(page, `sim crash task/${task} -c api --exit-code 1`);
      await advance(page, 4_000);
      const stopped = await page.locator(`[data-testid=ecs-stopped-task][data-task="${task}"]`).innerText();
      if (!/Essential container in task exited/.test(stopped)) throw new Error(`stopped row: ${stopped}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) throw new Error(`the page scrolls sideways by ${overflow} px`);
      await page.locator('[data-testid=mode-tabs]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `ecs-mode-${lang}-1280x800.png`) });
      await page.screenshot({ path: join(shots, `ecs-mode-${lang}-1280x800-full.png`), fullPage: true });
      await context.close();
    });
    await step(`side by side in ${lang}: one crash, restarted in place vs task replaced`, async () => {
      const { context, page } = await openPlayground(browser, url, errors, { locale, viewport: { width: 1280, height: 800 } });
      await advance(page, 15_000);
      await page.locator('[data-testid=mode-side-by-side]').click();
      await settle(page);
      await page.locator('[data-testid=side-action-run-on-ecs]').click();
      await advance(page, 15_000);
      await page.locator('[data-testid=side-action-crash-both]').click();
      await advance(page, 3_000);
      const restarts = await page.locator('[data-testid=side-pod]').evaluateAll((ps) => ps.reduce((n, p) => n + Number(p.dataset.restarts), 0));
      if (restarts !== 1) throw new Error(`Kubernetes restarts: ${restarts}`);
      const table = await page.locator('[data-testid=side-differences]').innerText();
      if (!/1/.test(table)) throw new Error(`differences: ${table}`);
      const tasks = await page.locator('[data-testid=side-task]').count();
      if (tasks !== 3) throw new Error(`ECS tasks: ${tasks}`);
      await page.locator('[data-testid=mode-tabs]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `side-by-side-${lang}-1280x800.png`) });
      await page.screenshot({ path: join(shots, `side-by-side-${lang}-1280x800-full.png`), fullPage: true });
      await context.close();
    });
  }
  await step('ECS mode and side by side on a 390 px phone: no sideways scroll', async () => {
    const { context, page } = await openPlayground(browser, url, errors, {
      locale: 'ja-JP', viewport: { width: 390, height: 844 }, deviceScaleFactor: 2,
    });
    await advance(page, 15_000);
    await run(page, 'sim side-by-side deployment/nginx-deployment');
    await advance(page, 15_000);
    for (const mode of ['ecs', 'side-by-side']) {
      await page.locator(`[data-testid=mode-${mode}]`).click();
      await settle(page);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) throw new Error(`${mode}: the page scrolls sideways by ${overflow} px at 390 px`);
      await page.locator('[data-testid=mode-tabs]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `${mode}-ja-390x844.png`) });
    }
    await context.close();
  });

  // 9. Environments (issue 6): test/staging/prod in two accounts, a PR environment, a move that
  // fails because the app's image names one account's registry, and its traffic.
  for (const [lang, locale] of [['en', 'en-US'], ['ja', 'ja-JP']]) {
    await step(`environments in ${lang}: swimlanes, a PR environment, a move that fails`, async () => {
      const { context, page } = await openPlayground(browser, url, errors, { locale, viewport: { width: 1280, height: 800 } });
      await page.locator('[data-testid=env-setup]').click();
      await advance(page, 90_000);
      for (const [lane, env] of [['sandbox', 'test'], ['sandbox', 'staging'], ['prod', 'prod']]) {
        const card = page.locator(`[data-testid=lane-${lane}] [data-testid=env-${env}]`);
        if ((await card.count()) !== 1) throw new Error(`no ${env} card in the ${lane} lane`);
        const cls = await card.getAttribute('class');
        if (!/is-ok/.test(cls)) throw new Error(`${env} is not healthy: ${cls} ${await card.innerText()}`);
      }
      await page.locator('[data-testid=env-written]').selectOption('registry');
      await page.locator('[data-testid=env-new-pr]').click();
      await advance(page, 60_000);
      const pr = page.locator('[data-testid=lane-sandbox] [data-testid=env-pr-1]');
      if (!/is-ok/.test(await pr.getAttribute('class'))) throw new Error(`pr-1 in sandbox: ${await pr.innerText()}`);
      await page.locator('[data-testid=environments]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `environments-${lang}-1280x800.png`) });
      // Move it to the prod account: the image is in the sandbox registry → 403, and it says why.
      await pr.locator('button', { hasText: 'prod-cluster' }).click();
      await advance(page, 60_000);
      const moved = page.locator('[data-testid=lane-prod] [data-testid=env-pr-1]');
      if ((await moved.count()) !== 1) throw new Error('pr-1 did not move to the prod lane');
      if (!/is-bad/.test(await moved.getAttribute('class'))) throw new Error(`moved pr-1: ${await moved.innerText()}`);
      const why = await moved.locator('[data-testid=env-why]').innerText();
      if (!/image-other-account/.test(why)) throw new Error(`why: ${why}`);
      if ((await page.locator('[data-testid=lane-sandbox] [data-testid=env-pr-1]').count()) !== 0) throw new Error('the old pr-1 is still there');
      await page.locator('[data-testid=environments]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `environments-move-failed-${lang}-1280x800.png`) });
      // Its traffic, in the prod context: every request fails.
      await page.locator('[data-testid=lane-prod] .sb-chip-btn').first().click();
      await advance(page, 5_000);
      const failing = await page.locator('[data-testid=traffic-chart].has-errors').count();
      if (failing < 1) throw new Error('the traffic chart of the failed move shows no errors');
      await page.locator('[data-testid=traffic-chart].has-errors').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `traffic-failed-move-${lang}-1280x800.png`) });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) throw new Error(`the page scrolls sideways by ${overflow} px`);
      await context.close();
    });
  }
  await step('environments on a 390 px phone: no sideways scroll', async () => {
    const { context, page } = await openPlayground(browser, url, errors, {
      locale: 'ja-JP', viewport: { width: 390, height: 844 }, deviceScaleFactor: 2,
    });
    await page.locator('[data-testid=env-setup]').click();
    await advance(page, 60_000);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) throw new Error(`environments: the page scrolls sideways by ${overflow} px at 390 px`);
    await page.locator('[data-testid=environments]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'environments-ja-390x844.png') });
    await context.close();
  });

  // 9b. The same environments on Amazon ECS: a cluster per environment (1/2/6 tasks), and a PR
  // environment in the prod account whose task definition names the sandbox account's secret.
  for (const [lang, locale] of [['en', 'en-US'], ['ja', 'ja-JP']]) {
    await step(`ECS environments in ${lang}: clusters per account, a hard-coded secret ARN stops in prod`, async () => {
      const { context, page } = await openPlayground(browser, url, errors, { locale, viewport: { width: 1280, height: 800 } });
      await page.locator('[data-testid=env-platform]').selectOption('ecs');
      await page.locator('[data-testid=env-setup]').click();
      await advance(page, 90_000);
      for (const [lane, env, want] of [['sandbox', 'test', 'ECS'], ['sandbox', 'staging', 'ECS'], ['prod', 'prod', 'ECS']]) {
        const card = page.locator(`[data-testid=lane-${lane}] [data-testid=env-${env}]`);
        if ((await card.count()) !== 1) throw new Error(`no ECS ${env} card in the ${lane} lane`);
        const text = await card.innerText();
        if (!/is-ok/.test(await card.getAttribute('class')) || !text.includes(want)) throw new Error(`${env}: ${text}`);
      }
      const prod = await page.locator('[data-testid=lane-prod] [data-testid=env-prod]').innerText();
      if (!/6\/6/.test(prod)) throw new Error(`prod should run 6 tasks: ${prod}`);
      await page.locator('[data-testid=lane-prod] .sb-chip-btn').first().click();
      await settle(page);
      await page.locator('[data-testid=env-written]').selectOption('secrets');
      await page.locator('[data-testid=env-new-pr]').click();
      await advance(page, 120_000);
      const pr = page.locator('[data-testid=lane-prod] [data-testid=env-pr-1]');
      if ((await pr.count()) !== 1) throw new Error('no pr-1 in the prod lane');
      if (!/is-bad/.test(await pr.getAttribute('class'))) throw new Error(`pr-1 should be down: ${await pr.innerText()}`);
      const why = await pr.locator('[data-testid=env-why]').innerText();
      if (!/secret-other-account/.test(why) || !/ResourceInitializationError/.test(why)) throw new Error(`why: ${why}`);
      await page.locator('[data-testid=environments]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(shots, `environments-ecs-${lang}-1280x800.png`) });
      await context.close();
    });
  }

  // 10. The Dockerfile panel: a baked DATABASE_URL is flagged on its line, Build shows the image
  // as runtime + dependencies + code, in English and Japanese; and it fits a 390 px phone.
  const bakedUrl = 'ENV DATABASE_URL=postgres://staging-db.example.rds.amazonaws.com/app';
  const bakeUrl = async (page) => {
    const editor = page.locator('[data-testid=dockerfile-editor]');
    const text = await editor.inputValue();
    if (!/FROM node:20-slim/.test(text)) throw new Error(`the panel does not start with the example: ${text.slice(0, 120)}`);
    await editor.fill(text.replace('USER node', `${bakedUrl}\nUSER node`));
    await settle(page);
  };
  for (const [lang, locale] of [['en', 'en-US'], ['ja', 'ja-JP']]) {
    await step(`Dockerfile panel in ${lang}: a baked DATABASE_URL is flagged, Build shows the layers`, async () => {
      const { context, page } = await openPlayground(browser, url, errors, { locale, viewport: { width: 1280, height: 800 } });
      await bakeUrl(page);
      const finding = page.locator('[data-testid=dockerfile-finding][data-rule=baked-environment-config]');
      if (!(await finding.isVisible())) throw new Error('no visible baked-environment-config finding');
      const said = await finding.innerText();
      const expected = lang === 'ja' ? /環境ごとの設定/ : /ENV DATABASE_URL=postgres:\/\/staging-db/;
      if (!expected.test(said)) throw new Error(`finding text: ${said}`);
      const line = await finding.getAttribute('data-line');
      const marker = page.locator(`[data-testid=dockerfile-marker][data-line="${line}"]`);
      if (!(await marker.isVisible())) throw new Error(`no marker on line ${line}`);
      await page.locator('[data-testid=dockerfile-build]').click();
      await settle(page);
      const terminal = await page.locator('[data-testid=terminal-output]').innerText();
      if (!terminal.includes('$ sim build -t shop:1.0 app')) throw new Error(`terminal: ${terminal.slice(-400)}`);
      const groups = await page.locator('[data-testid=dockerfile-layer-group]')
        .evaluateAll((gs) => gs.map((g) => [g.dataset.kind, Number(g.dataset.bytes)]));
      const kinds = groups.map(([k]) => k).join(',');
      if (kinds !== 'runtime,dependencies,code') throw new Error(`layer groups: ${kinds}`);
      if (groups.some(([, b]) => !(b > 0))) throw new Error(`empty group: ${JSON.stringify(groups)}`);
      const layers = page.locator('[data-testid=dockerfile-layer]');
      if ((await layers.count()) < 3 || !(await layers.first().isVisible())) throw new Error('the layers are not shown');
      const env = await page.locator('[data-testid=dockerfile-env]').innerText();
      if (!/DATABASE_URL=postgres:\/\/staging-db/.test(env)) throw new Error(`baked ENV: ${env}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) throw new Error(`the page scrolls sideways by ${overflow} px`);
      await page.locator('[data-testid=dockerfile]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await settle(page);
      await page.screenshot({ path: join(shots, `dockerfile-${lang}-1280x800.png`) });
      await context.close();
    });
  }
  await step('Dockerfile panel on a 390 px phone: no sideways scroll, Build by keyboard', async () => {
    const { context, page } = await openPlayground(browser, url, errors, {
      locale: 'ja-JP', viewport: { width: 390, height: 844 }, deviceScaleFactor: 2,
    });
    await bakeUrl(page);
    await page.locator('[data-testid=dockerfile-build]').focus();
    await page.keyboard.press('Enter');
    await settle(page);
    if ((await page.locator('[data-testid=dockerfile-layer-group]').count()) !== 3) throw new Error('Enter on Build built no image');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) throw new Error(`the page scrolls sideways by ${overflow} px at 390 px`);
    await page.locator('[data-testid=dockerfile-image]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(shots, 'dockerfile-ja-390x844.png') });
    await context.close();
  });
}
