/**
 * The fake's two billing endpoints (test/support/fakeStripe/billing.ts), through the real
 * stripe SDK: the portal configurations it lists, and POST /v1/invoices/create_preview, which
 * accepts a code with a preview invoice or refuses it with Stripe's 400 and message.
 */
import type Stripe from 'stripe';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as build from '../support/builders.js';
import type { Scenario } from '../support/fakeStripe.js';
import { rejection as rejectionOf, sdkFor, startFake, stopFakes } from '../helpers/liveStripe.js';

const sdk = sdkFor;
const rejection = (promise: Promise<unknown>): Promise<Stripe.errors.StripeError> =>
  rejectionOf<Stripe.errors.StripeError>(promise);

beforeEach(() => build.resetBuilderIds());
afterEach(stopFakes);

const scenario = (code: Parameters<typeof build.promotionCode>[0] = {}, extra: Partial<Scenario> = {}): Scenario => ({
  coupons: [build.coupon({ id: 'C20' })],
  customers: [build.customer({ id: 'cus_1' })],
  promotionCodes: [build.promotionCode({ id: 'promo_x', coupon: 'C20', ...code })],
  ...extra,
});

const subscriptionPreview = (
  amount: number,
  extra: Partial<Stripe.InvoiceCreatePreviewParams.SubscriptionDetails> = {},
): Stripe.InvoiceCreatePreviewParams => ({
  customer: 'cus_1',
  discounts: [{ promotion_code: 'promo_x' }],
  subscription_details: {
    items: [
      {
        price_data: { currency: 'usd', product: 'prod_A', unit_amount: amount, recurring: { interval: 'month' } },
        quantity: 1,
      },
    ],
    ...extra,
  },
});

describe('GET /v1/billing_portal/configurations', () => {
  const configurations = [
    {
      id: 'bpc_default',
      object: 'billing_portal.configuration',
      is_default: true,
      active: true,
      features: { subscription_update: { enabled: true, default_allowed_updates: ['price'] } },
    },
    {
      id: 'bpc_other',
      object: 'billing_portal.configuration',
      is_default: false,
      active: true,
      features: { subscription_update: { enabled: false, default_allowed_updates: [] } },
    },
  ];

  it('lists them, filtered by is_default', async () => {
    const fake = await startFake({ portalConfigurations: configurations });
    expect((await sdk(fake).billingPortal.configurations.list()).data.map((c) => c.id)).toEqual([
      'bpc_default',
      'bpc_other',
    ]);
    expect((await sdk(fake).billingPortal.configurations.list({ is_default: true })).data.map((c) => c.id)).toEqual([
      'bpc_default',
    ]);
  });

  it('a restricted key without "Customer portal: Read" gets Stripe 403 naming the permission', async () => {
    const fake = await startFake({
      portalConfigurations: configurations,
      keys: { rk_test_narrow: { mode: 'test', permissions: ['promotion_codes:read'] } },
    });
    const error = await rejection(sdk(fake, 'rk_test_narrow').billingPortal.configurations.list());
    expect(error.statusCode).toBe(403);
    expect(error.message).toContain("'rak_billing_portal_configuration_read'");
  });
});

describe('POST /v1/invoices/create_preview', () => {
  it('accepts a code with a preview invoice carrying the discount', async () => {
    const fake = await startFake(scenario());
    const invoice = await sdk(fake).invoices.createPreview(subscriptionPreview(4000));
    expect(invoice).toMatchObject({
      object: 'invoice',
      customer: 'cus_1',
      subtotal: 4000,
      discounts: [{ promotion_code: 'promo_x' }],
    });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/invoices/create_preview']);
    expect(new URLSearchParams(fake.requests[0]!.body).get('discounts[0][promotion_code]')).toBe('promo_x');
  });

  it('refuses a preview without items, in the words Stripe uses (stripe/stripe-node#2347)', async () => {
    const fake = await startFake(scenario());
    const error = await rejection(sdk(fake).invoices.createPreview({ customer: 'cus_1' }));
    expect(error.statusCode).toBe(400);
    expect(error.message).toBe(
      'You must provide at least one of: `subscription`, `schedule`, `subscription_details.items`, `schedule_details.phases`, `invoice_items`.',
    );
  });

  it.each([
    [
      'a redeemed-out code',
      { max_redemptions: 3, times_redeemed: 3 },
      'This promotion code cannot be redeemed because it has been used the maximum number of times.',
    ],
    [
      'a minimum amount on invoice items',
      { restrictions: { minimum_amount: 1000, minimum_amount_currency: 'usd' } },
      'uses the `minimum_amount` restriction',
    ],
  ] as const)('refuses %s', async (_what, code, message) => {
    const fake = await startFake(scenario(code));
    const params: Stripe.InvoiceCreatePreviewParams = {
      customer: 'cus_1',
      discounts: [{ promotion_code: 'promo_x' }],
      invoice_items: [{ amount: 4000, currency: 'usd' }],
    };
    const error = await rejection(sdk(fake).invoices.createPreview(params));
    expect(error.statusCode).toBe(400);
    expect(error.message).toContain(message);
    expect(error.param).toBe('discounts[0][promotion_code]');
  });

  it('judges a minimum on a new subscription by its first invoice; a trial makes it $0', async () => {
    const fake = await startFake(scenario({ restrictions: { minimum_amount: 5000, minimum_amount_currency: 'usd' } }));
    await expect(sdk(fake).invoices.createPreview(subscriptionPreview(6000))).resolves.toMatchObject({
      subtotal: 6000,
    });
    expect((await rejection(sdk(fake).invoices.createPreview(subscriptionPreview(4000)))).statusCode).toBe(400);
    expect(
      (await rejection(sdk(fake).invoices.createPreview(subscriptionPreview(6000, { trial_end: 1_900_000_000 }))))
        .statusCode,
    ).toBe(400);
  });

  it('refuses a first-time code for a customer with history (stripe/stripe-php#1146)', async () => {
    const fake = await startFake(
      scenario(
        { restrictions: { first_time_transaction: true } },
        { charges: [build.charge({ id: 'ch_1', customer: 'cus_1' })] },
      ),
    );
    const error = await rejection(sdk(fake).invoices.createPreview(subscriptionPreview(4000)));
    expect(error.message).toBe(
      'This promotion code cannot be redeemed because the associated customer has prior transactions.',
    );
  });

  it('stages an answer: a refusal or an acceptance, whatever the code', async () => {
    const refusing = await startFake(scenario({}, { invoicePreview: { refuse: { message: 'Staged refusal.' } } }));
    expect((await rejection(sdk(refusing).invoices.createPreview(subscriptionPreview(4000)))).message).toBe(
      'Staged refusal.',
    );
    const accepting = await startFake(scenario({ active: false }, { invoicePreview: { accept: true } }));
    await expect(sdk(accepting).invoices.createPreview(subscriptionPreview(4000))).resolves.toMatchObject({
      object: 'invoice',
    });
  });

  it('a restricted key needs Invoices write: 403 naming rak_invoice_write', async () => {
    const fake = await startFake(
      scenario({}, { keys: { rk_test_read: { mode: 'test', permissions: ['invoices:read'] } } }),
    );
    const error = await rejection(sdk(fake, 'rk_test_read').invoices.createPreview(subscriptionPreview(4000)));
    expect(error.statusCode).toBe(403);
    expect(error.message).toContain("'rak_invoice_write'");
  });

  it('every other POST is still refused with the fake read-only 405', async () => {
    const fake = await startFake(scenario());
    const error = await rejection(sdk(fake).coupons.create({ percent_off: 10, duration: 'once' }));
    expect(error.statusCode).toBe(405);
  });
});
