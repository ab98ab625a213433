/**
 * The minimum order amount of a promotion code, per currency. Stripe takes the minimum for
 * the order's currency from `restrictions.currency_options[currency]` first, else
 * `minimum_amount` when `minimum_amount_currency` is that currency
 * (https://docs.stripe.com/api/promotion_codes/object#promotion_code_object-restrictions-currency_options).
 */
import { formatMoney } from '../format/money.js';
import type { PromotionCode } from '../model/types.js';
import { defineRule, failed, notApplicable, passed } from './rule.js';
import { detect } from './findings.js';

export interface Minimum {
  currency: string;
  minimum_amount: number;
  from: 'currency_options' | 'minimum_amount';
}

/** Every minimum the code sets, one per currency, `currency_options` winning. */
export function minimums(code: PromotionCode): Minimum[] {
  const byCurrency = new Map<string, Minimum>();
  const { minimum_amount, minimum_amount_currency, currency_options } = code.restrictions;
  if (minimum_amount !== null && minimum_amount_currency !== null) {
    byCurrency.set(minimum_amount_currency, {
      currency: minimum_amount_currency,
      minimum_amount,
      from: 'minimum_amount',
    });
  }
  for (const [currency, option] of Object.entries(currency_options ?? {})) {
    byCurrency.set(currency, { currency, minimum_amount: option.minimum_amount, from: 'currency_options' });
  }
  return [...byCurrency.values()];
}

export const promotionCodeMinimumAmount = defineRule<PromotionCode>({
  id: 'promotion_code.minimum_amount',
  title: 'Minimum amount',
  run(code, ctx) {
    const all = minimums(code);
    if (all.length === 0) return notApplicable('no minimum');
    const detail = `at least ${all.map((m) => formatMoney(m.minimum_amount, m.currency)).join(' or ')}`;
    const asEvidence = (list: Minimum[]) =>
      list.map((m) => ({ currency: m.currency, minimum_amount: m.minimum_amount }));
    if (ctx.currency === null) {
      return failed(detail, detect('minimum_amount_required', code.id, { minimums: asEvidence(all), currency: null }));
    }
    const minimum = all.find((m) => m.currency === ctx.currency);
    if (!minimum) {
      const evidence = {
        restriction: 'minimum_amount' as const,
        currency: ctx.currency,
        accepted_currencies: all.map((m) => m.currency),
        currency_options_known: code.restrictions.currency_options !== null,
      };
      return failed(detail, detect('currency_mismatch', code.id, evidence, 'promotion_code'));
    }
    if (ctx.amount === null) {
      return failed(
        detail,
        detect('minimum_amount_required', code.id, { minimums: asEvidence([minimum]), currency: ctx.currency }),
      );
    }
    if (ctx.amount < minimum.minimum_amount) {
      return failed(
        detail,
        detect('minimum_amount_not_met', code.id, {
          amount: ctx.amount,
          currency: ctx.currency,
          minimum_amount: minimum.minimum_amount,
          minimum_from: minimum.from,
        }),
      );
    }
    return passed(
      `${formatMoney(ctx.amount, ctx.currency)} meets ${formatMoney(minimum.minimum_amount, minimum.currency)}`,
    );
  },
});

/** The promotion-code rules of this family, in the order of the rule results (src/rules/registry.ts). */
export const AMOUNT_RULES = [promotionCodeMinimumAmount] as const;
