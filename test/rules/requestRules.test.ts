/**
 * The refusals a request body predicts by itself (src/rules/requestRules.ts): each present and
 * absent, in each spelling the Dashboard log can show a body, and how a failed request's
 * diagnosis combines them with Stripe's own answer.
 */
import { describe, expect, it } from 'vitest';
import { parseStripeText } from '../../src/model/input.js';
import { discountParameters, type FailedRequest } from '../../src/model/failedRequest.js';
import { diagnoseFailedRequest } from '../../src/rules/diagnose.js';
import { type RequestShape, requestDetections } from '../../src/rules/requestRules.js';
import { ctx } from '../helpers/model.js';

const request = (path: string, body: Record<string, unknown>, api_version: string | null = null): RequestShape => ({
  method: 'POST',
  path,
  api_version,
  parameters: discountParameters(body),
});
const codes = (r: RequestShape) => requestDetections(r, 'req_1').map((d) => d.code);

describe('request rules', () => {
  it('checkout_discounts_conflict: allow_promotion_codes beside discounts on a Checkout Session create', () => {
    const both = request('/v1/checkout/sessions', {
      allow_promotion_codes: 'true',
      discounts: [{ promotion_code: 'promo_1' }],
    });
    expect(codes(both)).toEqual(['checkout_discounts_conflict']);
    expect(requestDetections(both, 'req_1')[0]?.evidence).toEqual({
      request: { method: 'POST', path: '/v1/checkout/sessions', api_version: null },
      parameters: ['allow_promotion_codes', 'discounts'],
    });
    // false counts: the parameter is passed.
    expect(
      codes({
        ...both,
        parameters: discountParameters({ allow_promotion_codes: 'false', 'discounts[0][coupon]': 'C' }),
      }),
    ).toEqual(['checkout_discounts_conflict']);
    // Absent: one of the two, or a session update (another path).
    expect(codes({ ...both, parameters: discountParameters({ allow_promotion_codes: 'true' }) })).toEqual([]);
    expect(codes({ ...both, parameters: discountParameters({ discounts: [{ promotion_code: 'promo_1' }] }) })).toEqual(
      [],
    );
    expect(codes({ ...both, path: '/v1/checkout/sessions/cs_1' })).toEqual([]);
  });

  it('checkout_single_discount: two entries in a Checkout Session create’s discounts', () => {
    const two = request('/v1/checkout/sessions', {
      'discounts[0][coupon]': 'A',
      'discounts[1][promotion_code]': 'promo_1',
    });
    expect(codes(two)).toEqual(['checkout_single_discount']);
    expect(codes({ ...two, parameters: discountParameters({ 'discounts[0][coupon]': 'A' }) })).toEqual([]);
    // A subscription stacks discounts: no refusal.
    expect(codes({ ...two, path: '/v1/subscriptions' })).toEqual([]);
  });

  it('coupon_and_promotion_code_conflict: both in one entry, or both at the top level', () => {
    expect(
      codes(request('/v1/subscriptions', { discounts: { 0: { coupon: 'A', promotion_code: 'promo_1' } } })),
    ).toEqual(['coupon_and_promotion_code_conflict']);
    expect(codes(request('/v1/subscriptions', { coupon: 'A', promotion_code: 'promo_1' }, '2024-06-20'))).toEqual([
      'coupon_and_promotion_code_conflict',
    ]);
    expect(
      codes(request('/v1/subscriptions', { discounts: [{ coupon: 'A' }, { promotion_code: 'promo_1' }] })),
    ).toEqual([]);
  });

  it('discount_parameter_removed: a top-level coupon on a subscription from API version 2025-03-31', () => {
    const old = request('/v1/subscriptions/sub_1', { coupon: 'A' }, '2025-03-31.basil');
    expect(codes(old)).toEqual(['discount_parameter_removed']);
    expect(codes({ ...old, path: '/v1/customers/cus_1' })).toEqual(['discount_parameter_removed']);
    // Absent: an earlier version, an unknown one, the discounts parameter, or Checkout (never had it).
    expect(codes({ ...old, api_version: '2024-06-20' })).toEqual([]);
    expect(codes({ ...old, api_version: null })).toEqual([]);
    expect(codes({ ...old, parameters: discountParameters({ discounts: [{ coupon: 'A' }] }) })).toEqual([]);
    expect(codes({ ...old, path: '/v1/checkout/sessions' })).toEqual([]);
  });

  it('judges only POST requests', () => {
    expect(codes({ ...request('/v1/subscriptions', { coupon: 'A', promotion_code: 'B' }), method: 'GET' })).toEqual([]);
  });
});

describe("a failed request: Stripe's answer first, the prediction where Stripe's words are not understood", () => {
  const log = (message: string) =>
    [
      'POST /v1/checkout/sessions',
      'Status',
      '400 ERR',
      'ID',
      'req_Example1',
      'Response body',
      JSON.stringify({ error: { message, type: 'invalid_request_error' } }),
      'Request POST body',
      JSON.stringify({ allow_promotion_codes: 'true', 'discounts[0][promotion_code]': 'promo_1' }),
    ].join('\n');
  const diagnose = (message: string) => {
    const item = parseStripeText(log(message), 'log').items[0] as FailedRequest;
    return diagnoseFailedRequest(item, ctx(), null).reasons.map((f) => f.code);
  };

  it("Stripe's recognised message: one finding, from Stripe's words", () => {
    expect(diagnose('You may only specify one of these parameters: allow_promotion_codes, discounts.')).toEqual([
      'checkout_discounts_conflict',
    ]);
  });

  it("a message promo-doctor does not recognise: Stripe's words kept, and the request's own cause named", () => {
    expect(diagnose('Something new went wrong.')).toEqual([
      'stripe_refusal_unrecognised',
      'checkout_discounts_conflict',
    ]);
  });

  it('a message recognised as another cause: Stripe judged this request, so nothing is added', () => {
    expect(diagnose('Coupon rIKJvnUw is expired and cannot be applied.')).not.toContain('checkout_discounts_conflict');
  });
});
