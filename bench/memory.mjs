/**
 * Memory of a large audit (issue 19), in one run (called by bench/run.mjs): peak RSS of
 * `promo-doctor audit` in NDJSON, CSV and HTML (to a file), and the table, for each N of
 * BENCH_MEMORY_SIZES (default 100,000 and 1,000,000), served by the fake Stripe API without
 * latency or rate limit, the audit at the most the CLI allows (--max-rps 100, --concurrency
 * 16). The target: NDJSON, CSV and HTML under 250 MB RSS at 1,000,000 codes, measured, not
 * extrapolated. The table keeps one short row per code with findings to sort them (it says
 * so in docs/audit.md): it runs only up to BENCH_MEMORY_TABLE_MAX codes (default 300,000),
 * and its growth per 100,000 codes is printed. The fake runs in the bench's own process (not
 * the one measured): 300,000 generated codes took it 600 MB and 5.5 s to build, so expect
 * about 2 GB and 20-30 s at 1,000,000.
 * BENCH_MEMORY_SIZES=0 skips this part.
 *
 * Time: about 10,000 list requests per format at 1,000,000 codes, at most 100 per second,
 * so at least 100 s per format; measured, 300,000 codes took 50 s per format on a 2-core
 * machine at a load of 9. Expect 10 to 15 minutes for the default sizes.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const SIZES = (process.env.BENCH_MEMORY_SIZES ?? '100000,1000000')
  .split(',')
  .map((s) => Number(s.trim()))
  .filter((n) => Number.isInteger(n) && n > 0);
const TABLE_MAX = Number(process.env.BENCH_MEMORY_TABLE_MAX ?? 300_000);
const TARGET_MB = 250;
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
    const started = performance.now();
    const gen = lib.generateAccount({ size: n, seed: 1919 });
    const fake = await lib.startFakeStripe(gen.scenario, {});
    process.stderr.write(`${fmtMs(performance.now() - started)}; `);
    const env = { STRIPE_API_KEY: lib.DEFAULT_KEY, STRIPE_API_BASE: fake.url };
    try {
      for (const [name, flags] of FORMATS) {
        if (name === 'table' && n > TABLE_MAX) {
          lines.push([fmtInt(n), name, '-', `not run (above ${fmtInt(TABLE_MAX)}: one row kept per code)`, '']);
          continue;
        }
        process.stderr.write(`${name}… `);
        fake.reset();
        const args = [BIN, 'audit', '--at', lib.AT_ISO, '--max-rps', '100', '--concurrency', '16'];
        const r = await runNodeMeasured([...args, ...flags.map((f) => (f === 'REPORT' ? report : f))], env, useGnuTime);
        if (r.code !== 0 && r.code !== 1) throw new Error(`audit ${name} exited ${r.code} for N=${n}: ${r.stderr}`);
        peaks.set(`${name}:${n}`, r.peakRssKb);
        process.stderr.write(`${fmtMb(r.peakRssKb)} in ${fmtMs(r.ms)}; `);
        const verdict =
          name === 'table' || r.peakRssKb === null
            ? ''
            : r.peakRssKb / 1024 < TARGET_MB
              ? `< ${TARGET_MB} MB: ok`
              : `>= ${TARGET_MB} MB: OVER`;
        lines.push([fmtInt(n), name, fmtMs(r.ms), fmtMb(r.peakRssKb), verdict]);
      }
      process.stderr.write('done\n');
    } finally {
      await fake.close();
      rmSync(report, { force: true });
    }
  }
  console.log(
    '\nMemory of a large audit (issue 19): fake Stripe API without latency or rate limit, --max-rps 100 --concurrency 16\n',
  );
  console.log(table(['N', 'format', 'wall', 'peak RSS', `target (${TARGET_MB} MB)`], lines, 'rlrrl'));
  if (SIZES.length >= 2) {
    const [a, b] = SIZES.slice(-2);
    for (const [name] of FORMATS) {
      const low = peaks.get(`${name}:${a}`);
      const high = peaks.get(`${name}:${b}`);
      if (!low || !high) continue;
      console.log(
        `${name}: ${((((high - low) / (b - a)) * 100_000) / 1024).toFixed(1)} MB more per 100,000 codes between ${fmtInt(a)} and ${fmtInt(b)} (measured)`,
      );
    }
  }
}
