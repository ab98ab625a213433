/**
 * First-time customers: which earlier transactions count (README, Reason catalogue and docs/architecture.md, The JSON document and exit codes), each listed in
 * the evidence with its status and the rule it trips.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryItem } from '../../src/model/types.js';
import { priorTransactionRule } from '../../src/rules/customerRules.js';
import { diagnosePromotionCode } from '../../src/rules/diagnose.js';
import type { PriorTransactionRule } from '../../src/rules/findings.js';
import { AT, DAY, codes, ctx, history, objectEvidence, only, promo, restrictions } from '../helpers/model.js';

const firstTime = promo({ restrictions: restrictions({ first_time_transaction: true }) });

function diagnoseWith(items: HistoryItem[], customerId = 'cus_1', historyOf = 'cus_1') {
  return diagnosePromotionCode(firstTime, ctx({ customer: customerId, history: history(historyOf, items) }));
}

const item = (object: HistoryItem['object'], status: string, id = `${object}_1`): HistoryItem => ({
  object,
  id,
  status,
  created: AT - 5 * DAY,
});

/** Which sources count each item (issue 20, item 6), written out from the sources, not from src/. */
const ALL = { counted_by: ['api_reference', 'billing_guide', 'checkout_guide'], not_counted_by: [] };
const BILLING_ONLY = { counted_by: ['billing_guide'], not_counted_by: ['api_reference'] };
const UNPAID_INVOICE = { counted_by: ['checkout_guide', 'public_reports'], not_counted_by: ['api_reference'] };
const GRADES: Record<string, { counted_by: string[]; not_counted_by: string[] }> = {
  'charge succeeded': ALL,
  'payment_intent succeeded': ALL,
  'invoice paid': ALL,
  'payment_intent requires_payment_method': BILLING_ONLY,
  'payment_intent canceled': BILLING_ONLY,
  'payment_intent processing': BILLING_ONLY,
  'subscription trialing': BILLING_ONLY,
  'subscription canceled': BILLING_ONLY,
  'subscription active': BILLING_ONLY,
  'subscription incomplete_expired': BILLING_ONLY,
  'invoice open': UNPAID_INVOICE,
  'invoice uncollectible': UNPAID_INVOICE,
  'invoice void': { counted_by: ['public_reports'], not_counted_by: ['api_reference', 'checkout_guide'] },
};

describe('which sources count each item, and the conflict shown', () => {
  it('a disputed item names who counts it and who does not; an undisputed one does not', () => {
    const disputed = only(diagnoseWith([item('subscription', 'trialing')]).reasons, 'customer_has_prior_transactions');
    expect(disputed.message).toContain('counted by the Billing guide, not by the API reference');
    const agreed = only(diagnoseWith([item('charge', 'succeeded')]).reasons, 'customer_has_prior_transactions');
    expect(agreed.message).not.toContain('counted by');
  });

  it('a guest in Checkout states both documented outcomes instead of choosing one', () => {
    const d = diagnosePromotionCode(firstTime, ctx({ surface: 'checkout' }));
    const f = only(d.reasons, 'first_time_customers_only');
    expect(f.evidence).toMatchObject({ history_unavailable: 'no_customer', guest_checkout: true });
    expect(f.message).toContain('the Checkout guide says Stripe accepts it');
    expect(f.message).toContain('stripe-node#1318 reports refusals');
    expect(f.severity).toBe('conditional');
  });

  it('absent: no surface, or a subscription, says nothing of guests', () => {
    for (const surface of [null, 'subscription'] as const) {
      const f = only(diagnosePromotionCode(firstTime, ctx({ surface })).reasons, 'first_time_customers_only');
      expect(f.evidence).not.toHaveProperty('guest_checkout');
      expect(f.message).not.toContain('guest');
    }
  });
});

describe('which earlier transactions count', () => {
  const counting: Array<[HistoryItem['object'], string, PriorTransactionRule]> = [
    ['charge', 'succeeded', 'successful_payment_or_invoice'],
    ['payment_intent', 'succeeded', 'successful_payment_or_invoice'],
    ['payment_intent', 'requires_payment_method', 'payment_intent_initiated'],
    ['payment_intent', 'canceled', 'payment_intent_initiated'],
    ['payment_intent', 'processing', 'payment_intent_initiated'],
    ['invoice', 'paid', 'successful_payment_or_invoice'],
    ['invoice', 'open', 'invoice_exists'],
    ['invoice', 'uncollectible', 'invoice_exists'],
    ['invoice', 'void', 'invoice_exists'],
    ['subscription', 'trialing', 'subscription_exists'],
    ['subscription', 'canceled', 'subscription_exists'],
    ['subscription', 'active', 'subscription_exists'],
    ['subscription', 'incomplete_expired', 'subscription_exists'],
  ];

  it.each(counting)('a %s in status %s counts (%s)', (object, status, rule) => {
    const d = diagnoseWith([item(object, status)]);
    const f = only(d.reasons, 'customer_has_prior_transactions');
    expect(objectEvidence(f).transactions).toEqual([
      {
        object,
        id: `${object}_1`,
        status,
        created: AT - 5 * DAY,
        created_iso: '2026-05-27T00:00:00Z',
        rule,
        strength: rule === 'invoice_exists' ? 'reported' : 'documented',
        ...GRADES[`${object} ${status}`]!,
      },
    ]);
    expect(f.message).toContain(`${object}_1`);
    expect(f.message).toContain(status);
    expect(d.verdict).toBe('not_redeemable');
    expect(codes(d.reasons)).not.toContain('first_time_customers_only');
  });

  const notCounting: Array<[HistoryItem['object'], string]> = [
    ['charge', 'failed'],
    ['charge', 'pending'],
    ['invoice', 'draft'],
  ];

  it.each(notCounting)('a %s in status %s does not count', (object, status) => {
    const d = diagnoseWith([item(object, status)]);
    expect(d.reasons).toEqual([]);
    expect(d.verdict).toBe('redeemable');
    expect(priorTransactionRule(item(object, status))).toBeNull();
  });

  it('each item found is listed, in order, and the ones that do not count are left out', () => {
    const items: HistoryItem[] = [
      { object: 'charge', id: 'ch_failed', status: 'failed', created: AT - 9 * DAY },
      { object: 'charge', id: 'ch_ok', status: 'succeeded', created: AT - 8 * DAY },
      { object: 'invoice', id: 'in_draft', status: 'draft', created: AT - 7 * DAY },
      { object: 'invoice', id: 'in_open', status: 'open', created: null },
      { object: 'subscription', id: 'sub_trial', status: 'trialing', created: AT - 6 * DAY },
    ];
    const f = only(diagnoseWith(items).reasons, 'customer_has_prior_transactions');
    expect(f.id).toBe('cus_1');
    expect(f.object).toBe('customer');
    expect(f.severity).toBe('blocking');
    expect(objectEvidence(f).customer).toBe('cus_1');
    expect(objectEvidence(f).transactions.map((t) => [t.id, t.status, t.rule])).toEqual([
      ['ch_ok', 'succeeded', 'successful_payment_or_invoice'],
      ['in_open', 'open', 'invoice_exists'],
      ['sub_trial', 'trialing', 'subscription_exists'],
    ]);
    expect(objectEvidence(f).transactions[1]).toMatchObject({ created: null, created_iso: null });
    expect(f.message).toContain('3 earlier transactions');
  });
});

describe('whose history', () => {
  it('no history at all keeps the restriction conditional, naming the customer', () => {
    const d = diagnosePromotionCode(firstTime, ctx({ customer: 'cus_1' }));
    const f = only(d.reasons, 'first_time_customers_only');
    expect(f.evidence).toEqual({
      first_time_transaction: true,
      customer: 'cus_1',
      history_checked: false,
      history_unavailable: 'offline',
    });
    expect(f.message).toContain('cus_1');
    expect(d.verdict).toBe('conditional');
  });

  it('history of another customer than the redeeming one is ignored: conditional stays', () => {
    const d = diagnoseWith([item('charge', 'succeeded')], 'cus_1', 'cus_OTHER');
    expect(codes(d.reasons)).toEqual(['first_time_customers_only']);
    expect(d.verdict).toBe('conditional');
  });

  it('history without a --customer is ignored: conditional stays', () => {
    const d = diagnosePromotionCode(firstTime, ctx({ history: history('cus_1', [item('charge', 'succeeded')]) }));
    expect(codes(d.reasons)).toEqual(['first_time_customers_only']);
  });

  it('an empty history of the redeeming customer passes', () => {
    const d = diagnoseWith([]);
    expect(d.reasons).toEqual([]);
    expect(d.verdict).toBe('redeemable');
    expect(d.checks.find((c) => c.id === 'promotion_code.first_time_transaction')?.status).toBe('pass');
  });

  it('a code without the first-time restriction ignores the history', () => {
    const d = diagnosePromotionCode(
      promo(),
      ctx({ customer: 'cus_1', history: history('cus_1', [item('charge', 'succeeded')]) }),
    );
    expect(d.reasons).toEqual([]);
  });
});
