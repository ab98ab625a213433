/**
 * End to end: `--surface` and `--trial` through the CLI (check against the fake, explain
 * offline), the portal configuration read for `--surface portal`, and bad values.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as build from '../support/builders.js';
import type { Scenario } from '../support/fakeStripe.js';
import {
  codesOf,
  expectFailure,
  jsonDoc,
  requestLines,
  runAgainst,
  startFake,
  stopFakes,
} from '../helpers/liveStripe.js';
import { AT_FLAG as AT } from '../helpers/time.js';
import { fakeAccount } from '../helpers/scenarios.js';

beforeEach(() => build.resetBuilderIds());
afterEach(stopFakes);

const minimumCode = (extra: Partial<Scenario> = {}): Scenario =>
  fakeAccount({
    code: { id: 'promo_min', code: 'BIGORDER', restrictions: { minimum_amount: 5000, minimum_amount_currency: 'usd' } },
    extra,
  });

function portalConfiguration(allowed: string[], enabled = true, products: string[] = []): object {
  return {
    id: 'bpc_default',
    object: 'billing_portal.configuration',
    active: true,
    is_default: true,
    livemode: false,
    features: {
      subscription_update: {
        enabled,
        default_allowed_updates: allowed,
        proration_behavior: 'create_prorations',
        products: products.map((product) => ({ product, prices: [`price_${product.slice(5)}`] })),
      },
    },
  };
}

describe('check --surface', () => {
  it('without --surface: a new redemption, as before, plus the info naming the surfaces that refuse a minimum', async () => {
    const fake = await startFake(minimumCode());
    const result = await runAgainst(fake, [
      'check',
      'promo_min',
      ...AT,
      '--amount',
      '6000',
      '--currency',
      'usd',
      '--json',
    ]);
    const doc = jsonDoc(result);
    expect(result.code).toBe(0);
    expect(doc.verdict).toBe('redeemable');
    expect(codesOf(doc.reasons)).toEqual(['minimum_amount_limits_surfaces']);
    expect(doc.context).toMatchObject({ surface: null, trial: false });
  });

  it('--surface subscription_update: the same code is refused, exit 1', async () => {
    const fake = await startFake(minimumCode());
    const result = await runAgainst(fake, [
      'check',
      'promo_min',
      ...AT,
      '--amount',
      '6000',
      '--currency',
      'usd',
      '--surface',
      'subscription_update',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Minimum amount refused here');
    expect(result.stdout).toContain('on a subscription update: the amount is not known yet');
  });

  it('--surface portal reads the default portal configuration in the first round trip, beside the code', async () => {
    const fake = await startFake(
      fakeAccount({ extra: { portalConfigurations: [portalConfiguration(['price', 'quantity'])] } }),
      { latencyMs: 5 },
    );
    const result = await runAgainst(fake, ['check', 'promo_x', ...AT, '--surface', 'portal', '--json']);
    const doc = jsonDoc(result);
    expect(result.code).toBe(1);
    expect(codesOf(doc.reasons)).toEqual(['portal_promotion_codes_disabled']);
    expect(doc.reasons[0]!.evidence).toEqual({
      configuration: 'bpc_default',
      subscription_update_enabled: true,
      default_allowed_updates: ['price', 'quantity'],
    });
    expect(requestLines(fake).sort()).toEqual([
      'GET /v1/billing_portal/configurations',
      'GET /v1/promotion_codes/promo_x',
    ]);
    expect(fake.requests.find((r) => r.path === '/v1/billing_portal/configurations')?.query).toMatchObject({
      is_default: 'true',
    });
    expect(fake.roundTrips()).toBe(1);
  });

  it('--surface portal with promotion codes allowed: redeemable', async () => {
    const fake = await startFake(
      fakeAccount({ extra: { portalConfigurations: [portalConfiguration(['price', 'promotion_code'])] } }),
    );
    const doc = jsonDoc(await runAgainst(fake, ['check', 'promo_x', ...AT, '--surface', 'portal', '--json']));
    expect(doc.verdict).toBe('redeemable');
    expect(doc.checks.find((c) => c.id === 'promotion_code.surface')?.detail).toBe('portal, bpc_default takes codes');
  });

  it("--surface portal: a coupon for none of the portal's products is a warning beside the products condition", async () => {
    const portal = portalConfiguration(['price', 'promotion_code'], true, ['prod_basic', 'prod_pro']);
    /** `check --surface portal --json` of a code whose coupon applies to `appliesTo`. */
    const portalCheck = async (appliesTo: string[]) =>
      jsonDoc(
        await runAgainst(
          await startFake(
            fakeAccount({ coupon: { applies_to: { products: appliesTo } }, extra: { portalConfigurations: [portal] } }),
          ),
          ['check', 'promo_x', ...AT, '--surface', 'portal', '--json'],
        ),
      );
    const outside = await portalCheck(['prod_legacy']);
    expect(codesOf(outside.reasons)).toEqual(['products_restricted', 'portal_products_not_discounted']);
    expect(outside.reasons[1]).toMatchObject({
      severity: 'warning',
      evidence: {
        configuration: 'bpc_default',
        portal_products: ['prod_basic', 'prod_pro'],
        applies_to_products: ['prod_legacy'],
      },
    });
    const inside = await portalCheck(['prod_pro']);
    expect(codesOf(inside.reasons)).toEqual(['products_restricted']);
  });

  it('other surfaces never read the portal configuration', async () => {
    const fake = await startFake(minimumCode());
    await runAgainst(fake, ['check', 'promo_min', ...AT, '--surface', 'checkout', '--json']);
    expect(requestLines(fake)).toEqual(['GET /v1/promotion_codes/promo_min']);
  });

  it('--trial refuses a minimum even above it: the first invoice is $0', async () => {
    const fake = await startFake(minimumCode());
    const doc = jsonDoc(
      await runAgainst(fake, [
        'check',
        'promo_min',
        ...AT,
        '--amount',
        '9000',
        '--currency',
        'usd',
        '--surface',
        'subscription',
        '--trial',
        '--json',
      ]),
    );
    expect(codesOf(doc.reasons)).toEqual(['trial_first_invoice_zero']);
    expect(doc.context).toMatchObject({ surface: 'subscription', trial: true });
  });
});

describe('explain --surface (offline)', () => {
  it('judges a pasted code for a surface; the portal configuration is not read offline', async () => {
    const result = await runAgainst(null, [
      'explain',
      'examples/promotion-code-2026-10-28.json',
      '--at',
      '2026-02-01',
      '--surface',
      'portal',
      '--json',
    ]);
    const doc = jsonDoc(result);
    expect(codesOf(doc.reasons)).toContain('minimum_amount_refused_on_surface');
    expect(doc.checks.find((c) => c.id === 'promotion_code.surface')?.detail).toContain(
      'portal configuration not read',
    );
  });

  it('a product restriction on an invoice is accepted and discounts nothing: a warning, not product_not_eligible', async () => {
    const offline = JSON.stringify(build.coupon({ id: 'ONLY_A', applies_to: { products: ['prod_A'] } }));
    const result = await runAgainst(null, ['explain', '-', '--product', 'prod_B', '--surface', 'invoice', '--json'], {
      stdin: offline,
    });
    const doc = jsonDoc(result);
    expect(codesOf(doc.reasons)).toEqual(['product_not_discounted']);
    expect(result.code).toBe(0);
  });
});

describe('explain of a subscription schedule: the codes on its future phases, on surface schedule_phase (issue 20, item 7)', () => {
  const DAY = 86_400;
  const NOW = Date.parse('2026-06-01T00:00:00Z') / 1000;
  /** In its first phase until NOW + 10 days; the next phase is €90.00 of prod_pro with `code` on it. */
  function schedule(code: unknown, onItem = false): string {
    const next = {
      start_date: NOW + 10 * DAY,
      end_date: NOW + 40 * DAY,
      currency: 'eur',
      discounts: onItem ? [] : [{ coupon: null, discount: null, promotion_code: code }],
      items: [
        {
          price: { id: 'price_pro', object: 'price', currency: 'eur', product: 'prod_pro', unit_amount: 9000 },
          quantity: 1,
          discounts: onItem ? [{ coupon: null, discount: null, promotion_code: code }] : [],
        },
      ],
      trial_end: null,
    };
    return JSON.stringify({
      id: 'sub_sched_1',
      object: 'subscription_schedule',
      customer: 'cus_1',
      status: 'active',
      current_phase: { start_date: NOW - DAY, end_date: NOW + 10 * DAY },
      phases: [
        { start_date: NOW - DAY, end_date: NOW + 10 * DAY, currency: 'usd', discounts: [], items: [], trial_end: null },
        next,
      ],
    });
  }
  // Expanded as `phases.discounts.promotion_code` gives it, with its coupon and its applies_to inside.
  const code = (restrictions: Record<string, unknown>) => ({
    ...build.promotionCode({ id: 'promo_phase', code: 'PHASE', coupon: 'PLAIN', restrictions }),
    promotion: { type: 'coupon', coupon: build.coupon({ id: 'PLAIN', applies_to: { products: [] } }) },
  });
  const explain = (stdin: string) => runAgainst(null, ['explain', '-', '--at', '2026-06-01', '--json'], { stdin });

  it.each([false, true])(
    'a code with a minimum amount (on the phase, or on an item of it: %s) is refused there, though the phase is above it',
    async (onItem) => {
      const result = await explain(
        schedule(code({ minimum_amount: 5000, minimum_amount_currency: 'eur', first_time_transaction: false }), onItem),
      );
      const doc = jsonDoc(result);
      expect(codesOf(doc.reasons)).toEqual(['minimum_amount_refused_on_surface']);
      expect(doc.context).toMatchObject({
        surface: 'schedule_phase',
        customer: 'cus_1',
        currency: 'eur',
        amount: 9000,
        products: ['prod_pro'],
      });
      expect(result.code).toBe(1);
    },
  );

  it('absent: a code without a minimum on the same phase', async () => {
    const doc = jsonDoc(await explain(schedule(code({}))));
    expect(codesOf(doc.reasons)).toEqual([]);
    expect(doc.context.surface).toBe('schedule_phase');
  });

  it('a code that is only an id, or no code at all: one sentence, exit 2, and the live command', async () => {
    expectFailure(
      await explain(schedule('promo_phase')),
      2,
      /names the promotion code promo_phase on a future phase as an id only: .*promo-doctor check promo_phase --for sub_sched_1\./,
    );
    expectFailure(
      await explain(schedule(null)),
      2,
      /has no promotion code on a phase that has not started: .*promo-doctor check CODE --for sub_sched_1\./,
    );
  });
});

describe('bad --surface', () => {
  it.each([['nowhere'], [''], ['subscriptions']])(
    '--surface %j: exit 2, one sentence listing the surfaces',
    async (value) => {
      const result = await runAgainst(null, ['explain', 'examples/promotion-code-2026-10-28.json', '--surface', value]);
      expectFailure(
        result,
        2,
        /--surface .* is not a surface: give one of checkout, payment_link, subscription, subscription_update, invoice, portal, subscription_item, schedule_phase\./,
      );
    },
  );

  it('accepts the hyphenated spelling', async () => {
    const result = await runAgainst(null, [
      'explain',
      'examples/promotion-code-2026-10-28.json',
      '--at',
      '2026-02-01',
      '--surface',
      'subscription-update',
      '--json',
    ]);
    expect(jsonDoc(result).context.surface).toBe('subscription_update');
  });
});

describe('check --for: the object sets the surface and the discounts already there', () => {
  const session = (discounts: object[], allow: boolean | null = true) => ({
    id: 'cs_test_Surf0001',
    object: 'checkout.session',
    allow_promotion_codes: allow,
    amount_subtotal: 4000,
    amount_total: 4000,
    created: 1_780_000_000,
    currency: 'usd',
    customer: null,
    discounts,
    livemode: false,
    mode: 'payment',
    payment_status: 'unpaid',
    status: 'open',
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0, breakdown: { discounts: [], taxes: [] } },
    line_items: { object: 'list', has_more: false, url: '/v1/checkout/sessions/cs_test_Surf0001/line_items', data: [] },
  });
  const account = (discounts: object[], allow: boolean | null = true): Scenario => ({
    coupons: [build.coupon({ id: 'C20' }), build.coupon({ id: 'OTHER' })],
    promotionCodes: [build.promotionCode({ id: 'promo_x', code: 'TWENTY', coupon: 'C20' })],
    checkoutSessions: [session(discounts, allow)],
  });

  it('a Checkout Session that already has a discount: checkout_discount_already_applied, surface checkout', async () => {
    const fake = await startFake(account([{ coupon: 'OTHER', promotion_code: null }]));
    const doc = jsonDoc(await runAgainst(fake, ['check', 'promo_x', ...AT, '--for', 'cs_test_Surf0001', '--json']));
    expect(codesOf(doc.reasons)).toEqual(['checkout_discount_already_applied']);
    expect(doc.reasons[0]!.evidence).toEqual({
      surface: 'checkout',
      existing_discounts: [{ id: null, coupon: 'OTHER', promotion_code: null }],
    });
  });

  it('a Checkout Session without a discount: nothing to report', async () => {
    const fake = await startFake(account([]));
    const doc = jsonDoc(await runAgainst(fake, ['check', 'promo_x', ...AT, '--for', 'cs_test_Surf0001', '--json']));
    expect(doc.reasons).toEqual([]);
  });

  it('a Checkout Session created without allow_promotion_codes: no field for the code (promotion_codes_not_allowed)', async () => {
    const fake = await startFake(account([], null));
    const result = await runAgainst(fake, ['check', 'promo_x', ...AT, '--for', 'cs_test_Surf0001', '--json']);
    expect(result.code).toBe(1);
    expect(codesOf(jsonDoc(result).reasons)).toEqual(['promotion_codes_not_allowed']);
  });

  it('--surface wins over the object', async () => {
    const fake = await startFake(account([{ coupon: 'OTHER', promotion_code: null }]));
    const doc = jsonDoc(
      await runAgainst(fake, [
        'check',
        'promo_x',
        ...AT,
        '--for',
        'cs_test_Surf0001',
        '--surface',
        'subscription',
        '--json',
      ]),
    );
    expect(doc.reasons).toEqual([]);
    expect(doc.context.surface).toBe('subscription');
  });
});
