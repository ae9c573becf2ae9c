// Amazon ECS behind a load balancer: the ECS panel's example sets up a Fargate web service
// behind an Application Load Balancer, 100 requests/s go through it, a new deployment starts,
// and mid-deployment the panel shows old targets draining (with the delay counting down) beside
// the new ones, in English and Japanese; screenshots of the panel go to `shots`.
// Run by e2e.mjs, or alone against a served dist/: node tests/e2e/load_balancer.mjs URL
import { join } from 'node:path';
import { collectPageErrors, runAloneIfMain } from './lib.mjs';

const settle = (page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
const run = (page, cmd) => page.evaluate((c) => String(window.sunaba.instances[0].run(c)), cmd);
const advance = async (page, ms) => {
  await page.evaluate((total) => {
    for (let done = 0; done < total; done += 1000) window.sunaba.instances[0].advance(1000);
  }, ms);
  await settle(page);
};
const count = (page, sel) => page.locator(sel).count();

export async function runLoadBalancerFlows({ browser, url, shots, step, errors }) {
  for (const [lang, locale] of [['en', 'en-US'], ['ja', 'ja-JP']]) {
    await step(`ECS behind a load balancer in ${lang}: targets drain and turn healthy during a deployment`, async () => {
      const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      collectPageErrors(page, errors);
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForFunction(() => window.sunaba?.instances?.length > 0, null, { timeout: 30_000 });
      await page.evaluate(() => window.sunaba.instances[0].pause());
      await page.locator('[data-testid=mode-ecs]').click();
      await settle(page);
      await page.locator('[data-testid=lb-action-example]').click();
      await advance(page, 120_000);
      const healthy = await count(page, '[data-testid=lb-target][data-state=healthy]');
      if (healthy !== 3) throw new Error(`after 2 minutes: ${healthy} healthy targets, expected 3`);
      await page.locator('[data-testid=lb-action-traffic-on]').click();
      await advance(page, 10_000);
      const deploy = await run(page, 'aws ecs update-service --service web --force-new-deployment');
      if (!/"serviceName": "web"/.test(deploy)) throw new Error(`update-service: ${deploy.slice(0, 300)}`);
      // Until the old targets drain beside the new ones; on the way, the new targets' first
      // health checks (initial) beside the old healthy ones.
      const panel = page.locator('[data-testid=load-balancers]');
      let draining = 0;
      let initialSeen = false;
      for (let t = 0; t < 180 && draining === 0; t += 5) {
        await advance(page, 5_000);
        draining = await count(page, '[data-testid=lb-target][data-state=draining]');
        if (!initialSeen && (await count(page, '[data-testid=lb-target][data-state=initial]')) > 0) {
          initialSeen = true;
          await panel.scrollIntoViewIfNeeded();
          await panel.screenshot({ path: join(shots, `ecs-load-balancer-${lang}-initial.png`) });
        }
      }
      if (!initialSeen) throw new Error('the new tasks\' targets were never seen in their initial health checks');
      if (draining === 0) throw new Error('no target drained within 3 minutes of the deployment');
      const left = await page.locator('[data-testid=lb-draining-left]').first().innerText();
      if (!/\d/.test(left)) throw new Error(`draining countdown: ${left}`);
      const deactivating = await count(page, '[data-testid=ecs-task][data-status=DEACTIVATING]');
      if (deactivating < 1) throw new Error('no task shown DEACTIVATING while its target drains');
      const chart = await count(page, '[data-testid=traffic-chart][data-service="loadbalancer/web-alb"]');
      if (chart !== 1) throw new Error(`load balancer traffic charts: ${chart}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) throw new Error(`the page scrolls sideways by ${overflow} px`);
      await panel.scrollIntoViewIfNeeded();
      await panel.screenshot({ path: join(shots, `ecs-load-balancer-${lang}-deploying.png`) });
      await page.locator('[data-testid=ecs]').screenshot({ path: join(shots, `ecs-load-balancer-${lang}-panel.png`) });
      // How it works, ECS path: the load balancer's box, beside the service scheduler.
      const how = page.locator('[data-testid=how-it-works]');
      if ((await how.locator('[data-testid=hiw-box][data-part=elb]').count()) !== 1) throw new Error('no ELB box in How it works');
      await how.scrollIntoViewIfNeeded();
      await how.screenshot({ path: join(shots, `ecs-load-balancer-${lang}-how-it-works.png`) });
      await context.close();
    });
  }
}

// Alone: node tests/e2e/load_balancer.mjs URL (the site's root).
await runAloneIfMain(import.meta.url, runLoadBalancerFlows);
