/**
 * The audit use case: every promotion code in the account, diagnosed page by page, as an
 * async iterable of pages of diagnoses. The CLI's `audit` (src/cli/audit.ts) and the library's
 * `auditPromotionCodes` ('promo-doctor/stripe') consume it alike.
 *
 * A page source (src/stripe/pageSource.ts) reads the `created` range in windows
 * (src/stripe/windows.ts), in parallel once the first pages promise enough codes, all requests
 * paced by one adaptive pacer (src/stripe/pacer.ts) under `maxRps` and `concurrency`; coupons
 * come expanded inline, so N codes cost about ceil(N/100) requests. The upper bound of
 * `created` is fixed when the audit starts.
 *
 * Exactly once: a page is recorded in the plan (its window's cursor moves past it) when it is
 * handed to the consumer, and the next page is handed only when the consumer asks for it, so
 * memory stays at a few pages and a stop (the consumer breaks, the AbortSignal fires, a page
 * is lost after retries) leaves a plan whose open windows are exactly the codes not handed
 * out: `resumeToken()` names them.
 *
 * An item that cannot be diagnosed (a listed code whose id has a space, a coupon Stripe
 * returned malformed) never stops the audit and never passes for a healthy code: it is
 * reported in the page's `failures`, and the other codes are diagnosed (issue 18, defect 1).
 */
import { InputError } from '../errors.js';
import { normalizeLivePromotionCode } from '../model/expanded.js';
import type { JsonObject } from '../model/read.js';
import type { RedemptionContext } from '../rules/context.js';
import { diagnosePromotionCode, type Diagnosis } from '../rules/diagnose.js';
import { Pacer, type PacerClock } from '../stripe/pacer.js';
import { PageSource, type SourceEnd } from '../stripe/pageSource.js';
import type { PromotionCodeFilters, StripeReader } from '../stripe/reader.js';
import { assertSameFlags, decodeResumeToken, encodeResumeToken, type FlagFingerprint } from '../stripe/resumeToken.js';
import { WindowPlan, type SecondsRange, type WindowMark } from '../stripe/windows.js';
import { withProducts } from './evaluated.js';
import { keyModeFacing } from './keyMode.js';
import { redeemingCustomer } from './redeemingCustomer.js';

/** Which codes to read: the list endpoint's filters (https://docs.stripe.com/api/promotion_codes/list). */
export type AuditFilters = Omit<PromotionCodeFilters, 'customer' | 'customer_account'>;

export interface AuditSettings {
  readonly filters: AuditFilters;
  /**
   * How every code is judged. With `customer`, each code is judged as that customer would
   * redeem it: the customer and its history are read once, before the first page.
   */
  readonly context: RedemptionContext;
  /** Prices in the order: their products join `context.products` (read once, with the customer). */
  readonly prices?: readonly string[];
  /** Requests per second at most. */
  readonly maxRps: number;
  /** Requests in flight at most; 1 reads page after page, newest first. */
  readonly concurrency: number;
  /** Start after this code, as a page-by-page audit would. */
  readonly startingAfter?: string | null;
  /** Go on with an audit that stopped: the token it gave. */
  readonly resume?: string | null;
  /**
   * What a resume token binds: a token made under another scope is refused. Default: the
   * filters and context, named by the CLI's flags.
   */
  readonly scope?: FlagFingerprint;
  readonly clock: PacerClock;
  /** Stops the audit: no new request starts, the iteration ends after the page in hand. */
  readonly signal?: AbortSignal;
}

/** One code that could not be diagnosed, and why. */
export interface AuditFailure {
  /** Its id as Stripe listed it (or a placeholder when it had none). */
  readonly id: string;
  readonly message: string;
}

export interface AuditPage {
  readonly diagnoses: readonly Diagnosis[];
  readonly failures: readonly AuditFailure[];
  /** Every code of the page in the order listed: its diagnosis, or why there is none. */
  readonly entries: readonly AuditEntry[];
  /** Where the page's window stood before it (see AuditRun.giveBack). */
  readonly before: WindowMark;
}

export type AuditEntry =
  | { readonly id: string; readonly created: number; readonly diagnosis: Diagnosis }
  | { readonly id: string; readonly created: number; readonly failure: AuditFailure };

export interface AuditProgress {
  /** Codes listed so far, diagnosed or not. */
  readonly scanned: number;
  readonly pages: number;
  readonly failed: number;
  readonly requests: number;
  readonly throttled: number;
  /** Share done, 0..1, from codes and pages read (WindowPlan.progress); null until it can be told. */
  readonly done: number | null;
  /** Why the audit reads page after page although it may go parallel, if it does. */
  readonly sequentialBecause: string | null;
}

/** How an audit ended: every code handed out, stopped (signal or consumer), or a page lost. */
export type AuditEnd =
  | { readonly kind: 'complete' }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'failed'; readonly error: unknown };

/** The flags that decide which codes are read and how they are judged, as the CLI names them. */
export function auditScope(filters: AuditFilters, ctx: RedemptionContext, prices: readonly string[]): FlagFingerprint {
  const given: Array<[string, string | boolean | undefined | null]> = [
    ['--active', filters.active === true ? true : undefined],
    ['--inactive', filters.active === false ? true : undefined],
    ['--coupon', filters.coupon],
    ['--code', filters.code],
    ['--customer', ctx.customer],
    ['--created-after', filters.created?.gte?.toString()],
    ['--created-before', filters.created?.lte?.toString()],
    ['--amount', ctx.amount?.toString()],
    ['--currency', ctx.currency],
    ['--product', ctx.products.length > 0 ? ctx.products.join(',') : undefined],
    ['--price', prices.length > 0 ? prices.join(',') : undefined],
    ['--at', String(ctx.at)],
    ['--warn-within', String(ctx.warn_within)],
    ['--surface', ctx.surface],
  ];
  const fingerprint: Record<string, string> = {};
  for (const [name, value] of given) {
    if (value === undefined || value === null || value === false) continue;
    fingerprint[name] = value === true ? '' : value;
  }
  return fingerprint;
}

function scopeOf(settings: AuditSettings): FlagFingerprint {
  return settings.scope ?? auditScope(settings.filters, settings.context, settings.prices ?? []);
}

/** `created` from the filter's lower end (else the epoch) up to its upper end or the start, whichever is earlier. */
function createdRange(filters: AuditFilters, startedAt: number): SecondsRange {
  return { gte: filters.created?.gte ?? 0, lte: Math.min(filters.created?.lte ?? startedAt, startedAt) };
}

/** The plan: fresh, after a cursor, or from a resume token (checked before any request). */
function planFor(settings: AuditSettings, scope: FlagFingerprint, now: number): WindowPlan {
  const startingAfter = settings.startingAfter ?? null;
  const options = { concurrency: settings.concurrency };
  if (settings.resume === undefined || settings.resume === null)
    return WindowPlan.fresh(createdRange(settings.filters, now), { ...options, cursor: startingAfter });
  if (startingAfter !== null)
    throw new InputError(
      'A resume token and a starting cursor exclude each other: the token already says where to go on.',
    );
  const token = decodeResumeToken(settings.resume);
  assertSameFlags(token.flags, scope);
  return WindowPlan.resumed(token.range, token.windows, options);
}

/** The products of `prices`, read in parallel (https://docs.stripe.com/api/prices/object#price_object-product). */
async function priceProducts(reader: StripeReader, ids: readonly string[]): Promise<string[]> {
  const lookups = await Promise.all(ids.map((id) => reader.price(id)));
  return lookups.map((lookup, i) => {
    const id = ids[i]!;
    if (lookup.status === 'other_mode')
      throw new InputError(
        `The price ${id} exists in ${lookup.mode} mode, but the key is a ${keyModeFacing(reader, lookup.mode)} mode key.`,
      );
    if (lookup.status === 'not_found') throw new InputError(`The price ${id} does not exist in this account.`);
    const product = lookup.object.product;
    if (typeof product === 'string') return product;
    if (typeof product === 'object' && product !== null && typeof (product as { id?: unknown }).id === 'string')
      return (product as { id: string }).id;
    throw new InputError(`The price ${id} has no product in Stripe's answer.`);
  });
}

/**
 * The one round trip before the first page: the products of the prices, and with a customer,
 * the customer and its history (first-time restrictions are judged on it, for every code).
 */
async function judgedContext(
  reader: StripeReader,
  ctx: RedemptionContext,
  prices: readonly string[],
): Promise<RedemptionContext> {
  const products = priceProducts(reader, prices);
  products.catch(() => undefined);
  if (ctx.customer === null || ctx.customer.startsWith('acct_')) return withProducts(ctx, await products);
  const [customer, items, read] = await Promise.all([
    redeemingCustomer(reader, ctx.customer),
    reader.customerHistory(ctx.customer),
    products,
  ]);
  return { ...withProducts(ctx, read), customer_record: customer, history: { customer: ctx.customer, items } };
}

/** Each code diagnosed on its own: one that cannot be is a failure, never the page's end. */
function diagnosePage(codes: readonly JsonObject[], ctx: RedemptionContext, before: WindowMark): AuditPage {
  const diagnoses: Diagnosis[] = [];
  const failures: AuditFailure[] = [];
  const entries: AuditEntry[] = [];
  for (const raw of codes) {
    const id = typeof raw.id === 'string' ? raw.id : '(a code without an id)';
    const created = typeof raw.created === 'number' ? raw.created : Number.NaN;
    try {
      const diagnosis = diagnosePromotionCode(normalizeLivePromotionCode(raw), ctx);
      diagnoses.push(diagnosis);
      entries.push({ id, created, diagnosis });
    } catch (error) {
      const failure = { id, message: error instanceof Error ? error.message : String(error) };
      failures.push(failure);
      entries.push({ id, created, failure });
    }
  }
  return { diagnoses, failures, entries, before };
}

/**
 * One audit. Iterate it once; read `end`, `progress()` and `resumeToken()` during or after.
 * Throws InputError for bad settings (a token that is not one, a customer that does not
 * exist) when the iteration starts, before any page is read.
 */
export class AuditRun implements AsyncIterable<AuditPage> {
  readonly plan: WindowPlan;
  readonly scope: FlagFingerprint;
  /** The context the codes are judged in, once the customer and prices are read (else as given). */
  context: RedemptionContext;
  private readonly pacer: Pacer;
  private readonly reader: StripeReader;
  private source: PageSource | null = null;
  private ended: AuditEnd | null = null;
  private scanned = 0;
  private pages = 0;
  private failed = 0;
  private iterated = false;

  constructor(
    reader: StripeReader,
    private readonly settings: AuditSettings,
    plan: WindowPlan = AuditRun.plan(settings),
  ) {
    this.scope = scopeOf(settings);
    this.context = settings.context;
    this.plan = plan;
    this.pacer = new Pacer({ maxRps: settings.maxRps, maxConcurrency: settings.concurrency, clock: settings.clock });
    this.reader = reader.paced(this.pacer);
  }

  /**
   * The plan of an audit with these settings: fresh, after a cursor, or from a resume token,
   * which is checked here (its checksum, its windows, its scope) before any request.
   */
  static plan(settings: AuditSettings): WindowPlan {
    return planFor(settings, scopeOf(settings), settings.context.observed_at);
  }

  /** The key's mode, when the reader knows it. */
  get keyMode(): 'test' | 'live' | null {
    return this.reader.keyMode;
  }

  private prepared: Promise<RedemptionContext> | null = null;

  /**
   * The one round trip before the first page (the customer, its history, the products of the
   * prices): the context every code is judged in. Called by the iteration if not before.
   */
  prepare(): Promise<RedemptionContext> {
    this.prepared ??= judgedContext(this.reader, this.settings.context, this.settings.prices ?? []).then((ctx) => {
      this.context = ctx;
      return ctx;
    });
    return this.prepared;
  }

  /** How the audit ended; null while it runs. */
  get end(): AuditEnd | null {
    return this.ended;
  }

  /** Requests sent, retries included. */
  get requests(): number {
    return this.reader.requests;
  }

  progress(): AuditProgress {
    return {
      scanned: this.scanned,
      pages: this.pages,
      failed: this.failed,
      requests: this.reader.requests,
      throttled: this.pacer.stats().throttled,
      done: this.plan.progress(),
      sequentialBecause: this.settings.concurrency > 1 ? this.plan.sequentialBecause() : null,
    };
  }

  /**
   * The token that resumes exactly the codes not handed out, or null when none is left
   * (the audit is complete, or nothing is open).
   */
  resumeToken(): string | null {
    const open = this.plan.open();
    if (open.length === 0) return null;
    return encodeResumeToken({ flags: this.scope, range: this.plan.range, windows: open });
  }

  /**
   * A consumer that stops inside a page (a library loop that breaks after some documents)
   * took only its first `taken` entries: the rest goes back to the plan, so the resume token
   * reads them and nothing twice. Call after the iteration has ended.
   */
  giveBack(page: AuditPage, taken: number): void {
    if (taken >= page.entries.length) return;
    const last = taken > 0 ? page.entries[taken - 1]! : null;
    this.plan.giveBack(page.before, taken, last ? { id: last.id, created: last.created } : null);
  }

  /** Stop: no new request starts; the iteration ends after the page in hand. */
  stop(): void {
    this.source?.stop();
    this.stopRequested = true;
  }

  private stopRequested = false;

  async *[Symbol.asyncIterator](): AsyncIterator<AuditPage> {
    if (this.iterated) throw new Error('An audit is iterated once: start another for a second pass.');
    this.iterated = true;
    const { signal } = this.settings;
    if (signal?.aborted || this.stopRequested) {
      this.ended = { kind: 'stopped' };
      return;
    }
    const ctx = await this.prepare();

    // The source pushes a page and waits; the iteration pulls it and releases the source
    // when the consumer asks for the next one.
    let handed: { page: AuditPage; release: () => void } | null = null;
    let wake: (() => void) | null = null;
    let finished = false;
    const source = new PageSource({
      plan: this.plan,
      concurrency: this.settings.concurrency,
      onStop: () => this.pacer.close(),
      fetch: (request) =>
        this.reader.promotionCodePage({ ...this.settings.filters, created: request.created }, request.startingAfter),
      emit: (codes, before) =>
        new Promise<void>((release) => {
          const page = diagnosePage(codes, ctx, before);
          this.pages++;
          this.scanned += codes.length;
          this.failed += page.failures.length;
          handed = { page, release };
          wake?.();
        }),
    });
    this.source = source;
    const onAbort = () => source.stop();
    signal?.addEventListener('abort', onAbort, { once: true });
    const running = source.run().then((end) => {
      finished = true;
      this.ended = endOf(end);
      wake?.();
    });
    let current: { release: () => void } | null = null;
    try {
      for (;;) {
        if (handed !== null) {
          const next: { page: AuditPage; release: () => void } = handed;
          handed = null;
          current = next;
          yield next.page;
          current = null;
          next.release();
          continue;
        }
        if (finished) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
      }
      await running;
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (!finished) {
        // The consumer stopped (break, or an error of its own): the page it holds was handed out.
        source.stop();
        current?.release();
        const pending = handed as { release: () => void } | null;
        pending?.release();
        await running;
      }
    }
  }
}

function endOf(end: SourceEnd): AuditEnd {
  switch (end.kind) {
    case 'complete':
      return { kind: 'complete' };
    case 'failed':
      return { kind: 'failed', error: end.error };
    default:
      return { kind: 'stopped' };
  }
}

/** An audit over a reader (the CLI's, or one over the app's Stripe client). */
export function auditPromotionCodes(reader: StripeReader, settings: AuditSettings): AuditRun {
  return new AuditRun(reader, settings);
}
