/**
 * A failed request pasted from the Dashboard log: the request line, the labelled lines, the
 * error "Response body" and the "Request POST body", read into what was being redeemed, when,
 * with which API version, and the live command that diagnoses it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCommandFor, formValue, parseLogTime, redemptionAttempt } from '../../src/model/failedRequest.js';
import { parseStripeText } from '../../src/model/input.js';
import type { FailedRequest } from '../../src/model/failedRequest.js';
import { FIXTURES } from '../helpers/cli.js';

const fixture = (name: string) => readFileSync(`${FIXTURES}explain/failed-requests/${name}`, 'utf8');

function failedRequest(text: string): FailedRequest {
  const parsed = parseStripeText(text, 'log.txt');
  expect(parsed.wrapper).toBe('dashboard_log');
  expect(parsed.items).toHaveLength(1);
  expect(parsed.items[0]!.kind).toBe('failed_request');
  return parsed.items[0] as FailedRequest;
}

describe('a failed Checkout Session request', () => {
  const request = failedRequest(fixture('checkout-prior-transactions.txt'));

  it('reads the request line, the labelled lines and the error', () => {
    expect(request).toMatchObject({
      method: 'POST',
      path: '/v1/checkout/sessions',
      request_id: 'req_Example0201',
      status: 400,
      api_version: '2025-03-31.basil',
    });
    expect(request.time).toBe(Date.UTC(2026, 2, 2, 14, 15, 7) / 1000);
    expect(request.error.param).toBe('discounts[0][promotion_code]');
  });

  it('reads what was redeemed, for whom, in what currency and for how much', () => {
    expect(request.redeemed).toEqual({
      surface: 'checkout',
      promotion_code: 'promo_Example0002',
      coupon: null,
      customer: 'cus_Example0201',
      currency: 'eur',
      amount: 4000,
      prices: [],
      products: ['prod_Example0201'],
      trial: false,
    });
  });

  it('gives the exact check command, with the time of the request', () => {
    expect(checkCommandFor(request)).toBe(
      'promo-doctor check promo_Example0002 --customer cus_Example0201 --amount 4000 --currency eur --product prod_Example0201 --surface checkout --at 2026-03-02T14:15:07Z',
    );
  });
});

describe('other shapes of the request body', () => {
  it('a subscription with the legacy promotion_code parameter and price ids: no amount, no currency', () => {
    const request = failedRequest(fixture('subscription-minimum-amount.txt'));
    expect(request.redeemed).toMatchObject({
      surface: 'subscription',
      promotion_code: 'promo_Example0202',
      customer: 'cus_Example0202',
      prices: ['price_Example0202'],
      amount: null,
      currency: null,
      trial: true,
    });
    expect(checkCommandFor(request)).toBe(
      'promo-doctor check promo_Example0202 --customer cus_Example0202 --price price_Example0202 --surface subscription --trial --at 2025-11-20T09:03:41Z',
    );
  });

  it('a raw form body with bracket keys, and an ISO time without zone (read as UTC)', () => {
    const request = failedRequest(fixture('checkout-zero-total.txt'));
    expect(request.redeemed).toMatchObject({
      promotion_code: 'promo_Example0203',
      customer: null,
      prices: ['price_Example0203'],
    });
    expect(request.time).toBe(Date.UTC(2024, 3, 11, 10, 22, 31) / 1000);
    expect(request.api_version).toBe('2022-11-15');
  });

  it('arrays as arrays, as objects keyed "0", or as bracket keys read the same', () => {
    const asArray = { discounts: [{ coupon: 'C1' }] };
    const asObject = { discounts: { '0': { coupon: 'C1' } } };
    const asFlat = { 'discounts[0][coupon]': 'C1' };
    for (const body of [asArray, asObject, asFlat]) expect(formValue(body, ['discounts', 0, 'coupon'])).toBe('C1');
    expect(redemptionAttempt('/v1/invoices', asObject)).toMatchObject({
      surface: 'invoice',
      coupon: 'C1',
      promotion_code: null,
    });
  });

  it('a customer update: the customer from the path, a coupon command', () => {
    const attempt = redemptionAttempt('/v1/customers/cus_Example0001', { coupon: 'SPRING25' });
    expect(attempt).toMatchObject({ surface: 'customer', customer: 'cus_Example0001', coupon: 'SPRING25' });
  });

  it('amounts add up over line items with unit amounts, and are unknown when one item has none', () => {
    const body = {
      currency: 'usd',
      line_items: [
        { price_data: { currency: 'usd', unit_amount: 1500 }, quantity: 2 },
        { price_data: { currency: 'usd', unit_amount: '500' } },
      ],
    };
    expect(redemptionAttempt('/v1/checkout/sessions', body).amount).toBe(3500);
    expect(
      redemptionAttempt('/v1/checkout/sessions', { ...body, line_items: [...body.line_items, { price: 'price_1' }] })
        .amount,
    ).toBeNull();
  });
});

describe('the log time', () => {
  it.each([
    ['7/14/23, 4:36:55 AM', Date.UTC(2023, 6, 14, 4, 36, 55) / 1000],
    ['7/14/23, 12:05:00 PM', Date.UTC(2023, 6, 14, 12, 5, 0) / 1000],
    ['7/14/23, 12:05:00 AM', Date.UTC(2023, 6, 14, 0, 5, 0) / 1000],
    ['2023-07-14T04:36:55Z', Date.UTC(2023, 6, 14, 4, 36, 55) / 1000],
    ['1689309415', 1689309415],
  ])('%s', (text, seconds) => {
    expect(parseLogTime(text)).toBe(seconds);
  });

  it('anything else is unknown, not a guess', () => {
    expect(parseLogTime('yesterday')).toBeNull();
    expect(parseLogTime('1/1/1969, 1:00:00 AM')).toBeNull();
    expect(parseLogTime(undefined)).toBeNull();
  });
});

describe('a log whose response is an object still explains the object', () => {
  it('the shipped customer log is a customer, not a failed request', () => {
    const parsed = parseStripeText(
      readFileSync(new URL('../../examples/dashboard-log-2020-08-27.txt', import.meta.url), 'utf8'),
      'x',
    );
    expect(parsed.items[0]!.kind).toBe('customer');
  });
});
