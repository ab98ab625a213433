/**
 * The account's recent events (`GET /v1/events`), read by `--history` to say when a promotion
 * code was deactivated, a coupon deleted or a discount removed, and by whom.
 *
 * Stripe keeps events for 30 days: "List events, going back up to 30 days" (stripe-node 23
 * types/Events.d.ts, EventResource.list; https://docs.stripe.com/api/events: "You can access
 * events through the Retrieve Event API for 30 days"). Confidence: high (documented).
 */
import { isoTime } from '../format/time.js';
import { Fields, isObject, type JsonObject } from './read.js';
import type { Id, IsoTime } from './types.js';

/** The event types that record what ends a code, a coupon or a discount. */
export const HISTORY_EVENT_TYPES = [
  'promotion_code.updated',
  'coupon.updated',
  'coupon.deleted',
  'customer.discount.deleted',
  'customer.discount.updated',
] as const;

export type HistoryEventType = (typeof HISTORY_EVENT_TYPES)[number];

/** How long Stripe keeps events: 30 days (see the module comment). */
export const EVENT_RETENTION_SECONDS = 30 * 86_400;

/**
 * Who caused an event, as far as the event says.
 * - `automatic`: `request.id` is null: "If null, the event was automatic (e.g., Stripe's automatic
 *   subscription handling)" (stripe-node types/Events.d.ts, Event.Request.id). Documented.
 * - `api`: a request whose idempotency key is the one stripe-node generates for its retries
 *   (`stripe-node-retry-<uuid>`, stripe-node src/RequestSender.ts `_defaultIdempotencyKey`): an
 *   integration's API call. Certain for that prefix; other SDKs' keys are not recognised.
 * - `dashboard_or_api`: any other request. A v1 event does not tell the Dashboard from the API:
 *   a change in the Dashboard is itself an API request that logs events
 *   (https://docs.stripe.com/development/dashboard/events, "How events are logged"), and only the
 *   request log (https://dashboard.stripe.com/logs/<request id>) shows its source. Documented.
 */
export type EventActor = 'automatic' | 'api' | 'dashboard_or_api';

/** What the event says happened to its object. */
export type EventChange = 'deactivated' | 'reactivated' | 'updated' | 'deleted' | 'removed' | 'switched';

export interface HistoryEvent {
  readonly id: Id;
  readonly type: HistoryEventType;
  readonly created: number;
  readonly created_iso: IsoTime;
  /** The id of `data.object`: the promotion code, coupon or discount. */
  readonly object_id: Id;
  readonly change: EventChange;
  /** For a discount: its customer, subscription and coupon; for a promotion code: its coupon. */
  readonly customer: Id | null;
  readonly subscription: Id | null;
  readonly coupon: Id | null;
  /** For a discount: its `start` and `end` (set for a repeating coupon). */
  readonly discount_start: number | null;
  readonly discount_end: number | null;
  readonly actor: EventActor;
  readonly request_id: string | null;
  readonly idempotency_key: string | null;
}

/** The events read for `--history` and the window they cover. */
export interface EventHistory {
  /** The oldest moment Stripe still keeps events for (the read time minus 30 days). */
  readonly since: number;
  readonly since_iso: IsoTime;
  /** When the events were read. */
  readonly until: number;
  readonly until_iso: IsoTime;
  /** False when the pages read (at most 2) did not reach `since`: older events of the window were not read. */
  readonly complete: boolean;
  /** The events about the object asked about, newest first. */
  readonly events: readonly HistoryEvent[];
}

const TYPES: ReadonlySet<string> = new Set(HISTORY_EVENT_TYPES);

/** Who caused the event, from its `request` (an object since API 2017-05-25, an id string before). */
export function actorOf(request: unknown): {
  actor: EventActor;
  request_id: string | null;
  idempotency_key: string | null;
} {
  const id = typeof request === 'string' ? request : isObject(request) ? request.id : null;
  const key = isObject(request) && typeof request.idempotency_key === 'string' ? request.idempotency_key : null;
  if (typeof id !== 'string' || id === '') return { actor: 'automatic', request_id: null, idempotency_key: key };
  return {
    actor: key?.startsWith('stripe-node-retry-') ? 'api' : 'dashboard_or_api',
    request_id: id,
    idempotency_key: key,
  };
}

const timeOf = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

const idOf = (value: unknown): Id | null =>
  typeof value === 'string' && value !== '' ? value : isObject(value) && typeof value.id === 'string' ? value.id : null;

/** One event, or null when it is of another type or lacks what the history needs. */
export function normalizeEvent(raw: JsonObject): HistoryEvent | null {
  const type = raw.type;
  if (typeof type !== 'string' || !TYPES.has(type)) return null;
  const f = new Fields(raw, 'event');
  const id = f.id('id');
  const created = f.timestamp('created');
  const data = f.object('data');
  const object = data && isObject(data.object) ? data.object : null;
  if (created === null || object === null || typeof object.id !== 'string') return null;
  const previous = data && isObject(data.previous_attributes) ? data.previous_attributes : {};
  // A discount's coupon sits under `source` since API 2025-09-30, at the top before.
  const source = isObject(object.source) ? object.source : null;
  const promotion = isObject(object.promotion) ? object.promotion : null;
  const coupon =
    type === 'coupon.updated' || type === 'coupon.deleted'
      ? object.id
      : idOf(source ? source.coupon : promotion ? promotion.coupon : object.coupon);
  const isDiscount = type.startsWith('customer.discount');
  return {
    id,
    type: type as HistoryEventType,
    created,
    created_iso: isoTime(created),
    object_id: object.id,
    change: changeOf(type as HistoryEventType, object, previous),
    customer: type.startsWith('customer.discount') ? idOf(object.customer) : null,
    subscription: type.startsWith('customer.discount') ? idOf(object.subscription) : null,
    coupon,
    discount_start: isDiscount ? timeOf(object.start) : null,
    discount_end: isDiscount ? timeOf(object.end) : null,
    ...actorOf(raw.request),
  };
}

function changeOf(type: HistoryEventType, object: JsonObject, previous: JsonObject): EventChange {
  switch (type) {
    case 'promotion_code.updated':
      if (previous.active === true && object.active === false) return 'deactivated';
      if (previous.active === false && object.active === true) return 'reactivated';
      return 'updated';
    case 'coupon.updated':
      return 'updated';
    case 'coupon.deleted':
      return 'deleted';
    case 'customer.discount.deleted':
      return 'removed';
    case 'customer.discount.updated':
      // "Occurs whenever a customer is switched from one coupon to another." (Events.d.ts)
      return 'switched';
  }
}

/** What a history is about: events concerning any of these ids are kept. */
export interface HistorySubject {
  readonly promotion_codes?: readonly Id[];
  readonly coupons?: readonly Id[];
  readonly customer?: Id | null;
}

/** The events of the pages read that concern the subject, newest first. */
export function eventsAbout(raw: readonly JsonObject[], subject: HistorySubject): HistoryEvent[] {
  const codes = new Set(subject.promotion_codes ?? []);
  const coupons = new Set(subject.coupons ?? []);
  return raw
    .map(normalizeEvent)
    .filter((e): e is HistoryEvent => e !== null)
    .filter((e) => {
      if (e.type === 'promotion_code.updated') return codes.has(e.object_id);
      if (e.type === 'coupon.updated' || e.type === 'coupon.deleted') return coupons.has(e.object_id);
      return subject.customer != null && e.customer === subject.customer;
    })
    .sort((a, b) => b.created - a.created);
}

/** The history of a read at `until` that covered `complete`ly the 30 days Stripe keeps, or not. */
export function eventHistory(events: readonly HistoryEvent[], until: number, complete: boolean): EventHistory {
  const since = until - EVENT_RETENTION_SECONDS;
  return { since, since_iso: isoTime(since), until, until_iso: isoTime(until), complete, events };
}
