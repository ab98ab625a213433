/**
 * Findings: what the rules report. A rule returns data (code, subject, evidence); the
 * sentence and the fix are made in one place from that data (src/rules/catalogue.ts).
 *
 * These types are also the source of schema/diagnosis.schema.json (scripts/schema.mjs): the
 * JSDoc tags (@minimum, @minItems, @pattern, ...) are the constraints it publishes.
 */
import type { Currency, Id, IsoTime, StripeErrorFacts } from '../model/types.js';
import type { EventActor } from '../model/events.js';
import type { ExistingDiscount, Surface } from './surface.js';

export type DiscountStopCause =
  | 'once_used'
  | 'zero_total_invoice'
  | 'repeating_ended'
  | 'replaced_by_update'
  | 'removed'
  | 'unknown';

export type Severity = 'blocking' | 'conditional' | 'warning' | 'info';

// What the findings add up to (src/rules/diagnose.ts, verdictOf). Not JSDoc: scripts/schema.mjs would publish it.
export type Verdict = 'redeemable' | 'conditional' | 'not_redeemable';
/** Most severe first. */
export const SEVERITIES: readonly Severity[] = ['blocking', 'conditional', 'warning', 'info'];

/** Sort key: 0 for blocking, the most severe. */
export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);

export type FindingObject = 'promotion_code' | 'coupon' | 'customer' | 'discount';

/**
 * How sure promo-doctor is of a claim about Stripe's behaviour: `documented` when a Stripe
 * document (docs.stripe.com, the API reference, stripe-node's types) says it; `observed` when a
 * public report shows Stripe doing it (an issue, an integration that handles the error, a mock
 * that replays it); `inferred` when promo-doctor reasons it out from the documented behaviour.
 */
export type SourceConfidence = 'documented' | 'observed' | 'inferred';

/** A redemption limit as evidence. */
export interface RedemptionCount {
  /** @minimum 0 */
  times_redeemed: number;
  /** @minimum 0 */
  max_redemptions: number;
  /** @minimum 0 */
  remaining: number;
}

export type DeadlineField = 'expires_at' | 'redeem_by' | 'end';

/**
 * A Stripe time field compared with the evaluation time, named as Stripe names it, in unix
 * seconds and ISO side by side: { expires_at, expires_at_iso, evaluated_at, evaluated_at_iso }.
 */
export type Deadline<F extends DeadlineField> = Record<F, number> &
  Record<`${F}_iso`, IsoTime> & {
    evaluated_at: number;
    evaluated_at_iso: IsoTime;
  };

export type Soon<F extends DeadlineField> = Deadline<F> & {
  /** @minimum 0 */
  warn_within_seconds: number;
};

/** Why an earlier transaction disqualifies a "first-time" customer. */
export type PriorTransactionRule =
  /** API reference: "customers without any successful payments or invoices". */
  | 'successful_payment_or_invoice'
  /** Billing guide: a PaymentIntent initiated, even if never completed. */
  | 'payment_intent_initiated'
  /** Billing guide: a subscription (trialing or canceled included). */
  | 'subscription_exists'
  /** Reported refusals: an open, uncollectible or void invoice. */
  | 'invoice_exists';

export interface PriorTransaction {
  object: 'charge' | 'payment_intent' | 'invoice' | 'subscription';
  id: Id;
  /** @minLength 1 */
  status: string;
  created: number | null;
  created_iso: IsoTime | null;
  rule: PriorTransactionRule;
  /**
   * `documented`: a Stripe document names this rule (API reference or Billing guide);
   * `reported`: only public reports of refusals do (an open, uncollectible or void invoice).
   */
  strength: 'documented' | 'reported';
  /** Which of Stripe's sources count it (they disagree: docs/reasons-sources.md, "First-time customers"). */
  counted_by: FirstTimeSource[];
  /** Which of them, read literally, do not: the conflict, shown rather than settled. */
  not_counted_by: FirstTimeSource[];
}

/**
 * The sources on what makes a customer not "first-time": the API reference ("customers without
 * any successful payments or invoices"), the Billing coupons guide (also a PaymentIntent
 * initiated, a subscription even trialing or canceled), the Checkout discounts guide ("no prior
 * payments or non-void invoices"), and public reports of refusals (stripe-node#2349: only an
 * open invoice).
 */
export type FirstTimeSource = 'api_reference' | 'billing_guide' | 'checkout_guide' | 'public_reports';

/** A minimum amount of a promotion code, in one currency. */
export interface CurrencyMinimum {
  currency: Currency;
  /** @minimum 0 */
  minimum_amount: number;
}

/**
 * The evidence of a finding read from Stripe's refusal rather than from the objects: Stripe's
 * own text, the entry of the message table that matched it (`promo-doctor reasons` lists
 * them), and the other codes the same message can mean when Stripe does not tell them apart.
 */
export interface StripeAnswer {
  stripe_error: StripeErrorFacts;
  matched: string;
  ambiguous_with: ReasonCode[];
}

/** Whether a finding's evidence is Stripe's answer (a StripeAnswer) rather than object facts. */
export function isStripeAnswer(evidence: unknown): evidence is StripeAnswer {
  return typeof evidence === 'object' && evidence !== null && 'stripe_error' in evidence && 'matched' in evidence;
}

/**
 * The evidence of a refusal predicted from a request's own parameters (src/rules/requestRules.ts),
 * not from Stripe's answer: the request, and the parameters that cause it as Stripe names them
 * (`allow_promotion_codes`, `discounts[1]`, `coupon`).
 */
export interface RequestParameters {
  request: { method: string; path: string; api_version: string | null };
  parameters: string[];
}

/** Codes only Stripe's refusal messages produce: their evidence is Stripe's answer, never object facts. */
export type StripeOnlyCode =
  | 'coupon_not_found'
  | 'coupon_and_promotion_code_conflict'
  | 'discount_parameter_removed'
  | 'checkout_discounts_conflict'
  | 'checkout_single_discount'
  | 'total_reduced_to_zero'
  | 'stripe_refusal_unrecognised';

/**
 * The evidence each reason code carries. Adding a code here forces a catalogue entry. A code
 * that Stripe's refusal messages can mean (src/rules/stripeMessages.ts) also takes Stripe's
 * answer as its evidence (`| StripeAnswer`).
 */
export interface EvidenceByCode {
  promotion_code_not_found:
    | {
        /** @minLength 1 */
        query: string;
        looked_up_by: 'id' | 'code';
      }
    | StripeAnswer;
  promotion_code_inactive: {
    active: false;
    /** false when the coupon was only an id in the data, so it could not explain active: false */
    coupon_checked: boolean;
  };
  promotion_code_expired: Deadline<'expires_at'>;
  promotion_code_max_redemptions_reached: RedemptionCount;
  coupon_deleted: { coupon: Id };
  coupon_redeem_by_passed: Deadline<'redeem_by'> | StripeAnswer;
  coupon_max_redemptions_reached: RedemptionCount | StripeAnswer;
  coupon_invalid: { valid: false };
  customer_mismatch: { restricted_to: Id; restricted_by: 'customer' | 'customer_account'; customer: Id };
  customer_deleted: { customer: Id; role: 'restricted_to' | 'redeeming' | 'inspected' };
  customer_has_prior_transactions:
    | {
        customer: Id;
        /** @minItems 1 */
        transactions: PriorTransaction[];
        /**
         * True when every transaction found is only `reported`, or a PaymentIntent created in the
         * hour before the evaluation time (it may be the current checkout's own).
         */
        weak_evidence_only: boolean;
      }
    | StripeAnswer;
  minimum_amount_not_met:
    | {
        /** @minimum 0 */
        amount: number;
        currency: Currency;
        /** @minimum 0 */
        minimum_amount: number;
        minimum_from: 'currency_options' | 'minimum_amount';
      }
    | StripeAnswer;
  currency_mismatch:
    | {
        restriction: 'amount_off';
        currency: Currency;
        accepted_currencies: Currency[];
        currency_options_known: boolean;
      }
    | {
        restriction: 'minimum_amount';
        currency: Currency;
        accepted_currencies: Currency[];
        currency_options_known: boolean;
      }
    | StripeAnswer;
  product_not_eligible:
    | {
        /** @minItems 1 */
        products: Id[];
        /** @minItems 1 */
        applies_to_products: Id[];
      }
    | StripeAnswer;
  customer_currency_locked:
    | {
        customer: Id;
        /** The currency the customer is held to (`customer.currency`), set by its first subscription, discount, quote or invoice item. */
        customer_currency: Currency;
        /** The order's currency. */
        currency: Currency;
      }
    | StripeAnswer;
  discount_ended: Deadline<'end'> & { coupon: Id | null };
  livemode_mismatch:
    | {
        /** @minLength 1 */
        query: string;
        key_mode: 'test' | 'live';
        object_mode: 'test' | 'live';
        stripe_message: string;
      }
    | StripeAnswer;
  restricted_to_customer: { restricted_to: Id; restricted_by: 'customer' | 'customer_account' };
  first_time_customers_only: {
    first_time_transaction: true;
    customer: Id | null;
    history_checked: false;
    /** Why the history was not read: no --customer, an acct_ id (no history to list), or offline. */
    history_unavailable: 'no_customer' | 'customer_account' | 'offline';
    /**
     * A guest in Checkout or on a Payment Link (no customer): the sources give two outcomes,
     * both stated: accepted (Checkout guide), or refused when the code is set at session
     * creation (stripe-node#1318). Absent elsewhere.
     */
    guest_checkout?: true;
  };
  /**
   * An active code whose coupon is only an id in the data (its validity, currencies, products and
   * limits were not checked), or a coupon without `applies_to`, which Stripe sends only when
   * expanded (its products were not checked). `missing` names what was not in the data.
   */
  coupon_not_checked: {
    coupon: Id;
    expanded: boolean;
    /** @minItems 1 */
    missing: Array<'coupon' | 'applies_to'>;
  };
  evaluation_time_uncertain: {
    /** The deadline too close to the evaluation time to tell which side of it the redemption was. */
    field: DeadlineField;
    deadline: number;
    deadline_iso: IsoTime;
    evaluated_at: number;
    evaluated_at_iso: IsoTime;
    /**
     * How far off the evaluation time may be: a time with no zone, up to 14 hours.
     * @minimum 1
     */
    uncertainty_seconds: number;
  };
  portal_configuration_not_read: {
    /**
     * The portal configuration's settings that decide whether a code can be entered, not in the data.
     * @minItems 1
     */
    missing: Array<'features.subscription_update'>;
  };
  minimum_amount_required: {
    /** @minItems 1 */
    minimums: Array<{
      currency: Currency;
      /** @minimum 0 */
      minimum_amount: number;
    }>;
    currency: Currency | null;
  };
  currency_restricted: { accepted_currencies: Currency[]; currency_options_known: boolean };
  products_restricted: {
    /** @minItems 1 */
    applies_to_products: Id[];
  };
  promotion_code_expires_soon: Soon<'expires_at'>;
  coupon_redeem_by_soon: Soon<'redeem_by'>;
  promotion_code_nearly_exhausted: RedemptionCount;
  coupon_nearly_exhausted: RedemptionCount;
  minimum_amount_refused_on_surface:
    | {
        surface: Surface;
        /** @minItems 1 */
        minimums: CurrencyMinimum[];
      }
    | StripeAnswer;
  trial_first_invoice_zero:
    | {
        trial: true;
        /** @minItems 1 */
        minimums: CurrencyMinimum[];
        /** @minimum 0 */
        first_invoice_amount: 0;
      }
    | StripeAnswer;
  checkout_discount_already_applied: {
    surface: Surface;
    /** @minItems 1 */
    existing_discounts: ExistingDiscount[];
  };
  discount_limit_reached: {
    surface: Surface | null;
    /** @minimum 0 */
    existing_count: number;
    /** @minimum 1 */
    limit: number;
  };
  coupon_already_applied: {
    coupon: Id;
    /** How the existing discount matches: the same coupon, or this very promotion code. */
    matched_by: 'coupon' | 'promotion_code';
    existing_discount: ExistingDiscount;
  };
  portal_promotion_codes_disabled:
    | {
        configuration: Id;
        subscription_update_enabled: boolean;
        default_allowed_updates: string[];
      }
    | StripeAnswer;
  promotion_codes_not_allowed: {
    /** The Checkout Session or Payment Link that shows no field to enter a code. */
    order: Id;
    order_type: 'checkout_session' | 'payment_link';
    /** As the object has it: false, or null when the field is absent (Stripe's default is false). */
    allow_promotion_codes: false | null;
  };
  portal_products_not_discounted: {
    /** The portal configuration whose subscription updates cover the products below. */
    configuration: Id;
    /**
     * `features.subscription_update.products`: what a customer can update to in the portal.
     * @minItems 1
     */
    portal_products: Id[];
    /** @minItems 1 */
    applies_to_products: Id[];
  };
  product_not_discounted: {
    surface: Surface;
    /** @minItems 1 */
    products: Id[];
    /** @minItems 1 */
    applies_to_products: Id[];
  };
  minimum_amount_limits_surfaces: {
    /** @minItems 1 */
    refused_on: Surface[];
    /** @minItems 1 */
    minimums: CurrencyMinimum[];
  };
  discount_outlives_coupon: {
    coupon: Id;
    coupon_state: 'deleted' | 'invalid';
    duration: string | null;
    end: number | null;
    end_iso: IsoTime | null;
    /** `unknown`: neither an end date nor the coupon's duration is in the data. */
    applies_until: 'next_invoice' | 'end' | 'forever' | 'unknown';
  };
  discount_stopped: {
    /**
     * Why the discount no longer applies. `once_used`: a `once` coupon applied to its one
     * invoice; `zero_total_invoice`: that invoice cost nothing, so the coupon saved nothing;
     * `repeating_ended`: a `repeating` coupon ran its months (both as planned);
     * `replaced_by_update`: the subscription now has other discounts (an update that set
     * `discounts` overwrote it); `removed`: it went before its end with nothing in its place;
     * `unknown`: the data does not say.
     */
    cause: DiscountStopCause;
    coupon: Id | null;
    /** The coupon's duration, when the coupon is in the data. */
    duration: string | null;
    duration_in_months: number | null;
    end: number | null;
    end_iso: IsoTime | null;
    /** The last invoice seen with the discount (the subscription's latest). */
    invoice: Id | null;
    /** That invoice's total before discounts. */
    invoice_subtotal: number | null;
    currency: Currency | null;
    /** The discounts now on the subscription in its place. */
    replaced_by: Id[];
    /** The coupon was deleted since: it cannot be applied again ("No such coupon"). */
    coupon_deleted: boolean;
    /** `--history`: the event that removed it was found, none was in the 30 days Stripe keeps, or the events were not read. */
    removal_event: 'found' | 'none_in_window' | 'not_read';
    removed_at: number | null;
    removed_at_iso: IsoTime | null;
    removed_by: EventActor | null;
    request_id: string | null;
  };
  discount_applied_to_nothing: {
    order: string;
    order_type: 'checkout_session' | 'invoice';
    coupon: string | null;
    promotion_code: string | null;
    /** 0 when the order says so; null when only its lines show it (none discounted). */
    amount_discounted: 0 | null;
    /** Products of the order's lines, when the lines are in the data. */
    line_products: string[] | null;
    /** The coupon's applies_to.products, when expanded. */
    applies_to_products: string[] | null;
  };
  // Only Stripe says so: these codes come from its error messages, never from the objects.
  coupon_not_found: StripeAnswer;
  // ... or a request's own parameters predict (src/rules/requestRules.ts).
  coupon_and_promotion_code_conflict: StripeAnswer | RequestParameters;
  discount_parameter_removed: (StripeAnswer & { api_version: string | null }) | RequestParameters;
  checkout_discounts_conflict: StripeAnswer | RequestParameters;
  checkout_single_discount: StripeAnswer | RequestParameters;
  total_reduced_to_zero:
    | (StripeAnswer & { api_version: string | null })
    | {
        /** Predicted: the API version is before 2023-08-16 and the code takes the whole order off. */
        api_version: string;
        surface: Surface;
        percent_off: number | null;
        amount_off: number | null;
        /** The order, when known (an amount_off coupon reduces it to zero only if at least as large). */
        amount: number | null;
        currency: Currency | null;
      };
  stripe_refusal_unrecognised: StripeAnswer;
}

/** The evidence a code carries when it is found in the objects themselves: what its catalogue sentence is made from. */
export type ObjectEvidence<C extends ReasonCode> = C extends StripeOnlyCode
  ? EvidenceByCode[C]
  : Exclude<EvidenceByCode[C], StripeAnswer>;

export type ReasonCode = keyof EvidenceByCode;

/**
 * What a rule returns: the code, the id of the object it is about, and the raw facts.
 * `object` overrides the catalogue's usual object where one code can be about two
 * (currency_mismatch: a coupon's amount, or a promotion code's minimums).
 */
export type Detection<C extends ReasonCode = ReasonCode> = {
  [K in C]: { code: K; id: string; evidence: EvidenceByCode[K]; object?: FindingObject };
}[C];

/** One value a remedy sets: a context value (`amount`), or a field of a Stripe object (`active`). */
export interface RemedySetting {
  /** @minLength 1 */
  field: string;
  // `true | false`, not `boolean`: scripts/schema.mjs reads a `boolean` beside `string` as one of its literals.
  value: string | number | true | false | string[] | null;
}

/**
 * What would make a finding go away, as data (issue 17): what changes, on which object or in
 * which context. `change_context`: the redemption differs (amount, currency, products, surface,
 * trial, customer, the discounts already there); `update_object`: an existing Stripe object is
 * changed (`stripe_cli` applies it); `create_object`: a new object replaces one that cannot be
 * changed (an expired code, a coupon past redeem_by); `remove_discount`: a discount already applied
 * is removed; `none`: nothing the user can change here (`why` says so). The finding's `fix`
 * sentence says the same in words. `may_reveal`: the codes that can show once it is applied
 * (a new amount below another minimum), which the remedy names in advance.
 */
export interface Remedy {
  action: 'change_context' | 'update_object' | 'create_object' | 'remove_discount' | 'none';
  /** `context` for the redemption, else the object that changes; null for `none`. */
  on:
    | 'context'
    | 'promotion_code'
    | 'coupon'
    | 'customer'
    | 'discount'
    | 'portal_configuration'
    | 'api_key'
    | 'request'
    | null;
  /** The object changed, or the one a new object replaces; null for the context or when unknown. */
  id: Id | null;
  set: RemedySetting[];
  may_reveal: ReasonCode[];
  /** The Stripe CLI command that applies it, printed and never run; null where there is none. */
  stripe_cli: string | null;
  /** For `none`: why nothing can be changed here; else null. */
  why: string | null;
}

/** A finding as reported: the detection with its severity, object, sentence and fix. */
export type Finding<C extends ReasonCode = ReasonCode> = {
  [K in C]: {
    code: K;
    severity: Severity;
    object: FindingObject;
    id: Id;
    /** @pattern ^[^\n]+[.]$ */
    message: string;
    /** @pattern ^[^\n]+[.]$ */
    fix: string;
    /** The fix as data (src/rules/remedy.ts). */
    remedy: Remedy;
    evidence: EvidenceByCode[K];
  };
}[C];

/** Helper for rules: a detection with its evidence type checked against its code. */
export function detect<C extends ReasonCode>(
  code: C,
  id: string,
  evidence: EvidenceByCode[C],
  object?: FindingObject,
): Detection<C> {
  return (object ? { code, id, evidence, object } : { code, id, evidence }) as Detection<C>;
}
