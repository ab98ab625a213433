/**
 * Rules about who redeems: the customer restriction, deleted customers, and the
 * first-time restriction judged against the customer's history.
 */
import { isoTime } from '../format/time.js';
import type { HistoryItem, PromotionCode } from '../model/types.js';
import { defineRule, failed, notApplicable, passed } from './rule.js';
import type { RedemptionContext } from './context.js';
import { detect, type Detection, type PriorTransaction, type PriorTransactionRule } from './findings.js';

/** The customer (or account) a code is restricted to, if any. */
function restriction(
  code: PromotionCode,
): { restricted_to: string; restricted_by: 'customer' | 'customer_account' } | null {
  if (code.customer) return { restricted_to: code.customer.id, restricted_by: 'customer' };
  if (code.customer_account) return { restricted_to: code.customer_account, restricted_by: 'customer_account' };
  return null;
}

/**
 * The redeeming customer is held to a currency: customer.currency "is the currency the customer
 * can be charged in for recurring billing purposes"
 * (https://docs.stripe.com/api/customers/object#customer_object-currency, documented), and Stripe
 * refuses another one with "You cannot combine currencies on a single customer…" whatever the
 * coupon (observed: https://github.com/Automattic/woocommerce-payments/issues/7732). Predicted
 * only when both currencies are known; a customer without a currency yet is not locked.
 */
export function currencyLock(ctx: RedemptionContext): Detection | null {
  const record = ctx.customer_record;
  if (record?.kind !== 'customer' || !record.currency || ctx.currency === null) return null;
  if (record.currency === ctx.currency) return null;
  return detect('customer_currency_locked', record.id, {
    customer: record.id,
    customer_currency: record.currency,
    currency: ctx.currency,
  });
}

export const promotionCodeCustomer = defineRule<PromotionCode>({
  id: 'promotion_code.customer',
  title: 'Customer restriction',
  run(code, ctx) {
    const detections: Detection[] = [];
    const restrictedToDeleted = code.customer?.kind === 'deleted' ? code.customer.id : null;
    if (ctx.customer_record?.kind === 'deleted' && ctx.customer_record.id !== restrictedToDeleted) {
      detections.push(
        detect('customer_deleted', ctx.customer_record.id, { customer: ctx.customer_record.id, role: 'redeeming' }),
      );
    }
    const locked = currencyLock(ctx);
    if (locked) detections.push(locked);
    const restricted = restriction(code);
    if (!restricted) return { applicable: detections.length > 0, detail: 'any customer', detections };
    const detail = `only ${restricted.restricted_to}`;
    if (code.customer?.kind === 'deleted') {
      detections.push(
        detect('customer_deleted', code.customer.id, { customer: code.customer.id, role: 'restricted_to' }),
      );
      // Nobody can redeem a code whose only customer is gone: "pass --customer" would be no help.
      if (ctx.customer === null) return { applicable: true, detail, detections };
    }
    if (ctx.customer === null) {
      detections.push(detect('restricted_to_customer', code.id, restricted));
    } else if (ctx.customer !== restricted.restricted_to) {
      detections.push(detect('customer_mismatch', code.id, { ...restricted, customer: ctx.customer }));
    }
    return { applicable: true, detail, detections };
  },
});

/**
 * Which earlier transactions disqualify a "first-time" customer, and by which rule.
 * The API reference says "customers without any successful payments or invoices"
 * (https://docs.stripe.com/api/promotion_codes/object#promotion_code_object-restrictions-first_time_transaction);
 * the Billing guide is stricter: a PaymentIntent initiated even if never completed, or a
 * subscription (trials, canceled ones) also counts, and refusals are reported with only an
 * open invoice (https://docs.stripe.com/billing/subscriptions/coupons). Draft invoices and
 * failed or pending charges count under none of these.
 */
export function priorTransactionRule(item: HistoryItem): PriorTransactionRule | null {
  switch (item.object) {
    case 'charge':
      return item.status === 'succeeded' ? 'successful_payment_or_invoice' : null;
    case 'payment_intent':
      return item.status === 'succeeded' ? 'successful_payment_or_invoice' : 'payment_intent_initiated';
    case 'invoice':
      if (item.status === 'paid') return 'successful_payment_or_invoice';
      return ['open', 'uncollectible', 'void'].includes(item.status) ? 'invoice_exists' : null;
    case 'subscription':
      return 'subscription_exists';
  }
}

/**
 * The API reference documents successful payments and invoices, the Billing guide documents
 * PaymentIntents and subscriptions; only public reports say an unpaid invoice counts.
 */
const RULE_STRENGTH: Record<PriorTransactionRule, PriorTransaction['strength']> = {
  successful_payment_or_invoice: 'documented',
  payment_intent_initiated: 'documented',
  subscription_exists: 'documented',
  invoice_exists: 'reported',
};

/**
 * Which sources count an item, and which, read literally, do not:
 * - API reference (https://docs.stripe.com/api/promotion_codes/object#promotion_code_object-restrictions-first_time_transaction):
 *   "customers without any successful payments or invoices": successful payments and paid invoices only;
 * - Billing guide (https://docs.stripe.com/billing/subscriptions/coupons#promotion-codes): also a
 *   PaymentIntent initiated and never completed, and a subscription, trialing or canceled;
 * - Checkout guide (https://docs.stripe.com/payments/checkout/discounts): "no prior payments or
 *   non-void invoices": payments and any invoice but a void one;
 * - public reports (https://github.com/stripe/stripe-node/issues/2349): refused with only an open invoice.
 */
function grade(item: HistoryItem, rule: PriorTransactionRule): Pick<PriorTransaction, 'counted_by' | 'not_counted_by'> {
  switch (rule) {
    case 'successful_payment_or_invoice':
      return { counted_by: ['api_reference', 'billing_guide', 'checkout_guide'], not_counted_by: [] };
    case 'payment_intent_initiated':
    case 'subscription_exists':
      return { counted_by: ['billing_guide'], not_counted_by: ['api_reference'] };
    case 'invoice_exists':
      return item.status === 'void'
        ? { counted_by: ['public_reports'], not_counted_by: ['api_reference', 'checkout_guide'] }
        : { counted_by: ['checkout_guide', 'public_reports'], not_counted_by: ['api_reference'] };
  }
}

function priorTransactions(items: readonly HistoryItem[]): PriorTransaction[] {
  const found: PriorTransaction[] = [];
  for (const item of items) {
    const rule = priorTransactionRule(item);
    if (rule === null) continue;
    const created_iso = item.created === null ? null : isoTime(item.created);
    found.push({
      object: item.object,
      id: item.id,
      status: item.status,
      created: item.created,
      created_iso,
      rule,
      strength: RULE_STRENGTH[rule],
      ...grade(item, rule),
    });
  }
  return found;
}

/** Checkout creates its PaymentIntent before the code is judged: one from the last hour may be this very checkout's. */
const RECENT_PAYMENT_INTENT = 3600;

function weakEvidenceOnly(found: readonly PriorTransaction[], ctx: RedemptionContext): boolean {
  const weak = (t: PriorTransaction): boolean =>
    t.strength === 'reported' ||
    (t.object === 'payment_intent' &&
      t.rule === 'payment_intent_initiated' &&
      t.created !== null &&
      ctx.at - t.created <= RECENT_PAYMENT_INTENT &&
      t.created <= ctx.at);
  return found.every(weak);
}

function historyFor(ctx: RedemptionContext): readonly HistoryItem[] | null {
  if (ctx.customer === null || ctx.history === null || ctx.history.customer !== ctx.customer) return null;
  return ctx.history.items;
}

/**
 * Why the history was not read: no customer named, an Accounts v2 id (no customer object
 * whose charges could be listed), or a customer id without an API key (explain).
 */
function historyUnavailable(customer: string | null): 'no_customer' | 'customer_account' | 'offline' {
  if (customer === null) return 'no_customer';
  return customer.startsWith('acct_') ? 'customer_account' : 'offline';
}

export const promotionCodeFirstTime = defineRule<PromotionCode>({
  id: 'promotion_code.first_time_transaction',
  title: 'First-time customers',
  run(code, ctx) {
    if (!code.restrictions.first_time_transaction) return notApplicable('any customer history');
    const history = historyFor(ctx);
    if (history === null) {
      // A guest in Checkout: the Checkout guide says a code for first-time customers works without
      // a customer; stripe-node#1318 reports refusals when the code is pre-filled at session
      // creation. Both are stated, neither chosen.
      const guest = ctx.customer === null && (ctx.surface === 'checkout' || ctx.surface === 'payment_link');
      const evidence = {
        first_time_transaction: true as const,
        customer: ctx.customer,
        history_checked: false as const,
        history_unavailable: historyUnavailable(ctx.customer),
        ...(guest ? { guest_checkout: true as const } : {}),
      };
      return failed('first-time only', detect('first_time_customers_only', code.id, evidence));
    }
    const prior = priorTransactions(history);
    if (prior.length === 0) return passed(`no earlier transactions for ${ctx.customer}`);
    return failed(
      `${prior.length} earlier transaction${prior.length === 1 ? '' : 's'}`,
      detect('customer_has_prior_transactions', ctx.customer!, {
        customer: ctx.customer!,
        transactions: prior,
        weak_evidence_only: weakEvidenceOnly(prior, ctx),
      }),
    );
  },
});

/** The promotion-code rules of this family, in the order of the rule results (src/rules/registry.ts). */
export const CUSTOMER_RULES = [promotionCodeCustomer, promotionCodeFirstTime] as const;
