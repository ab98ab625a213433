/**
 * A failed request as pasted from the Dashboard's request log (https://dashboard.stripe.com/logs):
 * the request line (`POST /v1/checkout/sessions`), the metadata lines (Status, ID, Time, API
 * version…), the "Response body" with Stripe's error and the "Request POST body". Read into
 * what was being redeemed (code or coupon, customer, currency, amounts, prices) and when.
 *
 * A form-encoded array can reach us in three spellings, depending on how the body was copied:
 * a JSON array, an object keyed "0", "1"…, or the raw bracket keys
 * (`discounts[0][promotion_code]`: Stripe's API takes form-encoded bodies,
 * https://docs.stripe.com/api); all three are read.
 */
import { isCurrencyCode, isObject, type JsonObject } from './read.js';
import type { StripeErrorFacts } from './types.js';

/** Where the code was being redeemed, from the request path. */
type RedemptionSurface =
  | 'checkout'
  | 'payment_link'
  | 'subscription'
  | 'subscription_update'
  | 'subscription_item'
  | 'schedule_phase'
  | 'invoice'
  | 'invoice_preview'
  | 'customer'
  | 'other';

export interface RedemptionAttempt {
  readonly surface: RedemptionSurface;
  readonly promotion_code: string | null;
  readonly coupon: string | null;
  readonly customer: string | null;
  readonly currency: string | null;
  /** The order amount in the smallest unit, when the body carries unit amounts. */
  readonly amount: number | null;
  readonly prices: readonly string[];
  readonly products: readonly string[];
  /**
   * The request starts a trial (`trial_period_days`, `trial_end`, or the same under
   * `subscription_data`): the first invoice is then $0 (https://docs.stripe.com/billing/subscriptions/trials),
   * below any minimum amount a promotion code checks at redemption.
   */
  readonly trial: boolean;
}

export interface FailedRequest {
  readonly kind: 'failed_request';
  readonly method: string;
  readonly path: string;
  readonly request_id: string | null;
  readonly status: number | null;
  /** When the request was made (unix seconds): the request_log_url's t=, else the log's Time line; null if unreadable. */
  readonly time: number | null;
  /**
   * Where `time` comes from: `request_log_url` (its t= is an exact epoch) or `time_line` (the
   * Dashboard shows local time without a zone, read as if UTC: it may be off by the zone's
   * offset); null when there is no time.
   */
  readonly time_source: 'request_log_url' | 'time_line' | null;
  readonly api_version: string | null;
  readonly error: StripeErrorFacts;
  readonly redeemed: RedemptionAttempt;
  /** The body's discount parameters, when the log has a body (src/rules/requestRules.ts judges them). */
  readonly discount_parameters?: DiscountParameters | null;
}

/** Which discount parameters a request body gives (not their values): what Stripe refuses in combination. */
export interface DiscountParameters {
  /** `allow_promotion_codes` is in the body, whatever its value (false counts: it is passed). */
  readonly allow_promotion_codes: boolean;
  /** The entries of `discounts`: whether each gives a coupon, a promotion code. */
  readonly discounts: readonly { readonly coupon: boolean; readonly promotion_code: boolean }[];
  /** The top-level `coupon` and `promotion_code` parameters (removed from 2025-03-31 on some endpoints). */
  readonly coupon: boolean;
  readonly promotion_code: boolean;
}

const given = (value: unknown): boolean => value !== undefined && value !== null && value !== '';

/** The discount parameters of a form body, however the Dashboard shows it. */
export function discountParameters(body: JsonObject): DiscountParameters {
  return {
    allow_promotion_codes: formValue(body, ['allow_promotion_codes']) !== undefined,
    discounts: Array.from({ length: formLength(body, ['discounts']) }, (_, i) => ({
      coupon: given(formValue(body, ['discounts', i, 'coupon'])),
      promotion_code: given(formValue(body, ['discounts', i, 'promotion_code'])),
    })),
    coupon: given(body.coupon),
    promotion_code: given(body.promotion_code),
  };
}

/** The labelled lines of a Dashboard log: a label on one line, its value on the next. */
interface LogLines {
  readonly method: string | null;
  readonly path: string | null;
  readonly values: ReadonlyMap<string, string>;
}

const LABELS = ['Status', 'ID', 'Time', 'IP address', 'API version', 'Source', 'Idempotency', 'Origin'];

export function readLogLines(text: string): LogLines {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const request = lines.map((l) => /^(GET|POST|DELETE)\s+(\/v1\/\S+)/.exec(l)).find((m) => m !== null) ?? null;
  const values = new Map<string, string>();
  for (let i = 0; i < lines.length - 1; i++) {
    const label = LABELS.find((l) => l.toLowerCase() === lines[i]!.toLowerCase());
    if (label && !values.has(label)) values.set(label, lines[i + 1]!);
    if (/^(Response body|Request POST body)$/i.test(lines[i]!)) break;
  }
  return { method: request?.[1] ?? null, path: request?.[2] ?? null, values };
}

/**
 * The Dashboard writes the time without naming a zone ("7/14/23, 4:36:55 AM", as in
 * examples/dashboard-log-2020-08-27.txt). Read as UTC, since the text names no other;
 * ISO-8601 and unix seconds are read as they are. Null when it is none of these.
 */
export function parseLogTime(value: string | undefined): number | null {
  const seconds = readLogTime(value);
  // Outside what a date can show (1970 to 9999): not a time the log could hold.
  return seconds !== null && seconds >= 0 && seconds <= 253_402_300_799 ? seconds : null;
}

function readLogTime(value: string | undefined): number | null {
  if (value === undefined) return null;
  const v = value.trim();
  if (/^\d{9,11}$/.test(v)) return Number(v);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?$/i.exec(v);
  if (us) {
    const [, month, day, year, hour, minute, second, half] = us;
    const fullYear = year!.length === 2 ? 2000 + Number(year) : Number(year);
    let h = Number(hour) % (half ? 12 : 24);
    if (half?.toUpperCase() === 'PM') h += 12;
    const ms = Date.UTC(fullYear, Number(month) - 1, Number(day), h, Number(minute), Number(second ?? 0));
    return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
  }
  if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(v)) {
    const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(v) ? v.replace(' ', 'T') : `${v.replace(' ', 'T')}Z`);
    return Number.isNaN(ms) ? null : Math.floor(ms / 1000);
  }
  return null;
}

/**
 * The request's time: the `t=` of its request_log_url is an exact epoch (the Dashboard's link to
 * the log line, e.g. dashboard.stripe.com/logs/req_…?t=1763629421; seen in the error
 * bodies of public issues, medium sure), so it wins over the Time line, which the Dashboard shows in
 * the viewer's local time with no zone (issue 17, item 9).
 */
function requestTime(
  logUrl: string | null,
  timeLine: string | undefined,
): { time: number | null; time_source: FailedRequest['time_source'] } {
  const t = logUrl ? /[?&]t=(\d{9,11})(?:&|#|$)/.exec(logUrl)?.[1] : undefined;
  const exact = t === undefined ? null : parseLogTime(t);
  if (exact !== null) return { time: exact, time_source: 'request_log_url' };
  const read = parseLogTime(timeLine);
  return { time: read, time_source: read === null ? null : 'time_line' };
}

function httpStatus(line: string | undefined): number | null {
  const status = line ? Number(/^(\d{3})\b/.exec(line)?.[1]) : NaN;
  return status >= 100 && status <= 599 ? status : null;
}

function surfaceOf(path: string): RedemptionSurface {
  if (path.startsWith('/v1/checkout/sessions')) return 'checkout';
  if (path.startsWith('/v1/payment_links')) return 'payment_link';
  // POST /v1/subscriptions/sub_… updates an existing subscription (stripe-node: subscriptions.update posts there; sure).
  if (/^\/v1\/subscriptions\/sub_/.test(path)) return 'subscription_update';
  // POST /v1/subscription_items(/si_…) creates or updates one item of a subscription, with its own
  // `discounts` (stripe-node SubscriptionItemCreateParams.discounts; sure).
  if (path.startsWith('/v1/subscription_items')) return 'subscription_item';
  // POST /v1/subscription_schedules(/sub_sched_…): discounts sit on phases
  // (SubscriptionScheduleCreateParams.Phase.discounts; sure).
  if (path.startsWith('/v1/subscription_schedules')) return 'schedule_phase';
  if (path.startsWith('/v1/subscriptions')) return 'subscription';
  if (path.startsWith('/v1/invoices/create_preview') || path.startsWith('/v1/invoices/upcoming'))
    return 'invoice_preview';
  if (path.startsWith('/v1/invoices')) return 'invoice';
  if (path.startsWith('/v1/customers')) return 'customer';
  return 'other';
}

/** A value of a form-encoded body, by its path, however the Dashboard shows it. */
export function formValue(body: JsonObject, path: readonly (string | number)[]): unknown {
  const flat = path.map((p, i) => (i === 0 ? String(p) : `[${p}]`)).join('');
  if (flat in body) return body[flat];
  let here: unknown = body;
  for (const step of path) {
    if (Array.isArray(here) && typeof step === 'number') here = here[step];
    else if (isObject(here)) here = here[String(step)];
    else return undefined;
  }
  return here;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const int = (value: unknown): number | null => {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : null;
};

/**
 * The number of entries of a form array at a path (`discounts`, `line_items`,
 * `items[0][discounts]`), however the Dashboard shows it: an array, an object with index keys,
 * or flat `key[0][…]` keys.
 */
function formLength(body: JsonObject, path: readonly (string | number)[]): number {
  const value = formValue(body, path);
  if (Array.isArray(value)) return value.length;
  if (isObject(value)) return Object.keys(value).filter((k) => /^\d+$/.test(k)).length;
  const flat = path.map((p, i) => (i === 0 ? String(p) : `[${p}]`)).join('');
  const escaped = flat.replace(/[[\]]/g, '\\$&');
  const found = Object.keys(body)
    .map((k) => new RegExp(`^${escaped}\\[(\\d+)\\]`).exec(k))
    .filter((m) => m !== null);
  return found.length === 0 ? 0 : Math.max(...found.map((m) => Number(m[1]))) + 1;
}

const indexes = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** The first `key` (promotion_code or coupon) of the `discounts` array at `at`, if any. */
function discountAt(
  body: JsonObject,
  at: readonly (string | number)[],
  key: 'promotion_code' | 'coupon',
): string | null {
  return (
    indexes(formLength(body, [...at, 'discounts']))
      .map((i) => str(formValue(body, [...at, 'discounts', i, key])))
      .find((v) => v !== null) ?? null
  );
}

/**
 * Where the code sits below the top level: on an item of the subscription (`items[i][discounts]`)
 * or on a phase of a schedule (`phases[i][discounts]`, `phases[i][items][j][discounts]`), with
 * the items of that phase. Null when no nested discount names one.
 */
function nestedDiscount(
  body: JsonObject,
  key: 'promotion_code' | 'coupon',
): { surface: 'subscription_item' | 'schedule_phase'; value: string; phase: number | null } | null {
  for (const i of indexes(formLength(body, ['items']))) {
    const value = discountAt(body, ['items', i], key);
    if (value !== null) return { surface: 'subscription_item', value, phase: null };
  }
  for (const p of indexes(formLength(body, ['phases']))) {
    const onPhase = discountAt(body, ['phases', p], key);
    const onItem = indexes(formLength(body, ['phases', p, 'items']))
      .map((i) => discountAt(body, ['phases', p, 'items', i], key))
      .find((v) => v !== null);
    const value = onPhase ?? onItem ?? null;
    if (value !== null) return { surface: 'schedule_phase', value, phase: p };
  }
  return null;
}

/** What the request body says is being redeemed, and for what order. */
export function redemptionAttempt(path: string, body: JsonObject): RedemptionAttempt {
  const topLevel = (key: 'promotion_code' | 'coupon'): string | null => discountAt(body, [], key) ?? str(body[key]);
  // A code on an item or a phase, when none is on the whole object: the surface is the item's or
  // the phase's (https://docs.stripe.com/billing/subscriptions/coupons names both apart).
  const nested =
    topLevel('promotion_code') === null && topLevel('coupon') === null
      ? (nestedDiscount(body, 'promotion_code') ?? nestedDiscount(body, 'coupon'))
      : null;
  const pick = (key: 'promotion_code' | 'coupon'): string | null =>
    topLevel(key) ?? (nested ? (nestedDiscount(body, key)?.value ?? null) : null);
  // The order: the items of the phase that carries the code, else the request's own items; one
  // item of POST /v1/subscription_items is the body itself.
  const phase = nested?.phase ?? null;
  const oneItem = surfaceOf(path) === 'subscription_item' && formLength(body, ['items']) === 0;
  const base: readonly (string | number)[] =
    phase !== null ? ['phases', phase, 'items'] : [formLength(body, ['line_items']) > 0 ? 'line_items' : 'items'];
  const items: ReadonlyArray<readonly (string | number)[]> = oneItem
    ? [[]]
    : indexes(formLength(body, base)).map((i) => [...base, i]);
  const at = (item: readonly (string | number)[], ...rest: string[]): unknown =>
    item.length === 0 ? formValue(body, rest) : formValue(body, [...item, ...rest]);
  const prices: string[] = [];
  const products: string[] = [];
  const currencies = new Set<string>();
  let amount: number | null = 0;
  for (const item of items) {
    const price = str(at(item, 'price'));
    if (price) prices.push(price);
    const product = str(at(item, 'price_data', 'product'));
    if (product) products.push(product);
    const currency = str(at(item, 'price_data', 'currency'));
    if (currency && isCurrencyCode(currency)) currencies.add(currency.toLowerCase());
    const unit = int(at(item, 'price_data', 'unit_amount'));
    const quantity = int(at(item, 'quantity')) ?? 1;
    // An amount is known only when every item states its unit amount.
    amount = amount !== null && unit !== null ? amount + unit * quantity : null;
  }
  const declared = str(body.currency) ?? (phase !== null ? str(formValue(body, ['phases', phase, 'currency'])) : null);
  const currency =
    declared && isCurrencyCode(declared) ? declared.toLowerCase() : currencies.size === 1 ? [...currencies][0]! : null;
  const customerFromPath = /^\/v1\/customers\/(cus_[A-Za-z0-9]+)/.exec(path)?.[1] ?? null;
  return {
    surface: nested?.surface ?? surfaceOf(path),
    promotion_code: pick('promotion_code'),
    coupon: pick('coupon'),
    customer: str(body.customer) ?? customerFromPath,
    currency,
    amount: items.length > 0 && currency !== null ? amount : null,
    prices,
    products,
    trial: ['trial_period_days', 'trial_end'].some(
      (key) => formValue(body, [key]) !== undefined || formValue(body, ['subscription_data', key]) !== undefined,
    ),
  };
}

export function failedRequestFrom(log: LogLines, error: StripeErrorFacts, body: JsonObject | null): FailedRequest {
  const path = log.path ?? '/v1/unknown';
  const status = log.values.get('Status');
  return {
    kind: 'failed_request',
    method: log.method ?? 'POST',
    path,
    request_id:
      str(log.values.get('ID')) ??
      (error.request_log_url ? (/\b(req_[A-Za-z0-9]+)/.exec(error.request_log_url)?.[1] ?? null) : null),
    status: httpStatus(status),
    ...requestTime(error.request_log_url, log.values.get('Time')),
    api_version: str(log.values.get('API version')),
    error,
    redeemed: redemptionAttempt(path, body ?? {}),
    discount_parameters: body === null ? null : discountParameters(body),
  };
}

/**
 * The surface (`--surface`) a request path redeems on, as the rules name surfaces
 * (src/rules/surface.ts); null where the path is no redemption surface of theirs (a customer
 * update, an invoice preview).
 */
export function requestSurface(
  surface: RedemptionSurface,
): Exclude<RedemptionSurface, 'invoice_preview' | 'customer' | 'other'> | null {
  switch (surface) {
    case 'checkout':
    case 'payment_link':
    case 'subscription':
    case 'subscription_update':
    case 'subscription_item':
    case 'schedule_phase':
    case 'invoice':
      return surface;
    default:
      return null;
  }
}

/**
 * The `promo-doctor check …` (or `coupon …`) command that diagnoses this redemption live, with
 * every context the request had (issue 17): the customer, the amount and currency, the prices
 * and products, the surface, a trial, and the moment. Running it reproduces the refusal.
 */
export function checkCommandFor(request: FailedRequest): string | null {
  const r = request.redeemed;
  const target = r.promotion_code ? ['check', r.promotion_code] : r.coupon ? ['coupon', r.coupon] : null;
  if (!target) return null;
  const args = ['promo-doctor', ...target];
  if (r.customer) args.push('--customer', r.customer);
  if (r.amount !== null && r.currency) args.push('--amount', String(r.amount));
  if (r.currency) args.push('--currency', r.currency);
  for (const price of r.prices) args.push('--price', price);
  for (const product of r.products) args.push('--product', product);
  const surface = requestSurface(r.surface);
  if (surface !== null) args.push('--surface', surface);
  if (r.trial) args.push('--trial');
  // A Time line is the Dashboard's local time with no zone: the command gives it with no zone, so
  // check reads it as uncertain by up to 14 hours (src/cli/validate.ts, atUncertainty); a t= is exact.
  if (request.time !== null) {
    const iso = new Date(request.time * 1000).toISOString().replace('.000Z', 'Z');
    args.push('--at', request.time_source === 'time_line' ? iso.replace(/Z$/, '') : iso);
  }
  return args.map(shellWord).join(' ');
}

/** Ids are plain words; anything else is single-quoted so the command can be pasted as is. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_\-.:/=]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
