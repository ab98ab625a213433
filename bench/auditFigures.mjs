/**
 * The figures of issue 11, side by side in one run (called by bench/run.mjs): for N codes
 * (BENCH_AUDIT_SIZES, default 10,000, 50,000 and 100,000) served by the fake Stripe API at
 * BENCH_AUDIT_LATENCY_MS (default 400 ms, a real list page of 100 codes with expanded coupons)
 * with Stripe's per-endpoint limit of 25 requests/s (test/support/fakeStripe/rateLimits.ts):
 *
 * - sequential: `promo-doctor audit --json --concurrency 1`, page after page;
 * - parallel: `promo-doctor audit --json` with its defaults (15 requests/s, 8 in flight);
 * - parallel at the limit: `--max-rps 24 --concurrency 16`, the prototype settings;
 * - SDK loop: bench/sdkLoop.mjs, `for await (… stripe.promotionCodes.list(…))` with the same
 *   expand, the fair comparison (the "naive" strategy of run.mjs, one coupon request per
 *   code, is a straw man kept as a footnote there).
 *
 * Printed: requests, 429s, wall time, peak RSS, and the ratios; and the targets:
 * requests <= 1.05 x ceil(N/100) + 2 x concurrency; wall within 1.25x of
 * max(pages / rate, pages x latency / concurrency); at 50,000 codes at least 6x faster than
 * the SDK loop; 100,000 codes under 200 MB RSS.
 */
import { join } from 'node:path';

const SIZES = (process.env.BENCH_AUDIT_SIZES ?? '10000,50000,100000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const LATENCY_MS = Number(process.env.BENCH_AUDIT_LATENCY_MS ?? 400);
const ENDPOINT_LIMIT = 25;

/**
 * @param tools what run.mjs has: { ROOT, BIN, lib, useGnuTime, runNodeMeasured, table, fmtInt, fmtMs, fmtMb }
 */
export async function auditFigures(tools) {
  const { ROOT, BIN, lib, useGnuTime, runNodeMeasured, table, fmtInt, fmtMs, fmtMb } = tools;
  const sdkLoop = join(ROOT, 'bench', 'sdkLoop.mjs'); // run.mjs keeps its stdout (SDK_LOOP)
  const strategies = [
    { name: 'sequential (--concurrency 1)', args: ['--concurrency', '1'], rate: null, concurrency: 1 },
    { name: 'parallel (defaults: 15/s, 8)', args: [], rate: 15, concurrency: 8 },
    {
      name: 'parallel (--max-rps 24 --concurrency 16)',
      args: ['--max-rps', '24', '--concurrency', '16'],
      rate: 24,
      concurrency: 16,
    },
  ];
  const results = [];
  for (const n of SIZES) {
    process.stderr.write(`  N = ${fmtInt(n)} at ${LATENCY_MS} ms, ${ENDPOINT_LIMIT}/s per endpoint: generating… `);
    const gen = lib.generateAccount({ size: n, seed: 2026 });
    const fake = await lib.startFakeStripe(gen.scenario, {
      latencyMs: LATENCY_MS,
      rateLimit: { perEndpoint: ENDPOINT_LIMIT },
    });
    const env = { STRIPE_API_KEY: lib.DEFAULT_KEY, STRIPE_API_BASE: fake.url };
    const rows = [];
    try {
      for (const s of strategies) {
        process.stderr.write(`${s.name}… `);
        fake.reset();
        const refusedBefore = fake.rateLimits.refused['endpoint-rate'];
        const r = await runNodeMeasured([BIN, 'audit', '--json', '--at', lib.AT_ISO, ...s.args], env, useGnuTime);
        if (r.code !== 0 && r.code !== 1) throw new Error(`audit (${s.name}) exited ${r.code} for N=${n}: ${r.stderr}`);
        if (r.lines !== n) throw new Error(`audit (${s.name}) printed ${r.lines} lines for N=${n}`);
        rows.push({
          ...s,
          requests: fake.requests.length,
          throttled: fake.rateLimits.refused['endpoint-rate'] - refusedBefore,
          ms: r.ms,
          rssKb: r.peakRssKb,
        });
      }
      process.stderr.write('SDK loop… ');
      fake.reset();
      const refusedBefore = fake.rateLimits.refused['endpoint-rate'];
      const loop = await runNodeMeasured([sdkLoop, fake.url], env, useGnuTime);
      if (loop.code !== 0) throw new Error(`the SDK loop failed for N=${n}: ${loop.stderr}`);
      const report = JSON.parse(loop.stdout.trim().split('\n').at(-1));
      if (report.codes !== n) throw new Error(`the SDK loop read ${report.codes} codes for N=${n}`);
      rows.push({
        name: 'SDK loop (same expand)',
        rate: null,
        concurrency: 1,
        requests: fake.requests.length,
        throttled: fake.rateLimits.refused['endpoint-rate'] - refusedBefore,
        ms: loop.ms,
        rssKb: loop.peakRssKb,
      });
      process.stderr.write('done\n');
    } finally {
      await fake.close();
    }
    results.push({ n, rows });
  }
  print(results, { table, fmtInt, fmtMs, fmtMb });
  return results;
}

function print(results, { table, fmtInt, fmtMs, fmtMb }) {
  console.log(
    `\nAudit at Stripe's rate limit (issue 11): fake Stripe API with ${LATENCY_MS} ms latency and ${ENDPOINT_LIMIT} requests/s per endpoint\n`,
  );
  const lines = [];
  for (const { n, rows } of results) {
    const pages = Math.ceil(n / 100);
    const sdk = rows.at(-1);
    for (const [i, r] of rows.entries()) {
      const budget = r.rate === null ? null : 1.05 * pages + 2 * r.concurrency;
      const ideal =
        r.rate === null ? null : Math.max(pages / r.rate, (pages * LATENCY_MS) / 1000 / r.concurrency) * 1000;
      lines.push([
        i === 0 ? fmtInt(n) : '',
        r.name,
        fmtInt(r.requests) +
          (budget === null
            ? ''
            : r.requests <= budget
              ? ` (<= ${budget.toFixed(0)} ok)`
              : ` (> ${budget.toFixed(0)} OVER)`),
        String(r.throttled),
        fmtMs(r.ms),
        ideal === null
          ? ''
          : `${(r.ms / ideal).toFixed(2)}x of ${fmtMs(ideal)}${r.ms <= 1.25 * ideal ? ' ok' : ' OVER'}`,
        `${(sdk.ms / r.ms).toFixed(1)}x`,
        fmtMb(r.rssKb),
      ]);
    }
  }
  console.log(
    table(
      ['N', 'strategy', 'requests', '429s', 'wall', 'wall vs ideal (<= 1.25x)', 'SDK loop / this', 'peak RSS'],
      lines,
      'rlrrrlrr',
    ),
  );
  const at50k = results.find((r) => r.n === 50_000);
  if (at50k) {
    const sdk = at50k.rows.at(-1).ms;
    const [, defaults, atLimit] = at50k.rows;
    console.log(
      `At 50,000 codes (target: at least 6x faster than the SDK loop): defaults ${(sdk / defaults.ms).toFixed(1)}x, at the limit ${(sdk / atLimit.ms).toFixed(1)}x.`,
    );
  }
  const at100k = results.find((r) => r.n === 100_000);
  if (at100k) {
    const peak = Math.max(...at100k.rows.slice(0, 3).map((r) => r.rssKb ?? 0)) / 1024;
    console.log(
      `At 100,000 codes, peak RSS of promo-doctor: ${peak.toFixed(0)} MB (target: under 200 MB: ${peak < 200 ? 'ok' : 'OVER'}).`,
    );
  }
}
