/**
 * Stripe list endpoints: filters, and cursor pagination over objects sorted
 * newest first (`limit` 1..100, default 10; `starting_after` / `ending_before`;
 * `has_more`). https://docs.stripe.com/api/pagination
 */
import {
  invalidBoolean,
  invalidEnum,
  invalidInteger,
  limitOutOfRange,
  onlyOneOf,
  resourceMissing,
  unknownParameter,
  type KeyMode,
} from './errors.js';
import { getPath, refId, type Json } from './json.js';
import { single, type ParsedQuery } from './query.js';
import { specForCollection, type CollectionName } from './schema.js';
import type { Listing, Store, StoredObject } from './store.js';

type Predicate = (item: Json) => boolean;

interface Filter {
  param: string;
  /** Validates the parameter and returns the predicate it implies, or undefined when it is absent. */
  build(query: ParsedQuery): Predicate | undefined;
}

export interface ListEndpoint {
  collection: CollectionName;
  url: string;
  filters: readonly Filter[];
}

const PAGINATION_PARAMS = ['limit', 'starting_after', 'ending_before', 'expand'];
const DEFAULT_LIMIT = 10;

/** The stored objects on the requested page, newest first, and whether more follow. */
export function selectPage(
  endpoint: ListEndpoint,
  query: ParsedQuery,
  store: Store,
  mode: KeyMode,
): { items: Json[]; hasMore: boolean } {
  rejectUnknownParameters(query, [...PAGINATION_PARAMS, ...endpoint.filters.map((filter) => filter.param)]);
  const limit = readLimit(query);
  const predicates = endpoint.filters.flatMap((filter) => filter.build(query) ?? []);
  const listed = (stored: StoredObject) =>
    stored.object.deleted !== true && predicates.every((matches) => matches(stored.object));
  const listing = store.listing(endpoint.collection, mode);
  const { items, hasMore } = paginate(listing, listed, query, limit, (id, param) =>
    cursor(listing, endpoint.collection, id, param),
  );
  return { items: items.map((stored) => stored.object), hasMore };
}

export function rejectUnknownParameters(query: ParsedQuery, allowed: readonly string[]): void {
  for (const name of query.topLevelNames) {
    if (!allowed.includes(name)) throw unknownParameter(name);
  }
}

function readLimit(query: ParsedQuery): number {
  const raw = single(query, 'limit');
  if (raw === undefined) return DEFAULT_LIMIT;
  if (!/^-?\d+$/.test(raw)) throw invalidInteger('limit', raw);
  const limit = Number(raw);
  if (limit < 1 || limit > 100) throw limitOutOfRange(limit);
  return limit;
}

/**
 * Walks the listing from the cursor, keeping the first `limit` listed objects and looking
 * one further for has_more: a page costs its own length plus what the walk skips (deleted
 * or filtered-out objects), never the whole collection. A cursor is located by its own
 * position in the collection, so it works even when the cursor object itself is filtered
 * out, as with Stripe's (created, id) cursors.
 */
function paginate(
  listing: Listing,
  listed: (stored: StoredObject) => boolean,
  query: ParsedQuery,
  limit: number,
  locate: (id: string, param: string) => number,
): { items: StoredObject[]; hasMore: boolean } {
  const startingAfter = single(query, 'starting_after');
  const endingBefore = single(query, 'ending_before');
  if (startingAfter !== undefined && endingBefore !== undefined) throw onlyOneOf(['starting_after', 'ending_before']);
  if (endingBefore !== undefined) {
    // The `limit` listed objects just newer than the cursor, still newest first.
    const newer = walk(listing.items, locate(endingBefore, 'ending_before') - 1, -1, listed, limit + 1);
    return { items: newer.slice(0, limit).reverse(), hasMore: newer.length > limit };
  }
  const from = startingAfter === undefined ? 0 : locate(startingAfter, 'starting_after') + 1;
  const older = walk(listing.items, from, 1, listed, limit + 1);
  return { items: older.slice(0, limit), hasMore: older.length > limit };
}

/** Up to `count` listed objects met walking from `start` in `step` (1 older, -1 newer). */
function walk(
  items: readonly StoredObject[],
  start: number,
  step: 1 | -1,
  listed: (stored: StoredObject) => boolean,
  count: number,
): StoredObject[] {
  const found: StoredObject[] = [];
  for (let i = start; i >= 0 && i < items.length && found.length < count; i += step) {
    const stored = items[i]!;
    if (listed(stored)) found.push(stored);
  }
  return found;
}

/** Unverified: Stripe's answer to an unknown cursor is modelled as a 400 resource_missing naming the cursor. */
function cursor(listing: Listing, collection: CollectionName, id: string, param: string): number {
  const position = listing.positions.get(id);
  if (position === undefined) throw resourceMissing(specForCollection(collection).noun, id, param, { status: 400 });
  return position;
}

// ---------------------------------------------------------------- filters

/** Exact match against a reference or scalar field (`customer=cus_1`). */
function equals(param: string, ...paths: string[]): Filter {
  return {
    param,
    build(query) {
      const wanted = single(query, param);
      if (wanted === undefined) return undefined;
      return (item) => paths.some((path) => refId(getPath(item, path)) === wanted);
    },
  };
}

/** Stripe's `code` filter is case-insensitive (PromotionCodeListParams.code). */
function caseInsensitive(param: string, path: string): Filter {
  return {
    param,
    build(query) {
      const wanted = single(query, param)?.toLowerCase();
      if (wanted === undefined) return undefined;
      return (item) => String(getPath(item, path)).toLowerCase() === wanted;
    },
  };
}

function boolean(param: string, path: string): Filter {
  return {
    param,
    build(query) {
      const raw = single(query, param);
      if (raw === undefined) return undefined;
      if (raw !== 'true' && raw !== 'false') throw invalidBoolean(param, raw);
      return (item) => getPath(item, path) === (raw === 'true');
    },
  };
}

/**
 * An enum filter. `special` values select several states (subscription
 * `status=all`/`ended`); `whenAbsent` is the filter Stripe applies when the
 * parameter is not sent.
 */
function oneOf(
  param: string,
  path: string,
  values: readonly string[],
  options: { special?: Readonly<Record<string, Predicate>>; whenAbsent?: Predicate } = {},
): Filter {
  const special = options.special ?? {};
  return {
    param,
    build(query) {
      const raw = single(query, param);
      if (raw === undefined) return options.whenAbsent;
      const specialPredicate = special[raw];
      if (specialPredicate !== undefined) return specialPredicate;
      if (!values.includes(raw)) throw invalidEnum(param, raw, [...values, ...Object.keys(special)]);
      return (item) => getPath(item, path) === raw;
    },
  };
}

const RANGE_OPERATORS: Readonly<Record<string, (value: number, bound: number) => boolean>> = {
  gt: (value, bound) => value > bound,
  gte: (value, bound) => value >= bound,
  lt: (value, bound) => value < bound,
  lte: (value, bound) => value <= bound,
};

/** `created=123` or `created[gt]=…`, `[gte]`, `[lt]`, `[lte]`. */
function timestampRange(param: string): Filter {
  return {
    param,
    build(query) {
      const checks: Predicate[] = [];
      for (const key of Object.keys(query.flat)) {
        if (key !== param && !key.startsWith(`${param}[`)) continue;
        const operator = key === param ? 'eq' : key.slice(param.length + 1, -1);
        const raw = single(query, key) ?? '';
        if (!/^\d+$/.test(raw)) throw invalidInteger(key, raw);
        const bound = Number(raw);
        const compare = operator === 'eq' ? (value: number) => value === bound : RANGE_OPERATORS[operator];
        if (compare === undefined) throw unknownParameter(key);
        checks.push((item) => typeof item[param] === 'number' && compare(item[param], bound));
      }
      return checks.length === 0 ? undefined : (item) => checks.every((check) => check(item));
    },
  };
}

/**
 * The event type filters (EventListParams): `type`, one name or a group with `*` as a wildcard
 * ("A string containing a specific event name, or group of events using * as a wildcard"), or
 * `types`, "An array of up to 20 strings containing specific event names … You may pass either
 * `type` or `types`, but not both." The wording of the refusals is unverified.
 */
const eventType: Filter = {
  param: 'type',
  build(query) {
    const raw = single(query, 'type');
    if (raw === undefined) return undefined;
    if (Object.keys(query.flat).some((key) => key === 'types' || key.startsWith('types[')))
      throw onlyOneOf(['type', 'types']);
    const pattern = new RegExp(`^${raw.split('*').map(escapeRegExp).join('.*')}$`);
    return (item) => typeof item.type === 'string' && pattern.test(item.type);
  },
};

const eventTypes: Filter = {
  param: 'types',
  build(query) {
    const names = Object.entries(query.flat)
      .filter(([key]) => key === 'types' || key.startsWith('types['))
      .flatMap(([, value]) => (Array.isArray(value) ? value : [value]));
    if (names.length === 0) return undefined;
    if (names.length > 20) throw invalidEnum('types', String(names.length), ['at most 20 event types']);
    const wanted = new Set(names);
    return (item) => typeof item.type === 'string' && wanted.has(item.type);
  },
};

const escapeRegExp = (text: string): string => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

// ---------------------------------------------------------------- endpoints

const INVOICE_STATUSES = ['draft', 'open', 'paid', 'uncollectible', 'void'];
const SUBSCRIPTION_STATUSES = [
  'active',
  'canceled',
  'incomplete',
  'incomplete_expired',
  'past_due',
  'paused',
  'trialing',
  'unpaid',
];
const COLLECTION_METHODS = ['charge_automatically', 'send_invoice'];

/** Filters per endpoint, as in stripe-node's *ListParams types (API 2026-10-28). */
export const LIST_ENDPOINTS: Readonly<Partial<Record<CollectionName, ListEndpoint>>> = {
  promotionCodes: {
    collection: 'promotionCodes',
    url: '/v1/promotion_codes',
    filters: [
      boolean('active', 'active'),
      caseInsensitive('code', 'code'),
      equals('coupon', 'promotion.coupon', 'coupon'),
      equals('customer', 'customer'),
      equals('customer_account', 'customer_account'),
      timestampRange('created'),
    ],
  },
  coupons: { collection: 'coupons', url: '/v1/coupons', filters: [timestampRange('created')] },
  customers: {
    collection: 'customers',
    url: '/v1/customers',
    // Stripe documents the email filter as case-sensitive.
    filters: [equals('email', 'email'), equals('test_clock', 'test_clock'), timestampRange('created')],
  },
  charges: {
    collection: 'charges',
    url: '/v1/charges',
    filters: [
      equals('customer', 'customer'),
      equals('payment_intent', 'payment_intent'),
      equals('transfer_group', 'transfer_group'),
      timestampRange('created'),
    ],
  },
  paymentIntents: {
    collection: 'paymentIntents',
    url: '/v1/payment_intents',
    filters: [
      equals('customer', 'customer'),
      equals('customer_account', 'customer_account'),
      timestampRange('created'),
    ],
  },
  invoices: {
    collection: 'invoices',
    url: '/v1/invoices',
    filters: [
      equals('customer', 'customer'),
      equals('customer_account', 'customer_account'),
      oneOf('status', 'status', INVOICE_STATUSES),
      oneOf('collection_method', 'collection_method', COLLECTION_METHODS),
      equals('subscription', 'parent.subscription_details.subscription', 'subscription'),
      timestampRange('created'),
      timestampRange('due_date'),
    ],
  },
  events: {
    collection: 'events',
    url: '/v1/events',
    filters: [eventType, eventTypes, boolean('delivery_success', 'delivery_success'), timestampRange('created')],
  },
  subscriptions: {
    collection: 'subscriptions',
    url: '/v1/subscriptions',
    filters: [
      equals('customer', 'customer'),
      equals('customer_account', 'customer_account'),
      // "If no value is supplied, all subscriptions that have not been canceled are returned.
      //  Pass `ended` to find subscriptions that are canceled and subscriptions that are expired
      //  due to incomplete payment." (SubscriptionListParams.status)
      oneOf('status', 'status', SUBSCRIPTION_STATUSES, {
        special: {
          all: () => true,
          ended: (item) => item.status === 'canceled' || item.status === 'incomplete_expired',
        },
        whenAbsent: (item) => item.status !== 'canceled',
      }),
      oneOf('collection_method', 'collection_method', COLLECTION_METHODS),
      equals('test_clock', 'test_clock'),
      timestampRange('created'),
    ],
  },
};
