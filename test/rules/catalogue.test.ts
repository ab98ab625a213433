/**
 * Every reason code of the catalogue: one case that produces it (code, severity from
 * README, Reason catalogue, object, id, evidence) and one case where its cause is absent. The table test
 * at the end fails when the catalogue gains a code that no case here produces.
 */
import { describe, expect, it } from 'vitest';
import { CATALOGUE, REASON_CODES } from '../../src/rules/catalogue.js';
import {
  diagnoseCoupon,
  diagnoseCustomer,
  diagnoseMissing,
  diagnosePromotionCode,
  diagnoseStandaloneDiscount,
  diagnoseOrder,
  diagnoseStripeError,
  diagnoseSubscription,
  toFinding,
} from '../../src/rules/diagnose.js';
import { normalizeCheckoutSession } from '../../src/model/order.js';
import { detect, type Finding, type FindingObject, type ReasonCode } from '../../src/rules/findings.js';
import {
  AT,
  AT_ISO,
  DAY,
  HOUR,
  codes,
  coupon,
  ctx,
  customer,
  discount,
  history,
  promo,
  restrictions,
  subscription,
} from '../helpers/model.js';
import { DESIGN_SEVERITY } from '../helpers/design.js';

interface Case {
  /** Findings of a diagnosis in which the code must appear exactly once. */
  produce: () => readonly Finding[];
  object: FindingObject;
  id: string;
  evidence: Record<string, unknown>;
  /** Facts the sentence must state. */
  message: string[];
  /** Findings of the nearest diagnosis without the cause: the code must be absent. */
  absent: () => readonly Finding[];
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
const deadline = (field: string, at: number) => ({
  [field]: at,
  [`${field}_iso`]: iso(at),
  evaluated_at: AT,
  evaluated_at_iso: AT_ISO,
});

const usdMinimum = promo({ restrictions: restrictions({ minimum_amount: 5000, minimum_amount_currency: 'usd' }) });
const stackOf = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `di_${i}`, coupon: `C${i}`, promotion_code: null }));

const amountOff = coupon({ id: 'TENOFF', percent_off: null, amount_off: 1000, currency: 'usd', currency_options: {} });

/** A Stripe error body as explain reads it, normalised. */
const refusal = (message: string, code: string | null = null) =>
  diagnoseStripeError(
    {
      kind: 'stripe_error',
      error: { message, type: 'invalid_request_error', code, param: null, request_log_url: null },
      request_id: 'req_1',
    },
    ctx(),
  ).reasons;
const answer = (message: string, matched: string, code: string | null = null) => ({
  stripe_error: { message, type: 'invalid_request_error', code, param: null, request_log_url: null },
  matched,
  ambiguous_with: [],
});
/** A guest Checkout Session with one coupon limited to prod_Shirt, selling a mug; `amount` is what it took off. */
const mugSession = (amount: number) =>
  diagnoseOrder(
    normalizeCheckoutSession({
      id: 'cs_1',
      object: 'checkout.session',
      currency: 'eur',
      customer: null,
      amount_subtotal: 5000,
      amount_total: 5000 - amount,
      discounts: [
        {
          coupon: {
            id: 'SHIRTS10',
            object: 'coupon',
            percent_off: 10,
            applies_to: { products: ['prod_Shirt'] },
            valid: true,
          },
          promotion_code: null,
        },
      ],
      total_details: { amount_discount: amount },
      line_items: {
        object: 'list',
        has_more: false,
        data: [
          {
            id: 'li_1',
            object: 'item',
            amount_subtotal: 5000,
            price: { id: 'price_1', product: 'prod_Mug' },
            quantity: 1,
          },
        ],
      },
    }),
    ctx(),
  ).reasons;
const CARD_DECLINED = 'Your card was declined.';
const COUPON_AND_CODE = 'You may only specify one of these parameters: coupon, promotion_code';
const UNKNOWN_COUPON = 'Received unknown parameter: coupon';
/** A Checkout Session (or Payment Link) with no discount, as explain reads it. */
const sessionWith = (allow: unknown, extra: Record<string, unknown> = {}) =>
  diagnoseOrder(
    normalizeCheckoutSession({
      id: 'cs_2',
      object: 'checkout.session',
      currency: 'usd',
      customer: null,
      amount_subtotal: 5000,
      amount_total: 5000,
      discounts: [],
      allow_promotion_codes: allow,
      ...extra,
    }),
    ctx(),
  ).reasons;
const ALLOW_AND_DISCOUNTS = 'You may only specify one of these parameters: allow_promotion_codes, discounts.';
const ONE_DISCOUNT = 'Checkout Sessions supports up to one coupon or promotion code.';
const ZERO_TOTAL =
  'This promotion code cannot be applied because it reduces the total to zero. Upgrade your API version to 2023-08-16 to accept no-cost orders.';

/** The subscription's latest invoice, on which a once coupon was used (discount_stopped). */
function onceUsedInvoice() {
  return {
    id: 'in_1',
    created: AT - DAY,
    currency: 'usd',
    subtotal: 4000,
    total: 3200,
    discounts: [discount({ coupon: coupon({ duration: 'once' }) })],
    discounts_expanded: true,
  };
}

/** A portal configuration that takes codes (features.subscription_update with promotion_code). */
const PORTAL_TAKING_CODES = {
  configuration: 'bpc_1',
  subscription_update_enabled: true,
  default_allowed_updates: ['price', 'promotion_code'],
} as const;

const CASES: Record<ReasonCode, Case> = {
  promotion_code_not_found: {
    produce: () =>
      diagnoseMissing(
        detect('promotion_code_not_found', 'SUMMER20', { query: 'SUMMER20', looked_up_by: 'code' }),
        { type: 'promotion_code', id: 'SUMMER20', code: 'SUMMER20' },
        ctx(),
      ).reasons,
    object: 'promotion_code',
    id: 'SUMMER20',
    evidence: { query: 'SUMMER20', looked_up_by: 'code' },
    message: ['SUMMER20'],
    absent: () => diagnosePromotionCode(promo(), ctx()).reasons,
  },
  promotion_code_inactive: {
    produce: () => diagnosePromotionCode(promo({ active: false }), ctx()).reasons,
    object: 'promotion_code',
    id: 'promo_1',
    evidence: { active: false, coupon_checked: true },
    message: ['promo_1', 'active: false'],
    absent: () => diagnosePromotionCode(promo({ active: true }), ctx()).reasons,
  },
  promotion_code_expired: {
    produce: () => diagnosePromotionCode(promo({ expires_at: AT - DAY }), ctx()).reasons,
    object: 'promotion_code',
    id: 'promo_1',
    evidence: {
      expires_at: AT - DAY,
      expires_at_iso: '2026-05-31T00:00:00Z',
      evaluated_at: AT,
      evaluated_at_iso: AT_ISO,
    },
    message: ['promo_1', '2026-05-31', '1 day ago'],
    absent: () => diagnosePromotionCode(promo({ expires_at: AT + 1 }), ctx()).reasons,
  },
  promotion_code_max_redemptions_reached: {
    produce: () => diagnosePromotionCode(promo({ max_redemptions: 10, times_redeemed: 10 }), ctx()).reasons,
    object: 'promotion_code',
    id: 'promo_1',
    evidence: { times_redeemed: 10, max_redemptions: 10, remaining: 0 },
    message: ['promo_1', '10 of 10'],
    absent: () => diagnosePromotionCode(promo({ max_redemptions: 10, times_redeemed: 9 }), ctx()).reasons,
  },
  coupon_deleted: {
    produce: () => diagnosePromotionCode(promo({ coupon: { kind: 'deleted', id: 'OLD50' } }), ctx()).reasons,
    object: 'coupon',
    id: 'OLD50',
    evidence: { coupon: 'OLD50' },
    message: ['OLD50', 'deleted'],
    absent: () => diagnosePromotionCode(promo({ coupon: { kind: 'reference', id: 'OLD50' } }), ctx()).reasons,
  },
  coupon_redeem_by_passed: {
    produce: () => diagnosePromotionCode(promo({ coupon: coupon({ redeem_by: AT - 3 * HOUR }) }), ctx()).reasons,
    object: 'coupon',
    id: 'COUPON1',
    evidence: deadline('redeem_by', AT - 3 * HOUR),
    message: ['COUPON1', '2026-05-31 21:00 UTC', '3 hours ago'],
    absent: () => diagnosePromotionCode(promo({ coupon: coupon({ redeem_by: AT + 1 }) }), ctx()).reasons,
  },
  coupon_max_redemptions_reached: {
    produce: () => diagnoseCoupon(coupon({ max_redemptions: 5, times_redeemed: 5 }), ctx()).reasons,
    object: 'coupon',
    id: 'COUPON1',
    evidence: { times_redeemed: 5, max_redemptions: 5, remaining: 0 },
    message: ['COUPON1', '5 of 5'],
    absent: () => diagnoseCoupon(coupon({ max_redemptions: 5, times_redeemed: 4 }), ctx()).reasons,
  },
  coupon_invalid: {
    produce: () => diagnoseCoupon(coupon({ valid: false }), ctx()).reasons,
    object: 'coupon',
    id: 'COUPON1',
    evidence: { valid: false },
    message: ['COUPON1', 'valid: false'],
    absent: () => diagnoseCoupon(coupon({ valid: true }), ctx()).reasons,
  },
  customer_mismatch: {
    produce: () =>
      diagnosePromotionCode(promo({ customer: { kind: 'reference', id: 'cus_A' } }), ctx({ customer: 'cus_B' }))
        .reasons,
    object: 'promotion_code',
    id: 'promo_1',
    evidence: { restricted_to: 'cus_A', restricted_by: 'customer', customer: 'cus_B' },
    message: ['promo_1', 'cus_A', 'cus_B'],
    absent: () =>
      diagnosePromotionCode(promo({ customer: { kind: 'reference', id: 'cus_A' } }), ctx({ customer: 'cus_A' }))
        .reasons,
  },
  customer_deleted: {
    produce: () =>
      diagnosePromotionCode(promo({ customer: { kind: 'deleted', id: 'cus_gone' } }), ctx({ customer: 'cus_gone' }))
        .reasons,
    object: 'customer',
    id: 'cus_gone',
    evidence: { customer: 'cus_gone', role: 'restricted_to' },
    message: ['cus_gone', 'deleted'],
    absent: () =>
      diagnosePromotionCode(promo({ customer: { kind: 'reference', id: 'cus_gone' } }), ctx({ customer: 'cus_gone' }))
        .reasons,
  },
  customer_has_prior_transactions: {
    produce: () =>
      diagnosePromotionCode(
        promo({ restrictions: restrictions({ first_time_transaction: true }) }),
        ctx({
          customer: 'cus_1',
          history: history('cus_1', [{ object: 'charge', id: 'ch_1', status: 'succeeded', created: AT - 10 * DAY }]),
        }),
      ).reasons,
    object: 'customer',
    id: 'cus_1',
    evidence: {
      customer: 'cus_1',
      transactions: [
        {
          object: 'charge',
          id: 'ch_1',
          status: 'succeeded',
          created: AT - 10 * DAY,
          created_iso: '2026-05-22T00:00:00Z',
          rule: 'successful_payment_or_invoice',
          strength: 'documented',
          counted_by: ['api_reference', 'billing_guide', 'checkout_guide'],
          not_counted_by: [],
        },
      ],
      weak_evidence_only: false,
    },
    message: ['cus_1', 'ch_1', 'succeeded'],
    absent: () =>
      diagnosePromotionCode(
        promo({ restrictions: restrictions({ first_time_transaction: true }) }),
        ctx({ customer: 'cus_1', history: history('cus_1', []) }),
      ).reasons,
  },
  minimum_amount_not_met: {
    produce: () =>
      diagnosePromotionCode(
        promo({ restrictions: restrictions({ minimum_amount: 5000, minimum_amount_currency: 'usd' }) }),
        ctx({ amount: 4999, currency: 'usd' }),
      ).reasons,
    object: 'promotion_code',
    id: 'promo_1',
    evidence: { amount: 4999, currency: 'usd', minimum_amount: 5000, minimum_from: 'minimum_amount' },
    message: ['$49.99', '$50.00'],
    absent: () =>
      diagnosePromotionCode(
        promo({ restrictions: restrictions({ minimum_amount: 5000, minimum_amount_currency: 'usd' }) }),
        ctx({ amount: 5000, currency: 'usd' }),
      ).reasons,
  },
  customer_currency_locked: {
    produce: () =>
      diagnosePromotionCode(
        promo(),
        ctx({ customer: 'cus_1', customer_record: customer({ currency: 'eur' }), currency: 'usd' }),
      ).reasons,
    object: 'customer',
    id: 'cus_1',
    evidence: { customer: 'cus_1', customer_currency: 'eur', currency: 'usd' },
    message: ['cus_1', 'EUR', 'USD'],
    absent: () =>
      diagnosePromotionCode(
        promo(),
        ctx({ customer: 'cus_1', customer_record: customer({ currency: 'usd' }), currency: 'usd' }),
      ).reasons,
  },
  promotion_codes_not_allowed: {
    produce: () => sessionWith(false),
    object: 'discount',
    id: 'cs_2',
    evidence: { order: 'cs_2', order_type: 'checkout_session', allow_promotion_codes: false },
    message: ['Checkout Session cs_2', 'allow_promotion_codes: false'],
    absent: () => sessionWith(true),
  },
  currency_mismatch: {
    produce: () => diagnosePromotionCode(promo({ coupon: amountOff }), ctx({ currency: 'eur' })).reasons,
    object: 'coupon',
    id: 'TENOFF',
    evidence: {
      restriction: 'amount_off',
      currency: 'eur',
      accepted_currencies: ['usd'],
      currency_options_known: true,
    },
    message: ['USD', 'EUR'],
    absent: () => diagnosePromotionCode(promo({ coupon: amountOff }), ctx({ currency: 'usd' })).reasons,
  },
  product_not_eligible: {
    produce: () => diagnoseCoupon(coupon({ applies_to_products: ['prod_A'] }), ctx({ products: ['prod_B'] })).reasons,
    object: 'coupon',
    id: 'COUPON1',
    evidence: { products: ['prod_B'], applies_to_products: ['prod_A'] },
    message: ['prod_A', 'prod_B'],
    absent: () =>
      diagnoseCoupon(coupon({ applies_to_products: ['prod_A'] }), ctx({ products: ['prod_B', 'prod_A'] })).reasons,
  },
  minimum_amount_refused_on_surface: {
    produce: () => diagnosePromotionCode(usdMinimum, ctx({ surface: 'subscription_update' })).reasons,
    object: 'promotion_code',
    id: 'promo_1',
    evidence: { surface: 'subscription_update', minimums: [{ currency: 'usd', minimum_amount: 5000 }] },
    message: ['$50.00', 'subscription update'],
    absent: () => diagnosePromotionCode(usdMinimum, ctx({ surface: 'checkout' })).reasons,
  },
  trial_first_invoice_zero: {
    produce: () =>
      diagnosePromotionCode(usdMinimum, ctx({ surface: 'subscription', trial: true, amount: 9000, currency: 'usd' }))
        .reasons,
    object: 'promotion_code',
    id: 'promo_1',
    evidence: { trial: true, minimums: [{ currency: 'usd', minimum_amount: 5000 }], first_invoice_amount: 0 },
    message: ['promo_1', '$50.00', 'trial', '$0.00'],
    absent: () =>
      diagnosePromotionCode(usdMinimum, ctx({ surface: 'subscription', trial: false, amount: 9000, currency: 'usd' }))
        .reasons,
  },
  checkout_discount_already_applied: {
    produce: () =>
      diagnosePromotionCode(
        promo(),
        ctx({ surface: 'checkout', existing_discounts: [{ id: null, coupon: 'OTHER', promotion_code: null }] }),
      ).reasons,
    object: 'promotion_code',
    id: 'promo_1',
    evidence: { surface: 'checkout', existing_discounts: [{ id: null, coupon: 'OTHER', promotion_code: null }] },
    message: ['coupon OTHER', 'Checkout takes one discount'],
    absent: () => diagnosePromotionCode(promo(), ctx({ surface: 'checkout', existing_discounts: [] })).reasons,
  },
  discount_limit_reached: {
    produce: () =>
      diagnosePromotionCode(promo(), ctx({ surface: 'subscription', existing_discounts: stackOf(20) })).reasons,
    object: 'promotion_code',
    id: 'promo_1',
    evidence: { surface: 'subscription', existing_count: 20, limit: 20 },
    message: ['promo_1', '20'],
    absent: () =>
      diagnosePromotionCode(promo(), ctx({ surface: 'subscription', existing_discounts: stackOf(19) })).reasons,
  },
  coupon_already_applied: {
    produce: () =>
      diagnosePromotionCode(
        promo(),
        ctx({ surface: 'invoice', existing_discounts: [{ id: 'di_9', coupon: 'COUPON1', promotion_code: null }] }),
      ).reasons,
    object: 'coupon',
    id: 'COUPON1',
    evidence: {
      coupon: 'COUPON1',
      matched_by: 'coupon',
      existing_discount: { id: 'di_9', coupon: 'COUPON1', promotion_code: null },
    },
    message: ['COUPON1', 'already applied'],
    absent: () =>
      diagnosePromotionCode(
        promo(),
        ctx({
          surface: 'invoice',
          existing_discounts: [{ id: 'di_9', coupon: 'OTHER', promotion_code: 'promo_other' }],
        }),
      ).reasons,
  },
  portal_promotion_codes_disabled: {
    produce: () =>
      diagnosePromotionCode(
        promo(),
        ctx({
          surface: 'portal',
          portal: {
            configuration: 'bpc_1',
            subscription_update_enabled: true,
            default_allowed_updates: ['price', 'quantity'],
          },
        }),
      ).reasons,
    object: 'promotion_code',
    id: 'promo_1',
    evidence: {
      configuration: 'bpc_1',
      subscription_update_enabled: true,
      default_allowed_updates: ['price', 'quantity'],
    },
    message: ['bpc_1', 'price, quantity', 'not enter a code'],
    absent: () => diagnosePromotionCode(promo(), ctx({ surface: 'portal', portal: PORTAL_TAKING_CODES })).reasons,
  },
  evaluation_time_uncertain: {
    // A Dashboard Time line (no zone, up to 14 h off), 2 hours after the code's expiry.
    produce: () =>
      diagnosePromotionCode(promo({ expires_at: AT - 2 * 3600 }), ctx({ at_uncertainty: 14 * 3600 })).reasons,
    object: 'promotion_code',
    id: 'promo_1',
    evidence: {
      field: 'expires_at',
      deadline: AT - 2 * 3600,
      deadline_iso: '2026-05-31T22:00:00Z',
      evaluated_at: AT,
      evaluated_at_iso: AT_ISO,
      uncertainty_seconds: 14 * 3600,
    },
    message: ['expires_at of promo_1', '2026-05-31T22:00:00Z', '14 hours', 'no zone', 'unknown'],
    // Beyond the uncertainty it is decided: expired.
    absent: () =>
      diagnosePromotionCode(promo({ expires_at: AT - 15 * 3600 }), ctx({ at_uncertainty: 14 * 3600 })).reasons,
  },
  portal_configuration_not_read: {
    produce: () => diagnosePromotionCode(promo(), ctx({ surface: 'portal' })).reasons,
    object: 'promotion_code',
    id: 'promo_1',
    evidence: { missing: ['features.subscription_update'] },
    message: ['Whether the portal takes codes is unknown', 'configuration was not read'],
    absent: () => diagnosePromotionCode(promo(), ctx({ surface: 'portal', portal: PORTAL_TAKING_CODES })).reasons,
  },
  discount_ended: {
    produce: () =>
      diagnoseStandaloneDiscount(
        discount({ end: AT - DAY, coupon: coupon({ id: 'REP3', duration: 'repeating', duration_in_months: 3 }) }),
        ctx(),
      ).reasons,
    object: 'discount',
    id: 'di_1',
    evidence: { ...deadline('end', AT - DAY), coupon: 'REP3' },
    message: ['di_1', 'REP3', '2026-05-31'],
    absent: () =>
      diagnoseStandaloneDiscount(
        discount({ end: AT + 1, coupon: coupon({ id: 'REP3', duration: 'repeating', duration_in_months: 3 }) }),
        ctx(),
      ).reasons,
  },
  livemode_mismatch: {
    produce: () =>
      diagnoseMissing(
        detect('livemode_mismatch', 'promo_live1', {
          query: 'promo_live1',
          key_mode: 'test',
          object_mode: 'live',
          stripe_message: 'a similar object exists in live mode',
        }),
        { type: 'promotion_code', id: 'promo_live1' },
        ctx(),
      ).reasons,
    object: 'promotion_code',
    id: 'promo_live1',
    evidence: {
      query: 'promo_live1',
      key_mode: 'test',
      object_mode: 'live',
      stripe_message: 'a similar object exists in live mode',
    },
    message: ['promo_live1', 'live mode', 'test mode'],
    absent: () => diagnosePromotionCode(promo({ id: 'promo_live1', livemode: true }), ctx()).reasons,
  },
  restricted_to_customer: {
    produce: () => diagnosePromotionCode(promo({ customer: { kind: 'reference', id: 'cus_A' } }), ctx()).reasons,
    object: 'promotion_code',
    id: 'promo_1',
    evidence: { restricted_to: 'cus_A', restricted_by: 'customer' },
    message: ['promo_1', 'cus_A'],
    absent: () =>
      diagnosePromotionCode(promo({ customer: { kind: 'reference', id: 'cus_A' } }), ctx({ customer: 'cus_A' }))
        .reasons,
  },
  first_time_customers_only: {
    produce: () =>
      diagnosePromotionCode(promo({ restrictions: restrictions({ first_time_transaction: true }) }), ctx()).reasons,
    object: 'promotion_code',
    id: 'promo_1',
    evidence: {
      first_time_transaction: true,
      customer: null,
      history_checked: false,
      history_unavailable: 'no_customer',
    },
    message: ['promo_1', 'first-time'],
    absent: () =>
      diagnosePromotionCode(promo({ restrictions: restrictions({ first_time_transaction: false }) }), ctx()).reasons,
  },
  minimum_amount_required: {
    produce: () =>
      diagnosePromotionCode(
        promo({ restrictions: restrictions({ minimum_amount: 5000, minimum_amount_currency: 'usd' }) }),
        ctx(),
      ).reasons,
    object: 'promotion_code',
    id: 'promo_1',
    evidence: { minimums: [{ currency: 'usd', minimum_amount: 5000 }], currency: null },
    message: ['promo_1', '$50.00'],
    absent: () =>
      diagnosePromotionCode(
        promo({ restrictions: restrictions({ minimum_amount: 5000, minimum_amount_currency: 'usd' }) }),
        ctx({ amount: 6000, currency: 'usd' }),
      ).reasons,
  },
  currency_restricted: {
    produce: () =>
      diagnoseCoupon(
        coupon({ id: 'TENOFF', percent_off: null, amount_off: 1000, currency: 'usd', currency_options: null }),
        ctx(),
      ).reasons,
    object: 'coupon',
    id: 'TENOFF',
    evidence: { accepted_currencies: ['usd'], currency_options_known: false },
    message: ['TENOFF', 'USD'],
    absent: () =>
      diagnoseCoupon(
        coupon({ id: 'TENOFF', percent_off: null, amount_off: 1000, currency: 'usd', currency_options: null }),
        ctx({ currency: 'usd' }),
      ).reasons,
  },
  products_restricted: {
    produce: () => diagnoseCoupon(coupon({ applies_to_products: ['prod_A', 'prod_C'] }), ctx()).reasons,
    object: 'coupon',
    id: 'COUPON1',
    evidence: { applies_to_products: ['prod_A', 'prod_C'] },
    message: ['COUPON1', 'prod_A, prod_C'],
    absent: () =>
      diagnoseCoupon(coupon({ applies_to_products: ['prod_A', 'prod_C'] }), ctx({ products: ['prod_C'] })).reasons,
  },
  coupon_not_checked: {
    produce: () => diagnosePromotionCode(promo({ coupon: { kind: 'reference', id: 'COUPON_REF' } }), ctx()).reasons,
    object: 'coupon',
    id: 'COUPON_REF',
    evidence: { coupon: 'COUPON_REF', expanded: false, missing: ['coupon'] },
    message: ['COUPON_REF', 'not checked'],
    absent: () =>
      diagnosePromotionCode(promo({ active: false, coupon: { kind: 'reference', id: 'COUPON_REF' } }), ctx()).reasons,
  },
  promotion_code_expires_soon: {
    produce: () => diagnosePromotionCode(promo({ expires_at: AT + 3 * DAY }), ctx()).reasons,
    object: 'promotion_code',
    id: 'promo_1',
    evidence: { ...deadline('expires_at', AT + 3 * DAY), warn_within_seconds: 7 * DAY },
    message: ['promo_1', '2026-06-04', 'in 3 days', '7 days'],
    absent: () => diagnosePromotionCode(promo({ expires_at: AT + 7 * DAY + 1 }), ctx()).reasons,
  },
  coupon_redeem_by_soon: {
    produce: () => diagnoseCoupon(coupon({ redeem_by: AT + 5 * HOUR }), ctx()).reasons,
    object: 'coupon',
    id: 'COUPON1',
    evidence: { ...deadline('redeem_by', AT + 5 * HOUR), warn_within_seconds: 7 * DAY },
    message: ['COUPON1', '2026-06-01 05:00 UTC', 'in 5 hours'],
    absent: () => diagnoseCoupon(coupon({ redeem_by: AT + 7 * DAY + 1 }), ctx()).reasons,
  },
  promotion_code_nearly_exhausted: {
    produce: () => diagnosePromotionCode(promo({ max_redemptions: 100, times_redeemed: 90 }), ctx()).reasons,
    object: 'promotion_code',
    id: 'promo_1',
    evidence: { times_redeemed: 90, max_redemptions: 100, remaining: 10 },
    message: ['promo_1', '10 of 100'],
    absent: () => diagnosePromotionCode(promo({ max_redemptions: 100, times_redeemed: 89 }), ctx()).reasons,
  },
  coupon_nearly_exhausted: {
    produce: () =>
      diagnosePromotionCode(promo({ coupon: coupon({ max_redemptions: 5, times_redeemed: 4 }) }), ctx()).reasons,
    object: 'coupon',
    id: 'COUPON1',
    evidence: { times_redeemed: 4, max_redemptions: 5, remaining: 1 },
    message: ['COUPON1', '1 of 5'],
    absent: () =>
      diagnosePromotionCode(promo({ coupon: coupon({ max_redemptions: 5, times_redeemed: 3 }) }), ctx()).reasons,
  },
  portal_products_not_discounted: {
    produce: () =>
      diagnoseCoupon(
        coupon({ applies_to_products: ['prod_A'] }),
        ctx({ surface: 'portal', portal: { ...PORTAL_TAKING_CODES, products: ['prod_B', 'prod_C'] } }),
      ).reasons,
    object: 'coupon',
    id: 'COUPON1',
    evidence: { configuration: 'bpc_1', portal_products: ['prod_B', 'prod_C'], applies_to_products: ['prod_A'] },
    message: ['bpc_1', 'prod_B', 'prod_A'],
    // The portal lists one of the coupon's products; or its products are not in the data.
    absent: () => [
      ...diagnoseCoupon(
        coupon({ applies_to_products: ['prod_A'] }),
        ctx({ surface: 'portal', portal: { ...PORTAL_TAKING_CODES, products: ['prod_B', 'prod_A'] } }),
      ).reasons,
      ...diagnoseCoupon(
        coupon({ applies_to_products: ['prod_A'] }),
        ctx({ surface: 'portal', portal: { ...PORTAL_TAKING_CODES, products: null } }),
      ).reasons,
    ],
  },
  product_not_discounted: {
    produce: () =>
      diagnoseCoupon(
        coupon({ applies_to_products: ['prod_A'] }),
        ctx({ products: ['prod_B'], surface: 'subscription' }),
      ).reasons,
    object: 'coupon',
    id: 'COUPON1',
    evidence: { surface: 'subscription', products: ['prod_B'], applies_to_products: ['prod_A'] },
    message: ['prod_A', 'prod_B', '$0'],
    absent: () =>
      diagnoseCoupon(coupon({ applies_to_products: ['prod_A'] }), ctx({ products: ['prod_B'], surface: 'checkout' }))
        .reasons,
  },
  minimum_amount_limits_surfaces: {
    produce: () => diagnosePromotionCode(usdMinimum, ctx()).reasons,
    object: 'promotion_code',
    id: 'promo_1',
    evidence: {
      refused_on: ['subscription_update', 'portal', 'invoice', 'subscription_item', 'schedule_phase'],
      minimums: [{ currency: 'usd', minimum_amount: 5000 }],
    },
    message: ['subscription updates', 'the portal', 'invoice items', '$50.00'],
    absent: () => diagnosePromotionCode(usdMinimum, ctx({ surface: 'subscription' })).reasons,
  },
  discount_outlives_coupon: {
    produce: () =>
      diagnoseCustomer(
        customer({ discount: discount({ coupon: coupon({ valid: false, duration: 'forever' }) }) }),
        ctx(),
      ).reasons,
    object: 'discount',
    id: 'di_1',
    evidence: {
      coupon: 'COUPON1',
      coupon_state: 'invalid',
      duration: 'forever',
      end: null,
      end_iso: null,
      applies_until: 'forever',
    },
    message: ['di_1', 'COUPON1', 'forever'],
    absent: () =>
      diagnoseCustomer(
        customer({ discount: discount({ coupon: coupon({ valid: true, duration: 'forever' }) }) }),
        ctx(),
      ).reasons,
  },
  discount_stopped: {
    produce: () =>
      diagnoseSubscription(
        subscription({
          discounts: [],
          latest_invoice: onceUsedInvoice(),
        }),
        ctx(),
      ).reasons,
    object: 'discount',
    id: 'di_1',
    evidence: {
      cause: 'once_used',
      coupon: 'COUPON1',
      duration: 'once',
      duration_in_months: null,
      end: null,
      end_iso: null,
      invoice: 'in_1',
      invoice_subtotal: 4000,
      currency: 'usd',
      replaced_by: [],
      coupon_deleted: false,
      removal_event: 'not_read',
      removed_at: null,
      removed_at_iso: null,
      removed_by: null,
      request_id: null,
    },
    message: ['di_1', 'COUPON1', 'once', 'in_1', 'as planned'],
    absent: () =>
      diagnoseSubscription(
        subscription({
          discounts: [discount({ coupon: coupon({ duration: 'once' }) })],
          latest_invoice: onceUsedInvoice(),
        }),
        ctx(),
      ).reasons,
  },
  discount_applied_to_nothing: {
    produce: () => mugSession(0),
    object: 'discount',
    id: 'SHIRTS10',
    evidence: {
      order: 'cs_1',
      order_type: 'checkout_session',
      coupon: 'SHIRTS10',
      promotion_code: null,
      amount_discounted: 0,
      line_products: ['prod_Mug'],
      applies_to_products: ['prod_Shirt'],
    },
    message: ['SHIRTS10', 'cs_1', 'discounted nothing', 'prod_Shirt', 'prod_Mug'],
    absent: () => mugSession(500),
  },
  coupon_not_found: {
    produce: () => refusal("No such coupon: 'SPRING25'", 'resource_missing'),
    object: 'coupon',
    id: 'SPRING25',
    evidence: answer("No such coupon: 'SPRING25'", 'no_such_coupon', 'resource_missing'),
    message: ['Stripe refused', "No such coupon: 'SPRING25'"],
    absent: () =>
      refusal(
        "No such coupon: 'SPRING25'; a similar object exists in test mode, but a live mode key was used to make this request.",
        'resource_missing',
      ),
  },
  coupon_and_promotion_code_conflict: {
    produce: () => refusal(COUPON_AND_CODE),
    object: 'discount',
    id: 'req_1',
    evidence: answer(COUPON_AND_CODE, 'coupon_and_promotion_code_conflict'),
    message: ['coupon, promotion_code', 'not both'],
    absent: () => refusal(ALLOW_AND_DISCOUNTS),
  },
  discount_parameter_removed: {
    produce: () => refusal(UNKNOWN_COUPON, 'parameter_unknown'),
    object: 'discount',
    id: 'req_1',
    evidence: { ...answer(UNKNOWN_COUPON, 'discount_parameter_removed', 'parameter_unknown'), api_version: null },
    message: ['Received unknown parameter: coupon', 'discounts'],
    // Another unknown parameter is no discount parameter: the code alone does not say so.
    absent: () => refusal('Received unknown parameter: colour', 'parameter_unknown'),
  },
  checkout_discounts_conflict: {
    produce: () => refusal(ALLOW_AND_DISCOUNTS),
    object: 'discount',
    id: 'req_1',
    evidence: answer(ALLOW_AND_DISCOUNTS, 'checkout_discounts_conflict'),
    message: ['allow_promotion_codes, discounts'],
    absent: () => refusal(CARD_DECLINED),
  },
  checkout_single_discount: {
    produce: () => refusal(ONE_DISCOUNT),
    object: 'discount',
    id: 'req_1',
    evidence: answer(ONE_DISCOUNT, 'checkout_single_discount'),
    message: ['at most one coupon or promotion code'],
    absent: () => refusal(ALLOW_AND_DISCOUNTS),
  },
  total_reduced_to_zero: {
    produce: () => refusal(ZERO_TOTAL),
    object: 'promotion_code',
    id: 'req_1',
    evidence: { ...answer(ZERO_TOTAL, 'total_reduced_to_zero'), api_version: null },
    message: ['reduces the total to zero', '2023-08-16'],
    absent: () => refusal(CARD_DECLINED),
  },
  stripe_refusal_unrecognised: {
    produce: () => refusal(CARD_DECLINED, 'card_declined'),
    object: 'promotion_code',
    id: 'req_1',
    evidence: answer(CARD_DECLINED, 'none', 'card_declined'),
    message: ['does not recognise', 'Your card was declined', 'card_declined'],
    absent: () => refusal(ZERO_TOTAL),
  },
};

describe('the catalogue', () => {
  it('has exactly the codes of the reason table (test/helpers/design.ts), once each', () => {
    expect([...REASON_CODES].sort()).toEqual(Object.keys(DESIGN_SEVERITY).sort());
    expect(new Set(REASON_CODES).size).toBe(REASON_CODES.length);
  });

  it.each(Object.keys(DESIGN_SEVERITY) as ReasonCode[])(
    '%s has the severity of README, Reason catalogue, a title, a cause, a fix and a docs link',
    (code) => {
      const entry = CATALOGUE[code];
      expect(entry.severity).toBe(DESIGN_SEVERITY[code]);
      expect(entry.title.length).toBeGreaterThan(0);
      expect(entry.cause.length).toBeGreaterThan(0);
      expect(entry.fix.length).toBeGreaterThan(0);
      expect(entry.docs_url).toMatch(/^https:\/\/docs\.stripe\.com\//);
    },
  );
});

describe('every catalogue code has a producing case and an absent case', () => {
  // Iterate over the catalogue, not over CASES: a new code without a case fails here.
  it.each(Object.keys(CATALOGUE))('%s has a case', (code) => {
    const c = (CASES as Partial<Record<string, Case>>)[code];
    expect(c, `no producing case for ${code}`).toBeDefined();
    expect(codes(c!.produce())).toContain(code);
    expect(codes(c!.absent())).not.toContain(code);
  });
});

describe.each(Object.keys(CASES) as ReasonCode[])('%s', (code) => {
  const c = CASES[code];

  it('is produced, with severity, object, id and evidence', () => {
    const findings = c.produce();
    const matching = findings.filter((f) => f.code === code);
    expect(matching).toHaveLength(1);
    const finding = matching[0]!;
    expect(finding.severity).toBe(DESIGN_SEVERITY[code]);
    expect(finding.object).toBe(c.object);
    expect(finding.id).toBe(c.id);
    expect(finding.evidence).toEqual(c.evidence);
    // The catalogue's fix, or the one its evidence calls for (fixFor).
    const entry = CATALOGUE[code] as { fix: string; fixFor?: (evidence: unknown, id: string) => string };
    expect(finding.fix).toBe(entry.fixFor?.(finding.evidence, finding.id) ?? entry.fix);
    for (const fact of c.message) expect(finding.message).toContain(fact);
    expect(finding.message).not.toMatch(/undefined|NaN|\bnull\b|\[object /);
  });

  it('is absent when its cause is absent', () => {
    expect(codes(c.absent())).not.toContain(code);
  });
});

describe('boundaries of the time rules (deadline <= evaluation time)', () => {
  it('expires_at equal to the evaluation time is expired', () => {
    const reasons = diagnosePromotionCode(promo({ expires_at: AT }), ctx()).reasons;
    expect(codes(reasons)).toContain('promotion_code_expired');
    expect(codes(reasons)).not.toContain('promotion_code_expires_soon');
  });

  it('expires_at one second after the evaluation time is not expired but expires soon', () => {
    const reasons = diagnosePromotionCode(promo({ expires_at: AT + 1 }), ctx()).reasons;
    expect(codes(reasons)).toEqual(['promotion_code_expires_soon']);
  });

  it('redeem_by equal to the evaluation time has passed', () => {
    const reasons = diagnoseCoupon(coupon({ redeem_by: AT }), ctx()).reasons;
    expect(codes(reasons)).toEqual(['coupon_redeem_by_passed']);
  });

  it('redeem_by one second after the evaluation time has not passed', () => {
    expect(codes(diagnoseCoupon(coupon({ redeem_by: AT + 1 }), ctx()).reasons)).toEqual(['coupon_redeem_by_soon']);
  });

  it('a discount end equal to the evaluation time has ended', () => {
    const d = diagnoseStandaloneDiscount(discount({ end: AT }), ctx());
    expect(codes(d.reasons)).toEqual(['discount_ended']);
    expect(d.verdict).toBe('not_redeemable');
  });

  it('--at moves the clock: an expired code is not expired as of a moment before expires_at', () => {
    const code = promo({ expires_at: AT - DAY });
    expect(codes(diagnosePromotionCode(code, ctx({ at: AT - 30 * DAY })).reasons)).not.toContain(
      'promotion_code_expired',
    );
    expect(diagnosePromotionCode(code, ctx({ at: AT - 30 * DAY })).evaluated_at).toBe(AT - 30 * DAY);
  });
});

describe('variants of the producing cases', () => {
  it('times_redeemed above max_redemptions is redeemed out with 0 remaining', () => {
    const f = diagnosePromotionCode(promo({ max_redemptions: 10, times_redeemed: 12 }), ctx()).reasons.find(
      (r) => r.code === 'promotion_code_max_redemptions_reached',
    );
    expect(f?.evidence).toEqual({ times_redeemed: 12, max_redemptions: 10, remaining: 0 });
  });

  it('customer_mismatch for a customer_account restriction', () => {
    const reasons = diagnosePromotionCode(promo({ customer_account: 'acct_A' }), ctx({ customer: 'cus_B' })).reasons;
    const f = reasons.find((r) => r.code === 'customer_mismatch');
    expect(f?.evidence).toEqual({ restricted_to: 'acct_A', restricted_by: 'customer_account', customer: 'cus_B' });
  });

  it('restricted_to_customer for a customer_account restriction', () => {
    const f = diagnosePromotionCode(promo({ customer_account: 'acct_A' }), ctx()).reasons.find(
      (r) => r.code === 'restricted_to_customer',
    );
    expect(f?.evidence).toEqual({ restricted_to: 'acct_A', restricted_by: 'customer_account' });
  });

  it('customer_deleted for the redeeming customer, on a code without customer restriction', () => {
    const d = diagnosePromotionCode(
      promo(),
      ctx({ customer: 'cus_X', customer_record: { kind: 'deleted', id: 'cus_X' } }),
    );
    const f = d.reasons.find((r) => r.code === 'customer_deleted');
    expect(f).toMatchObject({
      severity: 'blocking',
      object: 'customer',
      id: 'cus_X',
      evidence: { customer: 'cus_X', role: 'redeeming' },
    });
    expect(f?.message).toContain('cus_X');
    expect(d.verdict).toBe('not_redeemable');
  });

  it('customer_deleted for a code restricted to a deleted customer, redeemed by someone else, also reports the mismatch', () => {
    const reasons = diagnosePromotionCode(
      promo({ customer: { kind: 'deleted', id: 'cus_gone' } }),
      ctx({ customer: 'cus_B' }),
    ).reasons;
    expect(codes(reasons).sort()).toEqual(['customer_deleted', 'customer_mismatch']);
  });

  it('a coupon given as a deleted link is coupon_deleted, not coupon_invalid', () => {
    const reasons = diagnoseCoupon({ kind: 'deleted', id: 'OLD50' }, ctx()).reasons;
    expect(codes(reasons)).toEqual(['coupon_deleted']);
  });

  it('a coupon that was not expanded gives no coupon finding, only coupon_not_checked (conditional)', () => {
    const d = diagnosePromotionCode(promo({ coupon: { kind: 'reference', id: 'CPN' } }), ctx());
    expect(d.reasons.map((r) => r.code)).toEqual(['coupon_not_checked']);
    expect(d.verdict).toBe('conditional');
  });

  it('promotion_code_not_found looked up by id says so', () => {
    const f = toFinding(detect('promotion_code_not_found', 'promo_nope', { query: 'promo_nope', looked_up_by: 'id' }));
    expect(f).toMatchObject({
      code: 'promotion_code_not_found',
      severity: 'blocking',
      object: 'promotion_code',
      id: 'promo_nope',
    });
    expect(f.message).toContain('promo_nope');
    expect(f.message).toContain('id');
  });

  it('toFinding renders livemode_mismatch with both modes', () => {
    const f = toFinding(
      detect('livemode_mismatch', 'SUMMER20', {
        query: 'SUMMER20',
        key_mode: 'live',
        object_mode: 'test',
        stripe_message: 'No such promotion code',
      }),
    );
    expect(f).toMatchObject({
      code: 'livemode_mismatch',
      severity: 'blocking',
      object: 'promotion_code',
      id: 'SUMMER20',
    });
    expect(f.evidence).toEqual({
      query: 'SUMMER20',
      key_mode: 'live',
      object_mode: 'test',
      stripe_message: 'No such promotion code',
    });
    expect(f.message).toMatch(/test mode/);
    expect(f.message).toMatch(/live mode/);
  });

  it('diagnoseMissing gives verdict not_redeemable, the target, and no checks', () => {
    const d = diagnoseMissing(
      detect('promotion_code_not_found', 'X', { query: 'X', looked_up_by: 'code' }),
      { type: 'promotion_code', id: 'X', code: 'X' },
      ctx(),
    );
    expect(d.verdict).toBe('not_redeemable');
    expect(d.target).toEqual({ type: 'promotion_code', id: 'X', code: 'X' });
    expect(d.evaluated_at).toBe(AT);
    expect(d.checks).toEqual([]);
  });

  it('toFinding honours an object override (currency_mismatch about a promotion code)', () => {
    const f = toFinding(
      detect(
        'currency_mismatch',
        'promo_1',
        { restriction: 'minimum_amount', currency: 'gbp', accepted_currencies: ['usd'], currency_options_known: true },
        'promotion_code',
      ),
    );
    expect(f.object).toBe('promotion_code');
    expect(f.severity).toBe('blocking');
    expect(f.message).toContain('GBP');
  });
});
