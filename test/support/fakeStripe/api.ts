/**
 * The read-only Stripe API the fake serves, once the caller is authenticated:
 * `GET /v1/<resource>` (list) and `GET /v1/<resource>/<id>` (retrieve).
 */
import { authorizeRead, type Caller } from './auth.js';
import { createPreview, listPortalConfigurations, type PreviewOverride } from './billing.js';
import { resourceMissing, unrecognizedUrl, writeRefused } from './errors.js';
import { expandList, expandObject, present, type ExpandContext } from './expand.js';
import { clone, type Json } from './json.js';
import { LIST_ENDPOINTS, rejectUnknownParameters, selectPage } from './lists.js';
import type { ParsedQuery } from './query.js';
import { specForCollection, type CollectionName } from './schema.js';
import type { Store } from './store.js';

export interface ApiRequest {
  method: string;
  pathname: string;
  query: ParsedQuery;
  /** Form fields of a POST body (application/x-www-form-urlencoded, as stripe-node sends). */
  form?: ReadonlyMap<string, string>;
}

export interface ApiEnvironment {
  store: Store;
  accountId: string;
  /** billing_portal.configuration objects (GET /v1/billing_portal/configurations). */
  portalConfigurations?: readonly Json[];
  /** How POST /v1/invoices/create_preview answers when the scenario stages it. */
  previewOverride?: PreviewOverride;
}

const RESOURCES: Readonly<Record<string, CollectionName>> = {
  promotion_codes: 'promotionCodes',
  coupons: 'coupons',
  customers: 'customers',
  charges: 'charges',
  payment_intents: 'paymentIntents',
  invoices: 'invoices',
  subscriptions: 'subscriptions',
  prices: 'prices',
  'checkout/sessions': 'checkoutSessions',
  payment_links: 'paymentLinks',
  subscription_schedules: 'subscriptionSchedules',
  events: 'events',
};

interface Route {
  collection: CollectionName;
  id: string | undefined;
}

/** The JSON body of a successful answer; Stripe errors are thrown as StripeApiError. */
export function answer(request: ApiRequest, caller: Caller, environment: ApiEnvironment): Json {
  const billing = {
    store: environment.store,
    accountId: environment.accountId,
    portalConfigurations: environment.portalConfigurations ?? [],
    previewOverride: environment.previewOverride,
  };
  // The billing endpoints (test/support/fakeStripe/billing.ts): the portal's settings, and the
  // one POST the tool may send (--ask-stripe).
  if (request.method === 'GET' && request.pathname === '/v1/billing_portal/configurations')
    return listPortalConfigurations(request.query.flat, caller, billing);
  if (request.method === 'POST' && request.pathname === '/v1/invoices/create_preview')
    return createPreview(request.form ?? new Map(), caller, billing);
  const route = matchRoute(request.pathname);
  if (route === undefined) throw unrecognizedUrl(request.method, request.pathname);
  if (request.method !== 'GET') throw writeRefused(request.method, request.pathname);
  authorizeRead(caller, route.collection, environment.accountId);
  const context: ExpandContext = {
    store: environment.store,
    mode: caller.mode,
    authorizeRead: (collection) => authorizeRead(caller, collection, environment.accountId),
  };
  return route.id === undefined
    ? list(route.collection, request.query, context)
    : retrieve(route.collection, route.id, request.query, context);
}

function matchRoute(pathname: string): Route | undefined {
  const match = /^\/v1\/((?:checkout\/)?[a-z_]+)(?:\/([^/]+))?\/?$/.exec(pathname);
  const collection = match?.[1] === undefined ? undefined : RESOURCES[match[1]];
  if (match === null || collection === undefined) return undefined;
  return { collection, id: match[2] === undefined ? undefined : decodeURIComponent(match[2]) };
}

function retrieve(collection: CollectionName, id: string, query: ParsedQuery, context: ExpandContext): Json {
  rejectUnknownParameters(query, ['expand']);
  const spec = specForCollection(collection);
  const lookup = context.store.lookup(collection, id, context.mode);
  if (lookup.kind === 'other_mode')
    throw resourceMissing(spec.noun, id, spec.notFoundParam, { otherModeOf: context.mode });
  if (lookup.kind === 'missing') throw resourceMissing(spec.noun, id, spec.notFoundParam);
  if (lookup.object.deleted === true) {
    // Stripe still answers 200 for a deleted customer, with its `{id, object, deleted: true}` stub;
    // other deleted objects (coupons) are gone: 404.
    if (collection === 'customers') return clone(lookup.object);
    throw resourceMissing(spec.noun, id, spec.notFoundParam);
  }
  const body = present(lookup.object);
  expandObject(body, query.expand, context);
  return body;
}

function list(collection: CollectionName, query: ParsedQuery, context: ExpandContext): Json {
  const endpoint = LIST_ENDPOINTS[collection];
  if (endpoint === undefined) throw new Error(`fake-stripe: no list endpoint for ${collection}`);
  const { items, hasMore } = selectPage(endpoint, query, context.store, context.mode);
  const page: Json = { object: 'list', data: items.map(present), has_more: hasMore, url: endpoint.url };
  expandList(page, specForCollection(collection).objectType, query.expand, context);
  return page;
}
