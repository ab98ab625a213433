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

function portalConfiguration(allowed: string[], enabled = true): object {
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
        products: [],
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
