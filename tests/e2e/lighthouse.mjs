// The site's pages as Lighthouse and a returning visitor see them, run by `cargo xtask bench browser`:
//   node tests/e2e/lighthouse.mjs [URL] [--dist DIR] [--out FILE] [--budget FILE] [--pages a,b]
//                                 [--runs N]
// Without URL it serves --dist (default dist/) itself, uncompressed. Prints numbers and writes
// them as JSON (default target/bench/lighthouse.json, each page's whole Lighthouse report next to
// it); it asserts nothing about them and fails only when a page cannot be measured at all.
//
// For each page in --budget (default tests/e2e/budget.json: the landing page, the playground and a
// lesson):
// - Lighthouse 12, its default configuration: the mobile preset with simulated throttling (slow
//   4G, 4× CPU), in headless Chromium (/usr/bin/chromium, or $CHROMIUM) started by chrome-launcher.
//   Each page is audited --runs times (default 3); the run with the median Performance score is
//   reported, with each metric the median of the runs. Printed: the four category scores, FCP, LCP, TBT, Speed Index, TTI, the transfer by kind (Wasm,
//   JS, all; from the `network-requests` audit) and every audit below 100 (id and title) in each
//   category, so that it is clear what to fix.
// - First visit and repeat visit, unthrottled, with playwright: a cold load in a fresh browser
//   context, then a reload in the same context (HTTP cache, service worker and code cache kept).
//   "Interactive" is `window.sunaba.instances.length > 0` on a page that loads the Wasm and the
//   `load` event elsewhere, both as `performance.now()` from the navigation's start.
// - The budget: the first visit's Wasm + JS bytes with Brotli against the page's budget, printed
//   as "within" or "OVER". The bytes are those on the wire when the server sent them with Brotli;
//   otherwise they are the same files compressed here with Brotli (quality 11), and the line says
//   which encoding the server used.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib } from 'node:zlib';
import { chromiumPath, collectPageErrors, launchChromium, serveDir, takeOption } from './lib.mjs';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const METRICS = [
  ['fcp', 'first-contentful-paint'],
  ['lcp', 'largest-contentful-paint'],
  ['tbt', 'total-blocking-time'],
  ['speedIndex', 'speed-index'],
  ['tti', 'interactive'],
];
// Audits that carry no verdict of their own.
const NO_VERDICT = new Set(['notApplicable', 'manual', 'informative', 'error']);

// ------------------------------------------------------------------------------------ args

const args = process.argv.slice(2);
const opt = (name, dflt) => takeOption(args, name, dflt);
const distDir = resolve(opt('--dist', 'dist'));
const outFile = opt('--out', 'target/bench/lighthouse.json');
const budgetFile = opt('--budget', fileURLToPath(new URL('./budget.json', import.meta.url)));
const only = opt('--pages', null)?.split(',');
// Simulated throttling replays what happened unthrottled, so one run's LCP depends on whether the
// first paint came before the Wasm finished downloading over loopback: several runs, the median.
const runCount = Math.max(1, Math.min(9, Number(opt('--runs', '3')) || 3));
let url = args.find((a) => !a.startsWith('--'));

// Never hang CI: a Lighthouse run takes 15–30 s on a busy 2-core machine.
const watchdog = setTimeout(() => {
  console.error('lighthouse: FAILED: timed out after 900 s');
  try {
    chrome?.kill();
  } catch {
    // Already gone.
  }
  process.exit(1);
}, 900_000);

const log = (...a) => console.log('[lighthouse]', ...a);
const round = (x, d = 0) => (Number.isFinite(x) ? Number(x.toFixed(d)) : null);
const kB = (bytes) => round(bytes / 1000, 1);

const budget = JSON.parse(readFileSync(budgetFile, 'utf8'));
const pages = Object.entries(budget.pages).filter(([name]) => !only || only.includes(name));
if (!pages.length) throw new Error(`no page to measure (budget ${budgetFile}, --pages ${only})`);
for (const [name, p] of pages) {
  if (typeof p?.path !== 'string' || /^[a-z]+:|^\/|\.\./i.test(p.path) || !(p.wasm_js_brotli_kB > 0)) {
    throw new Error(`${budgetFile}: pages.${name} needs "path" (relative to the site's root) and "wasm_js_brotli_kB" (a number > 0)`);
  }
}

// ------------------------------------------------------------------------------------ Lighthouse

async function audit(port, pageUrl) {
  const run = await lighthouse(pageUrl, { port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES });
  if (!run?.lhr) throw new Error(`Lighthouse returned no report for ${pageUrl}`);
  const { lhr } = run;
  if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
  const scores = {};
  const below = {};
  for (const id of CATEGORIES) {
    const cat = lhr.categories[id];
    scores[id] = cat?.score === null || cat?.score === undefined ? null : round(cat.score * 100);
    below[id] = (cat?.auditRefs ?? [])
      .map((ref) => lhr.audits[ref.id])
      .filter((a) => a && a.score !== null && a.score < 1 && !NO_VERDICT.has(a.scoreDisplayMode))
      .map((a) => ({ id: a.id, title: a.title, score: round(a.score * 100), value: a.displayValue ?? null }));
  }
  // Some gatherers fail with newer Chromium than Lighthouse was released with; say which.
  const unavailable = Object.values(lhr.audits).filter((a) => a.scoreDisplayMode === 'error').map((a) => a.id).sort();
  const metricsMs = {};
  for (const [key, id] of METRICS) metricsMs[key] = round(lhr.audits[id]?.numericValue);
  const transfer = { wasmBytes: 0, jsBytes: 0, totalBytes: 0, requests: 0 };
  for (const r of lhr.audits['network-requests']?.details?.items ?? []) {
    const size = r.transferSize ?? 0;
    transfer.totalBytes += size;
    transfer.requests += 1;
    if (isWasm(r.url, r.mimeType)) transfer.wasmBytes += size;
    else if (isJs(r.url, r.mimeType)) transfer.jsBytes += size;
  }
  return {
    scores, metricsMs, transfer, below, unavailable,
    benchmarkIndex: lhr.environment?.benchmarkIndex ?? null,
    warnings: lhr.runWarnings ?? [],
    report: run.report,
  };
}

/**
 * The run whose performance score is the median (its scores and audits are reported), with each
 * metric replaced by its median over the runs and the LCP's range across them kept alongside.
 */
function medianRun(runs) {
  const mid = (xs) => [...xs].sort((x, y) => x - y)[(xs.length - 1) >> 1];
  const perf = mid(runs.map((r) => r.scores.performance ?? 0));
  const pick = runs.find((r) => (r.scores.performance ?? 0) === perf);
  const metricsMs = {};
  for (const [key] of METRICS) metricsMs[key] = mid(runs.map((r) => r.metricsMs[key] ?? Infinity));
  const lcps = runs.map((r) => r.metricsMs.lcp).filter(Number.isFinite);
  return {
    ...pick,
    metricsMs,
    runs: runs.length,
    performanceScores: runs.map((r) => r.scores.performance),
    lcpRangeMs: lcps.length ? [Math.min(...lcps), Math.max(...lcps)] : null,
  };
}

const isWasm = (u, mime) => /\.wasm(\?|$)/.test(u) || /application\/wasm/.test(mime ?? '');
const isJs = (u, mime) => /\.m?js(\?|$)/.test(u) || /javascript/.test(mime ?? '');

// ------------------------------------------------------------------------------------ visits

const INTERACTIVE_LIMIT_MS = 60_000;
// When a page counts as interactive: the playground mounted on a page that loads it, else `load`.
// Gives up (null) after `limitMs`, so a page that never mounts a playground cannot hang the run.
const INTERACTIVE = (limitMs) => new Promise((done) => {
  const check = () => {
    if (performance.now() > limitMs) {
      done(null);
      return;
    }
    // Read on every check: the head may not be parsed yet; `complete` implies it is.
    const loadsWasm = document.querySelector('script[src$="boot.js"]') !== null;
    if (loadsWasm ? window.sunaba?.instances?.length > 0 : document.readyState === 'complete') {
      done(performance.now());
    } else {
      requestAnimationFrame(check);
    }
  };
  check();
});

// The elements that were the largest contentful paint in turn (the last one counts), as
// Chromium reports them; Lighthouse's own `largest-contentful-paint-element` audit fails with
// newer Chromium than it was released with. An element painted only after the Wasm started is
// the one that moves LCP past the Wasm's download under throttling.
const LCP_ELEMENTS = () => new Promise((done) => {
  const describe = (el) => {
    if (!el) return '(removed from the page)';
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    const testid = el.getAttribute?.('data-testid');
    return `${el.tagName.toLowerCase()}${cls}${testid ? `[data-testid=${testid}]` : ''}`;
  };
  new PerformanceObserver((list, observer) => {
    observer.disconnect();
    done(list.getEntries().map((e) => ({ ms: Math.round(e.startTime), size: e.size, element: describe(e.element) })));
  }).observe({ type: 'largest-contentful-paint', buffered: true });
});

async function visits(browser, pageUrl) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  collectPageErrors(page, errors);
  const fetched = [];
  page.on('response', (r) => {
    if (isWasm(r.url(), r.headers()['content-type']) || isJs(r.url(), r.headers()['content-type'])) {
      fetched.push(r.request().sizes().then((s) => ({
        url: r.url(),
        encoding: r.headers()['content-encoding'] || 'identity',
        bodyBytes: s.responseBodySize,
        fromServiceWorker: r.fromServiceWorker(),
      })).catch(() => null));
    }
  });
  try {
    await page.goto(pageUrl, { waitUntil: 'commit' });
    const firstMs = await page.evaluate(INTERACTIVE, INTERACTIVE_LIMIT_MS);
    const lcp = await page.evaluate(LCP_ELEMENTS);
    const first = (await Promise.all(fetched)).filter(Boolean);
    fetched.length = 0;
    await page.reload({ waitUntil: 'commit' });
    const repeatMs = await page.evaluate(INTERACTIVE, INTERACTIVE_LIMIT_MS);
    await Promise.all(fetched);
    // Reported, not fatal: Lighthouse's Best Practices counts them too.
    return { firstMs: round(firstMs), repeatMs: round(repeatMs), first, errors, lcp };
  } finally {
    await context.close();
  }
}

// The first visit's Wasm + JS with Brotli: as sent when the server used Brotli, else as Brotli
// would make them from the files in dist/.
const brotliCache = new Map();
function brotliBytes(fileUrl) {
  const path = decodeURIComponent(new URL(fileUrl).pathname);
  const file = join(distDir, path);
  if (!file.startsWith(distDir + sep)) return null;
  if (!brotliCache.has(file)) {
    let size = null;
    try {
      const buf = readFileSync(file);
      size = brotliCompressSync(buf, {
        params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: buf.length },
      }).length;
    } catch {
      size = null;
    }
    brotliCache.set(file, size);
  }
  return brotliCache.get(file);
}

function againstBudget(first, budgetKb) {
  const encodings = [...new Set(first.map((f) => f.encoding))].sort();
  let bytes = 0;
  let computed = false;
  for (const f of first) {
    if (f.encoding === 'br') {
      bytes += f.bodyBytes;
    } else {
      const b = brotliBytes(f.url);
      if (b === null) return { encodings, brotliKb: null, budgetKb, verdict: 'unknown', computed };
      bytes += b;
      computed = true;
    }
  }
  const brotliKb = kB(bytes);
  return {
    encodings, brotliKb, budgetKb, computed,
    sentKb: kB(first.reduce((t, f) => t + f.bodyBytes, 0)),
    verdict: brotliKb <= budgetKb ? 'within' : 'OVER',
  };
}

// ------------------------------------------------------------------------------------ main

let server = null;
let chrome = null;
let browser = null;
let failure = null;
const result = { url: null, pages: {} };
try {
  if (!url) {
    server = await serveDir(distDir);
    url = server.url;
  }
  if (!url.endsWith('/')) url += '/';
  result.url = url;
  browser = await launchChromium();
  chrome = await chromeLauncher.launch({
    chromePath: chromiumPath,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  for (const [name, p] of pages) {
    const pageUrl = new URL(p.path, url).href;
    log(`${name}: ${pageUrl}`);
    const v = await visits(browser, pageUrl);
    const runs = [];
    for (let i = 0; i < runCount; i++) runs.push(await audit(chrome.port, pageUrl));
    const a = medianRun(runs);
    const reportFile = join(dirname(outFile), `lighthouse-${name}.json`);
    mkdirSync(dirname(reportFile), { recursive: true });
    writeFileSync(reportFile, a.report);
    delete a.report;
    result.pages[name] = {
      url: pageUrl, ...a,
      visit: { firstMs: v.firstMs, repeatMs: v.repeatMs, errors: v.errors, lcpElements: v.lcp },
      budget: againstBudget(v.first, p.wasm_js_brotli_kB),
      firstVisitFiles: v.first,
    };
  }
} catch (e) {
  failure = e;
} finally {
  await browser?.close().catch(() => {});
  try {
    chrome?.kill();
  } catch {
    // Already gone.
  }
  await server?.close();
  clearTimeout(watchdog);
}

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
report(result);
if (failure) {
  console.error(`lighthouse: FAILED: ${failure.stack ?? failure}`);
  process.exit(1);
}
log(`wrote ${outFile} (and each page's Lighthouse report next to it)`);

function report(r) {
  const names = Object.keys(r.pages);
  if (!names.length) return;
  const ms = (x) => (x === null ? '–' : x >= 1000 ? `${(x / 1000).toFixed(1)} s` : `${x} ms`);
  const rows = [['', ...names]];
  const row = (what, f) => rows.push([what, ...names.map((n) => String(f(r.pages[n]) ?? '–'))]);
  row('Performance (≥ 90)', (p) => p.scores.performance);
  row('Accessibility (100)', (p) => p.scores.accessibility);
  row('Best Practices (100)', (p) => p.scores['best-practices']);
  row('SEO (≥ 90)', (p) => p.scores.seo);
  row('Performance, each run', (p) => p.performanceScores.join(' '));
  row('LCP (≤ 2.5 s)', (p) => `${ms(p.metricsMs.lcp)}${p.lcpRangeMs && p.runs > 1 ? ` (${ms(p.lcpRangeMs[0])}–${ms(p.lcpRangeMs[1])})` : ''}`);
  row('TBT (≤ 200 ms)', (p) => ms(p.metricsMs.tbt));
  row('FCP', (p) => ms(p.metricsMs.fcp));
  row('Speed Index', (p) => ms(p.metricsMs.speedIndex));
  row('TTI', (p) => ms(p.metricsMs.tti));
  row('transfer Wasm (as sent)', (p) => `${kB(p.transfer.wasmBytes)} kB`);
  row('transfer JS (as sent)', (p) => `${kB(p.transfer.jsBytes)} kB`);
  row('transfer all (as sent)', (p) => `${kB(p.transfer.totalBytes)} kB, ${p.transfer.requests} req`);
  row('interactive, first visit', (p) => ms(p.visit.firstMs));
  row('interactive, repeat (≤ 0.5 s)', (p) => ms(p.visit.repeatMs));
  row('Wasm + JS Brotli vs budget', (p) => {
    const b = p.budget;
    return b.brotliKb === null ? 'unknown' : `${b.brotliKb} / ${b.budgetKb} kB ${b.verdict}`;
  });
  row('  server sent', (p) => `${p.budget.encodings.join('+') || 'nothing'}${p.budget.sentKb === undefined ? '' : ` (${p.budget.sentKb} kB)`}${p.budget.computed ? '; Brotli computed here' : ''}`);
  row('Lighthouse benchmarkIndex', (p) => p.benchmarkIndex);
  const w = rows[0].map((_, i) => Math.max(...rows.map((x) => x[i].length)));
  console.log('');
  for (const x of rows) console.log(`  ${x.map((c, i) => c.padEnd(w[i])).join('  ')}`);
  for (const n of names) {
    const p = r.pages[n];
    for (const cat of CATEGORIES) {
      for (const a of p.below[cat]) {
        console.log(`  ${n} ${cat} ${a.score}: ${a.id} — ${a.title}${a.value ? ` (${a.value})` : ''}`);
      }
    }
    for (const warning of p.warnings) console.log(`  ${n} warning: ${warning}`);
    const lcp = p.visit.lcpElements.map((e) => `${e.element} at ${e.ms} ms`).join(', then ');
    if (lcp) console.log(`  ${n} largest contentful paint (unthrottled): ${lcp}`);
    // The same error repeats on every render: once each, counted, and cut short.
    const counts = new Map();
    for (const e of p.visit.errors) counts.set(e, (counts.get(e) ?? 0) + 1);
    for (const [e, k] of counts) console.log(`  ${n} page error (${k}×): ${e.length > 160 ? `${e.slice(0, 160)}…` : e}`);
    if (p.unavailable.length) console.log(`  ${n} audits that could not run here: ${p.unavailable.join(', ')}`);
  }
  console.log('');
}
