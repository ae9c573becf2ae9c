// Hostile text, run by e2e.mjs: markup, `javascript:` links, bidi and zero-width controls and
// huge strings fed through every way text enters the page — a definition's annotations, env
// values and image, a container's log, the events they cause, the terminal, a share link, an
// exercise file and the JS API's options. Each flow checks that nothing ran (no dialog, no
// `window.__pwned`), nothing was injected (no <img src=x>, no element with an on* handler, no
// `javascript:` link), the text is shown literally where it is shown, the Content-Security-Policy
// saw nothing to block, and the page still answers a click and a typed command (a generous bound:
// it detects a hang, it is not a benchmark).
import { join } from 'node:path';
import { collectPageErrors, cspViolations } from './lib.mjs';

/** Runs if injected: each payload both opens a dialog and marks the window. */
const IMG = '<img src=x onerror="window.__pwned=1;alert(1)">';
const SCRIPT = '<script>window.__pwned=2;alert(2)</script>';
const JS_LINK = 'javascript:window.__pwned=3;alert(3)';
/** Right-to-left override, isolates and zero-width characters. */
const BIDI = '\u202Egnp.exe\u202C \u2066isolated\u2069 zero\u200Bwidth\u200Djoiner\uFEFF';
const PAYLOAD = `${IMG} ${SCRIPT} ${JS_LINK} ${BIDI}`;
/**
 * How the page shows text with bidi controls: each as its code point, in written order (see
 * crates/ui/src/visible.rs), so `\u202Egnp.exe` cannot pass for `exe.png`. The editor keeps
 * the text as typed.
 */
const shown = (s) => s.replace(/[\u202A-\u202E\u2066-\u2069]/g,
  (c) => `<U+${c.codePointAt(0).toString(16).toUpperCase()}>`);
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
/** The payload as a double-quoted YAML scalar. */
const yamlString = (s) => JSON.stringify(s);

const HOSTILE_YAML = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: hostile
  labels:
    app: hostile
  annotations:
    note: ${yamlString(PAYLOAD)}
spec:
  replicas: 1
  selector:
    matchLabels:
      app: hostile
  template:
    metadata:
      labels:
        app: hostile
    spec:
      containers:
        - name: echo
          image: busybox:1.36
          command: ["sh", "-c", "echo \\"$PAYLOAD\\"; echo '<b>bold</b>'; sleep 3600"]
          env:
            - name: PAYLOAD
              value: ${yamlString(PAYLOAD)}
---
apiVersion: v1
kind: Pod
metadata:
  name: badimage
spec:
  containers:
    - name: x
      image: ${yamlString(IMG)}
`;

/** A 200 kB annotation (the API's limit is 256 kB) and a container flooding its log. */
const HUGE_YAML = `apiVersion: v1
kind: Pod
metadata:
  name: flood
  annotations:
    huge: ${yamlString(`${'\u202E<img src=x onerror=alert(4)>'.repeat(6_000)}`.slice(0, 200_000))}
spec:
  containers:
    - name: flood
      image: busybox:1.36
      command: ["sh", "-c", "seq 1 100000; sleep 3600"]
`;

const EXERCISE = `id: hostile-text
title:
  en: ${yamlString(`${IMG} Title ${BIDI}`)}
  ja: ${yamlString(SCRIPT)}
summary:
  en: ${yamlString(JS_LINK)}
  ja: ${yamlString(JS_LINK)}
panels: [terminal, cluster, events]
start:
  seed: 1
  files:
    web.yaml: |
      apiVersion: v1
      kind: Pod
      metadata:
        name: web
        annotations:
          note: ${yamlString(IMG)}
      spec:
        containers:
          - name: web
            image: nginx:1.27
steps:
  - title:
      en: "<b>bold</b> step"
      ja: "<b>bold</b> step"
    text:
      en: |
        Read [the docs](${JS_LINK}) or <a href="${JS_LINK}">this link</a>,
        then run \`$ kubectl apply -f web.yaml\` and \`${IMG}\`.
      ja: |
        [docs](${JS_LINK})
    solution:
      - kubectl apply -f web.yaml
      - sim wait 30s
    goal:
      pod: web
      ready: true
    hints:
      - en: ${yamlString(`${IMG} ${JS_LINK}`)}
        ja: ${yamlString(IMG)}
        attempts: 1
`;

/** Console errors a flow causes on purpose (the JS API reports its bad options there). */
const EXPECTED_CONSOLE = /^console\.error: sunaba\.mount: (option `(lang|mode)`|unknown panel)/;

async function open(browser, url, errors, path = '') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const page = await context.newPage();
  const seen = [];
  collectPageErrors(page, seen);
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  await page.goto(new URL(path, url).href, { waitUntil: 'load' });
  await page.waitForFunction(() => window.sunaba?.instances?.length > 0, null, { timeout: 30_000 });
  const done = () => {
    errors.push(...seen.filter((e) => !EXPECTED_CONSOLE.test(e)));
    return context.close();
  };
  return { page, dialogs, done };
}

const settle = (page) =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));

/** The site's wasm module, the one the page has already started: its modulepreload names it. */
const IMPORT_SUNABA = async () => {
  const named = [...document.querySelectorAll('script[src], link[rel=modulepreload][href]')]
    .map((e) => e.src || e.href).find((u) => /\/sunaba[^/]*\.js$/.test(new URL(u).pathname));
  if (!named) throw new Error('no modulepreload or script names the sunaba module');
  return import(named);
};

/** Nothing ran, nothing was injected, the policy blocked nothing. */
async function assertNothingRan(page, dialogs, where) {
  await settle(page);
  const found = await page.evaluate(() => {
    const all = [...document.querySelectorAll('*')];
    return {
      pwned: window.__pwned ?? null,
      images: document.querySelectorAll('img[src="x"], img').length,
      inlineScripts: [...document.scripts].filter((s) => /__pwned|alert\(/.test(s.textContent)).length,
      handlers: all.filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).map((e) => e.outerHTML.slice(0, 120)),
      jsUrls: all.filter((e) => [...e.attributes].some((a) => /^\s*javascript:/i.test(a.value)
        && ['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name))).map((e) => e.outerHTML.slice(0, 120)),
      bold: [...document.querySelectorAll('b')].filter((b) => b.textContent === 'bold').length,
    };
  });
  const csp = await cspViolations(page);
  const wrong = [];
  if (dialogs.length) wrong.push(`dialogs opened: ${dialogs.join(', ')}`);
  if (found.pwned !== null) wrong.push(`a payload ran: window.__pwned = ${found.pwned}`);
  if (found.images) wrong.push(`${found.images} <img> elements`);
  if (found.inlineScripts) wrong.push(`${found.inlineScripts} injected <script> elements`);
  if (found.handlers.length) wrong.push(`elements with on* handlers: ${found.handlers.join(' | ')}`);
  if (found.jsUrls.length) wrong.push(`javascript: URLs: ${found.jsUrls.join(' | ')}`);
  if (found.bold) wrong.push('<b>bold</b> became an element');
  if (csp.length) wrong.push(`CSP violations: ${JSON.stringify(csp)}`);
  if (wrong.length) throw new Error(`${where}: ${wrong.join('; ')}`);
}

/** `needle` is in the text of `selector` exactly as written (markup, controls and all). */
async function assertShown(page, selector, needle, where) {
  const texts = await page.locator(selector).allTextContents();
  if (!texts.some((t) => t.includes(needle))) {
    throw new Error(`${where}: ${selector} does not show ${JSON.stringify(needle)}; it shows ${JSON.stringify(texts.join('\n').slice(0, 400))}`);
  }
}

/**
 * The page answers: the play/pause button flips on a click, and a command typed in the terminal
 * prints its answer, each within `boundMs` (measured in the page with performance.now()).
 */
async function assertResponsive(page, root, boundMs = 5_000) {
  const clickMs = await page.evaluate(async ([root, bound]) => {
    const button = () => document.querySelector(`${root} [data-testid=play-pause]`);
    const before = button().getAttribute('aria-pressed');
    const t0 = performance.now();
    button().click();
    while (button().getAttribute('aria-pressed') === before && performance.now() - t0 < bound * 2) {
      await new Promise((r) => requestAnimationFrame(r));
    }
    return performance.now() - t0;
  }, [root, boundMs]);
  const input = page.locator(`${root} [data-testid=terminal-input]`);
  const marker = `responsive-${Date.now()}`;
  const t0 = await page.evaluate(() => performance.now());
  await input.fill(`kubectl get pod ${marker}`);
  await input.press('Enter');
  await page.locator(`${root} [data-testid=terminal-output]`).filter({ hasText: `"${marker}" not found` })
    .waitFor({ timeout: boundMs * 2 });
  const typedMs = (await page.evaluate(() => performance.now())) - t0;
  if (clickMs > boundMs || typedMs > boundMs) {
    throw new Error(`the page hangs: a click answered in ${Math.round(clickMs)} ms, a typed command in ${Math.round(typedMs)} ms (bound ${boundMs} ms)`);
  }
  return { clickMs: Math.round(clickMs), typedMs: Math.round(typedMs) };
}

/** Types `command` in the terminal of the playground under `root` and waits for its answer. */
async function typeCommand(page, root, command) {
  const output = page.locator(`${root} [data-testid=terminal-output]`);
  const before = (await output.textContent()).length;
  const input = page.locator(`${root} [data-testid=terminal-input]`);
  await input.fill(command);
  await input.press('Enter');
  await page.waitForFunction(([sel, n]) => document.querySelector(sel).textContent.length > n,
    [`${root} [data-testid=terminal-output]`, before], { timeout: 10_000 });
}

export async function runHostileFlows({ browser, url, shots, step, log, errors }) {
  let shared = null;

  await step('hostile text: a definition, its log and events, the terminal, JS API options', async () => {
    const { page, dialogs, done } = await open(browser, url, errors);
    await page.evaluate(async ([importSunaba, yaml, payload]) => {
      const { mount } = await new Function(`return (${importSunaba})()`)();
      const host = document.createElement('div');
      host.id = 'hostile-host';
      document.body.prepend(host);
      window.__hostile = mount(host, {
        definition: yaml, seed: 1, playing: false, storageKey: payload, lang: payload, mode: payload,
        panels: ['editor', 'cluster', 'terminal', 'events', payload],
      });
    }, [IMPORT_SUNABA.toString(), HOSTILE_YAML, PAYLOAD]);
    const root = '#hostile-host';
    await page.locator(`${root} [data-testid=terminal-input]`).waitFor({ timeout: 30_000 });
    await page.evaluate(() => { for (let i = 0; i < 30; i++) window.__hostile.advance(1_000); });
    await settle(page);
    const editor = await page.locator(`${root} [data-testid=editor]`).inputValue();
    if (editor !== HOSTILE_YAML) throw new Error(`the editor shows ${JSON.stringify(editor.slice(0, 300))}`);
    await assertShown(page, `${root} [data-testid=events]`, `Failed to pull image "${IMG}"`, 'events');
    await typeCommand(page, root, 'kubectl logs deploy/hostile');
    await assertShown(page, `${root} [data-testid=terminal-output]`, shown(PAYLOAD), 'the container log');
    await assertShown(page, `${root} [data-testid=terminal-output]`, '<b>bold</b>', 'the container log');
    await typeCommand(page, root, 'kubectl describe deploy hostile');
    await assertShown(page, `${root} [data-testid=terminal-output]`, `PAYLOAD:  ${shown(PAYLOAD)}`, 'describe');
    const raw = await page.locator(`${root} [data-testid=terminal-output]`).textContent();
    if (BIDI_CONTROLS.test(raw)) throw new Error('the terminal shows a bidi control as it is (it reorders the line)');
    await typeCommand(page, root, `kubectl get pods ${IMG}`);
    await typeCommand(page, root, `echo ${JS_LINK}`);
    await page.screenshot({ path: join(shots, 'hostile-text.png') });
    await assertNothingRan(page, dialogs, 'definition, log, events, terminal');
    log('hostile: responsive', JSON.stringify(await assertResponsive(page, root)));
    shared = await page.evaluate(() => window.__hostile.shareLink());
    await done();
  });

  await step('hostile text: a share link carrying it opens as text', async () => {
    if (!shared?.startsWith('share=')) throw new Error(`shareLink() gave ${String(shared).slice(0, 60)}`);
    const { page, dialogs, done } = await open(browser, url, errors, `#${shared}`);
    await page.locator('[data-testid=events]').first().waitFor({ timeout: 30_000 });
    await settle(page);
    const editor = await page.locator('[data-testid=editor]').first().inputValue();
    if (editor !== HOSTILE_YAML) throw new Error(`the shared editor shows ${JSON.stringify(editor.slice(0, 300))}`);
    await assertShown(page, '[data-testid=events]', `Failed to pull image "${IMG}"`, 'shared events');
    await assertNothingRan(page, dialogs, 'share link');
    await page.screenshot({ path: join(shots, 'hostile-share.png') });
    await done();
  });

  await step('hostile text: an exercise file with markup and javascript: links stays text', async () => {
    const { page, dialogs, done } = await open(browser, url, errors);
    await page.evaluate(async ([importSunaba, exercise]) => {
      const { mount } = await new Function(`return (${importSunaba})()`)();
      const host = document.createElement('div');
      host.id = 'hostile-lesson';
      document.body.prepend(host);
      window.__lesson = mount(host, { exercise, playing: false });
    }, [IMPORT_SUNABA.toString(), EXERCISE]);
    const root = '#hostile-lesson';
    await page.locator(`${root} [data-testid=lesson]`).waitFor({ timeout: 30_000 });
    await assertShown(page, `${root} [data-testid=lesson]`, shown(`${IMG} Title ${BIDI}`), 'lesson title');
    await assertShown(page, `${root} [data-testid=lesson-body]`, `[the docs](${JS_LINK})`, 'lesson text');
    await assertShown(page, `${root} [data-testid=lesson-body]`, `<a href="${JS_LINK}">this link</a>`, 'lesson text');
    // Every link the lesson shows leads to an http(s) address (a.href is resolved: `#…` too).
    const links = await page.locator(`${root} [data-testid=lesson] a`).evaluateAll((as) => as.map((a) => a.href));
    const bad = links.filter((h) => !['http:', 'https:'].includes(new URL(h).protocol));
    if (bad.length) throw new Error(`lesson links that are not http(s): ${bad.join(', ')}`);
    await page.locator(`${root} [data-testid=lesson-command]`).first().click();
    await page.evaluate(() => window.__lesson.advance(30_000));
    await settle(page);
    await assertNothingRan(page, dialogs, 'exercise');
    await page.screenshot({ path: join(shots, 'hostile-exercise.png') });
    await done();
  });

  await step('hostile text: a 200 kB annotation, a flooded log and a 900 kB definition keep the page responsive', async () => {
    const { page, dialogs, done } = await open(browser, url, errors);
    const root = '#sunaba-app';
    const editor = page.locator(`${root} [data-testid=editor]`);
    await editor.fill(HUGE_YAML);
    await page.locator(`${root} [data-testid=apply]`).click();
    await page.evaluate(() => { for (let i = 0; i < 30; i++) window.sunaba.instances[0].advance(1_000); });
    await typeCommand(page, root, 'kubectl logs flood --tail 3');
    await assertShown(page, `${root} [data-testid=terminal-output]`, '\n5000', 'the flooded log');
    await typeCommand(page, root, 'kubectl get pod flood -o yaml');
    await assertShown(page, `${root} [data-testid=terminal-output]`, shown('\u202E<img src=x onerror=alert(4)>'), 'the huge annotation');
    log('huge: responsive after the flood', JSON.stringify(await assertResponsive(page, root)));
    // The file limit is 1 MiB: just under it, every line a hostile one.
    const big = `# ${`${PAYLOAD} `.repeat(4)}\n`.repeat(Math.floor(900_000 / (PAYLOAD.length * 4 + 8)));
    // Set as a paste would (playwright's fill types it through the editing pipeline, which
    // takes minutes for 900 kB in Chromium whatever the page does).
    const pasteMs = await page.evaluate(async ([sel, text]) => {
      const area = document.querySelector(sel);
      const t0 = performance.now();
      area.value = text;
      area.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return Math.round(performance.now() - t0);
    }, [`${root} [data-testid=editor]`, big + HOSTILE_YAML]);
    if ((await editor.inputValue()).length !== big.length + HOSTILE_YAML.length) throw new Error('the editor lost the pasted text');
    log(`huge: a ${Math.round(big.length / 1000)} kB definition pasted in ${pasteMs} ms; responsive`, JSON.stringify(await assertResponsive(page, root)));
    await assertNothingRan(page, dialogs, 'huge text');
    await page.screenshot({ path: join(shots, 'hostile-huge.png') });
    await done();
  });
}
