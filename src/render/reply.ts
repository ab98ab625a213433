/**
 * `--format reply`: a few plain sentences a support agent can paste to the customer who asked
 * why their code did not work. Written for that customer, not for the merchant:
 *
 * - no ids, no codes as typed, no field names, no reason codes, nothing from the Stripe objects
 *   but numbers (money, dates, currencies), each put into words ("$50.00", "1 March 2026");
 * - one sentence per blocking finding, in the diagnosis' order (root cause first), the same
 *   sentence once however many findings say it;
 * - then what the customer can do, when every refusal is one they can act on;
 * - conditional and warning findings only when they concern the customer (a minimum amount,
 *   first orders only, an end date close by); those about the merchant's set-up are left out.
 *
 * A reason code with no sentence here gets a general one for its severity, so a new code never
 * leaks its wording into a reply.
 */
import { formatMoney } from '../format/money.js';
import type { Diagnosis } from '../rules/diagnose.js';
import type { DiscountStopCause, Finding, ReasonCode, StripeAnswer } from '../rules/findings.js';
import type { Surface } from '../rules/surface.js';

/** "1 March 2026", in UTC as the rest of promo-doctor's dates. */
export function dateInWords(unixSeconds: number): string {
  return new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(unixSeconds * 1000),
  );
}

/** "USD", "EUR, GBP or JPY". */
function currencies(list: readonly string[]): string {
  const upper = [...new Set(list.map((c) => c.toUpperCase()))].filter((c) => /^[A-Z]{3}$/.test(c));
  if (upper.length <= 1) return upper[0] ?? '';
  return `${upper.slice(0, -1).join(', ')} or ${upper.at(-1)}`;
}

/** Money from evidence: only a known shape, else null (the sentence goes without the figure). */
function money(amount: unknown, currency: unknown): string | null {
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0) return null;
  if (typeof currency !== 'string' || !/^[a-z]{3}$/i.test(currency)) return null;
  return formatMoney(amount, currency);
}

function timeOf(evidence: unknown, field: string): number | null {
  const value = (evidence as Record<string, unknown> | null)?.[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

const isStripeAnswer = (evidence: unknown): evidence is StripeAnswer =>
  typeof evidence === 'object' && evidence !== null && 'stripe_error' in evidence;

/** Where a redemption happens, as the customer knows it. */
const SURFACE_WORDS: Record<Surface, string> = {
  checkout: 'at checkout',
  payment_link: 'on this payment page',
  subscription: 'on a subscription',
  subscription_update: 'when changing a subscription',
  invoice: 'on an invoice',
  portal: 'in the billing portal',
  subscription_item: 'on one item of a subscription',
  schedule_phase: 'on a scheduled change to a subscription',
};

/** What to tell the customer about one finding, and what they can do about it. */
interface Said {
  readonly sentence: string;
  readonly can?: string;
}

type Say = (f: Finding, subject: string) => Said | null;

/** The smallest minimum in the customer's currency, else the first. */
function minimumOf(minimums: unknown, currency: string | null): string | null {
  if (!Array.isArray(minimums)) return null;
  const list = minimums as Array<{ currency?: unknown; minimum_amount?: unknown }>;
  const pick = list.find((m) => m.currency === currency) ?? list[0];
  return pick ? money(pick.minimum_amount, pick.currency) : null;
}

const BLOCKING: Partial<Record<ReasonCode, Say>> = {
  promotion_code_not_found: () => ({
    sentence: 'We could not find this code.',
    can: 'Please check that it is typed exactly as you received it.',
  }),
  promotion_code_inactive: (_f, s) => ({ sentence: `${s} is no longer active.` }),
  promotion_code_expired: (f, s) => {
    const end = timeOf(f.evidence, 'expires_at');
    return { sentence: end === null ? `${s} has ended.` : `${s} ended on ${dateInWords(end)}.` };
  },
  promotion_code_max_redemptions_reached: (_f, s) => ({
    sentence: `${s} has already been used as many times as it allows.`,
  }),
  coupon_deleted: () => ({ sentence: 'The offer behind this code has ended.' }),
  coupon_not_found: () => ({ sentence: 'The offer behind this code has ended.' }),
  coupon_redeem_by_passed: (f) => {
    const end = isStripeAnswer(f.evidence) ? null : timeOf(f.evidence, 'redeem_by');
    return { sentence: end === null ? 'This offer has ended.' : `This offer ended on ${dateInWords(end)}.` };
  },
  coupon_max_redemptions_reached: () => ({ sentence: 'This offer has reached the number of uses it allows.' }),
  coupon_invalid: () => ({ sentence: 'This offer is no longer valid.' }),
  customer_mismatch: (_f, s) => ({ sentence: `${s} is reserved for another customer account.` }),
  customer_deleted: (f, s) => {
    const role = (f.evidence as { role?: unknown }).role;
    return role === 'redeeming'
      ? { sentence: `${s} cannot be applied to this account.` }
      : { sentence: `${s} was reserved for an account that no longer exists.` };
  },
  customer_has_prior_transactions: (_f, s) => ({
    sentence: `${s} is for first orders only, and this account has ordered before.`,
  }),
  minimum_amount_not_met: (f, s) => {
    const min = isStripeAnswer(f.evidence)
      ? null
      : money(
          (f.evidence as { minimum_amount?: unknown }).minimum_amount,
          (f.evidence as { currency?: unknown }).currency,
        );
    return min === null
      ? { sentence: `${s} needs a larger order.`, can: 'Adding to the order will let it apply.' }
      : {
          sentence: `${s} needs an order of at least ${min}.`,
          can: `Adding to the order to reach ${min} will let it apply.`,
        };
  },
  currency_mismatch: (f, s) => {
    if (isStripeAnswer(f.evidence)) return { sentence: `${s} cannot be used for payments in this currency.` };
    const e = f.evidence as { currency?: unknown; accepted_currencies?: unknown };
    const paid = typeof e.currency === 'string' ? currencies([e.currency]) : '';
    const accepted = Array.isArray(e.accepted_currencies) ? currencies(e.accepted_currencies as string[]) : '';
    return {
      sentence: paid
        ? `${s} cannot be used for payments in ${paid}.`
        : `${s} cannot be used for payments in this currency.`,
      ...(accepted ? { can: `It works for payments in ${accepted}.` } : {}),
    };
  },
  product_not_eligible: (_f, s) => ({ sentence: `${s} does not apply to the items in this order.` }),
  customer_currency_locked: (f) => {
    const e = isStripeAnswer(f.evidence) ? null : (f.evidence as { customer_currency?: unknown });
    const held = e && typeof e.customer_currency === 'string' ? currencies([e.customer_currency]) : '';
    return {
      sentence: held
        ? `This account pays in ${held}, so an order in another currency cannot be placed with it.`
        : 'This account pays in another currency than this order.',
    };
  },
  promotion_codes_not_allowed: () => ({ sentence: 'This checkout page does not take codes.' }),
  minimum_amount_refused_on_surface: (f, s) => {
    const surface = (f.evidence as { surface?: Surface }).surface;
    const where = surface && Object.hasOwn(SURFACE_WORDS, surface) ? SURFACE_WORDS[surface] : 'here';
    return { sentence: `${s} needs a minimum order, so it cannot be used ${where}.` };
  },
  trial_first_invoice_zero: (_f, s) => ({
    sentence: `${s} needs a minimum order, and the first invoice of a free trial is zero.`,
  }),
  checkout_discount_already_applied: () => ({
    sentence: 'This order already has a discount, and only one can be used.',
  }),
  checkout_single_discount: () => ({ sentence: 'Only one discount can be used on this order.' }),
  discount_limit_reached: () => ({ sentence: 'This order already carries as many discounts as it can.' }),
  coupon_already_applied: () => ({ sentence: 'This discount is already applied to this order.' }),
  portal_promotion_codes_disabled: (_f, s) => ({
    sentence: `${s} cannot be entered in the billing portal.`,
    can: 'Reply to this message and we will apply it for you.',
  }),
  discount_ended: (f) => {
    const end = timeOf(f.evidence, 'end');
    return { sentence: end === null ? 'This discount has ended.' : `This discount ended on ${dateInWords(end)}.` };
  },
  total_reduced_to_zero: (_f, s) => ({ sentence: `${s} cannot bring the total of this order to zero.` }),
};

/** Why a discount the customer had is gone, in their words (discount_stopped). */
const STOPPED: Record<DiscountStopCause, string> = {
  once_used: 'Your discount applied to one invoice, as it was meant to, and has now ended.',
  zero_total_invoice:
    'Your discount was used on an invoice that cost nothing, so it saved nothing, and it has now ended.',
  repeating_ended: 'Your discount ran for the months it was meant to, and has now ended.',
  replaced_by_update: 'Your discount was replaced when your subscription changed.',
  removed: 'Your discount has been removed from your subscription.',
  unknown: 'Your discount no longer applies to your subscription.',
};

/** Conditions and warnings that concern the customer, said when nothing blocks. */
const NOTES: Partial<Record<ReasonCode, Say>> = {
  first_time_customers_only: () => ({ sentence: 'It is for first orders only.' }),
  restricted_to_customer: () => ({ sentence: 'It is reserved for one customer account.' }),
  minimum_amount_required: (f) => {
    const e = f.evidence as { minimums?: unknown; currency?: unknown };
    const min = minimumOf(e.minimums, typeof e.currency === 'string' ? e.currency : null);
    return { sentence: min === null ? 'It needs a minimum order.' : `It needs an order of at least ${min}.` };
  },
  currency_restricted: (f) => {
    const accepted = currencies(
      ((f.evidence as { accepted_currencies?: unknown }).accepted_currencies as string[]) ?? [],
    );
    return {
      sentence: accepted ? `It works for payments in ${accepted}.` : 'It works for payments in some currencies only.',
    };
  },
  products_restricted: () => ({ sentence: 'It applies to some products only.' }),
  promotion_code_expires_soon: (f) => {
    const end = timeOf(f.evidence, 'expires_at');
    return end === null ? null : { sentence: `It ends on ${dateInWords(end)}.` };
  },
  coupon_redeem_by_soon: (f) => {
    const end = timeOf(f.evidence, 'redeem_by');
    return end === null ? null : { sentence: `The offer ends on ${dateInWords(end)}.` };
  },
};

/** What the reply calls the thing the customer asked about. */
function subjectOf(d: Diagnosis): string {
  switch (d.target.type) {
    case 'coupon':
    case 'customer':
    case 'subscription':
    case 'discount':
      return 'This discount';
    default:
      return 'This code';
  }
}

/** Every finding the reply speaks of: a customer's discounts carry their own. */
function findingsOf(d: Diagnosis): Finding[] {
  return [...d.reasons, ...(d.discounts ?? []).flatMap((x) => x.reasons)];
}

export function renderReply(d: Diagnosis): string {
  const subject = subjectOf(d);
  const findings = findingsOf(d);
  const blocking = findings.filter((f) => f.severity === 'blocking');
  const sentences: string[] = [];
  const cans: string[] = [];
  // What the customer can do helps only if every refusal can be acted on: adding to the order
  // does not revive a code that ended.
  let hopeless = false;
  const add = (said: Said | null): void => {
    if (!said) return;
    if (!sentences.includes(said.sentence)) sentences.push(said.sentence);
    if (!said.can) hopeless = true;
    else if (!cans.includes(said.can)) cans.push(said.can);
  };
  if (blocking.length > 0) {
    // Stripe's message may mean one of several codes (coupon_expired: ended or used up): one sentence for them all.
    const alternatives = new Set<ReasonCode>();
    for (const f of blocking) {
      if (alternatives.has(f.code)) continue;
      if (isStripeAnswer(f.evidence) && f.evidence.ambiguous_with.length > 0) {
        for (const code of f.evidence.ambiguous_with) alternatives.add(code);
        add({ sentence: `${subject} can no longer be used.` });
        continue;
      }
      const say = BLOCKING[f.code];
      // A refusal we cannot word for a customer (a set-up problem on the merchant's side) gets a general sentence.
      add(
        say
          ? say(f, subject)
          : { sentence: `${subject} cannot be used on this order right now; we are looking into it.` },
      );
    }
    if (hopeless) cans.length = 0;
  } else {
    // A discount that stopped is what the customer asked about: say that, not that it "can be used".
    const stopped = findings.filter((f) => f.code === 'discount_stopped');
    for (const f of stopped) {
      const cause = (f.evidence as { cause?: DiscountStopCause }).cause;
      add({ sentence: STOPPED[cause ?? 'unknown'] ?? STOPPED.unknown });
    }
    const conditional = findings.some((f) => f.severity === 'conditional');
    if (stopped.length === 0)
      add({
        sentence: conditional ? `${subject} can be used if the order meets its conditions.` : `${subject} can be used.`,
      });
    for (const f of findings) add(NOTES[f.code]?.(f, subject) ?? null);
  }
  return `${[...sentences, ...cans].join(' ')}\n`;
}
