// Side by side behind a load balancer: a Deployment with a readiness probe and a preStop sleep,
// selected by a Service, runs on ECS too (the bar's button: `sim side-by-side`), so its twin
// sits behind an Application Load Balancer whose target group checks the probe's path. The
// bar's buttons send 100 requests/s to both and roll out both; afterwards both sides show all
// four copies ready (endpoints, healthy targets) and 0 errors of the requests since the
// rollout, in English and Japanese; screenshots go to `shots` (side-by-side-lb-{en,ja}.png).
// Run by e2e.mjs, or alone against a served dist/: node tests/e2e/side_by_side_lb.mjs URL
import { join } from 'node:path';
import { collectPageErrors, runAloneIfMain } from './lib.mjs';

const settle = (page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
const advance = async (page, ms) => {
  await page.evaluate((total) => {
    for (let done = 0; done < total; done += 1000) window.sunaba.instances[0].advance(1000);
  }, ms);
  await settle(page);
};

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 4
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: sunaba/demo-app:1.0
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
            periodSeconds: 2
          lifecycle:
            preStop:
              sleep:
                seconds: 10
          resources:
            requests:
              cpu: 100m
              memory: 64Mi
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: http
`;

const data = async (page, testid) => page.locator(`[data-testid=${testid}]`).evaluate((el) => ({ ...el.dataset }));

export async function runSideBySideLbFlows({ browser, url, shots, step, errors }) {
  for (const [lang, locale] of [['en', 'en-US'], ['ja', 'ja-JP']]) {
    await step(`side by side behind a load balancer in ${lang}: the same traffic and rollout, 0 errors on both sides`, async () => {
      const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      collectPageErrors(page, errors);
      await page.goto(url, { waitUntil: 'load' });
      await page.waitForFunction(() => window.sunaba?.instances?.length > 0, null, { timeout: 30_000 });
      await page.evaluate((yaml) => {
        const p = window.sunaba.instances[0];
        p.pause();
        p.run('kubectl delete deployment nginx-deployment');
        p.run('kubectl delete service nginx');
        p.setDefinition(yaml);
        return p.apply();
      }, WEB);
      await advance(page, 20_000);
      await page.locator('[data-testid=mode-side-by-side]').click();
      await settle(page);
      await page.locator('[data-testid=side-action-run-on-ecs]').click();
      await advance(page, 60_000);
      let k8s = await data(page, 'side-ready-k8s');
      let ecs = await data(page, 'side-ready-ecs');
      if (k8s.ready !== '4' || ecs.healthy !== '4') throw new Error(`before: ${JSON.stringify({ k8s, ecs })}`);
      const traffic = page.locator('[data-testid=side-action-traffic-both]');
      const sent = await traffic.getAttribute('data-command');
      if (sent !== 'sim traffic web 100 ; sim traffic web-alb 100') throw new Error(`traffic button: ${sent}`);
      await traffic.click();
      await advance(page, 10_000);
      if ((await page.locator('[data-testid=side-action-stop-traffic-both]').count()) !== 1) throw new Error('no button to stop the traffic to both');
      await page.locator('[data-testid=side-action-rollout-both]').click();
      await advance(page, 240_000);
      k8s = await data(page, 'side-ready-k8s');
      ecs = await data(page, 'side-ready-ecs');
      if (k8s.ready !== '4' || ecs.healthy !== '4') throw new Error(`after: ${JSON.stringify({ k8s, ecs })}`);
      for (const [side, d] of [['Kubernetes', k8s], ['ECS', ecs]]) {
        if (Number(d.requests) < 20_000) throw new Error(`${side}: ${d.requests} requests since the rollout`);
        if (d.errors !== '0') throw new Error(`${side}: ${d.errors} errors of ${d.requests}`);
      }
      const row = await page.locator('[data-testid=side-ready-row]').innerText();
      const since = lang === 'en' ? /Since the latest rollout: \d+ requests, 0 errors/ : /直近のロールアウトから: リクエスト \d+ 件、エラー 0 件/;
      if (!since.test(row)) throw new Error(`the row: ${row}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) throw new Error(`the page scrolls sideways by ${overflow} px`);
      const panel = page.locator('[data-testid=side-by-side]');
      await panel.scrollIntoViewIfNeeded();
      await panel.screenshot({ path: join(shots, `side-by-side-lb-${lang}.png`) });
      await context.close();
    });
  }
}

// Alone: node tests/e2e/side_by_side_lb.mjs URL (the site's root).
await runAloneIfMain(import.meta.url, runSideBySideLbFlows);
