/**
 * Read-only access to what promo-doctor diagnoses. Every method sends GET requests only
 * (but previewInvoice, the one POST, sent only for `check --ask-stripe`),
 * retries per src/stripe/retry.ts, and returns plain JSON for the normaliser (src/model/).
 */
import type { ContextObjectType } from '../model/objectContext.js';
import type Stripe from 'stripe';
import type { HistoryItem } from '../model/types.js';
import { isObject, type JsonObject } from '../model/read.js';
import { DiagnosisError } from '../errors.js';
import { clipInput } from '../format/text.js';
import type { StripeClient } from './client.js';
import {
  failureFor,
  isNotFound,
  otherModeOf,
  stripeErrorFacts,
  type ConnectionSettingNames,
  type Resource,
} from './errors.js';
import type { KeyFacts } from './key.js';
import { throttleOf, type Pacer, type Outcome } from './pacer.js';
import { withRetries, type RetryPolicy } from './retry.js';

/** A retrieve by id: found, missing, or present only in the other mode. */
export type Lookup =
  | { readonly status: 'found'; readonly object: JsonObject }
  | { readonly status: 'not_found'; readonly message: string }
  | { readonly status: 'other_mode'; readonly mode: 'test' | 'live'; readonly message: string };

/**
 * Includable fields are returned only when expanded, and the rules are blind without them:
 * the coupon's `applies_to` and `currency_options` (stripe/stripe-node#1209,
 * https://docs.stripe.com/api/coupons/object#coupon_object-applies_to), and the promotion
 * code's `restrictions.currency_options` (listed in `x-expandableFields` of
 * promotion_codes_resource_restrictions in Stripe's OpenAPI spec). `customer` is expanded so
 * a deleted customer shows as `{ deleted: true }`.
 */
const PROMOTION_CODE_EXPAND = [
  'promotion.coupon',
  'promotion.coupon.applies_to',
  'promotion.coupon.currency_options',
  'restrictions.currency_options',
  'customer',
];
const COUPON_EXPAND = ['applies_to', 'currency_options'];
export const CUSTOMER_EXPAND = ['discount.source.coupon', 'discount.promotion_code'];
/**
 * The latest invoice and its discounts come along (three levels, within Stripe's four): a
 * discount on it that is no longer on the subscription has stopped (src/rules/stoppedDiscounts.ts).
 * Its coupon stays an id there (`data.latest_invoice.discounts.source.coupon` would be five levels).
 */
const SUBSCRIPTION_EXPAND = [
  'data.discounts',
  'data.discounts.source.coupon',
  'data.discounts.promotion_code',
  'data.latest_invoice',
  'data.latest_invoice.discounts',
];

/** `--history` reads at most this many pages of events: the budget is two requests. */
const EVENT_PAGES = 2;
/**
 * `--for`: what each object needs expanded to give the whole context in one request: the
 * session's line items, discounts and discount breakdown (returned only when expanded,
 * https://docs.stripe.com/api/checkout/sessions/object), the discounts of an invoice and of a
 * subscription and its items (ids unless expanded), a customer's discount.
 */
const CONTEXT_EXPAND: Readonly<Record<ContextObjectType, readonly string[]>> = {
  checkout_session: ['line_items', 'discounts.coupon', 'discounts.promotion_code', 'total_details.breakdown'],
  // "there is an includable line_items property containing the first handful of those items" (stripe-node types/PaymentLinks.d.ts).
  payment_link: ['line_items'],
  invoice: ['discounts'],
  subscription: ['discounts', 'items.data.discounts'],
  // The phases' prices give the next phase's products and amount (3 levels).
  subscription_schedule: ['phases.items.price'],
  customer: CUSTOMER_EXPAND,
};
/** Prefix each path with `data.` for list endpoints. Deepest: data.promotion.coupon.applies_to (4 levels, Stripe's maximum). */
const onList = (paths: readonly string[]): string[] => paths.map((path) => `data.${path}`);

/** Subscription statuses that no longer bill, so their discounts no longer matter. */
const ENDED_SUBSCRIPTION_STATUSES = new Set(['canceled', 'incomplete_expired']);

/** One page is plenty for evidence: a single prior transaction already decides. */
const HISTORY_PAGE = 100;

/** Filters of GET /v1/promotion_codes (https://docs.stripe.com/api/promotion_codes/list). */
export interface PromotionCodeFilters {
  readonly active?: boolean;
  readonly code?: string;
  readonly coupon?: string;
  readonly customer?: string;
  readonly customer_account?: string;
  readonly created?: { gte?: number; lte?: number };
}

interface PromotionCodePage {
  readonly codes: JsonObject[];
  readonly hasMore: boolean;
  /** The id to pass as starting_after for the next page. */
  readonly lastId: string | null;
}

interface StripeReaderOptions {
  readonly client: StripeClient;
  /** Paces every attempt (the audit's, shared by its workers); none: requests go at once. */
  readonly pacer?: Pacer;
  readonly key: KeyFacts;
  readonly apiBase: string;
  readonly timeoutSeconds: number;
  readonly retry: RetryPolicy;
  /**
   * Aborted by `abort()`: the client's requests in flight are destroyed and no retry
   * follows (src/stripe/httpClient.ts). Absent: `abort()` only stops the retries.
   */
  readonly abortController?: AbortController;
  /** What sets the timeout and the API address, named in failures; the CLI's flags by default. */
  readonly settings?: ConnectionSettingNames;
}

export class StripeReader {
  /** Requests sent so far, retries included (for the audit's requests/s). */
  requests = 0;

  constructor(private readonly options: StripeReaderOptions) {}

  /**
   * The run is stopping (SIGINT or SIGTERM during an audit): every request in flight is
   * abandoned now, whatever the network does, and none is retried.
   */
  abort(): void {
    this.options.abortController?.abort();
  }

  /** The same reader with every attempt paced by `pacer` (the audit's), counting its own requests. */
  paced(pacer: Pacer): StripeReader {
    return new StripeReader({ ...this.options, pacer });
  }

  /** Null when unknown: a Stripe client handed to the library does not tell. */
  get keyMode(): 'test' | 'live' | null {
    return this.options.key.mode;
  }

  /** Run one read with retries; a final failure becomes the error the CLI reports. */
  private async read<T>(resource: Resource, request: () => Promise<T>): Promise<T> {
    let attempts = 0;
    const pacer = this.options.pacer;
    try {
      return await withRetries(async () => {
        attempts++;
        const ticket = pacer ? await pacer.acquire() : null;
        this.requests++;
        try {
          const answer = await request();
          ticket?.done(ANSWERED);
          return answer;
        } catch (error) {
          ticket?.done(resultOf(error));
          throw error;
        }
      }, this.options.retry);
    } catch (error) {
      throw failureFor(error, { ...this.options, resource, attempts });
    }
  }

  /** One object as Stripe documents it: an object with its `object` type and an id. */
  private checkedObject(resource: Resource, value: unknown, requestId = requestIdOf(value)): JsonObject {
    const type = OBJECT_TYPES[resource] ?? resource;
    const what = `a ${type.replace(/[._]/g, ' ')}`;
    if (!isObject(value)) throw notAsDocumented(this.options.apiBase, what, `it is ${describeValue(value)}`, requestId);
    if (value.object !== type)
      throw notAsDocumented(
        this.options.apiBase,
        what,
        `its "object" field is ${typeof value.object === 'string' ? `"${clipInput(value.object, 40)}"` : describeValue(value.object)}, not "${type}"`,
        requestId,
      );
    if (typeof value.id !== 'string' || value.id === '')
      throw notAsDocumented(this.options.apiBase, what, `its "id" field is ${describeValue(value.id)}`, requestId);
    return value;
  }

  /** A list as Stripe documents it: `data`, a list of objects of the resource, and `has_more`. */
  private checkedList(resource: Resource, value: unknown): { data: JsonObject[]; hasMore: boolean } {
    const requestId = requestIdOf(value);
    const what = `a list of ${resource.replace(/_/g, ' ')}`;
    if (!isObject(value)) throw notAsDocumented(this.options.apiBase, what, `it is ${describeValue(value)}`, requestId);
    if (!Array.isArray(value.data))
      throw notAsDocumented(
        this.options.apiBase,
        what,
        `its "data" field is ${describeValue(value.data)}, not a list`,
        requestId,
      );
    if (typeof value.has_more !== 'boolean')
      throw notAsDocumented(
        this.options.apiBase,
        what,
        `its "has_more" field is ${describeValue(value.has_more)}, not true or false`,
        requestId,
      );
    const data = value.data.map((item, i) => {
      try {
        return this.checkedObject(resource, item, requestId);
      } catch (error) {
        if (!(error instanceof DiagnosisError)) throw error;
        throw notAsDocumented(
          this.options.apiBase,
          what,
          `item ${i + 1} of "data": ${error.message.replace(/^.*not as Stripe documents it: /, '').replace(/( \(request [^)]*\))?\.$/, '')}`,
          requestId,
        );
      }
    });
    return { data, hasMore: value.has_more };
  }

  /** A retrieve whose 404 is an answer, not a failure. */
  private async lookup(resource: Resource, request: () => Promise<unknown>): Promise<Lookup> {
    let answer: unknown;
    try {
      answer = await this.read(resource, request);
    } catch (error) {
      // read() has already spent the retries (a 404 is never retried); its cause is Stripe's error.
      const cause = error instanceof Error ? error.cause : undefined;
      if (!isNotFound(cause)) throw error;
      const message = stripeErrorFacts(cause)?.message ?? '';
      const mode = otherModeOf(message);
      return mode ? { status: 'other_mode', mode, message } : { status: 'not_found', message };
    }
    return { status: 'found', object: this.checkedObject(resource, answer) };
  }

  promotionCode(id: string): Promise<Lookup> {
    return this.lookup('promotion_codes', () =>
      this.options.client.promotionCodes.retrieve(id, { expand: PROMOTION_CODE_EXPAND }),
    );
  }

  /** Every promotion code with this customer-facing code (Stripe matches it case-insensitively). */
  async promotionCodesByCode(code: string): Promise<JsonObject[]> {
    return (await this.promotionCodePage({ code }, null)).codes;
  }

  /**
   * One page of up to 100 promotion codes, each with its coupon expanded inline, so an
   * audit of N codes costs ceil(N/100) requests and none per code.
   */
  async promotionCodePage(filters: PromotionCodeFilters, startingAfter: string | null): Promise<PromotionCodePage> {
    const page = await this.read('promotion_codes', () =>
      this.options.client.promotionCodes.list({
        limit: 100,
        expand: onList(PROMOTION_CODE_EXPAND),
        ...(filters.active !== undefined ? { active: filters.active } : {}),
        ...(filters.code ? { code: filters.code } : {}),
        ...(filters.coupon ? { coupon: filters.coupon } : {}),
        ...(filters.customer ? { customer: filters.customer } : {}),
        ...(filters.customer_account ? { customer_account: filters.customer_account } : {}),
        ...(filters.created ? { created: filters.created } : {}),
        ...(startingAfter ? { starting_after: startingAfter } : {}),
      }),
    );
    const { data: codes, hasMore } = this.checkedList('promotion_codes', page);
    // The audit's windows are cut by `created` (src/stripe/windows.ts).
    codes.forEach((code, i) => {
      if (!Number.isSafeInteger(code.created))
        throw notAsDocumented(
          this.options.apiBase,
          'a list of promotion codes',
          `item ${i + 1} of "data" (${clipInput(String(code.id), 40)}) has a "created" field that is ${describeValue(code.created)}, not unix seconds`,
          requestIdOf(page),
        );
    });
    return { codes, hasMore, lastId: (codes.at(-1)?.id as string | undefined) ?? null };
  }

  coupon(id: string): Promise<Lookup> {
    return this.lookup('coupons', () => this.options.client.coupons.retrieve(id, { expand: COUPON_EXPAND }));
  }

  /** A price, for `--price`: the rules need its product (https://docs.stripe.com/api/prices/object#price_object-product). */
  price(id: string): Promise<Lookup> {
    return this.lookup('prices', () => this.options.client.prices.retrieve(id));
  }

  /** The object `--for` names, with its context expanded (CONTEXT_EXPAND). */
  contextObject(type: ContextObjectType, id: string): Promise<Lookup> {
    const { client } = this.options;
    const expand = [...CONTEXT_EXPAND[type]];
    switch (type) {
      case 'checkout_session':
        return this.lookup('checkout_sessions', () => client.checkout.sessions.retrieve(id, { expand }));
      case 'payment_link':
        return this.lookup('payment_links', () => client.paymentLinks.retrieve(id, { expand }));
      case 'invoice':
        return this.lookup('invoices', () => client.invoices.retrieve(id, { expand }));
      case 'subscription':
        return this.lookup('subscriptions', () => client.subscriptions.retrieve(id, { expand }));
      case 'subscription_schedule':
        return this.lookup('subscription_schedules', () => client.subscriptionSchedules.retrieve(id, { expand }));
      case 'customer':
        return this.lookup('customers', () => client.customers.retrieve(id, { expand }));
    }
  }

  customer(id: string, expand: readonly string[] = []): Promise<Lookup> {
    return this.lookup('customers', () => this.options.client.customers.retrieve(id, { expand: [...expand] }));
  }

  /** The customer's subscriptions that still bill, each with its discounts expanded. */
  async billingSubscriptions(customer: string): Promise<JsonObject[]> {
    const subscriptions: JsonObject[] = [];
    let startingAfter: string | undefined;
    for (;;) {
      const page = await this.read('subscriptions', () =>
        this.options.client.subscriptions.list({
          customer,
          status: 'all',
          limit: 100,
          expand: SUBSCRIPTION_EXPAND,
          ...(startingAfter ? { starting_after: startingAfter } : {}),
        }),
      );
      const { data, hasMore } = this.checkedList('subscriptions', page);
      subscriptions.push(...data.filter((s) => !ENDED_SUBSCRIPTION_STATUSES.has(String(s.status))));
      if (!hasMore || data.length === 0) return subscriptions;
      startingAfter = data[data.length - 1]!.id as string;
    }
  }

  /**
   * POST /v1/invoices/create_preview for `check --ask-stripe` (src/stripe/askStripe.ts): the
   * only non-GET request the tool can send. It creates nothing. Retried like a read; a 400 is
   * Stripe's refusal, which the caller reads from the error's cause.
   */
  async previewInvoice(params: object): Promise<{ invoice: JsonObject; requestId: string | null }> {
    let requestId: string | null = null;
    const invoice = await this.read('invoice_preview', async () => {
      // Plain data shaped after InvoiceCreatePreviewParams by src/rules/previewPlan.ts (PreviewParams).
      const answer = await this.options.client.invoices.createPreview(params as Stripe.InvoiceCreatePreviewParams);
      requestId = answer.lastResponse?.requestId ?? null;
      return answer;
    });
    return { invoice: asJson(invoice), requestId };
  }

  /**
   * The portal configuration sessions use unless one is named: the default one
   * (GET /v1/billing_portal/configurations?is_default=true, permission "Customer portal: Read",
   * https://docs.stripe.com/api/customer_portal/configurations/list). Null when the account has none.
   */
  async defaultPortalConfiguration(): Promise<JsonObject | null> {
    const page = await this.read('billing_portal_configurations', () =>
      this.options.client.billingPortal.configurations.list({ is_default: true, limit: 1 }),
    );
    const first = this.checkedList('billing_portal_configurations', page).data[0];
    return first ?? null;
  }

  /**
   * The account's events of these types created at or after `since`, for `--history`: at most
   * two requests of 100 (GET /v1/events with `types[]` and `created[gte]`,
   * https://docs.stripe.com/api/events/list; "You may pass either type or types, but not both",
   * stripe-node types/Events.d.ts). Stripe keeps 30 days of events.
   */
  async events(types: readonly string[], since: number): Promise<EventPages> {
    const events: JsonObject[] = [];
    let startingAfter: string | undefined;
    for (let page = 0; page < EVENT_PAGES; page++) {
      const list = await this.read('events', () =>
        this.options.client.events.list({
          types: [...types],
          created: { gte: since },
          limit: 100,
          ...(startingAfter ? { starting_after: startingAfter } : {}),
        }),
      );
      events.push(...list.data.map(asJson));
      if (!list.has_more || list.data.length === 0) return { events, complete: true };
      startingAfter = list.data[list.data.length - 1]!.id;
    }
    return { events, complete: false };
  }

  /**
   * The customer's earlier activity for the first-time rule, read in parallel: charges,
   * PaymentIntents, invoices and subscriptions of every status. All four count: the API
   * reference names successful payments and invoices, the Billing guide adds PaymentIntents
   * never completed and subscriptions, trials and canceled ones included
   * (https://docs.stripe.com/api/promotion_codes/object#promotion_code_object-restrictions-first_time_transaction,
   * https://docs.stripe.com/billing/subscriptions/coupons#promotion-codes).
   */
  async customerHistory(customer: string): Promise<HistoryItem[]> {
    const { client } = this.options;
    const [charges, paymentIntents, invoices, subscriptions] = await Promise.all([
      this.read('charges', () => client.charges.list({ customer, limit: HISTORY_PAGE })),
      this.read('payment_intents', () => client.paymentIntents.list({ customer, limit: HISTORY_PAGE })),
      this.read('invoices', () => client.invoices.list({ customer, limit: HISTORY_PAGE })),
      this.read('subscriptions', () => client.subscriptions.list({ customer, status: 'all', limit: HISTORY_PAGE })),
    ]);
    const items = (object: HistoryItem['object'], resource: Resource, list: unknown): HistoryItem[] =>
      this.checkedList(resource, list).data.map((o) => ({
        object,
        id: o.id as string,
        status: String(o.status ?? 'unknown'),
        created: o.created as number,
      }));
    return [
      ...items('charge', 'charges', charges),
      ...items('payment_intent', 'payment_intents', paymentIntents),
      ...items('invoice', 'invoices', invoices),
      ...items('subscription', 'subscriptions', subscriptions),
    ];
  }
}

/** The events of `--history`: at most EVENT_PAGES pages, newest first, and whether they reached `since`. */
export interface EventPages {
  readonly events: JsonObject[];
  readonly complete: boolean;
}

const ANSWERED: Outcome = { kind: 'answered' };

/** What a failed attempt tells the pacer: which limiter refused it, if one did. */
function resultOf(error: unknown): Outcome {
  const throttle = throttleOf(stripeErrorFacts(error));
  return throttle === null ? { kind: 'failed' } : { kind: 'throttled', throttle };
}

function asJson(value: unknown): JsonObject {
  if (!isObject(value)) throw new TypeError('Stripe returned something that is not an object.');
  return value;
}

/**
 * The `object` value Stripe gives each resource it returns (https://docs.stripe.com/api, each
 * object's "object" attribute). Sure: every object page of the API reference lists it.
 */
const OBJECT_TYPES: Partial<Record<Resource, string>> = {
  promotion_codes: 'promotion_code',
  coupons: 'coupon',
  customers: 'customer',
  prices: 'price',
  checkout_sessions: 'checkout.session',
  payment_links: 'payment_link',
  invoices: 'invoice',
  subscriptions: 'subscription',
  subscription_schedules: 'subscription_schedule',
  charges: 'charge',
  payment_intents: 'payment_intent',
  billing_portal_configurations: 'billing_portal.configuration',
};

/** The request id stripe-node attaches to what it returns (`lastResponse`), if any. */
function requestIdOf(value: unknown): string | null {
  const last = (value as { lastResponse?: { requestId?: unknown } } | null)?.lastResponse;
  return typeof last?.requestId === 'string' ? last.requestId : null;
}

/**
 * A 200 that is not as Stripe documents it (issue 18, defect 12): which field of which object,
 * in one sentence, exit 3 (a proxy, a mock or an API change, not the user's input).
 */
function notAsDocumented(apiBase: string, what: string, detail: string, requestId: string | null): DiagnosisError {
  return new DiagnosisError(
    `Stripe at ${apiBase} answered with ${what} that is not as Stripe documents it: ${detail}${requestId ? ` (request ${requestId})` : ''}.`,
    { requestId, statusCode: 200 },
  );
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
