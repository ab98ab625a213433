/**
 * Diagnosis: run every check that concerns an object, then the two rules that can only be
 * decided once the others are known (`promotion_code_inactive`, `coupon_invalid`), and
 * derive the verdict from the findings. Pure: no I/O, no clock.
 */
import type {
  Coupon,
  CouponLink,
  Customer,
  CustomerLink,
  Discount,
  Id,
  PromotionCode,
  StripeError,
  StripeErrorFacts,
  Subscription,
} from '../model/types.js';
import type { FailedRequest, RedemptionAttempt } from '../model/failedRequest.js';
import { isoTime } from '../format/time.js';
import type { ContextFrom } from '../model/objectContext.js';
import type { Order } from '../model/order.js';
import type { EventHistory, HistoryEvent } from '../model/events.js';
import { appliedToNothing, noCodeField } from './orderRules.js';
import {
  stoppedByEvent,
  stoppedOnCustomer,
  stoppedOnSubscription,
  type CouponsById,
  type StoppedDiscountFacts,
} from './stoppedDiscounts.js';
import { NO_SUBJECT, refusalDetections, type RefusalSubject } from './refusalRules.js';
import { requestDetections } from './requestRules.js';
import { oneLine } from '../format/text.js';
import { CATALOGUE, NO_REMEDY_FACTS, type RemedyFacts } from './catalogue.js';
import type { Rule, RuleRun } from './rule.js';
import type { RedemptionContext } from './context.js';
import {
  detect,
  isStripeAnswer,
  SEVERITIES,
  severityRank,
  type Detection,
  type Finding,
  type ReasonCode,
  type Remedy,
  type Severity,
  type StripeAnswer,
  type StripeOnlyCode,
  type Verdict,
} from './findings.js';
import type { StripeVerdict } from './stripeVerdict.js';
import { COUPON_RULES, DISCOUNT_RULES, PROMOTION_CODE_RULES } from './registry.js';
import { stripeAnswerSentence } from './stripeAnswer.js';

export type { Verdict } from './findings.js';

export type RuleStatus = 'pass' | 'not_applicable' | Severity;

export interface RuleResult {
  readonly id: Id;
  /** @minLength 1 */
  readonly title: string;
  readonly status: RuleStatus;
  readonly detail: string;
}

type TargetType =
  | 'promotion_code'
  | 'coupon'
  | 'customer'
  | 'subscription'
  | 'discount'
  | 'stripe_error'
  | 'failed_request'
  | 'checkout_session'
  | 'payment_link'
  | 'invoice';

/** A failed request as the document shows it: the request, what it redeemed, and the live command. */
export interface FailedRequestSummary {
  readonly method: string;
  readonly path: string;
  readonly request_id: string | null;
  readonly status: number | null;
  readonly time: number | null;
  readonly time_iso: string | null;
  /** `request_log_url`: exact (its t=); `time_line`: the Dashboard's local time, zone unknown, read as if UTC. */
  readonly time_source: 'request_log_url' | 'time_line' | null;
  readonly api_version: string | null;
  readonly redeemed: RedemptionAttempt;
  /** `promo-doctor check …` with the request's context, to diagnose it live. */
  readonly check_command: string | null;
}

/** A discount on a customer or subscription, judged: it still applies unless it has ended (discount_ended). */
export interface DiscountDiagnosis {
  readonly discount: Discount;
  /** Where the discount sits: on the customer, or on one of its subscriptions. */
  readonly attached_to: {
    readonly type: 'customer' | 'subscription' | 'checkout_session' | 'invoice' | 'payment_link';
    readonly id: Id | null;
  };
  /** Whether the discount still applies at the evaluation time. */
  readonly applies: boolean;
  /** Discount-level findings: these set the verdict. */
  readonly reasons: readonly Finding[];
  /** The coupon's own findings: about new redemptions, not this discount. */
  readonly coupon_reasons: readonly Finding[];
  readonly checks: readonly RuleResult[];
}

/**
 * A discount that applied and no longer does (src/rules/stoppedDiscounts.ts): where it was and
 * why it stopped. Its findings (`discount_stopped`, info) are also among the top-level reasons.
 */
export interface StoppedDiscountDiagnosis {
  readonly discount: Discount;
  readonly attached_to: { readonly type: 'customer' | 'subscription'; readonly id: Id | null };
  readonly reasons: readonly Finding[];
}

/** What a customer or subscription diagnosis can take besides the objects: coupons read apart, and the events (`--history`). */
export interface DiscountHistoryInput {
  readonly coupons?: CouponsById;
  readonly history?: EventHistory | null;
}

export interface DiagnosisTarget {
  readonly type: TargetType;
  readonly id: Id;
  readonly code?: string;
}

export interface Diagnosis {
  readonly target: DiagnosisTarget;
  readonly evaluated_at: number;
  readonly verdict: Verdict;
  readonly reasons: readonly Finding[];
  readonly checks: readonly RuleResult[];
  readonly promotion_code?: PromotionCode;
  readonly coupon?: CouponLink | null;
  readonly customer?: CustomerLink;
  readonly subscription?: Subscription;
  readonly discounts?: readonly DiscountDiagnosis[];
  /** Discounts that applied and no longer do, each with why (customer and subscription targets). */
  readonly stopped_discounts?: readonly StoppedDiscountDiagnosis[];
  /** `--history`: the account's events about the target, of the 30 days Stripe keeps. */
  readonly history?: EventHistory;
  /** For a customer-facing code shared by several promotion codes: one diagnosis each. */
  readonly matches?: readonly Diagnosis[];
  /** The promotion code id whose verdict the top level reports, when there are matches. */
  readonly selected?: string;
  /** Stripe's error, when the diagnosis explains a refusal. */
  readonly stripe_error?: StripeErrorFacts;
  readonly failed_request?: FailedRequestSummary;
  readonly checkout_session?: Order;
  readonly invoice?: Order;
  readonly payment_link?: Order;
  /** `--for`: the object the context was taken from, and which value came from where. */
  readonly context_from?: ContextFrom;
  /** Stripe's own answer beside ours (`check --ask-stripe`). */
  readonly stripe_verdict?: StripeVerdict;
}

export function verdictOf(findings: readonly Pick<Finding, 'severity'>[]): Verdict {
  if (findings.some((f) => f.severity === 'blocking')) return 'not_redeemable';
  if (findings.some((f) => f.severity === 'conditional')) return 'conditional';
  return 'redeemable';
}

/** Codes only Stripe's errors produce: their catalogue sentences are made from Stripe's answer. */
const STRIPE_ONLY: ReadonlySet<ReasonCode> = new Set<StripeOnlyCode>([
  'coupon_not_found',
  'coupon_and_promotion_code_conflict',
  'discount_parameter_removed',
  'checkout_discounts_conflict',
  'checkout_single_discount',
  'total_reduced_to_zero',
  'stripe_refusal_unrecognised',
]);

/** Detections -> findings: severity, object, sentence, fix and remedy from the catalogue. */
export function toFinding(detection: Detection, facts: RemedyFacts = NO_REMEDY_FACTS): Finding {
  const entry = CATALOGUE[detection.code] as (typeof CATALOGUE)[ReasonCode] & {
    message: (evidence: unknown, id: string) => string;
    fixFor?: (evidence: unknown, id: string) => string;
    remedy: (evidence: unknown, id: string, facts: RemedyFacts) => Remedy;
  };
  // A code Stripe's error meant carries Stripe's words, not the object facts its sentence needs.
  const fromStripe = isStripeAnswer(detection.evidence) && !STRIPE_ONLY.has(detection.code);
  const message = fromStripe
    ? stripeAnswerSentence(detection.code, detection.evidence as StripeAnswer)
    : entry.message(detection.evidence, detection.id);
  return {
    code: detection.code,
    severity: entry.severity,
    object: detection.object ?? entry.object,
    id: detection.id,
    message: oneLine(message),
    fix: oneLine(fromStripe ? entry.fix : (entry.fixFor?.(detection.evidence, detection.id) ?? entry.fix)),
    remedy: entry.remedy(fromStripe ? null : detection.evidence, detection.id, facts),
    evidence: detection.evidence,
  } as Finding;
}

/**
 * Blocking codes that a different order (amount, currency, products) can fix. Every other
 * blocking code is a refusal no order can fix (the object's state, the surface, a trial, the
 * portal, the customer), and comes first: it is the one to act on (issue 17, root cause first).
 */
const ORDER_FIXABLE: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'minimum_amount_not_met',
  'currency_mismatch',
  'product_not_eligible',
]);

/** 0 for a refusal no order can fix, 1 for one the order can fix; the same for every non-blocking finding. */
export const rootRank = (f: Pick<Finding, 'code' | 'severity'>): number =>
  f.severity === 'blocking' && ORDER_FIXABLE.has(f.code) ? 1 : 0;

/** Most severe first; blocking refusals no order can fix before those it can; else in the order the checks ran. */
function bySeverity(findings: Finding[]): Finding[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        severityRank(a.finding.severity) - severityRank(b.finding.severity) ||
        rootRank(a.finding) - rootRank(b.finding) ||
        a.index - b.index,
    )
    .map(({ finding }) => finding);
}

/**
 * Where no amount can pass (a surface that refuses every minimum, a trial's $0 first invoice),
 * "below the minimum" is not a cause: raising the order would not help, so it is not reported
 * (issue 17, items 1 and 2). The remedy of the cause names it, in case it shows once that is fixed.
 */
const AMOUNT_MOOT: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'minimum_amount_refused_on_surface',
  'trial_first_invoice_zero',
]);
function withoutMootAmount(detections: readonly Detection[]): Detection[] {
  if (!detections.some((d) => AMOUNT_MOOT.has(d.code))) return [...detections];
  return detections.filter((d) => d.code !== 'minimum_amount_not_met' && d.code !== 'minimum_amount_required');
}

interface Ran {
  outcomes: RuleResult[];
  detections: Detection[];
}

function resultOf(check: { id: string; title: string }, run: RuleRun): RuleResult {
  const severities = run.detections.map((d) => CATALOGUE[d.code].severity);
  const worst = SEVERITIES.find((s) => severities.includes(s));
  const status: RuleStatus = worst ?? (run.applicable ? 'pass' : 'not_applicable');
  return { id: check.id, title: check.title, status, detail: run.detail };
}

function runRules<T>(checks: readonly Rule<T>[], subject: T, ctx: RedemptionContext): Ran {
  const outcomes: RuleResult[] = [];
  const detections: Detection[] = [];
  for (const check of checks) {
    const run = check.run(subject, ctx);
    outcomes.push(resultOf(check, run));
    detections.push(...run.detections);
  }
  return { outcomes, detections };
}

/** coupon_not_checked for a coupon that came without applies_to (not for one that is only an id). */
const isAppliesToUnread = (d: Detection): boolean =>
  d.code === 'coupon_not_checked' && (d.evidence as { missing: string[] }).missing.includes('applies_to');

/** Codes that explain a coupon's `valid: false`. */
const COUPON_CLOSERS: ReadonlySet<ReasonCode> = new Set([
  'coupon_deleted',
  'coupon_redeem_by_passed',
  'coupon_max_redemptions_reached',
]);

/**
 * Every check of a coupon, with `coupon_deleted` and `coupon_invalid` (valid: false that no
 * other finding explains). A coupon that was not expanded cannot be checked.
 */
function checkCoupon(link: CouponLink | null, ctx: RedemptionContext, forRedemption = false): Ran {
  if (link === null) return { outcomes: [], detections: [] };
  if (link.kind === 'reference') {
    return {
      outcomes: [
        { id: 'coupon', title: 'Coupon', status: 'not_applicable', detail: `${link.id} not expanded in the data` },
      ],
      detections: [],
    };
  }
  if (link.kind === 'deleted') {
    const detection = detect('coupon_deleted', link.id, { coupon: link.id });
    return {
      outcomes: [
        resultOf(
          { id: 'coupon.deleted', title: 'Coupon exists' },
          { applicable: true, detail: 'deleted', detections: [detection] },
        ),
      ],
      detections: [detection],
    };
  }
  const ran = runRules(COUPON_RULES, link, ctx);
  const explained = ran.detections.some((d) => COUPON_CLOSERS.has(d.code)) || closedSinceEvaluation(link, ctx);
  const invalid = !link.valid && !explained ? [detect('coupon_invalid', link.id, { valid: false })] : [];
  // A `valid: false` that other findings explain is no failure of its own, and no pass either.
  const validDetail = link.valid
    ? 'valid: true'
    : explained
      ? 'valid: false, because of the findings below'
      : 'valid: false';
  ran.outcomes.unshift(
    resultOf(
      { id: 'coupon.valid', title: 'Coupon valid' },
      { applicable: link.valid || !explained, detail: validDetail, detections: invalid },
    ),
  );
  // A coupon pasted without `applies_to` (Stripe sends it only when expanded) may be limited to
  // products: less data is never a yes, so a new redemption is conditional on it (issue 17, item 3).
  // A discount already applied is not redeemed again: its coupon's products do not decide it.
  const unread =
    forRedemption &&
    link.applies_to_products === null &&
    ![...invalid, ...ran.detections].some((d) => CATALOGUE[d.code].severity === 'blocking')
      ? [detect('coupon_not_checked', link.id, { coupon: link.id, expanded: true, missing: ['applies_to'] })]
      : [];
  return { outcomes: ran.outcomes, detections: [...invalid, ...ran.detections, ...unread] };
}

/**
 * `--at` moves the clock for time rules, but flags are as Stripe reports them when read.
 * A coupon whose redeem_by passed between `--at` and the read is invalid for that reason,
 * not for an unknown one.
 */
function closedSinceEvaluation(coupon: Coupon, ctx: RedemptionContext): boolean {
  return coupon.redeem_by !== null && coupon.redeem_by <= ctx.observed_at;
}

/**
 * Codes that explain a promotion code's `active: false`: Stripe deactivates a code for
 * good when it expires, hits max_redemptions, or its coupon becomes invalid
 * (https://docs.stripe.com/api/promotion_codes/object#promotion_code_object-active).
 */
const CODE_CLOSERS: ReadonlySet<ReasonCode> = new Set([
  'promotion_code_expired',
  'promotion_code_max_redemptions_reached',
  'coupon_deleted',
  'coupon_redeem_by_passed',
  'coupon_max_redemptions_reached',
  'coupon_invalid',
]);

/** Why a code is inactive: the findings say, the clock moved on since --at, or nothing known does. */
function inactiveCause(
  code: PromotionCode,
  detections: readonly Detection[],
  ctx: RedemptionContext,
): 'active' | 'findings' | 'since_evaluation' | 'unexplained' {
  if (code.active) return 'active';
  if (detections.some((d) => CODE_CLOSERS.has(d.code))) return 'findings';
  const expiredSince = code.expires_at !== null && code.expires_at <= ctx.observed_at;
  const couponClosedSince = code.coupon?.kind === 'coupon' && closedSinceEvaluation(code.coupon, ctx);
  return expiredSince || couponClosedSince ? 'since_evaluation' : 'unexplained';
}

export const ACTIVE_SINCE_EVALUATION = 'active: false, expired or closed after the evaluation time';

const ACTIVE_DETAIL: Record<ReturnType<typeof inactiveCause>, string> = {
  active: 'active: true',
  findings: 'active: false, because of the findings below',
  since_evaluation: ACTIVE_SINCE_EVALUATION,
  unexplained: 'active: false',
};

export function diagnosePromotionCode(code: PromotionCode, ctx: RedemptionContext): Diagnosis {
  const own = runRules(PROMOTION_CODE_RULES, code, ctx);
  const coupon = checkCoupon(code.coupon, ctx, true);
  const detections = [...own.detections, ...coupon.detections];
  const cause = inactiveCause(code, detections, ctx);
  const couponChecked = code.coupon?.kind !== 'reference';
  const inactive =
    cause === 'unexplained'
      ? [detect('promotion_code_inactive', code.id, { active: false, coupon_checked: couponChecked })]
      : [];
  // An active code says its coupon was valid when read, but not whether it takes this
  // redemption (currencies, products, redeem_by at --at): say it was not checked.
  const unchecked =
    code.active && code.coupon?.kind === 'reference'
      ? [detect('coupon_not_checked', code.coupon.id, { coupon: code.coupon.id, expanded: false, missing: ['coupon'] })]
      : [];
  // An explained `active: false` is no finding of its own: mark it neither pass nor fail.
  const activeResult = resultOf(
    { id: 'promotion_code.active', title: 'Code active' },
    { applicable: cause === 'active' || cause === 'unexplained', detail: ACTIVE_DETAIL[cause], detections: inactive },
  );
  const facts = { promotion_code: code.id, coupon: code.coupon?.id ?? null };
  const all = withoutMootAmount([...inactive, ...detections, ...unchecked]);
  // A refusal makes the products moot: the applies_to that was not in the data cannot change it.
  const blocked = all.some((d) => CATALOGUE[d.code].severity === 'blocking');
  const kept = blocked ? all.filter((d) => !isAppliesToUnread(d)) : all;
  const reasons = bySeverity(kept.map((d) => toFinding(d, facts)));
  return {
    target: { type: 'promotion_code', id: code.id, code: code.code },
    evaluated_at: ctx.at,
    verdict: verdictOf(reasons),
    reasons,
    checks: [activeResult, ...own.outcomes, ...coupon.outcomes],
    promotion_code: code,
    coupon: code.coupon,
  };
}

export function diagnoseCoupon(coupon: CouponLink, ctx: RedemptionContext): Diagnosis {
  const ran = checkCoupon(coupon, ctx, true);
  const facts = { promotion_code: null, coupon: coupon.id };
  const reasons = bySeverity(ran.detections.map((d) => toFinding(d, facts)));
  return {
    target: { type: 'coupon', id: coupon.id },
    evaluated_at: ctx.at,
    verdict: verdictOf(reasons),
    reasons,
    checks: ran.outcomes,
    coupon,
  };
}

function diagnoseDiscount(
  discount: Discount,
  attachedTo: DiscountDiagnosis['attached_to'],
  ctx: RedemptionContext,
): DiscountDiagnosis {
  const own = runRules(DISCOUNT_RULES, discount, ctx);
  const coupon = checkCoupon(discount.coupon, ctx);
  return {
    discount,
    attached_to: attachedTo,
    applies: !own.detections.some((d) => d.code === 'discount_ended'),
    reasons: bySeverity(own.detections.map((d) => toFinding(d))),
    coupon_reasons: bySeverity(coupon.detections.map((d) => toFinding(d))),
    checks: [...own.outcomes, ...coupon.outcomes],
  };
}

/**
 * Discount-level findings decide; the coupons' own findings are context only, because a
 * coupon's `valid: false` stops new redemptions, not discounts already applied
 * (https://docs.stripe.com/billing/subscriptions/coupons).
 */
function discountsDiagnosis(
  target: Diagnosis['target'],
  discounts: DiscountDiagnosis[],
  ctx: RedemptionContext,
  stopped: readonly StoppedDiscountFacts[] | null = null,
  history: EventHistory | null = null,
  own: readonly Finding[] = [],
): Diagnosis {
  // A stopped discount's findings are `info`: they explain the past and never move the verdict.
  const stoppedDiagnoses = (stopped ?? []).map((s) => ({
    discount: s.discount,
    attached_to: s.attached_to,
    reasons: s.detections.map((d) => toFinding(d)),
  }));
  const reasons = bySeverity([
    ...own,
    ...discounts.flatMap((d) => [...d.reasons]),
    ...stoppedDiagnoses.flatMap((s) => s.reasons),
  ]);
  return {
    target,
    evaluated_at: ctx.at,
    verdict: verdictOf(reasons),
    reasons,
    checks: discounts.flatMap((d) => d.checks),
    discounts,
    ...(stopped === null ? {} : { stopped_discounts: stoppedDiagnoses }),
    ...(history === null ? {} : { history }),
  };
}

export function diagnoseCustomer(
  customer: Customer,
  ctx: RedemptionContext,
  input: DiscountHistoryInput = {},
): Diagnosis {
  const discounts: DiscountDiagnosis[] = [];
  if (customer.discount)
    discounts.push(diagnoseDiscount(customer.discount, { type: 'customer', id: customer.id }, ctx));
  for (const subscription of customer.subscriptions ?? []) {
    for (const discount of subscription.discounts)
      discounts.push(diagnoseDiscount(discount, { type: 'subscription', id: subscription.id }, ctx));
  }
  const history = input.history ?? null;
  const stopped = [
    ...stoppedOnCustomer(customer, ctx, input.coupons, history),
    ...(customer.subscriptions ?? []).flatMap((s) => stoppedOnSubscription(s, ctx, input.coupons, history)),
  ];
  return {
    ...discountsDiagnosis({ type: 'customer', id: customer.id }, discounts, ctx, stopped, history),
    customer,
  };
}

export function diagnoseSubscription(
  subscription: Subscription,
  ctx: RedemptionContext,
  input: DiscountHistoryInput = {},
): Diagnosis {
  const discounts = subscription.discounts.map((d) =>
    diagnoseDiscount(d, { type: 'subscription', id: subscription.id }, ctx),
  );
  const history = input.history ?? null;
  const stopped = stoppedOnSubscription(subscription, ctx, input.coupons, history);
  return {
    ...discountsDiagnosis({ type: 'subscription', id: subscription.id }, discounts, ctx, stopped, history),
    subscription,
  };
}

/** A discount given with the event that removed it (`customer.discount.deleted`, explain): why it stopped. */
export function diagnoseRemovedDiscount(discount: Discount, event: HistoryEvent, ctx: RedemptionContext): Diagnosis {
  return discountsDiagnosis({ type: 'discount', id: discount.id ?? 'discount' }, [], ctx, [
    stoppedByEvent(discount, event, ctx),
  ]);
}

export function diagnoseStandaloneDiscount(discount: Discount, ctx: RedemptionContext): Diagnosis {
  const attachedTo: DiscountDiagnosis['attached_to'] = discount.subscription
    ? { type: 'subscription', id: discount.subscription }
    : { type: 'customer', id: discount.customer };
  return discountsDiagnosis(
    { type: 'discount', id: discount.id ?? 'discount' },
    [diagnoseDiscount(discount, attachedTo, ctx)],
    ctx,
  );
}

/** Nothing to diagnose behind a lookup (not found, other mode, deleted): the one finding that says so. */
export function diagnoseMissing(
  detection: Detection<'promotion_code_not_found' | 'livemode_mismatch' | 'customer_deleted'>,
  target: Diagnosis['target'],
  ctx: RedemptionContext,
): Diagnosis {
  const reasons = [toFinding(detection)];
  const base: Diagnosis = { target, evaluated_at: ctx.at, verdict: verdictOf(reasons), reasons, checks: [] };
  // What is known of the object is its id: say so, so every document of a target type has the same keys.
  const link = { kind: detection.code === 'customer_deleted' ? 'deleted' : 'reference', id: target.id } as const;
  if (target.type === 'coupon') return { ...base, coupon: link };
  if (target.type === 'customer') return { ...base, customer: link, discounts: [], stopped_discounts: [] };
  return base;
}

/** A customer that was deleted: its discounts went with it. */
export function diagnoseDeletedCustomer(id: string, ctx: RedemptionContext): Diagnosis {
  return diagnoseMissing(
    detect('customer_deleted', id, { customer: id, role: 'inspected' }),
    { type: 'customer', id },
    ctx,
  );
}

const VERDICT_RANK: Record<Verdict, number> = { redeemable: 0, conditional: 1, not_redeemable: 2 };

/**
 * Several promotion codes share one customer-facing string (per-customer duplicates, old
 * inactive ones). The top level reports the one this customer would get: one it may
 * redeem if any, else the most redeemable one.
 */
export function diagnoseSharedCode(code: string, matches: readonly Diagnosis[], ctx: RedemptionContext): Diagnosis {
  const ranked = [...matches].sort(
    (a, b) => VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] || a.reasons.length - b.reasons.length,
  );
  const chosen = ranked[0]!;
  return {
    target: { type: 'promotion_code', id: chosen.target.id, code },
    evaluated_at: ctx.at,
    verdict: chosen.verdict,
    reasons: chosen.reasons,
    checks: chosen.checks,
    matches,
    selected: chosen.target.id,
  };
}

/** Stripe's error body: what its message means, Stripe's text kept in the evidence. */
export function diagnoseStripeError(
  error: StripeError,
  ctx: RedemptionContext,
  subject: RefusalSubject = NO_SUBJECT,
): Diagnosis {
  const id = error.request_id ?? 'stripe_error';
  const reasons = bySeverity(refusalDetections(error.error, subject, id).map((d) => toFinding(d, subject)));
  return {
    target: { type: 'stripe_error', id },
    evaluated_at: ctx.at,
    verdict: verdictOf(reasons),
    reasons,
    checks: [],
    stripe_error: error.error,
  };
}

/**
 * A failed request from the Dashboard log: Stripe's answer, about what the request redeemed.
 * `checkCommand` is the command that asks promo-doctor about the same redemption live: built
 * by the caller (src/usecases/explain.ts, with checkCommandFor), as the rules speak no command line.
 */
export function diagnoseFailedRequest(
  request: FailedRequest,
  ctx: RedemptionContext,
  checkCommand: string | null,
): Diagnosis {
  const r = request.redeemed;
  const id = request.request_id ?? `${request.method} ${request.path}`;
  const subject = {
    promotion_code: r.promotion_code,
    coupon: r.coupon,
    customer: r.customer,
    api_version: request.api_version,
    trial: r.trial,
    subscription_update:
      r.surface === 'subscription_update' || r.surface === 'subscription_item' || r.surface === 'schedule_phase',
  };
  const answered = refusalDetections(request.error, subject, id);
  // The request's own parameters predict some refusals (src/rules/requestRules.ts). Stripe judged
  // this very request, so its answer stays the authority: a prediction is added only where Stripe's
  // message is one promo-doctor does not recognise, and never twice.
  const understood = answered.some((d) => d.code !== 'stripe_refusal_unrecognised');
  const parameters = request.discount_parameters ?? null;
  const predicted =
    understood || parameters === null
      ? []
      : requestDetections(
          { method: request.method, path: request.path, api_version: request.api_version, parameters },
          id,
        );
  const reasons = bySeverity([...answered, ...predicted].map((d) => toFinding(d, subject)));
  const { method, path, request_id, status, time, time_source, api_version } = request;
  return {
    target: { type: 'failed_request', id },
    evaluated_at: ctx.at,
    verdict: verdictOf(reasons),
    reasons,
    checks: [],
    stripe_error: request.error,
    failed_request: {
      method,
      path,
      request_id,
      status,
      time,
      time_iso: time === null ? null : isoTime(time),
      time_source,
      api_version,
      redeemed: r,
      check_command: checkCommand,
    },
  };
}

/** A Checkout Session or invoice: each discount on it, and any that took nothing off. */
export function diagnoseOrder(order: Order, ctx: RedemptionContext): Diagnosis {
  const attachedTo = { type: order.kind, id: order.id } as const;
  const discounts = order.discounts.map((applied) => {
    const dd = diagnoseDiscount(applied.discount, attachedTo, ctx);
    const extra = appliedToNothing(order, applied).map((d) => toFinding(d));
    return extra.length === 0 ? dd : { ...dd, reasons: bySeverity([...dd.reasons, ...extra]) };
  });
  const base = discountsDiagnosis(
    { type: order.kind, id: order.id },
    discounts,
    ctx,
    null,
    null,
    noCodeField(order).map((d) => toFinding(d)),
  );
  return { ...base, [order.kind]: order };
}
