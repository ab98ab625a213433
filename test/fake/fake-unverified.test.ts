/**
 * The fake answers with Stripe's wording where a public source quotes it, and marks the rest
 * (issue 20, "Sources and honesty"): a refusal in the fake's own words carries the
 * Fake-Stripe-Unverified header; every refusal without it is one of the verbatim wordings of
 * test/fixtures/stripe-wordings/corpus.json. A preview with only customer_details is accepted, as
 * the API reference says.
 */
import { readFileSync } from 'node:fs';
import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as build from '../support/builders.js';
import type { Scenario } from '../support/fakeStripe.js';
import { UNVERIFIED_HEADER } from '../support/fakeStripe/billing.js';
import { FIXTURES } from '../helpers/cli.js';
import { rejection, sdkFor, startFake, stopFakes } from '../helpers/liveStripe.js';

beforeEach(() => build.resetBuilderIds());
afterEach(stopFakes);

const VERBATIM = new Set(
  (
    JSON.parse(readFileSync(`${FIXTURES}stripe-wordings/corpus.json`, 'utf8')) as {
      wordings: Array<{ message: string }>;
    }
  ).wordings.map((w) => w.message),
);

const items = (amount: number) => ({
  items: [
    {
      price_data: {
        currency: 'usd',
        product: 'prod_A',
        unit_amount: amount,
        recurring: { interval: 'month' as const },
      },
      quantity: 1,
    },
  ],
});

const scenario = (code: Parameters<typeof build.promotionCode>[0] = {}): Scenario => ({
  coupons: [build.coupon({ id: 'C20' })],
  customers: [build.customer({ id: 'cus_1' })],
  promotionCodes: [build.promotionCode({ id: 'promo_x', coupon: 'C20', ...code })],
});

async function refusalOf(s: Scenario, params: Stripe.InvoiceCreatePreviewParams) {
  const fake = await startFake(s);
  const error = await rejection<Stripe.errors.StripeError>(sdkFor(fake).invoices.createPreview(params));
  const unverified =
    fake.requests.at(-1)?.status === 400 ? error.headers?.[UNVERIFIED_HEADER.toLowerCase()] : undefined;
  return { message: error.message, unverified };
}

describe("the fake's refusals: Stripe's words or marked", () => {
  const cases: Array<[string, Scenario, Stripe.InvoiceCreatePreviewParams]> = [
    [
      'inactive',
      scenario({ active: false }),
      { customer: 'cus_1', discounts: [{ promotion_code: 'promo_x' }], subscription_details: items(5000) },
    ],
    [
      'another customer',
      scenario({ customer: 'cus_other' }),
      { customer: 'cus_1', discounts: [{ promotion_code: 'promo_x' }], subscription_details: items(5000) },
    ],
    [
      'redeemed out',
      scenario({ max_redemptions: 1, times_redeemed: 1 }),
      { customer: 'cus_1', discounts: [{ promotion_code: 'promo_x' }], subscription_details: items(5000) },
    ],
    [
      'below the minimum',
      scenario({
        restrictions: { first_time_transaction: false, minimum_amount: 9000, minimum_amount_currency: 'usd' },
      }),
      { customer: 'cus_1', discounts: [{ promotion_code: 'promo_x' }], subscription_details: items(5000) },
    ],
    [
      'a minimum on invoice items',
      scenario({
        restrictions: { first_time_transaction: false, minimum_amount: 100, minimum_amount_currency: 'usd' },
      }),
      {
        customer: 'cus_1',
        currency: 'usd',
        discounts: [{ promotion_code: 'promo_x' }],
        invoice_items: [{ amount: 5000, currency: 'usd' }],
      },
    ],
    [
      'no customer at all',
      scenario(),
      { discounts: [{ promotion_code: 'promo_x' }], subscription_details: items(5000) },
    ],
  ];

  it.each(cases)('%s', async (_name, s, params) => {
    const { message, unverified } = await refusalOf(s, params);
    if (unverified === undefined) expect(VERBATIM, message).toContain(message);
    else expect(unverified).toBe('wording');
  });

  it('the minimum refusal uses the wording public projects quote, unmarked', async () => {
    const { message, unverified } = await refusalOf(cases[3]![1], cases[3]![2]);
    expect(message).toBe(
      'This promotion code cannot be redeemed because the associated purchase does not meet the minimum amount requirement.',
    );
    expect(unverified).toBeUndefined();
  });

  it("a refusal in the fake's own words is marked", async () => {
    const { unverified } = await refusalOf(cases[0]![1], cases[0]![2]);
    expect(unverified).toBe('wording');
  });
});

describe('a preview with only customer_details', () => {
  it('is accepted, as the API reference takes customer_details in place of a customer', async () => {
    const fake = await startFake(scenario());
    const invoice = await sdkFor(fake).invoices.createPreview({
      customer_details: { tax_exempt: 'none' },
      discounts: [{ promotion_code: 'promo_x' }],
      subscription_details: items(5000),
    });
    expect(invoice.object).toBe('invoice');
  });
});
