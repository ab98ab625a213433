/**
 * promo-doctor/stripe: the live use cases, given a Stripe client the application already has.
 * The same reads as the CLI's check, coupon, customer and audit commands, so the same request budget
 * (docs/architecture.md, "Requests, cost and start-up"); only GET requests, never a write.
 */
import { systemClock } from './clock.js';
import { InputError } from './errors.js';
import { diagnosisDocument } from './render/json.js';
import type { RedemptionContext } from './rules/context.js';
import type { Diagnosis as InternalDiagnosis } from './rules/diagnose.js';
import type { StripeClient } from './stripe/client.js';
import { clientReader, type ClientReaderOptions } from './stripe/clientReader.js';
import type { StripeReader } from './stripe/reader.js';
import { decodeResumeToken } from './stripe/resumeToken.js';
import { diagnoseCouponFor } from './usecases/checkCoupon.js';
import { AuditRun, type AuditFilters, type AuditSettings } from './usecases/audit.js';
import { diagnoseCheckFor } from './usecases/checkPromotionCode.js';
import { redemptionContext, type RedemptionInput } from './usecases/context.js';
import { diagnoseCustomerById } from './usecases/explainCustomer.js';
import { couponIdOf, customerIdOf, promotionCodeTarget } from './usecases/targets.js';
import type { Diagnosis } from './index.js';

export type { Diagnosis, RedemptionInput } from './index.js';
export { InputError } from './errors.js';
export { DiagnosisError } from './errors.js';

/** The fourth argument of checkPromotionCode, checkCoupon and explainCustomer. */
export interface LiveOptions extends ClientReaderOptions {
  /**
   * Also read the account's events of the last 30 days (the CLI's `--history`, docs/history.md):
   * when the code was deactivated, the coupon changed or deleted, a discount removed, and by
   * whom. At most two more GET /v1/events requests, sent with the first round trip; the
   * document gains `history`. Needs the client's `events` resource (stripe-node has it).
   */
  readonly history?: boolean;
}

/** Methods read through; parameters left open so that any stripe-node version's own types fit. */
interface Retrievable {
  retrieve(...args: never[]): Promise<unknown>;
  list(...args: never[]): Promise<unknown>;
}
interface Listable {
  list(...args: never[]): Promise<unknown>;
}

/**
 * A stripe-node client (`new Stripe(key)`), version 19 or later: from 19 on, the default API
 * version (2025-09-30.clover) keeps a promotion code's coupon under `promotion.coupon`, the
 * path the reads expand (stripe-node CHANGELOG.md, 19.0.0). Typed by the resources read, not as
 * the Stripe class, so that the application's own stripe version is accepted as it is.
 */
export interface StripeLike {
  readonly promotionCodes: Retrievable;
  readonly coupons: Retrievable;
  readonly customers: Retrievable;
  readonly subscriptions: Listable;
  readonly charges: Listable;
  readonly paymentIntents: Listable;
  readonly invoices: Listable;
  /** Read only with `{ history: true }` (GET /v1/events); optional so that older test doubles still fit. */
  readonly events?: Listable;
}

/** The redemption to judge; `at` defaults to now, and the objects are observed now. */
export type LiveRedemptionInput = Omit<RedemptionInput, 'at' | 'observedAt'> & { readonly at?: Date | number };

type UseCase = (reader: StripeReader, ctx: RedemptionContext) => Promise<InternalDiagnosis>;

/** Whether the events are to be read: checked before any request, so a bad option costs none. */
function wantsHistory(stripe: StripeLike, options: LiveOptions | undefined): boolean {
  const history = options?.history;
  if (history === undefined || history === false) return false;
  if (history !== true) throw new InputError('options.history is not true or false.');
  if (typeof stripe.events?.list !== 'function')
    throw new InputError('options.history reads events, and the Stripe client has no events resource (stripe.events).');
  return true;
}

async function live(
  stripe: StripeLike,
  context: LiveRedemptionInput,
  options: ClientReaderOptions | undefined,
  useCase: UseCase,
): Promise<Diagnosis> {
  if (typeof stripe !== 'object' || stripe === null)
    throw new InputError('The first argument is not a Stripe client (new Stripe(key)).');
  wantsHistory(stripe, options);
  const now = Math.floor((options?.clock?.now() ?? Date.now()) / 1000);
  const ctx = redemptionContext({ ...context, at: context.at ?? now, observedAt: now });
  // StripeLike is the Stripe class seen through the methods read: the reader's calls are those methods.
  const diagnosis = await useCase(clientReader(stripe as unknown as StripeClient, options), ctx);
  return diagnosisDocument(diagnosis, ctx);
}

/** A use case that judges one object by its id, as the CLI's check and coupon do without --for. */
type ObjectUseCase = (
  reader: StripeReader,
  id: string,
  ctx: RedemptionContext,
  forTarget: null,
  flags: Record<string, never>,
  priceProducts: Promise<readonly string[]>,
  options: { readonly history: boolean },
) => Promise<{ readonly diagnosis: InternalDiagnosis }>;

/** One object's diagnosis, with its events when `{ history: true }`. */
function liveObject(
  stripe: StripeLike,
  id: string,
  context: LiveRedemptionInput,
  options: LiveOptions | undefined,
  diagnoseFor: ObjectUseCase,
): Promise<Diagnosis> {
  const history = options?.history === true;
  return live(
    stripe,
    context,
    options,
    async (reader, ctx) => (await diagnoseFor(reader, id, ctx, null, {}, Promise.resolve([]), { history })).diagnosis,
  );
}

/**
 * Why a promotion code would or would not be accepted, by its id (promo_…) or by the code a
 * customer types (several promotion codes may share it). One round trip, two when the code is
 * for first-time customers and `context.customer` is given (the customer's history).
 * `{ history: true }` adds the events about the code and its coupon (same round trips).
 */
export async function checkPromotionCode(
  stripe: StripeLike,
  code: string,
  context: LiveRedemptionInput = {},
  options?: LiveOptions,
): Promise<Diagnosis> {
  promotionCodeTarget(code);
  return liveObject(stripe, code, context, options, diagnoseCheckFor);
}

/**
 * Why a coupon would or would not apply. One round trip. `{ history: true }` adds the events
 * about the coupon; a coupon they saw deleted is diagnosed `coupon_deleted` instead of thrown as
 * not found.
 */
export async function checkCoupon(
  stripe: StripeLike,
  couponId: string,
  context: LiveRedemptionInput = {},
  options?: LiveOptions,
): Promise<Diagnosis> {
  return liveObject(stripe, couponIdOf(couponId), context, options, diagnoseCouponFor);
}

/**
 * The discounts on a customer and on its subscriptions that still bill, whether each still
 * applies, and the discounts that stopped (with why). One round trip; a second (one coupon read
 * each) only when a discount stopped and its coupon is only an id on the invoice.
 * `{ history: true }` adds the events about the customer's discounts and their coupons: when a
 * stopped discount was removed, and whether automatically or by a request (docs/history.md).
 */
export async function explainCustomer(
  stripe: StripeLike,
  customerId: string,
  context: Pick<LiveRedemptionInput, 'at' | 'warnWithinSeconds'> = {},
  options?: LiveOptions,
): Promise<Diagnosis> {
  const id = customerIdOf(customerId);
  const history = options?.history === true;
  // A customer's discounts are judged as they stand: no order, no redeeming customer.
  return live(stripe, { at: context.at, warnWithinSeconds: context.warnWithinSeconds }, options, (reader, ctx) =>
    diagnoseCustomerById(reader, id, ctx, { history }),
  );
}

/** Which codes an audit reads, as the list endpoint filters them (https://docs.stripe.com/api/promotion_codes/list). */
export interface AuditCodeFilters {
  readonly active?: boolean;
  /** Only the codes of this coupon. */
  readonly coupon?: string;
  /** Only the codes with this customer-facing code. */
  readonly code?: string;
  readonly createdAfter?: Date | number;
  readonly createdBefore?: Date | number;
}

export interface AuditOptions extends ClientReaderOptions {
  readonly filters?: AuditCodeFilters;
  /** How every code is judged; with `customer`, as that customer would redeem it. `at` defaults to now. */
  readonly context?: LiveRedemptionInput;
  /** Requests per second at most (default 15: Stripe allows 25 per endpoint; leave checkout some). */
  readonly maxRps?: number;
  /** Requests in flight at most (default 8; 1 reads page after page, newest first). */
  readonly concurrency?: number;
  /** Go on with an audit that stopped: the token its `resumeToken()` gave, with the same filters and context. */
  readonly resume?: string;
  /** Stops the audit: no new request starts, the iteration ends after the document in hand. */
  readonly signal?: AbortSignal;
}

/** One code the audit could not diagnose (malformed in Stripe's answer), and why. */
export interface AuditFailure {
  readonly id: string;
  readonly message: string;
}

/**
 * An audit in progress: iterate it once for one diagnosis document per code. Ends early when
 * the signal aborts or the loop breaks; throws a DiagnosisError (after every document read
 * until then) when a page is lost after retries. Either way `resumeToken()` then names
 * exactly the codes not handed out.
 */
export interface Audit extends AsyncIterable<Diagnosis> {
  /** Why it ended: null while it runs. */
  readonly end: 'complete' | 'stopped' | 'failed' | null;
  /** Codes listed that could not be diagnosed: the iteration goes on past them. */
  readonly failures: readonly AuditFailure[];
  /** Codes listed, pages and requests so far, and the share done (null while it cannot be told). */
  progress(): { scanned: number; pages: number; requests: number; done: number | null };
  /** A token to go on where this audit stopped, or null when nothing is left. */
  resumeToken(): string | null;
}

const MAX_LIBRARY_RPS = 100;
const MAX_LIBRARY_CONCURRENCY = 32;

function unixOf(value: Date | number | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const seconds = value instanceof Date ? Math.floor(value.getTime() / 1000) : value;
  if (!Number.isSafeInteger(seconds) || seconds < 0)
    throw new InputError(`filters.${field} is neither a Date nor a time in unix seconds.`);
  return seconds;
}

function boundedNumber(
  value: number | undefined,
  fallback: number,
  max: number,
  field: string,
  whole: boolean,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0) || value > max || (whole && !Number.isInteger(value)))
    throw new InputError(`options.${field} is not a ${whole ? 'whole ' : ''}number above 0 and at most ${max}.`);
  return value;
}

function auditFilters(filters: AuditCodeFilters): AuditFilters {
  if (typeof filters !== 'object' || filters === null) throw new InputError('options.filters is not an object.');
  if (filters.active !== undefined && typeof filters.active !== 'boolean')
    throw new InputError('filters.active is not true or false.');
  if (filters.code !== undefined && (typeof filters.code !== 'string' || !/^[A-Za-z0-9-]{1,500}$/.test(filters.code)))
    throw new InputError('filters.code is not a customer-facing code (letters, digits and dashes).');
  const gte = unixOf(filters.createdAfter, 'createdAfter');
  const lte = unixOf(filters.createdBefore, 'createdBefore');
  if (gte !== undefined && lte !== undefined && gte > lte)
    throw new InputError('filters.createdAfter is later than filters.createdBefore: no code can match.');
  return {
    ...(filters.active !== undefined ? { active: filters.active } : {}),
    ...(filters.coupon !== undefined ? { coupon: couponIdOf(filters.coupon) } : {}),
    ...(filters.code !== undefined ? { code: filters.code } : {}),
    ...(gte !== undefined || lte !== undefined
      ? { created: { ...(gte !== undefined ? { gte } : {}), ...(lte !== undefined ? { lte } : {}) } }
      : {}),
  };
}

/** The evaluation time a resume token recorded, or null when it holds none it can tell. */
function resumedAt(token: string): number | null {
  try {
    const at = Number(decodeResumeToken(token).flags['--at']);
    return Number.isSafeInteger(at) ? at : null;
  } catch {
    return null; // AuditRun.plan refuses the token with its own sentence.
  }
}

/**
 * Every promotion code of the account, diagnosed, as an async iterable of diagnosis
 * documents (the CLI's `audit --json` lines), read in parallel windows at Stripe's rate limit
 * over the application's own client: about ceil(N/100) requests for N codes, each code once.
 * Settings are checked (InputError) before any request.
 */
export function auditPromotionCodes(stripe: StripeLike, options: AuditOptions = {}): Audit {
  if (typeof stripe !== 'object' || stripe === null)
    throw new InputError('The first argument is not a Stripe client (new Stripe(key)).');
  const clock = options.clock ?? systemClock;
  const now = Math.floor(clock.now() / 1000);
  const input = options.context ?? {};
  // Resuming judges the rest at the first run's time, as the token recorded it: "now" has moved
  // on since, and a token made at another time is refused (its flags would differ).
  const at = input.at ?? (options.resume ? resumedAt(options.resume) : null) ?? now;
  const context = redemptionContext({ ...input, at, observedAt: now });
  const settings: AuditSettings = {
    filters: auditFilters(options.filters ?? {}),
    context,
    maxRps: boundedNumber(options.maxRps, 15, MAX_LIBRARY_RPS, 'maxRps', false),
    concurrency: boundedNumber(options.concurrency, 8, MAX_LIBRARY_CONCURRENCY, 'concurrency', true),
    resume: options.resume ?? null,
    clock,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  // The token is checked now: a bad one throws here, before any request.
  const plan = AuditRun.plan(settings);
  const run = new AuditRun(clientReader(stripe as unknown as StripeClient, options), settings, plan);
  const failures: AuditFailure[] = [];
  return {
    get end() {
      return run.end?.kind ?? null;
    },
    failures,
    progress: () => {
      const p = run.progress();
      return { scanned: p.scanned, pages: p.pages, requests: p.requests, done: p.done };
    },
    resumeToken: () => run.resumeToken(),
    async *[Symbol.asyncIterator]() {
      for await (const page of run) {
        let taken = 0;
        try {
          for (const entry of page.entries) {
            taken++;
            if ('failure' in entry) failures.push(entry.failure);
            else yield diagnosisDocument(entry.diagnosis, run.context);
          }
        } finally {
          // The loop broke inside the page: what it did not take stays for the resume token.
          if (taken < page.entries.length) run.giveBack(page, taken);
        }
      }
      const end = run.end;
      if (end?.kind === 'failed') throw end.error;
    },
  };
}
