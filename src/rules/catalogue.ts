/**
 * The reason catalogue: for every code its severity, the object it is about, a title, the
 * cause, the fix, a Stripe docs link, and the sentence built from a finding's evidence.
 *
 * Typed as a mapped type over ReasonCode: a new code without its entry fails to compile.
 */
import { formatMoney } from '../format/money.js';
import { dayText, durationText, relativeTime } from '../format/time.js';
import type { EventActor } from '../model/events.js';
import { stripeAnswerHint } from './stripeMessages.js';
import {
  type CurrencyMinimum,
  type Deadline,
  type DeadlineField,
  type EvidenceByCode,
  type Finding,
  type FindingObject,
  type FirstTimeSource,
  isStripeAnswer,
  type ObjectEvidence,
  type PriorTransaction,
  type ReasonCode,
  type Remedy,
  type Severity,
  type SourceConfidence,
  type StripeAnswer,
  type StripeOnlyCode,
} from './findings.js';
import {
  changeContext,
  createObject,
  newCodeCli,
  noRemedy,
  removeDiscount,
  stripeCli,
  updateObject,
} from './remedy.js';
import type { Surface } from './surface.js';

/**
 * What a catalogue sentence, fix and hint are made from: the evidence found in the objects. A
 * finding that carries Stripe's answer instead is worded from that answer (src/rules/stripeAnswer.ts).
 */
type MessageEvidence<C extends ReasonCode> = ObjectEvidence<C>;

/** What a remedy is made from: the object facts, or null for a code read from Stripe's refusal (which has none). */
type RemedyEvidence<C extends ReasonCode> = C extends StripeOnlyCode
  ? EvidenceByCode[C]
  : StripeAnswer extends EvidenceByCode[C]
    ? ObjectEvidence<C> | null
    : ObjectEvidence<C>;

export interface CatalogueEntry<C extends ReasonCode = ReasonCode> {
  readonly severity: Severity;
  /**
   * How sure promo-doctor is of the claim about Stripe (src/rules/sources.ts): documented,
   * observed or inferred; the source itself is cited in a comment beside it and at the rule.
   */
  readonly source_confidence: SourceConfidence;
  readonly object: FindingObject;
  readonly title: string;
  readonly cause: string;
  readonly fix: string;
  readonly docs_url: string;
  /**
   * The fix as data (src/rules/remedy.ts): what changes, on which object or in which context,
   * or `none` with why. Required: a code without one does not compile. `evidence` is null when
   * the finding was read from Stripe's refusal, which carries none of the object facts.
   */
  readonly remedy: (evidence: RemedyEvidence<C>, id: string, facts: RemedyFacts) => Remedy;
  /** One plain sentence with the facts, for the finding about object `id`. */
  readonly message: (evidence: MessageEvidence<C>, id: string) => string;
  /** The fix of this finding, where its evidence changes it; else `fix`. */
  readonly fixFor?: (evidence: MessageEvidence<C>, id: string) => string;
  /**
   * What to tell promo-doctor to settle the question, kept apart from the fix (which speaks
   * of Stripe); null when the command being run cannot do better.
   */
  readonly hint?: (evidence: MessageEvidence<C>, where: HintPlace) => string | null;
}

/** What a remedy needs beyond the evidence: the objects being redeemed, when known. */
export interface RemedyFacts {
  readonly promotion_code: string | null;
  readonly coupon: string | null;
}

export const NO_REMEDY_FACTS: RemedyFacts = { promotion_code: null, coupon: null };

/** Codes that a coupon's state causes: reactivating a code whose coupon was not read may meet one of them. */
const COUPON_CLOSING_CODES: ReasonCode[] = [
  'coupon_deleted',
  'coupon_redeem_by_passed',
  'coupon_max_redemptions_reached',
  'coupon_invalid',
];

/**
 * A code that a coupon's state deactivated stays inactive with a new coupon: Stripe deactivates
 * a code for good when its coupon becomes invalid
 * (https://docs.stripe.com/api/promotion_codes/object#promotion_code_object-active; sure), so
 * a new coupon needs a new code too, which a coupon remedy names.
 */
const CODE_CLOSED_WITH_COUPON: ReasonCode[] = ['promotion_code_inactive'];

/** Where a finding is shown: offline (explain) hints differ from live ones. */
export interface HintPlace {
  readonly offline: boolean;
  /** The customer-facing code, for hints that name a command to run ("promo-doctor check <code>"). */
  readonly code?: string;
}

type Catalogue = { readonly [C in ReasonCode]: CatalogueEntry<C> };

const DOCS = {
  promotionCode: 'https://docs.stripe.com/api/promotion_codes/object',
  promotionCodeList: 'https://docs.stripe.com/api/promotion_codes/list',
  coupon: 'https://docs.stripe.com/api/coupons/object',
  couponsGuide: 'https://docs.stripe.com/billing/subscriptions/coupons',
  // The guide's section on promotion codes and their restrictions; #promotion-code-restrictions is no anchor of it.
  restrictions: 'https://docs.stripe.com/billing/subscriptions/coupons#promotion-codes',
  discount: 'https://docs.stripe.com/api/discounts/object',
  apiKeys: 'https://docs.stripe.com/keys',
  errorCodes: 'https://docs.stripe.com/error-codes',
  checkoutDiscounts: 'https://docs.stripe.com/payments/checkout/discounts',
  noCostOrders: 'https://docs.stripe.com/payments/checkout/no-cost-orders',
  changelog: 'https://docs.stripe.com/changelog',
  customerCurrency: 'https://docs.stripe.com/api/customers/object#customer_object-currency',
  checkoutPromotionCodes:
    'https://docs.stripe.com/api/checkout/sessions/create#create_checkout_session-allow_promotion_codes',
  // The coupon guide's section on stacking; the Checkout Session parameter that takes one discount; the portal's setting.
  // The coupon guide says how many discounts stack; #stacking-coupons is no anchor of it, so the page.
  stacking: 'https://docs.stripe.com/billing/subscriptions/coupons',
  checkoutSessionDiscounts: 'https://docs.stripe.com/api/checkout/sessions/create#create_checkout_session-discounts',
  portal:
    'https://docs.stripe.com/api/customer_portal/configurations/object#portal_configuration_object-features-subscription_update-default_allowed_updates',
} as const;

/** Stripe's sentence, quoted on one line without doubling its full stop. */
export const quoteStripe = (a: StripeAnswer): string => `"${a.stripe_error.message.replace(/[.\s]+$/, '')}"`;

/** "2026-03-01, 8 months ago": the date as a person writes it; the evidence keeps unix seconds and ISO. */
const when = <F extends DeadlineField>(e: Deadline<F>, field: F): string => {
  const at = e[field] as number;
  return `${dayText(at)}, ${relativeTime(at, e.evaluated_at)}`;
};
const existingText = (d: { id: string | null; coupon: string | null; promotion_code: string | null }): string =>
  d.promotion_code
    ? `promotion code ${d.promotion_code}`
    : d.coupon
      ? `coupon ${d.coupon}`
      : `discount ${d.id ?? '(unknown)'}`;
const list = (items: readonly string[]): string => items.join(', ');
/** Who removed or changed something, from its event's `request` (src/model/events.ts). */
const ACTOR_TEXT: Record<EventActor, string> = {
  automatic: 'by Stripe itself (no request: automatic handling)',
  api: 'by an API request of stripe-node',
  dashboard_or_api: 'by a request from the Dashboard or the API (its request log tells which)',
};
const upper = (currencies: readonly string[]): string => list(currencies.map((c) => c.toUpperCase()));

/** Which source counts it: the API reference, the Billing guide, reported refusals (see customerRules.ts). */
const RULE_TEXT: Record<PriorTransaction['rule'], string> = {
  successful_payment_or_invoice: 'a successful payment or invoice',
  payment_intent_initiated: 'a PaymentIntent, even never completed',
  subscription_exists: 'a subscription, even trialing or canceled',
  invoice_exists: 'a finalized invoice, even unpaid',
};

const SOURCE_TEXT: Record<FirstTimeSource, string> = {
  api_reference: 'the API reference',
  billing_guide: 'the Billing guide',
  checkout_guide: 'the Checkout guide',
  public_reports: 'public reports',
};
const sourcesText = (sources: readonly FirstTimeSource[]): string => {
  const texts = sources.map((s) => SOURCE_TEXT[s]);
  return texts.length <= 1 ? (texts[0] ?? '') : `${texts.slice(0, -1).join(', ')} and ${texts.at(-1)}`;
};

export function priorTransactionText(t: PriorTransaction): string {
  // Only a disputed item names its sources: where they agree there is nothing to weigh.
  const disputed =
    t.not_counted_by.length > 0
      ? ` (counted by ${sourcesText(t.counted_by)}, not by ${sourcesText(t.not_counted_by)})`
      : '';
  return `${t.object} ${t.id} (${t.status}): ${RULE_TEXT[t.rule]}${disputed}`;
}

const SURFACE_TEXT: Record<Surface, string> = {
  checkout: 'in Checkout',
  payment_link: 'on a Payment Link',
  subscription: 'on a new subscription',
  subscription_update: 'on a subscription update',
  invoice: 'on invoice items',
  portal: 'in the customer portal',
  subscription_item: 'on a subscription item',
  schedule_phase: 'on a future schedule phase',
};

const SHORT_SURFACE_TEXT: Record<Surface, string> = {
  checkout: 'Checkout',
  payment_link: 'Payment Links',
  subscription: 'new subscriptions',
  subscription_update: 'subscription updates',
  invoice: 'invoice items',
  portal: 'the portal',
  subscription_item: 'subscription items',
  schedule_phase: 'future phases',
};
/** "subscription updates, the portal and invoice items". */
const shortSurfacesText = (surfaces: readonly Surface[]): string => {
  const texts = surfaces.map((s) => SHORT_SURFACE_TEXT[s]);
  return texts.length <= 1 ? (texts[0] ?? '') : `${texts.slice(0, -1).join(', ')} and ${texts.at(-1)}`;
};
const minimumsText = (minimums: readonly CurrencyMinimum[]): string =>
  minimums.map((m) => formatMoney(m.minimum_amount, m.currency)).join(' or ');

/** What charging in another currency can show (currency_mismatch and customer_currency_locked's remedies). */
const CURRENCY_CHANGE_REVEALS: readonly ReasonCode[] = [
  'minimum_amount_not_met',
  'currency_mismatch',
  'customer_currency_locked',
  'total_reduced_to_zero',
];

export const CATALOGUE: Catalogue = {
  promotion_code_not_found: {
    severity: 'blocking',
    source_confidence: 'documented',
    object: 'promotion_code',
    title: 'Promotion code not found',
    cause: 'No promotion code with that id or customer-facing code exists in this account and mode.',
    fix: 'Check the spelling, the Stripe account and the mode (test or live).',
    docs_url: DOCS.promotionCodeList,
    remedy: () =>
      noRemedy('No promotion code has that id or code in this account and mode: there is nothing to change on it.'),
    hint: () => 'A connected account needs --stripe-account acct_…; the API key decides test or live mode.',
    message: (e) =>
      e.looked_up_by === 'id'
        ? `No promotion code has the id ${e.query} in this account and mode.`
        : `No promotion code has the customer-facing code "${e.query}" (matched regardless of case) in this account and mode.`,
  },
  promotion_code_inactive: {
    severity: 'blocking',
    source_confidence: 'documented',
    object: 'promotion_code',
    title: 'Promotion code deactivated',
    cause:
      'The code has active: false and nothing else (expiry, redemption limit, coupon) explains it: someone deactivated or archived it.',
    fix: 'Reactivate it (Dashboard, or active=true on the code) if it should work.',
    docs_url: DOCS.promotionCode,
    remedy: (e, id) =>
      updateObject(
        'promotion_code',
        id,
        { active: true },
        stripeCli('promotion_codes', 'update', id, ['--active=true']),
        e === null || e.coupon_checked ? [] : COUPON_CLOSING_CODES,
      ),
    message: (e, id) =>
      e.coupon_checked
        ? `The promotion code ${id} was deactivated (active: false) and no expiry, limit or coupon problem explains it.`
        : `The promotion code ${id} is inactive (active: false); its coupon was not in the data and may be the cause.`,
    fixFor: (e) =>
      e.coupon_checked
        ? 'Reactivate it (Dashboard, or active=true on the code) if it should work.'
        : 'Check its coupon: an invalid coupon deactivates its codes for good.',
    hint: (e, where) =>
      e.coupon_checked || !where.offline
        ? null
        : 'promo-doctor check <code> reads it with its coupon (API key needed).',
  },
  promotion_code_expired: {
    severity: 'blocking',
    source_confidence: 'documented',
    object: 'promotion_code',
    title: 'Promotion code expired',
    cause: 'expires_at is at or before the evaluation time; an expired code becomes permanently inactive.',
    fix: 'Create a new code for the coupon: an expired code cannot be reactivated.',
    docs_url: DOCS.promotionCode,
    remedy: (_e, id, f) => createObject('promotion_code', id, { expires_at: null }, newCodeCli(f.coupon)),
    message: (e, id) => `The promotion code ${id} expired at ${when(e, 'expires_at')}.`,
  },
  promotion_code_max_redemptions_reached: {
    severity: 'blocking',
    source_confidence: 'documented',
    object: 'promotion_code',
    title: 'Promotion code redeemed out',
    cause: 'times_redeemed has reached max_redemptions; the code becomes permanently inactive.',
    fix: 'Create a new code for the coupon, with a higher max_redemptions.',
    docs_url: DOCS.promotionCode,
    remedy: (_e, id, f) => createObject('promotion_code', id, { max_redemptions: null }, newCodeCli(f.coupon)),
    message: (e, id) =>
      `The promotion code ${id} was redeemed ${e.times_redeemed} of ${e.max_redemptions} allowed times.`,
  },
  coupon_deleted: {
    severity: 'blocking',
    source_confidence: 'documented',
    object: 'coupon',
    title: 'Coupon deleted',
    cause:
      'The coupon behind the code was deleted; deleted coupons cannot be redeemed (existing discounts keep applying).',
    fix: 'Create a new coupon and a new promotion code for it.',
    docs_url: DOCS.coupon,
    remedy: (e, id) => createObject('coupon', e?.coupon ?? id, { deleted: false }, null, CODE_CLOSED_WITH_COUPON),
    message: (e) => `The coupon ${e.coupon} was deleted.`,
  },
  coupon_redeem_by_passed: {
    severity: 'blocking',
    source_confidence: 'documented',
    object: 'coupon',
    title: 'Coupon past redeem_by',
    cause:
      'The coupon redeem_by date is at or before the evaluation time; the coupon is no longer valid for new redemptions.',
    fix: 'Create a new coupon with a later redeem_by, and a code for it.',
    docs_url: DOCS.coupon,
    remedy: (_e, id) => createObject('coupon', id, { redeem_by: null }, null, CODE_CLOSED_WITH_COUPON),
    message: (e, id) => `The coupon ${id} could be redeemed until ${when(e, 'redeem_by')}.`,
  },
  coupon_max_redemptions_reached: {
    severity: 'blocking',
    source_confidence: 'documented',
    object: 'coupon',
    title: 'Coupon redeemed out',
    cause: 'The coupon times_redeemed has reached its max_redemptions, across all customers and codes.',
    fix: 'Create a new coupon with a higher max_redemptions.',
    docs_url: DOCS.coupon,
    remedy: (_e, id) => createObject('coupon', id, { max_redemptions: null }, null, CODE_CLOSED_WITH_COUPON),
    message: (e, id) => `The coupon ${id} was redeemed ${e.times_redeemed} of ${e.max_redemptions} allowed times.`,
  },
  coupon_invalid: {
    severity: 'blocking',
    source_confidence: 'documented',
    object: 'coupon',
    title: 'Coupon not valid',
    cause: 'Stripe reports the coupon valid: false and neither deletion, redeem_by nor max_redemptions explains it.',
    fix: 'Look at the coupon in the Dashboard; create a new one if needed.',
    docs_url: DOCS.coupon,
    remedy: (_e, id) => createObject('coupon', id, { valid: true }, null, CODE_CLOSED_WITH_COUPON),
    message: (_e, id) => `Stripe reports the coupon ${id} as not valid (valid: false) for new redemptions.`,
  },
  customer_mismatch: {
    severity: 'blocking',
    source_confidence: 'documented',
    object: 'promotion_code',
    title: "Another customer's code",
    cause: 'The promotion code has a customer (or customer_account) restriction that names someone else.',
    fix: 'Redeem as that customer, or create a code without the restriction.',
    docs_url: DOCS.restrictions,
    remedy: (e) => changeContext(e === null ? {} : { customer: e.restricted_to }, ['customer_has_prior_transactions']),
    message: (e, id) => `${id} is restricted to ${e.restricted_to}, not ${e.customer}.`,
  },
  customer_deleted: {
    severity: 'blocking',
    // No document says a deleted customer cannot redeem; it follows from the object being gone.
    source_confidence: 'inferred',
    object: 'customer',
    title: 'Customer deleted',
    cause: 'The customer the code is restricted to, or the customer redeeming it, was deleted.',
    fix: 'Redeem as an existing customer; a code for a deleted one needs replacing.',
    fixFor: (e) =>
      ({
        restricted_to: 'Nobody can redeem it: create a new code, for an existing customer.',
        redeeming: 'Redeem as an existing customer.',
        inspected: 'Nothing to fix on it: a returning customer needs a new customer object.',
      })[e.role],
    docs_url: DOCS.restrictions,
    remedy: (e, id, f) =>
      e?.role === 'restricted_to'
        ? createObject('promotion_code', f.promotion_code, { customer: null }, newCodeCli(f.coupon))
        : e?.role === 'redeeming'
          ? changeContext({ customer: null })
          : noRemedy(
              `A deleted customer cannot be restored; a returning customer needs a new customer object (${id}).`,
            ),
    message: (e) =>
      ({
        restricted_to: `The code is restricted to ${e.customer}, who was deleted.`,
        redeeming: `The redeeming customer ${e.customer} was deleted.`,
        inspected: `The customer ${e.customer} was deleted; its discounts went with it.`,
      })[e.role],
  },
  customer_has_prior_transactions: {
    severity: 'blocking',
    // Documented, but the documents disagree on what counts (the evidence grades each item).
    source_confidence: 'documented',
    object: 'customer',
    title: 'Not a first-time customer',
    cause:
      'The code is for first-time customers only and this customer has earlier transactions. The API reference counts successful payments or invoices; the Billing guide also counts PaymentIntents initiated and subscriptions (trials and canceled ones).',
    fix: 'Use a code without the first-time restriction for this customer.',
    docs_url: DOCS.restrictions,
    remedy: (_e, _id, f) =>
      createObject('promotion_code', f.promotion_code, { first_time_transaction: false }, newCodeCli(f.coupon)),
    message: (e) =>
      `The customer ${e.customer} has ${e.transactions.length} earlier transaction${e.transactions.length === 1 ? '' : 's'}: ` +
      `${e.transactions.map(priorTransactionText).join('; ')}` +
      (e.weak_evidence_only
        ? "; every one is only reported to count, or is a PaymentIntent from the last hour that may be this checkout's own, so Stripe may still accept the code."
        : '.'),
  },
  minimum_amount_not_met: {
    severity: 'blocking',
    source_confidence: 'documented',
    object: 'promotion_code',
    title: 'Below the minimum amount',
    cause:
      'The order amount is below the minimum for its currency (restrictions.currency_options first, else minimum_amount).',
    fix: 'Raise the order to the minimum, or use a code without one.',
    docs_url: DOCS.restrictions,
    remedy: (e) => changeContext(e === null ? {} : { amount: e.minimum_amount }),
    message: (e) =>
      `The order of ${formatMoney(e.amount, e.currency)} is below the minimum of ${formatMoney(e.minimum_amount, e.currency)} ` +
      `(from ${e.minimum_from === 'currency_options' ? `restrictions.currency_options.${e.currency}` : 'restrictions.minimum_amount'}).`,
  },
  currency_mismatch: {
    severity: 'blocking',
    source_confidence: 'documented',
    object: 'coupon',
    title: 'Currency not supported',
    cause:
      'An amount_off coupon has no amount in this currency, or the code has minimum amounts but none in this currency.',
    fix: 'Charge in a supported currency, or add this one to currency_options.',
    docs_url: DOCS.couponsGuide,
    // Another currency can be below another minimum, one a customer billed before is not held to, or
    // one in which a fixed amount takes the whole order off.
    remedy: (e) =>
      e === null || e.accepted_currencies.length === 0
        ? changeContext({}, CURRENCY_CHANGE_REVEALS)
        : changeContext({ currency: e.accepted_currencies[0]! }, CURRENCY_CHANGE_REVEALS),
    message: (e) =>
      e.restriction === 'amount_off'
        ? `The coupon takes a fixed amount off in ${upper(e.accepted_currencies)} only, not ${e.currency.toUpperCase()}` +
          `${e.currency_options_known ? '' : ' (its currency_options were not in the data; expand them to be sure)'}.`
        : `The promotion code sets minimum amounts in ${upper(e.accepted_currencies)} only, not ${e.currency.toUpperCase()}` +
          `${e.currency_options_known ? '' : ' (its restrictions.currency_options were not in the data; expand them to be sure)'}.`,
  },
  customer_currency_locked: {
    severity: 'blocking',
    // customer.currency is documented; the refusal with a coupon is seen in public reports.
    source_confidence: 'observed',
    object: 'customer',
    title: 'Customer locked to a currency',
    cause:
      'The customer already has a currency (customer.currency), set by an earlier subscription, schedule, discount, quote or invoice item, and Stripe does not bill one customer in two currencies for recurring billing, coupon or not.',
    fix: 'Charge in its currency, or use a new customer; no coupon helps.',
    docs_url: DOCS.customerCurrency,
    // In the customer's currency the order meets the code's minimum and the coupon's amount in that currency, or not.
    remedy: (e) =>
      e === null
        ? changeContext({})
        : changeContext(
            { currency: e.customer_currency },
            CURRENCY_CHANGE_REVEALS.filter((c) => c !== 'customer_currency_locked'),
          ),
    message: (e) =>
      `${e.customer} is locked to ${e.customer_currency.toUpperCase()}; the order is in ${e.currency.toUpperCase()}.`,
  },
  product_not_eligible: {
    severity: 'blocking',
    // Checkout's refusal (coupon_applies_to_nothing) is seen in public integrations, not documented.
    source_confidence: 'observed',
    object: 'coupon',
    title: 'Products not eligible',
    cause:
      'The coupon applies only to certain products (applies_to.products) and none of the given products is one of them.',
    fix: 'Add an eligible product, or use a coupon that covers these products.',
    docs_url: DOCS.couponsGuide,
    remedy: (e) => changeContext(e === null ? {} : { products: [...e.products, e.applies_to_products[0]!] }),
    message: (e) => `The coupon applies only to ${list(e.applies_to_products)}; the order has ${list(e.products)}.`,
  },
  minimum_amount_refused_on_surface: {
    severity: 'blocking',
    source_confidence: 'documented',
    object: 'promotion_code',
    title: 'Minimum amount refused here',
    cause:
      'The code has a minimum amount, and Stripe cannot check an amount on subscription updates, subscription items, invoice items or future schedule phases (the customer portal updates subscriptions), so it refuses the code there.',
    fix: 'Use it in Checkout or a new subscription, or a code without a minimum.',
    docs_url: DOCS.couponsGuide,
    remedy: () =>
      changeContext({ surface: 'checkout' }, [
        'minimum_amount_not_met',
        'checkout_discount_already_applied',
        'product_not_eligible',
        // Checkout on an API version before 2023-08-16 refuses a code that takes the whole order off.
        'total_reduced_to_zero',
      ]),
    message: (e, _id) =>
      `Stripe refuses a code with a minimum amount (${minimumsText(e.minimums)}) ${SURFACE_TEXT[e.surface]}: the amount is not known yet.`,
  },
  trial_first_invoice_zero: {
    severity: 'blocking',
    // The minimum is checked on the first invoice: a public report of a $0 trial checkout.
    source_confidence: 'observed',
    object: 'promotion_code',
    title: 'Trial makes the first invoice $0',
    cause:
      'Stripe checks a minimum amount on the first invoice when the code is redeemed; a trial makes that invoice zero, so a code with a minimum is refused.',
    fix: 'Start without a trial, or use a code without a minimum for trials.',
    docs_url: DOCS.restrictions,
    remedy: () => changeContext({ trial: false }, ['minimum_amount_not_met']),
    message: (e, id) =>
      `The promotion code ${id} needs at least ${minimumsText(e.minimums)}, but a trial makes the first invoice ${formatMoney(0, e.minimums[0]!.currency)}.`,
  },
  checkout_discount_already_applied: {
    severity: 'blocking',
    source_confidence: 'documented',
    object: 'promotion_code',
    title: 'One discount only',
    cause: 'A Checkout Session takes one discount (a coupon or a promotion code), and this one already has one.',
    fix: 'Remove the discount on the session, or create it with this code instead.',
    docs_url: DOCS.checkoutSessionDiscounts,
    // A session without allow_promotion_codes then shows no field for the code: pre-apply it instead.
    remedy: () => removeDiscount(null, { existing_discounts: [] }, null, ['promotion_codes_not_allowed']),
    message: (e, _id) =>
      `Already has ${e.existing_discounts.map(existingText).join(', ')}: ${e.surface === 'payment_link' ? 'a Payment Link' : 'Checkout'} takes one discount.`,
  },
  discount_limit_reached: {
    severity: 'blocking',
    source_confidence: 'documented',
    object: 'promotion_code',
    title: 'Discount limit reached',
    cause:
      'Stripe allows at most 20 discounts on a subscription, subscription item or invoice, and the limit is reached.',
    fix: 'Remove a discount before adding this code.',
    docs_url: DOCS.stacking,
    remedy: (e) => removeDiscount(null, { existing_count: e.limit - 1 }, null),
    message: (e, id) =>
      `There are already ${e.existing_count} discounts (Stripe's limit is ${e.limit}): the promotion code ${id} cannot be added.`,
  },
  coupon_already_applied: {
    severity: 'blocking',
    source_confidence: 'documented',
    object: 'coupon',
    title: 'Coupon already applied',
    cause:
      'The same coupon already discounts this subscription or invoice (directly or through a promotion code); Stripe does not apply one coupon twice.',
    fix: 'Nothing to redeem: it already applies. Stack a code of another coupon.',
    docs_url: DOCS.stacking,
    remedy: () =>
      noRemedy('The coupon already applies: there is nothing to redeem, and applying it again is not possible.'),
    message: (e) =>
      e.matched_by === 'promotion_code'
        ? `This promotion code is already applied (${existingText(e.existing_discount)}).`
        : `The coupon ${e.coupon} is already applied${e.existing_discount.id ? ` (discount ${e.existing_discount.id})` : ''}.`,
  },
  portal_promotion_codes_disabled: {
    severity: 'blocking',
    source_confidence: 'documented',
    object: 'promotion_code',
    title: 'Portal does not take codes',
    cause:
      'In the customer portal a customer can enter a code only when the portal configuration enables subscription updates with promotion codes (default_allowed_updates).',
    fix: "Allow promotion codes in the portal's subscription update settings.",
    docs_url: DOCS.portal,
    remedy: (e) =>
      e === null
        ? updateObject('portal_configuration', null, { 'features.subscription_update.enabled': true }, null)
        : updateObject(
            'portal_configuration',
            e.configuration,
            {
              'features.subscription_update.enabled': true,
              'features.subscription_update.default_allowed_updates': [
                ...new Set([...e.default_allowed_updates, 'promotion_code']),
              ],
            },
            stripeCli('billing_portal', 'configurations', null, [
              'update',
              e.configuration,
              '-d',
              'features[subscription_update][enabled]=true',
              ...[...new Set([...e.default_allowed_updates, 'promotion_code'])].flatMap((u, i) => [
                '-d',
                `features[subscription_update][default_allowed_updates][${i}]=${u}`,
              ]),
            ]),
          ),
    message: (e) =>
      e.subscription_update_enabled
        ? `The customer portal (${e.configuration}) lets customers update ${e.default_allowed_updates.length ? e.default_allowed_updates.join(', ') : 'nothing'}, not enter a code.`
        : `The customer portal (${e.configuration}) does not let customers update subscriptions, so no code can be entered there.`,
  },
  promotion_codes_not_allowed: {
    severity: 'blocking',
    source_confidence: 'documented',
    object: 'discount',
    title: 'No field to enter a code',
    cause:
      'The Checkout Session or Payment Link was created without allow_promotion_codes, so the page shows the customer no place to type a code; any code they have cannot be entered there.',
    fix: 'Create the Checkout Session or Payment Link with allow_promotion_codes: true (a Payment Link can be updated), or pre-apply the code with discounts.',
    docs_url: DOCS.checkoutPromotionCodes,
    remedy: () => updateObject('request', null, { allow_promotion_codes: true }, null),
    fixFor: (e) =>
      e.order_type === 'payment_link'
        ? 'Update the Payment Link with allow_promotion_codes: true.'
        : 'Create the Checkout Session with allow_promotion_codes: true, or pre-apply the code with discounts: [{ promotion_code: promo_… }].',
    message: (e) =>
      `The ${e.order_type === 'payment_link' ? 'Payment Link' : 'Checkout Session'} ${e.order} has ${e.allow_promotion_codes === null ? 'no allow_promotion_codes (the default is false)' : 'allow_promotion_codes: false'}: the customer sees no field for a code.`,
  },
  discount_ended: {
    severity: 'blocking',
    source_confidence: 'documented',
    object: 'discount',
    title: 'Discount ended',
    cause: "The customer's discount has an end at or before the evaluation time (a repeating coupon ran its months).",
    fix: 'Apply a new coupon or code if the customer should keep a discount.',
    docs_url: DOCS.discount,
    remedy: (e, id) => createObject('discount', id, { end: null, coupon: e.coupon }, null),
    message: (e, id) => `The discount ${id}${e.coupon ? ` from coupon ${e.coupon}` : ''} ended at ${when(e, 'end')}.`,
  },
  livemode_mismatch: {
    severity: 'blocking',
    source_confidence: 'observed',
    object: 'promotion_code',
    title: 'Exists in the other mode',
    cause: 'The object exists, but in the other mode (test or live) than the API key used.',
    fix: "Use a key of the object's mode: sk_live_/rk_live_ or sk_test_/rk_test_.",
    docs_url: DOCS.apiKeys,
    remedy: (e) => updateObject('api_key', null, e === null ? {} : { mode: e.object_mode }, null),
    message: (e) => `${e.query} exists in ${e.object_mode} mode, but the key is a ${e.key_mode} mode key.`,
  },
  restricted_to_customer: {
    severity: 'conditional',
    source_confidence: 'documented',
    object: 'promotion_code',
    title: 'Restricted to one customer',
    cause: 'The code can only be redeemed by one customer, and no --customer was given to check against.',
    fix: 'Only that customer can redeem it; others need a code of their own.',
    docs_url: DOCS.restrictions,
    remedy: (e) => changeContext({ customer: e.restricted_to }),
    hint: () => '--customer cus_… checks whether a given customer may redeem it.',
    message: (e, id) => `The promotion code ${id} can only be redeemed by ${e.restricted_to}.`,
  },
  first_time_customers_only: {
    severity: 'conditional',
    source_confidence: 'documented',
    object: 'promotion_code',
    title: 'First-time customers only',
    cause:
      'The code is restricted to customers with no earlier transactions, and the customer history was not checked.',
    fix: 'Stripe accepts it only from customers with no earlier transactions.',
    docs_url: DOCS.restrictions,
    remedy: () =>
      noRemedy("Only the customer's history settles it: give the customer, with an API key to read its history."),
    message: (e, id) =>
      ({
        no_customer: e.guest_checkout
          ? `The promotion code ${id} is for first-time customers only; for a guest (no customer) the Checkout guide says Stripe accepts it, yet stripe-node#1318 reports refusals when the code is set at session creation.`
          : `The promotion code ${id} is for first-time customers only.`,
        offline: `The promotion code ${id} is for first-time customers only; the history of ${e.customer} was not read (no API key offline).`,
        customer_account: `The promotion code ${id} is for first-time customers only; ${e.customer} is an account id, which has no customer history to read.`,
      })[e.history_unavailable],
    hint: (e, where) =>
      ({
        no_customer: where.offline
          ? "promo-doctor check <code> --customer cus_… reads that customer's history (API key needed)."
          : "--customer cus_… checks that customer's history.",
        offline: 'promo-doctor check <code> --customer cus_… reads that history (API key needed).',
        customer_account: 'Give the customer id (cus_…) to --customer to check its history.',
      })[e.history_unavailable],
  },
  minimum_amount_required: {
    severity: 'conditional',
    source_confidence: 'documented',
    object: 'promotion_code',
    title: 'Minimum order amount',
    cause: 'The code needs a minimum order amount, and no --amount (with --currency) was given.',
    fix: 'Stripe refuses the code for an order below that minimum.',
    docs_url: DOCS.restrictions,
    remedy: (e) => changeContext({ amount: e.minimums[0]!.minimum_amount, currency: e.minimums[0]!.currency }),
    hint: () => '--amount and --currency check an order against it.',
    message: (e, id) =>
      `The promotion code ${id} needs an order of at least ${e.minimums.map((m) => formatMoney(m.minimum_amount, m.currency)).join(' or ')}.`,
  },
  currency_restricted: {
    severity: 'conditional',
    source_confidence: 'documented',
    object: 'coupon',
    title: 'Fixed amount in some currencies',
    cause: 'The coupon takes a fixed amount off (amount_off) only in its currencies, and no --currency was given.',
    fix: 'Stripe takes it off only in those currencies (coupon currency_options).',
    docs_url: DOCS.couponsGuide,
    remedy: (e) => changeContext(e.accepted_currencies.length > 0 ? { currency: e.accepted_currencies[0]! } : {}),
    hint: () => '--currency checks an order currency.',
    message: (e, id) =>
      `The coupon ${id} takes a fixed amount off only in ${upper(e.accepted_currencies)}` +
      `${e.currency_options_known ? '' : ' (currency_options were not in the data)'}.`,
  },
  products_restricted: {
    severity: 'conditional',
    source_confidence: 'documented',
    object: 'coupon',
    title: 'Limited to some products',
    cause: 'The coupon applies only to certain products, and no --product was given.',
    fix: 'Stripe discounts only those products: the order must have one.',
    docs_url: DOCS.couponsGuide,
    remedy: (e) => changeContext({ products: [e.applies_to_products[0]!] }),
    message: (e, id) => `The coupon ${id} applies only to ${list(e.applies_to_products)}.`,
    hint: (_e, where) =>
      where.offline
        ? '--product prod_… checks the products of an order.'
        : '--product prod_… or --price price_… checks the products of an order.',
  },
  coupon_not_checked: {
    severity: 'conditional',
    source_confidence: 'documented',
    object: 'coupon',
    title: 'Coupon not checked',
    cause:
      "The promotion code's coupon is only an id in the data (not expanded), or its applies_to is missing (Stripe sends it only when expanded), so what was missing was not checked.",
    fix: 'Retrieve the code with expand[]=promotion.coupon to check its coupon.',
    fixFor: (e) =>
      e.expanded
        ? 'Retrieve the coupon with expand[]=applies_to to check its products.'
        : 'Retrieve the code with expand[]=promotion.coupon to check its coupon.',
    docs_url: 'https://docs.stripe.com/expand',
    remedy: () => noRemedy('Nothing to change: read the code again with its coupon and applies_to expanded.'),
    message: (e) =>
      e.expanded
        ? `The coupon ${e.coupon} came without applies_to (Stripe sends it only when expanded), so the products it applies to were not checked.`
        : `The coupon ${e.coupon} is only an id in the data, so it was not checked.`,
    hint: (_e, where) =>
      where.offline ? 'promo-doctor check <code> reads it with its coupon (API key needed).' : null,
  },
  evaluation_time_uncertain: {
    severity: 'conditional',
    // The Dashboard shows a log's Time in the viewer's local time without a zone; zones run from
    // UTC-12 to UTC+14 (the tz database's extremes, Etc/GMT+12 and Pacific/Kiritimati; sure). The
    // 14-hour bound is promo-doctor's own.
    source_confidence: 'inferred',
    object: 'promotion_code',
    title: 'Too close to a deadline to tell',
    cause:
      'The evaluation time has no zone (a Dashboard log shows its Time in your local time), so it may be off by up to 14 hours, and a deadline (expires_at, redeem_by, a discount end) falls within that.',
    fix: "Give --at with its zone, or the log's request_log_url (its t= is exact).",
    docs_url: DOCS.promotionCode,
    remedy: () =>
      noRemedy('Nothing to change on the objects: only the exact time of the redemption settles which side it was.'),
    message: (e, id) =>
      `The ${e.field} of ${id} (${e.deadline_iso}) is within ${durationText(e.uncertainty_seconds)} of a time with no zone: passed or not is unknown.`,
  },
  portal_configuration_not_read: {
    severity: 'conditional',
    source_confidence: 'documented',
    object: 'promotion_code',
    title: 'Portal settings not read',
    cause:
      "The code is for the customer portal, whose configuration decides whether a customer can enter a code there (features.subscription_update), and that configuration was not read: offline it cannot be, and live the account's default configuration was not found.",
    fix: "Check that the portal's settings allow promotion codes.",
    docs_url: DOCS.portal,
    remedy: () =>
      noRemedy(
        "Only the portal's configuration settles it: read it with an API key (check --surface portal), or look at the portal's settings.",
      ),
    message: () => 'Whether the portal takes codes is unknown: its configuration was not read.',
    hint: (_e, where) =>
      where.offline ? 'promo-doctor check <code> --surface portal reads it (API key needed).' : null,
  },
  promotion_code_expires_soon: {
    severity: 'warning',
    // Horizons of promo-doctor's own (--warn-within, 10% left): no Stripe behaviour.
    source_confidence: 'inferred',
    object: 'promotion_code',
    title: 'Promotion code expires soon',
    cause: 'expires_at falls within the --warn-within horizon.',
    fix: 'Plan a new code if the campaign should outlive that date.',
    docs_url: DOCS.promotionCode,
    remedy: () => noRemedy('Nothing to change yet: it still works until then.'),
    message: (e, id) =>
      `The promotion code ${id} expires at ${when(e, 'expires_at')} (warning horizon ${durationText(e.warn_within_seconds)}).`,
  },
  coupon_redeem_by_soon: {
    severity: 'warning',
    source_confidence: 'inferred',
    object: 'coupon',
    title: 'Coupon redeem_by soon',
    cause: 'The coupon redeem_by falls within the --warn-within horizon.',
    fix: 'Plan a new coupon if the campaign should outlive that date.',
    docs_url: DOCS.coupon,
    remedy: () => noRemedy('Nothing to change yet: it still works until then.'),
    message: (e, id) =>
      `The coupon ${id} can be redeemed only until ${when(e, 'redeem_by')} (warning horizon ${durationText(e.warn_within_seconds)}).`,
  },
  promotion_code_nearly_exhausted: {
    severity: 'warning',
    source_confidence: 'inferred',
    object: 'promotion_code',
    title: 'Promotion code nearly used up',
    cause:
      'Remaining redemptions are at most 10% of max_redemptions (or 1), and at least as many were used as are left: an unused single-use code is not nearly used up.',
    fix: 'Create a follow-up code if demand should continue.',
    docs_url: DOCS.promotionCode,
    remedy: () => noRemedy('Nothing to change yet: redemptions are left.'),
    message: (e, id) => `The promotion code ${id} has ${e.remaining} of ${e.max_redemptions} redemptions left.`,
  },
  coupon_nearly_exhausted: {
    severity: 'warning',
    source_confidence: 'inferred',
    object: 'coupon',
    title: 'Coupon nearly used up',
    cause:
      'Remaining coupon redemptions are at most 10% of max_redemptions (or 1), and at least as many were used as are left; shared by every code of the coupon.',
    fix: 'Create a follow-up coupon if demand should continue.',
    docs_url: DOCS.coupon,
    remedy: () => noRemedy('Nothing to change yet: redemptions are left.'),
    message: (e, id) =>
      `The coupon ${id} has ${e.remaining} of ${e.max_redemptions} redemptions left, across all its codes.`,
  },
  portal_products_not_discounted: {
    severity: 'warning',
    // Inferred from three documented facts, with no page that states the outcome: in the portal a
    // code is redeemed "when updating a subscription" (https://docs.stripe.com/api/promotion_codes);
    // the portal's subscription updates are "supported for items listed in the products
    // attribute" (stripe-node, types BillingPortal/Configurations.d.ts); a coupon with applies_to
    // discounts only those products (https://docs.stripe.com/billing/subscriptions/coupons).
    source_confidence: 'inferred',
    object: 'coupon',
    title: 'Portal offers none of its products',
    cause:
      "In the customer portal a code is entered while updating a subscription, and the portal's subscription updates cover only the products its configuration lists; the coupon applies to none of them, so a code entered there discounts at most the coupon's products the subscription already has.",
    fix: "Add one of the coupon's products to the portal's subscription update products, or give portal customers a code of a coupon for the portal's products.",
    docs_url: DOCS.portal,
    remedy: (e) =>
      updateObject(
        'portal_configuration',
        e.configuration,
        { 'features.subscription_update.products': [...e.portal_products, e.applies_to_products[0]!] },
        null,
      ),
    message: (e) =>
      `The portal (${e.configuration}) offers ${list(e.portal_products)}; the coupon applies only to ${list(e.applies_to_products)}.`,
  },
  product_not_discounted: {
    severity: 'warning',
    source_confidence: 'documented',
    object: 'coupon',
    title: 'Accepted, discounts nothing',
    cause:
      "On a subscription or invoice Stripe's coupon guide says a coupon limited to some products is accepted and discounts only those items, so with none of them it discounts $0; some integrations report a refusal instead, so treat this as at risk.",
    fix: 'Add an eligible product to the order, or use a coupon for these products.',
    docs_url: DOCS.couponsGuide,
    remedy: (e) => changeContext({ products: [...e.products, e.applies_to_products[0]!] }),
    message: (e) =>
      `The coupon applies only to ${list(e.applies_to_products)}; ${SURFACE_TEXT[e.surface]} with ${list(e.products)} it is accepted and discounts $0 on this order.`,
  },
  minimum_amount_limits_surfaces: {
    severity: 'info',
    source_confidence: 'documented',
    object: 'promotion_code',
    title: 'Minimum amount limits surfaces',
    cause:
      'A code with a minimum amount works on new redemptions (Checkout, a new subscription), but Stripe refuses it on subscription updates, subscription items, invoice items and future schedule phases, including the customer portal.',
    fix: 'Use a code without a minimum amount for updates and the portal.',
    docs_url: DOCS.couponsGuide,
    remedy: () => noRemedy('A note on other surfaces: nothing blocks this redemption.'),
    // Kept short: an info line should not crowd the answer (two lines at 80 columns, five surfaces).
    message: (e) => `Refused on ${shortSurfacesText(e.refused_on)} (minimum ${minimumsText(e.minimums)}).`,
  },
  discount_outlives_coupon: {
    severity: 'info',
    source_confidence: 'documented',
    object: 'discount',
    title: 'Discount outlives its coupon',
    cause:
      'The coupon can no longer be redeemed, but a discount already applied keeps applying for its duration: valid: false only stops new redemptions.',
    fix: 'Nothing, if the customer should keep it; delete the discount to stop it.',
    docs_url: DOCS.couponsGuide,
    remedy: () => noRemedy('Nothing blocks it: the discount keeps applying.'),
    message: (e, id) => {
      const until = {
        end: `until ${e.end === null ? 'its end date' : dayText(e.end)}`,
        next_invoice: 'to the next invoice (duration: once)',
        forever: 'for as long as it stays attached (duration: forever)',
        unknown: 'for its duration',
      }[e.applies_until];
      const state = e.coupon_state === 'deleted' ? 'was deleted' : 'is no longer valid for new redemptions';
      return `The discount ${id} keeps applying ${until} although its coupon ${e.coupon} ${state}.`;
    },
  },
  discount_stopped: {
    severity: 'info',
    // Each case is documented (the coupons guide on durations, the invoice on a zero total); the
    // reading of the latest invoice and the events is promo-doctor's (docs/history.md).
    source_confidence: 'documented',
    object: 'discount',
    title: 'Discount stopped',
    cause:
      "A discount that applied to the subscription's latest invoice is no longer on it: a once coupon used on its invoice, a repeating one that ran its months (both as planned), an update that replaced the subscription's discounts, or a removal.",
    fix: 'Apply a new coupon or code if the customer should keep a discount.',
    docs_url: DOCS.couponsGuide,
    remedy: () => noRemedy('A note on the past: nothing blocks a new redemption.'),
    message: (e, id) => {
      const what = `The discount ${id}${e.coupon ? ` from coupon ${e.coupon}` : ''}`;
      const on = e.invoice ? ` on invoice ${e.invoice}` : '';
      const head = {
        once_used: `${what} (duration: once) applied to its one invoice${e.invoice ? `, ${e.invoice}` : ''}, and ended there as planned`,
        zero_total_invoice: `${what} (duration: once) was${on}, which came to ${formatMoney(0, e.currency ?? 'usd')} before discounts: Stripe ignores a coupon on a zero-cost invoice and does not count it as redeemed, so it saved nothing`,
        repeating_ended: `${what} ended as planned${e.end === null ? '' : ` on ${dayText(e.end)}`}${e.duration_in_months === null ? '' : `, after its ${e.duration_in_months} month${e.duration_in_months === 1 ? '' : 's'}`} (duration: repeating)`,
        replaced_by_update: `${what} applied${on} but is no longer on the subscription, which now has ${list(e.replaced_by)}: an update that set discounts replaced it (a list of discounts overwrites the existing ones)`,
        removed: `${what} applied${on} but is no longer on the subscription, before any planned end: an update that cleared discounts, or a deletion of the discount, removed it`,
        unknown: `${what} applied${on} but is no longer on the subscription; the data does not say why`,
      }[e.cause];
      const removal =
        e.removal_event === 'found' && e.removed_at !== null
          ? ` It was removed on ${dayText(e.removed_at)} ${ACTOR_TEXT[e.removed_by ?? 'dashboard_or_api']}${e.request_id ? ` (request ${e.request_id})` : ''}.`
          : e.removal_event === 'none_in_window'
            ? ' No event of the last 30 days (all Stripe keeps) records its removal: it is older.'
            : '';
      const deleted = e.coupon_deleted
        ? ` Its coupon ${e.coupon ?? ''} has been deleted since, so it cannot be applied again (Stripe answers "No such coupon").`
        : '';
      return `${head}.${removal}${deleted}`;
    },
    fixFor: (e) => {
      if (e.coupon_deleted)
        return 'Create a new coupon (the deleted one cannot be applied again) and apply it if the customer should keep a discount.';
      return {
        once_used: 'Nothing to fix: it ended as planned; apply a new coupon if the customer should get more.',
        repeating_ended: 'Nothing to fix: it ended as planned; apply a new coupon if the customer should get more.',
        zero_total_invoice:
          'Apply the coupon to the first invoice that costs something (after the trial), or use a repeating coupon.',
        replaced_by_update:
          'Send the old discount with the new one when updating discounts (discounts[][discount]=di_… reuses it) if both should apply.',
        removed: 'Apply the coupon again if the removal was a mistake.',
        unknown: 'Apply a new coupon or code if the customer should keep a discount.',
      }[e.cause];
    },
    hint: (e, where) =>
      e.removal_event === 'not_read' &&
      !where.offline &&
      (e.cause === 'removed' || e.cause === 'replaced_by_update' || e.cause === 'unknown')
        ? '--history reads the last 30 days of events: when it was removed, and whether by Stripe or by a request.'
        : null,
  },
  discount_applied_to_nothing: {
    severity: 'warning',
    source_confidence: 'documented',
    object: 'discount',
    title: 'Discount applied to nothing',
    cause:
      "Stripe accepted the coupon or promotion code, but it took nothing off: no line is one of the coupon's applies_to products (Stripe accepts such a code and discounts nothing).",
    fix: "Add the coupon's products to applies_to, or sell one of them; a code that must discount everything needs a coupon without applies_to.",
    docs_url: DOCS.couponsGuide,
    remedy: (e) =>
      e.applies_to_products && e.applies_to_products.length > 0
        ? changeContext({ products: [e.applies_to_products[0]!] })
        : noRemedy('The products the coupon applies to are not in the data.'),
    message: (e, id) => {
      const what =
        [e.promotion_code && `promotion code ${e.promotion_code}`, e.coupon && `coupon ${e.coupon}`]
          .filter(Boolean)
          .join(' of ') || `discount ${id}`;
      const where = e.order_type === 'checkout_session' ? `Checkout Session ${e.order}` : `invoice ${e.order}`;
      const why =
        e.applies_to_products && e.line_products
          ? ` (it applies to ${list(e.applies_to_products)}; the lines are ${list(e.line_products) || 'without products'})`
          : '';
      return `The ${what} on ${where} discounted nothing${why}.`;
    },
  },
  coupon_not_found: {
    severity: 'blocking',
    source_confidence: 'observed',
    object: 'coupon',
    title: 'Coupon not found',
    cause: 'Stripe answered that no coupon with that id exists in this account and mode (resource_missing).',
    fix: 'Check the coupon id, the account (Connect: --stripe-account) and the mode of the API key; coupons are per account and per mode.',
    docs_url: DOCS.errorCodes,
    remedy: () => noRemedy('No coupon with that id exists for this key: there is nothing to change on it.'),
    message: (e) => `Stripe refused: ${quoteStripe(e)}; no coupon with that id exists for this key.`,
  },
  coupon_and_promotion_code_conflict: {
    severity: 'blocking',
    source_confidence: 'observed',
    object: 'discount',
    title: 'Coupon and promotion code in one discount',
    cause:
      'A request gave both a coupon and a promotion code where Stripe takes one of the two (one entry of discounts, or the old top-level parameters).',
    fix: 'Send the promotion code alone (it brings its coupon), or the coupon alone; for two discounts use two entries of discounts.',
    docs_url: DOCS.couponsGuide,
    remedy: () => updateObject('request', null, { coupon: null }, null),
    message: (e) =>
      isStripeAnswer(e)
        ? `Stripe refused the request: ${quoteStripe(e)}; one discount takes a coupon or a promotion code, not both.`
        : `The request gives ${e.parameters.join(' and ')}: one discount takes a coupon or a promotion code, not both.`,
  },
  discount_parameter_removed: {
    severity: 'blocking',
    source_confidence: 'observed',
    object: 'discount',
    title: 'Discount parameter removed in this API version',
    cause:
      'The request used a top-level coupon or promotion_code parameter that newer API versions removed (discounts replaces them; a promotion code takes promotion[coupon]); Stripe refuses the whole request, and an integration that swallows the error never applies the discount.',
    fix: 'Send discounts: [{ coupon }] or [{ promotion_code }] instead (promotion: { type: "coupon", coupon } when creating a promotion code), or pin the API version the code was written for.',
    docs_url: DOCS.changelog,
    remedy: () => updateObject('request', null, { discounts: 'the discounts parameter' }, null),
    message: (e) =>
      isStripeAnswer(e)
        ? `Stripe refused: ${quoteStripe(e)}${e.api_version ? ` (the request used API version ${e.api_version})` : ''}; this API version takes discounts instead, so no discount was applied.`
        : `The request sends ${e.parameters.join(' and ')} on API version ${e.request.api_version}, which removed ${e.parameters.length === 1 ? 'it' : 'them'} (from 2025-03-31): it takes discounts instead, so Stripe refuses the request.`,
  },
  checkout_discounts_conflict: {
    severity: 'blocking',
    source_confidence: 'observed',
    object: 'discount',
    title: 'Checkout: allow_promotion_codes and discounts together',
    cause:
      'A Checkout Session was created with both allow_promotion_codes and discounts; Stripe accepts only one of the two.',
    fix: 'Either pre-apply the discount (discounts) or let the customer type a code (allow_promotion_codes: true), not both; send no allow_promotion_codes at all when discounts is set.',
    docs_url: DOCS.checkoutDiscounts,
    remedy: () => updateObject('request', null, { allow_promotion_codes: null }, null),
    message: (e) =>
      isStripeAnswer(e)
        ? `Stripe refused the Checkout Session: ${quoteStripe(e)}.`
        : 'The Checkout Session request sets both allow_promotion_codes and discounts; Stripe accepts only one of the two.',
  },
  checkout_single_discount: {
    severity: 'blocking',
    source_confidence: 'documented',
    object: 'discount',
    title: 'Checkout: one discount only',
    cause: 'A Checkout Session takes at most one coupon or promotion code.',
    fix: 'Pass a single entry in discounts; combine the offers into one coupon if both must apply.',
    docs_url: DOCS.checkoutDiscounts,
    remedy: () => updateObject('request', null, { discounts: 'one entry' }, null),
    message: (e) =>
      isStripeAnswer(e)
        ? `Stripe refused the Checkout Session: ${quoteStripe(e)}; a session takes at most one coupon or promotion code.`
        : `The Checkout Session request has ${e.parameters.length + 1} entries in discounts; a session takes at most one coupon or promotion code.`,
  },
  total_reduced_to_zero: {
    severity: 'blocking',
    source_confidence: 'observed',
    object: 'promotion_code',
    title: 'Total reduced to zero on an old API version',
    cause: 'Before API version 2023-08-16, Checkout refused a discount that brings the total to zero (no-cost orders).',
    fix: 'Create the Checkout Session with API version 2023-08-16 or later (Stripe-Version header or the SDK apiVersion), or use a discount below 100%.',
    docs_url: DOCS.noCostOrders,
    remedy: () => updateObject('request', null, { api_version: '2023-08-16' }, null),
    message: (e) =>
      isStripeAnswer(e)
        ? `Stripe refused: ${quoteStripe(e)}${e.api_version ? ` (the request used API version ${e.api_version})` : ''}.`
        : `API version ${e.api_version} is before 2023-08-16: ${SHORT_SURFACE_TEXT[e.surface]} refuses a code that takes ${e.percent_off === 100 ? '100%' : 'the whole order'} off.`,
  },
  stripe_refusal_unrecognised: {
    severity: 'blocking',
    source_confidence: 'inferred',
    object: 'promotion_code',
    title: 'Stripe refusal not recognised',
    cause:
      "Stripe refused the request with a message that matches none of the refusals promo-doctor knows; Stripe's text is kept as it is.",
    fix: "Read Stripe's message and its request log (request_log_url); run promo-doctor check with the same context for the reasons promo-doctor can test.",
    docs_url: DOCS.errorCodes,
    remedy: () =>
      noRemedy(
        "promo-doctor does not know what Stripe's message means, so it cannot say what would change the answer.",
      ),
    message: (e) =>
      `Stripe refused with a message promo-doctor does not recognise: ${quoteStripe(e)}${e.stripe_error.code ? ` (${e.stripe_error.code})` : ''}.`,
  },
};

export const REASON_CODES = Object.keys(CATALOGUE) as ReasonCode[];

/** The promo-doctor hint for a finding, if its catalogue entry has one for this place. */
export function hintFor(finding: Finding, where: HintPlace): string | null {
  const entry = CATALOGUE[finding.code] as { hint?: (evidence: unknown, where: HintPlace) => string | null };
  // Hints read the objects' facts; a finding worded from Stripe's answer has none of them, but
  // its entry of the message table may have one from what Stripe's text names.
  if (isStripeAnswer(finding.evidence)) return stripeAnswerHint(finding.evidence);
  const hint = entry.hint?.(finding.evidence, where) ?? null;
  // A code that could not be typed as written (spaces, quotes) keeps the placeholder.
  return hint !== null && where.code !== undefined && /^[A-Za-z0-9-]+$/.test(where.code)
    ? hint.replace('<code>', where.code)
    : hint;
}
