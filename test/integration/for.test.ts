/**
 * `check --for` and `coupon --for` in process: the real stripe SDK (openReader) against the
 * loopback fake Stripe API, which learns Checkout Sessions (`GET /v1/checkout/sessions/:id`)
 * and subscription item discounts for it. The context (customer, currency, amount, products,
 * discounts already applied) comes from the object; a flag given as well wins; the document
 * says which came from where. Budget (README, --for): at most three sequential round trips; the
 * fake adds 100 ms to every answer so that parallel requests overlap and are counted as one, and
 * the tests run concurrently so that those waits overlap too (roundTripFake).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { diagnoseCheckFor } from '../../src/usecases/checkPromotionCode.js';
import { diagnoseCouponFor } from '../../src/usecases/checkCoupon.js';
import { parseForId } from '../../src/cli/forContext.js';
import { diagnosisDocument } from '../../src/render/json.js';
import type { Evaluated } from '../../src/usecases/evaluated.js';
import * as build from '../support/builders.js';
import type { FakeStripe, Scenario } from '../support/fakeStripe.js';
import { assertDiagnosisDocument } from '../helpers/schema.js';
import { fullHistory } from '../helpers/scenarios.js';
import { AT } from '../helpers/time.js';
import {
  codesOf,
  context,
  jsonDoc,
  expectOnlyGets,
  readerFor,
  rejection,
  requestLines,
  runAgainst,
  roundTripFake,
  startFake,
  stopFakes,
  type Doc,
} from '../helpers/liveStripe.js';

// The tests of this file run concurrently (roundTripFake).
afterAll(stopFakes);

/** A document of a --for run: it says where its context came from. */
type ForDoc = Doc & { context_from: NonNullable<Doc['context_from']> };

function doc(result: Evaluated): ForDoc {
  const document = diagnosisDocument(result.diagnosis, result.ctx);
  assertDiagnosisDocument(document);
  return document as unknown as ForDoc;
}

/** The session of these tests, created ten minutes before the reference time. */
const session = (overrides: Record<string, unknown> = {}): object =>
  build.checkoutSession({ created: AT - 600, ...overrides });

/** WELCOME: first-time customers, at least $50.00, on a 20% coupon limited to prod_A. */
function scenario(extra: Scenario = {}): Scenario {
  return {
    coupons: [build.coupon({ id: 'WELCOME', applies_to: { products: ['prod_A'] } })],
    promotionCodes: [
      build.promotionCode({
        id: 'promo_new',
        code: 'WELCOME',
        coupon: 'WELCOME',
        restrictions: { first_time_transaction: true, minimum_amount: 5000, minimum_amount_currency: 'usd' },
      }),
    ],
    customers: [build.customer({ id: 'cus_h', currency: 'usd' }), build.customer({ id: 'cus_other' })],
    checkoutSessions: [session()],
    ...fullHistory(),
    ...extra,
  };
}

async function checkFor(
  fake: FakeStripe,
  target: string,
  forId: string,
  flags: { customer?: string; amount?: string; currency?: string } = {},
): Promise<ForDoc> {
  const reader = await readerFor(fake);
  const ctx = context({
    customer: flags.customer ?? null,
    amount: flags.amount ? Number(flags.amount) : null,
    currency: flags.currency ?? null,
  });
  return doc(await diagnoseCheckFor(reader, target, ctx, parseForId(forId), flags));
}

describe.concurrent('no field to enter a code (issue 20, item 1)', () => {
  it('check --for a session without allow_promotion_codes: promotion_codes_not_allowed, about the session', async () => {
    const fake = await roundTripFake(() => scenario({ checkoutSessions: [session({ allow_promotion_codes: null })] }));
    const d = await checkFor(fake, 'promo_new', 'cs_test_For0001', { customer: 'cus_other', amount: '6000' });
    expect(codesOf(d.reasons)).toEqual(['promotion_codes_not_allowed']);
    expect(d.reasons[0]).toMatchObject({
      id: 'cs_test_For0001',
      evidence: { order: 'cs_test_For0001', order_type: 'checkout_session', allow_promotion_codes: null },
    });
    expect(d.verdict).toBe('not_redeemable');
  });

  it('absent: the same session with allow_promotion_codes: true', async () => {
    const fake = await roundTripFake(scenario);
    const d = await checkFor(fake, 'promo_new', 'cs_test_For0001', { customer: 'cus_other', amount: '6000' });
    expect(codesOf(d.reasons)).not.toContain('promotion_codes_not_allowed');
  });

  it('a session that already carries a discount is the one-discount case, not this one', async () => {
    const fake = await roundTripFake(() =>
      scenario({
        checkoutSessions: [
          session({ allow_promotion_codes: null, discounts: [{ coupon: 'WELCOME', promotion_code: null }] }),
        ],
      }),
    );
    const d = await checkFor(fake, 'promo_new', 'cs_test_For0001', { customer: 'cus_other', amount: '6000' });
    expect(codesOf(d.reasons)).not.toContain('promotion_codes_not_allowed');
    expect(codesOf(d.reasons)).toContain('checkout_discount_already_applied');
  });

  it('check --for plink_: reads the Payment Link with its line items; no code field is reported, on the Payment Link surface', async () => {
    const fake = await roundTripFake(() => scenario({ paymentLinks: [build.paymentLink()] }));
    const d = await checkFor(fake, 'promo_new', 'plink_For0001', { customer: 'cus_other' });
    // $40.00 is below the code's $50.00 too; no field to type it in is the other refusal.
    expect(codesOf(d.reasons).sort()).toEqual(['minimum_amount_not_met', 'promotion_codes_not_allowed']);
    expect(d.context).toMatchObject({ currency: 'usd', amount: 4000, products: ['prod_A'], surface: 'payment_link' });
    expect(d.context_from.object).toEqual({ type: 'payment_link', id: 'plink_For0001' });
    const linkRequest = fake.requests.find((r) => r.path.startsWith('/v1/payment_links/'))!;
    expect(linkRequest.path).toBe('/v1/payment_links/plink_For0001');
    expect(linkRequest.expand).toEqual(['line_items']);
    expectOnlyGets(fake);
  });

  it('check --for plink_ that takes codes: judged on its amount (the minimum), no code-field finding', async () => {
    const fake = await roundTripFake(() =>
      scenario({ paymentLinks: [build.paymentLink({ allow_promotion_codes: true })] }),
    );
    const d = await checkFor(fake, 'promo_new', 'plink_For0001', { customer: 'cus_other' });
    expect(codesOf(d.reasons)).toEqual(['minimum_amount_not_met']);
  });
});

describe.concurrent('check --for a subscription schedule (issue 20, item 7)', () => {
  /** A schedule in its first phase (until AT + 10 days), then a $90.00 eur phase of prod_pro. */
  function schedule(next: Record<string, unknown> = {}): object {
    return {
      id: 'sub_sched_For0001',
      object: 'subscription_schedule',
      customer: 'cus_other',
      status: 'active',
      livemode: false,
      created: AT - 86400,
      current_phase: { start_date: AT - 86400, end_date: AT + 10 * 86400 },
      phases: [
        {
          start_date: AT - 86400,
          end_date: AT + 10 * 86400,
          currency: 'usd',
          discounts: [],
          items: [{ price: 'price_now', quantity: 1, discounts: [] }],
          trial_end: null,
        },
        {
          start_date: AT + 10 * 86400,
          end_date: AT + 40 * 86400,
          currency: 'eur',
          discounts: [{ coupon: 'OTHER', discount: null, promotion_code: null }],
          items: [{ price: 'price_pro', quantity: 1, discounts: [] }],
          trial_end: null,
          ...next,
        },
      ],
    };
  }
  const prices = [
    { id: 'price_now', object: 'price', currency: 'usd', product: 'prod_A', unit_amount: 2000 },
    { id: 'price_pro', object: 'price', currency: 'eur', product: 'prod_pro', unit_amount: 9000 },
  ];
  const minimumCode = (id: string, restrictions: Record<string, unknown>) =>
    build.promotionCode({ id, code: id.toUpperCase(), coupon: 'PLAIN', restrictions });

  async function forSchedule(extra: Scenario) {
    const fake = await roundTripFake(() => ({
      coupons: [build.coupon({ id: 'PLAIN' }), build.coupon({ id: 'OTHER' })],
      customers: [build.customer({ id: 'cus_other' })],
      prices,
      subscriptionSchedules: [schedule()],
      ...extra,
    }));
    const [code] = (extra.promotionCodes ?? []) as Array<{ id: string }>;
    return { fake, d: await checkFor(fake, code!.id, 'sub_sched_For0001') };
  }

  it('a code with a minimum amount is refused on the next phase, above the minimum too; the context is that phase', async () => {
    const { fake, d } = await forSchedule({
      promotionCodes: [minimumCode('promo_min', { minimum_amount: 5000, minimum_amount_currency: 'eur' })],
    });
    expect(codesOf(d.reasons)).toEqual(['minimum_amount_refused_on_surface']);
    expect(d.reasons[0]).toMatchObject({ evidence: { surface: 'schedule_phase' } });
    expect(d.verdict).toBe('not_redeemable');
    expect(d.context).toMatchObject({
      customer: 'cus_other',
      currency: 'eur',
      amount: 9000,
      products: ['prod_pro'],
      surface: 'schedule_phase',
    });
    expect(d.context_from.object).toEqual({ type: 'subscription_schedule', id: 'sub_sched_For0001' });
    expect(d.context_from.existing_discounts).toEqual([{ coupon: 'OTHER', promotion_code: null }]);
    const read = fake.requests.find((r) => r.path.startsWith('/v1/subscription_schedules/'))!;
    expect(read.path).toBe('/v1/subscription_schedules/sub_sched_For0001');
    expect(read.expand).toEqual(['phases.items.price']);
    expectOnlyGets(fake);
  });

  it('absent: a code without a minimum on the same schedule is redeemable there', async () => {
    const { d } = await forSchedule({ promotionCodes: [minimumCode('promo_plain', {})] });
    expect(codesOf(d.reasons)).toEqual([]);
    expect(d.context.surface).toBe('schedule_phase');
  });

  it('a schedule id is not read as a subscription (sub_sched_ starts with sub_)', () => {
    expect(parseForId('sub_sched_For0001')).toEqual({ type: 'subscription_schedule', id: 'sub_sched_For0001' });
    expect(parseForId('sub_For0001').type).toBe('subscription');
  });
});

describe.concurrent('check --for a Checkout Session', () => {
  it('takes the customer, currency, amount and products from the session; the customer and history in round trip 2', async () => {
    const fake = await roundTripFake(scenario);
    const d = await checkFor(fake, 'promo_new', 'cs_test_For0001');
    expect(codesOf(d.reasons).sort()).toEqual(['customer_has_prior_transactions', 'minimum_amount_not_met']);
    expect(d.context).toMatchObject({ customer: 'cus_h', amount: 4000, currency: 'usd', products: ['prod_A'] });
    expect(d.context_from).toEqual({
      object: { type: 'checkout_session', id: 'cs_test_For0001' },
      existing_discounts: [],
      sources: { customer: 'object', currency: 'object', amount: 'object', products: 'object' },
    });
    expectOnlyGets(fake);
    const lines = requestLines(fake);
    expect(lines.slice(0, 2).sort()).toEqual([
      'GET /v1/checkout/sessions/cs_test_For0001',
      'GET /v1/promotion_codes/promo_new',
    ]);
    expect(lines).toHaveLength(7); // the code and the session; the customer and its four history lists
    expect(fake.roundTrips()).toBe(2);
    expect(fake.roundTrips()).toBeLessThanOrEqual(3);
    const sessionRequest = fake.requests.find((r) => r.path.startsWith('/v1/checkout/sessions/'))!;
    expect(sessionRequest.expand.sort()).toEqual([
      'discounts.coupon',
      'discounts.promotion_code',
      'line_items',
      'total_details.breakdown',
    ]);
  });

  it('a flag given as well wins, and the document says so', async () => {
    const fake = await roundTripFake(scenario);
    const d = await checkFor(fake, 'promo_new', 'cs_test_For0001', {
      customer: 'cus_other',
      amount: '6000',
      currency: 'usd',
    });
    expect(codesOf(d.reasons)).toEqual([]);
    expect(d.context).toMatchObject({ customer: 'cus_other', amount: 6000, currency: 'usd', products: ['prod_A'] });
    expect(d.context_from.sources).toEqual({ customer: 'flag', currency: 'flag', amount: 'flag', products: 'object' });
    expect(fake.roundTrips()).toBeLessThanOrEqual(3);
  });

  it('an amount in another currency than a --currency given is not used', async () => {
    const fake = await roundTripFake(scenario);
    const d = await checkFor(fake, 'promo_new', 'cs_test_For0001', { currency: 'eur' });
    expect(d.context).toMatchObject({ currency: 'eur', amount: null });
    expect(d.context_from.sources).toMatchObject({ currency: 'flag', amount: null });
  });

  it('lists the discounts already applied to the session', async () => {
    const fake = await roundTripFake(() =>
      scenario({ checkoutSessions: [session({ discounts: [{ coupon: null, promotion_code: 'promo_new' }] })] }),
    );
    const d = await checkFor(fake, 'promo_new', 'cs_test_For0001');
    expect(d.context_from.existing_discounts).toEqual([{ coupon: 'WELCOME', promotion_code: 'promo_new' }]);
  });

  it('a session that does not exist is bad input', async () => {
    const fake = await roundTripFake(scenario);
    const reader = await readerFor(fake);
    const error = await rejection(diagnoseCheckFor(reader, 'promo_new', context(), parseForId('cs_test_Nope'), {}));
    expect(error.message).toBe(
      'The Checkout Session cs_test_Nope the redemption is for does not exist in this account (test mode).',
    );
    expect(error).toBeInstanceOf(InputError);
  });
});

describe.concurrent('coupon --for', () => {
  it('a subscription: its currency, items and their prices; one round trip', async () => {
    const sub = build.subscription({
      id: 'sub_For0001',
      customer: 'cus_h',
      currency: 'eur',
      items: {
        object: 'list',
        has_more: false,
        url: '/v1/subscription_items?subscription=sub_For0001',
        data: [
          {
            id: 'si_For0001',
            object: 'subscription_item',
            discounts: [],
            price: { id: 'price_B', object: 'price', currency: 'eur', product: 'prod_B', unit_amount: 1500 },
            quantity: 2,
          },
        ],
      } as never,
    });
    const fake = await roundTripFake(() => ({
      ...scenario(),
      subscriptions: [sub],
      coupons: [
        build.coupon({
          id: 'TENOFF',
          percent_off: null,
          amount_off: 1000,
          currency: 'usd',
          applies_to: { products: ['prod_A'] },
        }),
      ],
    }));
    const reader = await readerFor(fake);
    const d = doc(await diagnoseCouponFor(reader, 'TENOFF', context(), parseForId('sub_For0001'), {}));
    // A code added to a subscription is a subscription update, for coupon --for as for check --for
    // (one context function, issue 17): there a coupon for other products is accepted and discounts nothing.
    expect(codesOf(d.reasons).sort()).toEqual(['currency_mismatch', 'product_not_discounted']);
    expect(d.context).toMatchObject({
      customer: 'cus_h',
      currency: 'eur',
      amount: 3000,
      products: ['prod_B'],
      surface: 'subscription_update',
    });
    expect(fake.roundTrips()).toBe(1);
    const subRequest = fake.requests.find((r) => r.path === '/v1/subscriptions/sub_For0001')!;
    expect(subRequest.expand.sort()).toEqual(['discounts', 'items.data.discounts']);
  });

  it('an invoice: its customer, currency, subtotal and line products', async () => {
    const inv = build.invoice({
      id: 'in_For0001',
      customer: 'cus_h',
      currency: 'usd',
      subtotal: 2500,
      lines: {
        object: 'list',
        has_more: false,
        url: '/v1/invoices/in_For0001/lines',
        data: [
          {
            id: 'il_For0001',
            object: 'line_item',
            amount: 2500,
            currency: 'usd',
            discount_amounts: [],
            discounts: [],
            pricing: {
              type: 'price_details',
              price_details: { price: 'price_A', product: 'prod_A' },
              unit_amount_decimal: '2500',
            },
            quantity: 1,
          },
        ],
      } as never,
    });
    const fake = await roundTripFake(() => ({ ...scenario(), invoices: [inv] }));
    const reader = await readerFor(fake);
    const d = doc(await diagnoseCouponFor(reader, 'WELCOME', context(), parseForId('in_For0001'), {}));
    expect(codesOf(d.reasons)).toEqual([]);
    expect(d.context).toMatchObject({ customer: 'cus_h', currency: 'usd', amount: 2500, products: ['prod_A'] });
    expect(d.context_from.object).toEqual({ type: 'invoice', id: 'in_For0001' });
  });
});

describe.concurrent('check --for a customer', () => {
  it('the customer and its currency; the discount it already has; its history in round trip 2', async () => {
    const withDiscount = build.customer({
      id: 'cus_h',
      currency: 'usd',
      discount: build.discount({
        id: 'di_For0001',
        customer: 'cus_h',
        coupon: 'WELCOME',
        promotion_code: 'promo_new',
      }) as never,
    });
    const fake = await roundTripFake(() => scenario({ customers: [withDiscount] }));
    const d = await checkFor(fake, 'promo_new', 'cus_h');
    expect(d.context).toMatchObject({ customer: 'cus_h', currency: 'usd', amount: null, products: [] });
    expect(d.context_from.sources).toEqual({ customer: 'object', currency: 'object', amount: null, products: null });
    expect(d.context_from.existing_discounts).toEqual([{ coupon: 'WELCOME', promotion_code: 'promo_new' }]);
    expect(codesOf(d.reasons)).toContain('customer_has_prior_transactions');
    expect(fake.roundTrips()).toBeLessThanOrEqual(3);
  });
});

describe.concurrent('through the built binary', () => {
  it('check --for cs_…: the human output says where the context came from', async () => {
    const fake = await startFake(scenario());
    const r = await runAgainst(fake, [
      'check',
      'promo_new',
      '--for',
      'cs_test_For0001',
      '--at',
      '2026-06-01',
      '--currency',
      'usd',
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('Context from cs_test_For0001: customer, amount, products; currency from the flag.');
  });

  it("--price with --for: the price is read in the first round trip and its product wins over the session's", async () => {
    const fake = await roundTripFake(() => scenario({ prices: [build.price({ id: 'price_B', product: 'prod_B' })] }));
    const r = await runAgainst(fake, [
      'check',
      'promo_new',
      '--for',
      'cs_test_For0001',
      '--price',
      'price_B',
      '--at',
      '2026-06-01',
      '--json',
    ]);
    const d = jsonDoc(r) as ForDoc;
    expect(d.context).toMatchObject({ customer: 'cus_h', currency: 'usd', amount: 4000, products: ['prod_B'] });
    expect(d.context_from.sources).toEqual({
      customer: 'object',
      currency: 'object',
      amount: 'object',
      products: 'flag',
    });
    expect(codesOf(d.reasons)).toContain('product_not_eligible');
    const lines = requestLines(fake);
    expect(lines.slice(0, 3).sort()).toEqual([
      'GET /v1/checkout/sessions/cs_test_For0001',
      'GET /v1/prices/price_B',
      'GET /v1/promotion_codes/promo_new',
    ]);
    expect(fake.roundTrips()).toBe(2);
  });

  it('--for with an id of another kind is bad usage, before any request', async () => {
    const fake = await startFake(scenario());
    const r = await runAgainst(fake, ['coupon', 'WELCOME', '--for', 'pi_123']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'promo-doctor: --for "pi_123" is not a Checkout Session (cs_…), Payment Link (plink_…), invoice (in_…), subscription (sub_…), subscription schedule (sub_sched_…) or customer (cus_…) id.\n',
    );
    expect(fake.requests).toHaveLength(0);
  });
});
