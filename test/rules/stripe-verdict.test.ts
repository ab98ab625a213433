/**
 * --ask-stripe's pure parts: the preview shaped like the surface (src/rules/previewPlan.ts,
 * previewPlan), the comparison with the diagnosis (src/rules/stripeVerdict.ts) and its text
 * (src/render/stripeVerdict.ts).
 */
import { describe, expect, it } from 'vitest';
import { createPalette } from '../../src/render/palette.js';
import { renderStripeVerdict, renderStripeVerdictMarkdown } from '../../src/render/stripeVerdict.js';
import { compareWithStripe, type StripeAnswer } from '../../src/rules/stripeVerdict.js';
import { previewPlan } from '../../src/rules/previewPlan.js';
import { ctx } from '../helpers/model.js';

const order = { amount: 4000, currency: 'usd', customer: 'cus_1', products: ['prod_A'] };

describe('previewPlan', () => {
  it('a new redemption with a product: a new subscription first invoice', () => {
    const plan = previewPlan('promo_x', ctx(order));
    if ('unavailable' in plan) throw new Error(plan.unavailable);
    expect(plan.shape).toBe('new_subscription');
    expect(plan.params).toMatchObject({
      customer: 'cus_1',
      discounts: [{ promotion_code: 'promo_x' }],
      subscription_details: { items: [{ price_data: { unit_amount: 4000, product: 'prod_A' } }] },
    });
    expect(
      plan.shapeRefusal(
        'This promotion code cannot be redeemed on a subscription update because it uses the `minimum_amount` restriction',
      ),
    ).toBe(false);
  });

  it.each(['subscription_update', 'portal', 'invoice', 'subscription_item', 'schedule_phase'] as const)(
    '%s: invoice items, whose minimum refusal is the surface own',
    (surface) => {
      const plan = previewPlan('promo_x', ctx({ ...order, surface }));
      if ('unavailable' in plan) throw new Error(plan.unavailable);
      expect(plan.shape).toBe('invoice_items');
      expect(plan.shapeRefusal('uses the `minimum_amount` restriction')).toBe(false);
    },
  );

  it('a new redemption without a product: invoice items, and a minimum refusal is the shape own', () => {
    const plan = previewPlan('promo_x', ctx({ ...order, products: [] }));
    if ('unavailable' in plan) throw new Error(plan.unavailable);
    expect(plan.shape).toBe('invoice_items');
    expect(plan.previewed).toContain('a subscription item needs --product');
    expect(plan.shapeRefusal('uses the `minimum_amount` restriction')).toBe(true);
  });

  it('a trial ends in the future; no customer uses customer_details', () => {
    const plan = previewPlan('promo_x', ctx({ ...order, customer: null, trial: true }));
    if ('unavailable' in plan) throw new Error(plan.unavailable);
    expect(plan.params.customer_details).toEqual({ tax_exempt: 'none' });
    expect(plan.params.subscription_details?.trial_end).toBeGreaterThan(ctx().at);
  });

  it('without an order there is nothing to preview', () => {
    expect(previewPlan('promo_x', ctx({ customer: 'cus_1' }))).toEqual({
      unavailable: 'Stripe was not asked: the preview needs the order, so give --amount and --currency.',
    });
  });
});

describe('compareWithStripe', () => {
  const answer = (over: Partial<StripeAnswer>): StripeAnswer => ({
    accepted: true,
    message: null,
    request_id: 'req_1',
    previewed: 'p',
    ...over,
  });

  it.each([
    ['redeemable', true, 'agreement', null],
    ['conditional', true, 'agreement', null],
    ['not_redeemable', false, 'agreement', null],
    ['not_redeemable', true, 'disagreement', 'stripe_accepted'],
    ['redeemable', false, 'disagreement', 'stripe_refused'],
    ['conditional', false, 'disagreement', 'stripe_refused'],
  ] as const)('ours %s, Stripe accepted %s: %s', (verdict, accepted, comparison, disagreement) => {
    const v = compareWithStripe(verdict, answer({ accepted, message: accepted ? null : 'No.' }));
    expect(v.comparison).toBe(comparison);
    expect(v.disagreement).toBe(disagreement);
    expect(v.request_id).toBe('req_1');
  });

  it("a refusal the preview's shape causes is never a disagreement", () => {
    const v = compareWithStripe('redeemable', answer({ accepted: false, message: 'No.', shape_caused: true }));
    expect(v).toMatchObject({ accepted: null, comparison: 'not_compared', disagreement: null });
  });
});

describe('rendering', () => {
  const disagreement = compareWithStripe('redeemable', {
    accepted: false,
    message: 'No way.',
    request_id: 'req_9',
    previewed: 'invoice items of $40.00',
  });

  it('a disagreement opens the human output, loud', () => {
    const text = renderStripeVerdict(disagreement, createPalette(false));
    expect(text.split('\n')[0]).toBe('⚠ DISAGREEMENT WITH STRIPE');
    expect(text).toContain('Stripe refused the code: "No way." (request req_9).');
    expect(text).toContain('previewed: invoice items of $40.00');
  });

  it('Markdown for tickets', () => {
    expect(renderStripeVerdictMarkdown(disagreement)).toBe(
      [
        '> **⚠ Disagreement with Stripe**',
        '> Disagreement: Stripe refused the code with a message the diagnosis did not predict: "No way.".',
        '> Stripe refused the code: "No way." (request `req_9`).',
        '> Previewed: invoice items of $40.00.',
        '',
        '',
      ].join('\n'),
    );
  });
});

describe('the preview reaches the refusal it tests (issue 20)', () => {
  it.each(['subscription_update', 'portal', 'invoice', 'subscription_item', 'schedule_phase'] as const)(
    '%s: the code sits on the invoice item, where Stripe refuses amount restrictions',
    (surface) => {
      const plan = previewPlan('promo_x', ctx({ ...order, surface }));
      if ('unavailable' in plan) throw new Error(plan.unavailable);
      expect(plan.params.discounts).toBeUndefined();
      expect(plan.params.invoice_items?.[0]).toMatchObject({ discounts: [{ promotion_code: 'promo_x' }] });
      expect(plan.previewed).toContain('the code on the item');
    },
  );

  it('a new redemption keeps the code on the invoice', () => {
    const plan = previewPlan('promo_x', ctx(order));
    if ('unavailable' in plan) throw new Error(plan.unavailable);
    expect(plan.params.discounts).toEqual([{ promotion_code: 'promo_x' }]);
  });
});
