/**
 * The answer to "can this be redeemed, and if not why": what a person reads first, in the
 * order they read it. One model, so the human and the Markdown output say the same thing:
 * a headline (the object and the question asked), the verdict, one entry per finding
 * (most severe first: title, sentence, fix, and a promo-doctor hint), then a few facts.
 * Pure: no colour, no width.
 */
import { formatMoney } from '../format/money.js';
import { dayText, dayWithHint, isoTime } from '../format/time.js';
import { minimums } from '../rules/amountRules.js';
import { CATALOGUE, hintFor } from '../rules/catalogue.js';
import type { RedemptionContext } from '../rules/context.js';
import type { EventHistory, HistoryEvent } from '../model/events.js';
import {
  ACTIVE_SINCE_EVALUATION,
  type Diagnosis,
  type DiscountDiagnosis,
  type StoppedDiscountDiagnosis,
  type Verdict,
} from '../rules/diagnose.js';
import { SEVERITIES, type Finding, type ReasonCode, type Severity } from '../rules/findings.js';
import type { CouponLink, PromotionCode } from '../model/types.js';
import { contextFromFacts, contextFromNote } from './contextFrom.js';
import { couponAmount, couponDuration, minimumsText, modeText, promotionCodeSummary } from './describe.js';
import { failedRequestDetails, failedRequestMeta } from './failedRequest.js';
import { orderDetails, orderMeta, orderSubject } from './order.js';
import type { Fact } from './fact.js';

export type { Fact } from './fact.js';

/** How a line is toned: the renderers map it to a mark and a colour. */
export type Tone = Severity | 'pass' | 'none';

export interface AnswerEntry {
  readonly code: ReasonCode;
  readonly severity: Severity;
  readonly title: string;
  readonly message: string;
  readonly fix: string;
  /** What to ask promo-doctor to settle it; null when nothing more can be asked. */
  readonly hint: string | null;
  /** The Stripe CLI command that applies the remedy, printed and never run; null where there is none. */
  readonly stripeCli: string | null;
}

interface DiscountAnswer {
  readonly heading: string;
  readonly applies: boolean;
  readonly facts: readonly Fact[];
  readonly entries: readonly AnswerEntry[];
  /** The coupon's own findings: about new redemptions, not this discount. */
  readonly couponEntries: readonly AnswerEntry[];
}

export interface Answer {
  /** "Promotion code SPRING", "Coupon SUMMER25", "Customer cus_…". */
  readonly subject: string;
  /** The object's id, when the subject does not already name it. */
  readonly id: string | null;
  readonly mode: string | null;
  /** The question: "for cus_…", "$40.00", "products prod_A", "at 2026-11-22". */
  readonly context: readonly string[];
  /**
   * What the headline cannot hold, shown under it: a failed request's redemption and live
   * command, an order's amounts and discounts.
   */
  readonly details: readonly Fact[];
  readonly verdict: { readonly tone: Tone; readonly text: string; readonly counts: string };
  readonly entries: readonly AnswerEntry[];
  /** One-line notes after the entries (codes sharing a string, where a `--for` context came from). */
  readonly notes: readonly string[];
  /** The facts a person checks the answer against; the human output shows the first few. */
  readonly facts: readonly Fact[];
  readonly discounts: readonly DiscountAnswer[] | null;
  /** Discounts that applied and no longer do, each with why (customer, subscription). */
  readonly stopped: readonly StoppedAnswer[];
  /** `--history`: what the events of the last 30 days say, one line each; null when not read. */
  readonly history: HistoryAnswer | null;
}

interface StoppedAnswer {
  readonly heading: string;
  readonly facts: readonly Fact[];
  readonly entries: readonly AnswerEntry[];
}

export interface HistoryAnswer {
  readonly heading: string;
  readonly lines: readonly string[];
}

export interface AnswerOptions {
  /** explain: hints say what a live command would add. */
  readonly offline: boolean;
}

const COUNT_NOUNS: Record<Severity, [string, string]> = {
  blocking: ['blocking reason', 'blocking reasons'],
  conditional: ['condition', 'conditions'],
  warning: ['warning', 'warnings'],
  info: ['note', 'notes'],
};

/** "1 blocking reason, 2 warnings"; "no findings". Counts agree in number. */
export function countsText(findings: readonly Pick<Finding, 'severity'>[]): string {
  const parts = SEVERITIES.map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, n]) => n > 0)
    .map(([s, n]) => `${n} ${COUNT_NOUNS[s][n === 1 ? 0 : 1]}`);
  return parts.length ? parts.join(', ') : 'no findings';
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function entryOf(f: Finding, options: AnswerOptions, code?: string): AnswerEntry {
  const hint = hintFor(f, { offline: options.offline, ...(code === undefined ? {} : { code }) });
  return {
    code: f.code,
    severity: f.severity,
    title: CATALOGUE[f.code].title,
    message: f.message,
    fix: f.fix,
    hint,
    stripeCli: f.remedy?.stripe_cli ?? null,
  };
}

const VERDICTS: Record<Verdict, { tone: Tone; text: string }> = {
  redeemable: { tone: 'pass', text: 'Redeemable' },
  conditional: { tone: 'conditional', text: 'Redeemable if the conditions below are met' },
  not_redeemable: { tone: 'blocking', text: 'Not redeemable' },
};

/** Short, for the headline's 80 columns: "new subscription with trial". */
const SURFACE_TEXT: Record<NonNullable<RedemptionContext['surface']>, string> = {
  checkout: 'in Checkout',
  payment_link: 'Payment Link',
  subscription: 'new subscription',
  subscription_update: 'subscription update',
  invoice: 'invoice items',
  portal: 'customer portal',
  subscription_item: 'subscription item',
  schedule_phase: 'future schedule phase',
};

/**
 * The question asked, as headline parts: who, how much, which products, where (the surface)
 * and with a trial, when given or inferred (issue 17, item 9), and when. A failed request's
 * time read from the Dashboard's Time line is local time with no zone: it is not called UTC.
 */
function contextParts(ctx: RedemptionContext, at: number, d?: Diagnosis): string[] {
  const parts: string[] = [];
  if (ctx.customer !== null) parts.push(`for ${ctx.customer}`);
  if (ctx.amount !== null && ctx.currency !== null) parts.push(formatMoney(ctx.amount, ctx.currency));
  else if (ctx.currency !== null) parts.push(`in ${ctx.currency.toUpperCase()}`);
  if (ctx.products.length > 0)
    parts.push(`${ctx.products.length === 1 ? 'product' : 'products'} ${ctx.products.join(', ')}`);
  const trial = ctx.trial === true ? 'with trial' : null;
  if (ctx.surface) parts.push([SURFACE_TEXT[ctx.surface], trial].filter(Boolean).join(' '));
  else if (trial) parts.push(trial);
  const localTime = d?.failed_request?.time_source === 'time_line' && d.failed_request.time === at;
  const noZone = (ctx.at_uncertainty ?? 0) > 0;
  parts.push(
    localTime
      ? `at ${isoTime(at).slice(0, 16).replace('T', ' ')} (Dashboard time)`
      : noZone
        ? `at ${isoTime(at).slice(0, 16).replace('T', ' ')} (no zone)`
        : `at ${dayText(at)}`,
  );
  return parts;
}

function couponText(link: CouponLink | null): string {
  if (link === null) return 'none';
  if (link.kind === 'reference') return `${link.id} (only its id is in the data)`;
  if (link.kind === 'deleted') return `${link.id} (deleted)`;
  const name = link.name ? ` "${link.name}"` : '';
  return `${link.id}${name}: ${couponAmount(link)}, ${couponDuration(link)}`;
}

function couponFacts(link: CouponLink, at: number): Fact[] {
  if (link.kind !== 'coupon') return [{ label: 'Coupon', value: couponText(link) }];
  const facts: Fact[] = [{ label: 'Coupon', value: couponText(link) }];
  facts.push({
    label: 'Coupon redemptions',
    value:
      link.max_redemptions === null
        ? `${link.times_redeemed} used, no limit`
        : `${link.times_redeemed} of ${link.max_redemptions} used`,
  });
  if (link.redeem_by !== null) facts.push({ label: 'Redeem by', value: dayWithHint(link.redeem_by, at) });
  if (link.applies_to_products !== null && link.applies_to_products.length > 0)
    facts.push({ label: 'Products', value: link.applies_to_products.join(', ') });
  facts.push({ label: 'Coupon valid', value: String(link.valid) });
  return facts;
}

function promotionCodeFacts(code: PromotionCode, at: number): Fact[] {
  const facts: Fact[] = [];
  if (code.coupon) facts.push({ label: 'Coupon', value: couponText(code.coupon) });
  const all = minimums(code);
  if (all.length > 0) facts.push({ label: 'Minimum order', value: minimumsText(all) });
  facts.push({
    label: 'Redemptions',
    value:
      code.max_redemptions === null
        ? `${code.times_redeemed} used, no limit`
        : `${code.times_redeemed} of ${code.max_redemptions} used`,
  });
  if (code.expires_at !== null)
    facts.push({ label: code.expires_at <= at ? 'Expired' : 'Expires', value: dayWithHint(code.expires_at, at) });
  if (code.customer)
    facts.push({
      label: 'Customer',
      value: `${code.customer.id}${code.customer.kind === 'deleted' ? ' (deleted)' : ''}`,
    });
  else if (code.customer_account) facts.push({ label: 'Customer account', value: code.customer_account });
  if (code.restrictions.first_time_transaction) facts.push({ label: 'First-time customers only', value: 'yes' });
  facts.push({ label: 'Active', value: String(code.active) });
  return facts;
}

const ATTACHED_NAMES: Record<DiscountDiagnosis['attached_to']['type'], string> = {
  customer: 'customer',
  subscription: 'subscription',
  checkout_session: 'Checkout Session',
  invoice: 'invoice',
  payment_link: 'Payment Link',
};

function discountAnswer(dd: DiscountDiagnosis, at: number, options: AnswerOptions): DiscountAnswer {
  const d = dd.discount;
  const on = `${ATTACHED_NAMES[dd.attached_to.type]} ${dd.attached_to.id ?? ''}`;
  // A discount that is only an id (not expanded) has a coupon the data does not show: never "none" (issue 17, item 3).
  const unread = d.coupon === null && d.promotion_code === null && d.start === null;
  const facts: Fact[] = [
    {
      label: 'Coupon',
      value: unread
        ? `not in the data (the discount ${d.id ?? ''} is only an id)`.replace(' )', ')')
        : couponText(d.coupon),
    },
  ];
  const promo = promotionCodeSummary(d.promotion_code);
  if (promo) facts.push({ label: 'From', value: promo });
  if (d.start !== null) facts.push({ label: 'Started', value: dayWithHint(d.start, at) });
  facts.push({
    label: d.end !== null && d.end <= at ? 'Ended' : 'Ends',
    value: d.end === null ? 'no end date' : dayWithHint(d.end, at),
  });
  return {
    heading: `Discount ${d.id ?? ''} on ${on}`.replace(/\s+/g, ' ').trim(),
    applies: dd.applies,
    facts,
    entries: dd.reasons.map((f) => entryOf(f, options)),
    couponEntries: dd.coupon_reasons.map((f) => entryOf(f, options)),
  };
}

function stoppedAnswer(sd: StoppedDiscountDiagnosis, at: number, options: AnswerOptions): StoppedAnswer {
  const d = sd.discount;
  const facts: Fact[] = [{ label: 'Coupon', value: couponText(d.coupon) }];
  if (d.start !== null) facts.push({ label: 'Started', value: dayWithHint(d.start, at) });
  if (d.end !== null) facts.push({ label: d.end <= at ? 'Ended' : 'Ends', value: dayWithHint(d.end, at) });
  return {
    heading: `Discount ${d.id ?? ''} on ${ATTACHED_NAMES[sd.attached_to.type]} ${sd.attached_to.id ?? ''}`
      .replace(/\s+/g, ' ')
      .trim(),
    facts,
    entries: sd.reasons.map((f) => entryOf(f, options)),
  };
}

const ACTOR_WORDS: Record<HistoryEvent['actor'], string> = {
  automatic: 'by Stripe itself (automatic, no request)',
  api: 'by an API request (stripe-node)',
  dashboard_or_api: 'by a request from the Dashboard or the API',
};

const CHANGE_WORDS: Record<HistoryEvent['change'], string> = {
  deactivated: 'deactivated (active: true to false)',
  reactivated: 'reactivated (active: false to true)',
  updated: 'updated',
  deleted: 'deleted',
  removed: 'removed',
  switched: 'switched to another coupon',
};

/** One event as a line: when, what happened to what, and by whom. */
export function historyEventText(e: HistoryEvent): string {
  const what =
    e.type === 'promotion_code.updated'
      ? `promotion code ${e.object_id}`
      : e.type.startsWith('coupon.')
        ? `coupon ${e.object_id}`
        : `discount ${e.object_id}${e.coupon ? ` (coupon ${e.coupon})` : ''}${e.subscription ? ` on ${e.subscription}` : ''}`;
  const request = e.request_id ? ` (request ${e.request_id})` : '';
  return `${dayText(e.created)}: ${what} ${CHANGE_WORDS[e.change]} ${ACTOR_WORDS[e.actor]}${request}; event ${e.id}.`;
}

function historyAnswer(h: EventHistory): HistoryAnswer {
  const lines = h.events.map(historyEventText);
  if (h.events.length === 0)
    lines.push(
      `No event about it since ${dayText(h.since)} (the 30 days Stripe keeps): whatever ended it is older, or never happened.`,
    );
  if (!h.complete)
    lines.push('Only the newest 200 events of the window were read (2 requests): older ones were not looked at.');
  return { heading: `History: events since ${dayText(h.since)}`, lines };
}

function subjectOf(d: Diagnosis): { subject: string; id: string | null; mode: string | null } {
  if (d.promotion_code) {
    return {
      subject: `Promotion code ${d.promotion_code.code}`,
      id: d.promotion_code.id,
      mode: modeText(d.promotion_code.livemode),
    };
  }
  if (d.target.type === 'promotion_code') {
    const named = d.target.code ?? d.target.id;
    return { subject: `Promotion code ${named}`, id: named === d.target.id ? null : d.target.id, mode: null };
  }
  if (d.target.type === 'coupon') {
    const coupon = d.coupon;
    const name = coupon?.kind === 'coupon' && coupon.name ? ` "${coupon.name}"` : '';
    return {
      subject: `Coupon ${d.target.id}${name}`,
      id: null,
      mode: coupon?.kind === 'coupon' ? modeText(coupon.livemode) : null,
    };
  }
  if (d.customer) {
    if (d.customer.kind !== 'customer') return { subject: `Customer ${d.customer.id}`, id: null, mode: null };
    const who = [d.customer.name, d.customer.email ? `<${d.customer.email}>` : null].filter(Boolean).join(' ');
    return { subject: `Customer ${d.customer.id}`, id: who || null, mode: modeText(d.customer.livemode) };
  }
  if (d.subscription)
    return { subject: `Subscription ${d.subscription.id}`, id: `status ${d.subscription.status}`, mode: null };
  const order = d.checkout_session ?? d.invoice ?? d.payment_link;
  if (order) return { subject: orderSubject(order), id: orderMeta(order), mode: null };
  if (d.failed_request)
    return {
      subject: `Failed request ${d.failed_request.method} ${d.failed_request.path}`,
      id: failedRequestMeta(d.failed_request),
      mode: null,
    };
  if (d.stripe_error) {
    const what = [d.stripe_error.type, d.stripe_error.code].filter(Boolean).join(' · ');
    return {
      subject: `Stripe error${d.target.id === 'stripe_error' ? '' : ` ${d.target.id}`}`,
      id: what || null,
      mode: null,
    };
  }
  return {
    subject: `${d.target.type.replace('_', ' ').replace(/^./, (c) => c.toUpperCase())} ${d.target.id}`,
    id: null,
    mode: null,
  };
}

function detailsOf(d: Diagnosis): Fact[] {
  const order = d.checkout_session ?? d.invoice ?? d.payment_link;
  return [...(order ? orderDetails(order) : []), ...(d.failed_request ? failedRequestDetails(d.failed_request) : [])];
}

function verdictOfDiscounts(d: Diagnosis): Answer['verdict'] {
  const counts = countsText(d.reasons);
  if (d.reasons.some((f) => f.code === 'customer_deleted'))
    return { tone: 'blocking', text: 'Customer deleted', counts };
  if (d.reasons.some((f) => f.code === 'promotion_codes_not_allowed'))
    return { tone: 'blocking', text: 'No code can be entered here', counts };
  if (d.discounts!.length === 0)
    return {
      tone: 'none',
      text: (d.stopped_discounts ?? []).length > 0 ? 'No discount applies now' : 'No discounts to explain',
      counts,
    };
  if (d.verdict === 'not_redeemable') {
    const ended = d.discounts!.filter((dd) => !dd.applies).length;
    return {
      tone: 'blocking',
      text:
        ended === d.discounts!.length && ended > 1
          ? 'Every discount has ended'
          : ended > 1
            ? `${ended} discounts have ended`
            : 'A discount has ended',
      counts,
    };
  }
  // A discount that took $0 off is not good news: the warning that says so leads (issue 17, item 9).
  if (d.reasons.some((f) => f.code === 'discount_applied_to_nothing'))
    return {
      tone: 'warning',
      text: d.discounts!.length === 1 ? 'The discount applies but took nothing off' : 'A discount took nothing off',
      counts,
    };
  return {
    tone: 'pass',
    text: d.discounts!.length === 1 ? 'The discount still applies' : 'Every discount still applies',
    counts,
  };
}

/**
 * One line for a promotion code that shares the customer-facing code but is not the one judged.
 * The conditions listed under the verdict are the selected code's, so a conditional one names
 * its own here rather than pointing "below" (issue 17, item 3).
 */
function otherMatchNote(match: Diagnosis): string {
  const conditions = match.reasons.filter((r) => r.severity === 'conditional').map((r) => r.message.replace(/\.$/, ''));
  if (match.verdict === 'conditional' && conditions.length > 0)
    return `${match.target.id}: redeemable only if ${conditions.length === 1 ? 'its condition is' : 'its conditions are'} met: ${conditions.join('; ')}.`;
  const codes = [...new Set(match.reasons.map((r) => CATALOGUE[r.code].title.toLowerCase()))];
  return `${match.target.id}: ${VERDICTS[match.verdict].text.toLowerCase()}${codes.length ? ` (${codes.join(', ')})` : ''}.`;
}

export function answerOf(d: Diagnosis, ctx: RedemptionContext, options: AnswerOptions): Answer {
  // A shared code answers with the promotion code the customer would get: name it, and its facts.
  const selected = d.matches?.find((m) => m.target.id === d.selected) ?? d;
  const { subject, id, mode } = subjectOf(selected);
  const discountsTarget = d.discounts !== undefined;
  const verdict = discountsTarget ? verdictOfDiscounts(d) : { ...VERDICTS[d.verdict], counts: countsText(d.reasons) };
  const notes: string[] = [];
  // Flags are as read, the clock is --at: say why an `active: false` is no finding as of then.
  if (d.checks.some((c) => c.id === 'promotion_code.active' && c.detail === ACTIVE_SINCE_EVALUATION)) {
    notes.push('It is inactive now (active: false) because it expired or closed after the evaluation time.');
  }
  if (d.context_from) notes.push(contextFromNote(d.context_from));
  // The Dashboard shows a log's Time in the viewer's local time, with no zone (issue 17, item 9).
  if (d.failed_request?.time_source === 'time_line')
    notes.push(
      "The log's Time is the Dashboard's local time, with no zone: it may be up to 14 hours off. The live command gives it without a zone, so a deadline that close stays undecided; the request_log_url's t= is exact.",
    );
  if (d.matches && d.matches.length > 1) {
    notes.push(
      `${d.matches.length} promotion codes share this code; the verdict is that of ${d.selected}, the one ${ctx.customer ?? 'a customer'} would get.`,
    );
    for (const match of d.matches) if (match.target.id !== d.selected) notes.push(otherMatchNote(match));
  }
  const facts: Fact[] = selected.promotion_code
    ? promotionCodeFacts(selected.promotion_code, d.evaluated_at)
    : d.target.type === 'coupon' && d.coupon
      ? couponFacts(d.coupon, d.evaluated_at)
      : [];
  if (d.context_from) facts.push(...contextFromFacts(d.context_from));
  return {
    subject,
    id,
    mode,
    // A customer is not redeemed: the redemption context means nothing there.
    context: discountsTarget ? [`at ${dayText(d.evaluated_at)}`] : contextParts(ctx, d.evaluated_at, d),
    details: detailsOf(d),
    verdict,
    entries: d.reasons.map((f) => entryOf(f, options, selected.promotion_code?.code ?? d.target.code)),
    notes,
    facts,
    discounts: discountsTarget ? d.discounts!.map((dd) => discountAnswer(dd, d.evaluated_at, options)) : null,
    stopped: (d.stopped_discounts ?? []).map((sd) => stoppedAnswer(sd, d.evaluated_at, options)),
    history: d.history ? historyAnswer(d.history) : null,
  };
}
