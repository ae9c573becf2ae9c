// Shared by the end-to-end flows and the benchmarks: launching the apt Chromium with playwright-core
// (no browser download), collecting page errors, a small static server for dist/ when no URL is
// given, and reading command-line options.
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

/** Headless Chromium from apt; `--no-sandbox` because CI runs as root in a container. */
export function launchChromium(extraArgs = []) {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', ...extraArgs],
  });
}

const isFavicon = (u) => /\/favicon\.ico(\?|$)/.test(u || '');

/**
 * Pushes every page error, console.error, HTTP error, failed request and Content-Security-Policy
 * violation onto `errors`.
 */
export function collectPageErrors(page, errors) {
  recordCspViolations(page);
  page.on('pageerror', (e) => errors.push(`pageerror: ${e}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !isFavicon(m.location()?.url)) errors.push(`console.error: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !isFavicon(r.url())) errors.push(`HTTP ${r.status()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => {
    if (!isFavicon(r.url())) errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
  });
}

/**
 * Keeps every `securitypolicyviolation` of every document (and frame) of `page` in
 * `window.__cspViolations`, and reports it with console.error, so the flow that caused it fails
 * like any other page error. What a violation was blocked for: `directive` (e.g. `style-src-attr`
 * for a style attribute), `blocked` (`inline`, `eval` or a URL), where, and a sample.
 */
export function recordCspViolations(page) {
  return page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      const v = {
        directive: e.effectiveDirective || e.violatedDirective,
        blocked: e.blockedURI,
        at: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
        sample: e.sample,
      };
      window.__cspViolations.push(v);
      console.error(`CSP violation: ${JSON.stringify(v)}`);
    });
  });
}

/** The violations recorded in the page's current document (see `recordCspViolations`). */
export const cspViolations = (page) => page.evaluate(() => window.__cspViolations ?? []);

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.yaml': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png',
};

/**
 * Serves `dir` on a free loopback port (or `port`, to come back at the same origin) like
 * `cargo xtask serve` does (uncompressed, no-cache, `.wasm` as application/wasm). Returns
 * `{ url, port, close }`; `close` also drops the browser's kept-alive connections.
 */
export async function serveDir(dir, { port = 0 } = {}) {
  const root = resolve(dir);
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'Content-Type': TYPES[extname(file)] || 'application/octet-stream',
        'Cache-Control': 'no-cache',
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok) => server.listen(port, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    port: server.address().port,
    close: () => new Promise((ok) => {
      server.close(ok);
      server.closeAllConnections();
    }),
  };
}

/**
 * Removes `name` and the value after it from `args` and returns the value, or `dflt` when
 * `name` is absent (what is left in `args` is then the operands).
 */
export function takeOption(args, name, dflt) {
  const i = args.indexOf(name);
  if (i < 0) return dflt;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
}

/**
 * `node tests/e2e/FLOW.mjs URL` (the site's root): when the module at `moduleUrl` is the one
 * node was started with, runs its `flows({ browser, url, shots, step, errors })` alone against
 * the playground, with the screenshots in `SUNABA_SCREENSHOTS` (default target/screenshots).
 */
export async function runAloneIfMain(moduleUrl, flows) {
  const { fileURLToPath } = await import('node:url');
  const { mkdirSync } = await import('node:fs');
  const file = fileURLToPath(moduleUrl);
  if (process.argv[1] !== file) return;
  const site = process.argv[2];
  if (!site) {
    console.error(`usage: node ${file} URL`);
    process.exit(2);
  }
  const shots = process.env.SUNABA_SCREENSHOTS || 'target/screenshots';
  mkdirSync(shots, { recursive: true });
  const errors = [];
  const browser = await launchChromium();
  const step = async (what, f) => {
    await f();
    console.log(`[e2e] ok   ${what}`);
  };
  try {
    const log = (line) => console.log(`[e2e] ${line}`);
    await flows({ browser, site, url: new URL('playground/', site).href, shots, step, log, errors });
    if (errors.length) throw new Error(`errors on the page:\n  ${errors.join('\n  ')}`);
    console.log('[e2e] screenshots in', shots);
  } catch (e) {
    console.error(`e2e: FAILED: ${e.message ?? e}`);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}
