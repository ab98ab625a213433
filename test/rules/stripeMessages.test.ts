/**
 * The table of Stripe's refusal messages: one test per message, each a real-shaped error body
 * (test/fixtures/explain/errors) explained into the reason codes it means, with Stripe's text
 * kept in the evidence; and a message that matches nothing reported, never dropped.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseStripeText } from '../../src/model/input.js';
import type { StripeError } from '../../src/model/types.js';
import { diagnoseStripeError } from '../../src/rules/diagnose.js';
import { STRIPE_MESSAGES, matchStripeMessage } from '../../src/rules/stripeMessages.js';
import { FIXTURES } from '../helpers/cli.js';
import { ctx } from '../helpers/model.js';

function explainError(name: string) {
  const text = readFileSync(`${FIXTURES}explain/errors/${name}`, 'utf8');
  const [item] = parseStripeText(text, name).items;
  expect(item?.kind).toBe('stripe_error');
  return diagnoseStripeError(item as StripeError, ctx());
}

/** fixture -> table entry, codes (in order), the id the findings are about. */
const CASES: Array<[string, string, string[], string]> = [
  ['other-mode.json', 'other_mode', ['livemode_mismatch'], 'SPRING25'],
  ['no-such-promotion-code.json', 'no_such_promotion_code', ['promotion_code_not_found'], 'promo_1Nope'],
  ['no-such-coupon.json', 'no_such_coupon', ['coupon_not_found'], 'SPRING25'],
  ['prior-transactions.json', 'prior_transactions', ['customer_has_prior_transactions'], 'req_Example0105'],
  ['minimum-amount.json', 'minimum_amount', ['minimum_amount_not_met'], 'req_Example0106'],
  ['currency.json', 'currency', ['currency_mismatch'], 'req_Example0107'],
  ['customer-currency-locked.json', 'customer_currency_locked', ['customer_currency_locked'], 'req_Example0113'],
  [
    'no-such-promotion-code-customer-facing.json',
    'no_such_promotion_code_customer_facing',
    ['promotion_code_not_found'],
    'SUMMER20',
  ],
  [
    'subscription-update-minimum.json',
    'subscription_update_minimum',
    ['minimum_amount_refused_on_surface'],
    'req_Example0121',
  ],
  ['portal-promotion-code.json', 'portal_promotion_code', ['portal_promotion_codes_disabled'], 'req_Example0122'],
  ['coupon-applies-to-nothing.json', 'coupon_applies_to_nothing', ['product_not_eligible'], 'req_Example0123'],
  [
    'coupon-and-promotion-code.json',
    'coupon_and_promotion_code_conflict',
    ['coupon_and_promotion_code_conflict'],
    'req_Example0124',
  ],
  ['unknown-parameter-coupon.json', 'discount_parameter_removed', ['discount_parameter_removed'], 'req_Example0125'],
  ['coupon-expired.json', 'coupon_expired', ['coupon_redeem_by_passed', 'coupon_max_redemptions_reached'], 'rIKJvnUw'],
  [
    'allow-promotion-codes-and-discounts.json',
    'checkout_discounts_conflict',
    ['checkout_discounts_conflict'],
    'req_fHJuANxxDRUQZp',
  ],
  ['one-discount.json', 'checkout_single_discount', ['checkout_single_discount'], 'req_Example0110'],
  ['zero-total.json', 'total_reduced_to_zero', ['total_reduced_to_zero'], 'req_Example0111'],
];

describe('every message of the table has a case', () => {
  it.each(STRIPE_MESSAGES.map((m) => [m.id] as const))('%s', (id) => {
    expect(CASES.map(([, entry]) => entry)).toContain(id);
  });

  it('every entry cites a source and matches its own example', () => {
    for (const m of STRIPE_MESSAGES) {
      expect(m.source, m.id).toMatch(/^https:\/\/(docs\.stripe\.com|github\.com)\//);
      expect(matchStripeMessage(m.example, m.stripe_code)?.entry.id, m.id).toBe(m.id);
    }
  });
});

describe.each(CASES)('%s', (fixture, entry, expected, id) => {
  it(`means ${expected.join(' and ')}, Stripe's text in the evidence`, () => {
    const d = explainError(fixture);
    expect(d.reasons.map((f) => f.code)).toEqual(expected);
    expect(d.verdict).toBe('not_redeemable');
    expect(d.target).toEqual({
      type: 'stripe_error',
      id: /req_\w+/.exec(readFileSync(`${FIXTURES}explain/errors/${fixture}`, 'utf8'))![0],
    });
    for (const f of d.reasons) {
      expect(f.id).toBe(id);
      expect(f.message).not.toMatch(/undefined|\[object /);
      const evidence = f.evidence as Record<string, unknown>;
      if (f.code === 'livemode_mismatch') {
        expect(evidence).toMatchObject({ query: 'SPRING25', key_mode: 'live', object_mode: 'test' });
        expect(String(evidence.stripe_message)).toContain('a similar object exists in test mode');
      } else {
        expect(evidence.matched).toBe(entry);
        expect((evidence.stripe_error as { message: string }).message).toBe(d.stripe_error!.message);
        expect(f.message).toContain('Stripe refused');
      }
    }
  });
});

describe('ambiguity and the unknown', () => {
  it('coupon_expired: both codes, each naming the other, and the sentence says Stripe does not tell them apart', () => {
    const [a, b] = explainError('coupon-expired.json').reasons;
    expect((a!.evidence as { ambiguous_with: string[] }).ambiguous_with).toEqual(['coupon_max_redemptions_reached']);
    expect((b!.evidence as { ambiguous_with: string[] }).ambiguous_with).toEqual(['coupon_redeem_by_passed']);
    expect(a!.message).toContain('does not tell them apart');
  });

  it('the error code alone identifies coupon_expired when the wording changes', () => {
    expect(matchStripeMessage('This coupon can no longer be used.', 'coupon_expired')?.entry.id).toBe('coupon_expired');
    expect(matchStripeMessage('Something else.', 'resource_missing')).toBeNull();
  });

  it('a message that matches nothing is a finding that quotes it', () => {
    const d = explainError('unrecognised.json');
    expect(d.reasons.map((f) => f.code)).toEqual(['stripe_refusal_unrecognised']);
    expect(d.reasons[0]!.message).toBe(
      'Stripe refused with a message promo-doctor does not recognise: "Your card was declined" (card_declined).',
    );
    expect(d.reasons[0]!.evidence).toMatchObject({
      matched: 'none',
      stripe_error: { message: 'Your card was declined.', code: 'card_declined', type: 'card_error' },
    });
  });
});
