/**
 * `check` in process: the real stripe SDK (through openReader, as the CLI builds it) against
 * the loopback fake Stripe API, then diagnoseCheck. Every test asserts that only GET requests
 * were sent, how many, and in how many sequential round trips (docs/architecture.md, Requests, cost and start-up: the promotion code
 * and its coupon in one request; at most 2 round trips in all). The fake adds 100 ms to every
 * answer so that parallel requests overlap and `roundTrips()` counts reliably, and the tests run
 * concurrently so that those waits overlap too (roundTripFake, test/helpers/liveStripe.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { diagnoseCheck } from '../../src/usecases/checkPromotionCode.js';
import { diagnosisDocument } from '../../src/render/json.js';
import type { RedemptionContext } from '../../src/rules/context.js';
import type { Diagnosis } from '../../src/rules/diagnose.js';
import type { FakeStripe, Scenario } from '../support/fakeStripe.js';
import * as build from '../support/builders.js';
import { assertDiagnosisDocument } from '../helpers/schema.js';
import { REASON_CASES, type RedemptionFlags } from '../helpers/reasonCases.js';
import { FULL_HISTORY_EVIDENCE, firstTimeScenario, fullHistory, sharedCodeScenario } from '../helpers/scenarios.js';
import {
  codesOf,
  codesOf as allCodesOf,
  context,
  type Doc,
  expectOnlyGets,
  onlyFinding,
  readerFor,
  rejection,
  requestLines,
  roundTripFake,
  stopFakes,
} from '../helpers/liveStripe.js';
import { objectEvidence } from '../helpers/model.js';
import { AT_ISO } from '../helpers/time.js';

// The tests of this file run concurrently (roundTripFake).
afterAll(stopFakes);

function ctxFor(flags: RedemptionFlags): RedemptionContext {
  return context({
    customer: flags.customer ?? null,
    amount: flags.amount ?? null,
    currency: flags.currency ?? null,
    products: flags.products ?? [],
  });
}

/** The diagnosis as its --json document, validated against the published schema. */
function doc(diagnosis: Diagnosis, ctx: RedemptionContext): Doc {
  const document = diagnosisDocument(diagnosis, ctx);
  assertDiagnosisDocument(document);
  return document as unknown as Doc;
}

/** Only GETs, this many requests, in this many sequential round trips. */
function expectBudget(fake: FakeStripe, requests: number, roundTrips: number): void {
  expectOnlyGets(fake);
  expect(requestLines(fake), 'requests sent').toHaveLength(requests);
  expect(fake.roundTrips(), 'sequential round trips').toBe(roundTrips);
  expect(fake.roundTrips()).toBeLessThanOrEqual(2);
}

async function check(fake: FakeStripe, target: string, ctx: RedemptionContext): Promise<Doc> {
  const reader = await readerFor(fake);
  return doc(await diagnoseCheck(reader, target, ctx), ctx);
}

describe.concurrent('every reason code of check that the API can produce', () => {
  it.each(REASON_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const fake = await roundTripFake(c.scenario);
    const ctx = ctxFor(c.flags);
    const result = await check(fake, c.target, ctx);
    expect([...codesOf(result.reasons)].sort()).toEqual([...c.codes].sort());
    expect(result.verdict).toBe(c.verdict);
    expect(result.redeemable).toBe(c.verdict !== 'not_redeemable');
    expect(result.evaluated_at).toBe(AT_ISO);
    expectBudget(fake, c.requests, c.roundTrips);
  });
});

describe.concurrent('reading the promotion code', () => {
  it('reads the code and its coupon in ONE request, with applies_to and currency_options expanded', async () => {
    const fake = await roundTripFake(() => ({
      coupons: [build.coupon({ id: 'SHOES10', applies_to: { products: ['prod_shoes'] } })],
      promotionCodes: [build.promotionCode({ id: 'promo_x', code: 'SHOES', coupon: 'SHOES10' })],
    }));
    const ctx = ctxFor({ products: ['prod_shoes'] });
    const result = await check(fake, 'promo_x', ctx);
    expect(result.verdict).toBe('redeemable');
    expect(result.coupon).toMatchObject({ id: 'SHOES10', applies_to_products: ['prod_shoes'] });
    expectBudget(fake, 1, 1);
    const [request] = fake.requests;
    expect(request!.path).toBe('/v1/promotion_codes/promo_x');
    expect(request!.expand).toEqual(
      expect.arrayContaining(['promotion.coupon', 'promotion.coupon.applies_to', 'promotion.coupon.currency_options']),
    );
  });

  it('by customer-facing code: one list request with code=, matched case-insensitively, expansions on data.', async () => {
    const fake = await roundTripFake(() => ({
      coupons: [build.coupon({ id: 'SHOES10', applies_to: { products: ['prod_shoes'] } })],
      promotionCodes: [build.promotionCode({ id: 'promo_x', code: 'Shoes-Week', coupon: 'SHOES10' })],
    }));
    const ctx = ctxFor({ products: ['prod_hats'] });
    const result = await check(fake, 'sHOES-wEEK', ctx);
    expect(result.target).toMatchObject({ type: 'promotion_code', id: 'promo_x' });
    expect(codesOf(result.reasons)).toEqual(['product_not_eligible']);
    expect(onlyFinding(result.reasons, 'product_not_eligible').evidence).toMatchObject({
      products: ['prod_hats'],
      applies_to_products: ['prod_shoes'],
    });
    expectBudget(fake, 1, 1);
    const [request] = fake.requests;
    expect(request!.path).toBe('/v1/promotion_codes');
    expect(request!.query.code).toBe('sHOES-wEEK');
    expect(request!.expand).toEqual(
      expect.arrayContaining([
        'data.promotion.coupon',
        'data.promotion.coupon.applies_to',
        'data.promotion.coupon.currency_options',
      ]),
    );
  });

  it('an amount_off coupon is redeemable in a currency of its currency_options (reached through expansion)', async () => {
    const fake = await roundTripFake(() => ({
      coupons: [
        build.coupon({
          id: 'FIVE_OFF',
          amount_off: 500,
          currency: 'usd',
          percent_off: null,
          currency_options: { eur: { amount_off: 450 } },
        }),
      ],
      promotionCodes: [build.promotionCode({ id: 'promo_x', coupon: 'FIVE_OFF' })],
    }));
    const eur = ctxFor({ amount: 4000, currency: 'eur' });
    expect((await check(fake, 'promo_x', eur)).reasons).toEqual([]);

    const gbp = ctxFor({ amount: 4000, currency: 'gbp' });
    const refused = await check(fake, 'promo_x', gbp);
    expect(codesOf(refused.reasons)).toEqual(['currency_mismatch']);
    const evidence = objectEvidence(onlyFinding(refused.reasons, 'currency_mismatch'));
    expect(evidence).toMatchObject({ restriction: 'amount_off', currency: 'gbp', currency_options_known: true });
    expect([...(evidence.accepted_currencies as string[])].sort()).toEqual(['eur', 'usd']);
    expectBudget(fake, 2, 2);
  });
});

describe.concurrent('minimum amount rules through the API', () => {
  // Every minimum also brings the info about surfaces that refuse it (test/rules/surface.test.ts).
  const codesOf = (findings: Parameters<typeof allCodesOf>[0]) =>
    allCodesOf(findings).filter((c) => c !== 'minimum_amount_limits_surfaces');
  const noneBut = (findings: Parameters<typeof allCodesOf>[0]) => expect(codesOf(findings)).toEqual([]);
  const scenario = () => ({
    coupons: [build.coupon({ id: 'BIG' })],
    promotionCodes: [
      build.promotionCode({
        id: 'promo_min',
        coupon: 'BIG',
        restrictions: {
          minimum_amount: 5000,
          minimum_amount_currency: 'usd',
          currency_options: { eur: { minimum_amount: 4500 } },
        },
      }),
    ],
  });

  it('the minimum_amount in its own currency: below refused, exactly the minimum accepted', async () => {
    const fake = await roundTripFake(scenario);
    const below = await check(fake, 'promo_min', ctxFor({ amount: 4999, currency: 'usd' }));
    expect(codesOf(below.reasons)).toEqual(['minimum_amount_not_met']);
    expect(onlyFinding(below.reasons, 'minimum_amount_not_met').evidence).toEqual({
      amount: 4999,
      currency: 'usd',
      minimum_amount: 5000,
      minimum_from: 'minimum_amount',
    });
    const exact = await check(fake, 'promo_min', ctxFor({ amount: 5000, currency: 'usd' }));
    noneBut(exact.reasons);
    expectBudget(fake, 2, 2);
  });

  it('restrictions.currency_options[eur] sets the minimum in EUR (it must be expanded to be seen)', async () => {
    const fake = await roundTripFake(scenario);
    const below = await check(fake, 'promo_min', ctxFor({ amount: 4000, currency: 'eur' }));
    expect(codesOf(below.reasons)).toEqual(['minimum_amount_not_met']);
    expect(onlyFinding(below.reasons, 'minimum_amount_not_met').evidence).toEqual({
      amount: 4000,
      currency: 'eur',
      minimum_amount: 4500,
      minimum_from: 'currency_options',
    });
    const enough = await check(fake, 'promo_min', ctxFor({ amount: 4600, currency: 'eur' }));
    noneBut(enough.reasons);
    expectBudget(fake, 2, 2);
  });

  it('--currency without --amount checks the currency and leaves the minimum conditional', async () => {
    const fake = await roundTripFake(scenario);
    const usd = await check(fake, 'promo_min', ctxFor({ currency: 'usd' }));
    expect(codesOf(usd.reasons)).toEqual(['minimum_amount_required']);
    expect(usd.verdict).toBe('conditional');
    const gbp = await check(fake, 'promo_min', ctxFor({ currency: 'gbp' }));
    expect(codesOf(gbp.reasons)).toEqual(['currency_mismatch']);
    expect(onlyFinding(gbp.reasons, 'currency_mismatch').evidence).toMatchObject({
      restriction: 'minimum_amount',
      currency: 'gbp',
    });
    expectBudget(fake, 2, 2);
  });
});

describe.concurrent('several promotion codes sharing one customer-facing code', () => {
  const scenario = sharedCodeScenario;

  it('without --customer: every match diagnosed, the restricted one selected (conditional)', async () => {
    const fake = await roundTripFake(scenario);
    const ctx = ctxFor({});
    const result = await check(fake, 'Shared', ctx);
    expect(result.target).toMatchObject({ type: 'promotion_code', code: 'Shared' });
    expect(result.matches?.map((m) => m.target.id).sort()).toEqual(['promo_archived', 'promo_vip']);
    const byId = Object.fromEntries((result.matches ?? []).map((m) => [m.target.id, m]));
    expect(codesOf(byId.promo_vip!.reasons)).toEqual(['restricted_to_customer']);
    expect(codesOf(byId.promo_archived!.reasons)).toEqual(['promotion_code_inactive']);
    expect(result.selected).toBe('promo_vip');
    expect(result.verdict).toBe('conditional');
    expect(codesOf(result.reasons)).toEqual(['restricted_to_customer']);
    expectBudget(fake, 1, 1);
  });

  it('with the --customer it belongs to: that code is selected and redeemable', async () => {
    const fake = await roundTripFake(scenario);
    const result = await check(fake, 'SHARED', ctxFor({ customer: 'cus_vip' }));
    expect(result.selected).toBe('promo_vip');
    expect(result.verdict).toBe('redeemable');
    expect(result.reasons).toEqual([]);
    expect(result.matches).toHaveLength(2);
    expectBudget(fake, 2, 1);
  });

  it('with another --customer: no match is redeemable, each says why', async () => {
    const fake = await roundTripFake(scenario);
    const result = await check(fake, 'SHARED', ctxFor({ customer: 'cus_other' }));
    expect(result.verdict).toBe('not_redeemable');
    const byId = Object.fromEntries((result.matches ?? []).map((m) => [m.target.id, m]));
    expect(codesOf(byId.promo_vip!.reasons)).toEqual(['customer_mismatch']);
    expect(codesOf(byId.promo_archived!.reasons)).toEqual(['promotion_code_inactive']);
    expect(['promo_vip', 'promo_archived']).toContain(result.selected);
    expectBudget(fake, 2, 1);
  });
});

describe.concurrent('the redeeming customer', () => {
  it('a --customer that does not exist is bad input (exit 2), after one round trip', async () => {
    const fake = await roundTripFake(() => ({
      coupons: [build.coupon({ id: 'C1' })],
      promotionCodes: [build.promotionCode({ id: 'promo_x', coupon: 'C1' })],
    }));
    const reader = await readerFor(fake);
    const error = await rejection(diagnoseCheck(reader, 'promo_x', ctxFor({ customer: 'cus_nobody' })));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/cus_nobody does not exist/);
    expectBudget(fake, 2, 1);
  });

  it('a --customer that exists only in live mode is bad input too', async () => {
    const fake = await roundTripFake(() => ({
      coupons: [build.coupon({ id: 'C1' })],
      promotionCodes: [build.promotionCode({ id: 'promo_x', coupon: 'C1' })],
      otherModeIds: ['cus_live'],
    }));
    const reader = await readerFor(fake);
    const error = await rejection(diagnoseCheck(reader, 'promo_x', ctxFor({ customer: 'cus_live' })));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/cus_live exists in live mode/);
    expectBudget(fake, 2, 1);
  });

  it('a code restricted to a customer account (customer_account): --customer acct_… is accepted as that account', async () => {
    const fake = await roundTripFake(() => ({
      coupons: [build.coupon({ id: 'C1' })],
      promotionCodes: [build.promotionCode({ id: 'promo_acct', coupon: 'C1', customer_account: 'acct_1Buyer' })],
    }));
    const result = await check(fake, 'promo_acct', ctxFor({ customer: 'acct_1Buyer' }));
    expect(result.verdict).toBe('redeemable');
    expect(result.reasons).toEqual([]);
    expectOnlyGets(fake);
    expect(fake.roundTrips()).toBeLessThanOrEqual(2);
  });

  it('a code restricted to a customer account, without --customer: restricted_to_customer by customer_account', async () => {
    const fake = await roundTripFake(() => ({
      coupons: [build.coupon({ id: 'C1' })],
      promotionCodes: [build.promotionCode({ id: 'promo_acct', coupon: 'C1', customer_account: 'acct_1Buyer' })],
    }));
    const result = await check(fake, 'promo_acct', ctxFor({}));
    expect(onlyFinding(result.reasons, 'restricted_to_customer').evidence).toEqual({
      restricted_to: 'acct_1Buyer',
      restricted_by: 'customer_account',
    });
    expectBudget(fake, 1, 1);
  });

  it('customer_deleted names the role: redeeming', async () => {
    const c = REASON_CASES.find((x) => x.name.startsWith('customer_deleted (the redeeming'))!;
    const fake = await roundTripFake(c.scenario);
    const result = await check(fake, c.target, ctxFor(c.flags));
    expect(onlyFinding(result.reasons, 'customer_deleted').evidence).toEqual({
      customer: 'cus_gone',
      role: 'redeeming',
    });
    expectBudget(fake, 2, 1);
  });

  it('customer_deleted names the role: restricted_to', async () => {
    const c = REASON_CASES.find((x) => x.name.startsWith('customer_deleted (the customer the code'))!;
    const fake = await roundTripFake(c.scenario);
    const result = await check(fake, c.target, ctxFor(c.flags));
    expect(onlyFinding(result.reasons, 'customer_deleted').evidence).toEqual({
      customer: 'cus_gone',
      role: 'restricted_to',
    });
    expect(fake.requests[0]!.expand).toContain('customer');
    expectBudget(fake, 2, 1);
  });
});

describe.concurrent('first-time restriction: the customer history is gathered and listed as evidence', () => {
  const firstTime = firstTimeScenario;

  const HISTORY_ITEMS: Array<[string, () => Scenario, { object: string; id: string; status: string; rule: string }]> = [
    [
      'a succeeded charge',
      () => ({ charges: [build.charge({ id: 'ch_paid', customer: 'cus_h' })] }),
      { object: 'charge', id: 'ch_paid', status: 'succeeded', rule: 'successful_payment_or_invoice' },
    ],
    [
      'a PaymentIntent that never completed (requires_payment_method)',
      () => ({
        paymentIntents: [
          build.paymentIntent({
            id: 'pi_started',
            customer: 'cus_h',
            status: 'requires_payment_method',
            amount_received: 0,
          }),
        ],
      }),
      {
        object: 'payment_intent',
        id: 'pi_started',
        status: 'requires_payment_method',
        rule: 'payment_intent_initiated',
      },
    ],
    [
      'an open invoice',
      () => ({ invoices: [build.invoice({ id: 'in_open', customer: 'cus_h', status: 'open' })] }),
      { object: 'invoice', id: 'in_open', status: 'open', rule: 'invoice_exists' },
    ],
    [
      'a paid invoice',
      () => ({ invoices: [build.invoice({ id: 'in_paid', customer: 'cus_h', status: 'paid' })] }),
      { object: 'invoice', id: 'in_paid', status: 'paid', rule: 'successful_payment_or_invoice' },
    ],
    [
      'a canceled subscription',
      () => ({ subscriptions: [build.subscription({ id: 'sub_canceled', customer: 'cus_h', status: 'canceled' })] }),
      { object: 'subscription', id: 'sub_canceled', status: 'canceled', rule: 'subscription_exists' },
    ],
    [
      'a trialing subscription',
      () => ({ subscriptions: [build.subscription({ id: 'sub_trial', customer: 'cus_h', status: 'trialing' })] }),
      { object: 'subscription', id: 'sub_trial', status: 'trialing', rule: 'subscription_exists' },
    ],
  ];

  it.each(HISTORY_ITEMS)('%s disqualifies the customer, listed in the evidence', async (_name, items, expected) => {
    const fake = await roundTripFake(() => firstTime(items()));
    const result = await check(fake, 'promo_new', ctxFor({ customer: 'cus_h' }));
    expect(codesOf(result.reasons)).toEqual(['customer_has_prior_transactions']);
    const evidence = objectEvidence(onlyFinding(result.reasons, 'customer_has_prior_transactions'));
    expect(evidence.customer).toBe('cus_h');
    expect(evidence.transactions).toEqual([expect.objectContaining(expected)]);
    expectBudget(fake, 6, 2);
  });

  it('the four history lists are read in parallel, for that customer only, every subscription status included', async () => {
    const fake = await roundTripFake(() => firstTime({}));
    const result = await check(fake, 'promo_new', ctxFor({ customer: 'cus_h' }));
    expect(result.reasons).toEqual([]);
    expect(result.verdict).toBe('redeemable');
    expectBudget(fake, 6, 2);
    const history = fake.requests.filter((r) =>
      ['/v1/charges', '/v1/payment_intents', '/v1/invoices', '/v1/subscriptions'].includes(r.path),
    );
    expect(history.map((r) => r.path).sort()).toEqual([
      '/v1/charges',
      '/v1/invoices',
      '/v1/payment_intents',
      '/v1/subscriptions',
    ]);
    for (const request of history) expect(request.query.customer).toBe('cus_h');
    expect(history.find((r) => r.path === '/v1/subscriptions')!.query.status).toBe('all');
  });

  it('every kind of item together: each one listed with its status; a draft invoice and a failed charge are not counted', async () => {
    const fake = await roundTripFake(() => firstTime(fullHistory()));
    const result = await check(fake, 'promo_new', ctxFor({ customer: 'cus_h' }));
    expect(codesOf(result.reasons)).toEqual(['customer_has_prior_transactions']);
    const evidence = onlyFinding(result.reasons, 'customer_has_prior_transactions').evidence as {
      transactions: Array<{ id: string; status: string; created_iso: string | null }>;
    };
    expect(evidence.transactions.map((t) => `${t.id}:${t.status}`).sort()).toEqual(FULL_HISTORY_EVIDENCE);
    for (const t of evidence.transactions) expect(t.created_iso).toMatch(/^2026-/);
    expectBudget(fake, 6, 2);
  });

  it('only a draft invoice: not a prior transaction, the code is redeemable', async () => {
    const fake = await roundTripFake(() =>
      firstTime({ invoices: [build.invoice({ id: 'in_draft', customer: 'cus_h', status: 'draft' })] }),
    );
    const result = await check(fake, 'promo_new', ctxFor({ customer: 'cus_h' }));
    expect(result.reasons).toEqual([]);
    expect(result.verdict).toBe('redeemable');
    expectBudget(fake, 6, 2);
  });

  it('without --customer: conditional, and no history is read', async () => {
    const fake = await roundTripFake(() =>
      firstTime({ charges: [build.charge({ id: 'ch_paid', customer: 'cus_h' })] }),
    );
    const result = await check(fake, 'promo_new', ctxFor({}));
    expect(codesOf(result.reasons)).toEqual(['first_time_customers_only']);
    expect(result.verdict).toBe('conditional');
    expectBudget(fake, 1, 1);
  });

  it('a code without the first-time restriction never reads the history', async () => {
    const fake = await roundTripFake(() => ({
      coupons: [build.coupon({ id: 'ANYONE' })],
      promotionCodes: [build.promotionCode({ id: 'promo_any', coupon: 'ANYONE' })],
      customers: [build.customer({ id: 'cus_h' })],
      charges: [build.charge({ id: 'ch_paid', customer: 'cus_h' })],
    }));
    const result = await check(fake, 'promo_any', ctxFor({ customer: 'cus_h' }));
    expect(result.reasons).toEqual([]);
    expectBudget(fake, 2, 1);
    expect(requestLines(fake).sort()).toEqual(['GET /v1/customers/cus_h', 'GET /v1/promotion_codes/promo_any']);
  });

  it('a deleted redeeming customer: customer_deleted, and no history is read for it', async () => {
    const fake = await roundTripFake(() => firstTime({ customers: [build.deletedCustomer('cus_gone')] }));
    const result = await check(fake, 'promo_new', ctxFor({ customer: 'cus_gone' }));
    expect(codesOf(result.reasons)).toContain('customer_deleted');
    expect(result.verdict).toBe('not_redeemable');
    expectBudget(fake, 2, 1);
  });
});

describe.concurrent('connection options', () => {
  it('--stripe-account sends the Stripe-Account header on every request', async () => {
    const fake = await roundTripFake(() => ({
      coupons: [build.coupon({ id: 'WELCOME' })],
      promotionCodes: [
        build.promotionCode({ id: 'promo_new', coupon: 'WELCOME', restrictions: { first_time_transaction: true } }),
      ],
      customers: [build.customer({ id: 'cus_h' })],
    }));
    const reader = await readerFor(fake, { stripeAccount: 'acct_1Connected' });
    const ctx = ctxFor({ customer: 'cus_h' });
    doc(await diagnoseCheck(reader, 'promo_new', ctx), ctx);
    expectBudget(fake, 6, 2);
    for (const request of fake.requests) expect(request.headers['stripe-account']).toBe('acct_1Connected');
  });

  it('without --stripe-account no Stripe-Account header is sent', async () => {
    const fake = await roundTripFake(() => ({
      coupons: [build.coupon({ id: 'C1' })],
      promotionCodes: [build.promotionCode({ id: 'promo_x', coupon: 'C1' })],
    }));
    await check(fake, 'promo_x', ctxFor({}));
    expectBudget(fake, 1, 1);
    expect(fake.requests[0]!.headers['stripe-account']).toBeUndefined();
  });
});
