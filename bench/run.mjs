/**
 * `npm run bench` (which builds dist/ first): the budgets of docs/architecture.md ("Requests,
 * cost and start-up"), measured.
 *
 * 1. Start-up: median wall time of `node -e 0` against `promo-doctor --version`, `reasons`,
 *    `explain <example>` and `check` against a closed port (the Stripe SDK loaded) (target for
 *    --version: within 1.5x of bare node).
 * 2. Audit cost: for N codes (default 1,000, 10,000 and 100,000; BENCH_SIZES=1000,10000 for a
 *    quick run) served by the fake Stripe API with a per-request latency (BENCH_LATENCY_MS,
 *    default 20), `promo-doctor audit --json` runs as a child process whose stdout is counted,
 *    not kept. Printed: requests (from the fake's log), wall time, peak RSS of the child, and
 *    the same for a naive strategy (bench/naive.mjs: list without expansion, then one coupon
 *    request per code, 10 at a time), with the ratios.
 *
 * How the fake is loaded. The fake Stripe API and the account generator are TypeScript under
 * test/, which `npm run build` does not build (it bundles src/ only), and Node 20 cannot run
 * TypeScript. No TS loader is installed (no tsx/ts-node; vitest's bundled vite-node is not a
 * stable entry point). So this script transpiles every .ts file under test/support
 * and test/helpers/auditAccount.ts (with test/helpers/time.ts) file by file into .bench/build/ (git-ignored) with esbuild, a
 * devDependency already used by the build (falling back to the project's `tsc --noCheck`), and
 * imports the result. No type check here: `npm test` type-checks them. Those files import only
 * Node built-ins at run time (the builders' `import type` from stripe is erased), so the output
 * runs as it is. Skipped when .bench/build is newer than every source file.
 *
 * "in fake" in the table is the time spent in the fake (latency plus its own work); the
 * audit run checks that it printed N documents.
 *
 * 3. The HTML report: for each N, `audit --format html --output .bench/report-N.html` (wall,
 *    peak RSS, file size), then the file opened in Debian's headless Chromium (/usr/bin/chromium,
 *    driven by playwright-core, test/helpers/chromium.ts) three times: first paint, first
 *    contentful paint, the moment every chart is in the page (`pd-charts-parsed`) and the
 *    moment the table is usable (`pd-table-ready`), medians. A screenshot of the largest
 *    goes to .bench/report-N.png. Skipped, saying so, without Chromium.
 *
 * 4. With BENCH_SUITE=1: the time of `npm test` and its number of tests (bench/suite.mjs).
 *
 * `explain` of a 10,000-code list, human output against `--json` (bench/explainList.mjs).
 *
 * For N <= BENCH_FORMAT_MAX (default 10,000) the CSV and human-table outputs are measured too.
 *
 * 6. Issue 18's item 11 (bench/hostile.mjs): one value on stdin against a file at 10, 25 and
 *    50 MB, and a 300 MB response body, beside the issue's figures (BENCH_HOSTILE=0 skips).
 *
 * 5. Issue 11's figures (bench/auditFigures.mjs): sequential, parallel and the hand-written SDK
 *    loop side by side at 400 ms latency and Stripe's 25 requests/s per endpoint.
 *
 * The naive strategy is capped at BENCH_NAIVE_CAP codes (default 10,000): beyond that it is
 * measured on the first BENCH_NAIVE_CAP codes of the same account and extrapolated linearly
 * (requests exactly: ceil(N/100) + N), marked "est." in the output.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BUILD = join(ROOT, '.bench', 'build');
const BIN = join(ROOT, 'bin', 'promo-doctor');
const NAIVE = join(ROOT, 'bench', 'naive.mjs');
const SDK_LOOP = join(ROOT, 'bench', 'sdkLoop.mjs');
const EXAMPLE = 'examples/promotion-code-2026-10-28.json';

/**
 * `--scale S` (`npm run bench -- --scale 0.05`): every part at S times its default size, for a
 * quick smoke run of the whole bench (audit sizes, account shapes, memory, issue 11's
 * figures, explain, the hostile inputs, fewer start-up runs). A BENCH_* variable set
 * explicitly still wins. Full scale (no --scale) is what the figures in docs/ come from.
 */
const scaleAt = process.argv.indexOf('--scale');
const SCALE = scaleAt === -1 ? 1 : Number(process.argv[scaleAt + 1]);
if (!(SCALE > 0 && SCALE <= 1))
  throw new Error(`--scale takes a number above 0 and at most 1, not ${process.argv[scaleAt + 1]}`);
if (SCALE !== 1) {
  const scaled = (sizes, least) => sizes.map((n) => Math.max(least, Math.round(n * SCALE))).join(',');
  process.env.BENCH_SIZES ??= scaled([1_000, 10_000, 100_000], 100);
  process.env.BENCH_SHAPES_SCALE ??= String(SCALE);
  // bench/memory.mjs's defaults (100,000 and 1,000,000 codes), scaled.
  process.env.BENCH_MEMORY_SIZES ??= scaled([100_000, 1_000_000], 1_000);
  process.env.BENCH_AUDIT_SIZES ??= scaled([10_000, 50_000, 100_000], 500);
  process.env.BENCH_EXPLAIN_SIZE ??= scaled([10_000], 100);
  process.env.BENCH_STDIN_MB ??= scaled([10, 25, 50], 1);
  process.env.BENCH_BODY_MB ??= scaled([300], 5);
  process.env.BENCH_STARTUP_RUNS ??= '3';
}

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n >= 0);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 20);
const NAIVE_CAP = Number(process.env.BENCH_NAIVE_CAP ?? 10_000);
const NAIVE_CONCURRENCY = 10;
const STARTUP_RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 15);
const RSS_BUDGET_MB = 200;
/** Largest N for which the CSV and human-table outputs are measured too (BENCH_FORMAT_MAX). */
const FORMAT_MAX = Number(process.env.BENCH_FORMAT_MAX ?? 10_000);

// ------------------------------------------------------------------ small utilities

const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const fmtMs = (ms) =>
  ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
const fmtMb = (kb) => (kb == null ? 'n/a' : `${(kb / 1024).toFixed(0)} MB`);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** A plain text table; `align` has one letter per column, l or r. */
function table(head, rows, align) {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const cell = (c, i) => (align[i] === 'r' ? String(c ?? '').padStart(widths[i]) : String(c ?? '').padEnd(widths[i]));
  const line = (cells) => cells.map(cell).join('  ').trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/**
 * Runs a command asynchronously (the fake serves from this process's event loop), counting
 * stdout bytes and lines without keeping them.
 */
function run(command, args, { env = {}, keepStdout = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let bytes = 0;
    let lines = 0;
    let kept = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      if (keepStdout) kept += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk) => {
      if (stderr.length < 20_000) stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: performance.now() - started, bytes, lines, stdout: kept, stderr }));
  });
}

// ------------------------------------------------------------------ peak RSS of a child

/** GNU time's %M (max resident set, KiB) if /usr/bin/time is GNU time, else null. */
async function gnuTimeWorks() {
  if (!existsSync('/usr/bin/time')) return false;
  const dir = mkdtempSync(join(tmpdir(), 'promo-bench-'));
  try {
    const out = join(dir, 'rss');
    const r = await run('/usr/bin/time', ['-f', '%M', '-o', out, process.execPath, '-e', '0']);
    return r.code === 0 && /^\d+\s*$/.test(readFileSync(out, 'utf8'));
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Runs node with `args`, returning run()'s result plus peakRssKb: from GNU time when present,
 * else from polling /proc/<pid>/status VmHWM (the high-water mark, so a late sample is enough).
 */
async function runNodeMeasured(args, env, useGnuTime) {
  if (useGnuTime) {
    const dir = mkdtempSync(join(tmpdir(), 'promo-bench-'));
    try {
      const out = join(dir, 'rss');
      const r = await run('/usr/bin/time', ['-f', '%M', '-o', out, process.execPath, ...args], {
        env,
        keepStdout: args[0] === NAIVE || args[0] === SDK_LOOP,
      });
      const text = readFileSync(out, 'utf8');
      const kb = Number(/(\d+)\s*$/.exec(text)?.[1]);
      return { ...r, peakRssKb: Number.isFinite(kb) ? kb : null };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  let peak = null;
  const child = run(process.execPath, args, { env, keepStdout: args[0] === NAIVE || args[0] === SDK_LOOP });
  // run() does not expose the pid; find the newest node child of ours through /proc.
  const poll = setInterval(() => {
    for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        if (!status.includes(`PPid:\t${process.pid}\n`)) continue;
        const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
        if (Number.isFinite(kb)) peak = Math.max(peak ?? 0, kb);
      } catch {
        // the process ended between readdir and read
      }
    }
  }, 20);
  const r = await child;
  clearInterval(poll);
  return { ...r, peakRssKb: peak };
}

// ------------------------------------------------------------------ compiling the fake

function sourcesOfFake() {
  const files = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith('.ts')) files.push(relative(ROOT, path));
    }
  };
  walk(join(ROOT, 'test', 'support'));
  return [
    ...files,
    join('test', 'helpers', 'auditAccount.ts'),
    join('test', 'helpers', 'time.ts'),
    join('test', 'helpers', 'chromium.ts'),
    join('test', 'helpers', 'accountShapes.ts'),
  ];
}

async function compileFake() {
  const sources = sourcesOfFake();
  const outputs = sources.map((file) => join(BUILD, file.replace(/\.ts$/, '.js')));
  const newestSource = Math.max(...sources.map((file) => statSync(join(ROOT, file)).mtimeMs));
  if (outputs.every((o) => existsSync(o) && statSync(o).mtimeMs > newestSource)) return 'up to date';
  try {
    const { build } = await import('esbuild');
    await build({
      entryPoints: sources,
      outdir: BUILD,
      outbase: ROOT,
      absWorkingDir: ROOT,
      bundle: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'error',
    });
    return 'transpiled with esbuild';
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  }
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const flags = [
    '--outDir',
    BUILD,
    '--rootDir',
    ROOT,
    '--module',
    'NodeNext',
    '--moduleResolution',
    'NodeNext',
    '--target',
    'ES2022',
    '--skipLibCheck',
    '--types',
    'node',
    '--noCheck',
  ];
  const r = await run(process.execPath, [tsc, ...flags, ...sources], { keepStdout: true });
  if (r.code !== 0 || !outputs.every(existsSync))
    throw new Error(`compiling the fake Stripe API failed (exit ${r.code}):\n${r.stdout}${r.stderr}`);
  return 'compiled with tsc';
}

/** The fake Stripe API and the account generator, as transpiled by compileFake(). */
async function loadFake() {
  const url = (path) => pathToFileURL(join(BUILD, path)).href;
  const fake = await import(url('test/support/fakeStripe.js'));
  const generator = await import(url('test/helpers/auditAccount.js'));
  const time = await import(url('test/helpers/time.js'));
  return { ...fake, ...generator, ...time };
}

// ------------------------------------------------------------------ 1. start-up

async function startup() {
  const commands = [
    { name: 'node -e 0', args: ['-e', '0'] },
    { name: 'promo-doctor --version', args: [BIN, '--version'], target: 1.5 },
    { name: 'promo-doctor reasons', args: [BIN, 'reasons'] },
    { name: `promo-doctor explain ${EXAMPLE}`, args: [BIN, 'explain', EXAMPLE] },
    // A live command: start-up and the Stripe SDK loaded, then a refused connection (exit 3)
    // to a closed port, so no network time is counted.
    {
      name: 'promo-doctor check (SDK loaded, closed port)',
      args: [
        BIN,
        'check',
        'promo_bench',
        '--api-key',
        'sk_test_bench',
        '--api-base',
        'http://127.0.0.1:9',
        '--max-retries',
        '0',
      ],
      exits: 3,
      live: true,
    },
  ];
  const times = commands.map(() => []);
  for (let i = 0; i < STARTUP_RUNS + 2; i++) {
    // Interleaved, so drift in machine load hits every command alike; the first two rounds warm the caches.
    for (const [k, c] of commands.entries()) {
      const r = await run(process.execPath, c.args);
      if (r.code !== (c.exits ?? 0) && !(c.args[1] === 'explain' && r.code === 1))
        throw new Error(`${c.name} exited ${r.code}: ${r.stderr}`);
      if (i >= 2) times[k].push(r.ms);
    }
  }
  // These commands must not load the Stripe SDK: bench/sdkLoadHook.mjs names every load of
  // it, from node_modules/stripe or from the chunk the build bundles it into.
  const hook = pathToFileURL(join(ROOT, 'bench', 'sdkLoadHook.mjs')).href;
  // Positive control: audit does load the SDK (it fails at once on a closed port).
  const control = await run(process.execPath, ['--import', hook, BIN, 'audit', '--max-retries', '0'], {
    env: { STRIPE_API_KEY: 'sk_test_bench', STRIPE_API_BASE: 'http://127.0.0.1:9' },
  });
  const hookWorks = control.stderr.includes('STRIPE-SDK-LOADED');
  const loadsSdk = [];
  for (const c of commands) {
    const r = await run(process.execPath, ['--import', hook, ...c.args]);
    loadsSdk.push(
      c.args[0] === '-e'
        ? ''
        : !hookWorks
          ? 'unknown'
          : r.stderr.includes('STRIPE-SDK-LOADED')
            ? c.live
              ? 'yes'
              : 'yes (!)'
            : 'no',
    );
  }
  const base = median(times[0]);
  const rows = commands.map((c, k) => {
    const m = median(times[k]);
    const ratio = m / base;
    const verdict =
      c.target === undefined ? '' : ratio <= c.target ? `ok (target <= ${c.target}x)` : `OVER (target <= ${c.target}x)`;
    return [
      c.name,
      fmtMs(m),
      `${fmtMs(Math.min(...times[k]))} - ${fmtMs(Math.max(...times[k]))}`,
      k === 0 ? '1.00x' : `${ratio.toFixed(2)}x`,
      loadsSdk[k],
      verdict,
    ];
  });
  console.log(
    `\nStart-up: median of ${STARTUP_RUNS} runs each (node ${process.version}), in a clean environment (PATH and NO_COLOR only)\n`,
  );
  console.log(table(['command', 'median', 'min - max', 'vs node -e 0', 'loads stripe', ''], rows, 'lrrrll'));
  // Variables that make every node start slower (NODE_EXTRA_CA_CERTS reads and parses a
  // certificate file at start-up) add the same fixed cost to both sides and flatter the ratio.
  const inherited = ['NODE_OPTIONS', 'NODE_EXTRA_CA_CERTS'].filter((name) => process.env[name]);
  if (inherited.length > 0) {
    const env = Object.fromEntries(inherited.map((name) => [name, process.env[name]]));
    const pair = [[], []];
    for (let i = 0; i < STARTUP_RUNS; i++) {
      pair[0].push((await run(process.execPath, commands[0].args, { env })).ms);
      pair[1].push((await run(process.execPath, commands[1].args, { env })).ms);
    }
    const [a, b] = pair.map(median);
    console.log(
      `With this shell's ${inherited.join(' and ')} kept: node -e 0 ${fmtMs(a)}, promo-doctor --version ${fmtMs(b)}, ${(b / a).toFixed(2)}x (the same extra ${fmtMs(b - a)}, over a slower baseline).`,
    );
  }
  return rows;
}

// ------------------------------------------------------------------ 2. audit cost

async function auditBench(lib, useGnuTime) {
  const results = [];
  for (const n of SIZES) {
    process.stderr.write(`  N = ${fmtInt(n)}: generating the account… `);
    const gen = lib.generateAccount({ size: n, seed: 2026 });
    const fake = await lib.startFakeStripe(gen.scenario, { latencyMs: LATENCY_MS });
    const env = { STRIPE_API_KEY: lib.DEFAULT_KEY, STRIPE_API_BASE: fake.url };
    try {
      process.stderr.write('promo-doctor audit --json… ');
      fake.reset();
      const tool = await runNodeMeasured([BIN, 'audit', '--json', '--at', lib.AT_ISO], env, useGnuTime);
      const toolRequests = fake.requests.length;
      const toolInFake = fake.requests.reduce((sum, r) => sum + ((r.endedAt ?? r.startedAt) - r.startedAt), 0);
      const nonGet = fake.requests.filter((r) => r.method !== 'GET').length;
      if (tool.code !== 0 && tool.code !== 1) throw new Error(`audit exited ${tool.code} for N=${n}: ${tool.stderr}`);
      if (tool.lines !== n) throw new Error(`audit printed ${tool.lines} NDJSON lines for N=${n}`);
      if (nonGet > 0) throw new Error(`audit sent ${nonGet} requests other than GET`);
      fake.reset(); // drop the request log before the next run

      // The other two outputs: CSV streams like NDJSON; the human table (the default) is
      // printed at the end, from one short row per code with findings.
      const formats = [];
      if (n <= FORMAT_MAX) {
        for (const [name, args] of [
          ['csv', ['--format', 'csv']],
          ['table (default)', []],
        ]) {
          process.stderr.write(`${name}… `);
          const r = await runNodeMeasured([BIN, 'audit', ...args, '--at', lib.AT_ISO], env, useGnuTime);
          if (r.code !== 0 && r.code !== 1) throw new Error(`audit ${name} exited ${r.code} for N=${n}: ${r.stderr}`);
          formats.push({ name, ms: r.ms, rssKb: r.peakRssKb, bytes: r.bytes, requests: fake.requests.length });
          fake.reset();
        }
      }

      process.stderr.write('html report… ');
      const reportFile = join(ROOT, '.bench', `report-${n}.html`);
      const html = await runNodeMeasured(
        [BIN, 'audit', '--format', 'html', '--output', reportFile, '--at', lib.AT_ISO],
        env,
        useGnuTime,
      );
      if (html.code !== 0 && html.code !== 1)
        throw new Error(`audit --format html exited ${html.code} for N=${n}: ${html.stderr}`);
      const report = {
        file: reportFile,
        ms: html.ms,
        rssKb: html.peakRssKb,
        bytes: statSync(reportFile).size,
        requests: fake.requests.length,
      };
      fake.reset();

      const sample = Math.min(n, NAIVE_CAP);
      process.stderr.write(`naive (${fmtInt(sample)} codes)… `);
      const naive = await runNodeMeasured(
        [NAIVE, fake.url, String(sample), String(NAIVE_CONCURRENCY)],
        env,
        useGnuTime,
      );
      if (naive.code !== 0) throw new Error(`the naive strategy failed for N=${n}: ${naive.stderr}`);
      const naiveReport = JSON.parse(naive.stdout.trim().split('\n').at(-1));
      const naiveRequests = fake.requests.length;
      fake.reset();
      const estimated = sample < n;
      const scale = estimated && sample > 0 ? n / sample : 1;
      results.push({
        n,
        tool: { requests: toolRequests, ms: tool.ms, inFakeMs: toolInFake, rssKb: tool.peakRssKb, bytes: tool.bytes },
        formats,
        report,
        naive: {
          requests: estimated ? Math.ceil(n / 100) + n : naiveRequests,
          measuredRequests: naiveRequests,
          ms: naive.ms * scale,
          rssKb: naive.peakRssKb,
          sample,
          estimated,
          report: naiveReport,
        },
      });
      process.stderr.write('done\n');
    } finally {
      await fake.close();
    }
  }
  return results;
}

function printAudit(results) {
  console.log(
    `\nAudit of N promotion codes: fake Stripe API with ${LATENCY_MS} ms latency per request; naive = list without expansion + one coupon request per code, ${NAIVE_CONCURRENCY} at a time\n`,
  );
  const rows = [];
  for (const r of results) {
    const expected = Math.max(1, Math.ceil(r.n / 100));
    rows.push([
      fmtInt(r.n),
      'promo-doctor',
      `${fmtInt(r.tool.requests)}${r.tool.requests === expected ? '' : ` (pages: ${expected})`}`,
      fmtMs(r.tool.ms),
      fmtMs(r.tool.inFakeMs),
      fmtMb(r.tool.rssKb),
      `${(r.tool.bytes / 1024 / 1024).toFixed(1)} MB`,
    ]);
    const est = r.naive.estimated ? ' est.' : '';
    rows.push([
      '',
      'naive',
      `${fmtInt(r.naive.requests)}${est}`,
      `${fmtMs(r.naive.ms)}${est}`,
      '',
      r.naive.estimated ? '' : fmtMb(r.naive.rssKb),
      '',
    ]);
    rows.push([
      '',
      'ratio naive / promo-doctor',
      `${(r.naive.requests / r.tool.requests).toFixed(0)}x`,
      `${(r.naive.ms / r.tool.ms).toFixed(1)}x`,
      '',
      '',
      '',
    ]);
  }
  console.log(table(['N', 'strategy', 'requests', 'wall', 'in fake', 'peak RSS', 'stdout'], rows, 'rlrrrrr'));
  console.log(
    "\n\"in fake\": the sum of the durations of promo-doctor's requests inside the fake (latency + the fake's own work); its pages are read one after the other, so wall - in fake is promo-doctor's own time (start-up, SDK, diagnosis, output).",
  );
  for (const r of results.filter((x) => x.naive.estimated)) {
    console.log(
      `N = ${fmtInt(r.n)}: the naive run covered the first ${fmtInt(r.naive.sample)} codes (${fmtInt(r.naive.measuredRequests)} requests, ${fmtMs(r.naive.ms * (r.naive.sample / r.n))}, ${fmtMb(r.naive.rssKb)} peak RSS); its requests are ceil(N/100) + N and its wall time is scaled by N / ${fmtInt(r.naive.sample)}.`,
    );
  }
  const withFormats = results.filter((r) => r.formats.length > 0);
  if (withFormats.length > 0) {
    console.log(`\nOutput formats (N <= ${fmtInt(FORMAT_MAX)}, BENCH_FORMAT_MAX), same account and latency:\n`);
    const rows = [];
    for (const r of withFormats) {
      rows.push([
        fmtInt(r.n),
        'ndjson (--json)',
        fmtInt(r.tool.requests),
        fmtMs(r.tool.ms),
        fmtMb(r.tool.rssKb),
        `${(r.tool.bytes / 1024 / 1024).toFixed(1)} MB`,
        '1.0x',
      ]);
      for (const f of r.formats)
        rows.push([
          '',
          f.name,
          fmtInt(f.requests),
          fmtMs(f.ms),
          fmtMb(f.rssKb),
          `${(f.bytes / 1024 / 1024).toFixed(1)} MB`,
          `${(f.ms / r.tool.ms).toFixed(1)}x`,
        ]);
    }
    console.log(table(['N', 'format', 'requests', 'wall', 'peak RSS', 'stdout', 'wall vs ndjson'], rows, 'rlrrrrr'));
    // The table and CSV runs fetch and diagnose the same pages; what the table costs more is its rendering.
    const rendering = withFormats.map((r) => {
      const time = (name) => r.formats.find((f) => f.name === name)?.ms ?? NaN;
      return { n: r.n, ms: time('table (default)') - time('csv') };
    });
    let line = `Human table rendering (wall of table - wall of csv): ${rendering.map((x) => `${fmtInt(x.n)}: ${fmtMs(x.ms)}`).join(', ')}`;
    if (rendering.length > 1) {
      const [a, b] = [rendering[0], rendering.at(-1)];
      line += ` (${fmtInt(b.n / a.n)}x the codes, ${(b.ms / a.ms).toFixed(0)}x the time${b.ms / a.ms > 2 * (b.n / a.n) ? ': superlinear' : ''})`;
    }
    console.log(line);
  }
  const rssKb = results.map((r) => r.tool.rssKb).filter((kb) => kb != null);
  if (rssKb.length > 0) {
    const largest = results.at(-1);
    console.log(
      `Peak RSS of promo-doctor: ${results.map((r) => `${fmtInt(r.n)}: ${fmtMb(r.tool.rssKb)}`).join(', ')}` +
        (largest.n >= 100_000
          ? ` (docs/architecture.md, Requests, cost and start-up: 100,000 codes well under ${RSS_BUDGET_MB} MB: ${largest.tool.rssKb / 1024 < RSS_BUDGET_MB ? 'ok' : 'OVER'})`
          : ''),
    );
  }
}

// ------------------------------------------------------------------ 3. the HTML report in a browser

async function reportBench(results) {
  const chromiumHelper = await import(pathToFileURL(join(BUILD, 'test', 'helpers', 'chromium.js')).href);
  console.log(
    '\nHTML report (audit --format html --output), opened in headless Chromium from the file; paint times are medians of 3 loads\n',
  );
  let browser;
  try {
    browser = await chromiumHelper.launchChromium();
  } catch (error) {
    console.log(`Skipped the browser part: ${error.message}`);
  }
  const rows = [];
  for (const r of results) {
    const loads = [];
    if (browser) {
      for (let i = 0; i < 3; i++) {
        const page = await browser.context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
        await page.goto(pathToFileURL(r.report.file).href, { timeout: 120_000 });
        await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
        const times = await page.evaluate(`(() => {
          const paint = Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]));
          const mark = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
          return { fp: paint['first-paint'], fcp: paint['first-contentful-paint'], charts: mark('pd-charts-parsed'), ready: mark('pd-table-ready') };
        })()`);
        if (errors.length > 0)
          throw new Error(`the report of N=${r.n} logged errors in Chromium: ${errors.join('; ')}`);
        if (i === 0 && r === results.at(-1))
          await page.screenshot({ path: join(ROOT, '.bench', `report-${r.n}.png`), fullPage: true });
        loads.push(times);
        await page.close();
      }
    }
    const med = (key) => (loads.length ? fmtMs(median(loads.map((l) => l[key]))) : 'n/a');
    rows.push([
      fmtInt(r.n),
      `${(r.report.bytes / 1024 / 1024).toFixed(1)} MB`,
      fmtMs(r.report.ms),
      fmtMb(r.report.rssKb),
      fmtInt(r.report.requests),
      med('fp'),
      med('fcp'),
      med('charts'),
      med('ready'),
    ]);
  }
  await browser?.close();
  console.log(
    table(
      [
        'N',
        'report size',
        'audit wall',
        'peak RSS',
        'requests',
        'first paint',
        'first contentful',
        'charts parsed',
        'table usable',
      ],
      rows,
      'rrrrrrrrr',
    ),
  );
  console.log(
    "first paint: the page header; charts parsed: the parser is past the rows' data and every chart is in the page; table usable: the rows are parsed and the first page is drawn (marks set by the page's script).",
  );
  console.log(`Files: .bench/report-N.html; screenshot of the largest: .bench/report-${results.at(-1)?.n}.png`);
}

// ------------------------------------------------------------------ main

const started = performance.now();
console.log(
  `promo-doctor benchmark, ${new Date().toISOString()}, node ${process.version}, ${relative(process.cwd(), ROOT) || '.'}${SCALE !== 1 ? `, --scale ${SCALE} (a smoke run: not the figures of docs/)` : ''}`,
);
if (!existsSync(join(ROOT, 'dist'))) throw new Error('dist/ is missing: run `npm run build` (npm run bench does).');
await startup();
process.stderr.write(`\nfake Stripe API: ${await compileFake()} (.bench/build)\n`);
const lib = await loadFake();
const useGnuTime = await gnuTimeWorks();
process.stderr.write(`peak RSS from ${useGnuTime ? '/usr/bin/time -f %M' : '/proc/<pid>/status VmHWM'}\n`);
// explain of a 10,000-code list, human output against --json (BENCH_EXPLAIN_SIZE; 0 skips it).
// BENCH_ONLY=shapes,memory runs only the parts named (start-up always runs).
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
const part = (name) => only === null || only.has(name);
const tools = { ROOT, BUILD, BIN, lib, useGnuTime, runNodeMeasured, table, fmtInt, fmtMs, fmtMb };
if (part('explain')) {
  const { explainListBench } = await import('./explainList.mjs');
  await explainListBench({ BIN, lib, run, median, table, fmtInt, fmtMs });
}
if (part('audit')) {
  const auditResults = await auditBench(lib, useGnuTime);
  printAudit(auditResults);
  await reportBench(auditResults);
}
// Issue 19: every account shape beside its bound and the SDK loop (BENCH_SHAPES=0 skips it),
// and the memory of large audits in every format (BENCH_MEMORY_SIZES=0 skips it).
if (part('shapes') && process.env.BENCH_SHAPES !== '0') {
  const { shapesBench } = await import('./shapes.mjs');
  await shapesBench(tools);
}
if (part('memory') && process.env.BENCH_MEMORY_SIZES !== '0') {
  const { memoryBench } = await import('./memory.mjs');
  await memoryBench(tools);
}
// Issue 11's figures: sequential, parallel and the SDK loop at 400 ms and 25 requests/s
// (BENCH_AUDIT_SIZES, default 10,000, 50,000 and 100,000; 0 skips them).
if (part('figures') && process.env.BENCH_AUDIT_SIZES !== '0') {
  const { auditFigures } = await import('./auditFigures.mjs');
  await auditFigures({ ROOT, BIN, lib, useGnuTime, runNodeMeasured, table, fmtInt, fmtMs, fmtMb });
}
// Issue 18, item 11: stdin in linear time, response bodies bounded (BENCH_HOSTILE=0 skips).
if (process.env.BENCH_HOSTILE !== '0') {
  const { hostileFigures } = await import('./hostile.mjs');
  await hostileFigures({ ROOT, BIN, table, fmtMs, fmtMb });
}
// BENCH_SUITE=1: the test suite's own time too (bench/suite.mjs, also `npm run bench:suite`).
if (process.env.BENCH_SUITE === '1') await import('./suite.mjs');
console.log(`\nbench finished in ${fmtMs(performance.now() - started)}`);
