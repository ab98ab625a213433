/**
 * `explain` of a long list (called by bench/run.mjs): issue 11 asks that a list's human output
 * stay within 2x of `--json`. The list is the generated account (test/helpers/auditAccount.ts)
 * of BENCH_EXPLAIN_SIZE codes (default 10,000), read from the fake Stripe API page by page with
 * the expand the CLI uses and saved as one Stripe list object in a temporary file (not kept:
 * no large fixture in the repo). Each output is timed as a child process, interleaved, median of
 * BENCH_EXPLAIN_RUNS runs (default 3), stdout a pipe (not a terminal) and NO_COLOR set.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SIZE = Number(process.env.BENCH_EXPLAIN_SIZE ?? 10_000);
const RUNS = Number(process.env.BENCH_EXPLAIN_RUNS ?? 3);
const TARGET = 2;
// The same paths as src/stripe/reader.ts reads promotion codes with, on a list.
const EXPAND = [
  'promotion.coupon',
  'promotion.coupon.applies_to',
  'promotion.coupon.currency_options',
  'restrictions.currency_options',
  'customer',
].map((p) => `data.${p}`);

/** Every promotion code of the fake, as one list object, as `curl` and a script would save it. */
async function readWholeList(fake, key) {
  const data = [];
  let after = null;
  for (;;) {
    const query = new URLSearchParams([
      ['limit', '100'],
      ...EXPAND.map((p) => ['expand[]', p]),
      ...(after ? [['starting_after', after]] : []),
    ]);
    const response = await fetch(`${fake.url}/v1/promotion_codes?${query}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    if (!response.ok)
      throw new Error(`listing promotion codes from the fake failed: ${response.status} ${await response.text()}`);
    const page = await response.json();
    data.push(...page.data);
    if (!page.has_more) return { object: 'list', data, has_more: false, url: '/v1/promotion_codes' };
    after = page.data.at(-1).id;
  }
}

/** @param tools what run.mjs has: { BIN, lib, run, median, table, fmtInt, fmtMs } */
export async function explainListBench({ BIN, lib, run, median, table, fmtInt, fmtMs }) {
  if (!(SIZE > 0)) return;
  process.stderr.write(`\nexplain of a list of ${fmtInt(SIZE)} codes: generating it… `);
  const gen = lib.generateAccount({ size: SIZE, seed: 2026 });
  const fake = await lib.startFakeStripe(gen.scenario, {});
  const dir = mkdtempSync(join(tmpdir(), 'promo-bench-list-'));
  try {
    const file = join(dir, 'promotion-codes.json');
    const list = await readWholeList(fake, lib.DEFAULT_KEY);
    if (list.data.length !== SIZE) throw new Error(`the fake listed ${list.data.length} codes, not ${SIZE}`);
    writeFileSync(file, JSON.stringify(list));
    const outputs = [
      { name: '--json (NDJSON)', args: ['--json'] },
      { name: 'human (default)', args: [] },
      { name: 'human --verbose', args: ['--verbose'] },
      { name: '--format markdown', args: ['--format', 'markdown'] },
    ];
    const times = outputs.map(() => []);
    const bytes = outputs.map(() => 0);
    for (let i = 0; i < RUNS; i++) {
      for (const [k, o] of outputs.entries()) {
        process.stderr.write(`${o.name}… `);
        const r = await run(process.execPath, [BIN, 'explain', file, '--at', lib.AT_ISO, ...o.args]);
        if (r.code !== 0 && r.code !== 1) throw new Error(`explain ${o.args.join(' ')} exited ${r.code}: ${r.stderr}`);
        times[k].push(r.ms);
        bytes[k] = r.bytes;
      }
    }
    process.stderr.write('\n');
    const base = median(times[0]);
    const rows = outputs.map((o, k) => {
      const ratio = median(times[k]) / base;
      const verdict = k === 1 ? (ratio <= TARGET ? `ok (target <= ${TARGET}x)` : `OVER (target <= ${TARGET}x)`) : '';
      return [
        o.name,
        fmtMs(median(times[k])),
        `${(bytes[k] / 1024 / 1024).toFixed(1)} MB`,
        k === 0 ? '1.00x' : `${ratio.toFixed(2)}x`,
        verdict,
      ];
    });
    console.log(
      `\nexplain of a list of ${fmtInt(SIZE)} promotion codes (${fmtInt(JSON.stringify(list).length / 1024)} KiB of JSON), median of ${RUNS} runs, stdout a pipe\n`,
    );
    console.log(table(['output', 'median', 'stdout', 'vs --json', ''], rows, 'lrrrl'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await fake.close();
  }
}
