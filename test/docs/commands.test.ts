/**
 * Every command in the README and in docs/ is run as written: the promo-doctor part in process
 * (keyless ones offline, live ones against the fake Stripe API serving the objects the docs
 * name), and what follows a pipe (jq, sort, uniq) through the shell. A line that is not a
 * promo-doctor command must say why it is not run here: `(in a clone)` for npm scripts, or one
 * of the reasons in NOT_RUN.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as build from '../support/builders.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import { scratchDir } from '../helpers/scratch.js';
import { KEY } from '../helpers/keys.js';
import { startFake, stopFakes } from '../helpers/liveStripe.js';

afterAll(stopFakes);

const PAGES = ['README.md', ...readdirSync(join(REPO_ROOT, 'docs')).map((file) => join('docs', file))].filter((f) =>
  f.endsWith('.md'),
);

interface Written {
  page: string;
  line: string;
  comment: string;
}

/** The lines of every ```sh block, continuations joined, with their trailing comment apart. */
function writtenCommands(): Written[] {
  return PAGES.flatMap((page) => {
    const text = readFileSync(join(REPO_ROOT, page), 'utf8');
    return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
      m[1]!
        .replace(/\\\n\s*/g, ' ')
        .split('\n')
        .map((raw) => {
          const comment = /\s+#\s(.*)$/.exec(raw)?.[1] ?? '';
          return { page, line: raw.replace(/\s+#\s.*$/, '').trim(), comment };
        })
        .filter((w) => w.line !== '' && !w.line.startsWith('#')),
    );
  });
}

/** Lines that are not promo-doctor's to run, and why. */
const NOT_RUN: ReadonlyArray<[RegExp, string]> = [
  [/^npm /, 'an npm script of the clone: its comment says (in a clone)'],
  [/^grep /, 'a check of the source tree, in a clone'],
  [/^stripe login$/, 'the Stripe CLI, which is not installed here'],
  [/^stripe-mock &$/, 'stripe-mock, which is not installed here'],
  [/^export STRIPE_API_KEY=/, 'sets the key for the lines that follow'],
];

/** Splits a command line into words as sh would, for the quoting the docs use. */
function words(command: string): string[] {
  const out: string[] = [];
  for (const m of command.matchAll(/'([^']*)'|"((?:\\.|[^"\\])*)"|(\S+)/g))
    out.push(m[1] ?? m[2]?.replace(/\\(.)/g, '$1') ?? m[3]!);
  return out;
}

/** The parts of a pipeline, split on `|` outside quotes. */
function pipeline(command: string): string[] {
  const parts: string[] = [];
  let quote = '';
  let current = '';
  for (const ch of command) {
    if (quote !== '') {
      if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '|') {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  parts.push(current.trim());
  return parts;
}

/** The objects the docs' live commands name, served by the fake Stripe API. */
function docsAccount() {
  build.resetBuilderIds();
  return {
    coupons: [
      build.coupon({ id: 'SUMMER25', percent_off: 25, applies_to: { products: ['prod_NWjs8kKbJWmuuc'] } }),
      build.coupon({ id: 'Z4OV52SU', percent_off: 25 }),
    ],
    promotionCodes: [
      build.promotionCode({
        id: 'promo_1MiM6KLkdIwHu7ixrIaX4wgn',
        code: 'SUMMER20',
        coupon: 'SUMMER25',
        restrictions: { minimum_amount: 3000, minimum_amount_currency: 'usd' },
      }),
      build.promotionCode({ id: 'promo_123', code: 'FALL10', coupon: 'Z4OV52SU' }),
      build.promotionCode({ id: 'promo_1SharedA', code: 'SHARED', coupon: 'Z4OV52SU' }),
      build.promotionCode({ id: 'promo_1SharedB', code: 'SHARED', coupon: 'SUMMER25', active: false }),
    ],
    customers: [build.customer({ id: 'cus_NffrFeUfNV2Hib' })],
    prices: [build.price({ id: 'price_1MoBy5LkdIwHu7ixZhnattbh', product: 'prod_NWjs8kKbJWmuuc' })],
  };
}

/** A working directory like a clone's, where output files (`> codes.csv`) land in a temporary folder. */
function workDir(): string {
  const dir = scratchDir('docs');
  for (const name of ['examples', 'test']) symlinkSync(join(REPO_ROOT, name), join(dir, name));
  return dir;
}

const commands = writtenCommands();

describe('the commands of the README and docs/', () => {
  it('are found in the pages', () => {
    expect(commands.filter((c) => /promo-doctor /.test(c.line)).length).toBeGreaterThanOrEqual(50);
  });

  it('that are not run here say why', () => {
    for (const c of commands.filter((c) => !/promo-doctor /.test(c.line))) {
      const reason = NOT_RUN.find(([pattern]) => pattern.test(c.line));
      expect(reason, `${c.page}: ${c.line}`).toBeDefined();
      if (/^npm /.test(c.line)) expect(c.comment, `${c.page}: ${c.line}`).toContain('(in a clone)');
    }
  });

  it.each(commands.filter((c) => /promo-doctor /.test(c.line)).map((c) => [c.page, c.line] as const))(
    '%s: %s',
    async (_page, line) => {
      const fake = await startFake(docsAccount());
      let command = line
        .replace(/^0 8 \* \* 1\s+/, '') // a crontab line: its command
        .replace(/^source <\((.*)\)$/, '$1')
        .replaceAll('cus_…', 'cus_NffrFeUfNV2Hib')
        .replaceAll('rk_live_…', KEY)
        .replaceAll('rk_test_…', KEY)
        .replaceAll('sk_test_123', KEY)
        .replace(/http:\/\/localhost:12111/g, fake.url);
      const parts = pipeline(command);
      let stdin: string | undefined;
      if (parts[0] === 'pbpaste') {
        parts.shift();
        stdin = readFileSync(join(REPO_ROOT, 'examples', 'promotion-code-2026-10-28.json'), 'utf8');
      }
      const env: Record<string, string> = { STRIPE_API_KEY: KEY, STRIPE_API_BASE: fake.url };
      const argv = words(parts.shift()!);
      while (/^[A-Z_]+=/.test(argv[0]!)) {
        const [name, ...value] = argv.shift()!.split('=');
        env[name!] = value.join('=').replace(/^sk_test_123$/, KEY);
      }
      if (argv[0] === 'npx') argv.shift();
      expect(argv.shift()).toBe('promo-doctor');
      const redirect = argv.indexOf('>');
      if (redirect !== -1) argv.splice(redirect, 2);
      command = argv.join(' ');
      const cwd = workDir();
      const result = await runCli(argv, { env, cwd, ...(stdin === undefined ? {} : { stdin }) });
      expect([0, 1], `${line}\n${result.stderr}`).toContain(result.code);
      expect(result.stderr, line).not.toMatch(/^promo-doctor: /m);
      const rest = parts.filter((p) => !/^(pbcopy|mail\b)/.test(p));
      if (rest.length > 0) execFileSync('sh', ['-c', rest.join(' | ')], { input: result.stdout, cwd });
    },
  );
});
