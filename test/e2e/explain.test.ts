/**
 * End to end: `promo-doctor explain` on the shipped examples and on fixtures, main()
 * in-process (no TTY, NO_COLOR=1). Exit codes and the `--json` document follow the design
 * contract (section 5); every `--json` document is validated against schema/diagnosis.schema.json.
 * The clock is pinned with `--at` wherever the output depends on time.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertDiagnosisDocument } from '../helpers/schema.js';
import { FIXTURES, REPO_ROOT, parseJson, parseNdjson, runCli, type CliResult } from '../helpers/cli.js';
import type { Doc, Finding } from '../helpers/liveStripe.js';
import { expectGolden } from '../helpers/golden.js';

const ESC = '\u001b[';

const example = (name: string) => `examples/${name}`;
const fixture = (name: string) => `${FIXTURES}explain/${name}`;
const codes = (findings: readonly Finding[]) => findings.map((f) => f.code);

/** Success: nothing on stderr, and no colour anywhere. */
function expectClean(r: CliResult): void {
  expect(r.stderr).toBe('');
  expect(r.stdout).not.toContain(ESC);
  expect(r.stdout.length).toBeGreaterThan(0);
}

/** Run with --json, check the exit code, the stream hygiene and the schema; return the document. */
async function explainJson(args: string[], exit: number, stdin?: string): Promise<Doc> {
  const r = await runCli(['explain', ...args, '--json'], stdin === undefined ? {} : { stdin });
  expect(r.code, r.stderr).toBe(exit);
  expectClean(r);
  const doc = parseJson(r.stdout);
  assertDiagnosisDocument(doc);
  return doc as Doc;
}

async function explainHuman(args: string[], exit: number): Promise<string> {
  const r = await runCli(['explain', ...args]);
  expect(r.code, r.stderr).toBe(exit);
  expectClean(r);
  return r.stdout;
}

/** Real clock, for the few facts the tool takes "as Stripe reports them now" (docs/architecture.md, The JSON document and exit codes). */
const NOW = Math.floor(Date.now() / 1000);
/** expires_at of examples/promotion-code-2026-10-28.json: 2026-03-01T00:00:00Z. */
const SPRING_EXPIRES_AT = 1772323200;

describe('explain examples/customer-discount-2020-08-27.json', () => {
  const args = [example('customer-discount-2020-08-27.json'), '--at', '2026-01-15'];

  it('exit 0: the discount outlives its coupon; the coupon being redeemed out is nested, not blocking', async () => {
    const doc = await explainJson(args, 0);
    expect(doc.target).toEqual({ type: 'customer', id: 'cus_Example0001' });
    expect(doc.evaluated_at).toBe('2026-01-15T00:00:00Z');
    expect(doc.verdict).toBe('redeemable');
    expect(doc.redeemable).toBe(true);
    expect(codes(doc.reasons)).toEqual(['discount_outlives_coupon']);
    expect(doc.reasons[0]).toMatchObject({ severity: 'info', object: 'discount', id: 'di_Example0001' });
    expect(doc.reasons[0]!.evidence).toMatchObject({
      coupon: 'cpnExmpl',
      coupon_state: 'invalid',
      duration: 'once',
      applies_until: 'next_invoice',
    });
    expect(doc.discounts).toHaveLength(1);
    const [discount] = doc.discounts!;
    expect(discount!.applies).toBe(true);
    expect(discount!.attached_to).toEqual({ type: 'customer', id: 'cus_Example0001' });
    expect(codes(discount!.reasons)).toEqual(['discount_outlives_coupon']);
    expect(codes(discount!.coupon_reasons)).toContain('coupon_max_redemptions_reached');
    expect(discount!.coupon_reasons.find((f) => f.code === 'coupon_max_redemptions_reached')!.evidence).toEqual({
      times_redeemed: 1,
      max_redemptions: 1,
      remaining: 0,
    });
  });

  it('human output: every discount still applies, with the info and the coupon findings', async () => {
    const out = await explainHuman(args, 0);
    const lines = out.split('\n');
    expect(lines[0]).toBe('Customer cus_Example0001 · Jane Doe <jane.doe@example.com> · live mode · at 2026-01-15');
    expect(lines[1]).toBe('✓ The discount still applies: 1 note');
    expect(out).toContain('Discount di_Example0001 on customer cus_Example0001: ✓ still applies');
    expect(out).toMatch(/i Discount outlives its coupon: The discount di_Example0001 keeps applying/);
    expect(out).toMatch(/✗ Coupon redeemed out: The coupon cpnExmpl was redeemed 1 of 1 allowed times\./);
    expectGolden('explain/customer-discount-2020-08-27.txt', out);
  });
});

describe('explain examples/dashboard-log-2020-08-27.txt (a pasted Dashboard request log)', () => {
  const args = [example('dashboard-log-2020-08-27.txt'), '--at', '2026-01-15'];

  it('exit 0, the same findings as the customer JSON it contains', async () => {
    const doc = await explainJson(args, 0);
    expect(doc.target).toEqual({ type: 'customer', id: 'cus_Example0001' });
    expect(codes(doc.reasons)).toEqual(['discount_outlives_coupon']);
    expect(codes(doc.discounts![0]!.coupon_reasons)).toContain('coupon_max_redemptions_reached');
    const direct = await explainJson([example('customer-discount-2020-08-27.json'), '--at', '2026-01-15'], 0);
    expect(doc.reasons).toEqual(direct.reasons);
    expect(doc.discounts).toEqual(direct.discounts);
    expect(doc.verdict).toBe(direct.verdict);
  });

  it('takes the Response body, not the Request POST body', async () => {
    const out = await explainHuman(args, 0);
    expect(out.split('\n')[0]).toBe(
      'Customer cus_Example0001 · Jane Doe <jane.doe@example.com> · live mode · at 2026-01-15',
    );
    expect(out).toContain('Discount outlives its coupon');
  });
});

describe('explain examples/event-promotion_code.updated.json (an event)', () => {
  const args = [example('event-promotion_code.updated.json'), '--at', '2026-01-15'];

  it('exit 1: deactivated, and nothing else explains it', async () => {
    const doc = await explainJson(args, 1);
    expect(doc.target).toEqual({ type: 'promotion_code', id: 'promo_Example0004', code: 'LAUNCH' });
    expect(doc.verdict).toBe('not_redeemable');
    expect(doc.redeemable).toBe(false);
    expect(codes(doc.reasons)).toEqual(['promotion_code_inactive']);
    expect(doc.reasons[0]).toMatchObject({
      severity: 'blocking',
      object: 'promotion_code',
      id: 'promo_Example0004',
      evidence: { active: false },
    });
    expect(doc.promotion_code).toMatchObject({
      id: 'promo_Example0004',
      code: 'LAUNCH',
      active: false,
      shape: 'legacy_coupon',
    });
    expect(doc.coupon).toMatchObject({ kind: 'coupon', id: 'LAUNCH50' });
  });

  it('human output', async () => {
    const out = await explainHuman(args, 1);
    expect(out.split('\n')[0]).toBe('Promotion code LAUNCH · promo_Example0004 · test mode · at 2026-01-15');
    expect(out.split('\n')[1]).toBe('✗ Not redeemable: 1 blocking reason');
    expect(out).toContain('✗ Promotion code deactivated: The promotion code promo_Example0004 was deactivated');
    const verbose = await runCli(['explain', ...args, '--verbose']);
    expect(verbose.stdout).toMatch(/✗ {2}Code active +active: false/);
    expect(verbose.stdout).toContain('✗ promotion_code_inactive promo_Example0004');
    expectGolden('explain/event-promotion_code.updated.txt', out);
  });
});

describe('explain examples/promotion-code-2024-06-20.json (customer-restricted, amount_off)', () => {
  const file = example('promotion-code-2024-06-20.json');
  const at = ['--at', '2026-01-15'];

  it('exit 0, conditional: restricted to a customer, fixed amount in USD, coupon nearly used up', async () => {
    const doc = await explainJson([file, ...at], 0);
    expect(doc.target).toEqual({ type: 'promotion_code', id: 'promo_Example0003', code: 'VIP-ONLY' });
    expect(doc.verdict).toBe('conditional');
    expect(doc.redeemable).toBe(true);
    // The example was pasted without expand: its coupon's applies_to is not in the data (issue 17, item 3).
    expect(codes(doc.reasons)).toEqual([
      'restricted_to_customer',
      'currency_restricted',
      'coupon_not_checked',
      'coupon_nearly_exhausted',
    ]);
    expect(doc.reasons.map((f) => f.severity)).toEqual(['conditional', 'conditional', 'conditional', 'warning']);
    expect(doc.reasons[0]!.evidence).toEqual({ restricted_to: 'cus_ExampleVip1', restricted_by: 'customer' });
    expect(doc.reasons[1]!.evidence).toEqual({ accepted_currencies: ['usd'], currency_options_known: false });
    expect(doc.reasons[2]!.evidence).toEqual({ coupon: 'VIP10', expanded: true, missing: ['applies_to'] });
    expect(doc.reasons[3]!.evidence).toEqual({ times_redeemed: 97, max_redemptions: 100, remaining: 3 });
    expect(doc.context).toEqual({
      customer: null,
      amount: null,
      currency: null,
      products: [],
      warn_within_seconds: 604800,
      surface: null,
      trial: false,
    });
  });

  it('--customer cus_Other1 --currency usd: exit 1, customer_mismatch', async () => {
    const doc = await explainJson([file, ...at, '--customer', 'cus_Other1', '--currency', 'usd'], 1);
    expect(doc.verdict).toBe('not_redeemable');
    expect(codes(doc.reasons)).toContain('customer_mismatch');
    expect(codes(doc.reasons)).not.toContain('restricted_to_customer');
    expect(codes(doc.reasons)).not.toContain('currency_restricted');
    const mismatch = doc.reasons.find((f) => f.code === 'customer_mismatch')!;
    expect(mismatch.evidence).toEqual({
      restricted_to: 'cus_ExampleVip1',
      restricted_by: 'customer',
      customer: 'cus_Other1',
    });
    expect(doc.context).toMatchObject({ customer: 'cus_Other1', currency: 'usd', amount: null });
  });

  it('--customer cus_ExampleVip1 --currency usd: exit 0, the warning and the applies_to not in the data are left', async () => {
    const doc = await explainJson([file, ...at, '--customer', 'cus_ExampleVip1', '--currency', 'USD'], 0);
    expect(doc.verdict).toBe('conditional');
    expect(codes(doc.reasons)).toEqual(['coupon_not_checked', 'coupon_nearly_exhausted']);
    expect(doc.context.currency).toBe('usd');
  });

  it('--currency eur: exit 1, currency_mismatch on the coupon', async () => {
    const doc = await explainJson([file, ...at, '--currency', 'eur'], 1);
    const mismatch = doc.reasons.find((f) => f.code === 'currency_mismatch');
    expect(mismatch).toMatchObject({ severity: 'blocking', object: 'coupon', id: 'VIP10' });
    expect(mismatch!.evidence).toMatchObject({
      restriction: 'amount_off',
      currency: 'eur',
      accepted_currencies: ['usd'],
    });
  });

  it('--strict turns the conditional verdict into exit 1 (same document)', async () => {
    const plain = await explainJson([file, ...at], 0);
    const strict = await explainJson([file, ...at, '--strict'], 1);
    expect(strict).toEqual(plain);
    const human = await runCli(['explain', file, ...at, '--strict']);
    expect(human.code).toBe(1);
    expect(human.stderr).toBe('');
  });

  it('human output', async () => {
    const out = await explainHuman([file, ...at], 0);
    const lines = out.split('\n');
    expect(lines[0]).toBe('Promotion code VIP-ONLY · promo_Example0003 · test mode · at 2026-01-15');
    expect(lines[1]).toBe('? Redeemable if the conditions below are met: 3 conditions, 1 warning');
    expect(out).toContain('? Restricted to one customer: ');
    expect(out).toContain('? Fixed amount in some currencies: ');
    expect(out).toContain('! Coupon nearly used up: ');
    expect(out).toContain('Coupon: VIP10 "$10 off for VIPs": $10.00 off');
    expectGolden('explain/promotion-code-2024-06-20.txt', out);
  });

  it('reads standard input with -, giving the same document as the file', async () => {
    const text = readFileSync(`${REPO_ROOT}${file}`, 'utf8');
    const fromStdin = await explainJson(['-', ...at], 0, text);
    const fromFile = await explainJson([file, ...at], 0);
    expect(fromStdin).toEqual(fromFile);
    const human = await runCli(['explain', '-', ...at], { stdin: text });
    expect(human.code).toBe(0);
    expect(human.stderr).toBe('');
    expect(human.stdout.split('\n')[0]).toBe('Promotion code VIP-ONLY · promo_Example0003 · test mode · at 2026-01-15');
  });

  it('reads a Dashboard log from standard input too', async () => {
    const text = readFileSync(`${REPO_ROOT}${example('dashboard-log-2020-08-27.txt')}`, 'utf8');
    const doc = await explainJson(['-', ...at], 0, text);
    expect(doc.target.id).toBe('cus_Example0001');
    expect(codes(doc.reasons)).toEqual(['discount_outlives_coupon']);
  });

  it('--json before the command works the same as after it', async () => {
    const r = await runCli(['--json', 'explain', file, ...at]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = parseJson(r.stdout);
    assertDiagnosisDocument(doc);
    expect(doc).toEqual(await explainJson([file, ...at], 0));
  });
});

describe('explain examples/promotion-code-2026-10-28.json (API 2025-09-30+ shape, restrictions)', () => {
  const file = example('promotion-code-2026-10-28.json');

  it('after expires_at: exit 1, promotion_code_expired plus the conditionals', async () => {
    const doc = await explainJson([file, '--at', '2026-11-22T00:00:00Z'], 1);
    expect(doc.target).toEqual({ type: 'promotion_code', id: 'promo_Example0002', code: 'SPRING-25' });
    expect(doc.promotion_code).toMatchObject({ shape: 'promotion', active: false });
    expect(doc.verdict).toBe('not_redeemable');
    expect(codes(doc.reasons)).toEqual([
      'promotion_code_expired',
      'first_time_customers_only',
      'minimum_amount_required',
      'minimum_amount_limits_surfaces',
    ]);
    expect(doc.reasons[0]!.evidence).toEqual({
      expires_at: SPRING_EXPIRES_AT,
      expires_at_iso: '2026-03-01T00:00:00Z',
      evaluated_at: 1795305600,
      evaluated_at_iso: '2026-11-22T00:00:00Z',
    });
    expect(doc.reasons[2]!.evidence).toEqual({
      minimums: [
        { currency: 'usd', minimum_amount: 5000 },
        { currency: 'eur', minimum_amount: 4500 },
      ],
      currency: null,
    });
    // active: false is explained by the expiry: no promotion_code_inactive on top.
    expect(codes(doc.reasons)).not.toContain('promotion_code_inactive');
  });

  it('--at accepts unix seconds as well as ISO-8601', async () => {
    const iso = await explainJson([file, '--at', '2026-11-22T00:00:00Z'], 1);
    const unix = await explainJson([file, '--at', '1795305600'], 1);
    expect(unix).toEqual(iso);
  });

  it('without --at it is evaluated now', async () => {
    const doc = await explainJson([file], NOW >= SPRING_EXPIRES_AT ? 1 : 0);
    const evaluated = Date.parse(doc.evaluated_at) / 1000;
    expect(Math.abs(evaluated - NOW)).toBeLessThan(120);
    expect(codes(doc.reasons).includes('promotion_code_expired')).toBe(NOW >= SPRING_EXPIRES_AT);
  });

  it('human output after expiry', async () => {
    const out = await explainHuman([file, '--at', '2026-11-22T00:00:00Z'], 1);
    const lines = out.split('\n');
    expect(lines[0]).toBe('Promotion code SPRING-25 · promo_Example0002 · test mode · at 2026-11-22');
    expect(lines[1]).toBe('✗ Not redeemable: 1 blocking reason, 2 conditions, 1 note');
    expect(lines[2]).toBe(
      '✗ Promotion code expired: The promotion code promo_Example0002 expired at 2026-03-01, 8 months ago.',
    );
    expect(out).toContain('Coupon: SPRING25 "Spring 25% off": 25% off, for 3 months');
    expect(out).toContain('Minimum order: $50.00 in USD or €45.00 in EUR');
    expectGolden('explain/promotion-code-2026-10-28.txt', out);
  });

  describe('--at 2026-02-01, before expires_at', () => {
    const early = [file, '--at', '2026-02-01'];
    // Offline with --at, the data may have been read any time after it (an event would say
    // when): the expiry between --at and the read explains `active: false`, as it does live.
    it('no longer expired, and its active: false is explained by the later expiry, as live check says: exit 0', async () => {
      const doc = await explainJson(early, 0);
      expect(codes(doc.reasons)).not.toContain('promotion_code_expired');
      expect(codes(doc.reasons)).toEqual([
        'first_time_customers_only',
        'minimum_amount_required',
        'coupon_not_checked',
        'minimum_amount_limits_surfaces',
      ]);
      expect(doc.checks.find((c) => c.id === 'promotion_code.active')?.detail).toBe(
        'active: false, expired or closed after the evaluation time',
      );
      const human = await explainHuman(early, 0);
      expect(human).not.toContain('Reactivate');
      expect(human).toContain(
        'It is inactive now (active: false) because it expired or closed after the evaluation time.',
      );
      // 28 days before expiry is outside the default 7-day horizon.
      expect(codes(doc.reasons)).not.toContain('promotion_code_expires_soon');
      expect(doc.context.warn_within_seconds).toBe(7 * 86400);
    });

    it('the same file and --at give the same document, whatever the wall clock', async () => {
      const first = await runCli(['explain', ...early, '--json']);
      const second = await runCli(['explain', ...early, '--json']);
      expect(second.stdout).toBe(first.stdout);
    });

    it('--warn-within 30d: promotion_code_expires_soon', async () => {
      const doc = await explainJson([...early, '--warn-within', '30d'], 0);
      const soon = doc.reasons.find((f) => f.code === 'promotion_code_expires_soon');
      expect(soon).toMatchObject({ severity: 'warning', object: 'promotion_code', id: 'promo_Example0002' });
      expect(soon!.evidence).toEqual({
        expires_at: SPRING_EXPIRES_AT,
        expires_at_iso: '2026-03-01T00:00:00Z',
        evaluated_at: 1769904000,
        evaluated_at_iso: '2026-02-01T00:00:00Z',
        warn_within_seconds: 30 * 86400,
      });
      expect(doc.context.warn_within_seconds).toBe(30 * 86400);
    });

    it('--warn-within 30d --strict: exit 1', async () => {
      const r = await runCli(['explain', ...early, '--warn-within', '30d', '--strict']);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('');
      expect(r.stdout).toContain('! Promotion code expires soon: ');
    });

    it('--amount 4000 --currency eur: below the EUR minimum from currency_options', async () => {
      const doc = await explainJson([...early, '--amount', '4000', '--currency', 'eur'], 1);
      const notMet = doc.reasons.find((f) => f.code === 'minimum_amount_not_met');
      expect(notMet).toMatchObject({ severity: 'blocking', object: 'promotion_code' });
      expect(notMet!.evidence).toEqual({
        amount: 4000,
        currency: 'eur',
        minimum_amount: 4500,
        minimum_from: 'currency_options',
      });
      expect(doc.context).toMatchObject({ amount: 4000, currency: 'eur' });
    });

    it('--amount 5000 --currency usd meets the minimum: still conditional on first-time', async () => {
      const doc = await explainJson([...early, '--amount', '5000', '--currency', 'usd'], 0);
      expect(codes(doc.reasons)).not.toContain('minimum_amount_not_met');
      expect(codes(doc.reasons)).not.toContain('minimum_amount_required');
      expect(codes(doc.reasons)).toContain('first_time_customers_only');
    });

    it('--currency usd without --amount: the minimum stays conditional, for USD only', async () => {
      const doc = await explainJson([...early, '--currency', 'usd'], 0);
      const required = doc.reasons.find((f) => f.code === 'minimum_amount_required');
      expect(required!.evidence).toEqual({ minimums: [{ currency: 'usd', minimum_amount: 5000 }], currency: 'usd' });
    });

    it('--currency gbp: currency_mismatch on the promotion code (minimums in USD and EUR only)', async () => {
      const doc = await explainJson([...early, '--currency', 'gbp'], 1);
      const mismatch = doc.reasons.find((f) => f.code === 'currency_mismatch');
      expect(mismatch).toMatchObject({ severity: 'blocking', object: 'promotion_code', id: 'promo_Example0002' });
      expect(mismatch!.evidence).toEqual({
        restriction: 'minimum_amount',
        currency: 'gbp',
        accepted_currencies: ['usd', 'eur'],
        currency_options_known: true,
      });
    });
  });
});

describe('explain a customer whose discount has ended (fixture)', () => {
  const file = fixture('customer-discount-ended.json');

  it('after end: exit 1, discount_ended, the discount no longer applies', async () => {
    const doc = await explainJson([file, '--at', '2026-06-01'], 1);
    expect(doc.target).toEqual({ type: 'customer', id: 'cus_Ended0001' });
    expect(doc.verdict).toBe('not_redeemable');
    expect(doc.redeemable).toBe(false);
    expect(codes(doc.reasons)).toEqual(['discount_ended']);
    expect(doc.reasons[0]).toMatchObject({ severity: 'blocking', object: 'discount', id: 'di_Ended0001' });
    expect(doc.reasons[0]!.evidence).toEqual({
      end: 1767225600,
      end_iso: '2026-01-01T00:00:00Z',
      evaluated_at: 1780272000,
      evaluated_at_iso: '2026-06-01T00:00:00Z',
      coupon: 'QUARTER20',
    });
    expect(doc.discounts).toHaveLength(1);
    expect(doc.discounts![0]!.applies).toBe(false);
    expect(codes(doc.discounts![0]!.reasons)).toEqual(['discount_ended']);
    expect(doc.discounts![0]!.coupon_reasons).toEqual([]);
  });

  it('before end: exit 0, the discount still applies', async () => {
    const doc = await explainJson([file, '--at', '2025-12-01'], 0);
    expect(doc.verdict).toBe('redeemable');
    expect(doc.reasons).toEqual([]);
    expect(doc.discounts![0]!.applies).toBe(true);
  });

  it('human output', async () => {
    const out = await explainHuman([file, '--at', '2026-06-01'], 1);
    expect(out.split('\n')[0]).toBe(
      'Customer cus_Ended0001 · Max Mustermann <max@example.com> · test mode · at 2026-06-01',
    );
    expect(out.split('\n')[1]).toBe('✗ A discount has ended: 1 blocking reason');
    expect(out).toContain('✗ no longer applies');
    expect(out).toContain(
      '✗ Discount ended: The discount di_Ended0001 from coupon QUARTER20 ended at 2026-01-01, 5 months ago.',
    );
    expectGolden('explain/customer-discount-ended.txt', out);
  });
});

describe('explain a list of promotion codes (fixture)', () => {
  const file = fixture('list-promotion-codes.json');
  const at = ['--at', '2026-06-01'];

  it('--json writes NDJSON: one valid document per line, in list order; exit 1 for the expired one', async () => {
    const r = await runCli(['explain', file, ...at, '--json']);
    expect(r.code).toBe(1);
    expectClean(r);
    const docs = parseNdjson(r.stdout) as Doc[];
    expect(docs).toHaveLength(3);
    for (const doc of docs) assertDiagnosisDocument(doc);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(3);
    expect(docs.map((d) => d.target.id)).toEqual(['promo_List0001', 'promo_List0002', 'promo_List0003']);
    expect(docs.map((d) => d.verdict)).toEqual(['redeemable', 'not_redeemable', 'conditional']);
    expect(docs.map((d) => codes(d.reasons))).toEqual([
      [],
      ['promotion_code_expired'],
      ['currency_restricted', 'promotion_code_expires_soon'],
    ]);
    for (const doc of docs) expect(doc.evaluated_at).toBe('2026-06-01T00:00:00Z');
  });

  it('human output: one block per promotion code, a separator between them, a count per verdict on stderr', async () => {
    const r = await runCli(['explain', file, ...at]);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain(ESC);
    const out = r.stdout;
    const headers = out.split('\n').filter((line) => line.startsWith('Promotion code '));
    expect(headers).toEqual([
      'Promotion code WELCOME · promo_List0001 · test mode · at 2026-06-01',
      'Promotion code NEWYEAR · promo_List0002 · test mode · at 2026-06-01',
      'Promotion code FLASH · promo_List0003 · test mode · at 2026-06-01',
    ]);
    expect(out.split('\n').filter((line) => line === '─'.repeat(40))).toHaveLength(2);
    expect(out).toContain('✓ Redeemable: no findings');
    expect(out).toContain('✗ Not redeemable: 1 blocking reason');
    expect(r.stderr).toBe('Explained 3 documents: 1 not redeemable, 1 conditional, 1 redeemable.\n');
  });

  it('--format markdown: a horizontal rule between documents', async () => {
    const r = await runCli(['explain', file, ...at, '--format', 'markdown']);
    expect(r.stdout.split('\n').filter((line) => line === '---')).toHaveLength(2);
    expect(r.stdout.split('\n').filter((line) => line.startsWith('### Promotion code '))).toHaveLength(3);
  });
});

describe('explain --strict', () => {
  const file = fixture('promotion-code-warning-only.json');

  it('a warning alone: exit 0 without --strict, 1 with it', async () => {
    const doc = await explainJson([file, '--at', '2026-06-01'], 0);
    expect(doc.verdict).toBe('redeemable');
    expect(codes(doc.reasons)).toEqual(['promotion_code_expires_soon']);
    const strict = await runCli(['explain', file, '--at', '2026-06-01', '--strict']);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toBe('');
  });

  it('no findings: exit 0 even with --strict', async () => {
    const r = await runCli(['explain', file, '--at', '2026-01-01', '--strict', '--json']);
    expect(r.code).toBe(0);
    const doc = parseJson(r.stdout) as Doc;
    assertDiagnosisDocument(doc);
    expect(doc.reasons).toEqual([]);
  });
});

describe('explain a deleted coupon (fixture: {id, object: "coupon", deleted: true})', () => {
  it('exit 1 with coupon_deleted (README, Reason catalogue), not coupon_invalid', async () => {
    const doc = await explainJson([fixture('coupon-deleted.json'), '--at', '2026-01-01'], 1);
    expect(doc.target).toEqual({ type: 'coupon', id: 'OLD10' });
    expect(codes(doc.reasons)).toEqual(['coupon_deleted']);
    expect(doc.reasons[0]!.evidence).toEqual({ coupon: 'OLD10' });
  });
});

describe('colour', () => {
  const vip = ['explain', example('promotion-code-2024-06-20.json'), '--at', '2026-01-15'];

  it('never appears when stdout is not a terminal, without NO_COLOR', async () => {
    const r = await runCli(vip, { env: { NO_COLOR: undefined } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Restricted to one customer');
    expect(r.stdout).not.toContain(ESC);
    expect(r.stderr).toBe('');
  });

  it.each([
    ['FORCE_COLOR', '1'],
    ['FORCE_COLOR', '3'],
    ['CLICOLOR_FORCE', '1'],
  ])('%s=%s forces it into a pipe', async (name, value) => {
    const r = await runCli(vip, { env: { NO_COLOR: undefined, [name]: value } });
    expect(r.stdout).toContain(ESC);
  });

  it.each([
    ['NO_COLOR=1 over FORCE_COLOR', { NO_COLOR: '1', FORCE_COLOR: '1' }],
    ['CLICOLOR=0', { NO_COLOR: undefined, CLICOLOR: '0' }],
    ['FORCE_COLOR=0', { NO_COLOR: undefined, FORCE_COLOR: '0' }],
  ])('%s: none', async (_name, env) => {
    const r = await runCli(vip, { env });
    expect(r.stdout).not.toContain(ESC);
  });

  it('--no-color wins over FORCE_COLOR', async () => {
    const r = await runCli(
      ['--no-color', 'explain', example('event-promotion_code.updated.json'), '--at', '2026-01-15'],
      { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Promotion code deactivated');
    expect(r.stdout).not.toContain(ESC);
  });
});

describe('a relative file name is read from the working directory', () => {
  it('explain promotion-code-2024-06-20.json run from examples/ is the same diagnosis as from the repository', async () => {
    const fromExamples = await runCli(['explain', 'promotion-code-2024-06-20.json', '--at', '2026-06-01', '--json'], {
      cwd: `${REPO_ROOT}examples`,
    });
    const fromRoot = await runCli([
      'explain',
      example('promotion-code-2024-06-20.json'),
      '--at',
      '2026-06-01',
      '--json',
    ]);
    expectClean(fromExamples);
    expect(fromExamples.code).toBe(fromRoot.code);
    expect(fromExamples.stdout).toBe(fromRoot.stdout);
    // examples/<name> falls back to the examples shipped with the package, so only a name
    // that is neither here nor shipped is missing.
    const missing = await runCli(['explain', 'examples/no-such-example.json'], { cwd: `${REPO_ROOT}examples` });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('promo-doctor: examples/no-such-example.json does not exist.\n');
  });
});
