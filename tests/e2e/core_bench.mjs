// The core benchmark compiled to Wasm, in headless Chromium, run by `cargo xtask bench core`:
//   node tests/e2e/core_bench.mjs DIR [--only SECTION] [--out FILE]
// DIR holds wasm-bindgen's output for crates/bench (sunaba_bench.js and its .wasm); this
// serves it with a page that loads it, calls `run_in_browser` (the same sections as the native
// run, timed with performance.now()) and writes the sections as JSON (default
// target/bench/core-wasm.json). Nothing is asserted about time; it fails only if the page breaks.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { collectPageErrors, launchChromium, serveDir, takeOption } from './lib.mjs';

const args = process.argv.slice(2);
const only = takeOption(args, '--only', '');
const outFile = takeOption(args, '--out', 'target/bench/core-wasm.json');
const dir = args.find((a) => !a.startsWith('--'));
if (!dir) {
  console.error('usage: node tests/e2e/core_bench.mjs DIR [--only SECTION] [--out FILE]');
  process.exit(2);
}

// A benchmark of a few minutes at most; never hang CI.
const watchdog = setTimeout(() => {
  console.error('core_bench: timed out after 15 minutes');
  process.exit(1);
}, 15 * 60_000);

writeFileSync(join(dir, 'index.html'), `<!doctype html>
<meta charset="utf-8"><title>sunaba core benchmark</title>
<script type="module">
  import init, { run_in_browser } from './sunaba_bench.js';
  await init();
  window.runCoreBenchmark = run_in_browser;
  document.title = 'ready';
</script>
`);

const server = await serveDir(dir);
const browser = await launchChromium();
const errors = [];
try {
  const page = await browser.newPage();
  collectPageErrors(page, errors);
  await page.goto(server.url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.title === 'ready', null, { timeout: 60_000 });
  const userAgent = await page.evaluate(() => navigator.userAgent);
  const json = await page.evaluate((o) => window.runCoreBenchmark(o), only);
  const sections = JSON.parse(json);
  if (!Array.isArray(sections) || sections.length === 0) throw new Error(`no sections: ${json}`);
  if (errors.length) throw new Error(errors.join('\n'));
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify({ userAgent, sections }, null, 2));
  console.log(`[bench] wasm: ${sections.length} sections in ${userAgent.match(/Chrom\w*\/[\d.]+/)?.[0] ?? 'Chromium'}`);
} finally {
  await browser.close();
  await server.close();
  clearTimeout(watchdog);
}
