/**
 * The `--json` document (README "The JSON document"; docs/architecture.md, "The JSON document and
 * exit codes"). Stable keys: scripts and jq filters depend on them.
 * schema/diagnosis.schema.json is generated from these types (npm run schema).
 */
import { isoTime } from '../format/time.js';
import type { CouponLink, Currency, CustomerLink, Id, IsoTime, PromotionCode, Subscription } from '../model/types.js';
import type { RedemptionContext } from '../rules/context.js';
import type { EventHistory } from '../model/events.js';
import type {
  RuleResult,
  Diagnosis,
  DiagnosisTarget,
  DiscountDiagnosis,
  StoppedDiscountDiagnosis,
  Verdict,
} from '../rules/diagnose.js';
import type { Finding } from '../rules/findings.js';
import type { Surface } from '../rules/surface.js';
import type { StripeVerdict } from '../rules/stripeVerdict.js';

const SCHEMA_VERSION = 1;

/** The redemption a diagnosis was judged for (`--customer`, `--amount`, ...). */
interface DocumentContext {
  /** @pattern ^(cus|acct)_[A-Za-z0-9]+$ */
  customer: string | null;
  /** @minimum 0 */
  amount: number | null;
  currency: Currency | null;
  products: Id[];
  /** @minimum 0 */
  warn_within_seconds: number;
  /** Where the code is judged as redeemed (`--surface`); null: a new redemption, surface not given. */
  surface: Surface | null;
  /** The first invoice is a trial invoice (`--trial`). */
  trial: boolean;
}

/**
 * The --json output of promo-doctor check, coupon, customer and explain (one document), and of
 * audit and explain of a list (one document per line).
 */
export interface DiagnosisDocument {
  schema_version: typeof SCHEMA_VERSION;
  target: DiagnosisTarget;
  evaluated_at: IsoTime;
  verdict: Verdict;
  redeemable: boolean;
  context: DocumentContext;
  reasons: readonly Finding[];
  checks: readonly RuleResult[];
  promotion_code?: PromotionCode;
  coupon?: CouponLink | null;
  customer?: CustomerLink;
  subscription?: Subscription;
  discounts?: DiscountDiagnosis[];
  /** Discounts that applied and no longer do, each with why it stopped (customer and subscription). */
  stopped_discounts?: StoppedDiscountDiagnosis[];
  /** `--history`: the events about the target of the 30 days Stripe keeps, and the window read. */
  history?: EventHistory;
  /** @minItems 1 */
  matches?: DiagnosisDocument[];
  /** @minLength 1 */
  selected?: string;
  stripe_error?: Diagnosis['stripe_error'];
  failed_request?: Diagnosis['failed_request'];
  checkout_session?: Diagnosis['checkout_session'];
  invoice?: Diagnosis['invoice'];
  payment_link?: Diagnosis['payment_link'];
  context_from?: Diagnosis['context_from'];
  /** Stripe's answer to an invoice preview beside the diagnosis (`check --ask-stripe`). */
  stripe_verdict?: StripeVerdict;
}

export function diagnosisDocument(d: Diagnosis, ctx: RedemptionContext): DiagnosisDocument {
  const doc: DiagnosisDocument = {
    schema_version: SCHEMA_VERSION,
    target: d.target,
    evaluated_at: isoTime(d.evaluated_at),
    verdict: d.verdict,
    redeemable: d.verdict !== 'not_redeemable',
    context: {
      customer: ctx.customer,
      amount: ctx.amount,
      currency: ctx.currency,
      products: [...ctx.products],
      warn_within_seconds: ctx.warn_within,
      surface: ctx.surface ?? null,
      trial: ctx.trial === true,
    },
    reasons: d.reasons,
    checks: d.checks,
  };
  if (d.promotion_code !== undefined) doc.promotion_code = d.promotion_code;
  if (d.coupon !== undefined) doc.coupon = d.coupon;
  if (d.customer !== undefined) doc.customer = d.customer;
  if (d.subscription !== undefined) doc.subscription = d.subscription;
  if (d.discounts !== undefined) doc.discounts = d.discounts.map((dd) => ({ ...dd }));
  if (d.stopped_discounts !== undefined) doc.stopped_discounts = d.stopped_discounts.map((s) => ({ ...s }));
  if (d.history !== undefined) doc.history = d.history;
  if (d.matches !== undefined) doc.matches = d.matches.map((m) => diagnosisDocument(m, ctx));
  if (d.selected !== undefined) doc.selected = d.selected;
  if (d.stripe_error !== undefined) doc.stripe_error = d.stripe_error;
  if (d.failed_request !== undefined) doc.failed_request = d.failed_request;
  if (d.checkout_session !== undefined) doc.checkout_session = d.checkout_session;
  if (d.payment_link !== undefined) doc.payment_link = d.payment_link;
  if (d.invoice !== undefined) doc.invoice = d.invoice;
  if (d.context_from !== undefined) doc.context_from = d.context_from;
  if (d.stripe_verdict !== undefined) doc.stripe_verdict = d.stripe_verdict;
  return doc;
}

/** One document, pretty-printed, for a single diagnosis. */
export function renderJson(d: Diagnosis, ctx: RedemptionContext): string {
  return `${JSON.stringify(diagnosisDocument(d, ctx), null, 2)}\n`;
}

/** One document per line (NDJSON), for lists and audits. */
export function renderNdjsonLine(d: Diagnosis, ctx: RedemptionContext): string {
  return `${JSON.stringify(diagnosisDocument(d, ctx))}\n`;
}
