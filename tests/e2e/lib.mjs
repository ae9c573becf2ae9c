// Shared by e2e.mjs and bench.mjs: launching the apt Chromium with playwright-core (no browser
// download), collecting page errors, and a small static server for dist/ when no URL is given.
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

/** Pushes every page error, console.error, HTTP error and failed request onto `errors`. */
export function collectPageErrors(page, errors) {
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
