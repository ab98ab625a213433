/**
 * Memory of a large audit (issue 19), in one run (called by bench/run.mjs): peak RSS of
 * `promo-doctor audit` in NDJSON, CSV and HTML (to a file) and the table, for each N of
 * BENCH_MEMORY_SIZES (default 100,000 and 300,000) served by the fake Stripe API without
 * latency or limit (--max-rps 100 --concurrency 16), and the growth per 100,000 codes between
 * the two largest sizes, extrapolated to 1,000,000 codes: the target is under 250 MB RSS for
 * NDJSON, CSV and HTML. The fake itself runs in the bench's process, not in the one measured.
 * BENCH_MEMORY_SIZES=0 skips this part.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const SIZES = (process.env.BENCH_MEMORY_SIZES ?? '100000,300000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const FORMATS = [
  ['ndjson', ['--format', 'ndjson']],
  ['csv', ['--format', 'csv']],
  ['html (--output)', ['--format', 'html', '--output', 'REPORT']],
  ['table', []],
];

/** @param tools what run.mjs has: { ROOT, BIN, lib, useGnuTime, runNodeMeasured, table, fmtInt, fmtMs, fmtMb } */
export async function memoryBench(tools) {
  const { ROOT, BIN, lib, useGnuTime, runNodeMeasured, table, fmtInt, fmtMs, fmtMb } = tools;
  const report = join(ROOT, '.bench', 'memory-report.html');
  const peaks = new Map();
  const lines = [];
  for (const n of SIZES) {
    process.stderr.write(`  memory, N = ${fmtInt(n)}: generating… `);
    const gen = lib.generateAccount({ size: n, seed: 1919 });
    const fake = await lib.startFakeStripe(gen.scenario, {});
    const env = { STRIPE_API_KEY: lib.DEFAULT_KEY, STRIPE_API_BASE: fake.url };
    try {
      for (const [name, flags] of FORMATS) {
        process.stderr.write(`${name}… `);
        fake.reset();
        const args = [BIN, 'audit', '--at', lib.AT_ISO, '--max-rps', '100', '--concurrency', '16'];
        const r = await runNodeMeasured([...args, ...flags.map((f) => (f === 'REPORT' ? report : f))], env, useGnuTime);
        if (r.code !== 0 && r.code !== 1) throw new Error(`audit ${name} exited ${r.code} for N=${n}: ${r.stderr}`);
        peaks.set(`${name}:${n}`, r.peakRssKb);
        process.stderr.write(`${fmtMb(r.peakRssKb)} in ${fmtMs(r.ms)}; `);
        lines.push([fmtInt(n), name, fmtMs(r.ms), fmtMb(r.peakRssKb)]);
      }
      process.stderr.write('done\n');
    } finally {
      await fake.close();
      rmSync(report, { force: true });
    }
  }
  console.log(
    '\nMemory of a large audit (issue 19): fake Stripe API without latency, --max-rps 100 --concurrency 16\n',
  );
  console.log(table(['N', 'format', 'wall', 'peak RSS'], lines, 'rlrr'));
  if (SIZES.length >= 2) {
    const [a, b] = SIZES.slice(-2);
    for (const [name] of FORMATS) {
      const low = peaks.get(`${name}:${a}`);
      const high = peaks.get(`${name}:${b}`);
      if (!low || !high) continue;
      const perCode = (high - low) / (b - a);
      const at1m = high + perCode * (1_000_000 - b);
      console.log(
        `${name}: ${((perCode * 100_000) / 1024).toFixed(1)} MB more per 100,000 codes; at 1,000,000 codes about ${(at1m / 1024).toFixed(0)} MB (extrapolated)${name === 'table' ? '' : at1m / 1024 < 250 ? ' (target < 250 MB: ok)' : ' (target < 250 MB: OVER)'}`,
      );
    }
  }
}
