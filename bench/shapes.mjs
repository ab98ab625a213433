/**
 * Issue 19's figures, in one run (called by bench/run.mjs): each account shape of
 * test/helpers/accountShapes.ts served by the fake Stripe API with BENCH_SHAPES_LATENCY_MS
 * (default 200 ms) and Stripe's 25 requests/s per endpoint, audited by
 * `promo-doctor audit --json --max-rps 25` (8 in flight) beside its bound
 * max(pages / rate, pages x latency / concurrency) and the hand-written SDK loop
 * (bench/sdkLoop.mjs, page after page). BENCH_SHAPES_SCALE (default 1) scales every shape's
 * number of codes, for a quicker run; BENCH_SHAPES=0 skips this part; BENCH_SHAPES_ONLY=bursts
 * runs only the shapes whose name contains that text (to measure one shape again).
 *
 * Targets: wall <= 1.25 x the bound; requests <= 1.05 x ceil(N/100) + 2 x concurrency.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const LATENCY_MS = Number(process.env.BENCH_SHAPES_LATENCY_MS ?? 200);
const SCALE = Number(process.env.BENCH_SHAPES_SCALE ?? 1);
const ONLY = process.env.BENCH_SHAPES_ONLY ?? '';
const RATE = 25;
const CONCURRENCY = 8;

/** @param tools what run.mjs has: { ROOT, BUILD, BIN, lib, useGnuTime, runNodeMeasured, table, fmtInt, fmtMs, fmtMb } */
export async function shapesBench(tools) {
  const { ROOT, BUILD, BIN, lib, useGnuTime, runNodeMeasured, table, fmtInt, fmtMs, fmtMb } = tools;
  const url = (path) => pathToFileURL(join(BUILD, path)).href;
  const { ACCOUNT_SHAPES } = await import(url('test/helpers/accountShapes.js'));
  const build = await import(url('test/support/builders.js'));
  const sdkLoop = join(ROOT, 'bench', 'sdkLoop.mjs');
  const now = Math.floor(Date.now() / 1000);
  const lines = [];
  for (const shape of ACCOUNT_SHAPES.filter((s) => s.name.includes(ONLY))) {
    let codes = shape.codes(now);
    if (SCALE !== 1) {
      // Every k-th code: the same shape, fewer codes (a burst in one second stays in one second).
      const k = Math.max(1, Math.round(1 / SCALE));
      codes = codes.filter((_, i) => i % k === 0);
    }
    process.stderr.write(`  shape "${shape.name}" (${fmtInt(codes.length)} codes): `);
    build.resetBuilderIds();
    const scenario = {
      coupons: [build.coupon({ id: 'SHAPE20', percent_off: 20 })],
      promotionCodes: codes.map((c, i) =>
        build.promotionCode({ id: c.id, code: `SHAPE-${i}`, created: c.created, coupon: 'SHAPE20' }),
      ),
    };
    const fake = await lib.startFakeStripe(scenario, { latencyMs: LATENCY_MS, rateLimit: { perEndpoint: RATE } });
    const env = { STRIPE_API_KEY: lib.DEFAULT_KEY, STRIPE_API_BASE: fake.url };
    try {
      process.stderr.write('promo-doctor… ');
      const args = ['audit', '--json', '--max-rps', String(RATE), '--concurrency', String(CONCURRENCY)];
      const r = await runNodeMeasured([BIN, ...args], env, useGnuTime);
      if (r.lines !== codes.length) throw new Error(`audit printed ${r.lines} lines for ${codes.length} codes`);
      const requests = fake.requests.length;
      const throttled = fake.rateLimits.refused['endpoint-rate'];
      fake.reset();
      process.stderr.write('SDK loop… ');
      const loop = await runNodeMeasured([sdkLoop, fake.url], env, useGnuTime);
      if (loop.code !== 0) throw new Error(`the SDK loop failed: ${loop.stderr}`);
      process.stderr.write('done\n');
      const pages = Math.ceil(codes.length / 100);
      const bound = Math.max(pages / RATE, (pages * LATENCY_MS) / 1000 / CONCURRENCY) * 1000;
      const budget = 1.05 * pages + 2 * CONCURRENCY;
      lines.push([
        shape.name,
        fmtInt(codes.length),
        `${fmtInt(requests)} (${requests <= budget ? '<=' : '>'} ${budget.toFixed(0)})`,
        String(throttled),
        fmtMs(r.ms),
        fmtMs(bound),
        `${(r.ms / bound).toFixed(2)}x${r.ms <= 1.25 * bound ? '' : ' OVER'}`,
        fmtMs(loop.ms),
        `${(loop.ms / r.ms).toFixed(1)}x`,
        fmtMb(r.peakRssKb),
      ]);
    } finally {
      await fake.close();
    }
  }
  console.log(
    `\nAccount shapes (issue 19): fake Stripe API at ${LATENCY_MS} ms and ${RATE} requests/s per endpoint; promo-doctor audit --json --max-rps ${RATE} --concurrency ${CONCURRENCY}${SCALE !== 1 ? `; shapes scaled by ${SCALE}` : ''}\n`,
  );
  console.log(
    table(
      [
        'shape',
        'codes',
        'requests (budget)',
        '429s',
        'wall',
        'bound',
        'wall / bound',
        'SDK loop',
        'SDK / this',
        'peak RSS',
      ],
      lines,
      'lrrrrrrrrr',
    ),
  );
}
