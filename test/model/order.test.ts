/**
 * Checkout Sessions, invoices and invoice previews (current and older shapes), and a
 * subscription's item-level discounts: normalised from real-shaped payloads
 * (test/fixtures/explain/orders, built from the stripe-node types), each discount explained,
 * and a discount that took nothing off reported.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStripeText } from '../../src/model/input.js';
import type { Order } from '../../src/model/order.js';
import type { Subscription } from '../../src/model/types.js';
import { diagnoseOrder, diagnoseSubscription } from '../../src/rules/diagnose.js';
import { FIXTURES } from '../helpers/cli.js';
import { ctx } from '../helpers/model.js';

/** 2026-03-03: after the orders were made, before the discounts end. */
const MARCH = Date.UTC(2026, 2, 3) / 1000;
const march = () => ctx({ at: MARCH, observed_at: MARCH });

function read<T>(name: string): T {
  const parsed = parseStripeText(readFileSync(`${FIXTURES}explain/orders/${name}`, 'utf8'), name);
  return parsed.items[0] as T;
}

describe('a Checkout Session', () => {
  it('its discount, with the amount it took off from the breakdown and the fuller discount object', () => {
    const order = read<Order>('checkout-session-discounted.json');
    expect(order).toMatchObject({
      kind: 'checkout_session',
      id: 'cs_test_Example0301',
      currency: 'eur',
      customer: 'cus_Example0301',
      subtotal: 4000,
      total_discount: 1000,
      total: 3000,
    });
    expect(order.discounts).toHaveLength(1);
    expect(order.discounts[0]!.amount).toBe(1000);
    expect(order.discounts[0]!.discount).toMatchObject({
      id: 'di_Example0301',
      coupon: { kind: 'coupon', id: 'SPRING25' },
      promotion_code: { kind: 'reference', id: 'promo_Example0002' },
    });
    expect(order.lines).toEqual([
      {
        id: 'li_Example0301',
        price: 'price_Example0301',
        product: 'prod_Example0201',
        quantity: 1,
        amount: 4000,
        discount_amounts: [{ discount: 'di_Example0301', coupon: 'SPRING25', amount: 1000 }],
      },
    ]);
    const d = diagnoseOrder(order, ctx());
    expect(d.target).toEqual({ type: 'checkout_session', id: 'cs_test_Example0301' });
    expect(d.reasons).toEqual([]);
    expect(d.discounts![0]!.attached_to).toEqual({ type: 'checkout_session', id: 'cs_test_Example0301' });
  });

  it('a guest session whose coupon is limited to other products: discount_applied_to_nothing', () => {
    const order = read<Order>('checkout-session-discounted-nothing.json');
    expect(order.customer).toBeNull();
    const d = diagnoseOrder(order, ctx());
    expect(d.reasons.map((f) => [f.code, f.severity, f.id])).toEqual([
      ['discount_applied_to_nothing', 'warning', 'SHIRTS10'],
    ]);
    expect(d.reasons[0]!.evidence).toEqual({
      order: 'cs_test_Example0302',
      order_type: 'checkout_session',
      coupon: 'SHIRTS10',
      promotion_code: null,
      amount_discounted: 0,
      line_products: ['prod_Mug'],
      applies_to_products: ['prod_Shirt'],
    });
    expect(d.verdict).toBe('redeemable');
  });
});

describe('an invoice (API 2025-03-31 and later)', () => {
  const order = read<Order>('invoice-product-restricted.json');

  it('discounts by id, amounts per discount, products under pricing.price_details, subscription under parent', () => {
    expect(order).toMatchObject({
      kind: 'invoice',
      id: 'in_Example0401',
      preview: false,
      subscription: 'sub_Example0401',
      total_discount: 500,
    });
    expect(order.discounts.map((d) => [d.discount.id, d.amount])).toEqual([
      ['di_Example0401', 500],
      ['di_Example0402', 0],
    ]);
    expect(order.lines![0]!.product).toBe('prod_Pro');
  });

  it('the discount that applied to no line is a finding; the other is not', () => {
    const d = diagnoseOrder(order, ctx());
    expect(d.reasons.map((f) => [f.code, f.id])).toEqual([['discount_applied_to_nothing', 'di_Example0402']]);
    expect(d.discounts!.map((dd) => dd.reasons.map((f) => f.code))).toEqual([[], ['discount_applied_to_nothing']]);
  });

  it('no amount per discount, but every line says what each took off: the lines decide', () => {
    const raw = JSON.parse(readFileSync(`${FIXTURES}explain/orders/invoice-product-restricted.json`, 'utf8')) as Record<
      string,
      unknown
    >;
    delete raw.total_discount_amounts;
    const fromLines = parseStripeText(JSON.stringify(raw), 'x').items[0] as Order;
    expect(fromLines.discounts.map((d) => d.amount)).toEqual([null, null]);
    const reasons = diagnoseOrder(fromLines, ctx()).reasons;
    expect(reasons.map((f) => [f.code, f.id])).toEqual([['discount_applied_to_nothing', 'di_Example0402']]);
    expect(reasons[0]!.evidence).toMatchObject({ amount_discounted: null, line_products: ['prod_Pro'] });
  });
});

describe('an invoice preview (API 2024-06-20)', () => {
  it('no id, the legacy single discount with its coupon, products under price.product', () => {
    const order = read<Order>('invoice-preview-2024-06-20.json');
    expect(order).toMatchObject({
      kind: 'invoice',
      id: 'invoice_preview',
      preview: true,
      subscription: 'sub_Example0402',
      total_discount: 1200,
    });
    expect(order.discounts).toHaveLength(1);
    expect(order.discounts[0]).toMatchObject({
      amount: 1200,
      discount: { id: 'di_Example0403', coupon: { id: 'WELCOME20' }, end: 1780236900 },
    });
    expect(order.lines![0]!.product).toBe('prod_Team');
    expect(diagnoseOrder(order, march()).reasons).toEqual([]);
  });
});

describe('a subscription with an item-level discount, on trial', () => {
  it('the item discount is explained beside the subscription one', () => {
    const sub = read<Subscription>('subscription-item-discount.json');
    expect(sub.status).toBe('trialing');
    expect(sub.discounts.map((d) => [d.id, d.subscription_item])).toEqual([
      ['di_Example0501', null],
      ['di_Example0502', 'si_Example0501'],
    ]);
    const d = diagnoseSubscription(sub, march());
    expect(d.discounts![1]!.reasons.map((f) => f.code)).toEqual(['discount_outlives_coupon']);
    expect(d.discounts![1]!.coupon_reasons.map((f) => f.code)).toEqual(['coupon_max_redemptions_reached']);
  });
});
