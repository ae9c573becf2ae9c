// Browser benchmark of the built playground (dist/), run by `cargo xtask bench browser`:
//   node tests/e2e/bench.mjs [URL] [--dist DIR] [--out FILE] [--loads N] [--seconds S]
// Without URL it serves --dist (default dist/) itself. Prints numbers and writes them as JSON
// (default target/bench/browser.json); it asserts nothing about time (the box is shared and
// noisy). It fails only when the page breaks (errors, the cluster never comes up).
//
// Measured, in headless Chromium (/usr/bin/chromium, like e2e.mjs):
// - size:   each .wasm / .js in dist/, raw and gzip -9 (node's zlib);
// - load:   first-contentful-paint and "app rendered" ([data-testid=clock] in the DOM) over N cold
//           page loads, each in a fresh browser context (empty HTTP and code caches);
// - frames: 100 nodes and a Deployment of 1,000 pods Running, clock at ×10, S seconds of real
//           frames: CDP Performance.getMetrics deltas (ScriptDuration, TaskDuration, LayoutDuration,
//           RecalcStyleDuration) divided by the frames an injected rAF counter saw; per-frame time of
//           the app's own rAF callback including the render it schedules (p50/p95/max); rAF
//           intervals (p50/p95); long animation frames (> 50 ms). Then the same while a crash wave
//           kills 100 containers per second through the JS API.
// - DOM:    document.getElementsByTagName('*').length.
import { existsSync, readdirSync, readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { collectPageErrors, launchChromium, serveDir, takeOption } from './lib.mjs';

const GOALS = { scriptMsPerFrame: 10, domNodes: 1400, firstPaintMs: 400, gzipKb: 250 };
const NODES = 100;
const PODS = 1000;
const SPEED = 10;
const KILLS_PER_SECOND = 100;

// ------------------------------------------------------------------------------------ args

const args = process.argv.slice(2);
const opt = (name, dflt) => takeOption(args, name, dflt);
const distDir = opt('--dist', 'dist');
const outFile = opt('--out', 'target/bench/browser.json');
const loads = Number(opt('--loads', '5'));
const seconds = Number(opt('--seconds', '5'));
let url = args.find((a) => !a.startsWith('--'));

// Never hang CI.
const watchdog = setTimeout(() => {
  console.error('bench: FAILED: timed out after 600 s');
  process.exit(1);
}, 600_000);

const log = (...a) => console.log('[bench]', ...a);
const round = (x, d = 1) => (Number.isFinite(x) ? Number(x.toFixed(d)) : null);
const quantile = (xs, q) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const median = (xs) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (xs) => ({
  median: round(median(xs)), min: round(Math.min(...xs)), max: round(Math.max(...xs)), samples: xs.map((x) => round(x)),
});

// ------------------------------------------------------------------------------------ size

function sizes(dir) {
  const files = readdirSync(dir).filter((f) => /\.(wasm|js)$/.test(f)).sort();
  if (!files.length) throw new Error(`no .wasm or .js in ${dir} (run cargo xtask dist)`);
  const rows = files.map((f) => {
    const buf = readFileSync(join(dir, f));
    return { file: f, rawBytes: buf.length, gzipBytes: gzipSync(buf, { level: 9 }).length };
  });
  const total = rows.reduce((t, r) => ({ rawBytes: t.rawBytes + r.rawBytes, gzipBytes: t.gzipBytes + r.gzipBytes }),
    { rawBytes: 0, gzipBytes: 0 });
  return { files: rows, total };
}

// ------------------------------------------------------------------------------------ page probes

// Installed before the page's own scripts: records when the app first rendered, counts frames,
// times the app's rAF callbacks and collects long animation frames while `recording` is set.
const PROBE = () => {
  const B = (window.__bench = {
    recording: false, frames: 0, last: null, appMs: [], deltas: [], loaf: [], renderedAt: null,
  });
  const mark = () => {
    if (B.renderedAt === null && document.querySelector('[data-testid=clock]')) {
      B.renderedAt = performance.now();
      return true;
    }
    return false;
  };
  const mo = new MutationObserver(() => mark() && mo.disconnect());
  mo.observe(document, { childList: true, subtree: true });

  const raf = window.requestAnimationFrame.bind(window);
  const tick = (ts) => {
    if (B.recording) {
      B.frames += 1;
      if (B.last !== null) B.deltas.push(ts - B.last);
      B.last = ts;
    } else {
      B.last = null;
    }
    raf(tick);
  };
  raf(tick);
  // The app's frame callback schedules its render as a microtask (Yew's scheduler); the
  // microtask checkpoint runs before the next rAF callback, so a marker requested right after
  // the app's callback sees the end of callback + render.
  window.requestAnimationFrame = (cb) => {
    let t0 = 0;
    const id = raf((ts) => {
      t0 = performance.now();
      cb(ts);
    });
    raf(() => {
      if (B.recording && t0) B.appMs.push(performance.now() - t0);
    });
    return id;
  };
  try {
    new PerformanceObserver((list) => {
      if (!B.recording) return;
      for (const e of list.getEntries()) {
        B.loaf.push({
          duration: e.duration,
          blocking: e.blockingDuration ?? 0,
          script: (e.scripts || []).reduce((s, x) => s + x.duration, 0),
        });
      }
    }).observe({ type: 'long-animation-frame', buffered: false });
  } catch {
    // Older Chromium: no LoAF; the rAF numbers remain.
  }
};

async function coldLoad(browser, pageUrl, errors) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    collectPageErrors(page, errors);
    await page.addInitScript(PROBE);
    await page.goto(pageUrl, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__bench.renderedAt !== null, null, { timeout: 30_000 });
    // FCP is reported asynchronously; give it a frame or two.
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0,
      null, { timeout: 10_000 }).catch(() => {});
    return await page.evaluate(() => {
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        fcpMs: fcp ? fcp.startTime : null,
        renderedMs: window.__bench.renderedAt,
        domContentLoadedMs: nav ? nav.domContentLoadedEventEnd : null,
        loadMs: nav ? nav.loadEventEnd : null,
        domNodes: document.getElementsByTagName('*').length,
      };
    });
  } finally {
    await context.close();
  }
}

const deployment = (replicas) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: bench
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: bench
  template:
    metadata:
      labels:
        app: bench
    spec:
      containers:
        - name: web
          image: nginx:1.14.2
          resources:
            requests:
              cpu: 10m
              memory: 16Mi
`;

const METRICS = ['ScriptDuration', 'TaskDuration', 'LayoutDuration', 'RecalcStyleDuration', 'Nodes', 'JSHeapUsedSize'];

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.filter((m) => METRICS.includes(m.name)).map((m) => [m.name, m.value]));
}

/** Records `secs` seconds of real frames; `during` starts/stops extra load in the page. */
async function measureFrames(page, cdp, secs, during) {
  await page.evaluate(() => {
    const B = window.__bench;
    Object.assign(B, { frames: 0, last: null, appMs: [], deltas: [], loaf: [], recording: true });
  });
  const before = await metrics(cdp);
  if (during) await during.start();
  await page.waitForTimeout(secs * 1000);
  if (during) await during.stop();
  const after = await metrics(cdp);
  const b = await page.evaluate(() => {
    const B = window.__bench;
    B.recording = false;
    return {
      frames: B.frames, appMs: B.appMs, deltas: B.deltas, loaf: B.loaf,
      domNodes: document.getElementsByTagName('*').length,
    };
  });
  const perFrame = (name) => round(((after[name] - before[name]) * 1000) / Math.max(1, b.frames), 2);
  return {
    seconds: secs,
    // Load-independent: when frames get slow every frame renders, so per-frame numbers grow faster.
    scriptMsPerSecond: round(((after.ScriptDuration - before.ScriptDuration) * 1000) / secs, 0),
    frames: b.frames,
    fps: round(b.frames / secs),
    perFrameMs: {
      script: perFrame('ScriptDuration'),
      task: perFrame('TaskDuration'),
      layout: perFrame('LayoutDuration'),
      recalcStyle: perFrame('RecalcStyleDuration'),
    },
    appFrameMs: {
      p50: round(quantile(b.appMs, 0.5), 2),
      p95: round(quantile(b.appMs, 0.95), 2),
      max: round(Math.max(0, ...b.appMs), 2),
      mean: round(b.appMs.reduce((s, x) => s + x, 0) / Math.max(1, b.appMs.length), 2),
      count: b.appMs.length,
    },
    rafIntervalMs: { p50: round(quantile(b.deltas, 0.5), 1), p95: round(quantile(b.deltas, 0.95), 1), max: round(Math.max(0, ...b.deltas), 1) },
    longAnimationFrames: {
      count: b.loaf.length,
      p95DurationMs: round(quantile(b.loaf.map((l) => l.duration), 0.95), 1),
      totalBlockingMs: round(b.loaf.reduce((s, l) => s + l.blocking, 0), 0),
    },
    domNodes: b.domNodes,
    cdpNodes: after.Nodes,
    jsHeapMb: round(after.JSHeapUsedSize / 1e6, 1),
  };
}

async function bigCluster(browser, pageUrl, errors) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  collectPageErrors(page, errors);
  await page.addInitScript(PROBE);
  await page.goto(pageUrl, { waitUntil: 'load' });
  await page.waitForFunction(() => window.sunaba?.instances?.length > 0, null, { timeout: 30_000 });
  const idle = await page.evaluate(() => document.getElementsByTagName('*').length);

  const t0 = Date.now();
  // The default example's pods count towards the 1,000.
  const existing = await page.evaluate((nodes) => {
    const pg = window.sunaba.instances[0];
    pg.pause();
    const s = pg.state();
    const had = (s.nodes || []).length;
    for (let i = had; i < nodes; i++) {
      const out = pg.run('sim add-node');
      if (!/added/.test(out)) throw new Error(`sim add-node: ${out}`);
    }
    const pods = (s.nodes || []).reduce((n, node) => n + (node.pods || []).length, 0) + (s.pending || []).length;
    return { nodes: had, pods };
  }, NODES);
  const replicas = Math.max(1, PODS - existing.pods);
  const applied = await page.evaluate((yaml) => {
    const pg = window.sunaba.instances[0];
    pg.setDefinition(yaml);
    return pg.apply();
  }, deployment(replicas));
  log(`${NODES} nodes (${existing.nodes} existed); ${existing.pods} pods existed; apply: ${applied.trim()} (${replicas} replicas)`);
  let counts = null;
  let virtualMs = 0;
  for (; virtualMs <= 600_000; virtualMs += 5_000) {
    counts = await page.evaluate(() => {
      const s = window.sunaba.instances[0].state();
      let running = 0;
      let total = 0;
      for (const n of s.nodes || []) {
        for (const p of n.pods || []) {
          total += 1;
          if (p.status === 'Running') running += 1;
        }
      }
      return { nodes: (s.nodes || []).length, running, total, pending: (s.pending || []).length };
    });
    if (counts.running >= PODS) break;
    await page.evaluate(() => window.sunaba.instances[0].advance(5_000));
  }
  if (!counts || counts.running < PODS) {
    throw new Error(`only ${counts?.running} of ${PODS} pods Running after ${virtualMs / 1000} s of virtual time`);
  }
  const setupRealMs = Date.now() - t0;
  log(`${counts.running} pods Running on ${counts.nodes} nodes after ${virtualMs / 1000} s virtual (${setupRealMs} ms real)`);

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.evaluate((speed) => {
    const pg = window.sunaba.instances[0];
    pg.setSpeed(speed);
    pg.play();
  }, SPEED);
  await page.waitForTimeout(1_000); // warm-up: first full render of the big cluster
  const steady = await measureFrames(page, cdp, seconds);

  const crashWave = {
    start: () => page.evaluate((perSecond) => {
      const pg = window.sunaba.instances[0];
      const names = [];
      for (const n of pg.state().nodes || []) for (const p of n.pods || []) names.push(p.name);
      let next = 0;
      window.__benchKills = { done: 0, errors: 0, batchMs: [] };
      const perTick = Math.max(1, Math.round(perSecond / 10));
      window.__benchKiller = setInterval(() => {
        const t0 = performance.now();
        for (let i = 0; i < perTick && names.length; i++) {
          const out = pg.run(`sim kill ${names[next % names.length]}`);
          next += 1;
          if (/^error|Error from server/.test(out)) window.__benchKills.errors += 1;
          else window.__benchKills.done += 1;
        }
        window.__benchKills.batchMs.push(performance.now() - t0);
      }, 100);
    }, KILLS_PER_SECOND),
    stop: () => page.evaluate(() => clearInterval(window.__benchKiller)),
  };
  const wave = await measureFrames(page, cdp, seconds, crashWave);
  const kills = await page.evaluate(() => window.__benchKills);
  wave.kills = {
    done: kills.done,
    errors: kills.errors,
    perTick: Math.max(1, Math.round(KILLS_PER_SECOND / 10)),
    // The synchronous part of one tick's `run('sim kill …')` calls (the render comes after).
    tickMs: { p50: round(quantile(kills.batchMs, 0.5), 1), p95: round(quantile(kills.batchMs, 0.95), 1) },
  };
  const statuses = await page.evaluate(() => {
    const out = {};
    for (const el of document.querySelectorAll('[data-testid=pod]')) {
      const s = el.getAttribute('data-status');
      out[s] = (out[s] || 0) + 1;
    }
    return out;
  });
  await context.close();
  return { nodes: counts.nodes, pods: counts.running, speed: SPEED, setupVirtualS: virtualMs / 1000, setupRealMs, idleDomNodes: idle, steady, crashWave: { ...wave, podChipsAfter: statuses } };
}

// ------------------------------------------------------------------------------------ main

const errors = [];
let server = null;
let browser = null;
let failure = null;
const result = { date: new Date().toISOString(), goals: GOALS };
try {
  result.size = sizes(distDir);
  if (!url) {
    server = await serveDir(distDir);
    url = server.url;
  }
  // The site's root is a landing page without the Wasm; the playground has a page of its own.
  if (existsSync(join(distDir, 'playground', 'index.html'))) url = new URL('playground/', url.endsWith('/') ? url : `${url}/`).href;
  result.url = url;
  log(`measuring ${url}`);
  browser = await launchChromium();
  result.chromium = browser.version();

  const samples = [];
  for (let i = 0; i < loads; i++) samples.push(await coldLoad(browser, url, errors));
  const fcp = samples.map((s) => s.fcpMs).filter((x) => x !== null);
  result.load = {
    loads,
    firstContentfulPaintMs: fcp.length ? stats(fcp) : null,
    appRenderedMs: stats(samples.map((s) => s.renderedMs)),
    loadEventMs: stats(samples.map((s) => s.loadMs)),
    domNodes: samples[0]?.domNodes ?? null,
  };
  result.cluster = await bigCluster(browser, url, errors);
  if (errors.length) throw new Error(`errors on the page:\n  ${errors.join('\n  ')}`);
} catch (e) {
  failure = e;
} finally {
  await browser?.close().catch(() => {});
  await server?.close();
  clearTimeout(watchdog);
}

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
report(result);
if (failure) {
  console.error(`bench: FAILED: ${failure.message ?? failure}`);
  process.exit(1);
}
log(`wrote ${outFile}`);

function report(r) {
  const kb = (b) => `${(b / 1000).toFixed(1)} kB`;
  const verdict = (value, goal) => (value === null || value === undefined ? '' : value <= goal ? 'ok' : 'OVER');
  const rows = [];
  const row = (what, value, goal, mark) => rows.push([what, String(value ?? '–'), goal, mark ?? '']);
  if (r.size) {
    for (const f of r.size.files) row(`size ${f.file}`, `${kb(f.rawBytes)} raw, ${kb(f.gzipBytes)} gzip -9`, '', '');
    const gz = r.size.total.gzipBytes / 1000;
    row('size wasm + JS', `${kb(r.size.total.rawBytes)} raw, ${kb(r.size.total.gzipBytes)} gzip -9`, `≤ ${GOALS.gzipKb} kB gzip`, verdict(gz, GOALS.gzipKb));
  }
  if (r.load) {
    const f = r.load.firstContentfulPaintMs;
    const a = r.load.appRenderedMs;
    if (f) row(`first contentful paint (${r.load.loads} cold loads)`, `${f.median} ms median (${f.min}–${f.max})`, `≤ ${GOALS.firstPaintMs} ms`, verdict(f.median, GOALS.firstPaintMs));
    row('app rendered ([data-testid=clock])', `${a.median} ms median (${a.min}–${a.max})`, '', '');
    row('DOM nodes, default example', r.load.domNodes, '', '');
  }
  const c = r.cluster;
  if (c) {
    for (const [name, m] of [[`steady ×${c.speed}`, c.steady], [`crash wave (${KILLS_PER_SECOND} kills/s)`, c.crashWave]]) {
      const who = `${c.nodes} nodes / ${c.pods} pods, ${name}`;
      row(`${who}: script per frame (CDP)`, `${m.perFrameMs.script} ms (task ${m.perFrameMs.task}, layout ${m.perFrameMs.layout}, style ${m.perFrameMs.recalcStyle}) over ${m.frames} frames, ${m.fps} fps; ${m.scriptMsPerSecond} ms script per s`,
        `≤ ${GOALS.scriptMsPerFrame} ms`, verdict(m.perFrameMs.script, GOALS.scriptMsPerFrame));
      row(`${who}: app frame (rAF + render)`, `p50 ${m.appFrameMs.p50} ms, p95 ${m.appFrameMs.p95} ms, max ${m.appFrameMs.max} ms`, '', '');
      row(`${who}: rAF interval`, `p50 ${m.rafIntervalMs.p50} ms, p95 ${m.rafIntervalMs.p95} ms; ${m.longAnimationFrames.count} frames > 50 ms`, '', '');
    }
    const k = c.crashWave.kills;
    if (k) row(`crash wave: ${k.perTick} × run('sim kill POD') per 100 ms tick`, `p50 ${k.tickMs.p50} ms, p95 ${k.tickMs.p95} ms (synchronous part; ${k.done} kills, ${k.errors} errors)`, '', '');
    row(`DOM nodes, ${c.nodes} nodes / ${c.pods} pods`, c.steady.domNodes, `≤ ${GOALS.domNodes}`, verdict(c.steady.domNodes, GOALS.domNodes));
  }
  const w = [0, 0, 0].map((_, i) => Math.max(...rows.map((x) => x[i].length)));
  console.log('');
  for (const x of rows) console.log(`  ${x[0].padEnd(w[0])}  ${x[1].padEnd(w[1])}  ${x[2].padEnd(w[2])}  ${x[3]}`);
  console.log('');
}
