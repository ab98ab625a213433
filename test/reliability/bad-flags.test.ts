/**
 * Bad input (issue item 5, docs/architecture.md, The JSON document and exit codes exit 2, docs/architecture.md, Read-only, secrets and failures): every flag of every command with bad
 * values, empty strings, missing values and flags of another command; ids pasted into the
 * wrong command (confusable ids); and input files that are too big, binary, truncated or not
 * files. Each case: exit 2, exactly one line on stderr "promo-doctor: …" that ends a sentence
 * and names what was wrong, no stack trace, nothing on stdout, and, for the commands that
 * read Stripe, not a single request (bad input is caught before any request), except where
 * only a lookup can tell (a --customer that does not exist).
 *
 * Extends test/e2e/bad-input.test.ts (explain's files and stdin, --at/--amount/--currency on
 * explain, unknown commands) and the bad-usage table of test/e2e/audit.test.ts; neither is
 * repeated here.
 */
import {
  closeSync,
  createReadStream,
  ftruncateSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { openInput } from '../../src/cli/io.js';
import * as build from '../support/builders.js';
import { REPO_ROOT } from '../helpers/cli.js';
import {
  expectFailure,
  expectOnlyGets,
  ndjsonDocs,
  richScenario,
  runAgainst,
  startFake,
} from '../helpers/liveStripe.js';
import { AT_ISO, AT_FLAG as AT } from '../helpers/time.js';

const EXAMPLE = 'examples/promotion-code-2024-06-20.json';
const q = (value: string): string => value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

type Command = 'check' | 'coupon' | 'customer' | 'audit' | 'explain';
const LIVE: ReadonlySet<Command> = new Set(['check', 'coupon', 'customer', 'audit']);

/** A command line that is valid up to the flag under test. */
const BASE: Record<Command, readonly string[]> = {
  check: ['check', 'WELCOME', ...AT],
  coupon: ['coupon', 'WELCOME', ...AT],
  customer: ['customer', 'cus_1', ...AT],
  audit: ['audit', ...AT],
  explain: ['explain', EXAMPLE, ...AT],
};

interface BadValue {
  readonly args: readonly string[];
  readonly says: RegExp;
}

/** `--flag "value"` echoed back: the sentence names the flag and quotes the value. */
const named = (flag: string, value: string): BadValue => ({
  args: [flag, value],
  says: new RegExp(`${q(flag)} "${q(value)}"`),
});

/** Redemption context flags: check, coupon, audit, explain (customer: --at and --warn-within only). */
const CONTEXT: readonly BadValue[] = [
  named('--customer', ''),
  named('--customer', 'bob'),
  named('--customer', 'cus_'),
  named('--customer', 'promo_1MiM6KLkdIwHu7ix'),
  named('--customer', 'cus_12 3'),
  { args: ['--amount', '', '--currency', 'usd'], says: /--amount ""/ },
  { args: ['--amount', '12.5', '--currency', 'usd'], says: /--amount "12\.5"/ },
  { args: ['--amount', '-3', '--currency', 'usd'], says: /--amount "-3"/ },
  { args: ['--amount', '1e3', '--currency', 'usd'], says: /--amount "1e3"/ },
  { args: ['--amount', '99999999999999999999', '--currency', 'usd'], says: /--amount "99999999999999999999"/ },
  { args: ['--amount', '4000'], says: /--amount needs --currency/ },
  named('--currency', ''),
  named('--currency', 'dollars'),
  named('--currency', 'usdd'),
  named('--currency', 'xx'),
  named('--product', ''),
  named('--product', 'prod 1'),
  named('--at', ''),
  named('--at', 'yesterday'),
  named('--at', '2026-02-30'),
  named('--at', '2026-13-01'),
  named('--at', '1234567890123'),
  named('--warn-within', ''),
  named('--warn-within', 'soon'),
  named('--warn-within', '-1d'),
  named('--warn-within', '7'),
];

const TIME_ONLY = new Set(['--at', '--warn-within']);

/** Stripe connection flags: check, coupon, customer, audit. */
const CONNECTION: readonly BadValue[] = [
  named('--api-base', ''),
  named('--api-base', 'api.stripe.com'),
  {
    args: ['--api-base', 'ftp://api.stripe.com'],
    says: /--api-base "ftp:\/\/api\.stripe\.com" must start with http:\/\/ or https:\/\//,
  },
  {
    args: ['--api-base', 'https://api.stripe.com/v1'],
    says: /--api-base "https:\/\/api\.stripe\.com\/v1" must not have a path/,
  },
  named('--api-base', 'http://127.0.0.1:99999'),
  named('--stripe-account', ''),
  named('--stripe-account', 'acct_'),
  named('--stripe-account', 'cus_1'),
  named('--timeout', ''),
  named('--timeout', '0'),
  named('--timeout', '-1'),
  named('--timeout', '601'),
  named('--timeout', 'ten'),
  named('--timeout', '1e3'),
  named('--max-retries', ''),
  named('--max-retries', '-1'),
  named('--max-retries', '11'),
  named('--max-retries', '1.5'),
  named('--max-retries', 'three'),
];

/** audit's own flags. */
const AUDIT_FLAGS: readonly BadValue[] = [
  named('--format', ''),
  named('--format', 'xml'),
  named('--format', 'JSON'),
  named('--starting-after', ''),
  named('--starting-after', 'cus_1'),
  named('--starting-after', 'promo_'),
  named('--max-rps', ''),
  named('--max-rps', '0'),
  named('--max-rps', '-5'),
  named('--max-rps', '101'),
  named('--max-rps', 'fast'),
  named('--code', ''),
  named('--code', 'a_b'),
  named('--code', 'TWO WORDS'),
  { args: ['--coupon', ''], says: /coupon id/ },
  { args: ['--coupon', 'cus_123'], says: /cus_123 is a customer id, not a coupon id/ },
  { args: ['--coupon', 'promo_123'], says: /promo_123 is a promotion code id, not a coupon id/ },
  { args: ['--coupon', 'a b'], says: /"a b" is not a coupon id/ },
  // The sentence must name the flag that was given, not another one.
  named('--created-after', ''),
  named('--created-after', 'last week'),
  named('--created-before', 'tomorrow'),
  {
    args: ['--created-after', '2026-05-01', '--created-before', '2026-04-01'],
    says: /--created-after is later than --created-before/,
  },
  { args: ['--active', '--inactive'], says: /--active and --inactive exclude each other/ },
];

/** check and coupon take the same flags with a value. */
const CODE_AND_COUPON_VALUE_FLAGS = [
  '--customer',
  '--amount',
  '--currency',
  '--product',
  '--at',
  '--warn-within',
  '--api-key',
  '--api-base',
  '--stripe-account',
  '--timeout',
  '--max-retries',
];

/** Flags that take a value, per command: given last with no value. */
const VALUE_FLAGS: Record<Command, readonly string[]> = {
  check: CODE_AND_COUPON_VALUE_FLAGS,
  coupon: CODE_AND_COUPON_VALUE_FLAGS,
  customer: ['--at', '--warn-within', '--api-key', '--api-base', '--stripe-account', '--timeout', '--max-retries'],
  audit: [
    ...CODE_AND_COUPON_VALUE_FLAGS,
    '--format',
    '--coupon',
    '--code',
    '--created-after',
    '--created-before',
    '--starting-after',
    '--max-rps',
  ],
  explain: ['--customer', '--amount', '--currency', '--product', '--at', '--warn-within'],
};

/** Flags a command does not have (another command's), and boolean flags given a value. */
const FOREIGN: Record<Command, readonly string[][]> = {
  check: [
    ['--active'],
    ['--max-rps', '5'],
    ['--starting-after', 'promo_1'],
    ['--json=1'],
    ['--strict=yes'],
    ['--debug=1'],
    ['--no-color=1'],
  ],
  coupon: [['--code', 'WELCOME'], ['--inactive'], ['--json=true']],
  customer: [
    ['--customer', 'cus_2'],
    ['--amount', '4000'],
    ['--currency', 'usd'],
    ['--product', 'prod_1'],
    ['--strict=1'],
  ],
  audit: [['--active=false'], ['--json=0']],
  explain: [
    ['--api-key', 'sk_test_x'],
    ['--api-base', 'http://localhost:12111'],
    ['--timeout', '5'],
    ['--max-retries', '1'],
    ['--stripe-account', 'acct_1'],
    ['--price', 'price_1'],
  ],
};

interface Case {
  readonly command: Command;
  readonly args: readonly string[];
  readonly says: RegExp;
  readonly key?: string | null;
}

const display = (args: readonly string[]): string =>
  args.map((a) => (a === '' || /\s/.test(a) ? JSON.stringify(a) : a)).join(' ');

function flagCases(): Case[] {
  const cases: Case[] = [];
  for (const command of ['check', 'coupon', 'customer', 'audit', 'explain'] as const) {
    for (const bad of CONTEXT) {
      if (command === 'customer' && !TIME_ONLY.has(bad.args[0]!)) continue;
      cases.push({ command, args: [...BASE[command], ...bad.args], says: bad.says });
    }
    if (LIVE.has(command)) {
      for (const bad of CONNECTION) cases.push({ command, args: [...BASE[command], ...bad.args], says: bad.says });
      // --api-key: empty (and no key in the environment), not a key, a publishable key.
      cases.push({ command, args: [...BASE[command], '--api-key', ''], says: /--api-key is empty/, key: null });
      cases.push({
        command,
        args: [...BASE[command], '--api-key', 'hunter2'],
        says: /The API key from --api-key is not a Stripe key/,
      });
      cases.push({
        command,
        args: [...BASE[command], '--api-key', 'pk_test_TYooMQauvdEDq54NiTphI7jx'],
        says: /The API key from --api-key is a publishable key \(pk_\)/,
      });
    }
    if (command === 'audit')
      for (const bad of AUDIT_FLAGS) cases.push({ command, args: [...BASE[command], ...bad.args], says: bad.says });
    for (const flag of VALUE_FLAGS[command]) {
      cases.push({
        command,
        args: [...BASE[command], flag],
        says: new RegExp(`Option '${q(flag)} <[^>]+>' argument missing`),
      });
    }
    for (const foreign of FOREIGN[command]) {
      cases.push({
        command,
        args: [...BASE[command], ...foreign],
        says: new RegExp(`Unknown option '${q(foreign[0]!)}'`),
      });
    }
    if (command !== 'audit') {
      cases.push({
        command,
        args: [...BASE[command], '--format', 'csv'],
        says: /--format "csv" is not one of human, json, markdown or reply/,
      });
      cases.push({
        command,
        args: [...BASE[command], '--json', '--format', 'markdown'],
        says: /--json and --format markdown ask for two formats/,
      });
    }
    if (command !== 'customer') {
      cases.push({
        command,
        args: [...BASE[command], '--product', 'price_1'],
        says: /--product price_1 is a price id, not a product id/,
      });
      if (command !== 'explain')
        cases.push({
          command,
          args: [...BASE[command], '--price', 'prod_1'],
          says: /--price prod_1 is a product id: give it to --product/,
        });
    }
  }
  return cases;
}

/** Ids pasted into the wrong command, empty and malformed targets. */
const TARGETS: readonly Case[] = [
  // check
  {
    command: 'check',
    args: ['check', 'cus_123'],
    says: /^promo-doctor: cus_123 is a customer id, not a promotion code; did you mean --customer/,
  },
  { command: 'check', args: ['check', 'sub_123'], says: /sub_123 is a subscription id, not a promotion code/ },
  { command: 'check', args: ['check', 'di_123'], says: /di_123 is a discount id, not a promotion code/ },
  {
    command: 'check',
    args: ['check', 'prod_123'],
    says: /prod_123 is a product id, not a promotion code; did you mean --product\?/,
  },
  {
    command: 'check',
    args: ['check', 'acct_123'],
    says: /acct_123 is an account id, not a promotion code; did you mean --stripe-account\?/,
  },
  { command: 'check', args: ['check', 'in_123'], says: /in_123 is an invoice id, not a promotion code/ },
  { command: 'check', args: ['check', 'pi_123'], says: /pi_123 is a PaymentIntent id, not a promotion code/ },
  { command: 'check', args: ['check', 'promo_'], says: /"promo_" is neither a promotion code id/ },
  { command: 'check', args: ['check', 'ch_123'], says: /"ch_123" is neither a promotion code id/ },
  { command: 'check', args: ['check', 'SUMMER 20'], says: /"SUMMER 20" is neither a promotion code id/ },
  {
    command: 'check',
    args: ['check', ''],
    says: /check needs a promotion code id \(promo_…\) or a customer-facing code, not an empty string/,
  },
  { command: 'check', args: ['check', '   '], says: /not an empty string|neither/ },
  { command: 'check', args: ['check'], says: /Missing required argument 'promo_id\|code'/ },
  { command: 'check', args: ['check', 'A', 'B'], says: /Too many arguments for 'check'/ },
  // coupon
  {
    command: 'coupon',
    args: ['coupon', 'promo_1MiM6KLkdIwHu7ix'],
    says: /^promo-doctor: promo_1MiM6KLkdIwHu7ix is a promotion code id, not a coupon id; did you mean promo-doctor check\?/,
  },
  {
    command: 'coupon',
    args: ['coupon', 'cus_123'],
    says: /cus_123 is a customer id, not a coupon id; did you mean --customer/,
  },
  { command: 'coupon', args: ['coupon', 'sub_123'], says: /sub_123 is a subscription id, not a coupon id/ },
  { command: 'coupon', args: ['coupon', 'di_123'], says: /di_123 is a discount id, not a coupon id/ },
  // Ids are opaque (src/format/ids.ts): only what cannot be an id is refused.
  { command: 'coupon', args: ['coupon', 'SUMMER 25'], says: /"SUMMER 25" is not a coupon id/ },
  { command: 'coupon', args: ['coupon', 'SUMMER\u000725'], says: /is not a coupon id/ },
  { command: 'coupon', args: ['coupon', 'X'.repeat(256)], says: /is not a coupon id/ },
  { command: 'coupon', args: ['coupon', ''], says: /coupon needs a coupon id, not an empty string/ },
  { command: 'coupon', args: ['coupon'], says: /Missing required argument 'coupon_id'/ },
  // customer
  {
    command: 'customer',
    args: ['customer', 'promo_1MiM6KLkdIwHu7ix'],
    says: /^promo-doctor: promo_1MiM6KLkdIwHu7ix is a promotion code id, not a customer id \(cus_…\); did you mean promo-doctor check\?/,
  },
  { command: 'customer', args: ['customer', 'sub_123'], says: /sub_123 is a subscription id, not a customer id/ },
  {
    command: 'customer',
    args: ['customer', 'acct_123'],
    says: /acct_123 is an account id, not a customer id \(cus_…\); did you mean --stripe-account\?/,
  },
  { command: 'customer', args: ['customer', 'pi_123'], says: /pi_123 is a PaymentIntent id, not a customer id/ },
  { command: 'customer', args: ['customer', 'bob'], says: /"bob" is not a customer id/ },
  { command: 'customer', args: ['customer', 'cus_'], says: /"cus_" is not a customer id/ },
  { command: 'customer', args: ['customer', ''], says: /"" is not a customer id|empty/ },
  { command: 'customer', args: ['customer'], says: /Missing required argument 'cus_id'/ },
  // audit, explain and reasons
  { command: 'audit', args: ['audit', 'SUMMER20'], says: /Too many arguments for 'audit'/ },
  { command: 'explain', args: ['explain', ''], says: /file|empty|name/ },
];

async function runCase(t: { onTestFinished(fn: () => unknown): void }, c: Case): Promise<void> {
  const live = LIVE.has(c.command);
  const fake = live ? await startFake(richScenario(), { until: t }) : null;
  const result = await runAgainst(fake, c.args, c.key === undefined ? {} : { key: c.key });
  expectFailure(result, 2, c.says);
  if (fake)
    expect(
      fake.requests.map((r) => `${r.method} ${r.path}`),
      'bad input is caught before any request',
    ).toEqual([]);
}

describe.concurrent('every flag of every command: bad values, empty strings, missing values, foreign flags', () => {
  for (const c of flagCases()) {
    it(display(c.args), async ({ onTestFinished }) => runCase({ onTestFinished }, c));
  }
});

describe.concurrent('confusable and malformed ids', () => {
  for (const c of TARGETS) {
    it(display(c.args), async ({ onTestFinished }) => runCase({ onTestFinished }, c));
  }
  it('reasons "" and reasons with an unknown code', async () => {
    for (const args of [
      ['reasons', ''],
      ['reasons', 'coupon_exploded'],
    ])
      expectFailure(await runAgainst(null, args), 2, /is neither a reason code nor a Stripe error code/);
  });
});

describe.concurrent('bad input that only a lookup can reveal: exit 2 after reading, still one sentence', () => {
  const AFTER_LOOKUP: ReadonlyArray<readonly [string[], RegExp]> = [
    [
      ['check', 'WELCOME', '--customer', 'cus_nobody', ...AT, '--json'],
      /customer cus_nobody does not exist in this account \(test mode\)/,
    ],
    [['coupon', 'WELCOME', '--customer', 'cus_nobody', ...AT], /customer cus_nobody does not exist/],
    [['audit', '--customer', 'cus_nobody', ...AT, '--json'], /customer cus_nobody does not exist/],
    [['coupon', 'NOPE', ...AT], /No coupon NOPE in this account \(test mode\); coupon ids are case-sensitive\./],
    [['customer', 'cus_nobody', ...AT], /No customer cus_nobody in this account \(test mode\)\./],
    [
      ['audit', '--starting-after', 'promo_unknown', ...AT, '--json'],
      /Stripe refused the request \(request req_\w+\): .*promo_unknown/,
    ],
  ];
  for (const [args, says] of AFTER_LOOKUP) {
    it(display(args), async ({ onTestFinished }) => {
      const fake = await startFake(richScenario(), { until: { onTestFinished } });
      const result = await runAgainst(fake, args);
      expectFailure(result, 2, says);
      expectOnlyGets(fake);
      // Nothing was listed for an audit whose customer does not exist.
      if (args[0] === 'audit' && args.includes('--customer'))
        expect(fake.requests.filter((r) => r.path === '/v1/promotion_codes')).toEqual([]);
    });
  }
});

// ------------------------------------------------------------------ input files

describe('input files and standard input', () => {
  let dir = '';
  let tenMb = '';
  let tenMbCount = 0;
  let tenMbExpired = 0;

  /** A list of promotion codes (coupon expanded, as an API list with expand[]) of at least 10 MB, every third one expired. */
  function writeTenMegabyteList(path: string): void {
    build.resetBuilderIds();
    const data: Stripe.PromotionCode[] = [];
    let bytes = 0;
    const at = Date.parse(AT_ISO) / 1000;
    while (bytes < 10 * 1024 * 1024) {
      const i = data.length;
      const coupon = build.coupon({
        id: `BIG${i}`,
        name: `Big coupon number ${i}`,
        percent_off: 5 + (i % 50),
        metadata: { batch: 'ten-megabytes', index: String(i) },
      });
      const code = build.promotionCode({
        id: `promo_Big${String(i).padStart(6, '0')}`,
        code: `BIG-${i}`,
        ...(i % 3 === 0 ? { expires_at: at - 86_400, active: false } : {}),
        // Stripe's metadata limits (50 keys, values of up to 500 characters), used to the full so
        // that 10 MB is a few thousand codes: the size is what is tested, not the diagnoses.
        metadata: {
          campaign: 'reliability',
          ...Object.fromEntries(Array.from({ length: 6 }, (_, k) => [`note${k}`, 'x'.repeat(500)])),
        },
      });
      const expanded = { ...code, promotion: { type: 'coupon', coupon } } as unknown as Stripe.PromotionCode;
      data.push(expanded);
      bytes += JSON.stringify(expanded, null, 2).length + 4;
    }
    writeFileSync(
      path,
      `${JSON.stringify({ object: 'list', url: '/v1/promotion_codes', has_more: false, data }, null, 2)}\n`,
    );
    tenMbCount = data.length;
    tenMbExpired = Math.ceil(data.length / 3);
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'promo-doctor-reliability-'));
    tenMb = join(dir, 'ten-megabytes.json');
    writeTenMegabyteList(tenMb);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a valid 10 MB list of promotion codes, --json: exit 1 and one complete NDJSON document per code', async () => {
    const result = await runAgainst(null, ['explain', tenMb, ...AT, '--json']);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toBe('');
    const docs = ndjsonDocs(result.stdout);
    expect(docs).toHaveLength(tenMbCount);
    expect(docs.map((d) => d.target.id)).toEqual(
      Array.from({ length: tenMbCount }, (_, i) => `promo_Big${String(i).padStart(6, '0')}`),
    );
    expect(docs.filter((d) => d.verdict === 'not_redeemable')).toHaveLength(tenMbExpired);
    expect(docs.filter((d) => d.reasons.some((r) => r.code === 'promotion_code_expired'))).toHaveLength(tenMbExpired);
  }, 60_000);

  it('the same 10 MB list on standard input', async () => {
    const result = await runAgainst(null, ['explain', '-', ...AT, '--json'], { stdin: readFileSync(tenMb) });
    expect(result.code, result.stderr).toBe(1);
    expect(ndjsonDocs(result.stdout)).toHaveLength(tenMbCount);
  }, 60_000);

  it('a 70 MB file (over the 64 MiB input limit): exit 2 without reading it', async () => {
    const path = join(dir, 'seventy-megabytes.json');
    const fd = openSync(path, 'w');
    ftruncateSync(fd, 70 * 1024 * 1024); // sparse: no 70 MB written to disk
    closeSync(fd);
    const result = await runAgainst(null, ['explain', path, ...AT, '--json']);
    expectFailure(result, 2, /seventy-megabytes\.json is larger than 64 MiB/);
    // Refused from its size, not read: the input is opened through a function that records it.
    const opened: string[] = [];
    const openFile = (file: string) => {
      opened.push(file);
      return createReadStream(file);
    };
    const stdin = Readable.from([]);
    await expect(openInput(path, stdin, REPO_ROOT, openFile)).rejects.toThrow(/larger than 64 MiB/);
    expect(opened, 'refused from its size, not read').toEqual([]);
    // The control: a file of ordinary size is opened, so the check above can tell.
    await openInput(EXAMPLE, stdin, REPO_ROOT, openFile);
    expect(opened).toEqual([join(REPO_ROOT, EXAMPLE)]);
  });

  it('more than 64 MiB on standard input: exit 2', async () => {
    const result = await runAgainst(null, ['explain', '-', ...AT], {
      stdin: Buffer.alloc(64 * 1024 * 1024 + 1024, 0x20),
    });
    expectFailure(result, 2, /standard input is larger than 64 MiB/);
  }, 30_000);

  it('binary bytes in a file (a PNG header, NUL bytes): exit 2', async () => {
    const path = join(dir, 'picture.json');
    writeFileSync(
      path,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    );
    expectFailure(await runAgainst(null, ['explain', path, ...AT]), 2, /picture\.json/);
  });

  it('a JSON document cut off halfway (an interrupted download): exit 2 "not JSON"', async () => {
    const path = join(dir, 'cut.json');
    writeFileSync(path, readFileSync(EXAMPLE, 'utf8').slice(0, 400));
    expectFailure(await runAgainst(null, ['explain', path, ...AT]), 2, /cut\.json is not JSON/);
  });

  it('a UTF-16 file (as some Windows editors save): exit 2', async () => {
    const path = join(dir, 'utf16.json');
    writeFileSync(path, Buffer.from(`\ufeff${readFileSync(EXAMPLE, 'utf8')}`, 'utf16le'));
    expectFailure(await runAgainst(null, ['explain', path, ...AT]), 2, /utf16\.json/);
  });

  it('a directory given without a trailing slash (.): exit 2 "is a directory"', async () => {
    expectFailure(await runAgainst(null, ['explain', '.', ...AT]), 2, /^promo-doctor: \. is a directory/);
  });

  it('a character device that never ends (/dev/zero): exit 2 quickly with a sentence that says why', async () => {
    // It ends because the 64 MiB cap stops the read; the test's timeout catches a read that never ends.
    const result = await runAgainst(null, ['explain', '/dev/zero', ...AT]);
    expectFailure(result, 2, /\/dev\/zero/);
    // src/cli/io.ts calls its 64 MiB limit "a guard against `explain /dev/zero`": the sentence should say what is wrong.
    expect(result.stderr, 'a clear sentence, not "unknown error"').not.toMatch(/unknown error/);
  }, 30_000);
});
