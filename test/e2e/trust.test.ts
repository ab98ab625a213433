/**
 * Issue 17, "What was seen": each of the nine confident wrong answers, end to end, as a user
 * meets it. Each test failed before the change it names (the commit that fixed it says how).
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as build from '../support/builders.js';
import { FIXTURES, parseJson, runCli } from '../helpers/cli.js';
import { codesOf, jsonDoc, runAgainst, startFake, stopFakes } from '../helpers/liveStripe.js';
import { AT_FLAG as AT } from '../helpers/time.js';

const PROMO = 'promo_1QhY5ZLkdIwHu7ixXyZ1a2b3';
const CUSTOMER = 'cus_NffrFeUfNV2Hib';

beforeEach(() => build.resetBuilderIds());
afterEach(stopFakes);

/** A Dashboard log of a failed POST /v1/subscriptions with a trial, for a code with a $50 minimum. */
function trialLog(opts: { timeLine?: string; t?: number } = {}): string {
  const url = `https://dashboard.stripe.com/test/logs/req_Trial01${opts.t === undefined ? '' : `?t=${opts.t}`}`;
  return [
    'POST /v1/subscriptions',
    'Status',
    '400 ERR',
    'ID',
    'req_Trial01',
    'Time',
    opts.timeLine ?? '11/20/25, 9:03:41 AM',
    'API version',
    '2024-06-20',
    'Response body',
    JSON.stringify({
      error: {
        message:
          'This promotion code cannot be redeemed because the associated purchase does not meet the minimum amount requirement.',
        param: 'discounts[0][promotion_code]',
        request_log_url: url,
        type: 'invalid_request_error',
      },
    }),
    'Request POST body',
    JSON.stringify({
      customer: CUSTOMER,
      items: { 0: { price: 'price_Monthly' } },
      discounts: { 0: { promotion_code: PROMO } },
      trial_period_days: '14',
    }),
  ].join('\n');
}

function minimumCode(overrides: build.PromotionCodeOverrides = {}) {
  return build.promotionCode({
    id: PROMO,
    code: 'BIGORDER',
    coupon: 'C50',
    restrictions: { minimum_amount: 5000, minimum_amount_currency: 'usd' },
    ...overrides,
  });
}

describe('1. a trial hidden behind a minimum', () => {
  it('the trial is the cause, the fix is not "Raise the order", and the verdict is within 4 lines at 80 columns', async () => {
    const r = await runCli(['explain', '-', '--json'], { stdin: trialLog() });
    const doc = parseJson(r.stdout) as { reasons: Array<{ code: string; fix: string }> };
    expect(codesOf(doc.reasons)).toEqual(['trial_first_invoice_zero']);
    expect(doc.reasons[0]!.fix).not.toContain('Raise the order');
    const human = await runCli(['explain', '-'], { stdin: trialLog(), env: { COLUMNS: '80' } });
    const lines = human.stdout.split('\n');
    expect(
      lines.slice(0, 4).some((l) => /^✗ Not redeemable/.test(l)),
      human.stdout,
    ).toBe(true);
    for (const line of lines) if ([...line].length > 80) expect(line.trim()).not.toContain(' ');
  });

  it('"Diagnose it live" carries --price, --trial, --surface, --customer and --at, and running it reproduces the refusal', async () => {
    const r = await runCli(['explain', '-', '--json'], { stdin: trialLog({ t: 1763629421 }) });
    const command = (parseJson(r.stdout) as { failed_request: { check_command: string } }).failed_request.check_command;
    expect(command).toBe(
      `promo-doctor check ${PROMO} --customer ${CUSTOMER} --price price_Monthly --surface subscription --trial --at 2025-11-20T09:03:41Z`,
    );
    const fake = await startFake({
      coupons: [build.coupon({ id: 'C50' })],
      promotionCodes: [minimumCode()],
      customers: [build.customer({ id: CUSTOMER })],
      prices: [build.price({ id: 'price_Monthly', product: 'prod_M', unit_amount: 6000 })],
    });
    const live = await runAgainst(fake, [...command.split(' ').slice(1), '--json']);
    expect(live.code, live.stderr).toBe(1);
    expect(codesOf(jsonDoc(live).reasons)[0]).toBe('trial_first_invoice_zero');
  });
});

describe('2. a subscription update with a minimum-amount code', () => {
  it('check CODE --for sub_…: the surface is the cause, "below the minimum" is not listed', async () => {
    const fake = await startFake({
      coupons: [build.coupon({ id: 'C50' })],
      promotionCodes: [minimumCode()],
      customers: [build.customer({ id: CUSTOMER })],
      subscriptions: [
        build.subscription({
          id: 'sub_Update1',
          customer: CUSTOMER,
          currency: 'usd',
        } as never),
      ],
    });
    const r = await runAgainst(fake, ['check', PROMO, '--for', 'sub_Update1', '--amount', '1000', ...AT, '--json']);
    const doc = jsonDoc(r);
    expect(doc.verdict).toBe('not_redeemable');
    expect(codesOf(doc.reasons)[0]).toBe('minimum_amount_refused_on_surface');
    expect(codesOf(doc.reasons)).not.toContain('minimum_amount_not_met');
    expect(doc.reasons.map((f) => f.fix).join(' ')).not.toContain('Raise the order');
  });
});

describe('3. missing data read as a yes', () => {
  it('a promotion code whose expanded coupon has no applies_to key is conditional, naming applies_to, never "✓ Redeemable"', async () => {
    const code = minimumCode({ restrictions: {} }) as unknown as { promotion: { coupon: unknown } };
    const coupon = build.coupon({ id: 'C50' }) as { applies_to?: unknown };
    delete coupon.applies_to;
    code.promotion.coupon = coupon;
    const r = await runCli(['explain', '-', ...AT, '--json'], { stdin: JSON.stringify(code) });
    const doc = parseJson(r.stdout) as { verdict: string; reasons: Array<{ code: string; evidence: unknown }> };
    expect(r.code).toBe(0);
    expect(doc.verdict).toBe('conditional');
    expect(doc.reasons.find((f) => f.code === 'coupon_not_checked')?.evidence).toMatchObject({
      missing: ['applies_to'],
    });
    const human = await runCli(['explain', '-', ...AT], { stdin: JSON.stringify(code) });
    expect(human.stdout).not.toContain('✓ Redeemable');
  });

  it('an invoice whose discount is only an id does not say "Coupon: none"', async () => {
    const invoice = { ...build.invoice({ id: 'in_Ids1' }), discounts: ['di_OnlyAnId'] };
    const r = await runCli(['explain', '-', ...AT], { stdin: JSON.stringify(invoice), env: { COLUMNS: '120' } });
    expect(r.stdout).not.toContain('Coupon: none');
    expect(r.stdout).toContain('only an id');
  });

  it('a customer-facing code several promotion codes share: each conditional verdict names its own conditions', async () => {
    // Before: "promo_Shared1: redeemable if the conditions below are met (restricted to one
    // customer)", and the conditions below were those of the other code.
    const fake = await startFake({
      coupons: [build.coupon({ id: 'C20' })],
      customers: [build.customer({ id: 'cus_One' }), build.customer({ id: 'cus_Two' })],
      promotionCodes: [
        build.promotionCode({ id: 'promo_Shared1', code: 'SUMMER20', coupon: 'C20', customer: 'cus_One' }),
        build.promotionCode({
          id: 'promo_Shared2',
          code: 'SUMMER20',
          coupon: 'C20',
          restrictions: { minimum_amount: 5000, minimum_amount_currency: 'usd' },
        }),
      ],
    });
    const r = await runAgainst(fake, ['check', 'SUMMER20', ...AT], { env: { COLUMNS: '200' } });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    // The selected code's verdict promises conditions below, and they follow, about that code.
    const verdict = lines.findIndex((l) => l.includes('Redeemable if the conditions below are met'));
    expect(verdict).toBeGreaterThanOrEqual(0);
    const selected = /· (promo_Shared\d) ·/.exec(lines[0]!)?.[1];
    const other = selected === 'promo_Shared1' ? 'promo_Shared2' : 'promo_Shared1';
    expect(lines[verdict + 1]).toMatch(/^\? /);
    // The other code's line names its own condition, and promises nothing "below".
    const otherLine = lines.find((l) => l.startsWith(`${other}:`)) ?? '';
    expect(otherLine).not.toContain('below');
    expect(otherLine).toMatch(other === 'promo_Shared1' ? /only be redeemed by cus_One/ : /\$50\.00/);
  });
});

describe('4. not a discount problem', () => {
  it.each(['card-declined.json', 'authentication.json', 'rate-limit.json', 'idempotency.json', 'api-error.json'])(
    '%s: one plain sentence, exit 2, never "Not redeemable"',
    async (name) => {
      const r = await runCli(['explain', `${FIXTURES}explain/not-discount/${name}`]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toContain('Not redeemable');
      expect(r.stderr).toMatch(/not a discount refusal: no promotion code or coupon rule is involved/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    },
  );
});

describe('5. one cause counted twice', () => {
  it('coupon_expired is ONE blocking reason whose evidence lists the alternative', async () => {
    const r = await runCli(['explain', `${FIXTURES}explain/errors/coupon-expired.json`, '--json']);
    const doc = parseJson(r.stdout) as { reasons: Array<{ severity: string; evidence: { ambiguous_with: string[] } }> };
    expect(doc.reasons.filter((f) => f.severity === 'blocking')).toHaveLength(1);
    expect(doc.reasons[0]!.evidence.ambiguous_with).toEqual(['coupon_max_redemptions_reached']);
  });
});

// 6. Stripe's own verdict: test/e2e/ask-stripe.test.ts ("disagreement: Stripe refuses…", exit 1 now).

describe('7. a single-use code never used', () => {
  it('is not "nearly used up", and --strict passes it', async () => {
    const code = build.promotionCode({ id: 'promo_One', max_redemptions: 1, times_redeemed: 0 }) as unknown as {
      promotion: { coupon: unknown };
    };
    code.promotion.coupon = { ...build.coupon({ id: 'C1' }), applies_to: { products: [] } };
    const r = await runCli(['explain', '-', ...AT, '--strict', '--json'], { stdin: JSON.stringify(code) });
    expect(codesOf((parseJson(r.stdout) as { reasons: Array<{ code: string }> }).reasons)).not.toContain(
      'promotion_code_nearly_exhausted',
    );
    expect(r.code).toBe(0);
  });
});

describe('8. the same object, two answers', () => {
  const session = () =>
    build.checkoutSession({
      id: 'cs_test_Same1',
      amount_subtotal: 4000,
      amount_total: 4000,
      currency: 'usd',
      customer: CUSTOMER,
    });

  it("explain of a Checkout Session uses the session's amount, currency and customer, as check --for does", async () => {
    const offline = parseJson(
      (await runCli(['explain', '-', ...AT, '--json'], { stdin: JSON.stringify(session()) })).stdout,
    ) as { context: Record<string, unknown> };
    const fake = await startFake({
      coupons: [build.coupon({ id: 'C50' })],
      promotionCodes: [minimumCode()],
      customers: [build.customer({ id: CUSTOMER })],
      checkoutSessions: [session()],
    });
    const live = jsonDoc(await runAgainst(fake, ['check', PROMO, '--for', 'cs_test_Same1', ...AT, '--json']));
    for (const key of ['customer', 'amount', 'currency', 'surface', 'trial'])
      expect(offline.context[key], key).toEqual((live.context as unknown as Record<string, unknown>)[key]);
    expect(offline.context).toMatchObject({ customer: CUSTOMER, amount: 4000, currency: 'usd', surface: 'checkout' });
    // And the code's $50 minimum refuses the $40 session, live.
    expect(codesOf(live.reasons)).toContain('minimum_amount_not_met');
  });

  it('check CODE --for cs_… --amount 6000 keeps the session currency', async () => {
    const fake = await startFake({
      coupons: [build.coupon({ id: 'C50' })],
      promotionCodes: [minimumCode()],
      customers: [build.customer({ id: CUSTOMER })],
      checkoutSessions: [session()],
    });
    const r = await runAgainst(fake, ['check', PROMO, '--for', 'cs_test_Same1', '--amount', '6000', ...AT, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = jsonDoc(r);
    expect(doc.context).toMatchObject({ amount: 6000, currency: 'usd' });
    expect(codesOf(doc.reasons)).not.toContain('minimum_amount_not_met');
  });

  it('a subscription in the 2024-06-20 shape (expanded discount, discounts as ids) keeps the discount and its end', async () => {
    const legacy = {
      id: 'sub_Legacy1',
      object: 'subscription',
      status: 'active',
      customer: CUSTOMER,
      discounts: ['di_Legacy1'],
      discount: {
        id: 'di_Legacy1',
        object: 'discount',
        coupon: build.coupon({ id: 'C_OLD', duration: 'repeating', duration_in_months: 3 }),
        customer: CUSTOMER,
        subscription: 'sub_Legacy1',
        start: 1_700_000_000,
        end: 1_750_000_000,
      },
    };
    const r = await runCli(['explain', '-', ...AT, '--json'], { stdin: JSON.stringify(legacy) });
    const doc = parseJson(r.stdout) as { verdict: string; reasons: Array<{ code: string }> };
    expect(codesOf(doc.reasons)).toEqual(['discount_ended']);
    expect(doc.verdict).toBe('not_redeemable');
  });
});

describe('9. the headline', () => {
  it('names the surface and trial and fits 80 columns with real-length ids', async () => {
    const code = minimumCode() as unknown as { promotion: { coupon: unknown } };
    code.promotion.coupon = { ...build.coupon({ id: 'C50' }), applies_to: { products: [] } };
    const r = await runCli(
      [
        'explain',
        '-',
        ...AT,
        '--customer',
        CUSTOMER,
        '--amount',
        '6000',
        '--currency',
        'usd',
        '--surface',
        'subscription',
        '--trial',
      ],
      { stdin: JSON.stringify(code), env: { COLUMNS: '80' } },
    );
    const [head, verdict, first] = r.stdout.split('\n');
    expect([...head!].length, head).toBeLessThanOrEqual(80);
    expect(head).toContain('new subscription with trial');
    expect(verdict).toMatch(/^✗ Not redeemable/);
    expect(first).toMatch(/^✗ Trial makes the first invoice \$0/);
  });

  it('a Checkout Session whose discount took $0 does not lead with "✓ The discount still applies"', async () => {
    const session = JSON.parse(
      readFileSync(`${FIXTURES}explain/orders/checkout-session-discounted-nothing.json`, 'utf8'),
    );
    const r = await runCli(['explain', '-', ...AT], { stdin: JSON.stringify(session), env: { COLUMNS: '80' } });
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 3).join('\n')).not.toContain('✓');
    expect(lines.slice(0, 3).join('\n')).toContain('took nothing off');
  });

  it("a Dashboard log's Time is not called UTC; the request_log_url's t= is the exact time", async () => {
    const local = await runCli(['explain', '-'], { stdin: trialLog({ timeLine: '11/20/25, 9:03:41 AM' }) });
    expect(local.stdout.split('\n').slice(0, 3).join(' ')).toContain('(Dashboard time)');
    expect(local.stdout).not.toMatch(/09:03 UTC/);
    // t= says 14:03:41 UTC (the Dashboard showed 9:03 in UTC-5): that is the time used.
    const exact = parseJson(
      (await runCli(['explain', '-', '--json'], { stdin: trialLog({ t: 1763647421 }) })).stdout,
    ) as { evaluated_at: string; failed_request: { time_source: string } };
    expect(exact.evaluated_at).toBe('2025-11-20T14:03:41Z');
    expect(exact.failed_request.time_source).toBe('request_log_url');
  });

  it('a Time line alone is uncertain by up to 14 hours: said so, and a deadline that close is conditional live', async () => {
    // The log says 9:03:41 with no zone; the code expired at 2025-11-20T12:00:00Z, 3 hours later
    // if the Time were UTC, but before it in any zone east of UTC-3.
    const local = await runCli(['explain', '-', '--json'], { stdin: trialLog() });
    const doc = parseJson(local.stdout) as { failed_request: { check_command: string; time_source: string } };
    expect(doc.failed_request.time_source).toBe('time_line');
    const command = doc.failed_request.check_command;
    expect(command).toMatch(/ --at 2025-11-20T09:03:41$/);
    expect(command).not.toContain('09:03:41Z');
    const human = await runCli(['explain', '-'], { stdin: trialLog(), env: { COLUMNS: '200' } });
    expect(human.stdout).toContain("The log's Time is the Dashboard's local time, with no zone");
    // With t=, the time is exact: no note, and the command's --at has its zone.
    const exact = await runCli(['explain', '-'], { stdin: trialLog({ t: 1763647421 }), env: { COLUMNS: '200' } });
    expect(exact.stdout).not.toContain('with no zone');
    expect(exact.stdout).toContain('--at 2025-11-20T14:03:41Z');

    const expiring = build.promotionCode({ id: PROMO, code: 'SOON', coupon: 'C50', expires_at: 1763640000 });
    const fake = await startFake({
      coupons: [build.coupon({ id: 'C50' })],
      promotionCodes: [expiring],
      customers: [build.customer({ id: CUSTOMER })],
      prices: [build.price({ id: 'price_Monthly', product: 'prod_M', unit_amount: 6000 })],
    });
    const uncertain = await runAgainst(fake, [...command.split(' ').slice(1), '--json']);
    const reasons = jsonDoc(uncertain).reasons;
    expect(codesOf(reasons)).toContain('evaluation_time_uncertain');
    expect(codesOf(reasons)).not.toContain('promotion_code_expired');
    // The same time with its zone decides it: not yet expired, so no finding about the expiry.
    const zoned = await runAgainst(fake, [...command.replace('09:03:41', '09:03:41Z').split(' ').slice(1), '--json']);
    expect(codesOf(jsonDoc(zoned).reasons)).not.toContain('evaluation_time_uncertain');
    // Fifteen hours later than the expiry, beyond any zone: expired, whatever the zone.
    const later = await runAgainst(fake, ['check', PROMO, '--at', '2025-11-21T03:00:00', '--json']);
    expect(codesOf(jsonDoc(later).reasons)).toContain('promotion_code_expired');
  });
});
